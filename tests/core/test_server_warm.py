"""What a server process readies before its first request (goedwonen.gunicorn_hooks)."""

from __future__ import annotations

from pathlib import Path

from django.template import engines

import goedwonen
from goedwonen import gunicorn_hooks


def test_a_server_process_compiles_every_template_before_its_first_request():
    (loader,) = engines["django"].engine.template_loaders  # the cached loader
    loader.reset()
    ours = {
        str(path.relative_to(folder))
        for folder in Path(goedwonen.__file__).parent.rglob("templates")
        for path in folder.rglob("*.html")
    }

    compiled = gunicorn_hooks.templates_warm()

    assert compiled >= len(ours) > 100
    assert ours <= set(loader.get_template_cache)
    # Django's own, which forms render with, are ready too.
    assert "django/forms/widgets/input.html" in loader.get_template_cache
