from django.apps import AppConfig


class InspectiesConfig(AppConfig):
    name = "goedwonen.inspecties"
    verbose_name = "Bezoeken en bevindingen"

    def ready(self) -> None:
        from goedwonen.casussen.registries import CasePageSection, case_page_sections

        from .views import sectie_context

        case_page_sections.register(CasePageSection("inspecties/_sectie.html", sectie_context))
