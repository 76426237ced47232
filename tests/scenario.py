"""The shared scenario, one chain for every app's tests: the hand-made city (tests/registry/
conftest.py) imported, a case director of Stadsontwikkeling, partners at the police and
Stadsbeheer, a report on Carnisselaan 10 (60 m², pand of 1931, WOZ 210.000, owner E1
"Jansen, J." since 2019, a valid rental permit in an area that requires one) triaged to the
director, and the case made of it. tests/conftest.py offers these fixtures to every test."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta

import pytest

from django.utils import timezone
from rest_framework.test import APIClient

from goedwonen.accounts.models import ApiToken, Organisatie, Organisatiesoort, Rol
from goedwonen.accounts.services import api_token_create
from goedwonen.casussen.models import Casus, Deling
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding, Meldingstatus
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
INSPECTOR = [Capability.CASES_VIEW, Capability.TASKS_WORK, Capability.INSPECTIONS_RECORD]
CARNISSE_10 = OpgegevenAdres(postcode="3083AB", huisnummer="10")


def share_case(
    casus: Casus,
    regisseur,
    organisatie: Organisatie,
    onderdelen: Sequence[str] = ("taken",),
    dagen: int = 30,
) -> Deling:
    """The director shares the case with `organisatie` (for its community officer) for
    `dagen` days, with the given parts."""
    return casus_share(
        actor=regisseur,
        casus=casus,
        organisatie=organisatie,
        rol="wijkagent",
        doel="Gezamenlijke controle",
        grondslag="Wet politiegegevens art. 16; convenant Rotterdams Goed Wonen",
        onderdelen=list(onderdelen),
        tot=timezone.localdate() + timedelta(days=dagen),
    )


@pytest.fixture
def city(source_folder) -> None:
    """The hand-made source folder imported: addresses, owners, permits, reports."""
    import_folder(actor=None, folder=source_folder, progress=False)


@pytest.fixture
def regisseur(make_user):
    """A case director of Stadsontwikkeling, with an e-mail address for the notices."""
    user = make_user(DIRECTOR, username="regisseur")
    user.email = "regisseur@goedwonen.test"
    user.save()
    return user


@pytest.fixture
def politie(make_user, partner_organisatie):
    """A community officer of the police: works the tasks of the cases shared with them."""
    return make_user(PARTNER, username="wijkagent", organisatie_=partner_organisatie)


@pytest.fixture
def inspecteur(make_user):
    """An inspector of the directing organisation (Stadsontwikkeling)."""
    return make_user(INSPECTOR, username="inspecteur")


@pytest.fixture
def politie_inspecteur(make_user, partner_organisatie):
    return make_user(INSPECTOR, username="wijkagent", organisatie_=partner_organisatie)


@pytest.fixture
def stadsbeheer(db) -> Organisatie:
    return Organisatie.objects.create(
        code="sb", naam="Stadsbeheer", soort=Organisatiesoort.KERNCLUSTER
    )


@pytest.fixture
def sb_inspecteur(make_user, stadsbeheer):
    return make_user(INSPECTOR, username="inspecteur-sb", organisatie_=stadsbeheer)


@pytest.fixture
def triaged(city, regisseur) -> Melding:
    """A report on Carnisselaan 10, triaged as multidisciplinary to the director."""
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
def casus(triaged, regisseur) -> Casus:
    """The director's case made of the triaged report."""
    return casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning", "niet_ingeschreven", "te_hoge_huur"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )


@pytest.fixture
def share(regisseur, partner_organisatie) -> Callable[..., Deling]:
    """share(casus, *onderdelen): the director shares the case with the police."""
    return lambda casus, *onderdelen: share_case(casus, regisseur, partner_organisatie, onderdelen)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


MakeToken = Callable[..., tuple[ApiToken, str]]


@pytest.fixture
def make_token(db, organisatie) -> MakeToken:
    """A partner system's token (and its key) whose one role grants exactly `capabilities`."""
    counter = iter(range(1, 10_000))

    def make(
        capabilities: Iterable[Capability] = (),
        *,
        organisatie_: Organisatie | None = None,
        naam: str = "Partnersysteem",
    ) -> tuple[ApiToken, str]:
        n = next(counter)
        rol = Rol.objects.create(
            code=f"api-rol-{n}", naam=f"API-rol {n}", capabilities=[c.value for c in capabilities]
        )
        return api_token_create(
            actor=None, organisatie=organisatie_ or organisatie, naam=naam, rollen=[rol]
        )

    return make
