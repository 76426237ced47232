from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "goedwonen.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # Registers the OpenAPI extension that documents our token authentication.
        from . import schema  # noqa: F401
