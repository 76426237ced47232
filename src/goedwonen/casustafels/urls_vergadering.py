from django.urls import path

from . import views_vergadering as views

urlpatterns = [
    path("vergaderingen/<int:pk>", views.vergadering, name="vergadering"),
    path(
        "vergaderingen/<int:pk>/aanwezigheid",
        views.vergadering_aanwezigheid,
        name="vergadering-aanwezigheid",
    ),
    path("vergaderingen/<int:pk>/signalen", views.vergadering_signaal, name="vergadering-signaal"),
    path(
        "vergaderingen/<int:pk>/afsluiten",
        views.vergadering_afsluiten_view,
        name="vergadering-afsluiten",
    ),
    path("agendapunten/<int:pk>/verslag", views.agendapunt_verslag_view, name="agendapunt-verslag"),
    path("agendapunten/<int:pk>/afspraken", views.agendapunt_afspraak, name="agendapunt-afspraak"),
    path("agendapunten/<int:pk>/delen", views.agendapunt_delen, name="agendapunt-delen"),
    path(
        "agendapunten/<int:pk>/doorschuiven",
        views.agendapunt_doorschuiven_view,
        name="agendapunt-doorschuiven",
    ),
    path(
        "agendapunten/<int:pk>/casus",
        views.agendapunt_casus_aanmaken_view,
        name="agendapunt-casus-aanmaken",
    ),
]
