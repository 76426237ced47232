"""Letter templates as data: their text versions, read and changed by a functional
administrator (ROUTING_MANAGE). Each change goes into the set-up history of `parameters`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.parameters.services import inrichting_change_record

from .brieftekst import brief_tekst_errors
from .brieven import SJABLONEN, VOORBEELD_BRIEF, briefsjabloonversie_valid
from .models import Briefsjabloonversie

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

MAX_TITEL = 200
MAX_TEKST = 20_000
MAX_HINT = 300


def briefsjabloon_list(*, actor: User) -> list[tuple[str, Briefsjabloonversie | None]]:
    """Each letter template's code with the text version valid today."""
    require(actor, Capability.ROUTING_MANAGE)
    today = timezone.localdate()
    return [(code, briefsjabloonversie_valid(code, today)) for code in SJABLONEN]


def briefsjabloonversie_history(*, actor: User, code: str) -> list[Briefsjabloonversie]:
    """All text versions of letter `code`, newest valid-from date first."""
    require(actor, Capability.ROUTING_MANAGE)
    return list(Briefsjabloonversie.objects.filter(code=code).select_related("vastgesteld_door"))


@transaction.atomic
def briefsjabloonversie_create(
    *,
    actor: User,
    code: str,
    titel: str,
    tekst: str,
    alinea_hint: str,
    geldig_vanaf: date,
    reden: str,
) -> Briefsjabloonversie:
    """A new text of letter `code`, valid from `geldig_vanaf` (today or later). Refuses a text
    that does not render. Raises ValidationError naming each wrong field."""
    require(actor, Capability.ROUTING_MANAGE)
    if code not in SJABLONEN:
        raise ValidationError({"code": [f"Onbekende brief '{code}'."]})
    titel, tekst, alinea_hint, reden = (v.strip() for v in (titel, tekst, alinea_hint, reden))
    errors: dict[str, list[str]] = {}
    if not titel:
        errors["titel"] = ["Geef de titel van de brief."]
    elif message := validators.too_long(titel, MAX_TITEL):
        errors["titel"] = [message]
    if not tekst:
        errors["tekst"] = ["Geef de tekst van de brief."]
    elif message := validators.too_long(tekst, MAX_TEKST):
        errors["tekst"] = [message]
    elif problems := brief_tekst_errors(tekst, voorbeeld=VOORBEELD_BRIEF):
        errors["tekst"] = [f"De brieftekst klopt niet: {p}." for p in problems]
    if message := validators.too_long(alinea_hint, MAX_HINT):
        errors["alinea_hint"] = [message]
    today = timezone.localdate()
    if geldig_vanaf < today:
        errors["geldig_vanaf"] = [
            f"Kies vandaag ({display.datum(today)}) of later: een brieftekst geldt niet met "
            "terugwerkende kracht."
        ]
    if not reden:
        errors["reden"] = ["Geef de reden van de wijziging."]
    elif message := validators.too_long(reden, validators.MAX_REASON):
        errors["reden"] = [message]
    if errors:
        raise ValidationError(errors)
    vorige = briefsjabloonversie_valid(code, geldig_vanaf)
    versie = Briefsjabloonversie.objects.create(
        code=code,
        titel=titel,
        tekst=tekst,
        alinea_hint=alinea_hint,
        geldig_vanaf=geldig_vanaf,
        reden=reden,
        vastgesteld_door=actor,
    )
    inrichting_change_record(
        actor=actor,
        onderwerp="briefsjabloon",
        sleutel=code,
        omschrijving=f"Briefsjabloon '{titel}' vanaf {display.datum(geldig_vanaf)}",
        oud={"titel": vorige.titel, "tekst": vorige.tekst} if vorige else {},
        nieuw={"titel": titel, "tekst": tekst, "geldig_vanaf": geldig_vanaf.isoformat()},
        activity=Verwerkingsactiviteitcode.CASUSREGIE,
        reden=reden,
    )
    return versie
