from django.apps import AppConfig


class ParametersConfig(AppConfig):
    name = "goedwonen.parameters"
    verbose_name = "Inrichting: toetsparameters en de historie van wijzigingen"
