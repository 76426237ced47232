from django.urls import path

from . import views_rapporten

urlpatterns = [
    path("rapporten/", views_rapporten.rapporten, name="sturing-rapporten"),
    path("rapporten/<str:soort>/<int:jaar>/", views_rapporten.rapport, name="sturing-rapport"),
    path(
        "rapporten/<str:soort>/<int:jaar>.pdf",
        views_rapporten.rapport_pdf,
        name="sturing-rapport-pdf",
    ),
    path(
        "rapporten/<str:soort>/<int:jaar>/vaststellen/",
        views_rapporten.rapport_vaststellen_view,
        name="sturing-rapport-vaststellen",
    ),
    path(
        "rapporten/vastgesteld/<int:pk>/pdf",
        views_rapporten.vastgesteld_pdf,
        name="sturing-vastgesteld-pdf",
    ),
    path(
        "rapporten/<str:soort>/<int:jaar>/toelichting/",
        views_rapporten.toelichting,
        name="sturing-toelichting",
    ),
]
