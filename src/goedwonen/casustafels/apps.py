from django.apps import AppConfig


class CasustafelsConfig(AppConfig):
    name = "goedwonen.casustafels"
    verbose_name = "Casustafels"

    def ready(self) -> None:
        from goedwonen.core.policy import Capability
        from goedwonen.core.registries import demo_seeds, start_page_blocks
        from goedwonen.core.tasks import nightly_tasks

        from .demo import casustafels_demo_seed
        from .selectors import tafel_start_block
        from .tasks import propose_agenda_items

        demo_seeds.register(casustafels_demo_seed)
        start_page_blocks.register((Capability.CASETABLE_TAKE_PART, tafel_start_block))
        nightly_tasks.register(propose_agenda_items)
