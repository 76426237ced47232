"""A revoked token stops working at once in every server process (issue 11, point 15)."""

from __future__ import annotations

import pytest

from django.utils import timezone

from goedwonen.accounts.models import ApiToken
from goedwonen.core.policy import Capability

MIJ = "/api/v1/mij"

pytestmark = pytest.mark.django_db


def auth(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_a_token_revoked_by_another_process_is_refused_at_once(api_client, make_token):
    token, key = make_token([Capability.REPORTS_VIEW])
    assert api_client.get(MIJ, **auth(key)).status_code == 200  # now kept by this process

    # Another server process (or the command line) revokes it: its commit is all this process
    # sees; what this process keeps is not told.
    ApiToken.objects.filter(pk=token.pk).update(ingetrokken_op=timezone.now())

    refused = api_client.get(MIJ, **auth(key))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Onbekend of ingetrokken token."
