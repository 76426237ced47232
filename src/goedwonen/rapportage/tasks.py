"""The steering dashboard's figures, computed by the worker rather than in a request
(`rapportage.dashboard`): a stand asked for by the page, and every night the running year's."""

from __future__ import annotations

from django_tasks import task

from goedwonen.core.tasks import schedule_nightly

from .dashboard import stand_bereken, standen_vernieuwen


@task()
def stand_berekenen(jaar: int, gebiedcode: str) -> float:
    """Compute one stand; returns the seconds it took."""
    return stand_bereken(jaar=jaar, gebiedcode=gebiedcode).duur or 0.0


@task()
def standen_nachtelijk(reschedule: bool = True) -> int:
    computed = standen_vernieuwen()
    if reschedule:
        schedule_nightly(standen_nachtelijk)
    return computed
