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

_POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION goedwonen_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{_REFUSED["append"]}: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE OR REPLACE FUNCTION goedwonen_logregel_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF {_UNSEALED} THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{_REFUSED["insert"]}' USING ERRCODE = 'restrict_violation';
    END IF;
    -- Every column but the seal's compared at once, so a column added later is guarded too.
    IF {_SEALING}
        AND to_jsonb(NEW) - '{{{",".join(SEAL_COLUMNS)}}}'::text[]
            = to_jsonb(OLD) - '{{{",".join(SEAL_COLUMNS)}}}'::text[] THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{_REFUSED["seal"]}' USING ERRCODE = 'restrict_violation';
END $$;

CREATE OR REPLACE FUNCTION goedwonen_logketting_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {_FORWARD} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{_REFUSED["head"]}' USING ERRCODE = 'restrict_violation';
END $$;
"""

_REFUSE = "goedwonen_log_refuse"
# (table, timing and events, FOR EACH, function); named after the last event, per table.
_POSTGRES_TRIGGERS = [
    (LINES, "BEFORE INSERT OR UPDATE", "ROW", "goedwonen_logregel_guard"),
    (LINES, "BEFORE DELETE", "ROW", _REFUSE),
    (LINES, "BEFORE TRUNCATE", "STATEMENT", _REFUSE),
    (AUDIT, "BEFORE UPDATE OR DELETE", "ROW", _REFUSE),
    (AUDIT, "BEFORE TRUNCATE", "STATEMENT", _REFUSE),
    (HEAD, "BEFORE UPDATE", "ROW", "goedwonen_logketting_guard"),
    (HEAD, "BEFORE DELETE", "ROW", _REFUSE),
    (HEAD, "BEFORE TRUNCATE", "STATEMENT", _REFUSE),
]


def _postgres_trigger_name(events: str) -> str:
    return f"goedwonen_guard_{events.split()[-1].lower()}"


def _sqlite_triggers(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER) for SQLite, which has no row comparison: the sealing update
    compares every other column of the table as it is now."""
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, LINES)]
    unchanged = " AND ".join(
        f'NEW."{column}" IS OLD."{column}"' for column in columns if column not in SEAL_COLUMNS
    )

    append = _REFUSED["append"]
    # (table, event, message, refused unless)
    triggers = [
        (LINES, "INSERT", _REFUSED["insert"], _UNSEALED),
        (LINES, "UPDATE", _REFUSED["seal"], f"{_SEALING} AND {unchanged}"),
        (LINES, "DELETE", f"{append}: DELETE on {LINES} refused", ""),
        (AUDIT, "UPDATE", f"{append}: UPDATE on {AUDIT} refused", ""),
        (AUDIT, "DELETE", f"{append}: DELETE on {AUDIT} refused", ""),
        (HEAD, "UPDATE", _REFUSED["head"], _FORWARD),
        (HEAD, "DELETE", f"{append}: DELETE on {HEAD} refused", ""),
    ]
    return [
        (
            f"goedwonen_guard_{table}_{event.lower()}",
            f"CREATE TRIGGER goedwonen_guard_{table}_{event.lower()} BEFORE {event} ON {table}"
            + (f" WHEN NOT ({allowed})" if allowed else "")
            + f" BEGIN SELECT RAISE(ABORT, '{message}'); END",
        )
        for table, event, message, allowed in triggers
    ]


def install(connection: BaseDatabaseWrapper) -> None:
    """Put the guard in place (again): idempotent, so a migration that rebuilds one of these
    tables (SQLite copies a table to alter it, without its triggers) calls it afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTIONS)
            for table, events, each, function in _POSTGRES_TRIGGERS:
                name = _postgres_trigger_name(events)
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {name} {events} ON {table} "
                    f"FOR EACH {each} EXECUTE FUNCTION {function}()"
                )
            # PUBLIC holds none of these by default; a deployment that granted them loses them.
            # The application's own role is the deployment's to restrict (see the ADR).
            cursor.execute(
                f"REVOKE UPDATE, DELETE, TRUNCATE ON {LINES}, {AUDIT}, {HEAD} FROM PUBLIC"
            )
        elif connection.vendor == "sqlite":
            for name, create in _sqlite_triggers(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(create)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Take the guard away: for the reverse migration, and for what only an owner may do."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, events, *_ in _POSTGRES_TRIGGERS:
                name = _postgres_trigger_name(events)
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for function in (
                "goedwonen_log_refuse",
                "goedwonen_logregel_guard",
                "goedwonen_logketting_guard",
            ):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        elif connection.vendor == "sqlite":
            for name, _ in _sqlite_triggers(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


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
                [[LINES, AUDIT, HEAD]],
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
