"""Reporters' mail goes through the outbox: written with the report's transaction, sent by the
worker in batches, never with the address in the outbox, and nothing once anonymised."""

from __future__ import annotations

import importlib
import json
import signal
import socket

import pytest
from django_tasks_db.models import DBTaskResult

from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.intake.mail import reporter_messages_send
from goedwonen.intake.models import Melderbericht, MelderContact
from goedwonen.intake.services.registration import Contact, melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres

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


@pytest.fixture
def registrar(make_user):
    return make_user([Capability.REPORTS_REGISTER], username="registrator")


@pytest.mark.django_db
def test_a_rolled_back_registration_leaves_no_mail(registrar, run_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        register(registrar)
        assert Melderbericht.objects.count() == 1
        raise RuntimeError("the caller's transaction fails after the registration")
    assert not Melderbericht.objects.exists()
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
    assert Melderbericht.objects.get().verzonden_op is not None  # done with, not retried


@pytest.mark.django_db
def test_a_failing_mail_server_leaves_the_mail_waiting_for_the_next_round(registrar, settings):
    register(registrar)
    settings.EMAIL_BACKEND = "tests.intake.broken_mail.Backend"
    with pytest.raises(ConnectionRefusedError):
        reporter_messages_send()
    assert mail.outbox == []
    assert Melderbericht.objects.get().verzonden_op is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reporter_messages_send() == 1
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert reporter_messages_send() == 0  # sent once, not again


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_gives_up_after_the_timeout(registrar, settings):
    """A real SMTP connection to a server on loopback that accepts and then says nothing:
    without a timeout the worker's mail round (and on SQLite every writer) would wait for ever."""
    register(registrar)
    assert settings.EMAIL_TIMEOUT == 30  # the default; shortened here
    silent = socket.create_server(("127.0.0.1", 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1

    def still_waiting(signum: int, frame: object) -> None:
        raise AssertionError("the mail round still waits for the server after 20 s")

    previous = signal.signal(signal.SIGALRM, still_waiting)
    signal.alarm(20)
    try:
        with pytest.raises(OSError, match="timed out"):
            reporter_messages_send()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        silent.close()

    assert Melderbericht.objects.get().verzonden_op is None  # waits for the next round


@pytest.mark.django_db
def test_everything_waiting_is_sent_in_batches_with_one_log_line_per_reporter(registrar):
    meldingen = [register(registrar, bron_id=f"T-{n}").melding for n in range(5)]
    before = Verwerkingslog.objects.count()
    assert reporter_messages_send(batch=2) == 5
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Uw melding {m.referentie}" for m in meldingen
    )
    assert not Melderbericht.objects.filter(verzonden_op__isnull=True).exists()
    logged = Verwerkingslog.objects.order_by("pk")[before:]
    assert sorted(line.data_subject_id for line in logged) == sorted(
        pseudonymise(DataSubject("melder", m.referentie)) for m in meldingen
    )
    assert {line.name for line in logged} == {"E-mail aan melder verzonden"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back")
def test_a_committed_registration_is_mailed_by_the_worker_and_the_outbox_keeps_no_address(
    registrar,
):
    melding = register(registrar).melding  # its own transaction, committed
    assert mail.outbox == []
    call_command("worker", batch=True, verbosity=0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([EMAIL], f"Uw melding {melding.referentie}")
    ]
    assert "Uw melding is ontvangen." in mail.outbox[0].body
    row = json.dumps(Melderbericht.objects.values().get(), default=str)
    assert EMAIL not in row and "Melder" not in row


@pytest.mark.django_db
def test_mail_queued_as_a_task_before_the_outbox_moves_into_it(registrar):
    contact = register(registrar).melding.contact
    Melderbericht.objects.all().delete()
    DBTaskResult.objects.create(
        task_path="goedwonen.intake.tasks.send_reporter_mail",
        args_kwargs={"args": [contact.pk, "GW-OUD", "Uw melding is ontvangen."], "kwargs": {}},
        status="READY",
        backend_name="default",
        run_after=timezone.now(),
    )
    migration = importlib.import_module("goedwonen.intake.migrations.0005_reporter_outbox")
    migration.queued_mail_to_outbox(apps, None)
    assert list(Melderbericht.objects.values_list("contact", "tekst")) == [
        (contact.pk, "Uw melding is ontvangen.")
    ]
    assert not DBTaskResult.objects.exists()
