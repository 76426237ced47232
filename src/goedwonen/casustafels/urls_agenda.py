from django.urls import path

from . import views_agenda as views

urlpatterns = [
    path("vergaderingen/<int:pk>/agenda", views.vergadering_agenda, name="vergadering-agenda"),
    path(
        "vergaderingen/<int:pk>/agenda.csv",
        views.vergadering_agenda_export,
        name="vergadering-agenda-export",
    ),
    path(
        "vergaderingen/<int:pk>/inbrengen",
        views.agendapunt_inbrengen_view,
        name="agendapunt-inbrengen",
    ),
    path(
        "agendapunten/<int:pk>/besluiten",
        views.agendapunt_besluiten_view,
        name="agendapunt-besluiten",
    ),
]
