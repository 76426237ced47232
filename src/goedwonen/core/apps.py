from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "goedwonen.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from . import network  # noqa: F401 - registers its system check
