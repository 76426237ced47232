"""The steering dashboard as sections (issue 17, point 2). Each section computes its figures
for a filter (the viewer, a year, an area) and says how to show them; the page renders the
sections in order and the exports (CSV, XLSX) write the figures of every section, so what is
shown and what is exported are the same numbers.

A section is a function `(Filter) -> Sectie | None` (None: nothing to show for this viewer or
area), registered in `SECTIES` below.

No request computes the figures: over a city's years of work that takes tens of seconds (44 s
at a million cases, bench/README.md). The worker computes them (`stand_bereken`) into a
`Cijferstand` per year and area: each section's title, its HTML as rendered then, and its
figures. The page and the exports show the stand (`stand_voor`), so what is shown is what is
exported, and ask the worker for a new one when it is older than `FRESH_SECONDS`, runs to
another day, or was computed before a target changed or a report was established or an outcome
recorded (`sleutel`); the page then says so and reloads itself when the new stand is there.
At night the worker renews every stand of the running year (`standen_vernieuwen`). No section
depends on who views it (the page checks STEERING_VIEW; the figures are counts)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .cijfers import Cijfer

if TYPE_CHECKING:
    from goedwonen.registry.models import Gebied

    from .models import Cijferstand


@dataclass(frozen=True)
class Filter:
    jaar: int
    gebied: Gebied | None  # None: every area the approach works in
    # The day the figures run to: today for the running year, else 31 December.
    peildatum: Any


@dataclass(frozen=True)
class Sectie:
    key: str  # the section's anchor on the page and its name in the exports
    titel: str
    template: str  # renders `sectie` (this object) and its `context`
    cijfers: list[Cijfer]  # every figure the section shows, as exported
    context: dict[str, Any] = field(default_factory=dict)


Sectiemaker = Callable[[Filter], "Sectie | None"]

# In the order of the page. Each lane appends its section's dotted path.
SECTIES: list[str] = [
    "goedwonen.rapportage.sectie_doelen.sectie",
    "goedwonen.rapportage.secties_werkstroom.doorstroom",
    "goedwonen.rapportage.secties_werkstroom.servicenormen",
    "goedwonen.rapportage.secties_werkstroom.trefkansen",
    "goedwonen.rapportage.secties_werkstroom.handhaving",
    "goedwonen.rapportage.secties_werkstroom.open_werk",
    "goedwonen.rapportage.uitkomsten.sectie_uitkomsten",
]


def secties(filter_: Filter) -> list[Sectie]:
    from django.utils.module_loading import import_string

    found = []
    for path in SECTIES:
        maker: Sectiemaker = import_string(path)
        sectie = maker(filter_)
        if sectie is not None:
            found.append(sectie)
    return found


# A stand older than this is shown, and a new one asked for.
FRESH_SECONDS = 600
# A computation asked for longer ago than this and not done (a worker stopped mid-way) is
# asked for again.
ASK_AGAIN_SECONDS = 1800
# A stand nobody looked at for this long is removed at night (asked for again, it is computed).
STAND_KEPT_DAYS = 60


def peildatum_van(jaar: int, today: date) -> date:
    """The figures run to today in the running year, to 31 December in a past one."""
    return min(today, date(jaar, 12, 31))


def sleutel(filter_: Filter) -> str:
    """What the figures reflect besides the work itself: the targets valid on the day, and
    the latest report established and outcome recorded on the steering pages. A stand with
    another key is renewed at once, so what a person records there shows within a minute."""
    from .doelen import doelen_op
    from .models import Rapportvaststelling, Uitkomst

    recorded = repr(
        [
            (d.code, d.versie.pk if d.versie else None, str(d.waarde), d.geldig_vanaf, d.bron)
            for d in doelen_op(filter_.peildatum)
        ]
        + [
            model.objects.order_by("-pk").values_list("pk", flat=True).first()
            for model in (Rapportvaststelling, Uitkomst)
        ]
    )
    return hashlib.sha256(recorded.encode()).hexdigest()


@dataclass(frozen=True)
class Getoond:
    """A section as the page shows it from a stand."""

    key: str
    titel: str
    html: SafeString
    cijfers: list[Cijfer]  # what the exports write


@dataclass(frozen=True)
class Stand:
    """What the page and the exports show for a filter."""

    secties: list[Getoond]  # empty before the first computation is done
    berekend_op: datetime | None  # None: never computed yet
    peildatum: date | None
    # A new stand is on its way (asked for now or earlier); the page reloads when it is done.
    bijwerken: bool


def _gebiedcode(gebied: Gebied | None) -> str:
    return gebied.code if gebied is not None else ""


def _stand_of(row: Cijferstand, bijwerken: bool) -> Stand:
    secties = row.secties or []
    return Stand(
        # HTML the section's own template rendered, autoescaped, when the stand was computed.
        secties=[
            Getoond(
                s["key"],
                s["titel"],
                mark_safe(s["html"]),  # noqa: S308
                [Cijfer(*c) for c in s["cijfers"]],
            )
            for s in secties
        ],
        berekend_op=row.berekend_op,
        peildatum=row.peildatum,
        bijwerken=bijwerken,
    )


def stand_voor(filter_: Filter) -> Stand:
    """The latest stand for the filter's year and area, asking the worker for a new one when
    it is not fresh (see the module's docstring). A few small queries, whatever the size of
    the store."""
    from goedwonen.core.tasks import enqueue_with_transaction

    from .models import Cijferstand
    from .tasks import stand_berekenen

    now = timezone.now()
    row, _ = Cijferstand.objects.get_or_create(
        jaar=filter_.jaar, gebiedcode=_gebiedcode(filter_.gebied)
    )
    fresh = (
        row.berekend_op is not None
        and row.peildatum == filter_.peildatum
        and row.sleutel == sleutel(filter_)
        and (now - row.berekend_op).total_seconds() < FRESH_SECONDS
    )
    asked = row.gevraagd_op is not None and (
        (now - row.gevraagd_op).total_seconds() < ASK_AGAIN_SECONDS
    )
    bijwerken = not fresh
    if not fresh and not asked:
        # One request asks, however many look at the same moment.
        claimed = Cijferstand.objects.filter(pk=row.pk, gevraagd_op=row.gevraagd_op).update(
            gevraagd_op=now, bekeken_op=now
        )
        if claimed:
            enqueue_with_transaction(stand_berekenen, filter_.jaar, row.gebiedcode)
    elif (now - row.bekeken_op).total_seconds() > 3600:
        Cijferstand.objects.filter(pk=row.pk).update(bekeken_op=now)
    return _stand_of(row, bijwerken)


def stand_berekend_op(*, jaar: int, gebied: Gebied | None) -> datetime | None:
    """When the shown stand was computed: the page's question while it waits for a new one."""
    from .models import Cijferstand

    return (
        Cijferstand.objects.filter(jaar=jaar, gebiedcode=_gebiedcode(gebied))
        .values_list("berekend_op", flat=True)
        .first()
    )


def stand_bereken(*, jaar: int, gebiedcode: str) -> Cijferstand:
    """Compute the sections for the year and area as of today, render them and keep them as
    the stand (the worker's task)."""
    from django.template.loader import render_to_string

    from goedwonen.registry.models import Gebied

    from .models import Cijferstand

    gebied = Gebied.objects.get(code=gebiedcode) if gebiedcode else None
    filter_ = Filter(jaar=jaar, gebied=gebied, peildatum=peildatum_van(jaar, timezone.localdate()))
    started = timezone.now()
    key = sleutel(filter_)  # before the figures: a change while computing asks again
    found = secties(filter_)
    rendered = [
        {
            "key": s.key,
            "titel": s.titel,
            "html": render_to_string(s.template, {"sectie": s, "filter": filter_}),
            "cijfers": [[c.maat, c.gebied, c.periode, c.categorie, c.waarde] for c in s.cijfers],
        }
        for s in found
    ]
    done = timezone.now()
    row, _ = Cijferstand.objects.get_or_create(jaar=jaar, gebiedcode=gebiedcode)
    row.peildatum = filter_.peildatum
    row.sleutel = key
    row.secties = rendered
    row.berekend_op = done
    row.duur = (done - started).total_seconds()
    fields = ["peildatum", "sleutel", "secties", "berekend_op", "duur"]
    if row.gevraagd_op is not None and row.gevraagd_op <= started:
        row.gevraagd_op = None  # asked for again while computing: that request still waits
        fields.append("gevraagd_op")
    row.save(update_fields=fields)
    return row


def standen_vernieuwen(*, today: date | None = None) -> int:
    """At night: renew the running year's stands, the one for every area first (made when
    missing, so the first look of the day finds figures), and remove the stands nobody
    looked at in `STAND_KEPT_DAYS`. Returns how many were computed."""
    from datetime import timedelta

    from .models import Cijferstand

    today = today or timezone.localdate()
    Cijferstand.objects.filter(
        bekeken_op__lt=timezone.now() - timedelta(days=STAND_KEPT_DAYS)
    ).delete()
    Cijferstand.objects.get_or_create(jaar=today.year, gebiedcode="")
    codes = Cijferstand.objects.filter(jaar=today.year).order_by("gebiedcode")
    computed = 0
    for code in codes.values_list("gebiedcode", flat=True):
        stand_bereken(jaar=today.year, gebiedcode=code)
        computed += 1
    return computed
