"""Gunicorn settings module of `goedwonen serve` (`--config python:goedwonen.gunicorn_hooks`).

Each server process readies what its first page would otherwise wait for, before it takes a
request: the URL configuration (it imports every view module) and the chart renderer
(vl-convert starts its JavaScript engine on the first chart, about two seconds on this
machine). Without it the first chart page of each of the processes took seconds longer.
"""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    from django.urls import get_resolver

    from goedwonen.core.charts import charts_warm

    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration
    charts_warm()
    # What the process holds now (modules, URLs, the chart engine) lives as long as the
    # process: out of the garbage collector's sight, so its full collections no longer walk
    # it on the way through a request (about 1 ms of CPU per page, ADR 0027).
    gc.collect()
    gc.freeze()
