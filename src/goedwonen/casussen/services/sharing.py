"""Sharing parts of a case with a partner organisation, and ending it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.categories import SIGNAL_ONLY
from goedwonen.notificaties.models import Notificatiesoort
from goedwonen.notificaties.selectors import members_with
from goedwonen.notificaties.services import notificatie_send

from .. import workflow
from ..models import Casus, Deling, Gebeurtenissoort, Onderdeel
from ..selectors import SEES_CASES
from .timeline import _log, _require_director, gebeurtenis_add

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User


@transaction.atomic
def casus_share(
    *,
    actor: User,
    casus: Casus,
    organisatie: Organisatie,
    rol: str,
    doel: str,
    grondslag: str,
    onderdelen: Sequence[str],
    tot: date,
) -> Deling:
    """Share the case with an organisation: what for, on which legal basis, which parts, until
    when. Until then it sees nothing of the case."""
    _require_director(actor, casus)
    errors: dict[str, str] = {}
    if organisatie.pk == casus.organisatie_id:
        errors["organisatie"] = "De regisserende organisatie ziet de casus al."
    for name, value in (("rol", rol), ("doel", doel), ("grondslag", grondslag)):
        longest: int = getattr(Deling._meta.get_field(name), "max_length", 0)
        if not value.strip():
            errors[name] = "Dit veld is verplicht."
        elif message := validators.too_long(value.strip(), longest):
            errors[name] = message
    unknown = [o for o in onderdelen if o not in Onderdeel.values]
    if not onderdelen or unknown:
        errors["onderdelen"] = "Kies welke onderdelen de organisatie mag zien."
    if tot <= timezone.localdate():
        errors["tot"] = "Kies een einddatum in de toekomst."
    elif tot > (horizon := workflow.sharing_horizon(timezone.localdate())):
        errors["tot"] = (
            f"Deel ten hoogste {workflow.SHARING_HORIZON_YEARS} jaar vooruit, tot en met "
            f"{display.datum(horizon)}. Loopt de samenwerking langer, deel dan opnieuw met een "
            "nieuw besluit."
        )
    if errors:
        raise ValidationError(errors)
    deling = Deling.objects.create(
        casus=casus,
        organisatie=organisatie,
        rol=rol.strip(),
        doel=doel.strip(),
        grondslag=grondslag.strip(),
        onderdelen=list(dict.fromkeys(onderdelen)),
        tot=tot,
        gedeeld_door=actor,
    )
    signal = [c for c in casus.categorieen if c in SIGNAL_ONLY]
    soort = Gebeurtenissoort.OVERDRACHT if signal else Gebeurtenissoort.DELING
    gebeurtenis_add(
        casus,
        soort,
        f"{'Overgedragen aan' if signal else 'Gedeeld met'} {organisatie.naam} als {rol.strip()} "
        f"tot {display.datum(tot)}: {', '.join(Onderdeel(o).label.lower() for o in onderdelen)}. "
        f"Doel: {doel.strip()}. Grondslag: {grondslag.strip()}.",
        actor,
    )
    _log(actor, casus, f"Casus gedeeld met {organisatie.code}")
    notificatie_send(
        ontvangers=members_with(organisatie_id=organisatie.pk, capabilities=SEES_CASES),
        soort=Notificatiesoort.CASUS_GEDEELD,
        titel=f"Casus {casus.referentie} gedeeld met uw organisatie",
        link=reverse("casus", args=[casus.referentie]),
    )
    return deling


@transaction.atomic
def casus_share_end(*, actor: User, deling: Deling) -> Deling:
    _require_director(actor, deling.casus)
    if deling.beeindigd_op is None:
        deling.beeindigd_op = timezone.now()
        deling.save(update_fields=["beeindigd_op"])
        gebeurtenis_add(
            deling.casus,
            Gebeurtenissoort.DELING,
            f"Delen met {deling.organisatie.naam} beëindigd.",
            actor,
        )
        _log(actor, deling.casus, f"Delen met {deling.organisatie.code} beëindigd")
    return deling
