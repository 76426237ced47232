"""Gunicorn settings module of `goedwonen serve` (`--config python:goedwonen.gunicorn_hooks`).

Each server process readies what its first page would otherwise wait for, before it takes a
request: the URL configuration (it imports every view module), the chart renderer (vl-convert
starts its JavaScript engine on the first chart, about two seconds on this machine), every
template compiled into the cached loader, and the process's DuckDB for analysis rankings.
Without it, each page's first view in each of the processes took up to a few hundred
milliseconds longer (ADR 0027).
"""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    from django.urls import get_resolver

    from goedwonen.analytics.selectors import scores_warm
    from goedwonen.core.charts import charts_warm

    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration
    charts_warm()
    templates_warm()
    scores_warm()
    # What the process holds now (modules, URLs, the chart engine) lives as long as the
    # process: out of the garbage collector's sight, so its full collections no longer walk
    # it on the way through a request (about 1 ms of CPU per page, ADR 0027).
    gc.collect()
    gc.freeze()


def templates_warm() -> int:
    """Compile every template the template engine can find into its cached loader (the
    loader production uses), so no page compiles its templates on its first view in a
    process. Returns how many there are."""
    from pathlib import Path

    from django.template import engines

    engine = engines["django"]
    names = {
        str(path.relative_to(folder))
        for folder in map(Path, engine.template_dirs)
        for path in folder.rglob("*.html")
    }
    for name in sorted(names):
        engine.get_template(name)
    return len(names)
