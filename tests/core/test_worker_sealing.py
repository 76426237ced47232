"""The worker seals new processing-log lines within seconds, whatever else it is doing: a line
outside the chain can be changed unnoticed by whoever lifts the database's guard."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection

from goedwonen.core.models import Verwerkingsactiviteitcode, Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import processing_log_record
from goedwonen.intake.models import Melderbericht
from goedwonen.intake.services.registration import Contact, melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back"),
    # On SQLite the mail round holds the database's write lock while it sends
    # (intake/mail.py), so a hanging mail server stops every writer there, sealing included.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs writers that do not lock each other out"
    ),
]

released = threading.Event()


class HangingMailBackend(BaseEmailBackend):
    """A mail server that accepts the connection and never answers (Django's SMTP backend
    waits for ever by default), until the test lets it fail."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        released.wait(60)
        raise ConnectionError("the mail server never answered")


def test_lines_are_sealed_within_seconds_while_the_mail_server_hangs(make_user, settings):
    settings.EMAIL_BACKEND = f"{__name__}.HangingMailBackend"
    registrar = make_user([Capability.REPORTS_REGISTER])
    melding_register(
        actor=registrar,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Tien matrassen",
        adres=OpgegevenAdres(postcode="3083 AB", huisnummer="10"),
        melder_soort="bewoner",
        contact=Contact(naam="A. Melder", email="melder@example.org"),
    )
    (line,) = processing_log_record(
        actor=None, operation="Inzage", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
    )
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    threads_before = set(threading.enumerate())
    sealed_after: list[float] = []

    def watch() -> None:
        """Wait for the line to be sealed (or 15 s), then stop the worker as systemd does."""
        started = time.monotonic()
        while time.monotonic() - started < 15:
            if Verwerkingslog.objects.filter(pk=line.pk, volgnummer__isnull=False).exists():
                sealed_after.append(time.monotonic() - started)
                break
            time.sleep(0.2)
        connection.close()
        os.kill(os.getpid(), signal.SIGTERM)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with pytest.raises(SystemExit):
            call_command("worker", verbosity=0)
    finally:
        watcher.join()
        released.set()
        for thread in set(threading.enumerate()) - threads_before:
            thread.join(timeout=10)
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert sealed_after, "the line was not sealed while the mail server hung"
    assert sealed_after[0] < 10
    assert Melderbericht.objects.get().verzonden_op is None  # the mail is still waiting
