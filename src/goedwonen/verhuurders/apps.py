from django.apps import AppConfig


class VerhuurdersConfig(AppConfig):
    name = "goedwonen.verhuurders"
    verbose_name = "Verhuurders: gesprekken en monitoring"

    def ready(self) -> None:
        from goedwonen.casussen.registries import (
            CasePageSection,
            case_destroyers,
            case_page_sections,
        )
        from goedwonen.core.registries import dwelling_events, imports_finished
        from goedwonen.core.tasks import nightly_tasks

        from .services.signaleringen import case_links_remove, dwelling_event
        from .tasks import after_import, alert_imported_violations
        from .views import sectie_context

        dwelling_events.register(dwelling_event)
        case_destroyers.register(case_links_remove)
        imports_finished.register(after_import)
        nightly_tasks.register(alert_imported_violations)
        case_page_sections.register(
            CasePageSection("verhuurders/_casus_sectie.html", sectie_context)
        )
