from django.urls import path

from . import views

urlpatterns = [
    path("", views.monitoring, name="verhuurders-monitoring"),
    path("monitoring.csv", views.monitoring_export, name="verhuurders-monitoring-export"),
    path("signaleringen", views.signaleringen_lijst, name="verhuurders-signaleringen"),
    path(
        "signaleringen/<int:pk>/afhandelen",
        views.signalering_afhandelen,
        name="verhuurders-signalering-afhandelen",
    ),
    path("stopgesprekkandidaten", views.kandidaten_lijst, name="verhuurders-kandidaten"),
    path(
        "stopgesprekkandidaten/<str:eigenaar_id>/niet-nu",
        views.kandidaat_niet_nu,
        name="verhuurders-kandidaat-niet-nu",
    ),
    path("eigenaren/<str:eigenaar_id>/uitnodigen", views.uitnodigen, name="verhuurders-uitnodigen"),
    path("gesprekken/<int:pk>", views.gesprek, name="verhuurders-gesprek"),
    path(
        "gesprekken/<int:pk>/vastleggen",
        views.gesprek_vastleggen,
        name="verhuurders-gesprek-vastleggen",
    ),
    path(
        "gesprekken/<int:pk>/afzeggen", views.gesprek_afzeggen, name="verhuurders-gesprek-afzeggen"
    ),
    path(
        "gesprekken/<int:pk>/uitnodiging",
        views.gesprek_uitnodiging,
        name="verhuurders-gesprek-uitnodiging",
    ),
]
