from django.urls import path

from . import views_tafels as views

urlpatterns = [
    path("", views.casustafel_list, name="casustafels"),
    path("nieuw", views.casustafel_nieuw, name="casustafel-nieuw"),
    path("<int:pk>", views.casustafel_detail, name="casustafel"),
    path("<int:pk>/wijzigen", views.casustafel_wijzigen, name="casustafel-wijzigen"),
    path("<int:pk>/leden/nieuw", views.tafellid_toevoegen, name="casustafel-lid-toevoegen"),
    path(
        "<int:pk>/leden/<int:lid>/beeindigen",
        views.tafellid_beeindigen,
        name="casustafel-lid-beeindigen",
    ),
    path("<int:pk>/plannen", views.casustafel_plannen, name="casustafel-plannen"),
    path("<int:pk>/opvolging", views.casustafel_opvolging, name="casustafel-opvolging"),
    path(
        "vergaderingen/<int:pk>/verplaatsen",
        views.vergadering_verplaatsen,
        name="vergadering-verplaatsen",
    ),
    path(
        "vergaderingen/<int:pk>/annuleren",
        views.vergadering_annuleren,
        name="vergadering-annuleren",
    ),
]
