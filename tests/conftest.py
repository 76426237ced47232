"""Shared fixtures: real database, real roles, real users. No mocks of our own code."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from goedwonen.accounts.models import Organisatie, Organisatiesoort, Rol, User
from goedwonen.core.policy import Capability

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisatie(db) -> Organisatie:
    return Organisatie.objects.create(
        code="so", naam="Stadsontwikkeling", soort=Organisatiesoort.KERNCLUSTER
    )


@pytest.fixture
def partner_organisatie(db) -> Organisatie:
    return Organisatie.objects.create(code="politie", naam="Politie", soort=Organisatiesoort.EXTERN)


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db, organisatie) -> MakeUser:
    """A user whose one role grants exactly the given capabilities."""
    counter = iter(range(1, 10_000))

    def make(
        capabilities: Iterable[Capability] = (),
        *,
        username: str | None = None,
        organisatie_: Organisatie | None = None,
    ) -> User:
        n = next(counter)
        rol = Rol.objects.create(
            code=f"rol-{n}", naam=f"Rol {n}", capabilities=[c.value for c in capabilities]
        )
        user = User.objects.create_user(
            username=username or f"gebruiker{n}",
            password=PASSWORD,
            organisatie=organisatie_ or organisatie,
            first_name="Test",
            last_name=f"Gebruiker {n}",
        )
        user.rollen.add(rol)
        return user

    return make


@pytest.fixture
def source_folder(tmp_path):
    """A small hand-made source folder (tests/registry/conftest.py), as a municipality would
    deliver it."""
    from tests.registry.conftest import write_folder

    return write_folder(tmp_path / "levering")
