"""Drafts of a visit: opened, saved step by step, and recorded. A draft belongs to the person
who types it; recording goes through `services.bezoek_record`, so the recorded visit, its
checks and the visit task it completes are exactly those of a visit recorded in one go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from goedwonen.casussen.models import Casus

from .models import Bezoek, Bezoekconcept
from .services import _require_recorder, bezoek_record

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


@transaction.atomic
def bezoekconcept_open(
    *, actor: User, casus: Casus, corrigeert: Bezoek | None, gegevens: dict[str, Any]
) -> Bezoekconcept:
    """The actor's open draft of a new visit (or of a correction of `corrigeert`) in the
    case; a new one holding `gegevens` when there is none."""
    _require_recorder(actor, casus)
    concept, _ = Bezoekconcept.objects.get_or_create(
        casus=casus,
        eigenaar=actor,
        corrigeert=corrigeert,
        bezoek__isnull=True,
        defaults={"gegevens": gegevens},
    )
    return concept


@transaction.atomic
def bezoekconcept_save(
    *, actor: User, concept: Bezoekconcept, stap: str, gegevens: dict[str, Any]
) -> Bezoekconcept:
    """Store the draft as it is after `stap`. Saving the same again changes nothing."""
    _require_recorder(actor, concept.casus)
    concept = Bezoekconcept.objects.select_for_update().get(pk=concept.pk, eigenaar=actor)
    if concept.bezoek_id is not None:
        return concept  # recorded meanwhile (another tab): the draft is done
    concept.gegevens = gegevens
    concept.fouten = {}
    if stap not in concept.stappen:
        concept.stappen = [*concept.stappen, stap]
    concept.save(update_fields=["gegevens", "stappen", "fouten", "bijgewerkt_op"])
    return concept


@transaction.atomic
def bezoekconcept_refused(
    *, actor: User, concept: Bezoekconcept, fouten: dict[str, list[str]]
) -> None:
    """Keep what the visit service refused, so each step shows it next to its field."""
    _require_recorder(actor, concept.casus)
    Bezoekconcept.objects.filter(pk=concept.pk, eigenaar=actor, bezoek__isnull=True).update(
        fouten=fouten
    )


@transaction.atomic
def bezoekconcept_record(
    *, actor: User, concept: Bezoekconcept, **invoer: Any
) -> tuple[Bezoek, bool]:
    """Record the draft's visit (`invoer`: the keyword arguments of `bezoek_record` but
    actor, casus and corrigeert) and close the draft. Recording a draft twice (a
    re-posted last step) records nothing: it returns the visit already recorded and False.
    Raises what `bezoek_record` raises; the draft then stays as it was."""
    concept = Bezoekconcept.objects.select_for_update().get(pk=concept.pk, eigenaar=actor)
    if concept.bezoek is not None:
        return concept.bezoek, False
    bezoek = bezoek_record(
        actor=actor, casus=concept.casus, corrigeert=concept.corrigeert, **invoer
    )
    # What was typed now lives in the recorded visit; the draft keeps only the link.
    concept.bezoek = bezoek
    concept.gegevens = {}
    concept.fouten = {}
    concept.save(update_fields=["bezoek", "gegevens", "fouten", "bijgewerkt_op"])
    return bezoek, True
