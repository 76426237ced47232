from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from goedwonen.registry.importer.run import import_folder

SHOWN_PER_FILE = 50


class Command(BaseCommand):
    help = (
        "Importeer een bronmap volgens het datacontract. Exit 0: alles geaccepteerd; "
        "1: sommige rijen afgewezen (de rest is geïmporteerd); 2: niets geïmporteerd."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--geen-voortgang", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = import_folder(
            actor=None,
            folder=options["folder"],
            progress=False if options["geen_voortgang"] else None,
        )
        for message in report.fatal:
            self.stderr.write(self.style.ERROR(message))
        for name in report.unknown_files:
            self.stdout.write(self.style.WARNING(f"{name}: onbekend bestand, niet gelezen"))
        for file_report in report.files:
            self.stdout.write(file_report.summary())
            for problem in file_report.rejected[:SHOWN_PER_FILE]:
                self.stdout.write(f"  {file_report.file} regel {problem.line}: {problem.reason}")
            if len(file_report.rejected) > SHOWN_PER_FILE:
                self.stdout.write(
                    f"  … en {len(file_report.rejected) - SHOWN_PER_FILE} meer afgewezen"
                )
        if report.levering_id is not None:
            self.stdout.write(f"Levering {report.levering_id} vastgelegd.")
            if any(f.rejected or f.warnings for f in report.files):
                name = f"leveringen/levering-{report.levering_id}-problemen.csv"
                self.stdout.write(f"Alle afgewezen rijen en waarschuwingen: {name} in de datamap.")
        sys.stdout.flush()
        if report.exit_code:
            sys.exit(report.exit_code)
