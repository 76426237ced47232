"""Writes of the debrief: follow-up per address (a task in its case, enforcement to weigh, a
hand-over to a partner, the text of what follows), correcting an outcome (a new visit that
names the one it corrects: never an edit), closing the action, and the report as a PDF.

The organisers of the lead's organisation hold the debrief (`selectors.may_organise`). The
case services run as a person who directs the address's case: the organiser when they hold
CASES_DIRECT, else the action's lead (the cases are the lead's); who recorded it is kept and
logged, as the case tables do for the chair.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from goedwonen.casussen.models import Casus, Gebeurtenissoort
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display, validators
from goedwonen.core.policy import Capability, can
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.pdf import html_to_pdf
from goedwonen.inspecties.models import Bezoek
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record

from ..models import (
    Actie,
    Actieadres,
    Actieopvolging,
    Actiestatus,
    Adresstatus,
    Opvolgingssoort,
)
from ..selectors import ACTIVITY, may_organise, rapport_van
from ..uitkomsten import rapport_grafiek

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.casussen.models import Deling

    from ..uitkomsten import Rapport

PRINT_TEMPLATE = "acties/rapport_print.html"
OPERATION_PDF = "Rapport integrale actie gedownload (PDF)"


def _log(actor: User, actie: Actie, operation: str, adres: Actieadres | None = None) -> None:
    ref = f"actie:{actie.pk}" + (f"/adres:{adres.pk}" if adres is not None else "")
    processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, object_ref=ref)


def _require_organiser(actor: User, actie: Actie) -> None:
    if not may_organise(actor, actie):
        raise PermissionDenied(
            "Alleen een organisator van de leidende organisatie houdt de nabespreking."
        )


def _require_held(actie: Actie) -> None:
    if actie.status not in (Actiestatus.GEPLAND, Actiestatus.AFGEROND):
        raise ValidationError(
            f"De actie is {actie.get_status_display().lower()}: nabespreken kan pas na het plannen."
        )


def _case_of(adres: Actieadres) -> Casus:
    if adres.casus is None:
        raise ValidationError("Dit adres heeft geen casus: plan de actie eerst.")
    return adres.casus


def _director(actor: User, actie: Actie) -> User:
    """Who the case services run as: the organiser when they direct cases, else the lead."""
    return actor if can(actor, Capability.CASES_DIRECT) else actie.leider


@transaction.atomic
def opvolging_taak(
    *,
    actor: User,
    adres: Actieadres,
    titel: str,
    organisatie: Organisatie,
    deadline: date,
    omschrijving: str = "",
    handhaving: bool = False,
) -> Actieopvolging:
    """A task in the address's case for an organisation (`casussen.taak_create`: a partner
    must have the case shared with it, tasks included). With `handhaving` it is the task to
    weigh enforcement: the organisation that starts procedures decides there, on the case,
    and starts one with its instrument and addressee."""
    actie = adres.actie
    _require_organiser(actor, actie)
    _require_held(actie)
    casus = _case_of(adres)
    taak = taak_create(
        actor=_director(actor, actie),
        casus=casus,
        titel=titel,
        organisatie=organisatie,
        deadline=deadline,
        omschrijving=(
            omschrijving.strip()
            or f"Uit de nabespreking van {actie.naam} van {display.datum(actie.datum)}."
        ),
    )
    soort = Opvolgingssoort.HANDHAVING if handhaving else Opvolgingssoort.TAAK
    opvolging = Actieopvolging.objects.create(
        actieadres=adres, soort=soort, taak=taak, vastgelegd_door=actor
    )
    _log(actor, actie, f"Nabespreking: {soort.label.lower()} voor {organisatie.code}", adres)
    return opvolging


@transaction.atomic
def opvolging_overdracht(
    *,
    actor: User,
    adres: Actieadres,
    organisatie: Organisatie,
    rol: str,
    doel: str,
    grondslag: str,
    onderdelen: Sequence[str],
    tot: date,
) -> Actieopvolging:
    """Hand the address over to a partner: its case shared with the organisation for the
    parts, purpose, basis and term given (`casussen.casus_share`)."""
    actie = adres.actie
    _require_organiser(actor, actie)
    _require_held(actie)
    deling: Deling = casus_share(
        actor=_director(actor, actie),
        casus=_case_of(adres),
        organisatie=organisatie,
        rol=rol,
        doel=doel,
        grondslag=grondslag,
        onderdelen=onderdelen,
        tot=tot,
    )
    opvolging = Actieopvolging.objects.create(
        actieadres=adres, soort=Opvolgingssoort.OVERDRACHT, deling=deling, vastgelegd_door=actor
    )
    _log(actor, actie, f"Nabespreking: overgedragen aan {organisatie.code}", adres)
    return opvolging


@transaction.atomic
def vervolg_set(*, actor: User, adres: Actieadres, vervolg: str) -> Actieadres:
    """What follows at the address, in words (read by the organisers)."""
    actie = adres.actie
    _require_organiser(actor, actie)
    _require_held(actie)
    if message := validators.too_long(vervolg.strip(), validators.MAX_REASON):
        raise ValidationError({"vervolg": message})
    adres.vervolg = vervolg.strip()
    adres.save(update_fields=["vervolg"])
    _log(actor, actie, "Nabespreking: vervolg van een adres vastgelegd", adres)
    return adres


def _latest_visit(adres: Actieadres) -> Bezoek | None:
    bezoek = adres.bezoek
    while bezoek is not None and (later := Bezoek.objects.filter(corrigeert=bezoek).first()):
        bezoek = later
    return bezoek


@transaction.atomic
def uitkomst_corrigeren(
    *,
    actor: User,
    adres: Actieadres,
    toegang: str,
    bevindingen: Sequence[BevindingInvoer],
    correctiereden: str,
    volwassenen: int | None = None,
    kinderen: int | None = None,
) -> Bezoek:
    """Correct an address's outcome: a new visit naming the latest version of the field
    visit it corrects, with the reason (`inspecties.bezoek_record`; it checks that the actor
    may record visits in the case). The persons found are the ones given (required with
    access, as for any visit); the remarks are carried over; the findings are the ones
    given. The address then points at the new version; the corrected visit stays as it
    was."""
    actie = adres.actie
    _require_organiser(actor, actie)
    _require_held(actie)
    eerder = _latest_visit(adres)
    if eerder is None:
        raise ValidationError("Dit adres is niet bezocht: er is geen uitkomst om te corrigeren.")
    bezoek = bezoek_record(
        actor=actor,
        casus=_case_of(adres),
        object=eerder.casusobject,
        soort=eerder.soort,
        datum=eerder.datum,
        tijd=eerder.tijd,
        toegang=toegang,
        partners=eerder.partners,
        volwassenen=volwassenen,
        kinderen=kinderen,
        opmerkingen=eerder.opmerkingen,
        bevindingen=bevindingen,
        corrigeert=eerder,
        correctiereden=correctiereden,
    )
    adres.bezoek = bezoek
    adres.status = Adresstatus.BEZOCHT
    adres.save(update_fields=["bezoek", "status"])
    _log(actor, actie, "Nabespreking: uitkomst gecorrigeerd", adres)
    return bezoek


@transaction.atomic
def actie_afronden(*, actor: User, actie: Actie, opmerkingen: str = "") -> list[Actieadres]:
    """Close the held action: status afgerond, when, and the debrief's general remarks (no
    personal data: every participant reads them). The cases of addresses not visited stay
    open, each with a line on its timeline; they are returned (and listed on the pages)."""
    _require_organiser(actor, actie)
    actie = Actie.objects.select_for_update().get(pk=actie.pk)
    errors: dict[str, str] = {}
    if actie.status != Actiestatus.GEPLAND:
        errors["status"] = (
            f"De actie is {actie.get_status_display().lower()}: alleen een geplande actie kan "
            "worden afgerond."
        )
    elif actie.datum > timezone.localdate():
        errors["status"] = f"De actie is op {display.datum(actie.datum)}: rond haar af na die dag."
    if message := validators.too_long(opmerkingen.strip(), validators.MAX_DESCRIPTION):
        errors["opmerkingen"] = message
    if errors:
        raise ValidationError(errors)
    actie.status = Actiestatus.AFGEROND
    actie.afgerond_op = timezone.now()
    actie.nabespreking = opmerkingen.strip()
    actie.save(update_fields=["status", "afgerond_op", "nabespreking"])
    open_adressen = list(
        actie.adressen.exclude(status=Adresstatus.BEZOCHT)
        .filter(casus__isnull=False)
        .select_related("casus")
        .order_by("rang", "pk")
    )
    for adres in open_adressen:
        assert adres.casus is not None
        if adres.casus.is_open:
            reden = (
                f"overgeslagen: {adres.overgeslagen_reden}"
                if adres.status == Adresstatus.OVERGESLAGEN and adres.overgeslagen_reden
                else "niet bezocht"
            )
            gebeurtenis_add(
                adres.casus,
                Gebeurtenissoort.NOTITIE,
                f"Integrale actie {actie.naam} van {display.datum(actie.datum)} afgerond; dit "
                f"adres is {reden}. De casus blijft open.",
                actor,
            )
    _log(actor, actie, f"Integrale actie afgerond ({len(open_adressen)} adressen niet bezocht)")
    return open_adressen


def rapport_html(deel_naam: str, rapport: Rapport, grafiek: SafeString) -> str:
    """The report as a self-contained HTML page, for `documenten.pdf.html_to_pdf`."""
    with translation.override("nl"):
        return render_to_string(
            PRINT_TEMPLATE, {"rapport": rapport, "organisatie": deel_naam, "grafiek": grafiek}
        )


def rapport_pdf(*, actor: User, actie: Actie) -> tuple[Rapport, bytes]:
    """The report as a PDF for the actor's organisation (addresses only for organisers, as
    on the page); the download is logged. Raises `documenten.pdf.PdfNietBeschikbaar` where
    PDFs cannot be made (nothing logged: the transaction rolls back)."""
    with transaction.atomic():
        _deel, rapport = rapport_van(actor=actor, actie=actie, operation=OPERATION_PDF)
        assert actor.organisatie is not None
        html = rapport_html(actor.organisatie.naam, rapport, rapport_grafiek(rapport))
        return rapport, html_to_pdf(html)
