from django.apps import AppConfig


class CasussenConfig(AppConfig):
    name = "goedwonen.casussen"
    verbose_name = "Casusregie"

    def ready(self) -> None:
        from goedwonen.core.tasks import nightly_tasks

        from .tasks import destroy_expired_cases, remind_tasks

        nightly_tasks.register(remind_tasks)
        nightly_tasks.register(destroy_expired_cases)
