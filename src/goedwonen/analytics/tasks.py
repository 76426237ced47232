"""Scoring runs requested on the analyst screens, and learning each one's weights proposal,
done by the worker rather than in the request; nightly: analysis data past its retention term
is removed (services.analysis_retention_apply)."""

from __future__ import annotations

import contextlib
import logging

from django_tasks import task

from django.core.exceptions import ValidationError

from goedwonen.core.tasks import schedule_nightly

from .models import Risicorun
from .services import analysis_retention_apply, catalogue_proposal, risicorun_score

logger = logging.getLogger(__name__)


@task()
def score_run(run_pk: int) -> str:
    """Score the run, once: a run no longer bezig is left as it is. Its status is returned; a
    refusal (a missing snapshot, a parameter not valid on the date) is the run's message."""
    run = Risicorun.objects.filter(pk=run_pk, status=Risicorun.Status.BEZIG).first()
    if run is None:
        return "niet bezig"
    with contextlib.suppress(ValidationError):  # recorded on the run, with its message
        risicorun_score(run)
    if run.status == Risicorun.Status.KLAAR:
        # Learned here, once, so that nobody waits for it on the proposal page. A run that
        # cannot give one keeps the reason; a failure here leaves the run as it is (the page
        # tries again).
        try:
            with contextlib.suppress(ValidationError):
                catalogue_proposal(actor=None, run=run)
        except Exception:
            logger.exception("Leervoorstel van risicorun %s niet vooraf berekend", run.pk)
    return run.status


@task()
def apply_analysis_retention(reschedule: bool = True) -> dict[str, int]:
    counts = analysis_retention_apply()
    if reschedule:
        schedule_nightly(apply_analysis_retention)
    return counts
