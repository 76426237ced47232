from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "goedwonen.documenten"
    verbose_name = "Documenten en brieven"

    def ready(self) -> None:
        from goedwonen.casussen.registries import (
            CasePageSection,
            case_destroyers,
            case_page_sections,
        )

        from .services import documenten_destroy
        from .views import sectie_context

        case_page_sections.register(CasePageSection("documenten/_sectie.html", sectie_context))
        case_destroyers.register(documenten_destroy)
