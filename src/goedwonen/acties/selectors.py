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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from goedwonen.casussen.models import Onderdeel
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require_any
from goedwonen.registry.models import Adres

from .models import Actie, Actieadres, Actiepartner, Actieteam, Adresstatus

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

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


def veld_van(*, actor: User, pk: int, team: int) -> tuple[Actie, Deel, Actieteam]:
    """The action, the actor's part and the team whose field view it opens: the team's
    members and the action's organisers. Actie.DoesNotExist or Actieteam.DoesNotExist for
    anyone else (404)."""
    actie, deel = actie_voor(actor=actor, pk=pk)
    return actie, deel, team_van(actor=actor, actie=actie, pk=team)


def veldlijst(team: Actieteam) -> list[Actieadres]:
    """The team's walk list for the field: the open addresses in walking order first, then
    those done (visited or skipped), in the same order."""
    adressen = list(
        team.adressen.select_related("verblijfsobject", "casus").order_by("volgorde", "rang", "pk")
    )
    hoofdadressen = {
        a.verblijfsobject_id: a
        for a in Adres.objects.filter(
            verblijfsobject__in=[a.verblijfsobject_id for a in adressen], hoofdadres=True
        )
    }
    for actieadres in adressen:
        # The address people walk to (None: the registry has no main address for it).
        actieadres.adres = hoofdadressen.get(actieadres.verblijfsobject_id)  # type: ignore[attr-defined]
    open_ = [a for a in adressen if a.status == Adresstatus.OPEN]
    return open_ + [a for a in adressen if a.status != Adresstatus.OPEN]
