"""Bringing items in for a meeting's agenda and the chair's decision on them (issue 15,
point 3). Any member organisation's person brings in a case it sees or a new signal, with a
question every member may read, before the cut-off; the chair accepts, postpones (to the next
planned meeting) or refuses with a reason, and the one who brought it in is told."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus
from goedwonen.casussen.selectors import visible_cases
from goedwonen.core import display
from goedwonen.core.policy import Capability, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.services import notificatie_send
from goedwonen.registry.models import Verblijfsobject

from ..models import Agendapunt, Agendapuntstatus, Tafelvergadering, Vergaderstatus, Vraagsoort
from ..privacy import identifier_error
from ..selectors import (
    ACTIVITY,
    cut_off,
    is_chair,
    is_member,
    item_reference,
    may_lead,
    moment_text,
    next_open_meeting,
    next_planned_meeting,
)
from .vergadering import agendapunt_copy

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


class Besluit:
    ACCEPTEREN = "accepteren"
    UITSTELLEN = "uitstellen"
    WEIGEREN = "weigeren"
    CHOICES = (
        (ACCEPTEREN, "Accepteren"),
        (UITSTELLEN, "Uitstellen naar de volgende vergadering"),
        (WEIGEREN, "Weigeren"),
    )


_STATUS_OF = {
    Besluit.ACCEPTEREN: Agendapuntstatus.GEACCEPTEERD,
    Besluit.UITSTELLEN: Agendapuntstatus.UITGESTELD,
    Besluit.WEIGEREN: Agendapuntstatus.GEWEIGERD,
}


def _log(actor: User | None, operation: str, item: Agendapunt) -> None:
    ref = f"casus:{item.casus.referentie}" if item.casus_id else f"agendapunt:{item.pk}"  # type: ignore[union-attr]
    processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, object_ref=ref)


def _cut_off_error(vergadering: Tafelvergadering, now: datetime) -> str | None:
    """Why nothing can be brought in for this meeting any more, naming the next meeting one
    still can bring it in for; None while it can."""
    if vergadering.status != Vergaderstatus.GEPLAND:
        reden = f"Deze vergadering is {vergadering.get_status_display().lower()}."
    elif now > cut_off(vergadering):
        reden = (
            f"De indientermijn voor de vergadering van {moment_text(vergadering.begint_op)} "
            f"is verstreken op {moment_text(cut_off(vergadering))}."
        )
    else:
        return None
    volgende = next_open_meeting(vergadering.tafel, after=now)
    if volgende is None:
        return (
            f"{reden} Er is nog geen volgende vergadering gepland; vraag de secretaris die "
            "te plannen."
        )
    return (
        f"{reden} U kunt het nog inbrengen voor de vergadering van "
        f"{moment_text(volgende.begint_op)} (tot {moment_text(cut_off(volgende))})."
    )


@transaction.atomic
def agendapunt_inbrengen(
    *,
    actor: User,
    vergadering: Tafelvergadering,
    vraagsoort: str,
    vraag: str,
    casus: Casus | None = None,
    signaal: str = "",
    verblijfsobject: Verblijfsobject | None = None,
    now: datetime | None = None,
) -> Agendapunt:
    """Put a case the actor sees, or a new signal, on the meeting's agenda for the actor's
    organisation. ValidationError per field: no case nor signal (or both), a case the actor
    does not see or already on this agenda, a question that names the case's street, postcode
    or owner, past the cut-off (naming the next meeting still open)."""
    require(actor, Capability.CASETABLE_TAKE_PART)
    tafel = vergadering.tafel
    if actor.organisatie_id is None or not (is_member(actor, tafel) or may_lead(actor, tafel)):
        raise PermissionDenied("Uw organisatie is geen lid van deze casustafel.")
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if (late := _cut_off_error(vergadering, now)) is not None:
        raise ValidationError({"__all__": late})
    signaal = signaal.strip()
    vraag = vraag.strip()
    if casus is None and not signaal:
        errors["casus"] = "Kies een casus, of beschrijf een nieuw signaal."
    elif casus is not None and signaal:
        errors["signaal"] = "Breng een casus of een nieuw signaal in, niet allebei."
    elif casus is not None:
        if not visible_cases(actor).filter(pk=casus.pk).exists():
            errors["casus"] = "Deze casus ziet uw organisatie niet; u kunt hem niet inbrengen."
        elif not casus.is_open:
            errors["casus"] = "Deze casus is gesloten."
        elif (
            vergadering.agendapunten.filter(casus=casus)
            .exclude(status=Agendapuntstatus.GEWEIGERD)
            .exists()
        ):
            errors["casus"] = "Deze casus staat al op de agenda van deze vergadering."
    if vraagsoort not in Vraagsoort.values:
        errors["vraagsoort"] = "Kies wat u van de tafel vraagt."
    if not vraag:
        errors["vraag"] = "Schrijf de vraag aan de tafel."
    elif "casus" not in errors and (
        fout := identifier_error(vraag, casus=casus, verblijfsobject=verblijfsobject)
    ):
        errors["vraag"] = fout
    if errors:
        raise ValidationError(errors)
    item = Agendapunt.objects.create(
        vergadering=vergadering,
        casus=casus,
        signaal=signaal if casus is None else "",
        verblijfsobject=verblijfsobject if casus is None else None,
        vraagsoort=vraagsoort,
        vraag=vraag,
        ingebracht_door=actor,
        ingebracht_namens_id=actor.organisatie_id,
    )
    _log(actor, "Casustafel: agendapunt ingebracht", item)
    return item


@transaction.atomic
def agendapunt_besluiten(
    *, actor: User, item: Agendapunt, besluit: str, reden: str = ""
) -> Agendapunt:
    """The chair accepts, postpones (a new item on the next planned meeting, linked through
    `vervolg`) or refuses an item brought in; postponing and refusing need a reason. The
    person who brought it in gets a notification (by reference, no personal data)."""
    require(actor, Capability.CASETABLE_TAKE_PART)
    vergadering = item.vergadering
    tafel = vergadering.tafel
    if not is_chair(actor, tafel):
        raise PermissionDenied("Alleen de voorzitter van de tafel besluit over agendapunten.")
    if item.status != Agendapuntstatus.INGEDIEND:
        raise ValidationError(
            {"besluit": f"Hierover is al besloten ({item.get_status_display().lower()})."}
        )
    if besluit not in _STATUS_OF:
        raise ValidationError({"besluit": "Kies accepteren, uitstellen of weigeren."})
    reden = reden.strip()
    if besluit != Besluit.ACCEPTEREN and not reden:
        raise ValidationError({"reden": "Geef een reden bij uitstellen of weigeren."})
    volgende = None
    if besluit == Besluit.UITSTELLEN:
        volgende = next_planned_meeting(vergadering)
        if volgende is None:
            raise ValidationError(
                {
                    "besluit": "Er is nog geen volgende vergadering gepland om het naar uit te "
                    "stellen; plan eerst verder, of weiger het met een reden."
                }
            )
    if volgende is not None:
        item.vervolg = agendapunt_copy(item, volgende)
    item.status = _STATUS_OF[besluit]
    item.besluit_reden = reden
    item.besloten_door = actor
    item.besloten_op = timezone.now()
    item.save()
    _log(actor, f"Casustafel: agendapunt {item.get_status_display().lower()}", item)
    if item.ingebracht_door is not None:
        wat = item.get_status_display().lower()
        waar = f" naar {display.datum(timezone.localdate(volgende.begint_op))}" if volgende else ""
        notificatie_send(
            ontvangers=[item.ingebracht_door],
            soort=Notificatiesoort.AGENDAPUNT_CASUSTAFEL,
            titel=f"Agendapunt {item_reference(item)} {wat}{waar} ({tafel.naam})",
            link=reverse("vergadering-agenda", args=[vergadering.pk]),
        )
    return item
