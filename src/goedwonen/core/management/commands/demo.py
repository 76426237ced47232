from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from goedwonen.accounts.demo import DEMO_PASSWORD, demo_seed
from goedwonen.core.registries import demo_seeds
from goedwonen.registry.importer.interrupted import leveringen_interrupted_close
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Levering

DEMO_SCALE, DEMO_SEED = "zuid", 2026
# A worker that died is started again, but not more often than this (seconds): one that
# cannot start at all does not flood the terminal.
WORKER_RESTART_SECONDS = 5.0


class Command(BaseCommand):
    help = "Zet de demo klaar (database, organisaties, demo-gebruikers) en start de server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Alleen klaarzetten.")
        parser.add_argument(
            "--bind", default=settings.BIND, help="Adres (standaard 127.0.0.1:GOEDWONEN_PORT)."
        )

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
        # Seeds that place demo work on addresses (an integral action) find them only now
        # that the city is there; every seed is idempotent.
        for seed in demo_seeds:
            seed()
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
        # Out before the server's own lines, also when the output goes to a file or a pipe
        # (buffered there unless PYTHONUNBUFFERED is set).
        self.stdout.flush()
        self._run(options["bind"])

    def _city(self) -> None:
        """Generate and import synthetic Rotterdam-Zuid on the first start; reuse it after,
        once an import of it has completed."""
        for pk in leveringen_interrupted_close():
            self.stdout.write(
                f"Levering {pk} werd niet afgemaakt (afgebroken); opnieuw importeren."
            )
        if Levering.objects.filter(
            status__in=[Levering.Status.GESLAAGD, Levering.Status.DEELS]
        ).exists():
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

    def _run(self, bind: str) -> None:
        """Server and worker as child processes: a worker that dies is started again, and
        both stop with the demo (Ctrl+C, SIGTERM, SIGHUP, or the demo killed)."""

        def stop_demo(signum: int, frame: object) -> NoReturn:
            raise KeyboardInterrupt

        # Ctrl+C, SIGTERM, and the terminal closing (SIGHUP) all stop the demo; however it
        # ends otherwise (killed), its children are told by the kernel (_stop_with_parent).
        for stop_signal in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop_signal, stop_demo)
        server = _goedwonen("serve", "--bind", bind)
        worker, started = _goedwonen("worker", "-v", "0"), time.monotonic()
        try:
            while server.poll() is None:
                if (
                    worker.poll() is not None
                    and time.monotonic() - started >= WORKER_RESTART_SECONDS
                ):
                    self.stderr.write(
                        f"De achtergrondverwerker stopte (code {worker.returncode}); "
                        "opnieuw gestart."
                    )
                    worker, started = _goedwonen("worker", "-v", "0"), time.monotonic()
                time.sleep(0.5)
            raise CommandError(f"De webserver stopte (code {server.returncode}).")
        except KeyboardInterrupt:
            pass
        finally:
            _stop(worker, server)


# prctl(2): the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def _stop_with_parent(parent: int) -> None:
    """Run in the child before it starts: when the demo's process ends, however it ends
    (SIGKILL included, which it cannot catch to stop its children), the kernel sends the
    child SIGTERM, so no worker or server outlives the demo. Linux only."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the demo ended before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def _goedwonen(*args: str) -> subprocess.Popen[bytes]:
    parent = os.getpid()
    return subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
        [sys.executable, "-m", "goedwonen.cli", *args],
        preexec_fn=(lambda: _stop_with_parent(parent)) if sys.platform == "linux" else None,
    )


def _stop(*processes: subprocess.Popen[bytes]) -> None:
    """Asked to stop (the worker finishes its task, the server its requests), then killed
    after 30 seconds. A second Ctrl+C or SIGTERM does not cut this short and leave a child
    behind (the terminal sends the children its Ctrl+C too, which ends the worker's task)."""
    for stop_signal in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, signal.SIG_IGN)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 30
    for process in processes:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
