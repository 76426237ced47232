from django.apps import AppConfig


class ActiesConfig(AppConfig):
    name = "goedwonen.acties"
    verbose_name = "Integrale acties"

    def ready(self) -> None:
        from goedwonen.core.registries import demo_seeds, inspection_origins

        from .demo import acties_demo_seed
        from .uitkomsten import visited_in_actions

        demo_seeds.register(acties_demo_seed)
        inspection_origins.register(visited_in_actions)
