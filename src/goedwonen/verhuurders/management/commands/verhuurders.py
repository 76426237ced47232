"""`goedwonen verhuurders --peildatum YYYY-MM-DD --out FILE.csv`: the landlord signals as of a
date (verhuurders/regels.py), for the yearly account and for checking."""

from __future__ import annotations

import csv
import errno
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from goedwonen.core import validators
from goedwonen.core.exports import csv_cell
from goedwonen.verhuurders.regels import Signaal, signalen_lezen

HEADER = ("eigenaar_id", "signaal", "datum", "object_id", "bron_id")
# Why a file could not be written, in Dutch; anything else as the system says it.
WHY = {
    errno.EACCES: "geen schrijfrechten",
    errno.EPERM: "geen schrijfrechten",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
    errno.ENOENT: "de map bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "het is een map",
}


def peildatum_parse(text: str) -> date:
    """A date as JJJJ-MM-DD within the range every date field accepts, or a Dutch message
    saying what is wrong."""
    try:
        if len(text.strip()) != 10:
            raise ValueError
        peildatum = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"Ongeldige peildatum {text!r}: geef een bestaande datum als JJJJ-MM-DD, "
            "bijvoorbeeld 2026-01-31."
        ) from None
    try:
        validators.validate_date_range(peildatum)
    except ValidationError as error:
        raise ValueError(f"Ongeldige peildatum {text!r}: {' '.join(error.messages)}") from None
    return peildatum


class Command(BaseCommand):
    # The system checks load every view and template tag (about 1.5 s); an export does not
    # need them.
    requires_system_checks: list[str] = []
    help = (
        "Schrijf de verhuurderssignalen (monitoring, recidive, stopgesprek_kandidaat) op een "
        "peildatum naar een CSV-bestand met de kolommen eigenaar_id,signaal,datum,object_id,"
        "bron_id, gesorteerd."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--peildatum", required=True, help="Datum als JJJJ-MM-DD.")
        parser.add_argument("--out", required=True, type=Path, help="CSV-bestand.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            peildatum = peildatum_parse(options["peildatum"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"])
        if out.is_dir():
            raise CommandError(f"{out} is een map: geef een bestandsnaam voor de uitkomst.")
        if not out.parent.is_dir():
            raise CommandError(f"De map {out.parent} bestaat niet.")
        # Written beside the target and moved into place: a failed run leaves what was there.
        part: Path | None = None
        try:
            # The export and its log lines commit together: a file not written logs nothing.
            with transaction.atomic():
                signalen = signalen_lezen(
                    actor=None, peildatum=peildatum, operation="verhuurders: signalen exporteren"
                )
                with tempfile.NamedTemporaryFile(
                    "w",
                    encoding="utf-8",
                    newline="",
                    dir=out.parent,
                    prefix=f".{out.name}.",
                    suffix=".deel",
                    delete=False,
                ) as handle:
                    part = Path(handle.name)
                    # For programs: commas, no byte-order mark; text neutralised as in every
                    # export (goedwonen.core.exports), since people open it in a spreadsheet.
                    writer = csv.writer(handle, lineterminator="\n")
                    writer.writerow(HEADER)
                    writer.writerows(_row(s) for s in signalen)
                os.replace(part, out)
        except OSError as error:
            if part is not None:
                part.unlink(missing_ok=True)
            reason = WHY.get(error.errno or 0, error.strerror or str(error))
            raise CommandError(f"Kan {out} niet schrijven: {reason}.") from error
        self.stdout.write(
            f"{len(signalen)} signalen op {peildatum.isoformat()} geschreven naar {out}"
        )


def _row(s: Signaal) -> list[str]:
    return [
        csv_cell(s.eigenaar_id),
        s.signaal,
        s.datum.isoformat(),
        csv_cell(s.object_id),
        csv_cell(s.bron_id),
    ]
