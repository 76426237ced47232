from django.apps import AppConfig


class HandhavingConfig(AppConfig):
    name = "goedwonen.handhaving"
    verbose_name = "Handhaving"
