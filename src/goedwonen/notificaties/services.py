"""Sending notices, and a person marking theirs read or choosing which come by e-mail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import MAIL_BY_DEFAULT, Notificatie, Notificatiesoort, Notificatievoorkeur

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def _mail_text(titel: str, link: str) -> str:
    base = settings.SITE_URL
    return (
        f"{titel}\n\n"
        f"Bekijk het in Goedwonen: {base}{link}\n\n"
        "Deze e-mail noemt bewust geen namen, adressen of omschrijvingen; die staan alleen "
        "in Goedwonen.\n"
        f"Welke notificaties u per e-mail krijgt, kiest u zelf: {base}/notificaties/voorkeuren"
    )


def wants_mail(user: User, soort: str) -> bool:
    chosen = (
        Notificatievoorkeur.objects.filter(gebruiker=user, soort=soort)
        .values_list("per_mail", flat=True)
        .first()
    )
    return MAIL_BY_DEFAULT[Notificatiesoort(soort)] if chosen is None else chosen


@transaction.atomic
def notificatie_send(
    *, ontvangers: Iterable[User], soort: str, titel: str, link: str, sleutel: str = ""
) -> list[Notificatie]:
    """Store a notice for each (active) recipient and, after the commit, mail it to those who
    want this kind by e-mail: the title and the link only. `titel` must hold no personal data
    (a reference such as "Taak bij casus C-2026-0012"). With a `sleutel`, a recipient who
    already had a notice with that key gets none again (sent at most once)."""
    soort = Notificatiesoort(soort)
    people = {u.pk: u for u in ontvangers if u is not None and u.is_active}
    if sleutel:
        had = set(
            Notificatie.objects.filter(ontvanger_id__in=people, sleutel=sleutel).values_list(
                "ontvanger_id", flat=True
            )
        )
        people = {pk: u for pk, u in people.items() if pk not in had}
    made = [
        Notificatie.objects.create(
            ontvanger=person, soort=soort, titel=titel[:200], link=link, sleutel=sleutel
        )
        for person in people.values()
    ]
    for person in people.values():
        if person.email and wants_mail(person, soort):
            transaction.on_commit(
                partial(
                    send_mail,
                    f"Goedwonen: {soort.label.split(':')[0].lower()}",
                    _mail_text(titel, link),
                    None,
                    [person.email],
                    fail_silently=True,
                )
            )
    return made


def notificatie_mark_read(*, actor: User, pk: int) -> Notificatie:
    """Mark one of the actor's own notices read (another's is not found)."""
    notificatie = Notificatie.objects.get(pk=pk, ontvanger=actor)
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = timezone.now()
        notificatie.save(update_fields=["gelezen_op"])
    return notificatie


def notificaties_mark_all_read(*, actor: User) -> int:
    return Notificatie.objects.filter(ontvanger=actor, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )


@transaction.atomic
def voorkeuren_save(*, actor: User, per_mail: Mapping[str, bool]) -> None:
    """The actor's choice per kind: by e-mail or not. Kinds not named keep their choice."""
    for soort, wanted in per_mail.items():
        Notificatievoorkeur.objects.update_or_create(
            gebruiker=actor, soort=Notificatiesoort(soort), defaults={"per_mail": wanted}
        )
