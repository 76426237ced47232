"""Fines from the policy: the policy valid on a date, a proposal with its reasoning, and the
fine set by a jurist (the proposal, or another amount with a recorded reason, never above the
statutory maximum). Earlier fines of an owner come from the imported history
(`registry.Handhaving`, instrument `bestuurlijke_boete`) and the fines set here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.categories import Categorie
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.registry.contract import Instrument as Registratie
from goedwonen.registry.models import Handhaving

from .models import Boetebeleid, Boetevaststelling, Boetewet

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Eigenaar

    from .models import Traject

ACTIVITY = Verwerkingsactiviteitcode.HANDHAVING
RECIDIVE_JAREN = 4
CENT = Decimal("0.01")


def years_before(datum: date, jaren: int) -> date:
    """The same day `jaren` years earlier; 29 February becomes 28 February."""
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:
        return datum.replace(year=datum.year - jaren, day=28)


# --- The policy ---------------------------------------------------------------------------


def boetebeleid_op(*, actor: User | None, datum: date) -> Boetebeleid:
    """The policy version valid on `datum`; Boetebeleid.DoesNotExist (Dutch) when none is."""
    require_any(actor, Capability.ENFORCEMENT_WORK, Capability.INSTRUMENTS_MANAGE)
    found = Boetebeleid.objects.filter(geldig_vanaf__lte=datum).order_by("-geldig_vanaf").first()
    if found is None:
        raise Boetebeleid.DoesNotExist(
            f"Er is geen boetebeleid dat geldt op {display.datum(datum)}: stel eerst een "
            "versie vast."
        )
    return found


def boetebeleid_history(*, actor: User | None) -> list[Boetebeleid]:
    """Every version, newest first."""
    require(actor, Capability.INSTRUMENTS_MANAGE)
    return list(Boetebeleid.objects.select_related("vastgesteld_door").order_by("-geldig_vanaf"))


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def boetebeleid_errors(parameters: Any) -> list[str]:
    """What is wrong with a policy's parameters, one Dutch line per fault, naming where."""
    if not isinstance(parameters, Mapping):
        return ["De parameters van het boetebeleid ontbreken."]
    errors: list[str] = []
    overtredingen = parameters.get("overtredingen")
    if not isinstance(overtredingen, list) or not overtredingen:
        errors.append("Noem ten minste één overtreding met een basisbedrag.")
        overtredingen = []
    seen: set[str] = set()
    wetten: set[str] = set()
    for n, regel in enumerate(overtredingen, start=1):
        if not isinstance(regel, Mapping):
            errors.append(f"Overtreding {n}: geen overtreding.")
            continue
        categorie = regel.get("categorie")
        where = f"Overtreding {n} ({categorie})"
        if categorie not in Categorie.values:
            errors.append(f"{where}: onbekende categorie.")
        elif categorie in seen:
            errors.append(f"{where}: staat er al.")
        seen.add(str(categorie))
        if regel.get("wet") not in Boetewet.values:
            errors.append(f"{where}: kies de wet uit {', '.join(Boetewet.values)}.")
        else:
            wetten.add(regel["wet"])
        basis = _amount(regel.get("basisbedrag"))
        if basis is None or basis <= 0:
            errors.append(f"{where}: het basisbedrag is een bedrag groter dan 0.")
        if not str(regel.get("naam") or "").strip():
            errors.append(f"{where}: geef de overtreding een naam.")
    for key, label in (("bedrijfsmatig_factor", "bedrijfsmatig"), ("recidive_factor", "recidive")):
        factor = _amount(parameters.get(key))
        if factor is None or not Decimal(1) <= factor <= Decimal(10):
            errors.append(f"De factor voor {label} is een getal van 1 tot en met 10.")
    maxima = parameters.get("maxima")
    if not isinstance(maxima, list):
        maxima = []
    for n, maximum in enumerate(maxima, start=1):
        if not isinstance(maximum, Mapping):
            errors.append(f"Maximum {n}: geen maximum.")
            continue
        bedrag = _amount(maximum.get("bedrag"))
        if bedrag is None or bedrag <= 0:
            errors.append(f"Maximum {n}: het bedrag is een bedrag groter dan 0.")
        try:
            date.fromisoformat(str(maximum.get("prijspeil")))
        except ValueError:
            errors.append(f"Maximum {n}: het prijspeil is een datum (JJJJ-MM-DD).")
        if not str(maximum.get("bron") or "").strip():
            errors.append(f"Maximum {n}: noem de bron van het maximum.")
    for wet in sorted(wetten):
        for recidive in (False, True):
            if not any(
                isinstance(m, Mapping) and m.get("wet") == wet and m.get("recidive") is recidive
                for m in maxima
            ):
                errors.append(
                    f"Het wettelijk maximum voor {Boetewet(wet).label} "
                    f"{'bij recidive' if recidive else 'bij een eerste overtreding'} ontbreekt."
                )
    return errors


@transaction.atomic
def boetebeleid_create(
    *,
    actor: User | None,
    geldig_vanaf: date,
    naam: str,
    parameters: Mapping[str, Any],
    reden: str,
    bron: str = "",
) -> Boetebeleid:
    """A new policy version, valid from `geldig_vanaf` (today or later, and after the latest
    version: policy never changes with retroactive effect). Earlier versions stay as they are,
    so fines already set can still be explained."""
    require(actor, Capability.INSTRUMENTS_MANAGE)
    errors: dict[str, list[str]] = {}
    if not reden.strip():
        errors["reden"] = ["Zeg wat er in deze versie verandert en waarom."]
    elif len(reden) > validators.MAX_REASON:
        errors["reden"] = [f"De reden is ten hoogste {validators.MAX_REASON} tekens."]
    if not naam.strip():
        errors["naam"] = ["Geef het beleid een naam (de beleidsregels waar het uit komt)."]
    # Locked so two versions saved at once cannot take the same number or date.
    latest = Boetebeleid.objects.select_for_update().order_by("-geldig_vanaf").first()
    today = timezone.localdate()
    if geldig_vanaf < today:
        errors["geldig_vanaf"] = [
            "Boetebeleid geldt niet met terugwerkende kracht: kies "
            f"{display.datum(today)} of later."
        ]
    elif latest is not None and geldig_vanaf <= latest.geldig_vanaf:
        errors["geldig_vanaf"] = [
            f"Versie {latest.versie} geldt vanaf {display.datum(latest.geldig_vanaf)}; een nieuwe "
            "versie geldt vanaf een latere datum."
        ]
    if parameter_errors := boetebeleid_errors(parameters):
        errors["parameters"] = parameter_errors
    if errors:
        raise ValidationError(errors)
    number = (Boetebeleid.objects.aggregate(m=Max("versie"))["m"] or 0) + 1
    return Boetebeleid.objects.create(
        versie=number,
        geldig_vanaf=geldig_vanaf,
        naam=naam.strip(),
        bron=bron.strip(),
        parameters=dict(parameters),
        reden=reden.strip(),
        vastgesteld_door=actor,
    )


# --- Earlier fines ------------------------------------------------------------------------


@dataclass(frozen=True)
class EerdereBoete:
    datum: date
    bedrag: Decimal | None
    categorie: str
    # Where it comes from: "handhavingen.csv <bron_id>" or "boete <pk>".
    bron: str


def eerdere_boetes(*, actor: User | None, eigenaar: Eigenaar, datum: date) -> list[EerdereBoete]:
    """The owner's fines dated in the four years before `datum` (from the same day four years
    earlier up to the day before), oldest first. Reads personal data: logged."""
    require(actor, Capability.ENFORCEMENT_WORK)
    vanaf = years_before(datum, RECIDIVE_JAREN)
    found = [
        EerdereBoete(h.datum, h.bedrag, h.categorie, f"handhavingen.csv {h.bron_id}")
        for h in Handhaving.objects.filter(
            eigenaar=eigenaar,
            instrument=Registratie.BESTUURLIJKE_BOETE,
            datum__gte=vanaf,
            datum__lt=datum,
        )
    ] + [
        EerdereBoete(b.beslisdatum, b.bedrag, b.categorie, f"boete {b.pk}")
        for b in Boetevaststelling.objects.filter(
            eigenaar=eigenaar, beslisdatum__gte=vanaf, beslisdatum__lt=datum
        )
    ]
    processing_log_record(
        actor=actor,
        operation="Eerdere boetes van een eigenaar ingezien",
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", eigenaar.eigenaar_id)],
        object_ref=f"eigenaar:{eigenaar.eigenaar_id}",
    )
    return sorted(found, key=lambda b: (b.datum, b.bron))


# --- Proposal and decision ----------------------------------------------------------------


@dataclass(frozen=True)
class Boetevoorstel:
    beleid: Boetebeleid
    categorie: str
    wet: str
    bedrijfsmatig: bool
    recidive: bool
    eerdere: tuple[EerdereBoete, ...]
    bedrag: Decimal
    maximum: Decimal
    maximum_bron: str
    redenering: tuple[str, ...]


def _maximum(beleid: Boetebeleid, wet: str, recidive: bool, datum: date) -> Mapping[str, Any]:
    """The indexed maximum in force on `datum`: the one with the latest price level on or
    before it (a new index is a new entry, its date the price level)."""
    candidates = [
        m
        for m in beleid.parameters["maxima"]
        if m["wet"] == wet and m["recidive"] is recidive and m["prijspeil"] <= datum.isoformat()
    ]
    if not candidates:
        raise ValidationError(
            f"{beleid} noemt geen wettelijk maximum voor {Boetewet(wet).label} dat geldt op "
            f"{display.datum(datum)}."
        )
    return max(candidates, key=lambda m: m["prijspeil"])


def boete_voorstel(
    *,
    actor: User | None,
    eigenaar: Eigenaar,
    categorie: str,
    beslisdatum: date,
    bedrijfsmatig: bool,
) -> Boetevoorstel:
    """The amount the policy valid on `beslisdatum` proposes, with a line of reasoning per
    step: base amount, business-like letting, repeat offence within four years, maximum."""
    require(actor, Capability.ENFORCEMENT_WORK)
    try:
        beleid = boetebeleid_op(actor=actor, datum=beslisdatum)
    except Boetebeleid.DoesNotExist as error:
        raise ValidationError({"beslisdatum": [str(error)]}) from None
    regel = next(
        (r for r in beleid.parameters["overtredingen"] if r["categorie"] == categorie), None
    )
    if regel is None:
        raise ValidationError(
            {
                "categorie": [
                    f"{beleid} kent geen boete voor de categorie '{categorie}'; kies uit "
                    + ", ".join(r["categorie"] for r in beleid.parameters["overtredingen"])
                    + "."
                ]
            }
        )
    wet = regel["wet"]
    bedrag = Decimal(regel["basisbedrag"])
    lines = [
        f"{beleid} geldt op de beslisdatum {display.datum(beslisdatum)}.",
        f"Basisbedrag voor {regel['naam'].lower()} ({Boetewet(wet).label}): "
        f"{display.euro(bedrag)}.",
    ]
    if bedrijfsmatig:
        factor = Decimal(beleid.parameters["bedrijfsmatig_factor"])
        bedrag *= factor
        lines.append(f"Bedrijfsmatige verhuur: maal {factor.normalize()} = {display.euro(bedrag)}.")
    else:
        lines.append("Geen bedrijfsmatige verhuur: geen verhoging.")
    eerdere = tuple(eerdere_boetes(actor=actor, eigenaar=eigenaar, datum=beslisdatum))
    recidive = bool(eerdere)
    if recidive:
        factor = Decimal(beleid.parameters["recidive_factor"])
        bedrag *= factor
        dates = ", ".join(f"{display.datum(b.datum)}" for b in eerdere)
        lines.append(
            f"Recidive: eerdere boete{'s' if len(eerdere) > 1 else ''} op {dates}, binnen "
            f"{RECIDIVE_JAREN} jaar voor de beslisdatum: maal {factor.normalize()} = "
            f"{display.euro(bedrag)}."
        )
    else:
        lines.append(f"Geen eerdere boete in de {RECIDIVE_JAREN} jaar voor de beslisdatum.")
    maximum = _maximum(beleid, wet, recidive, beslisdatum)
    grens = Decimal(maximum["bedrag"])
    if bedrag > grens:
        bedrag = grens
        lines.append(
            f"Begrensd op het wettelijk maximum van {display.euro(grens)} (prijspeil "
            f"{display.datum(date.fromisoformat(maximum['prijspeil']))}; {maximum['bron']})."
        )
    else:
        lines.append(
            f"Onder het wettelijk maximum van {display.euro(grens)} (prijspeil "
            f"{display.datum(date.fromisoformat(maximum['prijspeil']))}; {maximum['bron']})."
        )
    return Boetevoorstel(
        beleid=beleid,
        categorie=categorie,
        wet=wet,
        bedrijfsmatig=bedrijfsmatig,
        recidive=recidive,
        eerdere=eerdere,
        bedrag=bedrag.quantize(CENT, rounding=ROUND_HALF_UP),
        maximum=grens,
        maximum_bron=maximum["bron"],
        redenering=tuple(lines),
    )


@dataclass(frozen=True)
class Boetekeuze:
    """A checked choice of amount, not yet stored: the proposal, the amount chosen, the
    reason for deviating (empty when the proposal is followed) and the reasoning lines."""

    eigenaar: Eigenaar
    beslisdatum: date
    voorstel: Boetevoorstel
    bedrag: Decimal
    afwijking_reden: str
    redenering: tuple[str, ...]

    @property
    def afgeweken(self) -> bool:
        return self.bedrag != self.voorstel.bedrag


def boete_keuze(
    *,
    actor: User | None,
    eigenaar: Eigenaar,
    categorie: str,
    beslisdatum: date,
    bedrijfsmatig: bool,
    bedrag: Decimal | None = None,
    afwijking_reden: str = "",
) -> Boetekeuze:
    """Check a fine against the policy without storing it: the proposal (recomputed here,
    never taken from the caller) when `bedrag` is None, or another amount with the reason for
    deviating; never above the statutory maximum. ValidationError (Dutch) on `bedrag`,
    `afwijking_reden`, `categorie` or `beslisdatum`."""
    voorstel = boete_voorstel(
        actor=actor,
        eigenaar=eigenaar,
        categorie=categorie,
        beslisdatum=beslisdatum,
        bedrijfsmatig=bedrijfsmatig,
    )
    gekozen = voorstel.bedrag if bedrag is None else bedrag
    reden = afwijking_reden.strip()
    errors: dict[str, list[str]] = {}
    if not gekozen.is_finite() or gekozen <= 0 or gekozen.quantize(CENT) != gekozen:
        errors["bedrag"] = ["Het bedrag is een bedrag in euro's groter dan 0, in hele centen."]
    elif gekozen > voorstel.maximum:
        errors["bedrag"] = [
            f"{display.euro(gekozen)} is meer dan het wettelijk maximum van "
            f"{display.euro(voorstel.maximum)} "
            f"({voorstel.maximum_bron})."
        ]
    if gekozen != voorstel.bedrag and not reden:
        errors["afwijking_reden"] = [
            f"Het beleid stelt {display.euro(voorstel.bedrag)} voor. Wijkt u daarvan af, zeg "
            "dan waarom."
        ]
    elif len(reden) > validators.MAX_REASON:
        errors["afwijking_reden"] = [f"De reden is ten hoogste {validators.MAX_REASON} tekens."]
    if errors:
        raise ValidationError(errors)
    lines = list(voorstel.redenering)
    if gekozen == voorstel.bedrag:
        reden = ""
        lines.append(f"Vastgesteld zoals voorgesteld: {display.euro(gekozen)}.")
    else:
        lines.append(f"Afgeweken van het voorstel: {display.euro(gekozen)}. Reden: {reden}")
    return Boetekeuze(eigenaar, beslisdatum, voorstel, gekozen, reden, tuple(lines))


def boete_vastleggen(
    *,
    actor: User | None,
    keuze: Boetekeuze,
    kenmerk: str = "",
    traject: Traject | None = None,
) -> Boetevaststelling:
    """Store a checked choice (`boete_keuze`) as the fine set, linked to the procedure it is
    decided in, if any. Call it inside the caller's transaction."""
    require(actor, Capability.ENFORCEMENT_WORK)
    voorstel = keuze.voorstel
    boete = Boetevaststelling.objects.create(
        beleid=voorstel.beleid,
        eigenaar=keuze.eigenaar,
        traject=traject,
        kenmerk=kenmerk.strip(),
        categorie=voorstel.categorie,
        wet=voorstel.wet,
        beslisdatum=keuze.beslisdatum,
        bedrijfsmatig=voorstel.bedrijfsmatig,
        recidive=voorstel.recidive,
        voorgesteld_bedrag=voorstel.bedrag,
        bedrag=keuze.bedrag,
        maximum=voorstel.maximum,
        redenering=list(keuze.redenering),
        afwijking_reden=keuze.afwijking_reden,
        vastgesteld_door=actor,
    )
    processing_log_record(
        actor=actor,
        operation=f"Bestuurlijke boete vastgesteld ({display.euro(keuze.bedrag)})",
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", keuze.eigenaar.eigenaar_id)],
        object_ref=f"boete:{boete.pk}",
    )
    return boete


@transaction.atomic
def boete_vaststellen(
    *,
    actor: User | None,
    eigenaar: Eigenaar,
    categorie: str,
    beslisdatum: date,
    bedrijfsmatig: bool,
    bedrag: Decimal | None = None,
    afwijking_reden: str = "",
    kenmerk: str = "",
) -> Boetevaststelling:
    """Set a fine: `boete_keuze` checks it, `boete_vastleggen` stores it."""
    keuze = boete_keuze(
        actor=actor,
        eigenaar=eigenaar,
        categorie=categorie,
        beslisdatum=beslisdatum,
        bedrijfsmatig=bedrijfsmatig,
        bedrag=bedrag,
        afwijking_reden=afwijking_reden,
    )
    return boete_vastleggen(actor=actor, keuze=keuze, kenmerk=kenmerk)
