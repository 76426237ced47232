"""Registration of one report, from every channel: the public reporting point, staff
registration, the API for partner and cluster systems. Each registration appends to the status
history and the processing log in the same transaction, and writes its e-mail to the reporter
in it too (`Melderbericht`; the worker sends what is committed, in batches).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef
from django.utils import timezone

from goedwonen.casussen.services.open_cases import meldingen_link_to_open_cases, open_case_exists
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.references import new_reference
from goedwonen.core.registries import dwelling_events
from goedwonen.registry.address_lookup import AdresMatch, OpgegevenAdres, address_first
from goedwonen.registry.buurt_volgen import buurt_volgen
from goedwonen.registry.models import Adres

from .. import workflow
from ..attachments import CheckedFile
from ..models import Bijlage, Melderbericht, MelderContact, Melding, Meldingstatus, StatusWijziging
from ..routing import Route, Router
from . import ACTIVITY
from .checks import _field_errors, _normalised, address_problems

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


PUBLIC_SOURCE = "meldpunt"


REFERENCE_ATTEMPTS = 3


@dataclass(frozen=True)
class Contact:
    naam: str = ""
    email: str = ""
    telefoon: str = ""

    def __bool__(self) -> bool:
        return bool(self.naam or self.email or self.telefoon)


@dataclass(frozen=True)
class Registratie:
    melding: Melding
    created: bool
    statuslink_secret: str | None = None
    # A retry (created False): the fields, as the service names them, in which it differs
    # from the report stored under its (bron, bron_id). Empty: the same report again.
    verschillen: tuple[str, ...] = ()


def _new_reference() -> str:
    return new_reference("GW")


def statuslink_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# The found address as registration reads it: what routing needs and the report's
# representation shows (the API answers with it), and whether its object has an open case for
# the report to join. The object's and the area's other columns would make this per-report
# query far costlier to build; so would building it anew each time.
_REGISTERED_ADDRESS = (
    Adres.objects.select_related("verblijfsobject__buurt")
    .only(
        "nummeraanduiding",
        "openbareruimte",
        "huisnummer",
        "huisletter",
        "toevoeging",
        "postcode",
        "woonplaats",
        "verblijfsobject__buurt__code",
    )
    .annotate(open_case=open_case_exists(OuterRef("verblijfsobject")))
)


def melding_register(
    *,
    actor: User | None,
    bron: str,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    bron_id: str = "",
    contact: Contact | None = None,
    bijlagen: Sequence[CheckedFile] = (),
    ontvangen_op: datetime | None = None,
    router: Router | None = None,
) -> Registratie:
    """Register a report from any channel. Idempotent on (bron, bron_id): a retry returns the
    report that exists. `actor` None is the public reporting point."""
    if actor is None:
        if bron != PUBLIC_SOURCE:
            raise ValidationError({"bron": "Alleen het openbare meldpunt meldt zonder account."})
    else:
        require(actor, Capability.REPORTS_REGISTER)
    errors = _field_errors(
        bron=bron,
        bron_id=bron_id,
        categorie=categorie,
        omschrijving=omschrijving,
        melder_soort=melder_soort,
        contact=contact,
    ) | address_problems(adres)
    if errors:
        raise ValidationError(errors)
    adres = _normalised(adres)
    router = router or Router()
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _create(
                    actor=actor,
                    bron=bron,
                    bron_id=bron_id,
                    categorie=categorie,
                    omschrijving=omschrijving,
                    adres=adres,
                    melder_soort=melder_soort,
                    contact=contact,
                    bijlagen=bijlagen,
                    ontvangen_op=ontvangen_op or timezone.now(),
                    router=router,
                )
        except IntegrityError:
            # Most reports are new, so nothing is looked up first: a retry of a stored
            # (bron, bron_id), or the same report arriving twice at once, ends here.
            existing = (
                Melding.objects.filter(bron=bron, bron_id=bron_id).first() if bron_id else None
            )
            if existing is not None:
                return Registratie(
                    existing,
                    created=False,
                    verschillen=_differences(
                        existing,
                        categorie=categorie,
                        omschrijving=omschrijving,
                        adres=adres,
                        melder_soort=melder_soort,
                        contact=contact,
                        ontvangen_op=ontvangen_op,
                    ),
                )
            if attempt + 1 == REFERENCE_ATTEMPTS:
                raise
            # Otherwise the new reference was taken (one in about 10^12): draw another.
    raise AssertionError("unreachable")


def _differences(
    stored: Melding,
    *,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    contact: Contact | None,
    ontvangen_op: datetime | None,
) -> tuple[str, ...]:
    """The fields in which a retry differs from the report stored under its key: a retry
    sends the same report again, so a difference means a second report under a used key,
    which must not be dropped silently. Compared as stored (the address normalised); the
    time only when the retry gives one, the contact only while it is kept."""
    given: dict[str, object] = {
        "categorie": categorie,
        "omschrijving": omschrijving,
        "melder_soort": melder_soort,
        **vars(adres),
    }
    kept = _normalised(
        OpgegevenAdres(
            nummeraanduiding=stored.opgegeven_nummeraanduiding,
            postcode=stored.opgegeven_postcode,
            huisnummer=stored.opgegeven_huisnummer,
            huisletter=stored.opgegeven_huisletter,
            toevoeging=stored.opgegeven_toevoeging,
        )
    )
    have: dict[str, object] = {
        "categorie": stored.categorie,
        "omschrijving": stored.omschrijving,
        "melder_soort": stored.melder_soort,
        **vars(kept),
    }
    if ontvangen_op is not None:
        given["ontvangen_op"], have["ontvangen_op"] = ontvangen_op, stored.ontvangen_op
    stored_contact = MelderContact.objects.filter(melding=stored).first()
    if stored_contact is None or stored_contact.geanonimiseerd_op is None:
        theirs = contact or Contact()
        ours = stored_contact or MelderContact()
        for name in ("naam", "email", "telefoon"):
            given[name], have[name] = getattr(theirs, name).strip(), getattr(ours, name)
    return tuple(name for name, value in given.items() if have[name] != value)


def _new_melding(
    *,
    bron: str,
    bron_id: str,
    referentie: str,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    ontvangen_op: datetime,
    match: AdresMatch | None,
    router: Router,
    link_hash: str = "",
) -> tuple[Melding, Route]:
    """A report as every channel stores it, not yet saved: its reference, the address as given
    and as found, the team the routing rules choose and the deadlines of the service norms."""
    route = router.route(buurt_id=match.buurt_id if match else None, categorie=categorie, bron=bron)
    triage_voor, afgehandeld_voor = router.deadlines(categorie, timezone.localdate(ontvangen_op))
    melding = Melding(
        bron=bron,
        bron_id=bron_id or referentie,
        referentie=referentie,
        statuslink_hash=link_hash,
        ontvangen_op=ontvangen_op,
        adres_id=match.adres_id if match else None,
        verblijfsobject_id=match.verblijfsobject_id if match else None,
        buurt_id=match.buurt_id if match else None,
        opgegeven_nummeraanduiding=adres.nummeraanduiding[:40],
        opgegeven_postcode=adres.postcode[:10],
        opgegeven_huisnummer=adres.huisnummer[:10],
        opgegeven_huisletter=adres.huisletter[:5],
        opgegeven_toevoeging=adres.toevoeging[:10],
        categorie=categorie,
        omschrijving=omschrijving,
        melder_soort=melder_soort,
        team_id=route.team_id,
        behandelaar_id=route.behandelaar_id,
        triage_voor=triage_voor,
        afgehandeld_voor=afgehandeld_voor,
    )
    if route.team is not None:
        melding.team = route.team  # the Router read it with the rule: no query to show it
    return melding, route


def _received(melding: Melding, *, actor: User | None, via: str, route: Route) -> StatusWijziging:
    """The first step of every report's history, not yet saved."""
    return StatusWijziging(
        melding=melding,
        naar=Meldingstatus.ONTVANGEN,
        door=actor,
        reden=f"Geregistreerd via {via}; routering: {route.regel}"
        + ("" if melding.adres_id else "; adres niet gevonden, in de koppelwachtrij"),
        melder_tekst=workflow.FOR_REPORTER[Meldingstatus.ONTVANGEN],
    )


def _create(
    *,
    actor: User | None,
    bron: str,
    bron_id: str,
    categorie: str,
    omschrijving: str,
    adres: OpgegevenAdres,
    melder_soort: str,
    contact: Contact | None,
    bijlagen: Sequence[CheckedFile],
    ontvangen_op: datetime,
    router: Router,
) -> Registratie:
    found = address_first(_REGISTERED_ADDRESS, adres)
    secret = secrets.token_urlsafe(24) if actor is None or contact else None
    # Unique in the database; on the rare collision the caller draws again.
    referentie = _new_reference()
    melding, route = _new_melding(
        bron=bron,
        bron_id=bron_id,
        referentie=referentie,
        categorie=categorie,
        omschrijving=omschrijving,
        adres=adres,
        melder_soort=melder_soort,
        ontvangen_op=ontvangen_op,
        match=(
            AdresMatch(found.pk, found.verblijfsobject.pk, found.verblijfsobject.buurt_id)
            if found
            else None
        ),
        router=router,
        link_hash=statuslink_hash(secret) if secret else "",
    )
    if found is not None:
        # As read, with its buurt: showing the report needs no query for them.
        melding.adres, melding.verblijfsobject = found, found.verblijfsobject
    melding.save(force_insert=True)
    _received(melding, actor=actor, via=bron, route=route).save(force_insert=True)
    if found is not None and found.open_case:  # type: ignore[attr-defined]
        _link_to_open_cases([melding])
    dwelling_events_tell([melding], actor)
    melder_contact: MelderContact | None = None
    if contact:
        melder_contact = MelderContact.objects.create(
            melding=melding,
            naam=contact.naam.strip(),
            email=contact.email.strip(),
            telefoon=contact.telefoon.strip(),
        )
    for checked in bijlagen:
        bijlage = Bijlage(
            melding=melding,
            soort=checked.content_type,
            grootte=len(checked.content),
            oorspronkelijke_naam=checked.original_name,
        )
        bijlage.bestand.save(
            f"{referentie}{checked.extension}", ContentFile(checked.content), save=False
        )
        bijlage.save()
    processing_log_record(
        actor=actor,
        operation="Melding geregistreerd",
        activity=ACTIVITY,
        subjects=[DataSubject("melder", referentie)] if contact else [],
        object_ref=f"melding:{referentie}",
    )
    if melder_contact is not None and melder_contact.email:
        Melderbericht.objects.create(
            contact=melder_contact, tekst=workflow.FOR_REPORTER[Meldingstatus.ONTVANGEN]
        )
    return Registratie(melding, created=True, statuslink_secret=secret)


def dwelling_events_tell(meldingen: Sequence[Melding], actor: User | None) -> None:
    """Tell the dwelling-events hooks (the landlord monitor) of each report on an object."""
    for melding in meldingen:
        if melding.verblijfsobject_id is None:
            continue
        for hook in dwelling_events:
            hook(
                verblijfsobject_id=melding.verblijfsobject_id,
                soort="melding",
                datum=timezone.localdate(melding.ontvangen_op),
                bron=f"melding:{melding.pk}",
                casus_id=melding.casus_id,
                actor=actor,
            )


def _link_to_open_cases(meldingen: Sequence[Melding]) -> None:
    """A report on an object with an open case joins that case; its director hears of it."""
    meldingen_link_to_open_cases(meldingen=meldingen)


def meldingen_buurt_volgen() -> int:
    """Every report's buurt made its object's again, where a registry import moved the object
    to another buurt (CBS redraws them) or left it in none; a report without an object has
    none. Returns how many reports changed."""
    moved = buurt_volgen(Melding)
    return moved + Melding.objects.filter(verblijfsobject__isnull=True, buurt__isnull=False).update(
        buurt=None
    )
