"""The health check (/gezondheid): public, ages only, 503 when the worker is silent or the
processing log waits too long for sealing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.utils import timezone

from goedwonen.core.health import tasks_of_stopped_workers_requeue, worker_heartbeat
from goedwonen.core.models import Verwerkingsactiviteitcode, Werkerhartslag
from goedwonen.core.processing_log import processing_log_record, processing_log_seal

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: float = 0) -> None:
    worker_heartbeat(werker="web-1:4242", gestart_op=timezone.now() - timedelta(hours=1))
    Werkerhartslag.objects.update(laatste_slag=timezone.now() - timedelta(seconds=seconds_ago))


def test_health_is_ok_while_a_worker_beats_and_the_log_is_sealed(client):
    processing_log_seal()
    _beat(seconds_ago=3)

    response = client.get("/gezondheid")

    assert response.status_code == 200
    body = response.json()
    # Seconds pass between the beat and the answer on a busy machine.
    age = body["werker"].pop("laatsteHartslagSecondenGeleden")
    assert 3 <= age < 60
    assert body == {
        "status": "ok",
        "werker": {"grensSeconden": 60},
        "verwerkingslog": {"oudsteOnverzegeldeRegelSecondenOud": None, "grensSeconden": 300},
        "problemen": [],
    }
    assert "no-store" in response["Cache-Control"]


def test_health_is_degraded_when_no_worker_ever_ran(client):
    response = client.get("/gezondheid")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["werker"]["laatsteHartslagSecondenGeleden"] is None
    assert body["problemen"] == ["Er draait geen achtergrondverwerker (goedwonen worker)."]


def test_health_is_degraded_when_the_last_heartbeat_is_too_old(client):
    processing_log_seal()
    _beat(seconds_ago=75)

    response = client.get("/gezondheid")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    age = body["werker"]["laatsteHartslagSecondenGeleden"]
    assert age >= 75
    assert body["problemen"] == [
        f"De achtergrondverwerker gaf {age} seconden geen teken van leven (grens 60)."
    ]


def test_health_is_degraded_when_a_log_line_waits_too_long_for_sealing(client, settings):
    settings.HEALTH_UNSEALED_MAX_SECONDS = 0
    processing_log_seal()
    _beat()
    processing_log_record(
        actor=None,
        operation="Bronlevering geïmporteerd",
        activity=Verwerkingsactiviteitcode.REGISTRATIE_WONINGEN_EIGENAREN,
    )

    response = client.get("/gezondheid")

    assert response.status_code == 503
    body = response.json()
    assert body["verwerkingslog"]["oudsteOnverzegeldeRegelSecondenOud"] >= 0
    assert len(body["problemen"]) == 1
    assert body["problemen"][0].startswith("De oudste regel van het verwerkingslogboek wacht al")

    processing_log_seal()
    assert client.get("/gezondheid").status_code == 200


def test_health_needs_no_sign_in_and_says_nothing_about_the_data(client, make_user):
    _beat()
    processing_log_seal()

    body = client.get("/gezondheid").json()

    assert set(body) == {"status", "werker", "verwerkingslog", "problemen"}
    assert "web-1" not in str(body)  # not even which machines run workers


def test_a_task_whose_worker_stopped_beating_goes_back_in_the_queue(run_worker):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from goedwonen.core.tasks import verify_processing_log

    for werker, seconds_ago in (("machine-a:17", 3), ("machine-b:23", 61)):
        worker_heartbeat(werker=werker, gestart_op=timezone.now() - timedelta(hours=1))
        Werkerhartslag.objects.filter(werker=werker).update(
            laatste_slag=timezone.now() - timedelta(seconds=seconds_ago)
        )
        verify_processing_log.enqueue(reschedule=False)
        task = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
        task.claim(werker)  # as db_worker does, under the worker's heartbeat name
    assert tasks_of_stopped_workers_requeue() == 1

    # machine-a's task is still its own; machine-b's is run by the next worker that looks.
    run_worker()
    tasks = {t.worker_ids[0]: t for t in DBTaskResult.objects.all() if t.worker_ids}
    assert tasks["machine-a:17"].status == TaskResultStatus.RUNNING
    assert tasks["machine-b:23"].status == TaskResultStatus.SUCCESSFUL
    assert len(tasks["machine-b:23"].worker_ids) == 2
    assert list(Werkerhartslag.objects.values_list("werker", flat=True)) == ["machine-a:17"]
    assert tasks_of_stopped_workers_requeue() == 0
