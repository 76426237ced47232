"""The open cases on objects, and linking a newly registered report to the open case on its
object (for the registration services of intake).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from goedwonen.intake.models import Melding

from ..models import Casus, CasusObject, Casusstatus, Gebeurtenissoort
from .timeline import gebeurtenis_add


def open_case_exists(verblijfsobject: int | OuterRef) -> Exists:
    """Whether an object (its id, or a reference to it in an outer query) has an open case:
    the condition on which a new report joins one. An expression, so that registering one
    report asks it in the query that finds the address rather than in one of its own."""
    return Exists(_open_case_objects().filter(verblijfsobject=verblijfsobject))


def open_cases_by_object(verblijfsobjecten: Iterable[int]) -> dict[int, Casus]:
    """The open case on each of these objects that has one (the newest, should there be
    more)."""
    objects = _open_case_objects().filter(verblijfsobject_id__in=list(verblijfsobjecten))
    return {
        o.verblijfsobject_id: o.casus
        for o in objects.select_related("casus__casusregisseur").order_by("casus__aangemaakt_op")
    }


def open_case_references(verblijfsobjecten: Iterable[int]) -> list[str]:
    """The references of the open cases on these objects, oldest first."""
    return list(
        dict.fromkeys(
            _open_case_objects()
            .filter(verblijfsobject_id__in=list(verblijfsobjecten))
            .order_by("casus__aangemaakt_op")
            .values_list("casus__referentie", flat=True)
        )
    )


def _open_case_objects() -> QuerySet[CasusObject]:
    return CasusObject.objects.exclude(casus__status=Casusstatus.GESLOTEN)


def meldingen_link_to_open_cases(*, meldingen: Sequence[Melding]) -> dict[int, Casus]:
    """Link newly registered reports to the open case on their object, where there is one,
    and notify each case's director once (after commit). Called by the registration
    services, for one report or a delivery's batch: one query for the lot. Returns the
    linked reports' ids with their case."""
    by_object: dict[int, list[Melding]] = {}
    for melding in meldingen:
        if melding.verblijfsobject_id is not None and melding.casus_id is None:
            by_object.setdefault(melding.verblijfsobject_id, []).append(melding)
    if not by_object:
        return {}
    # Most reports are on objects without a case: one query answers that.
    open_cases = open_cases_by_object(by_object)
    linked: dict[int, Casus] = {}
    per_director: dict[str, list[tuple[Casus, Melding]]] = {}
    for vbo, casus in open_cases.items():
        for melding in by_object[vbo]:
            melding.casus = casus
            linked[melding.pk] = casus
            gebeurtenis_add(
                casus,
                Gebeurtenissoort.MELDING,
                f"Nieuwe melding {melding} ({melding.get_categorie_display().lower()}) "
                "op een adres van de casus gekoppeld.",
                None,
            )
            if casus.casusregisseur.email:
                per_director.setdefault(casus.casusregisseur.email, []).append((casus, melding))
    Melding.objects.bulk_update(
        [m for ms in by_object.values() for m in ms if m.casus_id], ["casus"]
    )
    for address, items in per_director.items():
        lines = "\n".join(
            # References only: a case's title names its address (no personal data by mail).
            f"- casus {c.referentie}: melding {m} ({m.get_categorie_display().lower()})"
            for c, m in items
        )
        text = (
            "Er zijn nieuwe meldingen geregistreerd op adressen van uw casussen. U vindt ze "
            f"op de tijdlijn van de casus.\n\n{lines}"
        )
        transaction.on_commit(
            partial(
                send_mail,
                "Nieuwe melding bij uw casus",
                text,
                None,
                [address],
                fail_silently=True,
            )
        )
    return linked
