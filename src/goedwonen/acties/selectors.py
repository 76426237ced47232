"""Reads on integral actions. The one rule of what a participant sees of an action is
`deel_van`: the action's pages, its briefing (page and PDF), walk lists, the field view, the
debrief and its report all ask it, and every read of addresses is logged.

- The lead's organisation (`Actie.organisatie`) directs the addresses' cases and sees the
  whole action.
- A participating organisation (`Actiepartner`) sees its part: the addresses, the basis for
  entry and the safety notes (everyone in a team needs those), what each partner checks, and
  of each address only the case parts its row holds (`casussen.Onderdeel`: `objecten` the
  registry facts, `partijen` the owner, `meldingen` the reports, `bevindingen` earlier
  visits), and the selection's reasons only when `ziet_redenen`.
- Anyone else sees nothing of it (404). The list of actions (name, date, area, status and the
  count against the target) holds no personal data and is open to everyone who takes part in
  or organises actions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from goedwonen.casussen.models import Onderdeel
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require_any
from goedwonen.core.processing_log import processing_log_record

from .models import Actie, Actieadres, Actiepartner, Actieteam

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

    from .uitkomsten import Rapport, Uitkomst

ACTIVITY = Verwerkingsactiviteitcode.INTEGRALE_ACTIE
SEES_ACTIONS = (Capability.ACTIONS_TAKE_PART, Capability.ACTIONS_ORGANISE)
# The parts of an address a partner can be given: the case-sharing parts that mean
# something on an inspection day.
PARTNER_PARTS = (
    Onderdeel.OBJECTEN,
    Onderdeel.PARTIJEN,
    Onderdeel.MELDINGEN,
    Onderdeel.BEVINDINGEN,
    Onderdeel.TAKEN,
)


@dataclass(frozen=True)
class Deel:
    """What the actor's organisation sees of one action."""

    actie: Actie
    organisatie_id: int
    leiding: bool  # the lead's organisation: everything
    onderdelen: frozenset[str]
    ziet_redenen: bool
    controleert: tuple[str, ...]  # the categories its own organisation checks
    partner: Actiepartner | None

    def ziet(self, onderdeel: str) -> bool:
        return self.leiding or onderdeel in self.onderdelen

    @property
    def redenen(self) -> bool:
        return self.leiding or self.ziet_redenen


def actions_listed(actor: User) -> QuerySet[Actie]:
    """Every action, for the list and the count against the target (no personal data)."""
    require_any(actor, *SEES_ACTIONS)
    return Actie.objects.select_related("gebied", "leider", "organisatie")


def actions_of(actor: User) -> QuerySet[Actie]:
    """The actions the actor's organisation leads or takes part in."""
    if not any(can(actor, c) for c in SEES_ACTIONS) or actor.organisatie_id is None:
        return Actie.objects.none()
    return Actie.objects.filter(
        Q(organisatie_id=actor.organisatie_id) | Q(partners__organisatie_id=actor.organisatie_id)
    ).distinct()


def deel_van(*, actor: User, actie: Actie) -> Deel:
    """The actor's part of the action; Actie.DoesNotExist when it has none (show a 404)."""
    if not any(can(actor, c) for c in SEES_ACTIONS) or actor.organisatie_id is None:
        raise Actie.DoesNotExist
    if actie.organisatie_id == actor.organisatie_id:
        return Deel(
            actie=actie,
            organisatie_id=actor.organisatie_id,
            leiding=True,
            onderdelen=frozenset(Onderdeel.values),
            ziet_redenen=True,
            controleert=(),
            partner=None,
        )
    partner = actie.partners.filter(organisatie_id=actor.organisatie_id).first()
    if partner is None:
        raise Actie.DoesNotExist
    return Deel(
        actie=actie,
        organisatie_id=actor.organisatie_id,
        leiding=False,
        onderdelen=frozenset(partner.onderdelen),
        ziet_redenen=partner.ziet_redenen,
        controleert=tuple(partner.controleert),
        partner=partner,
    )


def actie_voor(*, actor: User, pk: int) -> tuple[Actie, Deel]:
    """The action and the actor's part of it; Actie.DoesNotExist when it may see none."""
    actie = Actie.objects.select_related("gebied", "leider", "organisatie", "selectie").get(pk=pk)
    return actie, deel_van(actor=actor, actie=actie)


def may_organise(actor: User, actie: Actie) -> bool:
    """Who changes an action, plans it and holds its debrief: an organiser of the lead's
    organisation."""
    return can(actor, Capability.ACTIONS_ORGANISE) and actor.organisatie_id == actie.organisatie_id


def team_van(*, actor: User, actie: Actie, pk: int) -> Actieteam:
    """A team of the action, for its walk list, briefing and field view: open to the team's
    members and to the action's organisers. Actieteam.DoesNotExist for anyone else (404)."""
    deel_van(actor=actor, actie=actie)
    team = actie.teams.get(pk=pk)
    if may_organise(actor, actie) or team.leden.filter(pk=actor.pk).exists():
        return team
    raise Actieteam.DoesNotExist


# --- the debrief and the report (nabespreking lane) -------------------------------------


def nabespreking_van(*, actor: User, actie: Actie) -> tuple[Deel, list[Uitkomst]]:
    """Every address of the action with its outcome, for the debrief; the template shows
    what the actor's part allows (findings only with `bevindingen`, follow-up only to the
    lead's organisation). Actie.DoesNotExist for anyone without a part. Logged."""
    from .uitkomsten import uitkomsten

    deel = deel_van(actor=actor, actie=actie)
    rows = uitkomsten(actie)
    processing_log_record(
        actor=actor,
        operation=f"Nabespreking integrale actie ingezien ({len(rows)} adressen)",
        activity=ACTIVITY,
        object_ref=f"actie:{actie.pk}",
    )
    return deel, rows


def rapport_van(
    *, actor: User, actie: Actie, operation: str = "Rapport integrale actie ingezien"
) -> tuple[Deel, Rapport]:
    """The action's report. Aggregates for every participant; the addresses themselves
    (`Rapport.uitkomsten`) only for the organisers: emptied for anyone else. Logged."""
    from .uitkomsten import rapport

    deel = deel_van(actor=actor, actie=actie)
    found = rapport(actie)
    if not may_organise(actor, actie):
        found = replace(found, uitkomsten=[])
    processing_log_record(
        actor=actor, operation=operation, activity=ACTIVITY, object_ref=f"actie:{actie.pk}"
    )
    return deel, found


def actieadres_voor_opvolging(*, actor: User, actie: Actie, pk: int) -> Uitkomst:
    """One address of the action with its outcome and follow-up, for its organisers (the
    follow-up page). Actieadres.DoesNotExist for anyone else (404). Logged with the owners
    as data subjects: the page links to the case, whose owner an organiser sees."""
    from goedwonen.inspecties.selectors import eigenaren_of

    from .uitkomsten import uitkomsten

    deel_van(actor=actor, actie=actie)
    if not may_organise(actor, actie):
        raise Actieadres.DoesNotExist
    uitkomst = next((u for u in uitkomsten(actie) if u.adres.pk == pk), None)
    if uitkomst is None:
        raise Actieadres.DoesNotExist
    processing_log_record(
        actor=actor,
        operation="Opvolging van een actieadres ingezien",
        activity=ACTIVITY,
        subjects=eigenaren_of(uitkomst.adres.verblijfsobject_id),
        object_ref=f"actie:{actie.pk}/adres:{pk}",
    )
    return uitkomst
