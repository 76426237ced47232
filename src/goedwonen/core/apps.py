from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "goedwonen.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from . import log_guard  # noqa: F401 - registers its deploy check
