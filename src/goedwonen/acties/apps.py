from django.apps import AppConfig


class ActiesConfig(AppConfig):
    name = "goedwonen.acties"
    verbose_name = "Integrale acties"

    def ready(self) -> None:
        from goedwonen.core.registries import inspection_origins

        from .uitkomsten import visited_in_actions

        inspection_origins.register(visited_in_actions)
