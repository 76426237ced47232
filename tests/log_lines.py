"""Reading back what one request wrote to the processing log, for the tests of every page
and endpoint that shows personal data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.processing_log import DataSubject, pseudonymise

Line = tuple[str, str, str, str]


def log_mark() -> int:
    """The newest line's id: the lines written after it are the ones to check."""
    return Verwerkingslog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def logged_since(mark: int) -> list[Line]:
    """(operation, activity, object, data subject) of each line written after `mark`, in
    the order written; the subject as `type:pseudonym`, empty without one."""
    lines = Verwerkingslog.objects.filter(pk__gt=mark).select_related("verwerkingsactiviteit")
    return [
        (
            line.name,
            line.verwerkingsactiviteit.code,
            line.object_ref,
            f"{line.data_subject_type}:{line.data_subject_id}" if line.data_subject_type else "",
        )
        for line in lines.order_by("pk")
    ]


def subject(type_: str, id_: str) -> str:
    """A data subject as `logged_since` shows it."""
    return f"{type_}:{pseudonymise(DataSubject(type_, id_))}"


@contextmanager
def log_inserts() -> Iterator[list[int]]:
    """How many statements inserting into the log table ran inside the block (one element,
    filled in at its end): a page of many objects must stay one bulk insert (on PostgreSQL
    one `WITH … INSERT` of lines and audit records, core/processing_log.py)."""
    table = Verwerkingslog._meta.db_table
    found: list[int] = []
    with CaptureQueriesContext(connection) as queries:
        yield found
    found.append(
        sum(
            1
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "WITH"))
            and f"INSERT INTO {table}" in q["sql"].replace('"', "")
        )
    )
