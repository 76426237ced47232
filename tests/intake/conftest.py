"""What the intake tests share beyond the scenario (tests/scenario.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from django.core.cache import cache

from goedwonen.intake.models import Melding


@pytest.fixture
def fresh_rate_limits() -> Iterator[None]:
    """The reporting point counts reports per client address in the cache: a test starts
    and ends with nothing counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reports(city):
    """The reports made during the test (the city's delivery brings some of its own)."""
    existing = list(Melding.objects.values_list("pk", flat=True))
    return lambda: Melding.objects.exclude(pk__in=existing)
