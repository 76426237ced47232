"""Reads on accounts' second factors and security events, for account administrators."""

from __future__ import annotations

from dataclasses import dataclass

from django_otp.models import Device

from django.db.models import QuerySet

from goedwonen.accounts.models import User
from goedwonen.accounts.services import ACCOUNT_ACTIVITY
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import Beveiligingsgebeurtenis
from .services import recovery_codes_left, second_factor_required, second_factors

EVENTS_SHOWN = 20


@dataclass(frozen=True)
class SecondFactorOverview:
    person: User
    factors: list[Device]
    recovery_codes: int
    required: bool
    via_provider: bool
    events: QuerySet[Beveiligingsgebeurtenis]


def second_factor_overview(*, actor: User, pk: int) -> SecondFactorOverview:
    """One person's second factors and latest security events. Logs the view."""
    require(actor, Capability.ACCOUNTS_MANAGE)
    person = User.objects.select_related("organisatie").get(pk=pk, is_serviceaccount=False)
    processing_log_record(
        actor=actor,
        operation="Tweestapsverificatie van gebruiker ingezien",
        activity=ACCOUNT_ACTIVITY,
        subjects=[DataSubject("gebruiker", person.username)],
    )
    return SecondFactorOverview(
        person=person,
        factors=second_factors(person),
        recovery_codes=recovery_codes_left(person),
        required=second_factor_required(person),
        via_provider=hasattr(person, "oidc_identiteit"),
        events=Beveiligingsgebeurtenis.objects.filter(gebruiker=person).select_related("door")[
            :EVENTS_SHOWN
        ],
    )
