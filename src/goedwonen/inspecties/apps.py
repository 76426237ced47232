from django.apps import AppConfig


class InspectiesConfig(AppConfig):
    name = "goedwonen.inspecties"
    verbose_name = "Bezoeken en bevindingen"
