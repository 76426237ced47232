"""Retention of analysis data: run files after a short term, selections and run records after
the supervision term; the record of what ran stays as long as its selection."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from goedwonen.analytics.models import Risicorun, Selectie, Selectieadres
from goedwonen.analytics.selections import selectie_compose, selectie_decide, selectie_submit
from goedwonen.analytics.services import (
    RUN_FILES_TERM,
    SELECTION_TERM,
    analysis_retention_apply,
    risicorun_repeat,
    risicorun_start,
    run_folder,
)
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability


@pytest.fixture
def people(make_user):
    analyst = make_user(
        [Capability.ANALYSIS_VIEW, Capability.ANALYSIS_RUN, Capability.SELECTION_COMPOSE],
        username="analist",
    )
    approver = make_user([Capability.ANALYSIS_VIEW, Capability.SELECTION_APPROVE], username="pr")
    return analyst, approver


def test_run_files_go_after_their_term_and_the_record_stays(imported):
    old, recent = risicorun_start(actor=None), risicorun_start(actor=None)
    Risicorun.objects.filter(pk=old.pk).update(
        gestart_op=timezone.now() - RUN_FILES_TERM - timedelta(days=1)
    )
    assert analysis_retention_apply() == {"bestanden": 1, "selecties": 0, "runs": 0}
    old.refresh_from_db()
    assert old.bestanden_verwijderd_op is not None and not run_folder(old).exists()
    assert old.bronnen and old.uitkomst_hash  # what ran is still on record
    assert (run_folder(recent) / "scores.parquet").exists()
    assert Verwerkingslog.objects.filter(
        object_ref=f"risicorun:{old.pk}", name="Bestanden van risicorun verwijderd"
    ).exists()
    with pytest.raises(ValidationError, match="niet te herhalen"):
        risicorun_repeat(actor=None, run=old)
    assert analysis_retention_apply() == {"bestanden": 0, "selecties": 0, "runs": 0}  # once


def test_a_decided_selection_and_then_its_run_go_after_the_supervision_term(imported, people):
    analyst, approver = people
    run = risicorun_start(actor=analyst)
    selectie = selectie_compose(actor=analyst, run=run, naam="Actie", top_n=5)
    selectie_submit(actor=analyst, selectie=selectie)
    selectie_decide(actor=approver, selectie=selectie, goedkeuren=True, toelichting="")
    lone = risicorun_start(actor=analyst)
    long_ago = timezone.now() - SELECTION_TERM - timedelta(days=1)
    Risicorun.objects.update(gestart_op=long_ago)
    Selectie.objects.filter(pk=selectie.pk).update(beoordeeld_op=timezone.now())
    # Decided recently: the selection and its run stay; the run without a selection goes.
    assert analysis_retention_apply()["runs"] == 1
    assert not Risicorun.objects.filter(pk=lone.pk).exists()
    assert Selectieadres.objects.filter(selectie=selectie).count() == 5
    Selectie.objects.filter(pk=selectie.pk).update(beoordeeld_op=long_ago)
    counts = analysis_retention_apply()
    assert (counts["selecties"], counts["runs"]) == (1, 1)
    assert not Selectie.objects.exists() and not Selectieadres.objects.exists()
    assert not Risicorun.objects.exists()
    assert (
        Verwerkingslog.objects.filter(object_ref=f"selectie:{selectie.pk}")
        .filter(name="Selectie vernietigd na de bewaartermijn")
        .exists()
    )


def test_a_run_left_computing_by_a_stopped_worker_is_closed_when_a_worker_starts(
    imported, run_worker
):
    from goedwonen.analytics.services import INTERRUPTED, RUN_INTERRUPTED_AFTER

    interrupted, recent = risicorun_start(actor=None), risicorun_start(actor=None)
    Risicorun.objects.filter(pk__in=[interrupted.pk, recent.pk]).update(status="bezig")
    Risicorun.objects.filter(pk=interrupted.pk).update(
        gestart_op=timezone.now() - RUN_INTERRUPTED_AFTER - timedelta(minutes=1)
    )
    run_worker()  # `goedwonen worker --batch`
    interrupted.refresh_from_db()
    recent.refresh_from_db()
    assert (interrupted.status, interrupted.melding) == ("mislukt", INTERRUPTED)
    assert recent.status == "bezig"  # may still be computing
    assert Verwerkingslog.objects.filter(
        object_ref=f"risicorun:{interrupted.pk}", name="Risicorun als onderbroken afgesloten"
    ).exists()
