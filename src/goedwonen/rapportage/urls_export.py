from django.urls import path

from . import views_export

urlpatterns = [
    path("export/", views_export.export, name="sturing-export"),
    path("analyse-export/", views_export.analyse, name="sturing-analyse-export"),
]
