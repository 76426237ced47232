"""Recording a visit: validate everything, run the built-in checks, store the visit with its
findings and the checks' outcomes, add one line to the case timeline and log the processing,
all in one transaction. Nothing is stored when anything is wrong.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.casussen.models import Casus, CasusObject, Gebeurtenissoort
from goedwonen.casussen.selectors import inzage_of
from goedwonen.casussen.services.case_tasks import visit_tasks_complete
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.checks.bewoning import BewoningsToets, bewoning_check
from goedwonen.checks.huurprijs import HuurprijsToets, huurprijs_check
from goedwonen.checks.parameters import Parameter
from goedwonen.checks.vergunning import Vergunningplicht, Vergunningstoets, vergunningen_check
from goedwonen.checks.woning import Woningkenmerken
from goedwonen.core import display, validators
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.core.registries import dwelling_events
from goedwonen.parameters import definities
from goedwonen.parameters.selectors import parameter_op
from goedwonen.registry.models import Regeling, Vergunning

from .kenmerken import kenmerken_to_json
from .models import (
    BINNEN,
    Bevinding,
    Bewoningsuitkomst,
    Bezoek,
    Bezoeksoort,
    Huurprijsuitkomst,
    Toegang,
    Vergunningsuitkomst,
)
from .samenvatting import samenvatting
from .selectors import ACTIVITY, eigenaren_of, may_record

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

MAX_PERSONEN = 500
MAX_PARTNERS = 300


@dataclass(frozen=True)
class BevindingInvoer:
    categorie: str  # a goedwonen.core.categories.Categorie code
    vastgesteld: bool
    toelichting: str = ""


@dataclass(frozen=True)
class Huurinvoer:
    """What the rent check needs: the dwelling as found and the contract."""

    woning: Woningkenmerken
    kale_huur: Decimal
    datum_huurovereenkomst: date | None = None


def _woningwaardering_versie() -> str:
    return importlib.metadata.version("woningwaardering")


def _require_recorder(actor: User, casus: Casus) -> None:
    require(actor, Capability.INSPECTIONS_RECORD)
    try:
        inzage = inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise PermissionDenied("Deze casus is niet zichtbaar voor uw organisatie.") from None
    if not may_record(actor, inzage):
        raise PermissionDenied(
            "Uw organisatie kan in deze casus geen bezoek vastleggen: de casus is niet met "
            "haar gedeeld met het onderdeel bezoeken en bevindingen."
        )


def persons_count_error(value: int | None) -> str | None:
    """The error of a number of persons (None: fine or not given); visits and outcomes."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PERSONEN:
        return f"Geef een aantal van 0 tot en met {MAX_PERSONEN}."
    return None


@transaction.atomic
def bezoek_record(
    *,
    actor: User,
    casus: Casus,
    object: CasusObject,
    soort: str,
    datum: date,
    toegang: str = "",
    tijd: time | None = None,
    medewerkers: Sequence[User] = (),
    partners: str = "",
    volwassenen: int | None = None,
    kinderen: int | None = None,
    opmerkingen: str = "",
    bevindingen: Sequence[BevindingInvoer] = (),
    huur: Huurinvoer | None = None,
    corrigeert: Bezoek | None = None,
    correctiereden: str = "",
    huurdrempel: Parameter[Decimal] | None = None,
    bewoningsnorm: Parameter[Decimal] | None = None,
) -> Bezoek:
    """Record a home or street visit on one of the case's objects.

    The rent check runs when `huur` is given (peildatum: the visit date), the occupancy
    check when persons were counted and the registry knows the floor area, the permit check
    always. A visit is corrected by recording a new one with `corrigeert` and a reason.
    Raises ValidationError naming each wrong field (`ruimten[2].oppervlakte` for a room of
    the rent check) and PermissionDenied when the actor may not record visits in the case.
    The checks take the parameters valid on the visit date (goedwonen.parameters), unless
    `huurdrempel` or `bewoningsnorm` is given; the outcome stores what they used.
    """
    _require_recorder(actor, casus)
    huurdrempel = huurdrempel or parameter_op(definities.HUURDREMPEL, datum)
    bewoningsnorm = bewoningsnorm or parameter_op(definities.BEWONINGSNORM, datum)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not casus.is_open:
        add("casus", "De casus is gesloten: heropen haar om een bezoek vast te leggen.")
    if object.casus_id != casus.pk:
        add("object", "Dit adres hoort niet bij de casus.")
    if soort not in Bezoeksoort.values:
        add("soort", "Kies woningbezoek of straatbezoek.")
    if datum > timezone.localdate():
        add("datum", "De bezoekdatum ligt in de toekomst.")
    if toegang and toegang not in Toegang.values:
        add("toegang", f"Onbekende toegang '{toegang}'.")
    elif not toegang and soort == Bezoeksoort.WONINGBEZOEK:
        add("toegang", "Geef aan of er toegang tot de woning was.")
    for field, count in (("volwassenen", volwassenen), ("kinderen", kinderen)):
        if (message := persons_count_error(count)) is not None:
            add(field, message)
        elif count is None and soort == Bezoeksoort.WONINGBEZOEK and toegang in BINNEN:
            add(field, f"Geef het aantal aangetroffen {field} op (0 als er geen waren).")
    if len(partners.strip()) > MAX_PARTNERS:
        add("partners", f"Gebruik hooguit {MAX_PARTNERS} tekens.")
    for field, text, longest in (
        ("opmerkingen", opmerkingen, validators.MAX_DESCRIPTION),
        ("correctiereden", correctiereden, validators.MAX_REASON),
    ):
        if message := validators.too_long(text.strip(), longest):
            add(field, message)
    for person in medewerkers:
        if not person.is_active or person.organisatie_id != actor.organisatie_id:
            add("medewerkers", f"{person} is geen actieve medewerker van uw organisatie.")
    seen: set[str] = set()
    for bevinding in bevindingen:
        where = f"bevindingen[{bevinding.categorie}]"
        if bevinding.categorie not in Categorie.values:
            add("bevindingen", f"Onbekende categorie '{bevinding.categorie}'.")
        elif bevinding.categorie in seen:
            add("bevindingen", f"{Categorie(bevinding.categorie).label} staat er twee keer in.")
        elif bevinding.vastgesteld and not bevinding.toelichting.strip():
            add(f"{where}.toelichting", "Licht toe wat u heeft vastgesteld.")
        elif message := validators.too_long(bevinding.toelichting.strip(), validators.MAX_REASON):
            add(f"{where}.toelichting", message)
        seen.add(bevinding.categorie)
    if corrigeert is not None:
        corrigeert = Bezoek.objects.select_for_update().get(pk=corrigeert.pk)
        if corrigeert.casus_id != casus.pk:
            add("corrigeert", "Het gecorrigeerde bezoek hoort bij een andere casus.")
        elif Bezoek.objects.filter(corrigeert=corrigeert).exists():
            add("corrigeert", "Dit bezoek is al gecorrigeerd; corrigeer de laatste versie.")
        if not correctiereden.strip():
            add("correctiereden", "Geef aan wat deze correctie verbetert.")

    huurtoets = None
    if huur is not None:
        try:
            huurtoets = huurprijs_check(
                huur.woning,
                kale_huur=huur.kale_huur,
                datum_huurovereenkomst=huur.datum_huurovereenkomst,
                peildatum=datum,
                drempel=huurdrempel,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                # The rent check's peildatum is the visit date.
                for message in messages:
                    add("datum" if field == "peildatum" else field, message)
    bewoningstoets = None
    oppervlakte = object.verblijfsobject.oppervlakte
    counted = volwassenen is not None or kinderen is not None
    if counted and oppervlakte and not {"volwassenen", "kinderen"} & errors.keys():
        try:
            bewoningstoets = bewoning_check(
                oppervlakte=oppervlakte,
                volwassenen=volwassenen or 0,
                kinderen=kinderen or 0,
                norm=bewoningsnorm,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    add(field, message)
    if errors:
        raise ValidationError(errors)

    organisatie = actor.organisatie
    assert organisatie is not None  # no organisation, no case to record in
    termijn = parameter_op(definities.OPKOOPBESCHERMING_TERMIJN, datum)
    marge = parameter_op(definities.AANVRAAG_VOOR_LEVERING, datum)
    vergunningstoets = vergunningen_check(
        object.verblijfsobject,
        datum=datum,
        termijn_opkoopbescherming=termijn,
        aanvraag_voor_levering=marge,
    )
    bezoek = Bezoek.objects.create(
        casus=casus,
        casusobject=object,
        soort=soort,
        datum=datum,
        tijd=tijd,
        toegang=toegang,
        partners=partners.strip(),
        volwassenen=volwassenen,
        kinderen=kinderen,
        opmerkingen=opmerkingen.strip(),
        corrigeert=corrigeert,
        correctiereden=correctiereden.strip() if corrigeert else "",
        vastgelegd_door=actor,
        organisatie=organisatie,
    )
    bezoek.medewerkers.set(medewerkers)
    stored = Bevinding.objects.bulk_create(
        Bevinding(
            bezoek=bezoek,
            categorie=b.categorie,
            vastgesteld=b.vastgesteld,
            toelichting=b.toelichting.strip(),
        )
        for b in bevindingen
    )
    if huur is not None and huurtoets is not None:
        _store_rent(bezoek, huur, huurtoets)
    if bewoningstoets is not None:
        _store_occupancy(bezoek, bewoningstoets)
    _store_permits(bezoek, vergunningstoets, termijn, marge)
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.BEVINDING,
        samenvatting(bezoek, stored, huurtoets, bewoningstoets, vergunningstoets),
        actor,
    )
    if any(b.vastgesteld for b in stored):
        # The landlord monitor hears of each visit that establishes a violation (a correction
        # too: the monitor knows its chain and raises an alert once).
        for hook in dwelling_events:
            hook(
                verblijfsobject_id=object.verblijfsobject_id,
                soort="bevinding",
                datum=datum,
                bron=f"bezoek:{bezoek.pk}",
                casus_id=casus.pk,
                actor=actor,
            )
    if soort == Bezoeksoort.WONINGBEZOEK and toegang in BINNEN:
        # A visit that did not get in leaves the visit task open: it is still to be done.
        visit_tasks_complete(
            actor=actor,
            casus=casus,
            uitkomst=f"woningbezoek van {display.datum(datum)}, {Toegang(toegang).label.lower()}.",
        )
    processing_log_record(
        actor=actor,
        operation="Bezoek vastgelegd" if corrigeert is None else "Bezoek gecorrigeerd",
        activity=ACTIVITY,
        subjects=eigenaren_of(object.verblijfsobject_id),
        object_ref=f"casus:{casus.referentie}/bezoek:{bezoek.pk}",
    )
    return bezoek


def _store_rent(bezoek: Bezoek, huur: Huurinvoer, toets: HuurprijsToets) -> None:
    telling = toets.puntentelling
    Huurprijsuitkomst.objects.create(
        bezoek=bezoek,
        woningkenmerken=kenmerken_to_json(huur.woning),
        kale_huur=toets.kale_huur,
        datum_huurovereenkomst=toets.datum_huurovereenkomst,
        peildatum=telling.peildatum,
        punten=telling.punten,
        rubrieken=[
            {
                "code": r.code,
                "naam": r.naam,
                "punten": str(r.punten),
                "opslagpercentage": (
                    str(r.opslagpercentage) if r.opslagpercentage is not None else None
                ),
            }
            for r in telling.rubrieken
        ],
        maximale_huur_zonder_opslag=telling.maximale_huur_zonder_opslag,
        opslagpercentage=telling.opslagpercentage,
        maximale_huur=telling.maximale_huur,
        maximale_huur_volgens_tabel=telling.maximale_huur_volgens_tabel,
        tabel_klopt=telling.tabel_klopt,
        sector=toets.sector.value,
        maximum_van_toepassing=toets.maximum_van_toepassing,
        overschrijding=toets.overschrijding,
        overschrijding_percentage=toets.overschrijding_percentage,
        boven_drempel=toets.boven_drempel,
        toelichting=list(toets.toelichting),
        drempel_waarde=toets.drempel.waarde,
        drempel_bron=toets.drempel.bron,
        drempel_geldig_vanaf=toets.drempel.geldig_vanaf,
        woningwaardering_versie=_woningwaardering_versie(),
    )


def _store_occupancy(bezoek: Bezoek, toets: BewoningsToets) -> None:
    Bewoningsuitkomst.objects.create(
        bezoek=bezoek,
        oppervlakte=toets.oppervlakte,
        volwassenen=toets.volwassenen,
        kinderen=toets.kinderen,
        oppervlakte_per_persoon=toets.oppervlakte_per_persoon,
        maximaal_aantal_personen=toets.maximaal_aantal_personen,
        overbewoond=toets.overbewoond,
        toelichting=toets.toelichting,
        norm_waarde=toets.norm.waarde,
        norm_bron=toets.norm.bron,
        norm_geldig_vanaf=toets.norm.geldig_vanaf,
    )


def _permit(vergunning: Vergunning | None) -> dict[str, Any] | None:
    if vergunning is None:
        return None
    return {
        "soort": vergunning.soort,
        "status": vergunning.status,
        "aangevraagd_op": vergunning.aangevraagd_op.isoformat(),
        "geldig_van": vergunning.geldig_van.isoformat() if vergunning.geldig_van else None,
        "geldig_tot": vergunning.geldig_tot.isoformat() if vergunning.geldig_tot else None,
    }


def _rule(plicht: Vergunningplicht) -> dict[str, Any]:
    return {
        "regeling": str(plicht.regeling),
        "naam": Regeling(plicht.regeling).label,
        "van_toepassing": plicht.van_toepassing,
        "geldige_vergunning": _permit(plicht.geldige_vergunning),
        "aanvraag_in_behandeling": _permit(plicht.aanvraag_in_behandeling),
        "vergunning_ontbreekt": plicht.vergunning_ontbreekt,
        "redenen": list(plicht.redenen),
        "grondslag": plicht.grondslag,
    }


def _parameter(naam: str, parameter: Parameter[Any]) -> dict[str, Any]:
    return {
        "naam": naam,
        "waarde": str(parameter.waarde),
        "bron": parameter.bron,
        "geldig_vanaf": parameter.geldig_vanaf.isoformat() if parameter.geldig_vanaf else None,
    }


def _store_permits(
    bezoek: Bezoek, toets: Vergunningstoets, termijn: Parameter[int], marge: Parameter[int]
) -> None:
    Vergunningsuitkomst.objects.create(
        bezoek=bezoek,
        datum=toets.datum,
        verhuurvergunning_nodig=toets.verhuurvergunning.van_toepassing,
        opkoopbescherming_van_toepassing=toets.opkoopbescherming.van_toepassing,
        vergunning_ontbreekt=toets.vergunning_ontbreekt,
        regels=[_rule(toets.verhuurvergunning), _rule(toets.opkoopbescherming)],
        parameters=[
            _parameter("Termijn opkoopbescherming (jaren)", termijn),
            _parameter("Aanvraag vóór verkrijging toegerekend aan de eigenaar (dagen)", marge),
        ],
    )
