"""The committed contract (docs/openapi.yaml) is what the code generates, byte for byte."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def test_committed_openapi_contract_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"

    # The same command, options and YAML renderer as `make openapi`; in the language the
    # command line runs in (the settings' default), whatever an earlier test activated.
    with translation.override(settings.LANGUAGE_CODE):
        call_command("spectacular", validate=True, fail_on_warn=True, file=str(generated))

    assert CONTRACT.exists(), "docs/openapi.yaml is missing: run `make openapi` and commit it."
    assert generated.read_bytes() == CONTRACT.read_bytes(), (
        "docs/openapi.yaml differs from the schema the code generates: run `make openapi` "
        "and commit the result."
    )
