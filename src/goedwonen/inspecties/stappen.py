"""The visit form in steps: the visit, the people found, the findings, which rooms and parts
the dwelling has, the rent check for just those, and a summary before recording.

A draft (`Bezoekconcept.gegevens`) keeps per form part the values as typed, in the shape the
form's `initial` takes: {"bezoek": {...}, "bevindingen": {...}, "keuze": {...}, "huur": {...},
"ruimten": [{...}], "buitenruimten": [{...}]}. `formulierdata` turns it into what the
one-page form of `forms.Bezoekformulier` would post, so recording validates and computes
exactly as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from goedwonen.checks.woning import KEUKENRUIMTEN, Ruimtetype, Woningtype
from goedwonen.core import display

from . import labels
from .formmixin import Fout, InspectieFormMixin, fouten_van
from .forms import Beginwaarden, BevindingenForm, BezoekForm, Bezoekformulier
from .huurforms import MAX_BUITENRUIMTEN, MAX_RUIMTEN, BuitenruimteForm, HuurForm, RuimteForm


@dataclass(frozen=True)
class Stap:
    code: str
    titel: str


STAPPEN = (
    Stap("bezoek", "Bezoek"),
    Stap("personen", "Personen"),
    Stap("bevindingen", "Bevindingen"),
    Stap("ruimten", "Ruimten"),
    Stap("huurprijs", "Huurprijstoets"),
    Stap("overzicht", "Overzicht"),
)
CODES = [s.code for s in STAPPEN]

# Which fields of which part each step asks for; the rest of a part belongs to other steps.
BEZOEK_VELDEN = {
    "bezoek": (
        "object",
        "soort",
        "datum",
        "tijd",
        "toegang",
        "medewerkers",
        "partners",
        "corrigeert",
        "correctiereden",
    ),
    "personen": ("volwassenen", "kinderen"),
    "bevindingen": ("opmerkingen",),
}
HUUR_IN_RUIMTEN = ("woningtype",)

# Rooms where a worktop and kitchen equipment count, and where sanitary fittings do.
SANITAIRE_RUIMTEN = frozenset(
    {
        Ruimtetype.BADKAMER,
        Ruimtetype.BADKAMER_MET_TOILET,
        Ruimtetype.DOUCHERUIMTE,
        Ruimtetype.TOILETRUIMTE,
    }
)
# A washbasin scores in any room where people wash or sleep, not in a hall or storage.
WASTAFEL_RUIMTEN = SANITAIRE_RUIMTEN | {
    Ruimtetype.SLAAPKAMER,
    Ruimtetype.WOON_SLAAPKAMER,
    Ruimtetype.OVERIG_VERTREK,
    Ruimtetype.KEUKEN,
    Ruimtetype.WOONKAMER_MET_KEUKEN,
    Ruimtetype.BIJKEUKEN,
    Ruimtetype.WASRUIMTE,
}
MAX_PER_SOORT = 20
HUURTOETS = [("ja", "Ja, de huurprijstoets doen"), ("nee", "Nee, geen huurprijstoets")]


class RuimtekeuzeForm(InspectieFormMixin, forms.Form):
    """Asked before the rent check: whether to do it, and how many rooms of each kind the
    dwelling has, so the next step shows only those. Fields `ruimte_<type>` and
    `buiten_<type>` are added below for every kind."""

    huurtoets = forms.ChoiceField(
        label="Huurprijstoets", choices=HUURTOETS, widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("huurtoets") != "ja":
            return data
        rooms = sum(data.get(f"ruimte_{t}") or 0 for t in labels.RUIMTETYPEN)
        outside = sum(data.get(f"buiten_{t}") or 0 for t in labels.BUITENRUIMTETYPEN)
        if rooms == 0:
            self.add_error(None, "Geef voor de huurprijstoets ten minste één ruimte op.")
        elif rooms > MAX_RUIMTEN:
            self.add_error(None, f"Geef hooguit {MAX_RUIMTEN} ruimten op.")
        if outside > MAX_BUITENRUIMTEN:
            self.add_error(None, f"Geef hooguit {MAX_BUITENRUIMTEN} buitenruimten op.")
        return data

    def ruimtevelden(self) -> list[forms.BoundField]:
        return [self[f"ruimte_{t}"] for t in labels.RUIMTETYPEN]

    def buitenvelden(self) -> list[forms.BoundField]:
        return [self[f"buiten_{t}"] for t in labels.BUITENRUIMTETYPEN]


for _type, _label in labels.RUIMTETYPEN.items():
    RuimtekeuzeForm.base_fields[f"ruimte_{_type}"] = forms.IntegerField(
        label=_label, required=False, min_value=0, max_value=MAX_PER_SOORT
    )
for _buiten, _label in labels.BUITENRUIMTETYPEN.items():
    RuimtekeuzeForm.base_fields[f"buiten_{_buiten}"] = forms.IntegerField(
        label=_label, required=False, min_value=0, max_value=MAX_PER_SOORT
    )


# --- values as typed ------------------------------------------------------------------


def ruw(form: forms.Form, names: Sequence[str] | None = None) -> dict[str, Any]:
    """A form's values as typed (bound) or as shown (unbound), JSON-safe, in the shape its
    `initial` takes: a string, a list of strings for a group, a bool for a checkbox."""
    values: dict[str, Any] = {}
    for name in names if names is not None else list(form.fields):
        field = form.fields[name]
        widget = field.widget
        if form.is_bound:
            value = widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        else:
            value = form[name].value()
        if isinstance(widget, forms.CheckboxInput):
            values[name] = bool(widget.check_test(value))
        elif getattr(widget, "allow_multiple_selected", False):
            values[name] = [str(v) for v in value or []]
        elif isinstance(widget, forms.widgets.ChoiceWidget):
            values[name] = "" if value is None else str(value)
        else:
            shown = value if form.is_bound else widget.format_value(value)
            values[name] = "" if shown is None else str(shown)
    return values


def _count(value: Any) -> int:
    try:
        return max(0, min(int(str(value).strip() or 0), MAX_PER_SOORT))
    except ValueError:
        return 0


def indeling(keuze: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The kinds of the rooms and outdoor spaces, one per row, in the order of the form."""
    rooms = [t for t in labels.RUIMTETYPEN for _ in range(_count(keuze.get(f"ruimte_{t}")))]
    outside = [t for t in labels.BUITENRUIMTETYPEN for _ in range(_count(keuze.get(f"buiten_{t}")))]
    return [str(t) for t in rooms], [str(t) for t in outside]


def _herschik(rijen: list[dict[str, Any]], soorten: list[str], sleutel: str) -> list[dict]:
    """Rows for a new choice of rooms: what was typed for the n-th bedroom stays with the
    n-th bedroom; a new room starts empty."""
    per_soort: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rij in rijen:
        per_soort[str(rij.get(sleutel, ""))].append(rij)
    return [per_soort[s].pop(0) if per_soort[s] else {sleutel: s} for s in soorten]


def herschik(gegevens: dict[str, Any]) -> None:
    """Align the draft's room rows with its choice of rooms (after the rooms step)."""
    kamers, buiten = indeling(gegevens.get("keuze", {}))
    gegevens["ruimten"] = _herschik(gegevens.get("ruimten", []), kamers, "ruimtetype")
    gegevens["buitenruimten"] = _herschik(
        gegevens.get("buitenruimten", []), buiten, "buitenruimtetype"
    )


def huurtoets_gevraagd(gegevens: Mapping[str, Any]) -> bool:
    return gegevens.get("keuze", {}).get("huurtoets") == "ja"


def van_toepassing(gegevens: Mapping[str, Any]) -> list[str]:
    """The steps this visit goes through: the rent check only when asked for."""
    return [c for c in CODES if c != "huurprijs" or huurtoets_gevraagd(gegevens)]


def kamerwoning(gegevens: Mapping[str, Any]) -> bool:
    return gegevens.get("huur", {}).get("woningtype") == Woningtype.ONZELFSTANDIG


def formulierdata(gegevens: Mapping[str, Any]) -> MultiValueDict:
    """What the one-page visit form would post for this draft. Without the rent check its
    part is left out (kept in the draft, in case the inspector changes their mind)."""
    data: MultiValueDict[str, str] = MultiValueDict()

    def put(prefix: str, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            key = f"{prefix}-{name}" if prefix else name
            if isinstance(value, bool):
                if value:
                    data.setlist(key, ["on"])
            elif isinstance(value, list):
                data.setlist(key, [str(v) for v in value])
            elif value is not None:
                data.setlist(key, [str(value)])

    put("", gegevens.get("bezoek", {}))
    put("bevinding", gegevens.get("bevindingen", {}))
    put("keuze", gegevens.get("keuze", {}))
    rows: dict[str, list[dict[str, Any]]] = {"ruimte": [], "buiten": []}
    if huurtoets_gevraagd(gegevens):
        put("huur", gegevens.get("huur", {}))
        rows = {"ruimte": gegevens.get("ruimten", []), "buiten": gegevens.get("buitenruimten", [])}
    for prefix, rijen in rows.items():
        data.setlist(f"{prefix}-TOTAL_FORMS", [str(len(rijen))])
        data.setlist(f"{prefix}-INITIAL_FORMS", ["0"])
        for i, rij in enumerate(rijen):
            if not kamerwoning(gegevens):
                # Sharing with other rooms applies to a room in a shared dwelling only.
                rij = {k: v for k, v in rij.items() if k != "gedeeld_met_kamers"}
            put(f"{prefix}-{i}", rij)
    return data


def beginwaarden(gegevens: Mapping[str, Any]) -> Beginwaarden:
    """The draft as the initial values of an unbound form (a step not posted yet)."""
    return Beginwaarden(
        bezoek=dict(gegevens.get("bezoek", {})),
        bevindingen=dict(gegevens.get("bevindingen", {})),
        huur=dict(gegevens.get("huur", {})),
        ruimten=list(gegevens.get("ruimten", [])),
        buitenruimten=list(gegevens.get("buitenruimten", [])),
    )


def nieuwe_gegevens(formulier: Bezoekformulier, keuze: Mapping[str, Any]) -> dict[str, Any]:
    """A new draft from an unbound form prefilled for a new visit or a correction."""
    return {
        "bezoek": ruw(formulier.bezoek),
        "bevindingen": ruw(formulier.bevindingen),
        "keuze": dict(keuze),
        "huur": ruw(formulier.huur.form),
        "ruimten": [ruw(f) for f in formulier.huur.ruimten.forms],
        "buitenruimten": [ruw(f) for f in formulier.huur.buitenruimten.forms],
    }


def keuze_van(begin: Beginwaarden) -> dict[str, Any]:
    """The rooms step of a correction: the rooms the corrected visit recorded."""
    if not begin.ruimten and not begin.buitenruimten:
        return {}
    keuze: dict[str, Any] = {"huurtoets": "ja"}
    for rij in begin.ruimten:
        key = f"ruimte_{rij['ruimtetype']}"
        keuze[key] = str(int(keuze.get(key, 0)) + 1)
    for rij in begin.buitenruimten:
        key = f"buiten_{rij['buitenruimtetype']}"
        keuze[key] = str(int(keuze.get(key, 0)) + 1)
    return keuze


def sorteer_rijen(begin: Beginwaarden) -> None:
    """Rows in the order of the rooms step (a correction's rows as they were recorded)."""
    volgorde = {str(t): i for i, t in enumerate(labels.RUIMTETYPEN)}
    begin.ruimten.sort(key=lambda r: volgorde.get(str(r["ruimtetype"]), 99))
    buiten = {str(t): i for i, t in enumerate(labels.BUITENRUIMTETYPEN)}
    begin.buitenruimten.sort(key=lambda r: buiten.get(str(r["buitenruimtetype"]), 99))


def stap_opslaan(
    gegevens: dict[str, Any], stap: str, post: Any, *, bezoekform: BezoekForm
) -> dict[str, Any]:
    """The draft with one step's posted values in it (as typed, also when not valid)."""
    nieuw: dict[str, Any] = {
        k: (list(v) if isinstance(v, list) else dict(v)) for k, v in gegevens.items()
    }
    if stap in BEZOEK_VELDEN:
        nieuw.setdefault("bezoek", {}).update(ruw(bezoekform, BEZOEK_VELDEN[stap]))
    if stap == "bevindingen":
        nieuw["bevindingen"] = ruw(BevindingenForm(post, prefix="bevinding"))
    elif stap == "ruimten":
        nieuw["keuze"] = ruw(RuimtekeuzeForm(post, prefix="keuze"))
        nieuw.setdefault("huur", {}).update(ruw(HuurForm(post, prefix="huur"), HUUR_IN_RUIMTEN))
        herschik(nieuw)
    elif stap == "huurprijs":
        huur = HuurForm(post, prefix="huur")
        rest = [n for n in huur.fields if n not in HUUR_IN_RUIMTEN]
        nieuw.setdefault("huur", {}).update(ruw(huur, rest))
        kamers, buiten = indeling(nieuw.get("keuze", {}))
        # The kind of each row comes from the rooms step, not from what was posted.
        nieuw["ruimten"] = [
            ruw(RuimteForm(post, prefix=f"ruimte-{i}")) | {"ruimtetype": soort}
            for i, soort in enumerate(kamers)
        ]
        nieuw["buitenruimten"] = [
            ruw(BuitenruimteForm(post, prefix=f"buiten-{i}")) | {"buitenruimtetype": soort}
            for i, soort in enumerate(buiten)
        ]
    return nieuw


# --- errors per step --------------------------------------------------------------------


def fouten_per_stap(
    formulier: Bezoekformulier, keuze: RuimtekeuzeForm | None
) -> dict[str, list[Fout]]:
    """Every error of the bound form, by the step that asks for its field."""
    per_stap: dict[str, list[Fout]] = defaultdict(list)
    veldstap = {f"id_{naam}": stap for stap, namen in BEZOEK_VELDEN.items() for naam in namen}
    for fout in fouten_van(formulier.bezoek):
        per_stap[veldstap.get(fout.anker.removesuffix("_error1"), "bezoek")].append(fout)
    per_stap["bevindingen"] += fouten_van(formulier.bevindingen, "Bevindingen")
    if keuze is not None:
        per_stap["ruimten"] += fouten_van(keuze, "Ruimten")
    for fout in formulier.huur.fouten():
        ruimtestap = fout.anker == "id_huur-woningtype"
        per_stap["ruimten" if ruimtestap else "huurprijs"].append(fout)
    return per_stap


# --- what the steps show --------------------------------------------------------------


@dataclass(frozen=True)
class Rij:
    """One room or outdoor space of the rent check step, with the fields that apply."""

    form: forms.Form
    naam: str
    soort: str
    keuken: bool = False
    sanitair: bool = False
    wastafel: bool = False


def _namen(soorten: list[str], namen: Mapping[Any, str]) -> list[str]:
    totaal: dict[str, int] = defaultdict(int)
    for s in soorten:
        totaal[s] += 1
    gezien: dict[str, int] = defaultdict(int)
    result = []
    for s in soorten:
        gezien[s] += 1
        label = namen[s]
        result.append(f"{label} {gezien[s]}" if totaal[s] > 1 else label)
    return result


def rijen(formulier: Bezoekformulier, gegevens: Mapping[str, Any]) -> tuple[list[Rij], list[Rij]]:
    kamers, buiten = indeling(gegevens.get("keuze", {}))
    kamerrijen = [
        Rij(
            form=form,
            naam=naam,
            soort=soort,
            keuken=Ruimtetype(soort) in KEUKENRUIMTEN,
            sanitair=Ruimtetype(soort) in SANITAIRE_RUIMTEN,
            wastafel=Ruimtetype(soort) in WASTAFEL_RUIMTEN,
        )
        for form, soort, naam in zip(
            formulier.huur.ruimten.forms, kamers, _namen(kamers, labels.RUIMTETYPEN), strict=False
        )
    ]
    buitenrijen = [
        Rij(form=form, naam=naam, soort=soort)
        for form, soort, naam in zip(
            formulier.huur.buitenruimten.forms,
            buiten,
            _namen(buiten, {str(k): v for k, v in labels.BUITENRUIMTETYPEN.items()}),
            strict=False,
        )
    ]
    return kamerrijen, buitenrijen


def _tekst(bound: forms.BoundField) -> str:
    """A field's value as the summary shows it: choices by their label."""
    value = bound.value()
    field = bound.field
    if isinstance(field.widget, forms.CheckboxInput):
        return "ja" if field.widget.check_test(value) else ""
    if isinstance(field, forms.DateField) and value:
        try:
            return display.datum(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    choices = dict(getattr(field, "choices", []))
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if value in (None, ""):
        return ""
    return str(choices.get(str(value), value))


def regels(form: forms.Form, names: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(label, value) for every filled-in field, for the summary."""
    lines = []
    for name in names if names is not None else list(form.fields):
        if isinstance(form.fields[name].widget, forms.HiddenInput):
            continue
        if text := _tekst(form[name]):
            lines.append((str(form[name].label), text))
    return lines


def kamerregels(rij: Rij) -> str:
    soort = {"Soort ruimte", "Soort buitenruimte"}
    lines = [(label, text) for label, text in regels(rij.form) if label not in soort]
    return "; ".join(f"{label.lower()}: {text}" for label, text in lines)
