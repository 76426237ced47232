"""The blocks of a person's start page: the work waiting for them, with a count, in priority
order (overdue first), each item with one link to act on it. Each block is read through the
selectors of its app, so it shows what the actor may see and logs what those log; each is
shown only to holders of its capability (registered into `core.registries.start_page_blocks`
from `WerkConfig.ready`, where later features add theirs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from goedwonen.analytics.models import Selectiestatus
from goedwonen.analytics.selectors import selectie_list
from goedwonen.casussen import selectors as cases
from goedwonen.casussen.models import Casusstatus, Deling, Gebeurtenis
from goedwonen.core import display
from goedwonen.core.lists import begrensd_aantal, begrensd_tellen_samen, eerste_met_aantal
from goedwonen.core.policy import Capability, can
from goedwonen.core.processing_log import processing_log_record
from goedwonen.handhaving.werkvoorraad import werkvoorraad
from goedwonen.intake.selectors import melding_queue, meldingen_read
from goedwonen.verhuurders.selectors import signaleringen_open, signaleringen_read

from .models import LaatstBekeken

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.casussen.models import Casus, Taak

SHOWN = 8  # items per block; the block's link leads to the whole list
NEWLY_SHARED = timedelta(days=14)
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Werkitem:
    titel: str
    detail: str
    link: str
    actie: str  # the button's text: what one does there
    te_laat: bool = False


# A block counts what waits up to this many: "meer dan 100" says enough on a start page, and
# each count stops after a tenth of the rows a list's count reads (TELGRENS, ADR 0027).
BLOK_TELGRENS = 100


@dataclass(frozen=True)
class Werkblok:
    sleutel: str  # the block's id on the page
    titel: str
    aantal: int
    items: list[Werkitem]
    leeg: str  # what the block says when nothing waits
    meer_link: str = ""
    meer_label: str = ""
    # Whether the link names the count: not when the items are not what is counted (the
    # case tables' block counts items awaiting a decision and lists meetings and tables).
    meer_telt: bool = True
    template: str = "werk/_blok.html"
    extra: list[str] = field(default_factory=list)  # lines above the items (a summary)

    @property
    def aantal_tekst(self) -> str:
        return begrensd_aantal(self.aantal, BLOK_TELGRENS)


def _task_item(taak: Taak, today: date) -> Werkitem:
    late = taak.deadline < today
    return Werkitem(
        titel=taak.titel,
        detail=f"Casus {taak.casus.referentie} · deadline {display.datum(taak.deadline)}",
        link=reverse("casus", args=[taak.casus.referentie]) + "#taken-kop",
        actie="Naar de taak",
        te_laat=late,
    )


def _log_cases(actor: User, operation: str, shown: list[Casus]) -> None:
    """A line per case shown (once, however many of its tasks were)."""
    references = dict.fromkeys(c.referentie for c in shown)
    if references:
        processing_log_record(
            actor=actor,
            operation=operation,
            activity=cases.ACTIVITY,
            objects=[(f"casus:{r}", None) for r in references],
        )


def my_tasks(*, actor: User, today: date) -> Werkblok:
    """Open tasks for me or for my organisation with nobody named, overdue first (the
    list is by deadline)."""
    taken = cases.taak_list(actor=actor, filters=cases.TaakFilters(wachtrij="mijn"))
    shown, aantal = eerste_met_aantal(taken, SHOWN, BLOK_TELGRENS)
    _log_cases(actor, "Startpagina: mijn taken ingezien", [t.casus for t in shown])
    return Werkblok(
        sleutel="taken",
        titel="Mijn taken",
        aantal=aantal,
        items=[_task_item(t, today) for t in shown],
        leeg="U heeft geen open taken.",
        meer_link=reverse("taken") + "?wachtrij=mijn",
        meer_label="Alle taken",
    )


def my_triage(*, actor: User, today: date) -> Werkblok:
    """Open reports that wait for me or one of my teams, those past their term first."""
    mine = melding_queue(actor=actor, queue="mijn")
    team = melding_queue(actor=actor, queue="team")
    # Both filter the report's own columns: no join, so no duplicates to remove. The block
    # shows none of the related rows the queues join in (they made PostgreSQL join every
    # open report to its address before taking eight).
    reports = (mine | team).select_related(None).order_by("afgehandeld_voor", "ontvangen_op")
    shown, aantal = eerste_met_aantal(reports, SHOWN, BLOK_TELGRENS)
    meldingen_read(actor=actor, meldingen=shown, operation="Startpagina: meldingen ingezien")
    items = []
    for m in shown:
        term = m.triage_voor if not m.triage else m.afgehandeld_voor
        items.append(
            Werkitem(
                titel=f"Melding {m.referentie or m.pk}: {m.get_categorie_display().lower()}",
                detail=(
                    f"{'Triage' if not m.triage else 'Afhandelen'} uiterlijk {display.datum(term)}"
                    if term
                    else "Zonder termijn"
                ),
                link=reverse("melding", args=[m.pk]),
                actie="Triageren" if not m.triage else "Afhandelen",
                te_laat=term is not None and term < today,
            )
        )
    items.sort(key=lambda i: not i.te_laat)  # stable: overdue first, then by term
    return Werkblok(
        sleutel="meldingen",
        titel="Meldingen voor mijn triage",
        aantal=aantal,
        items=items,
        leeg="Er wachten geen meldingen op u of uw team.",
        meer_link=reverse("meldingen") + "?wachtrij=mijn",
        meer_label="Alle meldingen",
    )


def my_cases(*, actor: User, today: date) -> Werkblok:
    """Open cases I direct: those with timeline events by others since I last opened them
    first, the latest news first; then the others, newest first. Ranked on the case's own
    time of news (`Casus.nieuws_op`), so only the eight shown read their timelines, to say
    how many events are new."""
    seen = LaatstBekeken.objects.filter(gebruiker=actor, casus=OuterRef("pk")).values("bekeken_op")[
        :1
    ]
    directed = (
        cases.visible_cases(actor)
        .filter(casusregisseur=actor)
        .exclude(status=Casusstatus.GESLOTEN)
        .annotate(laatst_bekeken=Coalesce(Subquery(seen), Value(NEVER)))
    )
    with_news = Q(nieuws_op__gt=F("laatst_bekeken"))
    ranked = directed.order_by(
        Case(When(with_news, then=F("nieuws_op"))).desc(nulls_last=True), "-aangemaakt_op"
    )
    since = (
        Gebeurtenis.objects.filter(casus=OuterRef("pk"), op__gt=OuterRef("laatst_bekeken"))
        .exclude(door=actor)
        .order_by()
        .values("casus")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The ranking reads keys only (the director's open cases on their index), then the eight
    # shown are read whole, with their count of new events.
    keys = list(ranked.values_list("pk", flat=True)[:SHOWN])
    # Counted apart: with the count alongside, the ranking read whole rows, not its index.
    # Both counts in one statement (fewer than shown are all there are).
    lists = {"changed": directed.filter(with_news)}
    if len(keys) == SHOWN:
        lists["aantal"] = directed
    counts = begrensd_tellen_samen(lists, BLOK_TELGRENS)
    aantal, changed = counts.get("aantal", len(keys)), counts["changed"]
    rows = directed.annotate(
        gewijzigd=Coalesce(Subquery(since, output_field=IntegerField()), 0)
    ).in_bulk(keys)
    shown = [rows[key] for key in keys]
    cases.casus_list_read(actor=actor, filters=cases.CasusFilters(wachtrij="mijn"), cases=shown)
    return Werkblok(
        sleutel="casussen",
        titel="Casussen die ik regisseer",
        aantal=aantal,
        items=[
            Werkitem(
                titel=f"{c.referentie}: {cases.shown_title(c)}",
                detail=(
                    f"{c.gewijzigd} nieuwe gebeurtenis{'sen' if c.gewijzigd != 1 else ''} "
                    "sinds u keek"
                    if c.gewijzigd
                    else f"Niets nieuws sinds u keek · {c.get_status_display().lower()}"
                ),
                link=reverse("casus", args=[c.referentie]),
                actie="Openen",
                te_laat=False,
            )
            for c in shown
        ],
        leeg="U regisseert geen open casussen.",
        meer_link=reverse("casussen") + "?wachtrij=mijn",
        meer_label="Alle casussen",
        extra=[f"{begrensd_aantal(changed, BLOK_TELGRENS)} met iets nieuws sinds u keek."]
        if changed
        else [],
    )


def approvals(*, actor: User, today: date) -> Werkblok:
    """Selections submitted for approval, not composed by me (four eyes), oldest first."""
    waiting = (
        selectie_list(actor=actor)
        .filter(status=Selectiestatus.TER_GOEDKEURING)
        .exclude(samengesteld_door=actor)
        .order_by("ingediend_op", "pk")
    )
    shown, aantal = eerste_met_aantal(waiting, SHOWN, BLOK_TELGRENS)
    return Werkblok(
        sleutel="goedkeuringen",
        titel="Selecties ter goedkeuring",
        aantal=aantal,
        items=[
            Werkitem(
                titel=s.naam,
                detail=f"Ingediend op {display.datum(s.ingediend_op)}",
                link=reverse("selectie", args=[s.pk]),
                actie="Beoordelen",
            )
            for s in shown
        ],
        leeg="Er wachten geen selecties op uw goedkeuring.",
        meer_link=reverse("selecties"),
        meer_label="Alle selecties",
    )


def my_selections(*, actor: User, today: date) -> Werkblok | None:
    """Selections I composed that are still concepts: to finish and submit, oldest first.
    Nothing for a composer who may not open selections (their page needs ANALYSIS_VIEW)."""
    if not can(actor, Capability.ANALYSIS_VIEW):
        return None
    concepts = (
        selectie_list(actor=actor)
        .filter(samengesteld_door=actor, status=Selectiestatus.CONCEPT)
        .order_by("samengesteld_op", "pk")
    )
    shown, aantal = eerste_met_aantal(concepts, SHOWN, BLOK_TELGRENS)
    return Werkblok(
        sleutel="mijn-selecties",
        titel="Mijn selecties in concept",
        aantal=aantal,
        items=[
            Werkitem(
                titel=s.naam,
                detail=f"Samengesteld op {display.datum(s.samengesteld_op)}",
                link=reverse("selectie", args=[s.pk]),
                actie="Afmaken en indienen",
            )
            for s in shown
        ],
        leeg="U heeft geen selecties in concept.",
        meer_link=reverse("selecties"),
        meer_label="Alle selecties",
    )


def recidivism_alerts(*, actor: User, today: date) -> Werkblok:
    """Open recidivism alerts of the landlord monitor, newest event first: the eight shown
    are read and logged, the rest counted (up to the block's limit)."""
    open_alerts = signaleringen_open(actor=actor)
    alerts, aantal = eerste_met_aantal(open_alerts, SHOWN, BLOK_TELGRENS)
    signaleringen_read(actor=actor, signaleringen=alerts)
    return Werkblok(
        sleutel="recidive",
        titel="Signaleringen: recidive van verhuurders",
        aantal=aantal,
        items=[
            Werkitem(
                titel=f"{a.get_soort_display()} op {display.datum(a.datum)}",
                detail=f"Casus {a.casus.referentie}" if a.casus else "Zonder casus",
                link=reverse("verhuurders-signaleringen"),
                actie="Afhandelen",
                te_laat=a.taak is not None and a.taak.deadline < today,
            )
            for a in alerts
        ],
        leeg="Geen open recidivesignaleringen.",
        meer_link=reverse("verhuurders-signaleringen"),
        meer_label="Alle signaleringen",
    )


def overdue_tasks(*, actor: User, today: date) -> Werkblok:
    """Tasks of my organisation past their deadline, whoever has them."""
    taken = cases.taak_list(actor=actor, filters=cases.TaakFilters(wachtrij="te_laat"))
    shown, aantal = eerste_met_aantal(taken, SHOWN, BLOK_TELGRENS)
    _log_cases(actor, "Startpagina: te late taken ingezien", [t.casus for t in shown])
    return Werkblok(
        sleutel="te-laat",
        titel="Signaleringen: te late taken van mijn organisatie",
        aantal=aantal,
        items=[_task_item(t, today) for t in shown],
        leeg="Geen taken van uw organisatie over de deadline.",
        meer_link=reverse("taken") + "?wachtrij=te_laat",
        meer_label="Alle te late taken",
    )


def newly_shared(*, actor: User, today: date) -> Werkblok:
    """Cases shared with my organisation in the last two weeks (sharings still running)."""
    shares = (
        Deling.objects.filter(
            organisatie_id=actor.organisatie_id or 0,
            beeindigd_op__isnull=True,
            tot__gte=today,
            gedeeld_op__gte=timezone.now() - NEWLY_SHARED,
            casus__in=cases.visible_cases(actor),
        )
        .select_related("casus", "casus__organisatie")
        .order_by("-gedeeld_op", "-pk")
    )
    shown, aantal = eerste_met_aantal(shares, SHOWN, BLOK_TELGRENS)
    _log_cases(actor, "Startpagina: gedeelde casussen ingezien", [d.casus for d in shown])
    return Werkblok(
        sleutel="gedeeld",
        titel="Signaleringen: nieuw gedeeld met mijn organisatie",
        aantal=aantal,
        items=[
            Werkitem(
                titel=f"Casus {d.casus.referentie} van {d.casus.organisatie.naam}",
                detail=f"Gedeeld op {display.datum(d.gedeeld_op)} als {d.rol}, "
                f"tot {display.datum(d.tot)}",
                link=reverse("casus", args=[d.casus.referentie]),
                actie="Openen",
            )
            for d in shown
        ],
        leeg="De afgelopen twee weken is geen casus met uw organisatie gedeeld.",
        meer_link=reverse("casussen") + "?wachtrij=gedeeld",
        meer_label="Alle gedeelde casussen",
    )


def legal_queue(*, actor: User, today: date) -> Werkblok:
    """The legal work queue in counts (its own selector logs the procedures it read)."""
    queue = werkvoorraad(actor=actor, peildatum=today)
    expired = sum(1 for t in queue.termijnen if t.verlopen)
    link = reverse("handhaving-werkvoorraad")
    items = [
        Werkitem(
            titel=f"Termijnen die aflopen: {len(queue.termijnen)}",
            detail=f"waarvan {expired} verlopen" if expired else "binnen zeven dagen",
            link=link + "#termijnen-kop",
            actie="Termijnen bekijken",
            te_laat=expired > 0,
        ),
        Werkitem(
            titel=f"Bezwaren en beroepen te beslissen: {len(queue.rechtsmiddelen)}",
            detail="nog zonder beslissing",
            link=link + "#bezwaren-kop",
            actie="Beslissen",
        ),
        Werkitem(
            titel=f"Conceptbrieven te controleren: {len(queue.concepten)}",
            detail="nog niet verzonden",
            link=link + "#concepten-kop",
            actie="Controleren",
        ),
    ]
    return Werkblok(
        sleutel="juridisch",
        titel="Juridische werkvoorraad",
        aantal=len(queue.termijnen) + len(queue.rechtsmiddelen) + len(queue.concepten),
        items=[i for i in items if not i.titel.endswith(": 0")],
        leeg="De juridische werkvoorraad is leeg.",
        meer_link=link,
        meer_label="Naar de werkvoorraad",
    )


# In this order on the page: what is mine first, then what waits for a decision, then alerts.
BLOCKS: list[tuple[Capability, Callable[..., Werkblok | None]]] = [
    (Capability.TASKS_WORK, my_tasks),
    (Capability.REPORTS_TRIAGE, my_triage),
    (Capability.CASES_DIRECT, my_cases),
    (Capability.SELECTION_APPROVE, approvals),
    (Capability.SELECTION_COMPOSE, my_selections),
    (Capability.ENFORCEMENT_WORK, legal_queue),
    (Capability.LANDLORDS_MONITOR, recidivism_alerts),
    (Capability.TASKS_WORK, overdue_tasks),
    (Capability.CASES_VIEW, newly_shared),
]
