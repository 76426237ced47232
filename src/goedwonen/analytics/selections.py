"""Writes on selections: compose from a run, add and remove addresses with a reason, submit,
approve or reject (four eyes), and make proactive cases of an approved selection.

A person decides (AVG art. 22): the approver holds the approval capability and is not the
composer. An approved selection is frozen; only then can it become cases or an address list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.selectors import members_with
from goedwonen.notificaties.services import notificatie_send
from goedwonen.registry.models import Adres, Verblijfsobject

from .models import Handmatig, Risicorun, Selectie, Selectieadres, Selectiestatus
from .selectors import ACTIVITY, ScoreFilters, query_scores, score_rows

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.casussen.models import Casus

MAX_TOP_N = 1000
# The one state machine of a selection: what each status may become.
ALLOWED: dict[str, set[str]] = {
    Selectiestatus.CONCEPT: {Selectiestatus.TER_GOEDKEURING},
    Selectiestatus.TER_GOEDKEURING: {Selectiestatus.GOEDGEKEURD, Selectiestatus.AFGEWEZEN},
    Selectiestatus.GOEDGEKEURD: set(),
    Selectiestatus.AFGEWEZEN: set(),
}
FROZEN = "Een goedgekeurde selectie ligt vast: stel een nieuwe selectie samen."
OWN_SELECTION = (
    "U heeft deze selectie zelf samengesteld. Een andere bevoegde persoon moet haar "
    "beoordelen (vier ogen)."
)


def _log(actor: User, selectie: Selectie, operation: str) -> None:
    processing_log_record(
        actor=actor, operation=operation, activity=ACTIVITY, object_ref=f"selectie:{selectie.pk}"
    )


def _require_editable(selectie: Selectie) -> None:
    if selectie.status == Selectiestatus.GOEDGEKEURD:
        raise ValidationError(FROZEN)
    if selectie.status != Selectiestatus.CONCEPT:
        raise ValidationError(
            f"De selectie is {selectie.get_status_display().lower()}; alleen een concept kan "
            "nog veranderen."
        )


def _move(selectie: Selectie, naar: str) -> None:
    if naar not in ALLOWED[selectie.status]:
        if selectie.status == Selectiestatus.GOEDGEKEURD:
            raise ValidationError(FROZEN)
        raise ValidationError(
            f"Een selectie die {selectie.get_status_display().lower()} is kan niet "
            f"{Selectiestatus(naar).label.lower()} worden."
        )
    selectie.status = naar


def _locked(selectie: Selectie) -> Selectie:
    """The selection as it is now, locked for this transaction (two clicks at once)."""
    return Selectie.objects.select_for_update().get(pk=selectie.pk)


@transaction.atomic
def selectie_compose(
    *,
    actor: User,
    run: Risicorun,
    naam: str,
    top_n: int,
    filters: ScoreFilters = ScoreFilters(),  # noqa: B008 - frozen dataclass
) -> Selectie:
    """A concept selection of the `top_n` highest-scoring dwellings of the run that pass the
    filters and have any signal, each with its score, rank and reasons."""
    require(actor, Capability.SELECTION_COMPOSE)
    errors: dict[str, str] = {}
    if not naam.strip():
        errors["naam"] = "Geef de selectie een naam."
    if not 1 <= top_n <= MAX_TOP_N:
        errors["top_n"] = f"Kies een aantal van 1 tot en met {MAX_TOP_N}."
    if run.status != Risicorun.Status.KLAAR:
        errors["run"] = "Deze run heeft geen scores: kies een run die klaar is."
    if errors:
        raise ValidationError(errors)
    page = query_scores(run, filters, limit=top_n, positive_only=True)
    if not page.rows:
        raise ValidationError(
            {"top_n": "Geen enkele woning met een signaal voldoet aan deze filters."}
        )
    vbo = dict(
        Verblijfsobject.objects.filter(
            object_id__in=[r["object_id"] for r in page.rows]
        ).values_list("object_id", "pk")
    )
    selectie = Selectie.objects.create(
        run=run,
        naam=naam.strip()[:200],
        gebied=run.gebied,
        criteria={"top_n": top_n, **filters.as_dict()},
        samengesteld_door=actor,
    )
    Selectieadres.objects.bulk_create(
        Selectieadres(
            selectie=selectie,
            verblijfsobject_id=vbo[r["object_id"]],
            score=r["score"],
            rang=r["rank"],
            redenen=list(r["redenen"] or []),
        )
        for r in page.rows
        if r["object_id"] in vbo
    )
    _log(
        actor,
        selectie,
        f"Selectie '{selectie.naam}' samengesteld uit risicorun {run.pk}: "
        f"{len(page.rows)} adressen",
    )
    return selectie


@transaction.atomic
def selectie_address_add(
    *, actor: User, selectie: Selectie, verblijfsobject: Verblijfsobject, reden: str
) -> Selectieadres:
    """Add a dwelling by hand, with the reason; its score and reasons come from the run
    when the run scored it (else 0 and none)."""
    require(actor, Capability.SELECTION_COMPOSE)
    selectie = _locked(selectie)
    _require_editable(selectie)
    if not reden.strip():
        raise ValidationError({"reden": "Zeg waarom u dit adres toevoegt."})
    row = score_rows(selectie.run, [verblijfsobject.object_id]).get(verblijfsobject.object_id)
    existing = selectie.adressen.filter(verblijfsobject=verblijfsobject).first()
    if existing is not None and existing.handmatig != Handmatig.VERWIJDERD:
        raise ValidationError({"adres": "Dit adres staat al in de selectie."})
    adres = existing or Selectieadres(selectie=selectie, verblijfsobject=verblijfsobject)
    adres.score = row["score"] if row else 0.0
    adres.rang = row["rank"] if row else None
    adres.redenen = list(row["redenen"] or []) if row else []
    adres.handmatig = Handmatig.TOEGEVOEGD
    adres.reden = reden.strip()
    adres.gewijzigd_door = actor
    adres.gewijzigd_op = timezone.now()
    adres.save()
    _log(actor, selectie, f"Adres {verblijfsobject.object_id} handmatig aan selectie toegevoegd")
    return adres


@transaction.atomic
def selectie_address_remove(
    *, actor: User, selectie: Selectie, adres: Selectieadres, reden: str
) -> Selectieadres:
    """Take an address out, with the reason; the row stays, marked as removed."""
    require(actor, Capability.SELECTION_COMPOSE)
    selectie = _locked(selectie)
    _require_editable(selectie)
    if adres.selectie_id != selectie.pk:
        raise ValidationError("Dit adres hoort niet bij deze selectie.")
    if not reden.strip():
        raise ValidationError({"reden": "Zeg waarom u dit adres uit de selectie haalt."})
    if adres.handmatig == Handmatig.VERWIJDERD:
        raise ValidationError("Dit adres is al uit de selectie gehaald.")
    adres.handmatig = Handmatig.VERWIJDERD
    adres.reden = reden.strip()
    adres.gewijzigd_door = actor
    adres.gewijzigd_op = timezone.now()
    adres.save(update_fields=["handmatig", "reden", "gewijzigd_door", "gewijzigd_op"])
    _log(
        actor,
        selectie,
        f"Adres {adres.verblijfsobject.object_id} handmatig uit selectie verwijderd",
    )
    return adres


@transaction.atomic
def selectie_submit(*, actor: User, selectie: Selectie) -> Selectie:
    require(actor, Capability.SELECTION_COMPOSE)
    selectie = _locked(selectie)
    _move(selectie, Selectiestatus.TER_GOEDKEURING)
    if not selectie.adressen.exclude(handmatig=Handmatig.VERWIJDERD).exists():
        raise ValidationError("Een selectie zonder adressen kan niet ter goedkeuring.")
    selectie.ingediend_op = timezone.now()
    selectie.save(update_fields=["status", "ingediend_op"])
    _log(actor, selectie, f"Selectie '{selectie.naam}' ter goedkeuring aangeboden")
    notificatie_send(
        ontvangers=[
            u
            for u in members_with(organisatie_id=None, capabilities=[Capability.SELECTION_APPROVE])
            if u.pk != actor.pk
        ],
        soort=Notificatiesoort.GOEDKEURING,
        titel=f"Selectie {selectie.pk} ter goedkeuring",
        link=reverse("selectie", args=[selectie.pk]),
    )
    return selectie


@transaction.atomic
def selectie_decide(
    *, actor: User, selectie: Selectie, goedkeuren: bool, toelichting: str
) -> Selectie:
    """Approve or reject a submitted selection. Never by its composer; a rejection says why."""
    require(actor, Capability.SELECTION_APPROVE)
    selectie = _locked(selectie)
    if selectie.samengesteld_door_id == actor.pk:
        raise PermissionDenied(OWN_SELECTION)
    if not goedkeuren and not toelichting.strip():
        raise ValidationError({"toelichting": "Zeg waarom u de selectie afwijst."})
    _move(selectie, Selectiestatus.GOEDGEKEURD if goedkeuren else Selectiestatus.AFGEWEZEN)
    selectie.beoordeeld_door = actor
    selectie.beoordeeld_op = timezone.now()
    selectie.besluit_toelichting = toelichting.strip()
    selectie.save(
        update_fields=["status", "beoordeeld_door", "beoordeeld_op", "besluit_toelichting"]
    )
    _log(
        actor,
        selectie,
        f"Selectie '{selectie.naam}' {'goedgekeurd' if goedkeuren else 'afgewezen'}",
    )
    return selectie


@dataclass(frozen=True)
class ProactiveCases:
    """What turning a selection into cases did: the cases made, and the addresses that
    already had an open case (shown as in the selection, with that case)."""

    made: list[Casus]
    already_open: list[tuple[str, Casus]]


@transaction.atomic
def selectie_cases_create(
    *, actor: User, selectie: Selectie, casusregisseur: User, categorieen: Sequence[str]
) -> ProactiveCases:
    """A proactive case per address of an approved selection that has none yet. An address
    with an open case gets no second one: its selection row points at that case, and the
    case's timeline gets the selection's signal (a note, without the analysis behind it)."""
    from goedwonen.casussen.models import Gebeurtenissoort, Herkomst
    from goedwonen.casussen.services.cases import casus_create, proposed_title
    from goedwonen.casussen.services.open_cases import open_cases_by_object
    from goedwonen.casussen.services.timeline import gebeurtenis_add
    from goedwonen.core.categories import Categorie

    require(actor, Capability.CASES_DIRECT)
    selectie = _locked(selectie)
    if selectie.status != Selectiestatus.GOEDGEKEURD:
        raise ValidationError("Alleen van een goedgekeurde selectie kunnen casussen komen.")
    rows = list(
        selectie.adressen.exclude(handmatig=Handmatig.VERWIJDERD)
        .filter(casus__isnull=True)
        .select_related("verblijfsobject__buurt")
    )
    adressen = {
        a.verblijfsobject_id: a
        for a in Adres.objects.filter(
            verblijfsobject__in=[r.verblijfsobject_id for r in rows], hoofdadres=True
        )
    }
    open_cases = open_cases_by_object(r.verblijfsobject_id for r in rows)
    problems = ", ".join(Categorie(c).label.lower() for c in categorieen if c in Categorie.values)
    made = []
    already_open = []
    for row in rows:
        adres = adressen.get(row.verblijfsobject_id)
        if adres is None:
            continue
        if (casus := open_cases.get(row.verblijfsobject_id)) is not None:
            gebeurtenis_add(
                casus,
                Gebeurtenissoort.NOTITIE,
                f"Signaal uit een goedgekeurde proactieve selectie ({problems}): een adres van "
                "deze casus is geselecteerd. Er liep al deze casus, dus is er geen nieuwe "
                "gemaakt.",
                actor,
            )
            row.casus = casus
            row.save(update_fields=["casus"])
            already_open.append((adres.straat_huisnummer, casus))
            continue
        row.casus = casus_create(
            actor=actor,
            titel=proposed_title(
                categorieen=categorieen,
                buurt=row.verblijfsobject.buurt,
                herkomst=Herkomst.PROACTIEF,
            ),
            categorieen=categorieen,
            casusregisseur=casusregisseur,
            herkomst=Herkomst.PROACTIEF,
            adressen=[adres],
        )
        row.save(update_fields=["casus"])
        made.append(row.casus)
    _log(
        actor,
        selectie,
        f"{len(made)} casussen gemaakt van selectie '{selectie.naam}'"
        + (f"; {len(already_open)} adressen met een open casus" if already_open else ""),
    )
    return ProactiveCases(made, already_open)
