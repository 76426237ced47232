from django.urls import path

from . import views_doelen, views_lijst

urlpatterns = [
    path("doelen/", views_doelen.doelen_lijst, name="sturing-doelen"),
    path("doelen/<str:code>/", views_doelen.doel, name="sturing-doel"),
    path("doelen/<str:code>/wijzigen/", views_doelen.doel_wijzigen, name="sturing-doel-wijzigen"),
    path("lijst/<str:maat>/", views_lijst.lijst, name="sturing-lijst"),
]
