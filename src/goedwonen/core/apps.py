from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "goedwonen.core"
    label = "core"
    verbose_name = "Kern"
