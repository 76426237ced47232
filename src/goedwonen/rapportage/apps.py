from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "goedwonen.rapportage"
    verbose_name = "Sturing en verantwoording"

    def ready(self) -> None:
        from goedwonen.core.registries import demo_seeds

        from .demo import rapportage_demo_seed

        demo_seeds.register(rapportage_demo_seed)
