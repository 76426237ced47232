from django.apps import AppConfig


class CasussenConfig(AppConfig):
    name = "goedwonen.casussen"
    verbose_name = "Casusregie"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from goedwonen.core.registries import imports_finished
        from goedwonen.core.tasks import nightly_tasks

        from .models import Deling
        from .services.objects import casusobjecten_buurt_volgen
        from .tasks import destroy_expired_cases, remind_tasks

        nightly_tasks.register(remind_tasks)
        nightly_tasks.register(destroy_expired_cases)
        # A registry import that moved dwellings to another buurt moves their case objects.
        imports_finished.register(casusobjecten_buurt_volgen)
        # A sharing saved within a request: what the request kept of the running ones
        # (casussen.selectors.visible) is read again.
        post_save.connect(_forget, sender=Deling, dispatch_uid="deling-opgeslagen")
        post_delete.connect(_forget, sender=Deling, dispatch_uid="deling-verwijderd")


def _forget(**kwargs: object) -> None:
    from goedwonen.core.memo import request_memo_forget

    request_memo_forget()
