from django.urls import path

from . import views_looplijsten as views

urlpatterns = [
    path("<int:pk>/looplijsten/", views.actie_looplijsten, name="actie-looplijsten"),
    path(
        "<int:pk>/looplijsten/maken/", views.actie_looplijsten_maken, name="actie-looplijsten-maken"
    ),
    path("<int:pk>/looplijsten/herplannen/", views.actie_herplannen, name="actie-herplannen"),
    path("<int:pk>/teams/<int:team>/klaar/", views.actie_team_klaar, name="actie-team-klaar"),
    path("<int:pk>/teams/<int:team>/briefing/", views.actie_briefing, name="actie-briefing"),
    path(
        "<int:pk>/teams/<int:team>/briefing.pdf",
        views.actie_briefing_pdf,
        name="actie-briefing-pdf",
    ),
]
