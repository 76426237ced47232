from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "goedwonen.registry"
    label = "registry"
    verbose_name = "Register"

    def ready(self) -> None:
        from goedwonen.core.tasks import worker_startup

        from .importer.interrupted import leveringen_interrupted_close

        worker_startup.register(leveringen_interrupted_close)  # imports whose process is gone
