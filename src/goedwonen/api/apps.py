from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "goedwonen.api"
    label = "api"
    verbose_name = "API"
