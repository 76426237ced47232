from django.apps import AppConfig


class ActiesConfig(AppConfig):
    name = "goedwonen.acties"
    verbose_name = "Integrale acties"

    def ready(self) -> None:
        from goedwonen.core.registries import demo_seeds

        from .demo import acties_demo_seed

        demo_seeds.register(acties_demo_seed)
