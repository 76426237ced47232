"""Writes on reports: registration (every channel), transitions, triage, anonymisation.

Every channel registers through `melding_register`: the public reporting point, staff
registration, the API for partner and cluster systems. Each write appends to the status
history and the processing log in the same transaction; e-mail goes after commit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.registry.models import Adres

from . import workflow
from .attachments import CheckedFile
from .models import (
    Bijlage,
    MelderContact,
    MelderSoort,
    Melding,
    Meldingstatus,
    Routeringsregel,
    Servicenorm,
    StatusWijziging,
    Triage,
)
from .routing import Router

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User

ACTIVITY = "meldingen-behandeling"
PUBLIC_SOURCE = "meldpunt"
CONTACT_RETENTION = timedelta(days=4 * 365)  # Besluit goed verhuurderschap: 4 years
MAX_DESCRIPTION = 5000
REFERENCE_ATTEMPTS = 3
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


@dataclass(frozen=True)
class OpgegevenAdres:
    nummeraanduiding: str = ""
    postcode: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    toevoeging: str = ""


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


def _new_reference() -> str:
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"GW-{body[:4]}-{body[4:]}"


def statuslink_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find_address(given: OpgegevenAdres) -> Adres | None:
    # With the buurt: routing needs its id, and whoever shows the report its code; not its
    # outline, which is large.
    addresses = Adres.objects.select_related("verblijfsobject__buurt").defer(
        "verblijfsobject__buurt__geometrie"
    )
    if given.nummeraanduiding:
        return addresses.filter(nummeraanduiding=given.nummeraanduiding.strip()).first()
    postcode = given.postcode.replace(" ", "").upper()
    if not (postcode and given.huisnummer.strip().isdigit()):
        return None
    return addresses.filter(
        postcode=postcode,
        huisnummer=int(given.huisnummer),
        huisletter__iexact=given.huisletter.strip(),
        toevoeging__iexact=given.toevoeging.strip(),
    ).first()


def _validate(
    *, bron: str, categorie: str, omschrijving: str, melder_soort: str, contact: Contact | None
) -> None:
    errors: dict[str, str] = {}
    if not bron.strip():
        errors["bron"] = "Geef de bron van de melding."
    if categorie not in Categorie.values:
        errors["categorie"] = f"Onbekende categorie '{categorie}'."
    if not omschrijving.strip():
        errors["omschrijving"] = "Beschrijf wat er aan de hand is."
    elif len(omschrijving) > MAX_DESCRIPTION:
        errors["omschrijving"] = f"Gebruik ten hoogste {MAX_DESCRIPTION} tekens."
    if melder_soort not in MelderSoort.values:
        errors["melder_soort"] = f"Onbekende soort melder '{melder_soort}'."
    if contact and contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            errors["email"] = "Vul een geldig e-mailadres in, of laat het leeg."
    if errors:
        raise ValidationError(errors)


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
    _validate(
        bron=bron,
        categorie=categorie,
        omschrijving=omschrijving,
        melder_soort=melder_soort,
        contact=contact,
    )
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
                return Registratie(existing, created=False)
            if attempt + 1 == REFERENCE_ATTEMPTS:
                raise
            # Otherwise the new reference was taken (one in about 10^12): draw another.
    raise AssertionError("unreachable")


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
    found = find_address(adres)
    vbo = found.verblijfsobject if found else None
    route = router.route(buurt_id=vbo.buurt_id if vbo else None, categorie=categorie, bron=bron)
    triage_voor, afgehandeld_voor = router.deadlines(categorie, timezone.localdate(ontvangen_op))
    secret = secrets.token_urlsafe(24) if actor is None or contact else None
    # Unique in the database; on the rare collision the caller draws again.
    referentie = _new_reference()
    melding = Melding.objects.create(
        bron=bron,
        bron_id=bron_id or referentie,
        referentie=referentie,
        statuslink_hash=statuslink_hash(secret) if secret else "",
        ontvangen_op=ontvangen_op,
        adres=found,
        verblijfsobject=vbo,
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
    StatusWijziging.objects.create(
        melding=melding,
        naar=Meldingstatus.ONTVANGEN,
        door=actor,
        reden=f"Geregistreerd via {bron}; routering: {route.regel}"
        + ("" if found else "; adres niet gevonden, in de koppelwachtrij"),
        melder_tekst=workflow.FOR_REPORTER[Meldingstatus.ONTVANGEN],
    )
    if contact:
        MelderContact.objects.create(
            melding=melding,
            naam=contact.naam[:200],
            email=contact.email,
            telefoon=contact.telefoon[:30],
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
    if contact and contact.email:
        email = contact.email
        transaction.on_commit(
            lambda: _mail(email, referentie, workflow.FOR_REPORTER[Meldingstatus.ONTVANGEN])
        )
    return Registratie(melding, created=True, statuslink_secret=secret)


def _mail(to: str, referentie: str, text: str) -> None:
    send_mail(
        subject=f"Uw melding {referentie}",
        message=(
            f"{text}\n\nKenmerk: {referentie}\n"
            "De status volgt u via de link die u bij het melden kreeg."
        ),
        from_email=None,
        recipient_list=[to],
        fail_silently=True,
    )


@transaction.atomic
def melding_transition(*, actor: User, melding: Melding, naar: str, reden: str) -> Melding:
    """Move a report to another state, if the workflow allows it, with a reason."""
    require(actor, Capability.REPORTS_TRIAGE)
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    return _transition(actor=actor, melding=melding, naar=naar, reden=reden)


def _transition(*, actor: User, melding: Melding, naar: str, reden: str) -> Melding:
    if not reden.strip():
        raise ValidationError({"reden": "Geef een reden."})
    if not workflow.allowed(melding.status, naar):
        raise ValidationError(
            f"Van '{Meldingstatus(melding.status).label}' kan een melding niet naar "
            f"'{Meldingstatus(naar).label}'."
        )
    StatusWijziging.objects.create(
        melding=melding,
        van=melding.status,
        naar=naar,
        reden=reden,
        door=actor,
        melder_tekst=workflow.FOR_REPORTER[naar],
    )
    melding.status = naar
    melding.save(update_fields=["status"])
    processing_log_record(
        actor=actor,
        operation=f"Melding naar {Meldingstatus(naar).label.lower()}",
        activity=ACTIVITY,
        object_ref=f"melding:{melding.referentie or melding.pk}",
    )
    contact = MelderContact.objects.filter(melding=melding, geanonimiseerd_op__isnull=True).first()
    if contact and contact.email:
        email, text, ref = contact.email, workflow.FOR_REPORTER[naar], melding.referentie or ""
        transaction.on_commit(lambda: _mail(email, ref, text))
    return melding


@transaction.atomic
def melding_triage(
    *,
    actor: User,
    melding: Melding,
    uitkomst: str,
    reden: str,
    organisatie: Organisatie | None = None,
    behandelaar: User | None = None,
    casusregisseur: User | None = None,
) -> Melding:
    """Mono: hand to one cluster (and optionally its handler). Multi: hand to a case director,
    who directs the multidisciplinary case. Always with a reason."""
    require(actor, Capability.REPORTS_TRIAGE)
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    errors: dict[str, str] = {}
    if uitkomst == Triage.MONODISCIPLINAIR and organisatie is None:
        errors["organisatie"] = "Kies de organisatie die de melding behandelt."
    if uitkomst == Triage.MULTIDISCIPLINAIR and casusregisseur is None:
        errors["casusregisseur"] = "Kies de casusregisseur."
    if uitkomst not in Triage.values:
        errors["uitkomst"] = "Kies monodisciplinair of multidisciplinair."
    if not reden.strip():
        errors["reden"] = "Geef een reden voor de triage."
    if errors:
        raise ValidationError(errors)
    if melding.status in (Meldingstatus.ONTVANGEN, Meldingstatus.HEROPEND):
        _transition(
            actor=actor, melding=melding, naar=Meldingstatus.IN_TRIAGE, reden="Triage gestart"
        )
    naar = (
        Meldingstatus.DOORGEZET if uitkomst == Triage.MONODISCIPLINAIR else Meldingstatus.CASUSREGIE
    )
    melding.triage = uitkomst
    melding.doorgezet_naar = organisatie if uitkomst == Triage.MONODISCIPLINAIR else None
    melding.behandelaar = (
        behandelaar if uitkomst == Triage.MONODISCIPLINAIR else melding.behandelaar
    )
    melding.casusregisseur = casusregisseur if uitkomst == Triage.MULTIDISCIPLINAIR else None
    melding.save(update_fields=["triage", "doorgezet_naar", "behandelaar", "casusregisseur"])
    return _transition(actor=actor, melding=melding, naar=naar, reden=reden)


@transaction.atomic
def reporter_contacts_anonymise(*, now: datetime | None = None) -> int:
    """Blank the reporter's contact details once the retention term has passed (a task)."""
    cutoff = (now or timezone.now()) - CONTACT_RETENTION
    due = list(
        MelderContact.objects.filter(
            geanonimiseerd_op__isnull=True, melding__ontvangen_op__lt=cutoff
        ).select_related("melding")
    )
    for contact in due:
        contact.naam = contact.email = contact.telefoon = ""
        contact.geanonimiseerd_op = timezone.now()
        contact.save(update_fields=["naam", "email", "telefoon", "geanonimiseerd_op"])
    if due:
        processing_log_record(
            actor=None,
            operation="Contactgegevens melders geanonimiseerd",
            activity=ACTIVITY,
            subjects=[
                DataSubject("melder", c.melding.referentie or str(c.melding_id)) for c in due
            ],
        )
    return len(due)


@transaction.atomic
def routeringsregel_save(*, actor: User, regel: Routeringsregel) -> Routeringsregel:
    """Add or change a routing rule. Rules are data; the order decides (first match wins)."""
    require(actor, Capability.ROUTING_MANAGE)
    regel.full_clean()
    regel.save()
    _routing_changed()
    return regel


@transaction.atomic
def servicenorm_save(*, actor: User, norm: Servicenorm) -> Servicenorm:
    require(actor, Capability.ROUTING_MANAGE)
    norm.full_clean()
    norm.save()
    _routing_changed()
    return norm


def _routing_changed() -> None:
    # Now, and again once committed: a request in between may rebuild the shared Router from
    # the rows as they were before the commit.
    Router.forget_shared()
    transaction.on_commit(Router.forget_shared)
