"""Routes of the analyst screens, all under /analyse (included by goedwonen.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("analyse", views.analyse, name="analyse"),
    path("analyse/runs", views.run_starten, name="run-starten"),
    path("analyse/runs/<int:pk>", views.run_detail, name="analyse-run"),
    path("analyse/runs/<int:pk>/status", views.run_status, name="analyse-run-status"),
    path("analyse/runs/<int:pk>/kaart", views.run_kaart, name="analyse-kaart"),
    path("analyse/runs/<int:pk>/woningen/<str:object_id>", views.run_woning, name="analyse-woning"),
    path(
        "analyse/runs/<int:pk>/selectie", views.selectie_samenstellen, name="selectie-samenstellen"
    ),
    path("analyse/runs/<int:pk>/voorstel", views.run_voorstel, name="analyse-voorstel"),
    path(
        "analyse/runs/<int:pk>/voorstel/vaststellen",
        views.run_voorstel_vaststellen,
        name="analyse-voorstel-vaststellen",
    ),
    path("analyse/catalogus", views.catalogus, name="analyse-catalogus"),
    path(
        "analyse/catalogus/algoritmeregister",
        views.algoritmeregister,
        name="analyse-algoritmeregister",
    ),
    path(
        "analyse/catalogus/algoritmeregister.json",
        views.algoritmeregister_json,
        name="analyse-algoritmeregister-json",
    ),
    path("analyse/selecties", views.selecties, name="selecties"),
    path("analyse/selecties/<int:pk>", views.selectie_detail, name="selectie"),
    path(
        "analyse/selecties/<int:pk>/toevoegen", views.selectie_toevoegen, name="selectie-toevoegen"
    ),
    path(
        "analyse/selecties/<int:pk>/adressen/<int:adres>/verwijderen",
        views.selectie_verwijderen,
        name="selectie-verwijderen",
    ),
    path("analyse/selecties/<int:pk>/indienen", views.selectie_indienen, name="selectie-indienen"),
    path("analyse/selecties/<int:pk>/besluit", views.selectie_besluit, name="selectie-besluit"),
    path("analyse/selecties/<int:pk>/export.csv", views.selectie_export, name="selectie-export"),
    path("analyse/selecties/<int:pk>/casussen", views.selectie_casussen, name="selectie-casussen"),
]
