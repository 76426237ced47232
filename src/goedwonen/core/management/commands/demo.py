from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from goedwonen.accounts.demo import DEMO_PASSWORD, demo_seed
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Levering

DEMO_SCALE, DEMO_SEED = "zuid", 2026


class Command(BaseCommand):
    help = "Zet de demo klaar (database, organisaties, demo-gebruikers) en start de server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Alleen klaarzetten.")
        parser.add_argument("--bind", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "De demo draait alleen met GOEDWONEN_DEBUG=true: demo-accounts hebben een "
                "bekend wachtwoord en horen niet in productie."
            )
        self.stdout.write("Database bijwerken …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Demo-organisaties, gebieden, teams en gebruikers klaarzetten …")
        users = demo_seed()
        self._city()
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        )
        for user in users:
            self.stdout.write(f"  {user.username:<22} {user.naam:<22} {user.rol}")
        self.stdout.write(
            "Tweestapsverificatie: vrijwillig in de demo (Overzicht > Beveiliging van uw "
            "account); verplicht met GOEDWONEN_MFA_REQUIRED=true, zoals in productie."
        )
        if options["no_serve"]:
            return
        # Demo accounts sign in without a second factor unless asked for one
        # (GOEDWONEN_MFA_REQUIRED=true); each can set one up under "Beveiliging van uw account".
        os.environ.setdefault("GOEDWONEN_MFA_REQUIRED", "false")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nGoedwonen draait op http://{options['bind']}/  (stoppen: Ctrl+C)\n"
            )
        )
        worker = subprocess.Popen([sys.executable, "-m", "goedwonen.cli", "worker", "-v", "0"])
        try:
            call_command("serve", bind=options["bind"])
        finally:
            worker.terminate()

    def _city(self) -> None:
        """Generate and import synthetic Rotterdam-Zuid on the first start; reuse it after."""
        if Levering.objects.exclude(status=Levering.Status.MISLUKT).exists():
            self.stdout.write("Synthetische stad al geïmporteerd; hergebruikt.")
            return
        folder = Path(settings.DATA_DIR) / "bronnen" / f"{DEMO_SCALE}-{DEMO_SEED}"
        if not (folder / "manifest.json").exists():
            self.stdout.write(f"Synthetisch Rotterdam-Zuid genereren in {folder} …")
            call_command("generate", scale=DEMO_SCALE, seed=DEMO_SEED, out=folder, force=True)
        self.stdout.write("Bronmap importeren …")
        report = import_folder(actor=None, folder=folder)
        for file_report in report.files:
            self.stdout.write(f"  {file_report.summary()}")
        if report.fatal:
            raise CommandError("; ".join(report.fatal))
