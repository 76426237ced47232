"""Routes of the enforcement screens, under /handhaving (included by goedwonen.urls)."""

from django.urls import path

from . import views_boete, views_catalogus

urlpatterns = [
    path("instrumenten", views_catalogus.catalogus_lijst, name="handhaving-catalogus"),
    path(
        "instrumenten/<slug:code>",
        views_catalogus.instrument_detail,
        name="handhaving-instrument",
    ),
    path(
        "instrumenten/<slug:code>/nieuwe-versie",
        views_catalogus.instrumentversie_nieuw,
        name="handhaving-instrumentversie-nieuw",
    ),
    path("boetebeleid", views_boete.boetebeleid, name="handhaving-boetebeleid"),
    path(
        "boetebeleid/nieuwe-versie",
        views_boete.boetebeleid_nieuw,
        name="handhaving-boetebeleid-nieuw",
    ),
]
