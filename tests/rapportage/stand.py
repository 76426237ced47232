"""The steering dashboard as a person sees it once the worker has computed the figures the
page asked for (rapportage.dashboard: no request computes them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse


def dashboard(client: Client, run_worker: Callable[[], None], params: dict[str, Any] | None = None):
    """GET the dashboard (which asks the worker for the figures), run the worker, GET again."""
    asked = client.get(reverse("sturing"), params or {})
    assert asked.status_code in (200, 400)
    run_worker()
    return client.get(reverse("sturing"), params or {})
