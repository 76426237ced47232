"""The signal report (signaleringsrapportage, issue 17 point 4) as published: per buurt the
reports by category, the inspections and violations per quarter and the enforcement by
instrument, from the same figures as `cijfers.csv`, with small numbers suppressed
(`onderdrukking`). WORK IN PROGRESS: trends, hot spots, case-table signals, hit rates and the
analyst's narrative sections are still to come."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from goedwonen.core.categories import Categorie
from goedwonen.registry.contract import Instrument
from goedwonen.registry.models import Gebied, Gebiedssoort

from .cijfers import Cijfer, cijfers
from .onderdrukking import DREMPEL, TOTAAL, Gepubliceerd, publiceerbaar


@dataclass(frozen=True)
class Tabel:
    titel: str
    rijen: list[tuple[str, str]]  # (code, name); the total row last
    kolommen: list[tuple[str, str]]  # (key, label); the total column last
    cellen: Gepubliceerd

    def regels(self) -> list[tuple[str, list[str]]]:
        return [
            (naam, [self.cellen.toon(code, key) for key, _ in self.kolommen])
            for code, naam in self.rijen
        ]


@dataclass(frozen=True)
class Signaalrapport:
    jaar: int
    gebied: Gebied | None
    tabellen: list[Tabel]
    drempel: int


def _label(choices: type[Categorie] | type[Instrument], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _tabel(
    titel: str,
    rows: Sequence[Cijfer],
    buurten: list[tuple[str, str]],
    kolom: str,
    labels: dict[str, str],
) -> Tabel:
    values = {
        (row.gebied, getattr(row, kolom) if kolom != "kwartaal" else row.periode[-2:]): row.waarde
        for row in rows
    }
    keys = sorted({key for _, key in values}) if kolom != "kwartaal" else ["Q1", "Q2", "Q3", "Q4"]
    codes = [code for code, _ in buurten]
    cellen = publiceerbaar(values, rijen=codes, kolommen=keys, drempel=DREMPEL)
    return Tabel(
        titel=titel,
        rijen=[*buurten, (TOTAAL, "Totaal")],
        kolommen=[*((k, labels.get(k, k)) for k in keys), (TOTAAL, "Totaal")],
        cellen=cellen,
    )


def signaalrapport(*, jaar: int, gebied: str | None = None) -> Signaalrapport:
    figures = cijfers(jaar=jaar, gebied=gebied)
    buurten_qs = Gebied.objects.filter(soort=Gebiedssoort.BUURT)
    codes = {row.gebied for row in figures}
    buurten = [(g.code, g.naam) for g in buurten_qs.order_by("naam") if g.code in codes]
    buurt_codes = {code for code, _ in buurten}
    per_jaar = [r for r in figures if r.periode == str(jaar) and r.gebied in buurt_codes]
    per_kwartaal = [r for r in figures if r.periode != str(jaar) and r.gebied in buurt_codes]

    def of(maat: str, rows: Sequence[Cijfer]) -> list[Cijfer]:
        return [r for r in rows if r.maat == maat]

    tabellen = [
        _tabel(
            "Meldingen per buurt en categorie",
            of("meldingen_ontvangen", per_jaar),
            buurten,
            "categorie",
            {c.value: str(c.label) for c in Categorie},
        ),
        _tabel(
            "Controles per buurt en kwartaal",
            of("controles_uitgevoerd", per_kwartaal),
            buurten,
            "kwartaal",
            {},
        ),
        _tabel(
            "Controles met een vastgestelde overtreding per buurt en kwartaal",
            of("controles_met_overtreding", per_kwartaal),
            buurten,
            "kwartaal",
            {},
        ),
        _tabel(
            "Handhavingsbesluiten per buurt en instrument",
            of("handhavingen_opgelegd", per_jaar),
            buurten,
            "categorie",
            {i.value: str(i.label) for i in Instrument},
        ),
    ]
    area = Gebied.objects.filter(code=gebied).first() if gebied else None
    return Signaalrapport(jaar=jaar, gebied=area, tabellen=tabellen, drempel=DREMPEL)


def signaalrapport_html(rapport: Signaalrapport) -> str:
    return render_to_string(
        "rapportage/signaleringsrapport.html",
        {"rapport": rapport, "gemaakt_op": timezone.localdate()},
    )
