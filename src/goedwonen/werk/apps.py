from django.apps import AppConfig


class WerkConfig(AppConfig):
    name = "goedwonen.werk"
    verbose_name = "Werk: de startpagina per persoon"

    def ready(self) -> None:
        from goedwonen.core.registries import start_page_blocks
        from goedwonen.core.tasks import nightly_tasks

        from .selectors import BLOCKS
        from .tasks import notify_deadlines

        for block in BLOCKS:
            start_page_blocks.register(block)
        nightly_tasks.register(notify_deadlines)
