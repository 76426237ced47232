from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goedwonen.analytics.engine import EngineError, write_csv
from goedwonen.analytics.models import Catalogusversie
from goedwonen.analytics.services import risicorun_start
from goedwonen.analytics.store import run_folder
from goedwonen.registry.models import Gebied


class Command(BaseCommand):
    # The system checks load every view and template tag (about 1.5 s); a scoring run on the
    # server does not need them each time.
    requires_system_checks: list[str] = []
    help = (
        "Bereken de risicoscore van elke woning in een gebied met de indicatorcatalogus, en "
        "schrijf object_id,score,rank,reasons naar een CSV-bestand."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", help="Buurt-, wijk- of gemeentecode (standaard: alles).")
        parser.add_argument("--out", type=Path, help="CSV-bestand voor de uitkomst.")
        parser.add_argument(
            "--catalogus", type=int, help="Catalogusversie (standaard: de laatste)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        gebied = None
        if options["area"]:
            gebied = Gebied.objects.filter(code=options["area"].strip().upper()).first()
            if gebied is None:
                raise CommandError(f"Onbekend gebied {options['area']!r}: geef een CBS-code.")
        catalogus = None
        if options["catalogus"] is not None:
            catalogus = Catalogusversie.objects.filter(versie=options["catalogus"]).first()
            if catalogus is None:
                raise CommandError(f"Catalogusversie {options['catalogus']} bestaat niet.")
        out = Path(options["out"]) if options["out"] else None
        if out is not None and not out.parent.exists():
            raise CommandError(f"De map {out.parent} bestaat niet.")
        try:
            run = risicorun_start(actor=None, gebied=gebied, catalogus=catalogus)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except EngineError as error:
            raise CommandError(str(error)) from error
        if out is not None:
            write_csv(run_folder(run) / "scores.parquet", out)
        self.stdout.write(
            f"Risicorun {run.pk}: {run.aantal_woningen} woningen gescoord met catalogusversie "
            f"{run.catalogus.versie} in {run.duur_seconden:.1f} s"
            + (f"; uitkomst in {out}" if out else "")
        )
