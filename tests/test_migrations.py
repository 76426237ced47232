"""Every model change has its migration."""

from __future__ import annotations

import pytest

from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations(capsys):
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=1)
    except SystemExit:  # --check exits 1 when a migration is missing
        output = capsys.readouterr().out
        pytest.fail(f"Models have changes without a migration; run makemigrations:\n{output}")
    assert capsys.readouterr().out.strip() == "No changes detected"
