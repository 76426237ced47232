"""The database's own guard on the processing log, against raw SQL as well as the ORM.

Lines and audit records are written once; a line changes once, when it is sealed (its number,
previous hash and hash go from empty to a value, nothing else changes); nothing is deleted or
truncated; the head of the chain only moves forward. Triggers refuse everything else, on
PostgreSQL and SQLite alike, and on PostgreSQL nobody but the owner holds UPDATE, DELETE or
TRUNCATE on these tables by default.

What it does not stop: the tables' owner (and a superuser) may drop or disable the triggers,
and on SQLite anybody who can write the file may. So on PostgreSQL the application runs under a
role that does not own the tables (docs/adr/0003-processing-log.md), and what the guard cannot
stop the anchors outside the database (core/log_anchor.py) make visible.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

LINES, AUDIT, HEAD = "core_verwerkingslog", "core_auditregel", "core_logketting"
_TABLES = (LINES, AUDIT, HEAD)
# The one change a line gets.
SEAL_COLUMNS = ("volgnummer", "vorige_hash", "hash")

_UNSEALED = "NEW.volgnummer IS NULL AND NEW.hash IS NULL"
_SEALING = (
    "OLD.volgnummer IS NULL AND OLD.hash IS NULL "
    "AND NEW.volgnummer IS NOT NULL AND NEW.hash IS NOT NULL"
)
_FORWARD = (
    "NEW.id = OLD.id AND (NEW.volgnummer > OLD.volgnummer "
    "OR (NEW.volgnummer = OLD.volgnummer AND NEW.hash = OLD.hash))"
)
_REFUSED = {
    "insert": f"{LINES}: a line is written unsealed",
    "seal": f"{LINES} is append-only: a line changes once, when it is sealed",
    "append": "the processing log is append-only",
    "head": f"{HEAD}: the head of the chain only moves forward",
}

_POSTGRES_REFUSE = """
CREATE OR REPLACE FUNCTION goedwonen_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$
"""


def _triggers(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    """(DROP TRIGGER, CREATE TRIGGER) for the connection's database. A row trigger refuses
    unless its condition holds; the database evaluates the condition without calling a
    function (PostgreSQL's WHEN), so sealing a batch costs next to nothing. The sealing update
    compares every other column of the table as it is when the guard is installed."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, LINES)]
    same = "IS NOT DISTINCT FROM" if postgresql else "IS"
    unchanged = " AND ".join(
        f'NEW."{column}" {same} OLD."{column}"' for column in columns if column not in SEAL_COLUMNS
    )
    append = _REFUSED["append"]
    # (table, event, message, refused unless)
    rules = [
        (LINES, "INSERT", _REFUSED["insert"], _UNSEALED),
        (LINES, "UPDATE", _REFUSED["seal"], f"{_SEALING} AND {unchanged}"),
        (LINES, "DELETE", f"{append}: DELETE on {LINES} refused", ""),
        (AUDIT, "UPDATE", f"{append}: UPDATE on {AUDIT} refused", ""),
        (AUDIT, "DELETE", f"{append}: DELETE on {AUDIT} refused", ""),
        (HEAD, "UPDATE", _REFUSED["head"], _FORWARD),
        (HEAD, "DELETE", f"{append}: DELETE on {HEAD} refused", ""),
    ]
    if postgresql:  # SQLite has no TRUNCATE
        rules += [(t, "TRUNCATE", f"{append}: TRUNCATE on {t} refused", "") for t in _TABLES]
    created = []
    for table, event, message, allowed in rules:
        name = f"goedwonen_guard_{table}_{event.lower()}"
        drop = f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else "")
        if postgresql:
            each = "STATEMENT" if event == "TRUNCATE" else "ROW"
            create = (
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH {each}"
                + (f" WHEN (NOT ({allowed}))" if allowed else "")
                + f" EXECUTE FUNCTION goedwonen_log_refuse('{message}')"
            )
        else:
            create = (
                f"CREATE TRIGGER {name} BEFORE {event} ON {table}"
                + (f" WHEN NOT ({allowed})" if allowed else "")
                + f" BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        created.append((drop, create))
    return created


def install(connection: BaseDatabaseWrapper) -> None:
    """Put the guard in place (again): idempotent. `goedwonen migrate` calls it after every
    run: a later migration that alters a log table on SQLite rebuilds it without its triggers,
    and a column added later must be compared too."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_REFUSE)
        for drop, create in _triggers(connection):
            cursor.execute(drop)
            cursor.execute(create)
        if connection.vendor == "postgresql":
            # PUBLIC holds none of these by default; a deployment that granted them loses them.
            # The application's own role is the deployment's to restrict (see the ADR).
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(_TABLES)} FROM PUBLIC")


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Take the guard away: for the reverse migration, and for what only an owner may do."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for drop, _ in _triggers(connection):
            cursor.execute(drop)
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS goedwonen_log_refuse()")


@checks.register(checks.Tags.database, deploy=True)
def check_log_privileges(databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`goedwonen check --deploy --database default`: on PostgreSQL, warn when the
    application's database role may lift the guard (it owns the log tables or is a superuser)
    or holds UPDATE, DELETE or TRUNCATE on them as a whole."""
    found: list[checks.CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.relname,
                       pg_has_role(current_user, c.relowner, 'USAGE') OR r.rolsuper,
                       has_table_privilege(current_user, c.oid, 'UPDATE')
                       OR has_table_privilege(current_user, c.oid, 'DELETE')
                       OR has_table_privilege(current_user, c.oid, 'TRUNCATE')
                FROM pg_class c, pg_roles r
                WHERE c.relname = ANY(%s) AND c.relkind = 'r' AND r.rolname = current_user
                  AND pg_table_is_visible(c.oid)
                ORDER BY c.relname
                """,
                [list(_TABLES)],
            )
            rows = cursor.fetchall()
        owner = [name for name, owns, _ in rows if owns]
        writer = [name for name, owns, writes in rows if writes and not owns]
        if owner:
            found.append(
                checks.Warning(
                    f"The database role of database {alias!r} owns (or is superuser over) "
                    f"{', '.join(owner)}: it can lift the processing log's guard, so the "
                    "revoked UPDATE and DELETE do not bind it.",
                    hint="Run the application under a role that does not own the tables and "
                    "migrate as the owner (docs/adr/0003-processing-log.md).",
                    id="goedwonen.W101",
                )
            )
        if writer:
            found.append(
                checks.Warning(
                    f"The database role of database {alias!r} holds UPDATE, DELETE or "
                    f"TRUNCATE on {', '.join(writer)} as a whole.",
                    hint="Revoke them and grant UPDATE on the sealing columns only "
                    "(docs/adr/0003-processing-log.md).",
                    id="goedwonen.W102",
                )
            )
    return found
