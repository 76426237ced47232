from django.urls import path

from . import traject_views

urlpatterns = [
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
