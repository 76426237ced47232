"""A person decides about an owner the rules propose for a stop talk (point 5): invite them
(the talk and its letter, `gesprekken.gesprek_invite`) or not now, with a reason. The decision
is kept with the latest violation of the evidence seen, so a later violation asks again."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.tasks import enqueue_with_transaction

from .. import regels
from ..models import Gesprekssoort, Kandidaatbesluit, Stopgesprekbesluit, Verhuurdergesprek
from . import naam
from .gesprekken import ACTIVITY, gesprek_invite

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Eigenaar


def _candidate(eigenaar: Eigenaar, today: date) -> regels.Kandidaat:
    found = regels.stop_talk_candidates(today, eigenaren=[eigenaar.pk])
    if not found:
        raise ValidationError(
            f"{naam(eigenaar)} is op {display.datum(today)} geen kandidaat (meer) voor een "
            "stopgesprek."
        )
    return found[0]


def _record(
    actor: User,
    eigenaar: Eigenaar,
    besluit: str,
    laatste: date,
    reden: str = "",
    gesprek: Verhuurdergesprek | None = None,
) -> Stopgesprekbesluit:
    row = Stopgesprekbesluit.objects.create(
        eigenaar=eigenaar,
        besluit=besluit,
        reden=reden,
        laatste_overtreding=laatste,
        gesprek=gesprek,
        besloten_door=actor,
    )
    processing_log_record(
        actor=actor,
        operation="Besluit over een stopgesprekkandidaat",
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", eigenaar.eigenaar_id)],
        object_ref=f"stopgesprekbesluit:{row.pk}",
    )
    return row


@transaction.atomic
def kandidaat_not_now(
    *, actor: User, eigenaar: Eigenaar, reden: str, today: date
) -> Stopgesprekbesluit:
    """Not now: the owner leaves the open candidates until a later violation."""
    require(actor, Capability.LANDLORD_TALKS)
    reden = reden.strip()
    if not reden:
        raise ValidationError({"reden": "Geef de reden waarom er nu geen stopgesprek komt."})
    if message := validators.too_long(reden, validators.MAX_REASON):
        raise ValidationError({"reden": message})
    kandidaat = _candidate(eigenaar, today)
    return _record(actor, eigenaar, Kandidaatbesluit.NIET_NU, kandidaat.laatste, reden)


def kandidaat_invite(
    *,
    actor: User,
    eigenaar: Eigenaar,
    gepland_op: datetime,
    locatie: str,
    aanleiding: str,
    today: date,
) -> Verhuurdergesprek:
    """Invite the candidate for a stop talk, and record that decision."""
    require(actor, Capability.LANDLORD_TALKS)
    kandidaat = _candidate(eigenaar, today)
    gesprek = gesprek_invite(
        actor=actor,
        eigenaar=eigenaar,
        soort=Gesprekssoort.STOPGESPREK,
        gepland_op=gepland_op,
        locatie=locatie,
        aanleiding=aanleiding,
    )
    with transaction.atomic():
        _record(actor, eigenaar, Kandidaatbesluit.UITNODIGEN, kandidaat.laatste, gesprek=gesprek)
    return gesprek


def kandidaten_vragen(
    *, today: date, berekend_op: datetime | None, now: datetime | None = None
) -> bool:
    """Ask the worker for today's candidates anew when the copy shown was computed more than
    `KANDIDATEN_VERS` ago; once in that time however many views find it old (an atomic add
    in the shared cache). Returns whether it asked."""
    from ..selectors import KANDIDATEN_VERS, kandidaten_key
    from ..tasks import candidates_compute

    now = now or timezone.now()
    if berekend_op is not None and berekend_op > now - KANDIDATEN_VERS:
        return False
    asked = f"{kandidaten_key(today)}:gevraagd"
    if not cache.add(asked, now.isoformat(), KANDIDATEN_VERS.total_seconds()):
        return False
    enqueue_with_transaction(candidates_compute, today.isoformat())
    return True
