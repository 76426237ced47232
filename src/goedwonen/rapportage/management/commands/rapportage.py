"""`goedwonen rapportage --jaar YYYY [--gebied CODE] --out DIR`: the year's figures as
`cijfers.csv` (columns maat,gebied,periode,categorie,waarde; exact counts for internal use)
and the signal report as published (`signaleringsrapport-YYYY.html` and `.pdf`, small
numbers suppressed, with the latest narrative of its year and area)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from goedwonen.documenten.pdf import PdfNietBeschikbaar, html_to_pdf
from goedwonen.rapportage.cijfers import COLUMNS, cijfers
from goedwonen.rapportage.signaal import signaalrapport, signaalrapport_html
from goedwonen.registry.models import Gebied


class Command(BaseCommand):
    help = "Schrijf de cijfers van een jaar (cijfers.csv) voor de verantwoording."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--jaar", type=int, required=True, help="Het jaar, bv. 2026.")
        parser.add_argument(
            "--gebied", default=None, help="Een buurt-, wijk- of gemeentecode (standaard: alles)."
        )
        parser.add_argument("--out", required=True, help="De map waarin de bestanden komen.")

    def handle(self, *args: Any, **options: Any) -> None:
        jaar: int = options["jaar"]
        if not 1900 <= jaar <= timezone.localdate().year:
            raise CommandError(
                f"--jaar {jaar}: geef een jaar tot en met {timezone.localdate().year}."
            )
        gebied = options["gebied"]
        if gebied is not None and not Gebied.objects.filter(code=gebied).exists():
            raise CommandError(f"--gebied {gebied}: geen bekend gebied met die code.")
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out}: dat is een bestand, geen map.")
        out.mkdir(parents=True, exist_ok=True)
        rows = cijfers(jaar=jaar, gebied=gebied)
        path = out / "cijfers.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([row.maat, row.gebied, row.periode, row.categorie, row.waarde])
        self.stdout.write(f"{len(rows)} cijfers geschreven naar {path}")
        rapport = signaalrapport(jaar=jaar, gebied=gebied)
        html = signaalrapport_html(rapport)
        (out / f"signaleringsrapport-{jaar}.html").write_text(html, encoding="utf-8")
        try:
            pdf = html_to_pdf(signaalrapport_html(rapport, pdf=True))
        except PdfNietBeschikbaar as error:
            raise CommandError(str(error)) from error
        (out / f"signaleringsrapport-{jaar}.pdf").write_bytes(pdf)
        self.stdout.write(f"Signaleringsrapport geschreven naar {out}")
