from django.urls import path

from . import tweestap_views, views

urlpatterns = [
    path("aanmelden/oidc", views.oidc_start, name="oidc-start"),
    path("aanmelden/oidc/terug", views.oidc_callback, name="oidc-terug"),
    path("aanmelden/tweestap", tweestap_views.tweestap, name="tweestap"),
    path(
        "aanmelden/tweestap/instellen",
        tweestap_views.tweestap_instellen,
        name="tweestap-instellen",
    ),
    path(
        "aanmelden/passkey/registratie/opties",
        tweestap_views.passkey_registratie_opties,
        name="passkey-registratie-opties",
    ),
    path(
        "aanmelden/passkey/registratie",
        tweestap_views.passkey_registratie,
        name="passkey-registratie",
    ),
    path(
        "aanmelden/passkey/controle/opties",
        tweestap_views.passkey_controle_opties,
        name="passkey-controle-opties",
    ),
    path("aanmelden/passkey/controle", tweestap_views.passkey_controle, name="passkey-controle"),
    path("aanmelden/herstelcodes", tweestap_views.herstelcodes, name="herstelcodes"),
    path("account/beveiliging", tweestap_views.beveiliging, name="beveiliging"),
    path(
        "beheer/gebruikers/<int:pk>/tweestap",
        tweestap_views.tweestap_beheer,
        name="tweestap-beheer",
    ),
]
