from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goedwonen.analytics.models import Catalogusversie
from goedwonen.analytics.register import register_entry


class Command(BaseCommand):
    help = (
        "Schrijf de beschrijving voor het algoritmeregister (JSON), gemaakt uit de "
        "indicatorcatalogus."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--catalogus", type=int, help="Catalogusversie (standaard: de laatste)."
        )
        parser.add_argument(
            "--organisatie", default="", help="Standaard: Gemeente <GOEDWONEN_GEMEENTE>."
        )
        parser.add_argument("--out", help="Bestand (standaard: op het scherm).")

    def handle(self, *args: Any, **options: Any) -> None:
        versies = Catalogusversie.objects.order_by("-versie")
        if options["catalogus"] is not None:
            versies = versies.filter(versie=options["catalogus"])
        versie = versies.first()
        if versie is None:
            raise CommandError("Er is geen indicatorcatalogus met die versie.")
        text = json.dumps(
            register_entry(versie, organisatie=options["organisatie"]), ensure_ascii=False, indent=2
        )
        if options["out"]:
            out = Path(options["out"])
            if not out.parent.exists():
                raise CommandError(f"De map {out.parent} bestaat niet.")
            out.write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
