"""Recording what changed after an intervention in a case (`models.Uitkomst`): checked per
field, on the case's timeline and in the processing log, in one transaction. A correction is
a new record naming the one it corrects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.casussen.models import Casus, CasusObject, Gebeurtenissoort
from goedwonen.casussen.selectors import inzage_of
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display, validators
from goedwonen.core.policy import Capability, require_any
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.models import Document
from goedwonen.inspecties.models import Bezoek, Huurprijsuitkomst
from goedwonen.inspecties.selectors import eigenaren_of
from goedwonen.inspecties.services import persons_count_error

from .models import Uitkomst, Uitkomstsoort
from .uitkomsten_selectors import ACTIVITY, may_record

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# The highest rent per month the form takes (a sanity bound, not a rule of rent law).
MAX_HUUR = Decimal("99999.99")
CENT = Decimal("0.01")
# The kinds that carry the rent before and after, and the people before and after.
MET_HUUR = frozenset({Uitkomstsoort.HUUR_VERLAAGD})
MET_PERSONEN = frozenset(
    {Uitkomstsoort.INSCHRIJVING_GECORRIGEERD, Uitkomstsoort.BEWONING_VERMINDERD}
)


def _require_recorder(actor: User, casus: Casus) -> None:
    require_any(actor, Capability.CASES_DIRECT, Capability.TASKS_WORK)
    try:
        inzage = inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise PermissionDenied("Deze casus is niet zichtbaar voor uw organisatie.") from None
    if not may_record(actor, inzage):
        raise PermissionDenied(
            "Uw organisatie kan in deze casus geen uitkomst vastleggen: de casus is niet met "
            "haar gedeeld met het onderdeel bezoeken en bevindingen, of u werkt niet aan de "
            "casus."
        )


def _amount_error(value: Decimal | None) -> str | None:
    if value is None:
        return None
    try:
        exact = value == value.quantize(CENT)
    except InvalidOperation:
        exact = False
    if not value.is_finite() or not exact:
        return "Geef een bedrag in euro's met hooguit twee cijfers achter de komma, bv. 950,00."
    if not Decimal("0") < value <= MAX_HUUR:
        return f"Geef een bedrag groter dan 0 en ten hoogste {display.euro(MAX_HUUR)}."
    return None


@transaction.atomic
def uitkomst_record(
    *,
    actor: User,
    casus: Casus,
    casusobject: CasusObject,
    soort: str,
    datum: date,
    huur_van: Decimal | None = None,
    huur_naar: Decimal | None = None,
    personen_voor: int | None = None,
    personen_na: int | None = None,
    omschrijving: str = "",
    bezoek: Bezoek | None = None,
    document: Document | None = None,
    bewijs: str = "",
    corrigeert: Uitkomst | None = None,
    correctiereden: str = "",
) -> Uitkomst:
    """Record what changed after an intervention, on one of the case's objects.

    A rent reduction needs the new rent; the rent before comes from the rent check of the
    visit given as evidence when it is not given. A BRP correction and reduced occupancy need
    the people before and after. Evidence is a visit, a document of the case or a
    description (at least one). Raises ValidationError naming each wrong field and
    PermissionDenied when the actor may not record outcomes in the case."""
    _require_recorder(actor, casus)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    omschrijving, bewijs, correctiereden = (
        omschrijving.strip(),
        bewijs.strip(),
        correctiereden.strip(),
    )
    if not casus.is_open:
        add("casus", "De casus is gesloten: heropen haar om een uitkomst vast te leggen.")
    if casusobject.casus_id != casus.pk:
        add("casusobject", "Dit adres hoort niet bij de casus.")
    if soort not in Uitkomstsoort.values:
        add("soort", "Kies wat er veranderd is.")
    if datum > timezone.localdate():
        add("datum", "De datum ligt in de toekomst: leg een uitkomst vast als ze er is.")
    if bezoek is not None:
        if bezoek.casus_id != casus.pk:
            add("bezoek", "Dit bezoek hoort bij een andere casus.")
        elif Bezoek.objects.filter(corrigeert=bezoek).exists():
            add("bezoek", "Dit bezoek is gecorrigeerd: kies de laatste versie.")
    if document is not None and document.casus_id != casus.pk:
        add("document", "Dit document hoort bij een andere casus.")

    if soort in MET_HUUR:
        if huur_van is None and bezoek is not None and "bezoek" not in errors:
            toets = Huurprijsuitkomst.objects.filter(bezoek=bezoek).first()
            huur_van = toets.kale_huur if toets is not None else None
        if huur_van is None:
            add("huur_van", "Geef de huur per maand vóór de verlaging op.")
        if huur_naar is None:
            add("huur_naar", "Geef de nieuwe huur per maand op.")
        for field, amount in (("huur_van", huur_van), ("huur_naar", huur_naar)):
            if message := _amount_error(amount):
                add(field, message)
        if (
            huur_van is not None
            and huur_naar is not None
            and not {"huur_van", "huur_naar"} & errors.keys()
            and huur_naar >= huur_van
        ):
            add("huur_naar", "De nieuwe huur moet lager zijn dan de huur ervoor.")
    elif soort in Uitkomstsoort.values:  # an unknown kind has its own error
        for field, amount in (("huur_van", huur_van), ("huur_naar", huur_naar)):
            if amount is not None:
                add(field, "Vul een huur alleen in bij een huurverlaging.")

    if soort in MET_PERSONEN:
        for field, count in (("personen_voor", personen_voor), ("personen_na", personen_na)):
            if count is None:
                add(field, "Geef het aantal personen op (0 als er geen waren).")
            elif message := persons_count_error(count):
                add(field, message)
        if (
            personen_voor is not None
            and personen_na is not None
            and not ({"personen_voor", "personen_na"} & errors.keys())
        ):
            if soort == Uitkomstsoort.BEWONING_VERMINDERD and personen_na >= personen_voor:
                add("personen_na", "Na het terugbrengen wonen er minder personen dan ervoor.")
            if soort == Uitkomstsoort.INSCHRIJVING_GECORRIGEERD and personen_na == personen_voor:
                add(
                    "personen_na",
                    "Na de correctie staan er evenveel personen ingeschreven als ervoor: "
                    "geef de aantallen volgens de BRP.",
                )
    elif soort in Uitkomstsoort.values:
        for field, count in (("personen_voor", personen_voor), ("personen_na", personen_na)):
            if count is not None:
                add(
                    field,
                    "Vul aantallen personen alleen in bij een gecorrigeerde inschrijving of "
                    "teruggebrachte bewoning.",
                )

    if soort == Uitkomstsoort.ANDERS and not omschrijving:
        add("omschrijving", "Beschrijf wat er veranderd is.")
    if not (bezoek or document or bewijs):
        add(
            "bewijs",
            "Noem het bewijs: kies een bezoek of document, of beschrijf het (bv. de uitspraak "
            "van de Huurcommissie of een uittreksel uit de BRP).",
        )
    for field, text, longest in (
        ("omschrijving", omschrijving, validators.MAX_DESCRIPTION),
        ("bewijs", bewijs, validators.MAX_REASON),
        ("correctiereden", correctiereden, validators.MAX_REASON),
    ):
        if message := validators.too_long(text, longest):
            add(field, message)
    if corrigeert is not None:
        corrigeert = Uitkomst.objects.select_for_update().get(pk=corrigeert.pk)
        if corrigeert.casus_id != casus.pk:
            add("corrigeert", "De gecorrigeerde uitkomst hoort bij een andere casus.")
        elif Uitkomst.objects.filter(corrigeert=corrigeert).exists():
            add("corrigeert", "Deze uitkomst is al gecorrigeerd; corrigeer de laatste versie.")
        if not correctiereden:
            add("correctiereden", "Geef aan wat deze correctie verbetert.")
    if errors:
        raise ValidationError(errors)

    organisatie = actor.organisatie
    assert organisatie is not None  # no organisation, no case to record in
    uitkomst = Uitkomst.objects.create(
        casus=casus,
        casusobject=casusobject,
        soort=soort,
        datum=datum,
        huur_van=huur_van if soort in MET_HUUR else None,
        huur_naar=huur_naar if soort in MET_HUUR else None,
        personen_voor=personen_voor,
        personen_na=personen_na,
        omschrijving=omschrijving,
        bezoek=bezoek,
        document=document,
        bewijs=bewijs,
        corrigeert=corrigeert,
        correctiereden=correctiereden if corrigeert else "",
        vastgelegd_door=actor,
        organisatie=organisatie,
    )
    gebeurtenis_add(casus, Gebeurtenissoort.UITKOMST, samenvatting(uitkomst), actor)
    processing_log_record(
        actor=actor,
        operation="Uitkomst vastgelegd" if corrigeert is None else "Uitkomst gecorrigeerd",
        activity=ACTIVITY,
        subjects=eigenaren_of(casusobject.verblijfsobject_id),
        object_ref=f"casus:{casus.referentie}/uitkomst:{uitkomst.pk}",
    )
    return uitkomst


def samenvatting(uitkomst: Uitkomst) -> str:
    """One line for the timeline: what changed, from when, where."""
    what = uitkomst.get_soort_display()
    if uitkomst.huur_van is not None and uitkomst.huur_naar is not None:
        what += (
            f" van {display.euro(uitkomst.huur_van)} naar {display.euro(uitkomst.huur_naar)}"
            " per maand"
        )
    if uitkomst.personen_voor is not None and uitkomst.personen_na is not None:
        what += f" van {uitkomst.personen_voor} naar {uitkomst.personen_na} personen"
    text = f"{what}, per {display.datum(uitkomst.datum)}, {uitkomst.casusobject}."
    if uitkomst.omschrijving:
        text += f" {uitkomst.omschrijving}"
    if uitkomst.corrigeert_id:
        text = f"Correctie: {text} Reden: {uitkomst.correctiereden}"
    return f"Uitkomst: {text}"
