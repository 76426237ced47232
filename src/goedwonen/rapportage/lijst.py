"""The list behind a figure of the dashboard (issue 17, point 2, drill-down): what a figure
counted, of which the viewer sees only what the existing rules let it see (cases:
`casussen.selectors.visible_cases`; actions: who takes part in or organises actions; meetings:
the tables of the viewer's organisation; talks: the landlord monitor), with how many it
does not see. Counted as `cijfers` and `realisatie` count:

- `casussen_nieuw`: cases made in the period whose first object is in the area (no area:
  in a focus buurt); `categorie` the origin.
- `integrale_acties_gehouden`: actions held in the period in the area (no area: every action).
- `casustafel_vergaderingen`: meetings held in the period by a table covering a buurt of the
  area (no area: a focus buurt); a meeting for two buurten counts once here, once per buurt
  in the figures.
- `stopgesprekken_gehouden`: stop talks held in the period (talks have no area).

Every view of the list writes a log line per item shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from goedwonen.acties.models import Actie
from goedwonen.acties.selectors import SEES_ACTIONS, held
from goedwonen.casussen.models import Casus, CasusObject, Herkomst
from goedwonen.casussen.selectors import visible_cases, with_display_title
from goedwonen.casustafels.models import Tafelvergadering, Vergaderstatus
from goedwonen.casustafels.selectors import tables_of
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.registry.models import Gebied, Gebiedssoort
from goedwonen.verhuurders.models import Gesprekssoort, Gespreksstatus, Verhuurdergesprek

from .doelen import ACTIVITY

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

NAMEN = {
    "casussen_nieuw": "Nieuwe casussen",
    "integrale_acties_gehouden": "Gehouden integrale acties",
    "casustafel_vergaderingen": "Gehouden vergaderingen van casustafels",
    "stopgesprekken_gehouden": "Gehouden stopgesprekken",
}


@dataclass(frozen=True)
class Achter:
    maat: str
    naam: str
    rows: QuerySet[Any]  # what the viewer may see
    totaal: int  # what the figure counts
    zichtbaar: int

    @property
    def verborgen(self) -> int:
        return self.totaal - self.zichtbaar


def _period(jaar: int, periode: str) -> tuple[int, int | None]:
    """(year, quarter or None) of `periode` (empty: the year). ValidationError in Dutch."""
    if not periode or periode == str(jaar):
        return jaar, None
    found = re.fullmatch(r"(\d{4})-Q([1-4])", periode)
    if found is None or int(found[1]) != jaar:
        raise ValidationError(
            {"periode": [f"Geef als periode {jaar} of een kwartaal, zoals {jaar}-Q1."]}
        )
    return jaar, int(found[2])


def _buurten(gebied: Gebied | None) -> list[int]:
    """The buurten of the area (its own pk for a buurt); no area: the focus buurten."""
    buurten = Gebied.objects.filter(soort=Gebiedssoort.BUURT)
    if gebied is None:
        return list(buurten.filter(focusgebied=True).values_list("pk", flat=True))
    if gebied.soort == Gebiedssoort.BUURT:
        return [gebied.pk]
    return list(
        buurten.filter(Q(bovenliggend=gebied) | Q(bovenliggend__bovenliggend=gebied)).values_list(
            "pk", flat=True
        )
    )


def _cases(jaar: int, kwartaal: int | None, gebied: Gebied | None, categorie: str) -> QuerySet:
    first = (
        CasusObject.objects.filter(casus=OuterRef("pk"))
        .order_by("pk")
        .values("verblijfsobject__buurt_id")[:1]
    )
    cases = (
        Casus.objects.annotate(
            jaar=ExtractYear("aangemaakt_op"),
            kwartaal=ExtractQuarter("aangemaakt_op"),
            buurt=Subquery(first),
        )
        .filter(jaar=jaar, buurt__in=_buurten(gebied))
        .order_by("-aangemaakt_op", "-pk")
    )
    if kwartaal:
        cases = cases.filter(kwartaal=kwartaal)
    if categorie:
        cases = cases.filter(herkomst=categorie)
    return cases


def _actions(jaar: int, kwartaal: int | None, gebied: Gebied | None) -> QuerySet:
    actions = Actie.objects.filter(held(timezone.localdate()), datum__year=jaar)
    if kwartaal:
        actions = actions.filter(datum__month__in=range(3 * kwartaal - 2, 3 * kwartaal + 1))
    if gebied is not None:
        actions = actions.filter(
            Q(gebied=gebied) | Q(gebied__bovenliggend=gebied) | Q(gebied__pk__in=_buurten(gebied))
        )
    return actions.select_related("gebied").order_by("-datum", "-pk")


def _meetings(jaar: int, kwartaal: int | None, gebied: Gebied | None) -> QuerySet:
    meetings = Tafelvergadering.objects.annotate(
        jaar=ExtractYear("begint_op"), kwartaal=ExtractQuarter("begint_op")
    ).filter(
        jaar=jaar,
        status=Vergaderstatus.GEHOUDEN,
        pk__in=Tafelvergadering.objects.filter(tafel__gebieden__in=_buurten(gebied)).values("pk"),
    )
    if kwartaal:
        meetings = meetings.filter(kwartaal=kwartaal)
    return meetings.select_related("tafel").order_by("-begint_op", "-pk")


def _talks(jaar: int, kwartaal: int | None) -> QuerySet:
    talks = Verhuurdergesprek.objects.filter(
        soort=Gesprekssoort.STOPGESPREK, status=Gespreksstatus.GEHOUDEN, gehouden_op__year=jaar
    )
    if kwartaal:
        talks = talks.filter(gehouden_op__month__in=range(3 * kwartaal - 2, 3 * kwartaal + 1))
    return talks.select_related("eigenaar").order_by("-gehouden_op", "-pk")


def achter_cijfer(
    *,
    actor: User,
    maat: str,
    jaar: int,
    gebied: Gebied | None,
    periode: str = "",
    categorie: str = "",
) -> Achter:
    """What the figure counts and what of it the viewer sees. KeyError: a measure without a
    list; ValidationError: a wrong period or category."""
    require(actor, Capability.STEERING_VIEW)
    naam = NAMEN[maat]
    _, kwartaal = _period(jaar, periode)
    if categorie and (maat != "casussen_nieuw" or categorie not in Herkomst.values):
        raise ValidationError({"categorie": [f"Onbekende categorie '{categorie}'."]})
    if maat == "casussen_nieuw":
        counted = _cases(jaar, kwartaal, gebied, categorie)
        seen = counted.filter(pk__in=visible_cases(actor).values("pk"))
        if actor.organisatie_id is not None:
            # The title this viewer is shown, as in the list of cases.
            seen = with_display_title(seen, actor.organisatie_id)
    elif maat == "integrale_acties_gehouden":
        counted = _actions(jaar, kwartaal, gebied)
        seen = counted if any(can(actor, c) for c in SEES_ACTIONS) else counted.none()
    elif maat == "casustafel_vergaderingen":
        counted = _meetings(jaar, kwartaal, gebied)
        seen = counted.filter(tafel__in=tables_of(actor))
    else:
        counted = _talks(jaar, kwartaal)
        seen = counted if can(actor, Capability.LANDLORDS_MONITOR) else counted.none()
    return Achter(maat, naam, seen, counted.count(), seen.count())


def achter_cijfer_read(*, actor: User, achter: Achter, rows: list[Any], omschrijving: str) -> None:
    """Log what a page of the list showed: a line per item, as other lists of cases do."""
    if not rows:
        return
    prefix = {
        "casussen_nieuw": "casus",
        "integrale_acties_gehouden": "actie",
        "casustafel_vergaderingen": "vergadering",
        "stopgesprekken_gehouden": "verhuurdergesprek",
    }[achter.maat]
    processing_log_record(
        actor=actor,
        operation=f"Lijst achter een cijfer ingezien: {omschrijving}"[:200],
        activity=ACTIVITY,
        objects=[(f"{prefix}:{getattr(r, 'referentie', None) or r.pk}", None) for r in rows],
    )


def jaar_of(value: str, today: date) -> int:
    """The filter's year: a year from 2000 to next year; ValidationError in Dutch."""
    if not value:
        return today.year
    if not (value.isascii() and value.isdigit() and 2000 <= int(value) <= today.year + 1):
        raise ValidationError(
            {"jaar": [f"Kies een jaar van 2000 tot en met {today.year + 1}, zoals {today.year}."]}
        )
    return int(value)


def gebied_of(value: str) -> Gebied | None:
    """The filter's area by its code; empty: the focus areas together."""
    if not value:
        return None
    found = Gebied.objects.filter(code=value).first()
    if found is None:
        raise ValidationError(
            {"gebied": [f"Onbekend gebied '{value}': kies een gebied uit de lijst."]}
        )
    return found
