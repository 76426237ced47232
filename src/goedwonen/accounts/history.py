"""The history of functional administration (`Beheerwijziging`): writing the rows of one
change, and reading them back as lines a person understands.

Helpers of the services (administration.py, services.py), which check the actor and hold the
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from goedwonen.core.memo import request_memo_forget
from goedwonen.core.policy import Capability

from .grants import OPERATOR
from .models import Beheerwijziging, Organisatie, Organisatiesoort, Rol, Team, User

Soort = Beheerwijziging.Soort
Subject = Organisatie | Team | Rol

FIELD_NAMES = {
    "code": "Code",
    "naam": "Naam",
    "soort": "Soort organisatie",
    "actief": "Actief",
    "omschrijving": "Omschrijving",
    "capabilities": "Bevoegdheden",
    "gebieden": "Gebieden",
    "leden": "Leden",
}
# Fields holding a list: their history says what was added and what was taken away.
LIST_FIELDS = frozenset({"capabilities", "gebieden", "leden"})


def _subject_field(subject: Subject) -> str:
    if isinstance(subject, Organisatie):
        return "organisatie"
    if isinstance(subject, Team):
        return "team"
    return "rol"


def changes_record(
    *,
    actor: User | None,
    subject: Subject,
    soort: str,
    changes: Mapping[str, tuple[Any, Any]],
    aanvraag: Beheerwijziging | None = None,
) -> list[Beheerwijziging]:
    """Append a row per field (`changes`: field -> (from, to)), all at one moment. A plain
    change leaves out the fields that stayed the same; a creation, request or decision keeps
    every field it names."""
    now = timezone.now()
    rows = [
        Beheerwijziging(
            **{_subject_field(subject): subject},
            soort=soort,
            veld=veld,
            van=van,
            naar=naar,
            door=actor,
            op=now,
            aanvraag=aanvraag,
        )
        for veld, (van, naar) in changes.items()
        if soort != Soort.GEWIJZIGD or van != naar
    ]
    return Beheerwijziging.objects.bulk_create(rows)


def area_names(gebieden: Iterable[Any]) -> list[str]:
    """Areas as the history keeps them: "name (code)", sorted by code."""
    return [str(g) for g in sorted(gebieden, key=lambda g: g.code)]


def member_names(people: Iterable[User]) -> list[str]:
    return sorted(p.username for p in people)


def memberships_record(
    *, actor: User | None, account: User, before: Iterable[Team], after: Iterable[Team]
) -> None:
    """A person joined or left teams (from the account's page): each team's history shows
    its members before and after, as when the team's own page changes them."""
    request_memo_forget()  # the team ids read earlier in this request
    before_set, after_set = set(before), set(after)
    for team in sorted(before_set ^ after_set, key=lambda t: t.pk):
        now = set(member_names(team.leden.all()))
        was = now - {account.username} if team in after_set else now | {account.username}
        changes_record(
            actor=actor,
            subject=team,
            soort=Soort.GEWIJZIGD,
            changes={"leden": (sorted(was), sorted(now))},
        )


@dataclass(frozen=True)
class HistoryLine:
    """One row of the history, ready to show."""

    op: datetime
    door: str
    soort: str
    wat: str
    van: str = ""
    naar: str = ""
    erbij: list[str] = field(default_factory=list)
    eraf: list[str] = field(default_factory=list)
    # For a request: "open", or the decision in words.
    status: str = ""


def _value_text(veld: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if veld == "actief":
        return "ja" if value else "nee"
    if veld == "soort":
        return str(dict(Organisatiesoort.choices).get(value, value))
    return str(value)


def capability_text(code: str) -> str:
    try:
        return Capability(code).label
    except ValueError:
        return code


def _items(veld: str, values: Sequence[str] | None) -> list[str]:
    values = list(values or [])
    return [capability_text(v) for v in values] if veld == "capabilities" else values


def history_lines(rows: Iterable[Beheerwijziging]) -> list[HistoryLine]:
    """The rows as lines, newest first. A list field names what was added and taken away."""
    lines = []
    for row in sorted(rows, key=lambda r: (r.op, r.pk), reverse=True):
        door = row.door.username if row.door else OPERATOR
        wat = FIELD_NAMES.get(row.veld, row.veld)
        status = ""
        if row.soort == Soort.AANGEVRAAGD:
            besluit = getattr(row, "besluit", None)
            status = (
                f"{besluit.get_soort_display().lower()} door "
                f"{besluit.door.username if besluit.door else OPERATOR}"
                if besluit
                else "wacht op een tweede beheerder"
            )
        if row.veld in LIST_FIELDS:
            van, naar = _items(row.veld, row.van), _items(row.veld, row.naar)
            line = HistoryLine(
                op=row.op,
                door=door,
                soort=row.get_soort_display(),
                wat=wat,
                erbij=[v for v in naar if v not in van],
                eraf=[v for v in van if v not in naar],
                status=status,
            )
        else:
            line = HistoryLine(
                op=row.op,
                door=door,
                soort=row.get_soort_display(),
                wat=wat,
                van=_value_text(row.veld, row.van),
                naar=_value_text(row.veld, row.naar),
                status=status,
            )
        lines.append(line)
    return lines


def people_named(rows: Iterable[Beheerwijziging]) -> list[str]:
    """The accounts a history names (who changed it, members before and after): a read of
    it is logged for each."""
    named: set[str] = set()
    for row in rows:
        if row.door:
            named.add(row.door.username)
        if row.veld == "leden":
            named.update(row.van or [])
            named.update(row.naar or [])
    return sorted(named)
