"""The catalogue of enforcement instruments: what a jurist reads and how a new version is made.

Selectors (reads) and the one service (`instrumentversie_create`) of the catalogue. The
catalogue holds no personal data, so reading it writes no processing-log line. Readers are the
jurists who manage it, everyone who handles procedures, and case directors who choose one.

Letter texts are Django templates filled with one context variable, `brief`. The placeholders
a text may use are the keys of `VOORBEELD_BRIEF` (the renderer of a procedure's letters,
`goedwonen.handhaving.brieven`, fills the same keys); a text is checked against that example
when a version is made, so a typo or a broken tag is refused before any letter goes out.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet

from goedwonen.core import validators
from goedwonen.core.policy import Capability, require, require_any
from goedwonen.documenten import brieftekst

from .models import Instrument, Instrumentversie, Stapsoort, Stapuitvoerder

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

READERS = (Capability.INSTRUMENTS_MANAGE, Capability.ENFORCEMENT_WORK, Capability.CASES_DIRECT)

TERMIJN_MAX_DAGEN = 365
MAX_STAPPEN = 30
MAX_BRIEFTITEL = 200
MAX_BRIEFTEKST = 20_000

# Every placeholder a letter text may use, with an example value: the snapshot the letter
# renderer (`goedwonen.handhaving.brieven.brief_snapshot`) fills, whose dates and amounts are
# already text ("30 maart 2026", "€ 2.500,00"). `brief.adressen` is a list (use
# `|join:", "`). `last` (what the addressee must do) and `bedrag_maximum` (the most a
# dwangsom forfeits, Awb 5:32b) are asked of the renderer; the texts use them inside
# `{% if %}`, so a letter reads well without them.
VOORBEELD_BRIEF: dict[str, Any] = {
    "gemeente": "Gemeente Rotterdam",
    "organisatie": "Stadsontwikkeling",
    "titel": "Besluit last onder dwangsom",
    "datum": "2026-03-02",
    "datum_tekst": "2 maart 2026",
    "kenmerk": "CS-2026-0001/HH1",
    "casus": "CS-2026-0001",
    "melding": "",
    "geadresseerde": {
        "eigenaar_id": "E000123",
        "naam": "J. Jansen",
        "soort": "natuurlijk_persoon",
        "kvk_nummer": "",
        "straat_huisnummer": "Dorpsweg 1",
        "postcode": "3083 AB",
        "woonplaats": "Rotterdam",
    },
    "adressen": ["Carnisselaan 1, 3083 AB Rotterdam"],
    "instrument": {
        "naam": "Last onder dwangsom",
        "regeling": "Algemene wet bestuursrecht",
        "artikel": "artikel 5:32",
        "regeling_versiedatum": "1 januari 2024",
        "bevoegd_orgaan": "het college van burgemeester en wethouders",
        "mandaat": "het hoofd van de afdeling Toezicht en Handhaving Wonen",
        "versie": 1,
    },
    "stap": {"naam": "Besluit", "soort": "besluit"},
    "termijn_dagen": 28,
    "termijn_tot": "30 maart 2026",
    "bedrag": "€ 2.500,00",
    "aanleiding": "In de woning wonen elf personen; de woning is daarvoor niet geschikt.",
    "uitkomst": "",
    "besluit_datum": "",
    "hercontrole": {"datum": "", "uitkomst": ""},
    "ondertekening": {
        "naam": "J. de Jurist",
        "functie": "Jurist",
        "organisatie": "Stadsontwikkeling",
        "bevoegd_orgaan": "het college van burgemeester en wethouders",
        "mandaat": "het hoofd van de afdeling Toezicht en Handhaving Wonen",
    },
    "last": "Zorg dat in de woning niet meer dan vier personen wonen.",
    "bedrag_maximum": "€ 25.000,00",
}

# Shown in the letter-text field's help: the placeholders, in the order above.
PLAATSHOUDERS: tuple[str, ...] = brieftekst.plaatshouders(VOORBEELD_BRIEF)

# The one letter-text engine lives in documenten; the catalogue checks against its example.
brief_tekst_render = brieftekst.brief_tekst_render


def brief_tekst_errors(tekst: str) -> list[str]:
    """What is wrong with a catalogue letter text, in Dutch; empty when it renders."""
    return brieftekst.brief_tekst_errors(tekst, voorbeeld=VOORBEELD_BRIEF)


def _step_errors(position: int, stap: Any, seen: set[str]) -> list[str]:
    where = f"Stap {position}"
    if not isinstance(stap, Mapping):
        return [f"{where}: geen stap."]
    errors = []
    naam = str(stap.get("naam") or "").strip()
    if not naam:
        errors.append(f"{where}: geef de stap een naam.")
    elif naam.lower() in seen:
        errors.append(f"{where} ({naam}): er is al een stap met deze naam.")
    else:
        seen.add(naam.lower())
        where = f"{where} ({naam})"
    if stap.get("soort") not in Stapsoort.values:
        errors.append(
            f"{where}: onbekende soort '{stap.get('soort')}'; kies uit "
            + ", ".join(Stapsoort.values)
            + "."
        )
    if stap.get("uitvoerder") not in Stapuitvoerder.values:
        errors.append(
            f"{where}: onbekende uitvoerder '{stap.get('uitvoerder')}'; kies uit "
            + ", ".join(Stapuitvoerder.values)
            + "."
        )
    termijn = stap.get("termijn_dagen")
    if termijn is not None and (
        isinstance(termijn, bool)
        or not isinstance(termijn, int)
        or not 0 <= termijn <= TERMIJN_MAX_DAGEN
    ):
        errors.append(
            f"{where}: de termijn is een aantal dagen van 0 tot en met {TERMIJN_MAX_DAGEN}, "
            f"of leeg voor geen termijn (nu '{termijn}')."
        )
    brief = stap.get("brief")
    if brief is not None:
        if not isinstance(brief, Mapping):
            return [*errors, f"{where}: de brief is geen titel met tekst."]
        titel = str(brief.get("titel") or "").strip()
        tekst = str(brief.get("tekst") or "")
        if not titel or not tekst.strip():
            errors.append(f"{where}: een brief heeft een titel en een tekst.")
        if len(titel) > MAX_BRIEFTITEL or len(tekst) > MAX_BRIEFTEKST:
            errors.append(
                f"{where}: de brieftitel is ten hoogste {MAX_BRIEFTITEL} tekens, de tekst ten "
                f"hoogste {MAX_BRIEFTEKST}."
            )
        errors += [f"{where}, brief: {message}." for message in brief_tekst_errors(tekst)]
    return errors


def stappen_errors(stappen: Any) -> list[str]:
    """What is wrong with a version's steps, one Dutch line per fault, naming the step."""
    if not isinstance(stappen, list) or not stappen:
        return ["Een instrument heeft ten minste één stap."]
    if len(stappen) > MAX_STAPPEN:
        return [f"Een instrument heeft ten hoogste {MAX_STAPPEN} stappen."]
    seen: set[str] = set()
    return [
        error
        for position, stap in enumerate(stappen, start=1)
        for error in _step_errors(position, stap, seen)
    ]


def _normalised(stap: Mapping[str, Any]) -> dict[str, Any]:
    brief = stap.get("brief")
    return {
        "soort": stap["soort"],
        "naam": str(stap["naam"]).strip(),
        "termijn_dagen": stap.get("termijn_dagen"),
        "uitvoerder": stap["uitvoerder"],
        # Browsers post a textarea's lines with CRLF; stored with LF, so that an untouched
        # letter does not show as changed in the next version.
        "brief": {
            "titel": str(brief["titel"]).strip(),
            "tekst": str(brief["tekst"]).replace("\r\n", "\n").strip(),
        }
        if brief
        else None,
    }


# The legal fields of a version, with their Dutch names, in the order a jurist reads them.
KOPVELDEN = {
    "regeling": "Regeling",
    "artikel": "Artikel",
    "regeling_versiedatum": "Versiedatum van de regeling",
    "bron": "Bron",
    "bevoegd_orgaan": "Bevoegd orgaan",
    "mandaat": "Mandaat",
}


@transaction.atomic
def instrumentversie_create(
    *,
    actor: User | None,
    instrument: Instrument,
    reden: str,
    regeling: str,
    artikel: str,
    regeling_versiedatum: date,
    bevoegd_orgaan: str,
    stappen: Sequence[Mapping[str, Any]],
    bron: str = "",
    mandaat: str = "",
) -> Instrumentversie:
    """Make a new version of an instrument. Versions are never edited; a procedure keeps the
    version it started with, so a change here reaches only procedures started afterwards."""
    require(actor, Capability.INSTRUMENTS_MANAGE)
    errors: dict[str, list[str]] = {}
    if not reden.strip():
        errors["reden"] = ["Zeg wat er in deze versie verandert en waarom."]
    elif len(reden) > validators.MAX_REASON:
        errors["reden"] = [f"De reden is ten hoogste {validators.MAX_REASON} tekens."]
    for field, value in (
        ("regeling", regeling),
        ("artikel", artikel),
        ("bevoegd_orgaan", bevoegd_orgaan),
    ):
        if not value.strip():
            errors[field] = [f"Vul {KOPVELDEN[field].lower()} in."]
    if step_errors := stappen_errors(list(stappen)):
        errors["stappen"] = step_errors
    if errors:
        raise ValidationError(errors)
    # Locked so two jurists saving at once get different numbers, not a constraint error.
    Instrument.objects.select_for_update().get(pk=instrument.pk)
    latest = instrument.versies.aggregate(m=Max("versie"))["m"] or 0
    return Instrumentversie.objects.create(
        instrument=instrument,
        versie=latest + 1,
        regeling=regeling.strip(),
        artikel=artikel.strip(),
        regeling_versiedatum=regeling_versiedatum,
        bron=bron.strip(),
        bevoegd_orgaan=bevoegd_orgaan.strip(),
        mandaat=mandaat.strip(),
        stappen=[_normalised(stap) for stap in stappen],
        reden=reden.strip(),
        vastgesteld_door=actor,
    )


def instrument_list(*, actor: User | None, categorie: str | None = None) -> list[Instrument]:
    """The instruments in catalogue order, each with its current version as `huidige`.
    With `categorie`: the active instruments for that problem category (an instrument
    without categories serves every category)."""
    require_any(actor, *READERS)
    instrumenten: QuerySet[Instrument] = Instrument.objects.all()
    if categorie is not None:
        instrumenten = instrumenten.filter(actief=True)
    found = [
        i
        for i in instrumenten
        if categorie is None or not i.categorieen or categorie in i.categorieen
    ]
    current = _current_versions([i.pk for i in found])
    for instrument in found:
        instrument.huidige = current.get(instrument.pk)  # type: ignore[attr-defined]
    return found


def _current_versions(instrument_ids: list[int]) -> dict[int, Instrumentversie]:
    latest = (
        Instrumentversie.objects.filter(instrument_id__in=instrument_ids)
        .values("instrument_id")
        .annotate(m=Max("versie"))
    )
    condition = Q(pk__in=[])
    for row in latest:
        condition |= Q(instrument_id=row["instrument_id"], versie=row["m"])
    return {v.instrument_id: v for v in Instrumentversie.objects.filter(condition)}


def instrument_get(*, actor: User | None, code: str) -> Instrument:
    """One instrument by its code; Instrument.DoesNotExist when there is none."""
    require_any(actor, *READERS)
    return Instrument.objects.get(code=code)


def instrumentversie_current(*, actor: User | None, instrument: Instrument) -> Instrumentversie:
    """The version a procedure started today would follow; DoesNotExist when there is none."""
    require_any(actor, *READERS)
    found = instrument.versies.order_by("-versie").first()
    if found is None:
        raise Instrumentversie.DoesNotExist(f"{instrument} heeft nog geen versie.")
    return found


def instrumentversie_history(
    *, actor: User | None, instrument: Instrument
) -> list[tuple[Instrumentversie, list[Wijziging]]]:
    """Every version, newest first, each with what changed against the one before it."""
    require_any(actor, *READERS)
    versies = list(instrument.versies.select_related("vastgesteld_door").order_by("versie"))
    history = [
        (versie, instrumentversie_changes(versies[n - 1], versie) if n else [])
        for n, versie in enumerate(versies)
    ]
    return history[::-1]


@dataclass(frozen=True)
class Wijziging:
    """One difference between two versions, in Dutch: what, before and after. `regels` is a
    line diff when a letter text changed."""

    wat: str
    oud: str = ""
    nieuw: str = ""
    regels: tuple[str, ...] = ()


def _termijn(dagen: int | None) -> str:
    return "geen termijn" if dagen is None else f"{dagen} dag{'en' if dagen != 1 else ''}"


def _step_changes(naam: str, oud: Mapping[str, Any], nieuw: Mapping[str, Any]) -> list[Wijziging]:
    changes = []
    if oud["soort"] != nieuw["soort"]:
        changes.append(
            Wijziging(
                f"Stap '{naam}': soort",
                Stapsoort(oud["soort"]).label,
                Stapsoort(nieuw["soort"]).label,
            )
        )
    if oud.get("termijn_dagen") != nieuw.get("termijn_dagen"):
        changes.append(
            Wijziging(
                f"Stap '{naam}': termijn",
                _termijn(oud.get("termijn_dagen")),
                _termijn(nieuw.get("termijn_dagen")),
            )
        )
    if oud["uitvoerder"] != nieuw["uitvoerder"]:
        changes.append(
            Wijziging(
                f"Stap '{naam}': uitvoerder",
                Stapuitvoerder(oud["uitvoerder"]).label,
                Stapuitvoerder(nieuw["uitvoerder"]).label,
            )
        )
    oud_brief, nieuw_brief = oud.get("brief"), nieuw.get("brief")
    if oud_brief and not nieuw_brief:
        changes.append(Wijziging(f"Stap '{naam}': brief vervallen", oud_brief["titel"], ""))
    elif nieuw_brief and not oud_brief:
        changes.append(Wijziging(f"Stap '{naam}': brief toegevoegd", "", nieuw_brief["titel"]))
    elif oud_brief and nieuw_brief:
        if oud_brief["titel"] != nieuw_brief["titel"]:
            changes.append(
                Wijziging(f"Stap '{naam}': brieftitel", oud_brief["titel"], nieuw_brief["titel"])
            )
        if oud_brief["tekst"] != nieuw_brief["tekst"]:
            diff = difflib.unified_diff(
                oud_brief["tekst"].splitlines(),
                nieuw_brief["tekst"].splitlines(),
                "oud",
                "nieuw",
                lineterm="",
            )
            changes.append(Wijziging(f"Stap '{naam}': brieftekst", regels=tuple(diff)[2:]))
    return changes


def instrumentversie_changes(oud: Instrumentversie, nieuw: Instrumentversie) -> list[Wijziging]:
    """What changed from `oud` to `nieuw`: legal fields, steps added, removed, moved or
    changed (steps are matched by name)."""
    changes = [
        Wijziging(label, str(getattr(oud, field)), str(getattr(nieuw, field)))
        for field, label in KOPVELDEN.items()
        if getattr(oud, field) != getattr(nieuw, field)
    ]
    oude = {s["naam"]: s for s in oud.stappen}
    nieuwe = {s["naam"]: s for s in nieuw.stappen}
    for position, stap in enumerate(nieuw.stappen, start=1):
        if stap["naam"] not in oude:
            changes.append(
                Wijziging(
                    "Stap toegevoegd",
                    "",
                    f"{position}. {stap['naam']} ({_termijn(stap.get('termijn_dagen'))})",
                )
            )
    for stap in oud.stappen:
        if stap["naam"] not in nieuwe:
            changes.append(Wijziging("Stap verwijderd", stap["naam"], ""))
    kept_old = [s["naam"] for s in oud.stappen if s["naam"] in nieuwe]
    kept_new = [s["naam"] for s in nieuw.stappen if s["naam"] in oude]
    if kept_old != kept_new:
        changes.append(
            Wijziging("Volgorde van de stappen", ", ".join(kept_old), ", ".join(kept_new))
        )
    for naam in kept_new:
        changes += _step_changes(naam, oude[naam], nieuwe[naam])
    return changes
