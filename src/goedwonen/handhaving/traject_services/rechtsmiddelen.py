"""Objection (bezwaar) and appeal (beroep) against a procedure's decisions, with their Awb
terms, and the decisions on them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core import display, validators

from ..models import (
    Rechtsmiddel,
    Rechtsmiddelbeslissing,
    Rechtsmiddelsoort,
    Stapsoort,
    Traject,
    Trajectstap,
    Uitspraak,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

from .common import (
    _clean_text,
    _log,
    _require_handler,
    _timeline,
    version_term,
)

# Awb 6:7 and 6:8: six weeks, from the day after the decision was made known; the last day
# is the same weekday six weeks on.
BEZWAARTERMIJN = timedelta(weeks=6)
# Awb 7:10(1): the body decides within six weeks after the objection term ended (twelve with
# an advisory committee: the jurist records an extension as a note).
BESLISTERMIJN_BEZWAAR = timedelta(weeks=6)
# Steps that are decisions an objection can be lodged against.
APPEALABLE = (Stapsoort.BESLUIT, Stapsoort.VERBEURTE, Stapsoort.INVORDERING)


# --- objection and appeal ---------------------------------------------------------------


def _term(traject: Traject, soort: str) -> timedelta:
    """The term to lodge it: the version's step of this kind, else the Awb's six weeks."""
    days = version_term(traject, soort)
    return timedelta(days=days) if days is not None else BEZWAARTERMIJN


@transaction.atomic
def rechtsmiddel_record(
    *,
    actor: User,
    traject: Traject,
    stap: Trajectstap | None,
    soort: str,
    ingediend_op: date,
    toelichting: str = "",
) -> Rechtsmiddel:
    """Record an objection against a decision step, or an appeal (after the decision on an
    objection, or directly), with the terms that follow from the Awb."""
    traject = Traject.objects.select_related("eigenaar", "casus").get(pk=traject.pk)
    _require_handler(actor, traject)
    errors: dict[str, str] = {}
    toelichting = _clean_text(toelichting, "toelichting", validators.MAX_DESCRIPTION, errors)
    if soort not in Rechtsmiddelsoort.values:
        errors["soort"] = "Kies bezwaar of beroep."
    if stap is None or stap.traject_id != traject.pk or stap.soort not in APPEALABLE:
        errors["stap"] = "Kies het besluit van dit traject waartegen het is ingesteld."
    if ingediend_op > timezone.localdate():
        errors["ingediend_op"] = "De datum van indienen ligt in de toekomst."
    elif stap is not None and ingediend_op < stap.datum:
        errors["ingediend_op"] = "De datum van indienen ligt voor de datum van het besluit."
    if errors:
        raise ValidationError(errors)
    assert stap is not None
    beslissen_tot: date | None = None
    if soort == Rechtsmiddelsoort.BEZWAAR:
        indienen_tot = stap.datum + _term(traject, Stapsoort.BEZWAAR)
        beslissen_tot = max(indienen_tot, ingediend_op) + BESLISTERMIJN_BEZWAAR
    else:
        # Appeal: six weeks from the decision on the objection against this step, if any.
        beslist = (
            Rechtsmiddelbeslissing.objects.filter(
                rechtsmiddel__stap=stap, rechtsmiddel__soort=Rechtsmiddelsoort.BEZWAAR
            )
            .order_by("datum")
            .last()
        )
        indienen_tot = (beslist.datum if beslist else stap.datum) + _term(traject, Stapsoort.BEROEP)
    rechtsmiddel = Rechtsmiddel.objects.create(
        traject=traject,
        stap=stap,
        soort=soort,
        ingediend_op=ingediend_op,
        indienen_tot=indienen_tot,
        beslissen_tot=beslissen_tot,
        toelichting=toelichting,
        door=actor,
    )
    label = Rechtsmiddelsoort(soort).label
    tekst = (
        f"{label} ingesteld op {display.datum(ingediend_op)} tegen '{stap.naam}' "
        f"({'tijdig' if rechtsmiddel.tijdig else 'te laat'}: termijn tot en met "
        f"{display.datum(indienen_tot)})"
    )
    if beslissen_tot:
        tekst += f"; beslissen uiterlijk {display.datum(beslissen_tot)}"
    _timeline(traject, tekst + ".", actor)
    _log(actor, traject, f"{label} vastgelegd", f"/rechtsmiddel:{rechtsmiddel.pk}")
    return rechtsmiddel


@transaction.atomic
def rechtsmiddel_decide(
    *, actor: User, rechtsmiddel: Rechtsmiddel, datum: date, uitspraak: str, toelichting: str = ""
) -> Rechtsmiddelbeslissing:
    rechtsmiddel = Rechtsmiddel.objects.select_related("traject__eigenaar", "traject__casus").get(
        pk=rechtsmiddel.pk
    )
    traject = rechtsmiddel.traject
    _require_handler(actor, traject)
    errors: dict[str, str] = {}
    toelichting = _clean_text(toelichting, "toelichting", validators.MAX_DESCRIPTION, errors)
    if uitspraak not in Uitspraak.values:
        errors["uitspraak"] = "Kies de uitkomst."
    if datum > timezone.localdate():
        errors["datum"] = "De datum ligt in de toekomst."
    elif datum < rechtsmiddel.ingediend_op:
        errors["datum"] = "De datum ligt voor de datum van indienen."
    if Rechtsmiddelbeslissing.objects.filter(rechtsmiddel=rechtsmiddel).exists():
        errors["uitspraak"] = "Hierop is al beslist."
    if errors:
        raise ValidationError(errors)
    beslissing = Rechtsmiddelbeslissing.objects.create(
        rechtsmiddel=rechtsmiddel,
        datum=datum,
        uitspraak=uitspraak,
        toelichting=toelichting,
        door=actor,
    )
    _timeline(
        traject,
        f"{rechtsmiddel.get_soort_display()} van {display.datum(rechtsmiddel.ingediend_op)}: "
        f"{beslissing.get_uitspraak_display().lower()} ({display.datum(datum)}).",
        actor,
    )
    _log(
        actor, traject, "Beslissing op rechtsmiddel vastgelegd", f"/rechtsmiddel:{rechtsmiddel.pk}"
    )
    return beslissing
