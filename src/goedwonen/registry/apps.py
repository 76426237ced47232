from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "goedwonen.registry"
    label = "registry"
    verbose_name = "Register"
