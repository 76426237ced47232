from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goedwonen.core.services import chain_check_run


class Command(BaseCommand):
    help = "Controleer de hashketen van het verwerkingslogboek. Exit 0: intact; 1: verbroken."

    def handle(self, *args: Any, **options: Any) -> None:
        check = chain_check_run(actor=None)
        if not check.intact:
            raise CommandError(check.bevinding, returncode=1)
        self.stdout.write(self.style.SUCCESS(check.bevinding))
