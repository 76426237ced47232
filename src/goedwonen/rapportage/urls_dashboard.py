from django.urls import path

from . import views_dashboard

urlpatterns = [
    path("", views_dashboard.dashboard, name="sturing"),
    path("stand", views_dashboard.stand_status, name="sturing-stand"),
]
