"""Reads on visits. The case rule of `goedwonen.casussen.selectors` decides, with one part:
an organisation sees a case's visits when it directs the case or a running sharing with it
includes `bevindingen`, and may record one on the same terms with INSPECTIONS_RECORD.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus, CasusObject, Onderdeel
from goedwonen.casussen.selectors import Inzage, inzage_of, visible_cases
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.registry.models import Eigendom, Verblijfsobject, WozWaarde

from .models import Bezoek, Bezoekconcept

ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE


def may_record(actor: User, inzage: Inzage) -> bool:
    return can(actor, Capability.INSPECTIONS_RECORD) and inzage.ziet(Onderdeel.BEVINDINGEN)


def eigenaren_of(verblijfsobject_id: int) -> list[DataSubject]:
    """The object's current owners: whose dwelling and rent a visit records facts about."""
    return [
        DataSubject("eigenaar", e.eigenaar.eigenaar_id)
        for e in Eigendom.objects.filter(
            verblijfsobject_id=verblijfsobject_id, beeindigd_op__isnull=True
        ).select_related("eigenaar")
    ]


def casus_for_bezoek(*, actor: User, referentie: str) -> Inzage:
    """The case an inspector is about to record a visit in (the read is logged).
    Casus.DoesNotExist when the actor may not see it; PermissionDenied when it sees the case
    but its organisation may not record visits in it."""
    require(actor, Capability.INSPECTIONS_RECORD)
    casus = (
        visible_cases(actor)
        .select_related("casusregisseur", "organisatie")
        .get(referentie=referentie)
    )
    inzage = inzage_of(actor=actor, casus=casus)
    if not may_record(actor, inzage):
        raise PermissionDenied(
            "Uw organisatie kan in deze casus geen bezoek vastleggen: de casus is niet met "
            "haar gedeeld met het onderdeel bezoeken en bevindingen."
        )
    processing_log_record(
        actor=actor,
        operation="Casus ingezien om een bezoek vast te leggen",
        activity=ACTIVITY,
        object_ref=f"casus:{casus.referentie}",
    )
    return inzage


def objecten_for_bezoek(inzage: Inzage) -> QuerySet[CasusObject]:
    # A visit is always at an address: who may record or see visits sees the visited
    # addresses, also when the sharing leaves out the part `objecten`.
    return inzage.casus.objecten.select_related("adres", "verblijfsobject__pand").order_by("pk")


def bezoeken_in_casus(inzage: Inzage) -> QuerySet[Bezoek]:
    """The case's visits the actor may see, newest first; a corrected one stays listed,
    `correctie` points at its successor."""
    if not inzage.ziet(Onderdeel.BEVINDINGEN):
        return Bezoek.objects.none()
    # Read by id, not joined, as the case's outcomes are (ADR 0027: planning the joins cost
    # more than running them).
    return inzage.casus.bezoeken.prefetch_related(
        "casusobject__adres", "vastgelegd_door", "organisatie", "correctie"
    )


def bezoek_detail(*, actor: User, referentie: str, pk: int) -> tuple[Inzage, Bezoek]:
    """One visit with its findings and check outcomes (the read is logged).
    Bezoek.DoesNotExist when the actor may not see the case or its visits."""
    require(actor, Capability.CASES_VIEW)
    try:
        casus = visible_cases(actor).get(referentie=referentie)
    except Casus.DoesNotExist:
        raise Bezoek.DoesNotExist from None
    inzage = inzage_of(actor=actor, casus=casus)
    bezoek = (
        bezoeken_in_casus(inzage)
        .select_related(
            "corrigeert",
            "casusobject__verblijfsobject",
            "huurprijs",
            "bewoning",
            "vergunningen",
        )
        .prefetch_related("medewerkers", "bevindingen")
        .get(pk=pk)
    )
    processing_log_record(
        actor=actor,
        operation="Bezoek ingezien",
        activity=ACTIVITY,
        subjects=eigenaren_of(bezoek.casusobject.verblijfsobject_id),
        object_ref=f"casus:{casus.referentie}/bezoek:{bezoek.pk}",
    )
    return inzage, bezoek


@dataclass(frozen=True)
class Registergegevens:
    """What the registry says about an object that the rent check asks for."""

    gebruiksoppervlakte: int | None
    bouwjaar: int | None
    woz_waarde: int | None
    woz_waardepeildatum: date | None
    woonplaatscode: str


def registergegevens(casusobject: CasusObject, *, op: date) -> Registergegevens:
    """For prefilling the rent check. The WOZ value is the latest one the rent check can use
    on `op` (waardepeildatum 1 January of one or two years before), else the latest known,
    which the check will then refuse with the reason."""
    vbo: Verblijfsobject = casusobject.verblijfsobject
    values = list(WozWaarde.objects.filter(verblijfsobject=vbo).order_by("peildatum"))
    usable = [
        w for w in values if w.peildatum in (date(op.year - 1, 1, 1), date(op.year - 2, 1, 1))
    ]
    candidates = usable or values
    woz = candidates[-1] if candidates else None
    adres = casusobject.adres
    return Registergegevens(
        gebruiksoppervlakte=vbo.oppervlakte,
        bouwjaar=vbo.pand.bouwjaar if vbo.pand else None,
        woz_waarde=woz.waarde if woz else None,
        woz_waardepeildatum=woz.peildatum if woz else None,
        woonplaatscode=woonplaatscode(adres.woonplaats) if adres else "",
    )


@cache
def _woonplaatscodes() -> dict[str, list[str]]:
    # The package's own table of BAG woonplaatsen (the rent check accepts only those codes).
    # `goedwonen.checks.huurprijs` imported the package through its one safe door first.
    from goedwonen.checks import huurprijs  # noqa: F401

    table = files("woningwaardering").joinpath("data", "corop", "corop.generated.csv")
    codes: dict[str, list[str]] = {}
    for row in csv.DictReader(table.read_text(encoding="utf-8").splitlines()):
        codes.setdefault(row["Woonplaats"].casefold(), []).append(row["Woonplaatscode"])
    return codes


def woonplaatscode(naam: str) -> str:
    """The BAG woonplaatscode of a place name, or "" when unknown or ambiguous."""
    found = _woonplaatscodes().get(naam.strip().casefold(), [])
    return found[0] if len(found) == 1 else ""


def collegas(actor: User) -> QuerySet[User]:
    """The people of the actor's organisation who can be named as present at a visit."""
    return User.objects.filter(
        organisatie=actor.organisatie, is_active=True, is_serviceaccount=False
    ).order_by("first_name", "last_name", "username")


def bezoekconcept_of(
    *, actor: User, casus: Casus, corrigeert: Bezoek | None
) -> Bezoekconcept | None:
    """The actor's open draft of a visit in the case (of a correction of `corrigeert`).
    Drafts are personal: nobody else sees what someone is still typing."""
    return Bezoekconcept.objects.filter(
        casus=casus, eigenaar=actor, corrigeert=corrigeert, bezoek__isnull=True
    ).first()


def bezoekconcept_recorded(*, actor: User, casus: Casus, pk: int) -> Bezoek | None:
    """The visit recorded from the actor's draft `pk`, or None while it is still a draft."""
    concept = (
        Bezoekconcept.objects.filter(pk=pk, casus=casus, eigenaar=actor)
        .select_related("bezoek")
        .first()
    )
    return concept.bezoek if concept is not None else None
