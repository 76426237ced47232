from __future__ import annotations

import pytest

from goedwonen.casussen.services.cases import casus_create
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Meldingstatus
from goedwonen.intake.services.registration import melding_register
from goedwonen.intake.services.triage import melding_triage
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.importer.run import import_folder

DIRECTOR = [
    Capability.CASES_VIEW,
    Capability.CASES_DIRECT,
    Capability.TASKS_WORK,
    Capability.REPORTS_REGISTER,
    Capability.REPORTS_TRIAGE,
    Capability.REPORTS_VIEW,
]
PARTNER = [Capability.CASES_VIEW, Capability.TASKS_WORK]
CARNISSE_10 = OpgegevenAdres(postcode="3083AB", huisnummer="10")


@pytest.fixture
def city(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)


@pytest.fixture
def regisseur(make_user):
    user = make_user(DIRECTOR, username="regisseur")
    user.email = "regisseur@goedwonen.test"
    user.save()
    return user


@pytest.fixture
def politie(make_user, partner_organisatie):
    return make_user(PARTNER, username="wijkagent", organisatie_=partner_organisatie)


@pytest.fixture
def triaged(city, regisseur):
    """A report on Carnisse 10, triaged as multidisciplinary to the director."""
    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Tien matrassen op zolder",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    ).melding
    melding = melding_triage(
        actor=regisseur,
        melding=melding,
        uitkomst="multi",
        reden="Overbewoning en mogelijk uitbuiting",
        casusregisseur=regisseur,
    )
    assert melding.status == Meldingstatus.CASUSREGIE
    return melding


@pytest.fixture
def casus(triaged, regisseur):
    return casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning", "niet_ingeschreven"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
