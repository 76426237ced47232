"""Roles as the demo defines them, administrators and a privacy officer who reads mail."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from goedwonen.accounts.models import Organisatie, Organisatiesoort, Rol, User
from goedwonen.core.policy import Capability

C = Capability


@pytest.fixture
def rollen(db) -> dict[str, Rol]:
    """Four roles: partner work, case work, reporter identity (four eyes), and the log."""
    specs = {
        "partnercontact": [C.CASES_VIEW, C.TASKS_WORK],
        "behandelaar": [C.REGISTRY_VIEW, C.REPORTS_VIEW, C.REPORTS_TRIAGE, C.CASES_VIEW],
        "administratief-medewerker": [C.REPORTS_REGISTER, C.REPORTER_IDENTITY_VIEW],
        "privacy-officer": [C.REGISTER_VIEW, C.LOG_SEARCH, C.ACCESS_REVIEW],
    }
    return {
        code: Rol.objects.create(
            code=code, naam=code.capitalize(), capabilities=[c.value for c in caps]
        )
        for code, caps in specs.items()
    }


@pytest.fixture
def beheerder(make_user) -> Callable[[str], User]:
    """An administrator of Stadsontwikkeling (a core cluster)."""
    return lambda username: make_user([C.ACCOUNTS_VIEW, C.ACCOUNTS_MANAGE], username=username)


@pytest.fixture
def bas(beheerder) -> User:
    return beheerder("bas")


@pytest.fixture
def bo(beheerder) -> User:
    return beheerder("bo")


@pytest.fixture
def fg(make_user, db) -> User:
    """The privacy officer, at Dienstverlening (an internal partner), with an address."""
    dv = Organisatie.objects.create(
        code="dv", naam="Dienstverlening", soort=Organisatiesoort.INTERN
    )
    officer = make_user([C.LOG_SEARCH, C.ACCESS_REVIEW], username="fg", organisatie_=dv)
    officer.email = "fg@gemeente.example"
    officer.save()
    return officer


@pytest.fixture
def collega(organisatie) -> User:
    """An employee of Stadsontwikkeling without roles, whose roles an administrator changes."""
    return User.objects.create_user(
        username="collega",
        organisatie=organisatie,
        first_name="Cora",
        last_name="Collega",
        email="collega@gemeente.example",
    )
