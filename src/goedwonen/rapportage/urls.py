"""Steering and account under /sturing/: each part of the work its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("goedwonen.rapportage.urls_dashboard")),
    path("", include("goedwonen.rapportage.urls_doelen")),
    path("", include("goedwonen.rapportage.urls_export")),
    path("", include("goedwonen.rapportage.urls_rapporten")),
]
