from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "goedwonen.analytics"
    verbose_name = "Analyse en risicoselectie"

    def ready(self) -> None:
        from goedwonen.core.tasks import nightly_tasks, worker_startup

        from .services import risicoruns_interrupted_close
        from .tasks import apply_analysis_retention

        nightly_tasks.register(apply_analysis_retention)
        worker_startup.register(risicoruns_interrupted_close)  # runs left computing
