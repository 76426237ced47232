"""Planning an integral action: every address gets a case (the selection row's, a running
case on the object, or a new proactive case directed by the lead), shared with every
participant for its parts until shortly after the day. All or nothing; planning again changes
nothing (ADR 0025)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goedwonen.casussen.models import Deling, Gebeurtenissoort, Herkomst, Onderdeel
from goedwonen.casussen.services.cases import casus_create, proposed_title
from goedwonen.casussen.services.open_cases import open_cases_by_object
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casussen.services.timeline import gebeurtenis_add
from goedwonen.core import display
from goedwonen.core.policy import Capability, can
from goedwonen.registry.models import Adres

from ..models import Actie, Actieadres, Actiepartner, Actiestatus
from .acties import locked, log_change, require_organiser, require_preparation

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

# How long after the day the participants keep seeing the addresses' cases: the debrief
# and the follow-up need them.
SHARING_DAYS_AFTER = 30
SHARING_ROLE = "Deelnemer integrale actie"


@transaction.atomic
def actie_plan(*, actor: User, actie: Actie) -> Actie:
    """Plan the action: every address gets a case (the selection row's, else an open case on
    the object, else a new proactive case directed by the lead), on whose timeline the action
    is noted, and each case is shared by the lead with every participant for its parts until
    30 days after the day (with the findings for an organisation whose team members record
    visits). A sharing that already runs for those parts is not made twice. All or nothing;
    a second call changes nothing."""
    require_organiser(actor, actie)
    actie = locked(actie)
    if actie.status == Actiestatus.GEPLAND:
        return actie
    require_preparation(actie)
    leider = actie.leider
    partners = list(actie.partners.select_related("organisatie"))
    categorieen = list(dict.fromkeys(c for p in partners for c in p.controleert))
    rows = list(actie.adressen.select_related("selectieadres", "verblijfsobject__buurt"))
    errors: list[str] = []
    if not rows:
        errors.append("De actie heeft nog geen adressen.")
    if not actie.teams.exists():
        errors.append("Vorm eerst ten minste één team.")
    if not categorieen:
        errors.append("Leg bij de deelnemers vast welke probleemcategorieën zij controleren.")
    if actie.datum < timezone.localdate():
        errors.append("De datum van de actie is voorbij: kies eerst een nieuwe datum.")
    if not can(leider, Capability.CASES_DIRECT) or not leider.is_active:
        errors.append(f"{leider} kan geen casussen regisseren: kies een andere leider.")
    if errors:
        raise ValidationError(errors)
    adressen = {
        a.verblijfsobject_id: a
        for a in Adres.objects.filter(
            verblijfsobject__in=[r.verblijfsobject_id for r in rows], hoofdadres=True
        )
    }
    open_cases = open_cases_by_object(r.verblijfsobject_id for r in rows)
    note = f"Adres opgenomen in integrale actie '{actie.naam}' op {display.datum(actie.datum)}."
    for row in rows:
        casus = row.casus or (row.selectieadres.casus if row.selectieadres else None)
        casus = casus or open_cases.get(row.verblijfsobject_id)
        if casus is None:
            adres = adressen.get(row.verblijfsobject_id)
            if adres is None:
                errors.append(f"Object {row.verblijfsobject_id} heeft geen hoofdadres.")
                continue
            casus = casus_create(
                actor=leider,
                titel=proposed_title(
                    categorieen=categorieen,
                    buurt=row.verblijfsobject.buurt,
                    herkomst=Herkomst.PROACTIEF,
                ),
                categorieen=categorieen,
                casusregisseur=leider,
                herkomst=Herkomst.PROACTIEF,
                adressen=[adres],
            )
        gebeurtenis_add(casus, Gebeurtenissoort.NOTITIE, note, actor)
        row.casus = casus
        row.save(update_fields=["casus"])
    if errors:
        raise ValidationError(errors)
    errors = _share_cases(actie, rows, partners)
    if errors:
        raise ValidationError(errors)
    actie.status = Actiestatus.GEPLAND
    actie.gepland_op = timezone.now()
    actie.save(update_fields=["status", "gepland_op"])
    log_change(actor, actie, f"Integrale actie gepland ({len(rows)} adressen)")
    return actie


def _share_cases(
    actie: Actie, rows: Sequence[Actieadres], partners: Sequence[Actiepartner]
) -> list[str]:
    """Share each address's case with each participant for its parts; the names of what
    could not be shared."""
    recording = {
        lid.organisatie_id
        for team in actie.teams.prefetch_related("leden")
        for lid in team.leden.all()
        if can(lid, Capability.INSPECTIONS_RECORD)
    }
    tot = actie.datum + timedelta(days=SHARING_DAYS_AFTER)
    errors: list[str] = []
    for partner in partners:
        parts = list(partner.onderdelen)
        if partner.organisatie_id in recording and Onderdeel.BEVINDINGEN not in parts:
            parts.append(Onderdeel.BEVINDINGEN)
        if not parts:
            continue
        for row in rows:
            casus = row.casus
            assert casus is not None
            if casus.organisatie_id == partner.organisatie_id:
                continue
            running = Deling.objects.filter(
                casus=casus,
                organisatie=partner.organisatie,
                beeindigd_op__isnull=True,
                tot__gte=actie.datum,
            )
            have = {o for d in running for o in d.onderdelen}
            missing = [p for p in parts if p not in have]
            if not missing:
                continue
            try:
                casus_share(
                    actor=actie.leider,
                    casus=casus,
                    organisatie=partner.organisatie,
                    rol=SHARING_ROLE,
                    doel=f"Integrale actie {actie.naam} op {display.datum(actie.datum)}",
                    grondslag=partner.grondslag[: Deling._meta.get_field("grondslag").max_length],
                    onderdelen=missing,
                    tot=tot,
                )
            except (ValidationError, PermissionDenied) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                errors.append(
                    f"Casus {casus.referentie} kon niet worden gedeeld met "
                    f"{partner.organisatie.naam}: {' '.join(messages)}"
                )
    return errors
