from django.urls import path

from . import views

urlpatterns = [
    path("", views.notificaties, name="notificaties"),
    path("<int:pk>/gelezen", views.notificatie_gelezen, name="notificatie-gelezen"),
    path("alles-gelezen", views.notificaties_alles_gelezen, name="notificaties-alles-gelezen"),
    path("voorkeuren", views.notificatie_voorkeuren, name="notificatie-voorkeuren"),
]
