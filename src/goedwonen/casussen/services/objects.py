"""Growing an existing case: another address (with its current owners as parties), and
joining a case to another open case on the same address.

There is no merge of cases: a merge would have to decide whose sharings, tasks, visits,
documents and retention term survive. Joining moves this case's reports to the other case,
which then holds them on its timeline; this case stays as it is until its director closes
it (see docs/adr/0017-case-workspace.md).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from goedwonen.core import display
from goedwonen.core.processing_log import DataSubject
from goedwonen.intake.models import Melding
from goedwonen.registry.buurt_volgen import buurt_volgen
from goedwonen.registry.models import Adres, Eigendom

from ..models import Casus, CasusObject, Casusstatus, Gebeurtenissoort, Partij, Partijrol
from .open_cases import open_case_references
from .timeline import _log, _require_director, gebeurtenis_add

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


@transaction.atomic
def casus_adres_add(
    *, actor: User, casus: Casus, adres: Adres, naast_open_casussen: Collection[str] = ()
) -> CasusObject:
    """Add an address to a case; its current owners become parties (as on a new case). An
    address with another open case is added only when the actor confirmed each of those
    cases by reference, as for a new case: two teams on one address should know of each
    other."""
    _require_director(actor, casus)
    if not casus.is_open:
        raise ValidationError({"adres": "De casus is gesloten: heropen haar eerst."})
    if casus.objecten.filter(verblijfsobject_id=adres.verblijfsobject_id).exists():
        raise ValidationError({"adres": f"{adres.voluit} hoort al bij deze casus."})
    others = [
        r
        for r in open_case_references([adres.verblijfsobject_id])
        if r != casus.referentie and r not in naast_open_casussen
    ]
    if others:
        which = "een andere open casus" if len(others) == 1 else "andere open casussen"
        raise ValidationError(
            {
                "naast_open_casussen": f"Op {adres.voluit} loopt al {which}: "
                f"{', '.join(others)}. Bekijk die eerst; bevestig als u het adres toch "
                "aan deze casus wilt toevoegen."
            }
        )
    casusobject = CasusObject.objects.create(
        casus=casus,
        verblijfsobject_id=adres.verblijfsobject_id,
        adres=adres,
        buurt_id=adres.verblijfsobject.buurt_id,
    )
    known = set(casus.partijen.filter(eigenaar__isnull=False).values_list("eigenaar_id", flat=True))
    owners = [
        e.eigenaar
        for e in Eigendom.objects.filter(
            verblijfsobject_id=adres.verblijfsobject_id, beeindigd_op__isnull=True
        ).select_related("eigenaar")
    ]
    new_owners = list({o.pk: o for o in owners if o.pk not in known}.values())
    Partij.objects.bulk_create(
        Partij(casus=casus, rol=Partijrol.EIGENAAR, eigenaar=o) for o in new_owners
    )
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.ADRES,
        f"Adres {adres.voluit} toegevoegd."
        + (
            f" {display.aantal(len(new_owners), 'eigenaar', 'eigenaren')} als partij toegevoegd."
            if new_owners
            else ""
        ),
        actor,
    )
    _log(
        actor,
        casus,
        "Adres aan casus toegevoegd",
        [DataSubject("eigenaar", o.eigenaar_id) for o in new_owners],
    )
    return casusobject


@transaction.atomic
def casus_join(*, actor: User, casus: Casus, doel: Casus) -> list[Melding]:
    """Join `casus` to `doel`, another open case on one of its addresses: the reports of
    `casus` move to `doel`, both timelines say so. The actor's organisation directs both
    (who directs only one asks the other organisation). Returns the moved reports."""
    _require_director(actor, casus)
    _require_director(actor, doel)
    if doel.pk == casus.pk:
        raise ValidationError({"doel": "Kies een andere casus dan deze."})
    if not casus.is_open or doel.status == Casusstatus.GESLOTEN:
        raise ValidationError({"doel": "Alleen twee open casussen kunnen worden samengevoegd."})
    shared = CasusObject.objects.filter(
        casus=doel,
        verblijfsobject_id__in=casus.objecten.values("verblijfsobject_id"),
    )
    if not shared.exists():
        raise ValidationError(
            {"doel": f"Casus {doel.referentie} gaat niet over een adres van deze casus."}
        )
    meldingen = list(Melding.objects.filter(casus=casus).order_by("pk"))
    Melding.objects.filter(pk__in=[m.pk for m in meldingen]).update(casus=doel)
    moved = ", ".join(str(m) for m in meldingen) or "geen meldingen"
    gebeurtenis_add(
        casus,
        Gebeurtenissoort.MELDING,
        f"Samengevoegd met casus {doel.referentie}: meldingen verplaatst ({moved}). "
        "Sluit deze casus als er verder niets in loopt.",
        actor,
    )
    gebeurtenis_add(
        doel,
        Gebeurtenissoort.MELDING,
        f"Casus {casus.referentie} op hetzelfde adres is hierbij gevoegd: meldingen "
        f"overgenomen ({moved}).",
        actor,
    )
    _log(actor, casus, f"Casus samengevoegd met {doel.referentie}")
    _log(actor, doel, f"Casus {casus.referentie} hierbij gevoegd")
    for melding in meldingen:
        melding.casus = doel
    return meldingen


def casusobjecten_buurt_volgen(**_: object) -> int:
    """Every case object's buurt made its dwelling's again after a registry import (the
    `imports_finished` hook); returns how many changed."""
    return buurt_volgen(CasusObject)
