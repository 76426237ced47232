from django.urls import path

from . import views_notulen

urlpatterns: list = [
    path(
        "vergaderingen/<int:pk>/notulen",
        views_notulen.vergadering_notulen,
        name="vergadering-notulen",
    ),
    path(
        "vergaderingen/<int:pk>/notulen.pdf",
        views_notulen.vergadering_notulen_pdf,
        name="vergadering-notulen-pdf",
    ),
    path(
        "vergaderingen/<int:pk>/notulen/vaststellen",
        views_notulen.vergadering_notulen_vaststellen,
        name="vergadering-notulen-vaststellen",
    ),
]
