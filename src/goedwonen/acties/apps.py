from django.apps import AppConfig


class ActiesConfig(AppConfig):
    name = "goedwonen.acties"
    verbose_name = "Integrale acties"
