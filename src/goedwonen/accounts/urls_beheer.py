"""Routes of the administrator's screens for organisations, teams and roles."""

from django.urls import path

from . import views_beheer as views

urlpatterns = [
    path("beheer/organisaties/nieuw", views.organisatie_nieuw, name="organisatie-nieuw"),
    path("beheer/organisaties/<int:pk>", views.organisatie_detail, name="organisatie"),
    path(
        "beheer/organisaties/<int:pk>/wijzigen",
        views.organisatie_wijzigen,
        name="organisatie-wijzigen",
    ),
    path("beheer/teams/nieuw", views.team_nieuw, name="team-nieuw"),
    path("beheer/teams/<int:pk>", views.team_detail, name="team"),
    path("beheer/teams/<int:pk>/wijzigen", views.team_wijzigen, name="team-wijzigen"),
    path("beheer/rollen/nieuw", views.rol_nieuw, name="rol-nieuw"),
    path("beheer/rollen/<int:pk>", views.rol_detail, name="rol"),
    path("beheer/rollen/<int:pk>/wijzigen", views.rol_wijzigen, name="rol-wijzigen"),
    path(
        "beheer/rolaanvragen/bevoegdheden/<int:pk>/besluit",
        views.rolbevoegdheid_besluit,
        name="rolbevoegdheid-besluit",
    ),
]
