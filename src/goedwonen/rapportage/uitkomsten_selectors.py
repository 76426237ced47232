"""Reads on the outcomes of a case (`models.Uitkomst`). The case rule decides
(`casussen.selectors`), with the part `bevindingen`: an organisation sees a case's outcomes
when it directs the case or a running sharing with it holds that part. It may record one on
the same terms when it works the case: CASES_DIRECT for the directing organisation,
TASKS_WORK for any organisation that sees the part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from goedwonen.casussen.models import Casus, Onderdeel
from goedwonen.casussen.selectors import Inzage, inzage_of, visible_cases
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.models import Document
from goedwonen.inspecties.models import Bezoek
from goedwonen.inspecties.selectors import eigenaren_of

from .models import Uitkomst

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

ACTIVITY = Verwerkingsactiviteitcode.CASUSREGIE
ONDERDEEL = Onderdeel.BEVINDINGEN


def ziet_uitkomsten(inzage: Inzage) -> bool:
    return inzage.ziet(ONDERDEEL)


def may_record(actor: User, inzage: Inzage) -> bool:
    """The actor works the case and sees its outcomes."""
    if not ziet_uitkomsten(inzage):
        return False
    return (inzage.regie and can(actor, Capability.CASES_DIRECT)) or can(
        actor, Capability.TASKS_WORK
    )


def uitkomsten_in_casus(inzage: Inzage) -> QuerySet[Uitkomst]:
    """The case's outcomes the actor may see, newest first; a corrected one stays listed,
    `correctie` points at its successor. No log line: the case page's read is logged."""
    if not ziet_uitkomsten(inzage):
        return Uitkomst.objects.none()
    # What a row shows from the large tables is read by id (prefetch), not joined: a case's
    # few outcomes, mostly none, then cost one cheap statement. Joined on the case, the
    # visit, the document and the address, PostgreSQL spent 4.8 ms planning a statement that
    # ran in 0.5 (ADR 0027). The person and the organisation (small tables) are joined: two
    # statements fewer on a case with outcomes.
    return inzage.casus.uitkomsten.select_related(
        "vastgelegd_door", "organisatie"
    ).prefetch_related("casusobject__adres", "correctie", "bezoek", "document")


def casus_for_uitkomst(*, actor: User, referentie: str) -> Inzage:
    """The case someone is about to record an outcome in, as it may see it. Casus.DoesNotExist
    when it may not see the case or its outcomes, as for a case that does not exist; no log
    line (the service logs what is recorded)."""
    require(actor, Capability.CASES_VIEW)
    casus = visible_cases(actor).select_related("organisatie").get(referentie=referentie)
    inzage = inzage_of(actor=actor, casus=casus)
    if not ziet_uitkomsten(inzage):
        raise Casus.DoesNotExist
    return inzage


def formulier_read(*, actor: User, inzage: Inzage) -> None:
    """Log that the form page showed the case's addresses, visits and documents to choose
    from (as the visit's form page does)."""
    processing_log_record(
        actor=actor,
        operation="Casus ingezien om een uitkomst vast te leggen",
        activity=ACTIVITY,
        object_ref=f"casus:{inzage.casus.referentie}",
    )


def uitkomst_detail(*, actor: User, inzage: Inzage, pk: int) -> Uitkomst:
    """One outcome of the case (to correct it); the read is logged.
    Uitkomst.DoesNotExist when the actor may not see it."""
    uitkomst = uitkomsten_in_casus(inzage).get(pk=pk)
    processing_log_record(
        actor=actor,
        operation="Uitkomst ingezien",
        activity=ACTIVITY,
        subjects=eigenaren_of(uitkomst.casusobject.verblijfsobject_id),
        object_ref=f"casus:{inzage.casus.referentie}/uitkomst:{uitkomst.pk}",
    )
    return uitkomst


def bezoeken_als_bewijs(inzage: Inzage) -> QuerySet[Bezoek]:
    """The visits an outcome may name as evidence: the last version of each."""
    if not ziet_uitkomsten(inzage):
        return Bezoek.objects.none()
    return inzage.casus.bezoeken.filter(correctie__isnull=True).select_related(
        "casusobject__adres", "huurprijs"
    )


def documenten_als_bewijs(inzage: Inzage) -> QuerySet[Document]:
    if not ziet_uitkomsten(inzage):
        return Document.objects.none()
    return Document.objects.filter(casus=inzage.casus)
