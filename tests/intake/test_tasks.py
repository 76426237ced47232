"""Reporters' mail goes through the task queue: queued with the report's transaction, sent by
the worker, and the queue table keeps no contact details."""

from __future__ import annotations

import json

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.intake.models import MelderContact
from goedwonen.intake.services import Contact, OpgegevenAdres, melding_register
from goedwonen.intake.tasks import send_reporter_mail

EMAIL = "melder@example.org"


def register(actor, **overrides):
    fields = {
        "bron": "telefoon",
        "categorie": "overbewoning",
        "omschrijving": "Tien matrassen",
        "adres": OpgegevenAdres(postcode="3083 AB", huisnummer="10"),
        "melder_soort": "bewoner",
        "contact": Contact(naam="A. Melder", email=EMAIL),
    } | overrides
    return melding_register(actor=actor, **fields)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path=send_reporter_mail.module_path)


@pytest.fixture
def registrar(make_user):
    return make_user([Capability.REPORTS_REGISTER], username="registrator")


@pytest.mark.django_db
def test_a_rolled_back_registration_queues_no_mail(registrar, run_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        register(registrar)
        assert mail_tasks().count() == 1
        raise RuntimeError("the caller's transaction fails after the registration")
    assert not mail_tasks().exists()
    run_worker()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_worker_sends_nothing_once_the_contact_is_anonymised(registrar, run_worker):
    melding = register(registrar).melding
    MelderContact.objects.filter(melding=melding).update(
        email="", naam="", geanonimiseerd_op=timezone.now()
    )
    run_worker()
    assert mail.outbox == []
    assert mail_tasks().get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back")
def test_a_committed_registration_is_mailed_by_the_worker_and_the_queue_keeps_no_address(
    registrar,
):
    melding = register(registrar).melding  # its own transaction, committed
    assert mail.outbox == []
    call_command("worker", batch=True, verbosity=0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([EMAIL], f"Uw melding {melding.referentie}")
    ]
    done = mail_tasks().get()
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.args_kwargs == {
        "args": [melding.contact.pk, melding.referentie, "Uw melding is ontvangen."],
        "kwargs": {},
    }
    assert done.return_value is None
    row = json.dumps(DBTaskResult.objects.filter(pk=done.pk).values().get(), default=str)
    assert EMAIL not in row and "Melder" not in row
