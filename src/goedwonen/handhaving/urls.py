"""Routes of the enforcement screens, under /handhaving (included by goedwonen.urls)."""

from django.urls import path

from . import traject_views, views_boete, views_catalogus

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
    # Enforcement procedures (traject_views).
    path(
        "casussen/<str:referentie>/traject-nieuw",
        traject_views.traject_nieuw_casus,
        name="traject-nieuw-casus",
    ),
    path(
        "meldingen/<int:pk>/traject-nieuw",
        traject_views.traject_nieuw_melding,
        name="traject-nieuw-melding",
    ),
    path("trajecten/<int:pk>", traject_views.traject_detail, name="traject"),
    path("trajecten/<int:pk>/stap", traject_views.traject_stap, name="traject-stap"),
    path(
        "trajecten/<int:pk>/stappen/<int:stap>/brief",
        traject_views.traject_brief,
        name="traject-brief",
    ),
    path(
        "trajecten/<int:pk>/stappen/<int:stap>/verzenden",
        traject_views.traject_brief_verzenden,
        name="traject-brief-verzenden",
    ),
    path(
        "trajecten/<int:pk>/rechtsmiddel",
        traject_views.traject_rechtsmiddel,
        name="traject-rechtsmiddel",
    ),
    path(
        "trajecten/<int:pk>/rechtsmiddelen/<int:rechtsmiddel>/beslissing",
        traject_views.traject_rechtsmiddel_beslissing,
        name="traject-rechtsmiddel-beslissing",
    ),
    path("trajecten/<int:pk>/afsluiten", traject_views.traject_afsluiten, name="traject-afsluiten"),
    path("werkvoorraad", traject_views.juridische_werkvoorraad, name="handhaving-werkvoorraad"),
]
