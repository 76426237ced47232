"""Test data for the field view, made with the ORM and the case services until the acties
lane's services (making an action, planning it) land: a planned action led by
Stadsontwikkeling with a police partner, teams, and addresses whose cases are shared with
the organisations of the team members as planning will share them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.acties.models import (
    Actie,
    Actieadres,
    Actiepartner,
    Actiestatus,
    Actieteam,
    Toegangsbasis,
)
from goedwonen.casussen.models import Herkomst, Onderdeel
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Adres, Gebied, Verblijfsobject
from tests.scenario import DIRECTOR, INSPECTOR

POLITIE_GRONDSLAG = "Wet politiegegevens art. 16; convenant Rotterdams Goed Wonen"


def _address(n: int, gebied: Gebied) -> Adres:
    vbo = Verblijfsobject.objects.create(
        object_id=f"05990190000{n:05d}",
        objecttype="VBO",
        is_woning=True,
        oppervlakte=40,
        rd_x=92100 + 20 * n,
        rd_y=433100,
        lat=51.8890 + 0.0002 * n,
        lon=4.4860,
        buurt=gebied,
    )
    return Adres.objects.create(
        nummeraanduiding=f"05992090000{n:05d}",
        verblijfsobject=vbo,
        openbareruimte="Veldstraat",
        huisnummer=n,
        postcode="3083AB",
        woonplaats="Rotterdam",
    )


def planned_action(
    *,
    leider: User,
    teams: Sequence[Sequence[User]],
    partners: Sequence[tuple[Organisatie, Sequence[str], Sequence[str]]] = (),
    adressen_per_team: int = 2,
    datum: date | None = None,
) -> Actie:
    """A planned action today (or on `datum`) led by `leider`, with `partners` as
    (organisation, parts it sees, categories it checks), a team per list of members
    ("Team 1", ...), and `adressen_per_team` addresses on each team's walk list, in order,
    each with a case directed by the lead shared with every partner organisation for its
    parts plus the findings."""
    gebied, _ = Gebied.objects.get_or_create(
        code="BU05991572", defaults={"naam": "Carnisse", "soort": "buurt", "focusgebied": True}
    )
    assert leider.organisatie is not None
    actie = Actie.objects.create(
        naam="Actie Carnisse",
        datum=datum or timezone.localdate(),
        gebied=gebied,
        leider=leider,
        organisatie=leider.organisatie,
        reden_handmatig="Testactie",
        status=Actiestatus.GEPLAND,
        gepland_op=timezone.now(),
        aangemaakt_door=leider,
    )
    for organisatie, onderdelen, controleert in partners:
        Actiepartner.objects.create(
            actie=actie,
            organisatie=organisatie,
            grondslag=POLITIE_GRONDSLAG,
            onderdelen=list(onderdelen),
            controleert=list(controleert),
        )
    n = Verblijfsobject.objects.count() + 1
    for volgorde, leden in enumerate(teams, start=1):
        team = Actieteam.objects.create(actie=actie, naam=f"Team {volgorde}", volgorde=volgorde)
        team.leden.set(leden)
        for plek in range(1, adressen_per_team + 1):
            adres = _address(n, gebied)
            n += 1
            casus = casus_create(
                actor=leider,
                titel="Integrale actie: overbewoning",
                categorieen=["overbewoning"],
                casusregisseur=leider,
                herkomst=Herkomst.PROACTIEF,
                adressen=[adres],
            )
            for organisatie, onderdelen, _ in partners:
                casus_share(
                    actor=leider,
                    casus=casus,
                    organisatie=organisatie,
                    rol="partner in de integrale actie",
                    doel=f"Integrale actie {actie.naam}",
                    grondslag=POLITIE_GRONDSLAG,
                    onderdelen=sorted({*onderdelen, Onderdeel.BEVINDINGEN}),
                    tot=actie.datum + timedelta(days=30),
                )
            Actieadres.objects.create(
                actie=actie,
                verblijfsobject=adres.verblijfsobject,
                casus=casus,
                team=team,
                volgorde=plek,
                rang=n,
                toegangsbasis=Toegangsbasis.TOESTEMMING,
                veiligheid="Hond in de woning" if plek == 1 else "",
            )
    return actie


def first_of_team_1(actie: Actie) -> tuple[Actieteam, Actieadres]:
    team = actie.teams.get(naam="Team 1")
    adres = team.adressen.order_by("volgorde").first()
    assert adres is not None
    return team, adres


# Fixtures (tests/conftest.py registers this module): a lead of Stadsontwikkeling, two of its
# inspectors and a police officer in team 1 (the police checks criminal use and sees the
# registry facts), the lead alone in team 2.


@pytest.fixture
def veld_leider(make_user):
    return make_user(
        [*DIRECTOR, Capability.ACTIONS_ORGANISE, Capability.ACTIONS_TAKE_PART], username="leider"
    )


@pytest.fixture
def veld_inspecteur(make_user):
    return make_user([*INSPECTOR, Capability.ACTIONS_TAKE_PART], username="inspecteur")


@pytest.fixture
def veld_collega(make_user):
    return make_user([*INSPECTOR, Capability.ACTIONS_TAKE_PART], username="collega")


@pytest.fixture
def veld_agent(make_user, partner_organisatie):
    """A police officer in the team: takes part, records no visits."""
    return make_user(
        [Capability.CASES_VIEW, Capability.ACTIONS_TAKE_PART], organisatie_=partner_organisatie
    )


@pytest.fixture
def veld_actie(veld_leider, veld_inspecteur, veld_collega, veld_agent, partner_organisatie):
    return planned_action(
        leider=veld_leider,
        teams=[[veld_inspecteur, veld_collega, veld_agent], [veld_leider]],
        partners=[(partner_organisatie, [Onderdeel.OBJECTEN], [Categorie.CRIMINEEL_GEBRUIK])],
    )
