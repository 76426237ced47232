"""A case on Carnisselaan 10 (the hand-made source folder: 60 m², pand of 1931, WOZ 210.000,
one private owner since 2019, a valid rental permit in an area that requires one), the
inspectors who record visits in it, and a partner it can be shared with."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from goedwonen.accounts.models import Organisatie, Organisatiesoort
from goedwonen.casussen.services.cases import casus_create
from goedwonen.core.policy import Capability
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
INSPECTOR = [Capability.CASES_VIEW, Capability.TASKS_WORK, Capability.INSPECTIONS_RECORD]
CARNISSE_10 = OpgegevenAdres(postcode="3083AB", huisnummer="10")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """woningwaardering must not ask the Kadaster anything: only loopback (the test
    database) and local sockets may connect."""
    connect = socket.socket.connect

    def loopback(host: str) -> bool:
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    def guarded(self, address):
        if isinstance(address, tuple) and not loopback(address[0]):
            raise AssertionError(f"network access attempted: {address!r}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def city(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)


@pytest.fixture
def regisseur(make_user):
    return make_user(DIRECTOR, username="regisseur")


@pytest.fixture
def inspecteur(make_user):
    """An inspector of the directing organisation (Stadsontwikkeling)."""
    return make_user(INSPECTOR, username="inspecteur")


@pytest.fixture
def politie_inspecteur(make_user, partner_organisatie):
    return make_user(INSPECTOR, username="wijkagent", organisatie_=partner_organisatie)


@pytest.fixture
def stadsbeheer(db):
    return Organisatie.objects.create(
        code="sb", naam="Stadsbeheer", soort=Organisatiesoort.KERNCLUSTER
    )


@pytest.fixture
def sb_inspecteur(make_user, stadsbeheer):
    return make_user(INSPECTOR, username="inspecteur-sb", organisatie_=stadsbeheer)


@pytest.fixture
def casus(city, regisseur):
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
        reden="Overbewoning en een te hoge huur",
        casusregisseur=regisseur,
    )
    return casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning", "te_hoge_huur"],
        casusregisseur=regisseur,
        meldingen=[melding],
    )
