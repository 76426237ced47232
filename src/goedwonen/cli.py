"""`goedwonen`: the one command for operators. Our own commands and Django's.

`goedwonen verify-log` and `goedwonen verify_log` are the same: dashes read better on a
command line, Django's command modules need underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goedwonen.settings")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    if args[:1] == ["demo"]:
        # The demo asks for debug mode (settings fail closed), unless told otherwise; its
        # server and worker inherit the choice. With GOEDWONEN_DEBUG=false it refuses to run.
        os.environ.setdefault("GOEDWONEN_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["goedwonen", *args])


if __name__ == "__main__":
    main()
