"""Writes of the analysis: catalogue versions and scoring runs.

`actor` None is the system itself (a management command on the server): it is logged as such.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from goedwonen.core import display
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.core.tasks import enqueue_with_transaction
from goedwonen.registry.models import Gebied, Gebiedssoort

from . import engine, learning
from .catalogue import catalogue_errors
from .models import Catalogusversie, Indicator, Risicorun, Selectie
from .store import current_inputs, current_peildatum, recorded_inputs, run_folder

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.RISICOSELECTIE_WONINGTOEZICHT
# Retention. A run's files hold a score for every dwelling of an area, most of them never
# selected: they go after a short term (data minimisation, AVG art. 5(1)(c) and (e); a policy
# choice to confirm). What was selected keeps its score and reasons in the selection, which
# follows the supervision term of the Selectielijst gemeenten 2020 (process type 12: 5 years),
# counted from the decision; a run record goes with its last selection, or after that term.
RUN_FILES_TERM = timedelta(days=90)
SELECTION_TERM = timedelta(days=5 * 365)
# The learning proposal of a run, kept in the run's folder (it goes with the run's files).
PROPOSAL_FILE = "voorstel.json"
INDICATOR_FIELDS = (
    "code",
    "naam",
    "uitleg",
    "bronnen",
    "berekening",
    "waarde",
    "reden",
    "parameters",
    "gewicht",
    "doel",
    "grondslag",
    "eigenaar",
    "actief",
)


def _require(actor: User | None, capability: Capability) -> None:
    if actor is not None:
        require(actor, capability)


def catalogue_current() -> Catalogusversie:
    versie = Catalogusversie.objects.order_by("-versie").first()
    if versie is None:
        raise ValidationError("Er is nog geen indicatorcatalogus.")
    return versie


def indicator_definition(indicator: Indicator) -> dict[str, Any]:
    return {field: getattr(indicator, field) for field in INDICATOR_FIELDS}


@transaction.atomic
def catalogusversie_create(
    *, actor: User | None, toelichting: str, indicatoren: Sequence[Mapping[str, Any]]
) -> Catalogusversie:
    """Adopt a new version of the catalogue. Versions are never edited: a change is a version."""
    _require(actor, Capability.CATALOGUE_MANAGE)
    errors = catalogue_errors(list(indicatoren))
    if not toelichting.strip():
        errors.setdefault("catalogus", {})["toelichting"] = [
            "Zeg wat er in deze versie verandert en waarom."
        ]
    if errors:
        raise ValidationError(
            {
                key: [
                    f"{field}: {message}"
                    for field, messages in found.items()
                    for message in messages
                ]
                for key, found in errors.items()
            }
        )
    # Locked so two adoptions at once get different numbers.
    latest = Catalogusversie.objects.select_for_update().aggregate(m=Max("versie"))["m"] or 0
    versie = Catalogusversie.objects.create(
        versie=latest + 1, toelichting=toelichting.strip(), aangemaakt_door=actor
    )
    Indicator.objects.bulk_create(
        Indicator(
            versie=versie,
            volgorde=position,
            **{field: definition[field] for field in INDICATOR_FIELDS if field in definition},
        )
        for position, definition in enumerate(indicatoren, start=1)
    )
    processing_log_record(
        actor=actor,
        operation=f"Indicatorcatalogus versie {versie.versie} vastgesteld",
        activity=ACTIVITY,
        object_ref=f"catalogus:{versie.versie}",
    )
    return versie


def buurten_of(gebied: Gebied | None) -> list[str] | None:
    """The buurt codes of an area (None: every buurt)."""
    if gebied is None:
        return None
    if gebied.soort == Gebiedssoort.BUURT:
        return [gebied.code]
    if gebied.soort == Gebiedssoort.WIJK:
        return list(gebied.onderliggend.values_list("code", flat=True))
    return list(
        Gebied.objects.filter(
            soort=Gebiedssoort.BUURT, bovenliggend__bovenliggend=gebied
        ).values_list("code", flat=True)
    )


def _specs(versie: Catalogusversie, peildatum: date) -> list[engine.IndicatorSpec]:
    specs, errors = [], []
    for indicator in versie.indicatoren.filter(actief=True).order_by("volgorde", "code"):
        for name, parameter in indicator.parameters.items():
            vanaf = date.fromisoformat(parameter["geldig_vanaf"])
            tot = (
                date.fromisoformat(parameter["geldig_tot"]) if parameter.get("geldig_tot") else None
            )
            if vanaf > peildatum or (tot is not None and tot <= peildatum):
                errors.append(
                    f"Parameter {name} van {indicator.code} geldt niet op de peildatum "
                    f"{display.datum(peildatum)}."
                )
        specs.append(
            engine.IndicatorSpec(
                code=indicator.code,
                berekening=indicator.berekening,
                waarde=indicator.waarde,
                reden=indicator.reden,
                gewicht=indicator.gewicht,
                parameters=indicator.parameters,
            )
        )
    if errors:
        raise ValidationError(errors)
    return specs


def risicorun_start(
    *,
    actor: User | None,
    gebied: Gebied | None = None,
    catalogus: Catalogusversie | None = None,
) -> Risicorun:
    """Score every dwelling of the area (every area when None) with the catalogue version
    (the latest when None), here and now. The run is recorded before it starts; a failure is
    recorded too."""
    return risicorun_score(_run_record(actor=actor, gebied=gebied, catalogus=catalogus))


def risicorun_request(
    *,
    actor: User | None,
    gebied: Gebied | None = None,
    catalogus: Catalogusversie | None = None,
) -> Risicorun:
    """Record a run (status bezig) and queue its scoring for the worker: a city or the country
    takes longer than a web request may."""
    from .tasks import score_run  # the tasks module imports this one

    with transaction.atomic():
        run = _run_record(actor=actor, gebied=gebied, catalogus=catalogus)
        # With the run record: a scoring queued after the commit could fail and leave the
        # run bezig for ever.
        enqueue_with_transaction(score_run, run.pk)
    return run


def _run_record(
    *, actor: User | None, gebied: Gebied | None, catalogus: Catalogusversie | None
) -> Risicorun:
    _require(actor, Capability.ANALYSIS_RUN)
    return Risicorun.objects.create(
        catalogus=catalogus or catalogue_current(),
        gebied=gebied,
        peildatum=current_peildatum(),
        gestart_door=actor,
    )


def risicorun_score(run: Risicorun) -> Risicorun:
    """Score a recorded run on the current snapshots, as the person who started it. A failure
    is recorded on the run and raised."""
    try:
        inputs = current_inputs(run_folder(run))
        run.bronnen = inputs.bronnen
        return _score(run, inputs.store, actor=run.gestart_door)
    except Exception as error:
        _failed(run, error)
        raise


def risicorun_repeat(*, actor: User | None, run: Risicorun) -> Risicorun:
    """Score again on exactly what `run` read: its snapshots and its exported events."""
    _require(actor, Capability.ANALYSIS_RUN)
    try:
        store = recorded_inputs(run.bronnen)
    except FileNotFoundError as error:
        raise ValidationError(f"Deze run is niet te herhalen: {error}") from error
    again = Risicorun.objects.create(
        catalogus=run.catalogus,
        gebied=run.gebied,
        peildatum=run.peildatum,
        bronnen=run.bronnen,
        gestart_door=actor,
    )
    try:
        return _score(again, store, actor=actor)
    except Exception as error:
        _failed(again, error)
        raise


def _score(run: Risicorun, store: engine.Store, *, actor: User | None) -> Risicorun:
    started = time.perf_counter()
    specs = _specs(run.catalogus, run.peildatum)
    run.parameters = {
        spec.code: {"gewicht": spec.gewicht, "parameters": spec.parameters} for spec in specs
    }
    run_folder(run).mkdir(parents=True, exist_ok=True)
    result = engine.score(
        store=store,
        indicators=specs,
        peildatum=run.peildatum,
        buurten=buurten_of(run.gebied),
        out=run_folder(run) / "scores.parquet",
    )
    run.status = Risicorun.Status.KLAAR
    run.aantal_woningen = result.dwellings
    run.uitkomst_hash = result.digest
    run.duur_seconden = round(time.perf_counter() - started, 3)
    with transaction.atomic():
        run.save()
        processing_log_record(
            actor=actor,
            operation=f"Risicorun over {run.gebied or 'alle gebieden'}: "
            f"{result.dwellings} woningen gescoord",
            activity=ACTIVITY,
            object_ref=f"risicorun:{run.pk}",
        )
    return run


def _failed(run: Risicorun, error: Exception) -> None:
    run.status = Risicorun.Status.MISLUKT
    run.melding = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    run.save(update_fields=["status", "melding"])


def catalogue_proposal(*, actor: User | None, run: Risicorun) -> learning.Voorstel:
    """Weights learned from the inspection outcomes the run read (nothing is changed).

    Learned once per run and kept beside its scores (PROPOSAL_FILE), refusal included: what
    it learns from (the run's scores, its exported inspections, its catalogue version) never
    changes, and learning takes seconds (scikit-learn's import alone over one). The worker
    learns it right after scoring, so the page only reads it."""
    _require(actor, Capability.ANALYSIS_VIEW)
    if run.status != Risicorun.Status.KLAAR:
        raise ValidationError("Alleen een geslaagde run kan een voorstel geven.")
    kept = run_folder(run) / PROPOSAL_FILE
    try:
        learned = json.loads(kept.read_text(encoding="utf-8"))
    except FileNotFoundError:
        learned = _proposal_learn(run)
        if kept.parent.exists():  # not when the run's files are gone (retention)
            partial = kept.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(learned), encoding="utf-8")
            partial.replace(kept)  # whole or not at all, also when two learn at once
    if "fout" in learned:
        raise ValidationError(learned["fout"])
    return learning.Voorstel.from_dict(learned["voorstel"])


def _proposal_learn(run: Risicorun) -> dict[str, Any]:
    definitions = [indicator_definition(i) for i in run.catalogus.indicatoren.filter(actief=True)]
    try:
        voorstel = learning.propose(
            scores=run_folder(run) / "scores.parquet",
            events_dir=run_folder(run),
            indicators=definitions,
        )
    except learning.NotEnoughOutcomes as error:
        return {"fout": str(error)}
    return {"voorstel": asdict(voorstel)}


def catalogusversie_from_proposal(
    *, actor: User | None, run: Risicorun, toelichting: str
) -> Catalogusversie:
    """Adopt the learned weights as a new catalogue version: a person decides, and says why."""
    _require(actor, Capability.CATALOGUE_MANAGE)
    voorstel = catalogue_proposal(actor=None, run=run)
    weights = voorstel.weights()
    definitions = [
        indicator_definition(i) | ({"gewicht": weights[i.code]} if i.code in weights else {})
        for i in run.catalogus.indicatoren.order_by("volgorde", "code")
    ]
    evaluatie = voorstel.evaluatie
    return catalogusversie_create(
        actor=actor,
        toelichting=(
            f"{toelichting.strip()}\n\nGewichten voorgesteld uit de controle-uitkomsten van run "
            f"{run.pk} (catalogusversie {run.catalogus.versie}): precisie bij {evaluatie.k} "
            f"{evaluatie.precisie_voorstel:.0%} tegen {evaluatie.precisie_huidig:.0%} nu, "
            f"basiskans {evaluatie.basiskans:.0%}, getoetst op {voorstel.getoetst_op} "
            "achtergehouden controles."
            if toelichting.strip()
            else ""
        ),
        indicatoren=definitions,
    )


# A run still computing after this long was interrupted (a national run takes minutes).
RUN_INTERRUPTED_AFTER = timedelta(hours=1)
INTERRUPTED = (
    "Onderbroken: de achtergrondverwerker stopte tijdens de berekening. Start de run opnieuw."
)


def risicoruns_interrupted_close(*, now: datetime | None = None) -> int:
    """Mark runs that have been computing for longer than RUN_INTERRUPTED_AFTER as failed, so
    their page stops waiting (the worker calls this when it starts). Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            Risicorun.objects.select_for_update().filter(
                status=Risicorun.Status.BEZIG, gestart_op__lt=now - RUN_INTERRUPTED_AFTER
            )
        )
        for run in stuck:
            run.status, run.melding = Risicorun.Status.MISLUKT, INTERRUPTED
            run.save(update_fields=["status", "melding"])
            processing_log_record(
                actor=None,
                operation="Risicorun als onderbroken afgesloten",
                activity=ACTIVITY,
                object_ref=f"risicorun:{run.pk}",
            )
    return len(stuck)


def analysis_retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Remove what has passed its term (a nightly task): run files after RUN_FILES_TERM;
    selections SELECTION_TERM after their decision (or composition, when never decided); run
    records without selections after SELECTION_TERM. Logged, counted per kind."""
    now = now or timezone.now()
    files_due = list(
        Risicorun.objects.filter(
            bestanden_verwijderd_op__isnull=True, gestart_op__lt=now - RUN_FILES_TERM
        )
    )
    for run in files_due:
        shutil.rmtree(run_folder(run), ignore_errors=True)
    Risicorun.objects.filter(pk__in=[r.pk for r in files_due]).update(bestanden_verwijderd_op=now)
    cutoff = now - SELECTION_TERM
    with transaction.atomic():
        selections = Selectie.objects.filter(
            Q(beoordeeld_op__lt=cutoff) | Q(beoordeeld_op__isnull=True, samengesteld_op__lt=cutoff)
        )
        selection_refs = [f"selectie:{pk}" for pk in selections.values_list("pk", flat=True)]
        selections.delete()  # with their addresses
        runs = Risicorun.objects.filter(gestart_op__lt=cutoff, selecties__isnull=True)
        run_refs = [f"risicorun:{pk}" for pk in runs.values_list("pk", flat=True)]
        runs.delete()
        for refs, what in (
            ([f"risicorun:{r.pk}" for r in files_due], "Bestanden van risicorun verwijderd"),
            (selection_refs, "Selectie vernietigd na de bewaartermijn"),
            (run_refs, "Risicorun vernietigd na de bewaartermijn"),
        ):
            for ref in refs:
                processing_log_record(actor=None, operation=what, activity=ACTIVITY, object_ref=ref)
    return {"bestanden": len(files_due), "selecties": len(selection_refs), "runs": len(run_refs)}
