"""Shared set-up for the tafels lane's tests: a table for Bloemhof with its chair, secretary
and members (Stadsontwikkeling and the police), made through the set-up services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casustafels.models import Casustafel
from goedwonen.casustafels.services.tafels import casustafel_create, tafellid_add
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

TAKE_PART = Capability.CASETABLE_TAKE_PART
MANAGE = Capability.CASETABLES_MANAGE
DIRECT = Capability.CASES_DIRECT


@dataclass
class Tafelopzet:
    tafel: Casustafel
    beheerder: User
    voorzitter: User
    secretaris: User
    politie: User  # the police contact: a member without any sharing
    buitenstaander: User  # takes part in case tables, but not at this one
    so: Organisatie
    politie_org: Organisatie


def bloemhof() -> Gebied:
    return Gebied.objects.get_or_create(
        code="BU05991081", defaults={"naam": "Bloemhof", "soort": "buurt", "focusgebied": True}
    )[0]


def build_opzet(make_user, organisatie, partner_organisatie) -> Tafelopzet:
    """Call from a fixture: `build_opzet(make_user, organisatie, partner_organisatie)`."""
    beheerder = make_user([MANAGE], username="beheer")
    voorzitter = make_user([TAKE_PART, DIRECT, Capability.CASES_VIEW], username="voorzitter")
    secretaris = make_user([TAKE_PART], username="secretaris")
    politie = make_user([TAKE_PART], username="politie", organisatie_=partner_organisatie)
    woonstad = Organisatie.objects.create(code="woonstad", naam="Woonstad", soort="extern")
    buitenstaander = make_user([TAKE_PART], username="woonstad", organisatie_=woonstad)
    tafel = casustafel_create(
        actor=beheerder,
        naam="Casustafel Bloemhof",
        gebieden=[bloemhof()],
        voorzitter=voorzitter,
        secretaris=secretaris,
        interval_dagen=14,
        weekdag=1,
        aanvang=time(10, 0),
        duur_minuten=120,
        locatie="Wijkkantoor Zuid",
        indientermijn_dagen=3,
    )
    for org, basis in [(organisatie, "Convenant; Huisvestingswet"), (partner_organisatie, "Wpg")]:
        tafellid_add(
            actor=beheerder, tafel=tafel, organisatie=org, grondslag=basis, sinds=date(2026, 1, 1)
        )
    return Tafelopzet(
        tafel,
        beheerder,
        voorzitter,
        secretaris,
        politie,
        buitenstaander,
        organisatie,
        partner_organisatie,
    )
