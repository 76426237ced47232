from __future__ import annotations

import threading

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from goedwonen.core.models import (
    AppendOnlyError,
    Auditregel,
    Ketencontrole,
    Verwerkingsactiviteit,
    Verwerkingsactiviteitcode,
    Verwerkingslog,
)
from goedwonen.core.processing_log import (
    GENESIS_HASH,
    DataSubject,
    processing_log_record,
    processing_log_seal,
    processing_log_verify,
    pseudonymise,
)
from goedwonen.core.tracing import TraceContext, current_trace
from tests.conftest import log_guard_lifted

pytestmark = pytest.mark.django_db


def _record_three(actor):
    for n in range(3):
        processing_log_record(
            actor=actor,
            operation=f"Inzage {n}",
            activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
            subjects=[DataSubject("eigenaar", f"E{n}")],
        )
    assert processing_log_seal() == 3


def test_one_line_per_subject_with_audit_kept_apart(make_user):
    actor = make_user()
    lines = processing_log_record(
        actor=actor,
        operation="Overzicht ingezien",
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        subjects=[DataSubject("eigenaar", "E1"), DataSubject("eigenaar", "E2")],
    )
    # Written at once, sealed into the chain afterwards, in the order written.
    assert [line.volgnummer for line in lines] == [None, None]
    assert processing_log_seal() == 2
    first = Verwerkingslog.objects.get(volgnummer=1)
    assert Verwerkingslog.objects.get(volgnummer=2).pk == lines[1].pk
    assert first.name == "Overzicht ingezien"
    assert first.status == "OK"
    assert first.verwerkingsactiviteit.code == "accountbeheer"
    assert first.data_subject_type == "eigenaar"
    # The line carries a pseudonym, never the id itself, and no identity of the actor.
    assert first.data_subject_id == pseudonymise(DataSubject("eigenaar", "E1"))
    assert "E1" not in first.data_subject_id
    assert len(first.trace_id) == 32 and len(first.span_id) == 16
    audit = Auditregel.objects.get(logregel=first)
    assert audit.gebruiker == actor
    assert audit.gebruikersnaam == actor.username
    assert audit.organisatiecode == "so"


def test_a_batch_writes_its_records_in_one_insert_each_with_its_actors_audit(make_user):
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    from goedwonen.core.processing_log import processing_log_batch

    first, second = make_user(), make_user()
    activity = Verwerkingsactiviteitcode.ACCOUNTBEHEER
    with CaptureQueriesContext(connection) as queries, transaction.atomic(), processing_log_batch():
        a = processing_log_record(actor=first, operation="Blok A", activity=activity)
        with processing_log_batch():  # nested: the outer batch writes
            b = processing_log_record(
                actor=second,
                operation="Blok B",
                activity=activity,
                objects=[("casus:1", None), ("casus:2", DataSubject("eigenaar", "E1"))],
            )
        c = processing_log_record(actor=None, operation="Blok C", activity=activity)
        assert Verwerkingslog.objects.count() == 0  # held until the batch ends
    writes = [
        q for q in queries.captured_queries if q["sql"].lstrip().startswith(("INSERT", "WITH"))
    ]
    # PostgreSQL: lines and audit records in one statement; elsewhere the lines, then the records.
    assert len(writes) == (1 if connection.vendor == "postgresql" else 2)
    written = {
        line.name + line.object_ref: line.audit.gebruikersnaam
        for line in Verwerkingslog.objects.select_related("audit")
    }
    assert written == {
        "Blok A": first.username,
        "Blok Bcasus:1": second.username,
        "Blok Bcasus:2": second.username,
        "Blok C": "systeem",
    }
    assert all(line.pk for line in [*a, *b, *c])
    assert processing_log_seal() == 4 and processing_log_verify().ok


def test_a_batch_whose_block_fails_writes_nothing(make_user):
    from django.db import transaction

    from goedwonen.core.processing_log import processing_log_batch

    with pytest.raises(RuntimeError), transaction.atomic(), processing_log_batch():
        processing_log_record(
            actor=make_user(), operation="Blok", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
        )
        raise RuntimeError("the block failed")
    assert Verwerkingslog.objects.count() == 0


def test_lines_form_a_chain_from_genesis(make_user):
    _record_three(make_user())
    lines = list(Verwerkingslog.objects.order_by("volgnummer"))
    assert lines[0].vorige_hash == GENESIS_HASH
    assert lines[1].vorige_hash == lines[0].hash
    assert lines[2].vorige_hash == lines[1].hash
    assert processing_log_verify().ok
    assert processing_log_verify().checked == 3


def test_sealing_continues_the_chain_and_seals_each_line_once(make_user):
    actor = make_user()
    _record_three(actor)
    assert processing_log_seal() == 0
    (late,) = processing_log_record(
        actor=actor, operation="Later", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
    )
    third = Verwerkingslog.objects.get(volgnummer=3)
    assert Verwerkingslog.objects.get(pk=late.pk).volgnummer is None
    assert processing_log_verify().checked == 3  # only sealed lines are in the chain
    assert processing_log_seal(batch=1) == 1  # in batches, until nothing waits
    late = Verwerkingslog.objects.get(pk=late.pk)
    assert (late.volgnummer, late.vorige_hash) == (4, third.hash)
    assert processing_log_verify().checked == 4


def test_verify_log_seals_what_waits_first(make_user, capsys):
    processing_log_record(
        actor=make_user(), operation="x", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
    )
    call_command("verify_log")
    assert "Logketen intact: 1 regels gecontroleerd." in capsys.readouterr().out
    assert Verwerkingslog.objects.get().volgnummer == 1


def test_a_request_trace_is_continued(make_user):
    token = current_trace.set(TraceContext("a" * 32, "b" * 16))
    try:
        (line,) = processing_log_record(
            actor=make_user(), operation="x", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
        )
    finally:
        current_trace.reset(token)
    assert line.trace_id == "a" * 32
    assert line.parent_span_id == "b" * 16


def test_system_actor_is_recorded_as_systeem():
    (line,) = processing_log_record(
        actor=None,
        operation="Nachtelijke controle",
        activity=Verwerkingsactiviteitcode.PRIVACYTOEZICHT,
    )
    assert line.audit.gebruikersnaam == "systeem"
    assert line.audit.gebruiker is None


def test_an_activity_that_is_not_a_code_of_the_enum_is_refused_and_nothing_written(make_user):
    actor = make_user()
    # A bare string is refused even when it spells a known code: every caller names the
    # activity through Verwerkingsactiviteitcode, so a typo cannot reach the log.
    for code in ("bestaat-niet", "accountbeheer"):
        with pytest.raises(TypeError, match="must be a Verwerkingsactiviteitcode"):
            processing_log_record(actor=actor, operation="x", activity=code)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a valid Verwerkingsactiviteitcode"):
        Verwerkingsactiviteitcode("bestaat-niet")
    assert Verwerkingslog.objects.count() == 0


def test_every_code_has_an_active_register_entry_and_every_entry_a_code():
    registered = Verwerkingsactiviteit.objects.filter(actief=True).values_list("code", flat=True)
    assert sorted(registered) == sorted(Verwerkingsactiviteitcode.values)


def test_orm_refuses_updates_and_deletes(make_user):
    _record_three(make_user())
    line = Verwerkingslog.objects.get(volgnummer=2)
    line.name = "anders"
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        line.delete()
    with pytest.raises(AppendOnlyError):
        Verwerkingslog.objects.filter(volgnummer=2).update(name="anders")
    with pytest.raises(AppendOnlyError):
        Verwerkingslog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Auditregel.objects.all().update(gebruikersnaam="iemand-anders")
    assert Verwerkingslog.objects.get(volgnummer=2).name == "Inzage 1"


def _raw(sql, params=()):
    """Tampering as the tables' owner can: past the database's guard (its own tests are in
    test_log_guard.py)."""
    with log_guard_lifted(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_log_command_passes_on_an_intact_chain(make_user, capsys):
    _record_three(make_user())
    call_command("verify_log")
    assert "Logketen intact: 3 regels gecontroleerd." in capsys.readouterr().out
    assert Ketencontrole.objects.get().intact is True


def test_altered_row_makes_verify_log_fail_naming_that_row(make_user):
    _record_three(make_user())
    line = Verwerkingslog.objects.get(volgnummer=2)
    _raw("UPDATE core_verwerkingslog SET name = %s WHERE id = %s", ["Iets anders", line.pk])
    with pytest.raises(CommandError) as raised:
        call_command("verify_log")
    assert raised.value.returncode == 1
    assert f"volgnummer 2 (id {line.pk})" in str(raised.value)
    assert "inhoud gewijzigd" in str(raised.value)
    check = Ketencontrole.objects.get()
    assert (check.intact, check.volgnummer) == (False, 2)


def test_altered_audit_record_breaks_the_chain(make_user):
    _record_three(make_user())
    line = Verwerkingslog.objects.get(volgnummer=1)
    _raw(
        "UPDATE core_auditregel SET gebruikersnaam = %s WHERE logregel_id = %s", ["ander", line.pk]
    )
    check = processing_log_verify()
    assert (check.ok, check.broken_volgnummer) == (False, 1)


def test_removed_middle_row_is_named(make_user):
    _record_three(make_user())
    line = Verwerkingslog.objects.get(volgnummer=2)
    _raw("DELETE FROM core_auditregel WHERE logregel_id = %s", [line.pk])
    _raw("DELETE FROM core_verwerkingslog WHERE id = %s", [line.pk])
    check = processing_log_verify()
    assert (check.ok, check.broken_volgnummer) == (False, 2)
    assert "ontbreekt" in check.reason


def test_removed_last_row_is_noticed_through_the_chain_head(make_user):
    _record_three(make_user())
    line = Verwerkingslog.objects.get(volgnummer=3)
    _raw("DELETE FROM core_auditregel WHERE logregel_id = %s", [line.pk])
    _raw("DELETE FROM core_verwerkingslog WHERE id = %s", [line.pk])
    check = processing_log_verify()
    assert (check.ok, check.broken_volgnummer) == (False, 3)


def test_rehashed_row_still_breaks_the_link_to_the_next(make_user):
    """An attacker who rewrites a line and its own hash still breaks the next line's link."""
    _record_three(make_user())
    line = Verwerkingslog.objects.get(volgnummer=1)
    _raw("UPDATE core_verwerkingslog SET hash = %s WHERE id = %s", ["f" * 64, line.pk])
    check = processing_log_verify()
    assert (check.ok, check.broken_volgnummer) == (False, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows", "data_migration_rows_back")
def test_verifying_while_a_worker_seals_finds_the_chain_intact():
    """The nightly check runs for minutes over a long chain while the workers go on sealing
    (docs/scale-out.md): the head it compares with is the one it started from, not one that
    moved on while it read."""
    if connection.vendor == "sqlite":
        pytest.skip("needs a database that seals and reads at once (PostgreSQL)")
    processing_log_record(
        actor=None,
        operation="Inzage",
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        objects=[(f"casus:{n}", None) for n in range(20_000)],
    )
    processing_log_seal()
    stop = threading.Event()

    def worker() -> None:
        try:
            while not stop.is_set():
                processing_log_record(
                    actor=None, operation="Inzage", activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER
                )
                processing_log_seal()
        finally:
            connection.close()

    sealing = threading.Thread(target=worker)
    sealing.start()
    try:
        checks = [processing_log_verify() for _ in range(3)]
    finally:
        stop.set()
        sealing.join(timeout=60)

    assert [check.describe() for check in checks if not check.ok] == []
    assert processing_log_verify().checked > checks[0].checked >= 20_000
