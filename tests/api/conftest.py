"""API fixtures: a DRF client and partner tokens whose one role grants given capabilities."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from rest_framework.test import APIClient

from goedwonen.accounts.models import ApiToken, Organisatie, Rol
from goedwonen.accounts.services import api_token_create
from goedwonen.core.policy import Capability

MakeToken = Callable[..., tuple[ApiToken, str]]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


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
