"""The reports of issue 17 (points 4 and 5) as kinds over the same figures: the signal report,
the council report (raadsinformatie) and the evaluations after one year (interim) and two
(full), each with the analyst's narrative sections (`toelichting`).

The plan (Uitvoeringsplan Rotterdams Goed Wonen, section 5) asks of an evaluation: the
results against the targets, the primary work (supervision and enforcement), process
improvement, bottlenecks, and adjustments; the evaluation template follows that order and
spans the plan's years, from its start to the year asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from goedwonen.registry.models import Gebied

from .onderdrukking import TOTAAL, Gepubliceerd, publiceerbaar
from .realisatie import realisaties
from .signaal import Onderdeel, Signaalrapport, Tabel, signaalrapport

# The plan's first year: the pilot started in 2025 and the council is first informed in the
# second quarter of 2025 (Uitvoeringsplan, section 5.2).
PLAN_START = 2025


@dataclass(frozen=True)
class Soort:
    code: str
    naam: str
    template: str
    secties: tuple[tuple[str, str], ...]  # the narrative sections: (key, title)
    eerste_jaar: int  # the first year this kind can be made for
    over_planperiode: bool = False  # spans the plan's years up to the year asked


SIGNAAL_SECTIES = (
    ("samenvatting", "Samenvatting"),
    ("trends", "Trends in meldingen en bevindingen"),
    ("hotspots", "Hotspots per buurt"),
    ("tafelsignalen", "Signalen van de casustafels"),
    ("patronen", "Nieuwe patronen"),
    ("handhaving", "Handhaving per instrument"),
    ("uitkomsten", "Uitkomsten"),
    ("analyse", "Selectie en trefkans uit de data-analyse"),
    ("aanbevelingen", "Aanbevelingen"),
)
EVALUATIE_SECTIES = (
    ("samenvatting", "Samenvatting"),
    ("resultaten", "Behaalde resultaten tegen de doelstellingen"),
    ("toezicht", "Primaire werkzaamheden: toezicht en handhaving"),
    ("procesverbetering", "Procesverbetering"),
    ("knelpunten", "Knelpunten"),
    ("bijsturing", "Bijsturing"),
)
SOORTEN = {
    s.code: s
    for s in (
        Soort(
            "signalering",
            "Signaleringsrapportage",
            "rapportage/signaleringsrapport.html",
            SIGNAAL_SECTIES,
            1900,
        ),
        Soort(
            "raad",
            "Raadsinformatie",
            "rapportage/signaleringsrapport_raad.html",
            (
                ("samenvatting", "Samenvatting"),
                ("voortgang", "Voortgang van de aanpak"),
                ("resultaten", "Resultaten"),
                ("vooruitblik", "Vooruitblik"),
            ),
            PLAN_START,
        ),
        Soort(
            "evaluatie-tussentijds",
            "Tussenevaluatie",
            "rapportage/signaleringsrapport_evaluatie.html",
            EVALUATIE_SECTIES,
            PLAN_START,
            over_planperiode=True,
        ),
        Soort(
            "evaluatie-volledig",
            "Evaluatie",
            "rapportage/signaleringsrapport_evaluatie.html",
            EVALUATIE_SECTIES,
            PLAN_START + 1,
            over_planperiode=True,
        ),
    )
}


class Rapportfout(ValueError):
    """A kind, year or area that gives no report; the message says which, in Dutch."""


def controleer(soort: str, jaar: int, gebied: str | None) -> tuple[Soort, Gebied | None]:
    kind = SOORTEN.get(soort)
    if kind is None:
        raise Rapportfout(
            f"Onbekende soort rapport '{soort}': kies uit " + ", ".join(SOORTEN) + "."
        )
    this_year = timezone.localdate().year
    if not kind.eerste_jaar <= jaar <= this_year:
        raise Rapportfout(
            f"Jaar {jaar}: een {kind.naam.lower()} kan over {kind.eerste_jaar} tot en met "
            f"{this_year}."
        )
    area = None
    if gebied:
        area = Gebied.objects.filter(code=gebied).first()
        if area is None:
            raise Rapportfout(f"Gebied '{gebied}': geen bekend gebied met die code.")
    return kind, area


@dataclass(frozen=True)
class Rapport:
    soort: Soort
    jaar: int
    gebied: Gebied | None
    signaal: Signaalrapport
    jaren: list[int]  # the years it covers
    realisatie: Tabel | None
    overzicht: Tabel | None  # per year of the plan period (evaluations)
    teksten: dict[str, str]  # the narrative, by section key
    toelichting_versie: int | None

    @property
    def delen(self) -> list[tuple[Onderdeel, str]]:
        """The signal report's parts, each with its narrative section."""
        return [(o, self.teksten.get(o.key, "")) for o in self.signaal.onderdelen]

    def sectieteksten(self) -> list[tuple[str, str, str]]:
        """(key, title, text) of every narrative section of the kind, in order."""
        return [(key, titel, self.teksten.get(key, "")) for key, titel in self.soort.secties]

    @property
    def titel(self) -> str:
        span = f"{self.jaren[0]}\u2013{self.jaren[-1]}" if len(self.jaren) > 1 else str(self.jaar)
        return f"{self.soort.naam} {span}" + (f": {self.gebied.naam}" if self.gebied else "")


def _realisatie(jaren: list[int]) -> Tabel:
    """The plan's targets against their realisation in each year, as the dashboard counts
    them (`realisatie.realisaties`, the whole approach); the target as valid at the last
    year's end beside them. Targets the product does not count are left out."""
    today = timezone.localdate()
    per_year = {
        jaar: realisaties(jaar=jaar, gebied=None, peildatum=min(today, date(jaar, 12, 31)))
        for jaar in jaren
    }
    last = [r for r in per_year[jaren[-1]] if r.gemeten]
    keys = [r.doel.code for r in last]
    columns = [str(jaar) for jaar in jaren]
    values = {
        (r.doel.code, str(jaar)): r.totaal for jaar in jaren for r in per_year[jaar] if r.gemeten
    }
    return Tabel(
        titel="Doelstellingen van het plan en realisatie",
        kop="Doelstelling",
        rijen=[(r.doel.code, r.doel.naam) for r in last],
        kolommen=[(c, c) for c in columns],
        cellen=publiceerbaar(values, rijen=keys, kolommen=columns),
        rijtotaal=len(jaren) > 1,
        kolomtotaal=False,  # adds unlike things
        extra_kolommen=("Doel",),
        extra={
            r.doel.code: [f"{r.doel.waarde_getoond} {r.doel.eenheid} {r.doel.periode_label}"]
            for r in last
        },
    )


def _overzicht(jaren: list[int], gebied: str | None) -> Tabel:
    """Per year of the plan period the published grand totals of that year's tables, as the
    year's signal report shows them."""
    from .signaaltabellen import jaartabellen

    columns = [
        ("meldingen", "Meldingen"),
        ("controles", "Controles"),
        ("overtredingen", "Controles met overtreding"),
        ("handhaving", "Handhavingsbesluiten"),
    ]
    cells: dict[tuple[str, str], int | str] = {}
    drempel = 0
    for jaar in jaren:
        tables = jaartabellen(jaar, gebied)
        for key, tabel in zip(
            [k for k, _ in columns],
            (tables.meldingen_buurt, tables.controles, tables.overtredingen, tables.handhaving),
            strict=True,
        ):
            cells[(str(jaar), key)] = tabel.cellen.cellen[(TOTAAL, TOTAAL)]
            drempel = tabel.cellen.drempel
    return Tabel(
        titel="Meldingen, controles en handhaving per jaar",
        kop="Jaar",
        rijen=[(str(j), str(j)) for j in jaren],
        kolommen=columns,
        cellen=Gepubliceerd(cellen=cells, drempel=drempel),
        rijtotaal=False,
        kolomtotaal=False,
    )


def rapport(*, soort: str, jaar: int, gebied: str | None = None) -> Rapport:
    """The report of a kind for a year and an area (a code; None: the whole). Raises
    Rapportfout for a kind, year or area that gives none."""
    from .toelichting import toelichting_laatste

    kind, area = controleer(soort, jaar, gebied)
    jaren = list(range(PLAN_START, jaar + 1)) if kind.over_planperiode else [jaar]
    signal = signaalrapport(jaar=jaar, gebied=gebied)
    narrative = toelichting_laatste(soort=kind.code, jaar=jaar, gebiedcode=gebied or "")
    return Rapport(
        soort=kind,
        jaar=jaar,
        gebied=area,
        signaal=signal,
        jaren=jaren,
        realisatie=_realisatie(jaren) if kind.code != "signalering" else None,
        overzicht=_overzicht(jaren, gebied) if kind.over_planperiode else None,
        teksten=dict(narrative.secties) if narrative else {},
        toelichting_versie=narrative.versie if narrative else None,
    )


def rapport_html(soort: str, *, rapport: Signaalrapport | Rapport, **context: Any) -> str:
    """The self-contained page of a report (HTML file and PDF source). A bare signal report
    (the command's) gets the latest narrative of its year and area."""
    if isinstance(rapport, Signaalrapport):
        from .toelichting import toelichting_laatste

        narrative = toelichting_laatste(
            soort=soort, jaar=rapport.jaar, gebiedcode=rapport.gebied.code if rapport.gebied else ""
        )
        kind = SOORTEN[soort]
        rapport = Rapport(
            soort=kind,
            jaar=rapport.jaar,
            gebied=rapport.gebied,
            signaal=rapport,
            jaren=[rapport.jaar],
            realisatie=None,
            overzicht=None,
            teksten=dict(narrative.secties) if narrative else {},
            toelichting_versie=narrative.versie if narrative else None,
        )
    return render_to_string(
        rapport.soort.template,
        {
            "rapport": rapport,
            "signaal": rapport.signaal,
            "gemaakt_op": timezone.localdate(),
            **context,
        },
    )
