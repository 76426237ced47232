from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "goedwonen.rapportage"
    verbose_name = "Sturing en verantwoording"

    def ready(self) -> None:
        from goedwonen.casussen.registries import CasePageSection, case_page_sections
        from goedwonen.core.registries import demo_seeds
        from goedwonen.core.tasks import nightly_tasks

        from .demo import rapportage_demo_seed
        from .demo_uitkomsten import uitkomsten_demo_seed
        from .tasks import standen_nachtelijk
        from .views_uitkomsten import sectie_context

        # Outcomes: a block of the case page.
        case_page_sections.register(
            CasePageSection("rapportage/_casus_uitkomsten.html", sectie_context)
        )
        # The demo: this year's cases in the focus areas, and a few outcomes.
        demo_seeds.register(rapportage_demo_seed)
        demo_seeds.register(uitkomsten_demo_seed)
        # The dashboard's figures of the running year, renewed for the morning.
        nightly_tasks.register(standen_nachtelijk)
