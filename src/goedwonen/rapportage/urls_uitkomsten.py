"""Outcomes in a case, under /casussen/<referentie>/uitkomsten (goedwonen/urls.py)."""

from django.urls import path

from . import views_uitkomsten

urlpatterns = [
    path("", views_uitkomsten.uitkomst_vastleggen, name="uitkomst-vastleggen"),
    path("/<int:pk>/corrigeren", views_uitkomsten.uitkomst_corrigeren, name="uitkomst-corrigeren"),
]
