from django.apps import AppConfig


class HandhavingConfig(AppConfig):
    name = "goedwonen.handhaving"
    verbose_name = "Handhaving"

    def ready(self) -> None:
        from goedwonen.casussen.registries import (
            CasePageSection,
            case_destroyers,
            case_page_sections,
        )

        from .traject_services import trajecten_destroy
        from .traject_views import sectie_context

        case_page_sections.register(
            CasePageSection("handhaving/traject/_sectie.html", sectie_context)
        )
        case_destroyers.register(trajecten_destroy)
