from django.apps import AppConfig


class VerhuurdersConfig(AppConfig):
    name = "goedwonen.verhuurders"
    verbose_name = "Verhuurders: gesprekken en monitoring"
