"""The analyst's narrative of a report (issue 17, point 4): plain text per section, kept as
versions. Written by holders of ACCOUNT_REPORTS; read with the report it belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from goedwonen.core.policy import Capability, require, require_any

from .models import Toelichting
from .rapporten import controleer

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

MAX_SECTIE = 10_000  # characters per section
READERS = (Capability.ACCOUNT_REPORTS, Capability.STEERING_VIEW)


def toelichting_laatste(*, soort: str, jaar: int, gebiedcode: str) -> Toelichting | None:
    """The latest version, for rendering the report (the caller checked access)."""
    return (
        Toelichting.objects.filter(soort=soort, jaar=jaar, gebiedcode=gebiedcode)
        .order_by("-versie")
        .first()
    )


def toelichting_versies(
    *, actor: User, soort: str, jaar: int, gebiedcode: str
) -> QuerySet[Toelichting]:
    """Every version, newest first, with who wrote it."""
    require_any(actor, *READERS)
    return (
        Toelichting.objects.filter(soort=soort, jaar=jaar, gebiedcode=gebiedcode)
        .select_related("vastgelegd_door")
        .order_by("-versie")
    )


@transaction.atomic
def toelichting_opslaan(
    *, actor: User, soort: str, jaar: int, gebiedcode: str, secties: dict[str, str]
) -> Toelichting:
    """Save the narrative as a new version (the earlier ones stay). Sections are plain text:
    the report escapes them and shows their paragraphs. Raises ValidationError, by field,
    for an unknown section or a text too long; Rapportfout for a bad kind, year or area."""
    require(actor, Capability.ACCOUNT_REPORTS)
    kind, _ = controleer(soort, jaar, gebiedcode or None)
    known = {key for key, _ in kind.secties}
    errors = {}
    for key, text in secties.items():
        if key not in known:
            errors[key] = f"Onbekend onderdeel '{key}' voor een {kind.naam.lower()}."
        elif len(text) > MAX_SECTIE:
            errors[key] = f"Hoogstens {MAX_SECTIE:,} tekens; nu {len(text):,}.".replace(",", ".")
    if errors:
        raise ValidationError(errors)
    cleaned = {key: text.replace("\r\n", "\n").strip() for key, text in secties.items()}
    latest = (
        Toelichting.objects.select_for_update()
        .filter(soort=soort, jaar=jaar, gebiedcode=gebiedcode)
        .order_by("-versie")
        .first()
    )
    return Toelichting.objects.create(
        soort=soort,
        jaar=jaar,
        gebiedcode=gebiedcode,
        versie=(latest.versie + 1) if latest else 1,
        secties={key: text for key, text in cleaned.items() if text},
        vastgelegd_door=actor,
    )
