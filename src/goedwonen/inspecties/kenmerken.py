"""The dwelling characteristics of a rent check as JSON, and back.

A recorded rent check keeps its input so anyone can compute it again (for an objection, or
to compare with a newer package). Amounts are strings (exact decimals), dates ISO, enums
their values; a field left at its default is written all the same, so the stored record
says everything that was used.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from goedwonen.checks.woning import (
    Buitenruimte,
    Buitenruimtetype,
    Energielabel,
    Keukenvoorziening,
    Labelklasse,
    Monument,
    Pandtype,
    Ruimte,
    Ruimtetype,
    Sanitair,
    Woningkenmerken,
    Woningtype,
)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def kenmerken_to_json(woning: Woningkenmerken) -> dict[str, Any]:
    return _plain(asdict(woning))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def kenmerken_from_json(data: dict[str, Any]) -> Woningkenmerken:
    label = data.get("energielabel")
    return Woningkenmerken(
        woningtype=Woningtype(data["woningtype"]),
        pandtype=Pandtype(data["pandtype"]),
        bouwjaar=int(data["bouwjaar"]),
        woonplaatscode=data["woonplaatscode"],
        gebruiksoppervlakte=int(data["gebruiksoppervlakte"]),
        woz_waarde=int(data["woz_waarde"]),
        woz_waardepeildatum=date.fromisoformat(data["woz_waardepeildatum"]),
        ruimten=tuple(
            Ruimte(
                ruimtetype=Ruimtetype(r["ruimtetype"]),
                oppervlakte=Decimal(r["oppervlakte"]),
                naam=r.get("naam", ""),
                verwarmd=r.get("verwarmd", True),
                verkoeld=r.get("verkoeld", False),
                aanrechtlengte_cm=r.get("aanrechtlengte_cm"),
                keukenvoorzieningen=tuple(
                    Keukenvoorziening(k) for k in r.get("keukenvoorzieningen", ())
                ),
                sanitair=tuple(Sanitair(s) for s in r.get("sanitair", ())),
                gedeeld_met_kamers=r.get("gedeeld_met_kamers", 1),
            )
            for r in data["ruimten"]
        ),
        buitenruimten=tuple(
            Buitenruimte(
                buitenruimtetype=Buitenruimtetype(b["buitenruimtetype"]),
                oppervlakte=Decimal(b["oppervlakte"]),
                naam=b.get("naam", ""),
                gedeeld_met_adressen=b.get("gedeeld_met_adressen", 1),
                gedeeld_met_kamers=b.get("gedeeld_met_kamers", 1),
            )
            for b in data.get("buitenruimten", ())
        ),
        energielabel=Energielabel(
            labelklasse=Labelklasse(label["labelklasse"]),
            registratiedatum=date.fromisoformat(label["registratiedatum"]),
            geldig_tot=date.fromisoformat(label["geldig_tot"]),
            energie_index=(
                Decimal(label["energie_index"]) if label.get("energie_index") is not None else None
            ),
        )
        if label
        else None,
        monumenten=tuple(Monument(m) for m in data.get("monumenten", ())),
        bouw_gestart_op=_date(data.get("bouw_gestart_op")),
        in_exploitatie_op=_date(data.get("in_exploitatie_op")),
    )
