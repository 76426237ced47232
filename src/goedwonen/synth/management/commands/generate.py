"""`goedwonen generate --scale zuid|city|national --seed N --out FOLDER`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from goedwonen.synth.generator import SCALES, GenerateError, generate


class Command(BaseCommand):
    help = (
        "Schrijf een synthetische bronmap volgens het gegevenscontract: zuid (de zes "
        "focusbuurten), city (heel Rotterdam) of national (ongeveer 8 miljoen woningen)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", required=True, choices=SCALES, help="zuid, city of national")
        parser.add_argument("--seed", required=True, type=int, help="Zelfde seed, zelfde bestanden")
        parser.add_argument("--out", required=True, type=Path, help="Doelmap (leeg of nieuw)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overschrijf de bestanden van de generator in een niet-lege map",
        )
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="Neem dit deel van de woningen per buurt (voor snelle proeven; standaard 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale, seed, out = options["scale"], options["seed"], Path(options["out"])
        started = time.perf_counter()
        try:
            with tqdm(
                unit=" woningen",
                unit_scale=True,
                file=sys.stderr,
                disable=None,
                desc=f"generate {scale}",
            ) as bar:

                def progress(done: int, total: int) -> None:
                    bar.total = total
                    bar.n = done
                    bar.refresh()

                counts = generate(
                    scale,
                    seed,
                    out,
                    force=options["force"],
                    fraction=options["fraction"],
                    progress=progress,
                )
        except GenerateError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(f"Synthetische bronmap geschreven naar {out} in {seconds:.1f} s:")
        for name, rows in counts.items():
            self.stdout.write(f"  {name}: {rows:,} rijen".replace(",", "."))
