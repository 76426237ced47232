from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goedwonen.accounts.models import ApiToken, Organisatie, Rol
from goedwonen.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Beheer API-tokens voor partnersystemen: create, list, revoke."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Maak een token; de sleutel wordt één keer getoond.")
        create.add_argument("--organisatie", required=True, help="Code van de organisatie")
        create.add_argument("--naam", required=True, help="Naam van het systeem")
        create.add_argument("--rol", action="append", default=[], help="Rolcode (herhaalbaar)")
        sub.add_parser("list", help="Toon alle tokens.")
        revoke = sub.add_parser("revoke", help="Trek een token in.")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                organisatie = Organisatie.objects.get(code=options["organisatie"])
            except Organisatie.DoesNotExist:
                codes = ", ".join(Organisatie.objects.values_list("code", flat=True))
                raise CommandError(
                    f"Onbekende organisatie '{options['organisatie']}'. Bekend: {codes}"
                ) from None
            rollen = list(Rol.objects.filter(code__in=options["rol"]))
            missing = set(options["rol"]) - {r.code for r in rollen}
            if missing:
                raise CommandError(f"Onbekende rol: {', '.join(sorted(missing))}")
            try:
                token, key = api_token_create(
                    actor=None, organisatie=organisatie, naam=options["naam"], rollen=rollen
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
            self.stdout.write(f"Token {token.pk} voor {organisatie.naam} aangemaakt.")
            self.stdout.write("Sleutel (wordt niet opnieuw getoond):")
            self.stdout.write(key)
        elif action == "list":
            for token in ApiToken.objects.select_related("serviceaccount__organisatie"):
                state = "ingetrokken" if token.ingetrokken_op else "actief"
                self.stdout.write(
                    f"{token.pk:>4}  {token.prefix}…  {token.serviceaccount.organisatie}  "
                    f"{token.naam}  {state}"
                )
        else:
            try:
                token = ApiToken.objects.get(pk=options["id"])
            except ApiToken.DoesNotExist:
                raise CommandError(f"Geen token met id {options['id']}") from None
            api_token_revoke(actor=None, token=token)
            self.stdout.write(f"Token {token.pk} ingetrokken.")
