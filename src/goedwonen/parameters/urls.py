"""Routes of the check parameters, under /beheer (included by goedwonen.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("parameters", views.parameters, name="parameters"),
    path("parameters/<slug:code>", views.parameter, name="parameter"),
]
