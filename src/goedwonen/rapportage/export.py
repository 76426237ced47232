"""Exports of steering figures (issue 17, point 7), each download logged (activity STURING).

- The dashboard's figures (`sturing_export`): the `cijfers` of every section for the filter,
  as CSV (the Dutch spreadsheet dialect of `core.exports`) or XLSX (a sheet per section and a
  sheet saying source, filter and date): what is shown is what is exported.
- The pseudonymised analysis file (`analyse_export`) for partners' trend analyses: a row per
  case, report and inspection with a keyed pseudonym instead of its id, its buurt code, month,
  category codes, origin and outcome; no names, addresses, postcodes, house numbers or free
  text. See `pseudoniem` for how pseudonyms link.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from openpyxl import Workbook

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from goedwonen.acties.models import Actieadres
from goedwonen.casussen.models import Casus
from goedwonen.core.exports import Cell, neutralised, write_csv
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.inspecties.models import Bevinding, Bezoek
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Controle, Gebied

from .dashboard import Filter, Getoond, Stand, stand_voor
from .werkstroom import HERKOMST_VAN_CASUS, buurten_in, gebiedscode, within_area

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.STURING
KOLOMMEN = ("maat", "gebied", "periode", "categorie", "waarde", "sectie")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class GeenStand(Exception):
    """The worker has not computed the figures for this year and area yet."""


@dataclass(frozen=True)
class Download:
    bestandsnaam: str
    content_type: str
    inhoud: bytes


def rows_of(found: list[Getoond]) -> Iterator[tuple[str, str, str, str, int, str]]:
    for sectie in found:
        for c in sectie.cijfers:
            yield (c.maat, c.gebied, c.periode, c.categorie, c.waarde, sectie.key)


def _csv(found: list[Getoond]) -> bytes:
    handle = io.StringIO()
    write_csv(handle, KOLOMMEN, rows_of(found))
    return handle.getvalue().encode("utf-8")


def _xlsx_cell(value: Cell) -> str | int:
    # openpyxl stores a text starting with "=" as a formula: text goes through the same rule
    # as every CSV export.
    return value if isinstance(value, int) else neutralised(str(value or ""))


def _sheet_title(titel: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", titel)[:31].strip() or "Sectie"
    title, n = base, 2
    while title in taken:
        title = f"{base[:28]} {n}"
        n += 1
    taken.add(title)
    return title


def _xlsx(stand: Stand, filter_: Filter) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "Toelichting"
    for regel in (
        ("Bron", f"Goedwonen, sturingsdashboard ({settings.GEMEENTE})"),
        ("Jaar", filter_.jaar),
        ("Gebied", gebiedscode(filter_.gebied) + ("" if filter_.gebied else " (alle gebieden)")),
        ("Peildatum", stand.peildatum.isoformat() if stand.peildatum else ""),
        ("Berekend op", timezone.localtime(stand.berekend_op).strftime("%Y-%m-%d %H:%M")),
        (
            "Let op",
            "Exacte aantallen voor intern gebruik: kleine aantallen zijn niet afgeschermd. "
            "Niet publiceren zonder onderdrukking van kleine aantallen.",
        ),
        ("Kolommen", ", ".join(KOLOMMEN[:5])),
    ):
        about.append([_xlsx_cell(v) for v in regel])
    taken = {"Toelichting"}
    for sectie in stand.secties:
        sheet = book.create_sheet(_sheet_title(sectie.titel, taken))
        sheet.append(list(KOLOMMEN[:5]))
        for c in sectie.cijfers:
            sheet.append(
                [_xlsx_cell(v) for v in (c.maat, c.gebied, c.periode, c.categorie)] + [c.waarde]
            )
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


@transaction.atomic
def sturing_export(*, actor: User, filter_: Filter, formaat: str) -> Download:
    """The figures of every dashboard section for the filter as `csv` or `xlsx`: the stand the
    page shows (`GeenStand` before the first is computed). Logged."""
    require(actor, Capability.STEERING_VIEW)
    if formaat not in ("csv", "xlsx"):
        raise ValueError(formaat)
    stand = stand_voor(filter_)
    if stand.berekend_op is None:
        raise GeenStand
    code = gebiedscode(filter_.gebied)
    naam = f"sturingscijfers-{filter_.jaar}-{code}.{formaat}"
    if formaat == "csv":
        download = Download(naam, "text/csv; charset=utf-8", _csv(stand.secties))
    else:
        download = Download(naam, XLSX, _xlsx(stand, filter_))
    processing_log_record(
        actor=actor,
        operation=f"Sturingscijfers {filter_.jaar} {code} gedownload ({formaat})",
        activity=ACTIVITY,
        object_ref=f"sturing:export:{filter_.jaar}:{code}",
    )
    return download


# -- the pseudonymised analysis file ------------------------------------------------------

ANALYSE_KOLOMMEN = (
    "soort",
    "pseudoniem",
    "casus_pseudoniem",
    "buurt",
    "maand",
    "categorie",
    "herkomst",
    "uitkomst",
)


def doel_normalised(doel: str) -> str:
    """The purpose as it keys pseudonyms: case and spacing do not make another purpose."""
    return " ".join(doel.split()).casefold()


def pseudoniem(soort: str, pk: int, doel: str) -> str:
    """A keyed pseudonym of a record for one purpose: HMAC-SHA256 of `soort:pk` under a key
    derived from `ANALYSIS_EXPORT_KEY` and the normalised purpose. The same record gets the
    same pseudonym in every export for that purpose (a partner links years), another one for
    another purpose (two partners' files do not link), and none that the processing log's
    pseudonyms (another key, another message) or anyone without the key can reverse."""
    key = hmac.new(
        settings.ANALYSIS_EXPORT_KEY.encode(),
        b"goedwonen-analyse-export\x00" + doel_normalised(doel).encode(),
        hashlib.sha256,
    ).digest()
    return hmac.new(key, f"{soort}:{pk}".encode(), hashlib.sha256).hexdigest()[:24]


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def analyse_rows(
    *, van: date, tot: date, gebied: Gebied | None, doel: str
) -> list[tuple[str, ...]]:
    """The rows of the analysis file: cases made, reports received and inspections dated from
    `van` to `tot` (inclusive) on objects within `gebied` (everything when None)."""
    buurten = buurten_in(gebied)
    codes = dict(Gebied.objects.values_list("pk", "code"))
    rows: list[tuple[str, ...]] = []

    def p(soort: str, pk: int | None) -> str:
        return pseudoniem(soort, pk, doel) if pk is not None else ""

    cases = within_area(
        Casus.objects.filter(aangemaakt_op__date__gte=van, aangemaakt_op__date__lte=tot),
        "objecten__verblijfsobject__buurt_id",
        buurten,
    ).annotate(buurt=Min("objecten__verblijfsobject__buurt_id"))
    for pk, aangemaakt, categorieen, herkomst, resultaat, buurt in cases.values_list(
        "pk", "aangemaakt_op", "categorieen", "herkomst", "resultaat", "buurt"
    ):
        rows.append(
            (
                "casus",
                p("casus", pk),
                p("casus", pk),
                codes.get(buurt, ""),
                _month(timezone.localdate(aangemaakt)),
                "|".join(sorted(categorieen)),
                herkomst,
                resultaat or "open",
            )
        )
    reports = within_area(
        Melding.objects.filter(ontvangen_op__date__gte=van, ontvangen_op__date__lte=tot),
        "buurt_id",
        buurten,
    )
    for pk, ontvangen, buurt, categorie, melder, status, casus in reports.values_list(
        "pk",
        "ontvangen_op",
        "buurt_id",
        "categorie",
        "melder_soort",
        "status",
        "casus_id",
    ):
        rows.append(
            (
                "melding",
                p("melding", pk),
                p("casus", casus),
                codes.get(buurt, ""),
                _month(timezone.localdate(ontvangen)),
                categorie,
                melder,
                status,
            )
        )
    imported = within_area(
        Controle.objects.filter(datum__gte=van, datum__lte=tot),
        "verblijfsobject__buurt_id",
        buurten,
    )
    for pk, datum, buurt, aanleiding, overtreding, categorieen in imported.values_list(
        "pk", "datum", "verblijfsobject__buurt_id", "aanleiding", "overtreding", "categorieen"
    ).iterator(chunk_size=20_000):
        rows.append(
            (
                "controle",
                p("controle", pk),
                "",
                codes.get(buurt, ""),
                _month(datum),
                "|".join(sorted(categorieen)),
                aanleiding,
                overtreding or "onbekend",
            )
        )
    visits = within_area(
        Bezoek.objects.filter(correctie__isnull=True, datum__gte=van, datum__lte=tot),
        "casusobject__verblijfsobject__buurt_id",
        buurten,
    ).annotate(
        hit=Exists(Bevinding.objects.filter(bezoek=OuterRef("pk"), vastgesteld=True)),
        in_actie=Exists(Actieadres.objects.filter(bezoek=OuterRef("pk"))),
    )
    found = {
        bezoek: sorted(set(cats))
        for bezoek, cats in _findings(visits.values_list("pk", flat=True)).items()
    }
    for pk, datum, buurt, herkomst, casus, hit, in_actie in visits.values_list(
        "pk",
        "datum",
        "casusobject__verblijfsobject__buurt_id",
        "casus__herkomst",
        "casus_id",
        "hit",
        "in_actie",
    ):
        rows.append(
            (
                "controle",
                p("bezoek", pk),
                p("casus", casus),
                codes.get(buurt, ""),
                _month(datum),
                "|".join(found.get(pk, [])),
                "integrale_actie" if in_actie else HERKOMST_VAN_CASUS[herkomst],
                "ja" if hit else "nee",
            )
        )
    return rows


def _findings(bezoeken: Iterable[int]) -> dict[int, list[str]]:
    """Per visit: the categories of the violations it established."""
    found: dict[int, list[str]] = {}
    established = Bevinding.objects.filter(bezoek__in=bezoeken, vastgesteld=True)
    for bezoek, categorie in established.values_list("bezoek_id", "categorie"):
        found.setdefault(bezoek, []).append(categorie)
    return found


@transaction.atomic
def analyse_export(
    *, actor: User, van: date, tot: date, gebied: Gebied | None, doel: str
) -> Download:
    """The pseudonymised analysis file as CSV, logged with its purpose and row count."""
    require(actor, Capability.ANALYSIS_EXPORT)
    rows = analyse_rows(van=van, tot=tot, gebied=gebied, doel=doel)
    handle = io.StringIO()
    write_csv(handle, ANALYSE_KOLOMMEN, rows)
    code = gebiedscode(gebied)
    processing_log_record(
        actor=actor,
        operation=(
            f"Gepseudonimiseerd analysebestand {van.isoformat()} t/m {tot.isoformat()} "
            f"{code} gedownload: {len(rows)} rijen; doel: {' '.join(doel.split())}"
        )[:200],
        activity=ACTIVITY,
        object_ref=f"sturing:analyse-export:{code}",
    )
    naam = f"analysebestand-{van.isoformat()}-{tot.isoformat()}-{code}.csv"
    return Download(naam, "text/csv; charset=utf-8", handle.getvalue().encode("utf-8"))
