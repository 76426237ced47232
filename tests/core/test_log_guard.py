"""The database itself refuses to change the processing log, raw SQL included: lines and audit
records are appended, a line changes once when it is sealed, the chain's head only moves
forward. On SQLite and PostgreSQL alike; on PostgreSQL the application's role cannot lift it."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction

from goedwonen.core import log_guard
from goedwonen.core.models import Auditregel, LogKetting, Verwerkingsactiviteitcode, Verwerkingslog
from goedwonen.core.processing_log import (
    DataSubject,
    processing_log_record,
    processing_log_seal,
    processing_log_verify,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and TRUNCATE are PostgreSQL's"
)
APP_ROLE_SQL = Path(__file__).parents[2] / "scripts" / "postgres-app-role.sql"


def _record(name="Inzage"):
    (line,) = processing_log_record(
        actor=None,
        operation=name,
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        subjects=[DataSubject("eigenaar", "E1")],
    )
    return line


def _refused(sql, params=(), error=IntegrityError, match="append-only"):
    with pytest.raises(error, match=match), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_sealed_line_cannot_be_changed_or_deleted_through_raw_sql():
    line = _record()
    _record()
    processing_log_seal()
    _refused("UPDATE core_verwerkingslog SET name = %s WHERE id = %s", ["Anders", line.pk])
    # Sealed again with a hash of one's own choosing: refused as well.
    _refused("UPDATE core_verwerkingslog SET hash = %s WHERE id = %s", ["f" * 64, line.pk])
    _refused("DELETE FROM core_verwerkingslog WHERE id = %s", [line.pk])
    _refused("DELETE FROM core_verwerkingslog")
    _refused("UPDATE core_auditregel SET gebruikersnaam = %s", ["iemand"])
    _refused("DELETE FROM core_auditregel")
    assert Verwerkingslog.objects.get(pk=line.pk).name == "Inzage"
    assert Auditregel.objects.count() == 2
    assert processing_log_verify().ok


def test_a_line_cannot_be_changed_before_it_is_sealed():
    line = _record()
    _refused(
        "UPDATE core_verwerkingslog SET name = %s WHERE id = %s",
        ["Anders", line.pk],
        match="a line changes once, when it is sealed",
    )
    # Sealing it with another content in the same statement: refused too.
    _refused(
        "UPDATE core_verwerkingslog SET volgnummer = 1, hash = %s, name = %s WHERE id = %s",
        ["a" * 64, "Anders", line.pk],
        match="a line changes once",
    )
    _refused("UPDATE core_auditregel SET gebruikersnaam = %s", ["iemand"])
    assert processing_log_seal() == 1
    assert Verwerkingslog.objects.get(pk=line.pk).name == "Inzage"
    assert processing_log_verify().ok


def test_a_line_is_not_written_sealed():
    line = _record()
    processing_log_seal()
    sealed = Verwerkingslog.objects.get(pk=line.pk)
    with pytest.raises(IntegrityError, match="a line is written unsealed"), transaction.atomic():
        Verwerkingslog.objects.create(
            **{
                field.attname: getattr(sealed, field.attname)
                for field in Verwerkingslog._meta.concrete_fields
                if field.attname != "id"
            }
            | {"volgnummer": 2, "vorige_hash": sealed.hash, "hash": "b" * 64}
        )


def test_the_chain_head_only_moves_forward():
    _record()
    _record()
    processing_log_seal()
    head = LogKetting.objects.get()
    first = Verwerkingslog.objects.get(volgnummer=1)
    back = "UPDATE core_logketting SET volgnummer = %s, hash = %s WHERE id = 1"
    _refused(back, [1, first.hash], match="only moves forward")
    _refused(back, [2, "c" * 64], match="only moves forward")
    _refused("DELETE FROM core_logketting", match="append-only")
    _record()
    assert processing_log_seal() == 1  # sealing moves it forward
    assert LogKetting.objects.get().volgnummer == head.volgnummer + 1


def test_migrate_puts_back_a_guard_that_a_table_rebuild_dropped():
    line = _record()
    log_guard.uninstall(connection)  # what SQLite does to triggers when it rebuilds a table
    call_command("migrate", verbosity=0)
    _refused("UPDATE core_verwerkingslog SET name = %s WHERE id = %s", ["Anders", line.pk])


@postgres_only
@pytest.mark.parametrize("table", ["core_verwerkingslog", "core_auditregel", "core_logketting"])
def test_truncate_is_refused(table):
    _record()
    processing_log_seal()
    with connection.cursor() as cursor:
        # Else PostgreSQL refuses first: the test's own inserts are not yet checked.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _refused(f"TRUNCATE {table} CASCADE", match="TRUNCATE on")
    assert Verwerkingslog.objects.count() == 1


def _deploy_check_ids() -> list[str]:
    out = StringIO()
    call_command(
        "check", deploy=True, databases=["default"], tags=["database"], stdout=out, stderr=out
    )
    return re.findall(r"goedwonen\.W\d+", out.getvalue())


@postgres_only
def test_the_application_role_can_append_and_seal_but_not_change_or_lift_the_guard():
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE goedwonen_app_test NOLOGIN")
        script = re.sub(r"--[^\n]*", "", APP_ROLE_SQL.read_text())
        for statement in filter(str.strip, script.split(";")):
            cursor.execute(statement.replace(':"app_role"', "goedwonen_app_test"))
    # The test database's owner (a superuser) is warned that REVOKE does not bind it.
    assert _deploy_check_ids() == ["goedwonen.W101"]
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE goedwonen_app_test")
    line = _record()
    assert processing_log_seal() == 1
    denied = {"error": ProgrammingError, "match": "permission denied"}
    _refused("UPDATE core_verwerkingslog SET name = 'x' WHERE id = %s", [line.pk], **denied)
    _refused("DELETE FROM core_verwerkingslog", **denied)
    _refused("TRUNCATE core_auditregel CASCADE", **denied)
    _refused(
        "ALTER TABLE core_verwerkingslog DISABLE TRIGGER USER",
        match="must be owner",
        error=ProgrammingError,
    )
    _refused(
        "DROP TRIGGER goedwonen_guard_core_verwerkingslog_update ON core_verwerkingslog",
        match="must be owner",
        error=ProgrammingError,
    )
    assert _deploy_check_ids() == []
    assert processing_log_verify().ok
