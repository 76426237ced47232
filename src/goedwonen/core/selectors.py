"""Reads on the register and the processing log, limited to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from .models import (
    Ketencontrole,
    OpgeslagenFilter,
    Verwerkingsactiviteit,
    Verwerkingsactiviteitcode,
    Verwerkingslog,
)
from .policy import Capability, require
from .processing_log import DataSubject, processing_log_record, pseudonymise

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User

PRIVACY_ACTIVITY = Verwerkingsactiviteitcode.PRIVACYTOEZICHT


def verwerkingsactiviteit_list(*, actor: User) -> QuerySet[Verwerkingsactiviteit]:
    require(actor, Capability.REGISTER_VIEW)
    return Verwerkingsactiviteit.objects.all()


@dataclass(frozen=True)
class LogFilters:
    subject: DataSubject | None = None
    username: str = ""
    organisatie: Organisatie | None = None
    activity: Verwerkingsactiviteit | None = None
    start: date | None = None
    end: date | None = None

    def is_empty(self) -> bool:
        return not (
            self.subject
            or self.username
            or self.organisatie
            or self.activity
            or self.start
            or self.end
        )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def processing_log_search(*, actor: User, filters: LogFilters) -> QuerySet[Verwerkingslog]:
    """Search the log for the privacy officer. The search itself is logged."""
    require(actor, Capability.LOG_SEARCH)
    lines = Verwerkingslog.objects.select_related("audit", "verwerkingsactiviteit")
    if filters.subject:
        lines = lines.filter(
            data_subject_id=pseudonymise(filters.subject),
            data_subject_type=filters.subject.type,
        )
    if filters.username:
        lines = lines.filter(audit__gebruikersnaam__iexact=filters.username.strip())
    if filters.organisatie:
        lines = lines.filter(audit__organisatie=filters.organisatie)
    if filters.activity:
        lines = lines.filter(verwerkingsactiviteit=filters.activity)
    if filters.start:
        lines = lines.filter(start_time__gte=_day_start(filters.start))
    if filters.end:
        lines = lines.filter(start_time__lt=_day_start(filters.end + timedelta(days=1)))
    own = processing_log_record(
        actor=actor,
        operation="Verwerkingslogboek doorzocht",
        activity=PRIVACY_ACTIVITY,
        subjects=[filters.subject] if filters.subject else [],
    )
    # The search is logged, but its own line is not part of what it finds. Newest first, in
    # the order written: lines not yet sealed into the chain are shown too.
    return lines.exclude(pk__in=[line.pk for line in own]).order_by("-pk")


def data_subject_types(*, actor: User) -> list[str]:
    require(actor, Capability.LOG_SEARCH)
    types = Verwerkingslog.objects.exclude(data_subject_type="").values_list(
        "data_subject_type", flat=True
    )
    return sorted(set(types))


def chain_check_latest(*, actor: User) -> Ketencontrole | None:
    require(actor, Capability.LOG_SEARCH)
    return Ketencontrole.objects.order_by("-uitgevoerd_op").first()


def opgeslagen_filter_list(*, actor: User, lijst: str) -> list[OpgeslagenFilter]:
    """The actor's own saved filters of one list (nobody sees another's)."""
    return list(OpgeslagenFilter.objects.filter(eigenaar=actor, lijst=lijst))


def opgeslagen_filter_get(*, actor: User, pk: int) -> OpgeslagenFilter:
    return OpgeslagenFilter.objects.get(eigenaar=actor, pk=pk)
