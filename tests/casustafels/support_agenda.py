"""Shared set-up for the agenda tests (agenda lane): a table for Bloemhof with its chair,
secretary and members (Stadsontwikkeling, the police, Woonstad), a meeting in a week (open for
items) and the one after it, and a case the chair directs with a street, postcode and owner
that only a member with a basis may read. The table and meetings are rows (the tafels lane
makes them through its services); the case is made through `casus_create`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Casus
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casustafels.models import Casustafel, Tafellid, Tafelvergadering
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

from .support import address, meeting

TAKE_PART = Capability.CASETABLE_TAKE_PART
CHAIR = [TAKE_PART, Capability.CASES_VIEW, Capability.CASES_DIRECT, Capability.TASKS_WORK]
PARTNER = [TAKE_PART, Capability.CASES_VIEW, Capability.TASKS_WORK]

# What only a reader with a basis for the case may read.
TITEL = "Kamerverhuur boven de bakker"
STRAAT = "Putselaan"
POSTCODE = "3074BA"
EIGENAAR = "Huisjesmelker Beheer B.V."
SECRETS = (TITEL, STRAAT, POSTCODE, EIGENAAR)
VRAAG = "Wat weet de politie over de bewoning van dit pand?"


@dataclass
class Agendaopzet:
    tafel: Casustafel
    vergadering: Tafelvergadering  # in a week, open for items
    volgende: Tafelvergadering  # three weeks from now
    voorzitter: User  # Stadsontwikkeling, directs the case
    secretaris: User
    agent: User  # the police: a member without a sharing of the case
    woonstad: User  # a member of another organisation
    buitenstaander: User  # takes part in case tables, not at this one
    so: Organisatie
    politie: Organisatie
    buurt: Gebied
    casus: Casus


def case(voorzitter: User, n: int, buurt: Gebied, **kwargs) -> Casus:
    return casus_create(
        actor=voorzitter,
        titel=kwargs.pop("titel", f"Casus {n}"),
        categorieen=["kamerverhuur"],
        casusregisseur=voorzitter,
        herkomst="casustafel",
        adressen=[address(n, kwargs.pop("straat", f"Straat{n}laan"), f"30{n:02d}AA", buurt)],
    )


def build(make_user, so: Organisatie, politie: Organisatie) -> Agendaopzet:
    """Call from a fixture: `build(make_user, organisatie, partner_organisatie)`."""
    buurt = Gebied.objects.get_or_create(
        code="BU05991081", defaults={"naam": "Bloemhof", "soort": "buurt", "focusgebied": True}
    )[0]
    woonstad_org = Organisatie.objects.create(code="woonstad", naam="Woonstad", soort="extern")
    anders = Organisatie.objects.create(
        code="mo", naam="Maatschappelijke Ondersteuning", soort="kerncluster"
    )
    voorzitter = make_user(CHAIR, username="voorzitter")
    secretaris = make_user([TAKE_PART], username="secretaris")
    agent = make_user(PARTNER, username="agent", organisatie_=politie)
    woonstad = make_user(PARTNER, username="woonstad", organisatie_=woonstad_org)
    buitenstaander = make_user(PARTNER, username="buitenstaander", organisatie_=anders)
    tafel = Casustafel.objects.create(
        naam="Casustafel Bloemhof", voorzitter=voorzitter, secretaris=secretaris
    )
    tafel.gebieden.set([buurt])
    for org in (so, politie, woonstad_org):
        Tafellid.objects.create(
            tafel=tafel, organisatie=org, grondslag="Convenant, art. 4", sinds=date(2026, 1, 1)
        )
    now = timezone.now()
    casus = casus_create(
        actor=voorzitter,
        titel=TITEL,
        categorieen=["kamerverhuur"],
        casusregisseur=voorzitter,
        herkomst="casustafel",
        adressen=[address(1, STRAAT, POSTCODE, buurt, owner=EIGENAAR)],
    )
    return Agendaopzet(
        tafel=tafel,
        vergadering=meeting(tafel, now + timedelta(days=7)),
        volgende=meeting(tafel, now + timedelta(days=21)),
        voorzitter=voorzitter,
        secretaris=secretaris,
        agent=agent,
        woonstad=woonstad,
        buitenstaander=buitenstaander,
        so=so,
        politie=politie,
        buurt=buurt,
        casus=casus,
    )
