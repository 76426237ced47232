from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from goedwonen.core.staticfiles import static_manifest_missing


class Command(BaseCommand):
    help = "Start de webserver (gunicorn) op het opgegeven adres."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default=settings.BIND)
        # Processes rather than threads: a request is mostly Python, which threads of one
        # process take turns at. Two per core keeps the cores busy while others wait on the
        # database (bench/intake_api.py measured 4 x 1 ahead of 2 x 4 on two cores).
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("GOEDWONEN_WEB_WORKERS", 2 * (os.cpu_count() or 1))),
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("GOEDWONEN_WEB_THREADS", "1"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Without the manifest every page fails on its first stylesheet: refuse to start.
        if problem := static_manifest_missing():
            raise CommandError(problem)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "goedwonen.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--access-logfile",
            "-",
            # Each process readies its URLs and charts before its first request.
            "--config",
            "python:goedwonen.gunicorn_hooks",
        ]
        os.execv(sys.executable, command)  # noqa: S606 - fixed argv, no shell
