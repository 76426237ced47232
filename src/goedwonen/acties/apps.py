from django.apps import AppConfig


class ActiesConfig(AppConfig):
    name = "goedwonen.acties"
    verbose_name = "Integrale acties"

    def ready(self) -> None:
        from goedwonen.casussen.registries import case_destroyers
        from goedwonen.core.registries import demo_seeds, inspection_origins
        from goedwonen.core.tasks import nightly_tasks

        from .demo import acties_demo_seed
        from .services.bewaren import veldfotos_destroy
        from .tasks import apply_action_retention
        from .uitkomsten import visited_in_actions

        demo_seeds.register(acties_demo_seed)
        inspection_origins.register(visited_in_actions)
        case_destroyers.register(veldfotos_destroy)
        nightly_tasks.register(apply_action_retention)
