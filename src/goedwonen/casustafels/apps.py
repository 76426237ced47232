from django.apps import AppConfig


class CasustafelsConfig(AppConfig):
    name = "goedwonen.casustafels"
    verbose_name = "Casustafels"

    def ready(self) -> None:
        from goedwonen.core.registries import demo_seeds

        from .demo import casustafels_demo_seed

        demo_seeds.register(casustafels_demo_seed)
