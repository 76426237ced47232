from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "goedwonen.intake"
    label = "intake"
    verbose_name = "Meldingen"
