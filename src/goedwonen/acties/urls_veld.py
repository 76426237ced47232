from django.urls import path

from . import views_veld as views

urlpatterns = [
    path("<int:pk>/teams/<int:team>/veld/", views.actie_veld, name="actie-veld"),
    path(
        "<int:pk>/teams/<int:team>/veld/registraties/",
        views.actie_veld_registratie,
        name="actie-veld-registratie",
    ),
    path(
        "<int:pk>/teams/<int:team>/veld/<int:adres>/",
        views.actie_veld_adres,
        name="actie-veld-adres",
    ),
    path(
        "<int:pk>/teams/<int:team>/veld/<int:adres>/overslaan/",
        views.actie_veld_overslaan,
        name="actie-veld-overslaan",
    ),
]
