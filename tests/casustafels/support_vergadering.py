"""Shared set-up for the meeting tests (vergadering lane): a table for Bloemhof with its chair,
secretary and members (Stadsontwikkeling, the police, Woonstad), a meeting that began an hour
ago and the next one, and a case the chair directs, accepted on the agenda as the police
brought it in. The table and its meetings are rows (the tafels and agenda lanes make them
through their services); the case is made through `casus_create`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Casus
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casustafels.models import Agendapunt, Casustafel, Tafellid, Tafelvergadering
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied

from .support import address, meeting

TAKE_PART = Capability.CASETABLE_TAKE_PART
CHAIR = [
    TAKE_PART,
    Capability.CASES_VIEW,
    Capability.CASES_DIRECT,
    Capability.TASKS_WORK,
]
PARTNER = [TAKE_PART, Capability.CASES_VIEW, Capability.TASKS_WORK]

# What only a reader with a basis for the case may read.
TITEL = "Kamerverhuur boven de kapper"
STRAAT = "Slaghekstraat"
POSTCODE = "3074LA"
EIGENAAR = "Pandjesbaas Vastgoed B.V."
VRAAG = "Wat weet de politie over de bewoning van dit pand?"
BESPREKING = "Bespreking: twaalf matrassen, sleutels bij een uitzendbureau."
STRATEGIE = "Strategie: gezamenlijke controle met politie en brandweer."
ESCALATIE = "Escalatie: dossier voor een sluiting door de burgemeester."


@dataclass
class Vergaderopzet:
    tafel: Casustafel
    vergadering: Tafelvergadering  # began an hour ago, planned
    volgende: Tafelvergadering  # in two weeks
    voorzitter: User  # Stadsontwikkeling, directs the case
    secretaris: User  # Stadsontwikkeling, takes part only
    agent: User  # the police contact: a member without any sharing
    woonstad: User  # a member of another organisation
    buitenstaander: User  # takes part in case tables, not at this one
    so: Organisatie
    politie: Organisatie
    woonstad_org: Organisatie
    buurt: Gebied
    casus: Casus
    punt: Agendapunt  # the case, accepted, brought in by the police


def item(vergadering: Tafelvergadering, casus: Casus | None, door: User, **fields) -> Agendapunt:
    fields.setdefault("vraagsoort", "strategie")
    fields.setdefault("vraag", VRAAG)
    fields.setdefault("status", "geaccepteerd")
    return Agendapunt.objects.create(
        vergadering=vergadering,
        casus=casus,
        ingebracht_door=door,
        ingebracht_namens=door.organisatie,
        **fields,
    )


def build(make_user, so: Organisatie, politie: Organisatie) -> Vergaderopzet:
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
        naam="Casustafel Bloemhof",
        voorzitter=voorzitter,
        secretaris=secretaris,
        locatie="Wijkkantoor Zuid",
    )
    tafel.gebieden.set([buurt])
    for org in (so, politie, woonstad_org):
        Tafellid.objects.create(
            tafel=tafel, organisatie=org, grondslag="Convenant, art. 4", sinds=date(2026, 1, 1)
        )
    now = timezone.now()
    vergadering = meeting(tafel, now - timedelta(hours=1))
    volgende = meeting(tafel, now + timedelta(days=14))
    casus = casus_create(
        actor=voorzitter,
        titel=TITEL,
        categorieen=["kamerverhuur"],
        casusregisseur=voorzitter,
        herkomst="casustafel",
        adressen=[address(1, STRAAT, POSTCODE, buurt, owner=EIGENAAR)],
    )
    punt = item(vergadering, casus, agent)
    return Vergaderopzet(
        tafel=tafel,
        vergadering=vergadering,
        volgende=volgende,
        voorzitter=voorzitter,
        secretaris=secretaris,
        agent=agent,
        woonstad=woonstad,
        buitenstaander=buitenstaander,
        so=so,
        politie=politie,
        woonstad_org=woonstad_org,
        buurt=buurt,
        casus=casus,
        punt=punt,
    )
