"""Taking a procedure's steps in the order of its version: deadline, letter (PDF), tasks,
timeline, and the decision's call to the landlord monitor; and sending a checked letter."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from goedwonen.casussen.models import (
    Gebeurtenissoort,
    Taak,
)
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display, validators
from goedwonen.core.registries import dwelling_events
from goedwonen.documenten.pdf import html_to_pdf

from .. import boete as boetes
from .. import brieven
from ..models import (
    Briefverzending,
    Stapsoort,
    Stapuitvoerder,
    Traject,
    Trajectstap,
    Trajectstatus,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

from .common import (
    _clean_text,
    _complete_task,
    _log,
    _require_handler,
    _set_status,
    _timeline,
    next_step_index,
    version_step,
)

MAX_BEDRAG = Decimal("100000000")
# The catalogue's registration code of a bestuurlijke boete: its decision sets the fine
# through the fine policy (`handhaving.boete`).
BOETE = "bestuurlijke_boete"
# Where the fine policy's errors go on the step form.
_BOETE_FIELDS = {"categorie": "boete_categorie", "beslisdatum": "datum"}


def is_boetebesluit(traject: Traject, stap: dict[str, Any] | None) -> bool:
    """Whether `stap` is the decision step of a procedure for a bestuurlijke boete."""
    return (
        stap is not None
        and stap["soort"] == Stapsoort.BESLUIT
        and traject.instrumentversie.instrument.registratiecode == BOETE
    )


def _boete_keuze(
    *,
    actor: User,
    traject: Traject,
    datum: date,
    categorie: str,
    bedrijfsmatig: bool | None,
    bedrag: Decimal | None,
    afwijking_reden: str,
    errors: dict[str, str],
) -> boetes.Boetekeuze | None:
    """The fine checked through the policy, before any letter is made; its faults go into
    `errors` under the step form's fields."""
    if not categorie:
        errors["boete_categorie"] = "Kies de overtreding waarvoor de boete wordt opgelegd."
    if bedrijfsmatig is None:
        errors["bedrijfsmatig"] = "Geef aan of er bedrijfsmatig is verhuurd."
    if errors.keys() & {"datum", "boete_categorie", "bedrijfsmatig"}:
        return None
    try:
        return boetes.boete_keuze(
            actor=actor,
            eigenaar=traject.eigenaar,
            categorie=categorie,
            beslisdatum=datum,
            bedrijfsmatig=bool(bedrijfsmatig),
            bedrag=bedrag,
            afwijking_reden=afwijking_reden,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors[_BOETE_FIELDS.get(field, field)] = " ".join(messages)
        return None


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
    bedrag_maximum: Decimal | None,
    uitkomst: str,
) -> _Letter | None:
    brief = stap.get("brief")
    if not brief:
        return None
    if missing := brieven.postal_address_missing(traject.eigenaar):
        raise ValidationError(missing)
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
            bedrag=bedrag if bedrag is not None else _earlier(traject, "bedrag"),
            bedrag_maximum=bedrag_maximum
            if bedrag_maximum is not None
            else _earlier(traject, "bedrag_maximum"),
            uitkomst=uitkomst,
        ),
        eigenaar=traject.eigenaar,
        adressen=_addresses(traject),
        kenmerk=traject.kenmerk,
        casus=traject.casus.referentie if traject.casus else "",
        melding=(traject.melding.referentie or "") if traject.melding else "",
        organisatie=traject.organisatie.naam,
        aanleiding=traject.aanleiding,
        last=traject.last,
        besluit_datum=besluit.datum if besluit else None,
        hercontrole=(hercontrole.datum, hercontrole.uitkomst) if hercontrole else None,
        ondertekenaar=actor,
    )
    try:
        html = brieven.brief_html(brief.get("tekst", ""), gegevens)
    except brieven.LetterError as error:
        raise ValidationError(str(error)) from error
    return _Letter(titel, html_to_pdf(html), gegevens)


def _earlier(traject: Traject, field: str) -> Decimal | None:
    """The amount the latest earlier step set (the decision's penalty for the letters on
    forfeiture and collection, the intended one for the decision)."""
    stap = traject.stappen.exclude(**{f"{field}__isnull": True}).order_by("index").last()
    return getattr(stap, field) if stap is not None else None


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
        omschrijving=(
            f"Volgende stap in handhavingstraject {traject.kenmerk}, voor de {rol.lower()}."
        ),
        organisatie=traject.organisatie,
        toegewezen_aan=actor if uitvoerder == Stapuitvoerder.JURIST else None,
        deadline=deadline,
    )
    gebeurtenis_add(
        traject.casus,
        Gebeurtenissoort.TAAK,
        f"Taak '{taak.titel}' voor {traject.organisatie.naam}, "
        f"uiterlijk {display.datum(deadline)}.",
        actor,
        taak,
    )
    return taak


def stap_record(
    *,
    actor: User,
    traject: Traject,
    datum: date,
    uitkomst: str = "",
    bedrag: Decimal | None = None,
    bedrag_maximum: Decimal | None = None,
    nageleefd: bool | None = None,
    boete_categorie: str = "",
    bedrijfsmatig: bool | None = None,
    afwijking_reden: str = "",
) -> Trajectstap:
    """Take the procedure's next step (in the order of its version, `next_step_index`) on
    `datum`.

    Its deadline is `datum` plus the version's term; its letter, when the version has one
    for it, is made as a PDF (a draft until a jurist sends it, `brief_send`). A re-inspection
    says whether the order was complied with (`nageleefd`): complied leads to the closing
    step (afsluiting), or closes the procedure when the version has none. A procedure with
    no step left after this one is done (afgerond); one whose closing step was taken, closed
    as complied with (nageleefd).
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
    index = next_step_index(traject, vorige)
    stap = version_step(traject, index)
    if stap is None or index is None:
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
    for field, amount in (("bedrag", bedrag), ("bedrag_maximum", bedrag_maximum)):
        if amount is not None and not (Decimal(0) <= amount < MAX_BEDRAG):
            errors[field] = "Geef een bedrag van 0 euro of meer."
    if bedrag is not None and bedrag_maximum is not None and bedrag_maximum < bedrag:
        errors["bedrag_maximum"] = "Het maximum is lager dan het bedrag."
    if soort == Stapsoort.VERBEURTE and bedrag is None:
        errors["bedrag"] = "Geef het verbeurde bedrag."
    keuze = None
    if is_boetebesluit(traject, stap):
        if bedrag_maximum is not None:
            errors["bedrag_maximum"] = (
                "Bij een boete geldt het wettelijk maximum uit het boetebeleid: laat dit veld leeg."
            )
        keuze = _boete_keuze(
            actor=actor,
            traject=traject,
            datum=datum,
            categorie=boete_categorie,
            bedrijfsmatig=bedrijfsmatig,
            bedrag=bedrag,
            afwijking_reden=afwijking_reden,
            errors=errors,
        )
        if keuze is not None:
            bedrag = keuze.bedrag
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
        bedrag_maximum=bedrag_maximum,
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
        bedrag_maximum=bedrag_maximum,
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
        volgende = version_step(traject, next_step_index(traject, record))
        if volgende is not None:
            record.taak = _next_task(
                actor=actor, traject=traject, volgende=volgende, deadline=termijn_tot or datum
            )
        record.save(force_insert=True)
        if keuze is not None:
            boetes.boete_vastleggen(
                actor=actor, keuze=keuze, kenmerk=traject.kenmerk, traject=traject
            )
        instrument = traject.instrumentversie.instrument.naam
        tekst = f"Handhaving {instrument}: {stap['naam']} op {display.datum(datum)}"
        if termijn_tot:
            tekst += f", termijn tot en met {display.datum(termijn_tot)}"
        if bedrag is not None:
            tekst += f", bedrag {display.euro(bedrag)}"
        if bedrag_maximum is not None:
            tekst += f" (ten hoogste {display.euro(bedrag_maximum)})"
        if nageleefd is not None:
            tekst += ", nageleefd" if nageleefd else ", niet nageleefd"
        if keuze is not None:
            tekst += (
                f", afgeweken van het voorstel van het boetebeleid "
                f"({display.euro(keuze.voorstel.bedrag)}), reden: {keuze.afwijking_reden}"
                if keuze.afgeweken
                else f", zoals voorgesteld door {keuze.voorstel.beleid}"
            )
        if letter is not None:
            tekst += f". Brief '{letter.titel}' opgesteld (concept, te controleren)"
        _timeline(traject, tekst + ".", actor)
        if soort == Stapsoort.AFSLUITING or (nageleefd is True and volgende is None):
            reden = uitkomst or (vorige.uitkomst if vorige else "") or stap["naam"]
            _set_status(traject, Trajectstatus.NAGELEEFD, datum, reden)
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
    stap = Trajectstap.objects.select_related("traject__eigenaar", "traject__casus").get(pk=stap.pk)
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
