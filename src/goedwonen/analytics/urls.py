"""Routes of the analyst screens, all under /analyse (included by goedwonen.urls)."""

from django.urls import path

from .views import catalogus, runs, selecties

urlpatterns = [
    path("analyse", runs.analyse, name="analyse"),
    path("analyse/runs", runs.run_starten, name="run-starten"),
    path("analyse/runs/<int:pk>", runs.run_detail, name="analyse-run"),
    path("analyse/runs/<int:pk>/status", runs.run_status, name="analyse-run-status"),
    path("analyse/runs/<int:pk>/kaart", runs.run_kaart, name="analyse-kaart"),
    path("analyse/runs/<int:pk>/woningen/<str:object_id>", runs.run_woning, name="analyse-woning"),
    path(
        "analyse/runs/<int:pk>/selectie",
        selecties.selectie_samenstellen,
        name="selectie-samenstellen",
    ),
    path("analyse/runs/<int:pk>/voorstel", catalogus.run_voorstel, name="analyse-voorstel"),
    path(
        "analyse/runs/<int:pk>/voorstel/vaststellen",
        catalogus.run_voorstel_vaststellen,
        name="analyse-voorstel-vaststellen",
    ),
    path("analyse/catalogus", catalogus.catalogus, name="analyse-catalogus"),
    path(
        "analyse/catalogus/algoritmeregister",
        catalogus.algoritmeregister,
        name="analyse-algoritmeregister",
    ),
    path(
        "analyse/catalogus/algoritmeregister.json",
        catalogus.algoritmeregister_json,
        name="analyse-algoritmeregister-json",
    ),
    path("analyse/selecties", selecties.selecties, name="selecties"),
    path("analyse/selecties/<int:pk>", selecties.selectie_detail, name="selectie"),
    path(
        "analyse/selecties/<int:pk>/toevoegen",
        selecties.selectie_toevoegen,
        name="selectie-toevoegen",
    ),
    path(
        "analyse/selecties/<int:pk>/adressen/<int:adres>/verwijderen",
        selecties.selectie_verwijderen,
        name="selectie-verwijderen",
    ),
    path(
        "analyse/selecties/<int:pk>/indienen", selecties.selectie_indienen, name="selectie-indienen"
    ),
    path("analyse/selecties/<int:pk>/besluit", selecties.selectie_besluit, name="selectie-besluit"),
    path(
        "analyse/selecties/<int:pk>/export.csv", selecties.selectie_export, name="selectie-export"
    ),
    path(
        "analyse/selecties/<int:pk>/casussen", selecties.selectie_casussen, name="selectie-casussen"
    ),
]
