"""Writes on enforcement procedures: start one (on a case, or on a report handled without a
case), take its steps in the order of its instrument version, check and send a step's
letter, record objections and appeals and the decisions on them, close it.

Each step takes its term and letter from the version the procedure started with, makes the
letter as a PDF (refused when the registry lacks the addressee's postal address), completes
the task the previous step set out and sets out one for the next step's role, adds a line
to the case timeline and writes the processing log, all in one transaction. A decision
(`Stapsoort.BESLUIT`) tells the landlord monitor (`core.registries.dwelling_events`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from goedwonen.casussen.models import (
    Casus,
    Gebeurtenissoort,
    Onderdeel,
    Partij,
    Partijrol,
    Taak,
    Taakstatus,
)
from goedwonen.casussen.selectors import inzage_of
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display, validators
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.core.registries import dwelling_events
from goedwonen.documenten.pdf import html_to_pdf
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Eigendom

from . import brieven
from .models import (
    Briefverzending,
    Instrumentversie,
    Rechtsmiddel,
    Rechtsmiddelbeslissing,
    Rechtsmiddelsoort,
    Stapsoort,
    Stapuitvoerder,
    Traject,
    Trajectstap,
    Trajectstatus,
    Uitspraak,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User
    from goedwonen.registry.models import Eigenaar

ACTIVITY = Verwerkingsactiviteitcode.HANDHAVING

# The procedure's state machine: from a status, where it may go, and why that edge exists.
TRANSITIONS: dict[str, dict[str, str]] = {
    Trajectstatus.LOPEND: {
        Trajectstatus.NAGELEEFD: "the re-inspection (or a later finding) shows compliance",
        Trajectstatus.AFGEROND: "the version's last step (collection) was taken",
        Trajectstatus.INGETROKKEN: "the body withdraws (objection upheld, wrong addressee)",
    },
    Trajectstatus.NAGELEEFD: {},
    Trajectstatus.AFGEROND: {},
    Trajectstatus.INGETROKKEN: {},
}

# Awb 6:7 and 6:8: six weeks, from the day after the decision was made known; the last day
# is the same weekday six weeks on.
BEZWAARTERMIJN = timedelta(weeks=6)
# Awb 7:10(1): the body decides within six weeks after the objection term ended (twelve with
# an advisory committee: the jurist records an extension as a note).
BESLISTERMIJN_BEZWAAR = timedelta(weeks=6)
# Steps that are decisions an objection can be lodged against.
APPEALABLE = (Stapsoort.BESLUIT, Stapsoort.VERBEURTE, Stapsoort.INVORDERING)
MAX_BEDRAG = Decimal("100000000")


def _log(actor: User, traject: Traject, operation: str, ref: str = "") -> None:
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=[DataSubject("eigenaar", traject.eigenaar.eigenaar_id)],
        object_ref=f"traject:{traject.pk}{ref}",
    )


def _require_handler(actor: User, traject: Traject) -> None:
    """A jurist of the organisation that handles the procedure (which for a case must
    still see the case's enforcement part)."""
    require(actor, Capability.ENFORCEMENT_WORK)
    if actor.organisatie_id is None or actor.organisatie_id != traject.organisatie_id:
        raise PermissionDenied("Alleen de organisatie die het traject behandelt, kan dit doen.")
    if traject.casus_id is not None:
        _require_enforcement_part(actor, traject.casus)


def _require_enforcement_part(actor: User, casus: Casus) -> None:
    try:
        inzage = inzage_of(actor=actor, casus=casus)
    except Casus.DoesNotExist:
        raise PermissionDenied("Deze casus is niet met uw organisatie gedeeld.") from None
    if not inzage.ziet(Onderdeel.HANDHAVING):
        raise PermissionDenied("De handhaving van deze casus is niet met uw organisatie gedeeld.")


def _timeline(traject: Traject, tekst: str, actor: User, taak: Taak | None = None) -> None:
    if traject.casus_id is not None:
        assert traject.casus is not None
        gebeurtenis_add(traject.casus, Gebeurtenissoort.HANDHAVING, tekst, actor, taak)


def _clean_text(value: str, field: str, limit: int, errors: dict[str, str]) -> str:
    value = value.strip()
    if message := validators.too_long(value, limit):
        errors[field] = message
    return value


# --- starting ---------------------------------------------------------------------------


def owner_parties(casus: Casus) -> list[Partij]:
    """The parties of a case an enforcement letter can go to: owners and landlords linked
    to the registry."""
    return list(
        casus.partijen.filter(
            eigenaar__isnull=False, rol__in=[Partijrol.EIGENAAR, Partijrol.VERHUURDER]
        ).select_related("eigenaar")
    )


def _start_checks(
    instrumentversie: Instrumentversie, eigenaar: Eigenaar | None, aanleiding: str
) -> tuple[str, dict[str, str]]:
    errors: dict[str, str] = {}
    aanleiding = _clean_text(aanleiding, "aanleiding", validators.MAX_DESCRIPTION, errors)
    if not aanleiding:
        errors["aanleiding"] = "Beschrijf de aanleiding: wat is vastgesteld, waar en wanneer."
    if not instrumentversie.stappen:
        errors["instrument"] = "Deze versie van het instrument heeft geen stappen."
    elif not instrumentversie.instrument.actief:
        errors["instrument"] = "Dit instrument wordt niet meer gebruikt."
    if eigenaar is None:
        errors["eigenaar"] = "Kies de eigenaar of verhuurder aan wie de brieven gaan."
    elif missing := brieven.postal_address_missing(eigenaar):
        errors["eigenaar"] = missing
    return aanleiding, errors


def _started(traject: Traject, actor: User, verblijfsobjecten: Sequence[int]) -> Traject:
    traject.verblijfsobjecten.set(verblijfsobjecten)
    versie = traject.instrumentversie
    _timeline(
        traject,
        f"Handhavingstraject '{versie.instrument.naam}' gestart (versie {versie.versie}), "
        f"gericht aan {traject.eigenaar}.",
        actor,
    )
    _log(actor, traject, "Handhavingstraject gestart")
    return traject


@transaction.atomic
def traject_start_on_case(
    *,
    actor: User,
    casus: Casus,
    instrumentversie: Instrumentversie,
    partij: Partij | None,
    aanleiding: str,
) -> Traject:
    """Start a procedure on a case, against an owner party of it, on the given version
    (the instrument's current one: the procedure keeps it)."""
    require(actor, Capability.ENFORCEMENT_WORK)
    _require_enforcement_part(actor, casus)
    if actor.organisatie_id is None:
        raise PermissionDenied("U hoort bij geen organisatie.")
    if not casus.is_open:
        raise ValidationError("De casus is gesloten: open haar eerst opnieuw.")
    eigenaar = partij.eigenaar if partij is not None and partij.casus_id == casus.pk else None
    aanleiding, errors = _start_checks(instrumentversie, eigenaar, aanleiding)
    if errors:
        raise ValidationError(errors)
    assert eigenaar is not None
    objecten = list(casus.objecten.values_list("verblijfsobject_id", flat=True))
    owned = list(
        Eigendom.objects.filter(
            eigenaar=eigenaar, beeindigd_op__isnull=True, verblijfsobject_id__in=objecten
        ).values_list("verblijfsobject_id", flat=True)
    )
    traject = Traject.objects.create(
        casus=casus,
        organisatie_id=actor.organisatie_id,
        instrumentversie=instrumentversie,
        eigenaar=eigenaar,
        aanleiding=aanleiding,
        gestart_door=actor,
    )
    # The case's dwellings this owner owns; all of them when the registry no longer says so.
    return _started(traject, actor, owned or objecten)


def report_may_have_procedure(melding: Melding, actor: User) -> bool:
    """A report handled by the actor's organisation on its own (forwarded to it, or in its
    hands), with a dwelling, and no case: enforcement can start from the report itself."""
    handler = melding.doorgezet_naar_id or getattr(melding.behandelaar, "organisatie_id", None)
    return (
        melding.casus_id is None
        and melding.verblijfsobject_id is not None
        and actor.organisatie_id is not None
        and handler == actor.organisatie_id
    )


def report_owners(melding: Melding) -> list[Eigenaar]:
    """The registry's current owners of the report's dwelling."""
    if melding.verblijfsobject_id is None:
        return []
    return [
        e.eigenaar
        for e in Eigendom.objects.filter(
            verblijfsobject_id=melding.verblijfsobject_id, beeindigd_op__isnull=True
        ).select_related("eigenaar")
    ]


@transaction.atomic
def traject_start_on_report(
    *,
    actor: User,
    melding: Melding,
    instrumentversie: Instrumentversie,
    eigenaar: Eigenaar | None,
    aanleiding: str,
) -> Traject:
    """Start a procedure on a report that the actor's organisation handles alone, without a
    case (monodisciplinary work), against an owner of the report's dwelling."""
    require(actor, Capability.ENFORCEMENT_WORK)
    if not report_may_have_procedure(melding, actor):
        raise PermissionDenied(
            "Een traject zonder casus kan alleen op een melding met een adres die uw "
            "organisatie zelf behandelt en die niet bij een casus hoort."
        )
    if eigenaar is not None and eigenaar.pk not in {e.pk for e in report_owners(melding)}:
        eigenaar = None
    aanleiding, errors = _start_checks(instrumentversie, eigenaar, aanleiding)
    if errors:
        raise ValidationError(errors)
    assert eigenaar is not None and melding.verblijfsobject_id is not None
    traject = Traject.objects.create(
        melding=melding,
        organisatie_id=actor.organisatie_id,
        instrumentversie=instrumentversie,
        eigenaar=eigenaar,
        aanleiding=aanleiding,
        gestart_door=actor,
    )
    return _started(traject, actor, [melding.verblijfsobject_id])


# --- steps ------------------------------------------------------------------------------


def version_step(traject: Traject, index: int) -> dict[str, Any] | None:
    """The version's step at `index`, or None past the last."""
    stappen: list[dict[str, Any]] = traject.instrumentversie.stappen
    return stappen[index] if 0 <= index < len(stappen) else None


def _addresses(traject: Traject) -> list[str]:
    """The addresses concerned, as the case or report names them (a dwelling can have
    several addresses); else the dwelling's main address."""
    from goedwonen.registry.models import Adres

    named: dict[int, str] = {}
    if traject.casus is not None:
        named = {
            o.verblijfsobject_id: str(o.adres)
            for o in traject.casus.objecten.select_related("adres")
            if o.adres is not None
        }
    elif traject.melding is not None and traject.melding.adres is not None:
        named = {traject.melding.adres.verblijfsobject_id: str(traject.melding.adres)}
    objecten = list(traject.verblijfsobjecten.all())
    main = {
        a.verblijfsobject_id: str(a)
        for a in Adres.objects.filter(verblijfsobject__in=objecten).order_by("hoofdadres", "-pk")
    }
    return [named.get(o.pk) or main.get(o.pk) or o.object_id for o in objecten]


@dataclass(frozen=True)
class _Letter:
    titel: str
    pdf: bytes
    gegevens: dict[str, Any]


def _letter(
    *,
    actor: User,
    traject: Traject,
    stap: dict[str, Any],
    datum: date,
    termijn_tot: date | None,
    bedrag: Decimal | None,
    uitkomst: str,
) -> _Letter | None:
    brief = stap.get("brief")
    if not brief:
        return None
    if missing := brieven.postal_address_missing(traject.eigenaar):
        raise ValidationError({"datum": missing})
    besluit = traject.stappen.filter(soort=Stapsoort.BESLUIT).order_by("index").last()
    hercontrole = traject.stappen.filter(soort=Stapsoort.HERCONTROLE).order_by("index").last()
    titel = brief.get("titel") or stap["naam"]
    gegevens = brieven.brief_snapshot(
        versie=traject.instrumentversie,
        stap=brieven.StapInfo(
            naam=stap["naam"],
            soort=stap["soort"],
            titel=titel,
            datum=datum,
            termijn_dagen=stap.get("termijn_dagen"),
            termijn_tot=termijn_tot,
            bedrag=bedrag,
            uitkomst=uitkomst,
        ),
        eigenaar=traject.eigenaar,
        adressen=_addresses(traject),
        kenmerk=traject.kenmerk,
        casus=traject.casus.referentie if traject.casus else "",
        melding=(traject.melding.referentie or "") if traject.melding else "",
        organisatie=traject.organisatie.naam,
        aanleiding=traject.aanleiding,
        besluit_datum=besluit.datum if besluit else None,
        hercontrole=(hercontrole.datum, hercontrole.uitkomst) if hercontrole else None,
        ondertekenaar=actor,
    )
    try:
        html = brieven.brief_html(brief.get("tekst", ""), gegevens)
    except brieven.LetterError as error:
        raise ValidationError({"datum": str(error)}) from error
    return _Letter(titel, html_to_pdf(html), gegevens)


@contextmanager
def _file_kept_only_with_its_rows(stap: Trajectstap) -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if stap.brief_pdf.name:
            stap.brief_pdf.storage.delete(stap.brief_pdf.name)
        raise


def _next_task(
    *, actor: User, traject: Traject, volgende: dict[str, Any], deadline: date
) -> Taak | None:
    """A task on the case for the next step, to its role in the handling organisation: the
    acting jurist for a jurist's step, else the organisation (its people in that role)."""
    if traject.casus is None:
        return None
    uitvoerder = volgende.get("uitvoerder", Stapuitvoerder.JURIST)
    rol = Stapuitvoerder(uitvoerder).label if uitvoerder in Stapuitvoerder.values else uitvoerder
    taak = Taak.objects.create(
        casus=traject.casus,
        titel=f"{volgende['naam']} ({rol.lower()}): {traject.instrumentversie.instrument.naam}"[
            : validators.MAX_TITLE
        ],
        omschrijving=f"Volgende stap in handhavingstraject {traject.kenmerk}, voor de {rol.lower()}.",
        organisatie=traject.organisatie,
        toegewezen_aan=actor if uitvoerder == Stapuitvoerder.JURIST else None,
        deadline=deadline,
    )
    gebeurtenis_add(
        traject.casus,
        Gebeurtenissoort.TAAK,
        f"Taak '{taak.titel}' voor {traject.organisatie.naam}, uiterlijk {display.datum(deadline)}.",
        actor,
        taak,
    )
    return taak


def _complete_task(actor: User, taak: Taak | None, uitkomst: str) -> None:
    if taak is None or taak.status != Taakstatus.OPEN:
        return
    taak.status = Taakstatus.AFGEROND
    taak.uitkomst = uitkomst
    taak.afgerond_door = actor
    taak.afgerond_op = timezone.now()
    taak.save(update_fields=["status", "uitkomst", "afgerond_door", "afgerond_op"])
    if taak.casus_id is not None:
        gebeurtenis_add(
            taak.casus, Gebeurtenissoort.TAAK, f"Taak '{taak.titel}' afgerond: {uitkomst}", actor, taak
        )


def _set_status(traject: Traject, naar: str, datum: date, reden: str) -> None:
    if naar not in TRANSITIONS[traject.status]:
        raise ValidationError(
            f"Een traject met status '{traject.get_status_display()}' kan niet naar "
            f"'{Trajectstatus(naar).label}'."
        )
    traject.status = naar
    traject.afgesloten_op = datum
    traject.afsluitreden = reden
    traject.save(update_fields=["status", "afgesloten_op", "afsluitreden"])


def stap_record(
    *,
    actor: User,
    traject: Traject,
    datum: date,
    uitkomst: str = "",
    bedrag: Decimal | None = None,
    nageleefd: bool | None = None,
) -> Trajectstap:
    """Take the procedure's next step (in the order of its version) on `datum`.

    Its deadline is `datum` plus the version's term; its letter, when the version has one
    for it, is made as a PDF (a draft until a jurist sends it, `brief_send`). A re-inspection
    says whether the order was complied with (`nageleefd`): complied closes the procedure.
    """
    traject = (
        Traject.objects.select_related(
            "casus", "melding", "organisatie", "eigenaar", "instrumentversie__instrument"
        )
        .prefetch_related("verblijfsobjecten")
        .get(pk=traject.pk)
    )
    _require_handler(actor, traject)
    if not traject.is_lopend:
        raise ValidationError(f"Dit traject is {traject.get_status_display().lower()}.")
    vorige = traject.stappen.order_by("index").last()
    index = vorige.index + 1 if vorige else 0
    stap = version_step(traject, index)
    if stap is None:
        raise ValidationError("Alle stappen van dit traject zijn gezet.")
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if datum > today:
        errors["datum"] = "De datum ligt in de toekomst: leg een stap vast als die is gezet."
    elif vorige is not None and datum < vorige.datum:
        errors["datum"] = (
            f"De datum ligt voor die van de vorige stap ({display.datum(vorige.datum)})."
        )
    uitkomst = _clean_text(uitkomst, "uitkomst", validators.MAX_DESCRIPTION, errors)
    soort = stap["soort"]
    if soort in (Stapsoort.ZIENSWIJZE, Stapsoort.HERCONTROLE) and not uitkomst:
        errors["uitkomst"] = (
            "Beschrijf de zienswijze (of dat er geen is ingediend)."
            if soort == Stapsoort.ZIENSWIJZE
            else "Beschrijf wat bij de hercontrole is vastgesteld."
        )
    if soort == Stapsoort.HERCONTROLE and nageleefd is None:
        errors["nageleefd"] = "Geef aan of de last is nageleefd."
    if soort != Stapsoort.HERCONTROLE:
        nageleefd = None
    if bedrag is not None and not (Decimal(0) <= bedrag < MAX_BEDRAG):
        errors["bedrag"] = "Geef een bedrag van 0 euro of meer."
    if soort == Stapsoort.VERBEURTE and bedrag is None:
        errors["bedrag"] = "Geef het verbeurde bedrag."
    if errors:
        raise ValidationError(errors)
    termijn = stap.get("termijn_dagen")
    termijn_tot = datum + timedelta(days=termijn) if termijn is not None else None
    # Laid out before the transaction opens: nobody should wait on WeasyPrint for a lock.
    letter = _letter(
        actor=actor,
        traject=traject,
        stap=stap,
        datum=datum,
        termijn_tot=termijn_tot,
        bedrag=bedrag,
        uitkomst=uitkomst,
    )
    record = Trajectstap(
        traject=traject,
        index=index,
        soort=soort,
        naam=stap["naam"],
        uitvoerder=stap.get("uitvoerder", Stapuitvoerder.JURIST),
        datum=datum,
        termijn_tot=termijn_tot,
        uitkomst=uitkomst,
        nageleefd=nageleefd,
        bedrag=bedrag,
        door=actor,
    )
    if letter is not None:
        digest = hashlib.sha256(letter.pdf).hexdigest()
        record.brief_titel = letter.titel[:200]
        record.brief_sha256 = digest
        record.brief_gegevens = letter.gegevens
        record.brief_pdf.save(
            f"traject-{traject.pk}-stap-{index}-{digest[:12]}.pdf",
            ContentFile(letter.pdf),
            save=False,
        )
    with _file_kept_only_with_its_rows(record):
        # One step at a time: a second jurist taking the same step waits, then is refused.
        Traject.objects.select_for_update().filter(pk=traject.pk).first()
        if traject.stappen.filter(index=index).exists():
            raise ValidationError("Deze stap is zojuist door een ander vastgelegd.")
        _complete_task(actor, vorige.taak if vorige else None, f"{stap['naam']} vastgelegd.")
        closes = nageleefd is True or version_step(traject, index + 1) is None
        volgende = None if closes else version_step(traject, index + 1)
        if volgende is not None:
            record.taak = _next_task(
                actor=actor, traject=traject, volgende=volgende, deadline=termijn_tot or datum
            )
        record.save(force_insert=True)
        tekst = f"Handhaving {traject.instrumentversie.instrument.naam}: {stap['naam']} op {display.datum(datum)}"
        if termijn_tot:
            tekst += f", termijn tot en met {display.datum(termijn_tot)}"
        if bedrag is not None:
            tekst += f", bedrag {display.euro(bedrag)}"
        if nageleefd is not None:
            tekst += ", nageleefd" if nageleefd else ", niet nageleefd"
        if letter is not None:
            tekst += f". Brief '{letter.titel}' opgesteld (concept, te controleren)"
        _timeline(traject, tekst + ".", actor)
        if nageleefd is True:
            _set_status(traject, Trajectstatus.NAGELEEFD, datum, uitkomst)
        elif volgende is None:
            _set_status(traject, Trajectstatus.AFGEROND, datum, f"{stap['naam']} gezet.")
        _log(actor, traject, f"Stap '{stap['naam']}' vastgelegd", f"/stap:{index}")
        if soort == Stapsoort.BESLUIT:
            for verblijfsobject_id in traject.verblijfsobjecten.values_list("pk", flat=True):
                for hook in dwelling_events:
                    hook(
                        verblijfsobject_id=verblijfsobject_id,
                        soort="handhaving",
                        datum=datum,
                        bron=f"traject:{traject.pk}",
                        casus_id=traject.casus_id,
                        actor=actor,
                    )
    return record


@transaction.atomic
def brief_send(*, actor: User, stap: Trajectstap) -> Briefverzending:
    """A jurist checked the step's draft letter: it is sent."""
    stap = Trajectstap.objects.select_related("traject__eigenaar", "traject__casus").get(
        pk=stap.pk
    )
    traject = stap.traject
    _require_handler(actor, traject)
    if not stap.heeft_brief:
        raise ValidationError("Bij deze stap hoort geen brief.")
    if Briefverzending.objects.filter(stap=stap).exists():
        raise ValidationError("Deze brief is al verzonden.")
    verzending = Briefverzending.objects.create(stap=stap, door=actor)
    _timeline(traject, f"Brief '{stap.brief_titel}' gecontroleerd en verzonden.", actor)
    _log(actor, traject, "Brief verzonden", f"/stap:{stap.index}")
    return verzending


# --- objection and appeal ---------------------------------------------------------------


@transaction.atomic
def rechtsmiddel_record(
    *,
    actor: User,
    traject: Traject,
    stap: Trajectstap | None,
    soort: str,
    ingediend_op: date,
    toelichting: str = "",
) -> Rechtsmiddel:
    """Record an objection against a decision step, or an appeal (after the decision on an
    objection, or directly), with the terms that follow from the Awb."""
    traject = Traject.objects.select_related("eigenaar", "casus").get(pk=traject.pk)
    _require_handler(actor, traject)
    errors: dict[str, str] = {}
    toelichting = _clean_text(toelichting, "toelichting", validators.MAX_DESCRIPTION, errors)
    if soort not in Rechtsmiddelsoort.values:
        errors["soort"] = "Kies bezwaar of beroep."
    if stap is None or stap.traject_id != traject.pk or stap.soort not in APPEALABLE:
        errors["stap"] = "Kies het besluit van dit traject waartegen het is ingesteld."
    if ingediend_op > timezone.localdate():
        errors["ingediend_op"] = "De datum van indienen ligt in de toekomst."
    elif stap is not None and ingediend_op < stap.datum:
        errors["ingediend_op"] = "De datum van indienen ligt voor de datum van het besluit."
    if errors:
        raise ValidationError(errors)
    assert stap is not None
    beslissen_tot: date | None = None
    if soort == Rechtsmiddelsoort.BEZWAAR:
        indienen_tot = stap.datum + BEZWAARTERMIJN
        beslissen_tot = max(indienen_tot, ingediend_op) + BESLISTERMIJN_BEZWAAR
    else:
        # Appeal: six weeks from the decision on the objection against this step, if any.
        beslist = (
            Rechtsmiddelbeslissing.objects.filter(
                rechtsmiddel__stap=stap, rechtsmiddel__soort=Rechtsmiddelsoort.BEZWAAR
            )
            .order_by("datum")
            .last()
        )
        indienen_tot = (beslist.datum if beslist else stap.datum) + BEZWAARTERMIJN
    rechtsmiddel = Rechtsmiddel.objects.create(
        traject=traject,
        stap=stap,
        soort=soort,
        ingediend_op=ingediend_op,
        indienen_tot=indienen_tot,
        beslissen_tot=beslissen_tot,
        toelichting=toelichting,
        door=actor,
    )
    label = Rechtsmiddelsoort(soort).label
    tekst = (
        f"{label} ingesteld op {display.datum(ingediend_op)} tegen '{stap.naam}' "
        f"({'tijdig' if rechtsmiddel.tijdig else 'te laat'}: termijn tot en met "
        f"{display.datum(indienen_tot)})"
    )
    if beslissen_tot:
        tekst += f"; beslissen uiterlijk {display.datum(beslissen_tot)}"
    _timeline(traject, tekst + ".", actor)
    _log(actor, traject, f"{label} vastgelegd", f"/rechtsmiddel:{rechtsmiddel.pk}")
    return rechtsmiddel


@transaction.atomic
def rechtsmiddel_decide(
    *, actor: User, rechtsmiddel: Rechtsmiddel, datum: date, uitspraak: str, toelichting: str = ""
) -> Rechtsmiddelbeslissing:
    rechtsmiddel = Rechtsmiddel.objects.select_related("traject__eigenaar", "traject__casus").get(
        pk=rechtsmiddel.pk
    )
    traject = rechtsmiddel.traject
    _require_handler(actor, traject)
    errors: dict[str, str] = {}
    toelichting = _clean_text(toelichting, "toelichting", validators.MAX_DESCRIPTION, errors)
    if uitspraak not in Uitspraak.values:
        errors["uitspraak"] = "Kies de uitkomst."
    if datum > timezone.localdate():
        errors["datum"] = "De datum ligt in de toekomst."
    elif datum < rechtsmiddel.ingediend_op:
        errors["datum"] = "De datum ligt voor de datum van indienen."
    if Rechtsmiddelbeslissing.objects.filter(rechtsmiddel=rechtsmiddel).exists():
        errors["uitspraak"] = "Hierop is al beslist."
    if errors:
        raise ValidationError(errors)
    beslissing = Rechtsmiddelbeslissing.objects.create(
        rechtsmiddel=rechtsmiddel,
        datum=datum,
        uitspraak=uitspraak,
        toelichting=toelichting,
        door=actor,
    )
    _timeline(
        traject,
        f"{rechtsmiddel.get_soort_display()} van {display.datum(rechtsmiddel.ingediend_op)}: "
        f"{beslissing.get_uitspraak_display().lower()} ({display.datum(datum)}).",
        actor,
    )
    _log(actor, traject, "Beslissing op rechtsmiddel vastgelegd", f"/rechtsmiddel:{rechtsmiddel.pk}")
    return beslissing


# --- closing ----------------------------------------------------------------------------


@transaction.atomic
def traject_close(*, actor: User, traject: Traject, status: str, reden: str) -> Traject:
    """Close a running procedure: complied (nageleefd) or withdrawn (ingetrokken)."""
    traject = Traject.objects.select_for_update().select_related("eigenaar", "casus").get(
        pk=traject.pk
    )
    _require_handler(actor, traject)
    errors: dict[str, str] = {}
    reden = _clean_text(reden, "reden", validators.MAX_REASON, errors)
    if not reden:
        errors["reden"] = "Geef de reden van het afsluiten."
    if status not in (Trajectstatus.NAGELEEFD, Trajectstatus.INGETROKKEN):
        errors["status"] = "Kies nageleefd of ingetrokken."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    _set_status(traject, status, today, reden)
    for stap in traject.stappen.exclude(taak=None).select_related("taak"):
        _complete_task(actor, stap.taak, "Traject afgesloten.")
    _timeline(traject, f"Handhavingstraject afgesloten ({traject.get_status_display()}): {reden}", actor)
    _log(actor, traject, "Handhavingstraject afgesloten")
    return traject


# --- destruction ------------------------------------------------------------------------


@transaction.atomic
def trajecten_destroy(*, casus: Casus) -> int:
    """Remove a case's procedures, with their steps, letters and appeals, when the case is
    destroyed after its retention term (registered in `case_destroyers`). Past the
    append-only guard, as destruction is the one way these rows go."""
    trajecten = Traject.objects.filter(casus=casus)
    stappen: QuerySet[Trajectstap] = QuerySet(Trajectstap).filter(traject__in=trajecten)
    names = [n for n in stappen.values_list("brief_pdf", flat=True) if n]
    QuerySet(Rechtsmiddelbeslissing).filter(rechtsmiddel__traject__in=trajecten).delete()
    QuerySet(Rechtsmiddel).filter(traject__in=trajecten).delete()
    QuerySet(Briefverzending).filter(stap__in=stappen).delete()
    stappen.delete()
    count = trajecten.count()
    trajecten.delete()
    storage = Trajectstap._meta.get_field("brief_pdf").storage

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return count
