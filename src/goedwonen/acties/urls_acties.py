from django.urls import path

from . import views_acties as views

urlpatterns = [
    path("", views.actie_list, name="acties"),
    path("nieuw/", views.actie_nieuw, name="actie-nieuw"),
    path("uit-selectie/<int:selectie>/", views.actie_uit_selectie, name="actie-uit-selectie"),
    path("<int:pk>/", views.actie_detail, name="actie"),
    path("<int:pk>/wijzigen/", views.actie_wijzigen, name="actie-wijzigen"),
    path("<int:pk>/partners/nieuw/", views.partner_toevoegen, name="actie-partner-toevoegen"),
    path(
        "<int:pk>/partners/<int:partner>/verwijderen/",
        views.partner_verwijderen,
        name="actie-partner-verwijderen",
    ),
    path("<int:pk>/teams/nieuw/", views.team_nieuw, name="actie-team-nieuw"),
    path("<int:pk>/teams/<int:team>/wijzigen/", views.team_wijzigen, name="actie-team-wijzigen"),
    path("<int:pk>/adressen/nieuw/", views.adres_toevoegen, name="actie-adres-toevoegen"),
    path(
        "<int:pk>/adressen/<int:adres>/wijzigen/",
        views.adres_wijzigen,
        name="actie-adres-wijzigen",
    ),
    path("<int:pk>/plannen/", views.actie_plannen, name="actie-plannen"),
    path("<int:pk>/annuleren/", views.actie_annuleren, name="actie-annuleren"),
]
