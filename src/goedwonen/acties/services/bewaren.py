"""Retention of integral actions.

An action is the record of a day of supervision: it is kept as long as the cases it fed
(Selectielijst gemeenten 2020, process type 12, handhaven: 10 years after the day). The
selection's risk signals copied onto its addresses (score and reasons) are kept no longer than
the selection itself (`analytics.services.SELECTION_TERM` after the day). A field visit is a
visit in its case and goes with the case; so do its photos, rows and files
(`veldfotos_destroy`, a case destroyer).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from goedwonen.analytics.services import SELECTION_TERM
from goedwonen.core.processing_log import processing_log_record

from ..models import Actie, Actieadres, Veldfoto
from ..selectors import ACTIVITY

if TYPE_CHECKING:
    from goedwonen.casussen.models import Casus

ACTION_TERM_YEARS = 10


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _remove_files(fotos: list[Veldfoto]) -> None:
    names = [f.bestand.name for f in fotos if f.bestand.name]
    storage = Veldfoto._meta.get_field("bestand").storage

    def remove() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)


def veldfotos_destroy(*, casus: Casus) -> int:
    """The photos of the case's field visits, rows and files (the files once the case's
    destruction commits). Called by the case's destruction."""
    fotos = list(Veldfoto.objects.filter(registratie__bezoek__casus=casus))
    _remove_files(fotos)
    Veldfoto.objects.filter(pk__in=[f.pk for f in fotos]).delete()
    return len(fotos)


@transaction.atomic
def acties_retention_apply(*, today: date | None = None) -> dict[str, int]:
    """Clear the selection's signals from actions older than the selection term, destroy
    actions older than their term. Logged per action; returns the counts."""
    today = today or timezone.localdate()
    signals_due = Actieadres.objects.filter(
        actie__datum__lt=today - timedelta(days=SELECTION_TERM.days)
    ).exclude(redenen=[], score=None)
    cleared_actions = sorted(set(signals_due.values_list("actie_id", flat=True)))
    signals_due.update(redenen=[], score=None)
    due = list(Actie.objects.filter(datum__lt=_years_before(today, ACTION_TERM_YEARS)))
    _remove_files(list(Veldfoto.objects.filter(registratie__actieadres__actie__in=due)))
    for pk in cleared_actions:
        processing_log_record(
            actor=None,
            operation="Selectiesignalen van de adressen verwijderd na de bewaartermijn",
            activity=ACTIVITY,
            object_ref=f"actie:{pk}",
        )
    for actie in due:
        processing_log_record(
            actor=None,
            operation="Integrale actie vernietigd na de bewaartermijn",
            activity=ACTIVITY,
            object_ref=f"actie:{actie.pk}",
        )
    Actie.objects.filter(pk__in=[a.pk for a in due]).delete()
    return {"signalen": len(cleared_actions), "acties": len(due)}
