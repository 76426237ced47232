"""Schema-driven fuzzing of the API against its committed contract (docs/openapi.yaml).

Schemathesis generates requests for every operation from the contract, valid ones and ones the
contract forbids, and sends them to the real application (WSGI, test database) with a token
that may do everything the API offers. Whatever it sends, the API answers without a server
error, every error is application/problem+json, and every answer is one the contract
documents, in the shape it documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from goedwonen.api.exceptions import PROBLEM_CONTENT_TYPE
from goedwonen.core.policy import Capability
from goedwonen.wsgi import application

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
# Enough to find what the contract lets through on every build within about a minute; a
# longer run: `FUZZ_EXAMPLES=1000 .venv/bin/pytest tests/api/test_fuzz.py`.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))

schema = schemathesis.openapi.from_path(CONTRACT)
# The key is ours (below): the fuzzer does not make up credentials of its own; authentication
# has tests of its own (tests/api/test_api.py).
schema.config.generation.update(
    modes=["positive", "negative"], max_examples=EXAMPLES, with_security_parameters=False
)


@schemathesis.check
def errors_are_problem_json(ctx, response, case) -> bool | None:
    """NL API Design Rules: every error answer is application/problem+json."""
    if response.status_code >= 400:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith(PROBLEM_CONTENT_TYPE), (
            f"{response.status_code} answered as {content_type!r}, not {PROBLEM_CONTENT_TYPE}"
        )
    return None


@pytest.fixture
def app() -> Iterator[object]:
    """The WSGI application as Django's test client runs it: without closing the database
    connection after each request, which would close the test's transaction with it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(make_token, settings) -> str:
    """A key whose role holds every capability an API operation asks for, at a rate that a
    long run does not reach (the throttle has tests of its own)."""
    settings.API_RATE = "100000/min"
    _, key = make_token(list(Capability))
    return key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@pytest.mark.django_db
def test_the_api_answers_every_generated_request_as_its_contract_says(case, app, api_key):
    response = case.call(app=app, headers={"Authorization": f"Token {api_key}"})
    case.validate_response(
        response, additional_checks=[errors_are_problem_json], excluded_checks=[ignored_auth]
    )
