from django.urls import path

from . import views_nabespreking

urlpatterns: list = [
    path(
        "<int:pk>/nabespreking/",
        views_nabespreking.actie_nabespreking,
        name="actie-nabespreking",
    ),
    path(
        "<int:pk>/adressen/<int:adres>/opvolging/",
        views_nabespreking.actie_adres_opvolging,
        name="actie-adres-opvolging",
    ),
    path("<int:pk>/afronden/", views_nabespreking.actie_afronden_view, name="actie-afronden"),
    path("<int:pk>/rapport/", views_nabespreking.actie_rapport, name="actie-rapport"),
    path("<int:pk>/fotos/<int:foto>/", views_nabespreking.actie_veldfoto, name="actie-veldfoto"),
    path("<int:pk>/rapport.pdf", views_nabespreking.actie_rapport_pdf, name="actie-rapport-pdf"),
]
