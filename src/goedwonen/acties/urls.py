"""The integral actions' pages under /acties/: each part of the work its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("goedwonen.acties.urls_acties")),
    path("", include("goedwonen.acties.urls_looplijsten")),
    path("", include("goedwonen.acties.urls_veld")),
    path("", include("goedwonen.acties.urls_nabespreking")),
]
