"""The case tables' pages under /casustafels/: each part of the work its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("goedwonen.casustafels.urls_tafels")),
    path("", include("goedwonen.casustafels.urls_agenda")),
    path("", include("goedwonen.casustafels.urls_vergadering")),
    path("", include("goedwonen.casustafels.urls_notulen")),
]
