from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "goedwonen.rapportage"
    verbose_name = "Sturing en verantwoording"
