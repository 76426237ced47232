from django.apps import AppConfig


class CasustafelsConfig(AppConfig):
    name = "goedwonen.casustafels"
    verbose_name = "Casustafels"

    def ready(self) -> None:
        from goedwonen.core.registries import demo_seeds

        from .demo import casustafels_demo_seed

        demo_seeds.register(casustafels_demo_seed)
        from goedwonen.core.tasks import nightly_tasks

        from .tasks import propose_agenda_items

        nightly_tasks.register(propose_agenda_items)
