from django.apps import AppConfig


class AanmeldenConfig(AppConfig):
    name = "goedwonen.aanmelden"
    verbose_name = "Aanmelden"
