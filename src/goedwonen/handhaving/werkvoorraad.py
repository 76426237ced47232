"""The legal work queue of a jurist: what the own organisation's procedures ask for now.
Drafts to check (letters not sent yet), terms running out (a running procedure whose last
step's term ends within `HORIZON` days, or has ended), and objections and appeals not
decided yet. Read through `trajecten_visible`, and logged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q

from goedwonen.core.lists import search_address, search_any
from goedwonen.core.policy import Capability, require

from .models import Rechtsmiddel, Traject, Trajectstap, Trajectstatus
from .traject_selectors import trajecten_read, trajecten_visible

if TYPE_CHECKING:
    from goedwonen.accounts.models import User

HORIZON = timedelta(days=7)


@dataclass(frozen=True)
class Termijn:
    traject: Traject
    stap: Trajectstap | None  # None: started, no step taken yet
    tot: date
    verlopen: bool


@dataclass(frozen=True)
class Werkvoorraad:
    concepten: list[Trajectstap]
    termijnen: list[Termijn]
    rechtsmiddelen: list[Rechtsmiddel]
    peildatum: date


def werkvoorraad(*, actor: User, peildatum: date, zoek: str = "") -> Werkvoorraad:
    """`zoek` narrows it to the procedures found by their reference (`C-…/HH12`), their
    case's or report's reference, their addressee's name or an address they concern."""
    require(actor, Capability.ENFORCEMENT_WORK)
    # The own organisation's procedures (a partner's shared ones are theirs to handle).
    own = trajecten_visible(actor).filter(organisatie__pk=actor.organisatie_id or 0)
    if term := zoek.strip():
        own = own.filter(pk__in=Traject.objects.filter(_search(term)).values("pk"))
    trajecten = list(own)
    concepten: list[Trajectstap] = []
    termijnen: list[Termijn] = []
    rechtsmiddelen: list[Rechtsmiddel] = []
    for traject in trajecten:
        stappen = list(traject.stappen.all())
        concepten += [s for s in stappen if s.heeft_brief and not hasattr(s, "verzending")]
        if traject.status == Trajectstatus.LOPEND:
            laatste = stappen[-1] if stappen else None
            tot = (laatste.termijn_tot or laatste.datum) if laatste else traject.gestart_op.date()
            if tot <= peildatum + HORIZON:
                termijnen.append(Termijn(traject, laatste, tot, tot < peildatum))
        rechtsmiddelen += [r for r in traject.rechtsmiddelen.all() if not hasattr(r, "beslissing")]
    shown = {
        t.pk: t
        for t in trajecten
        if t.pk
        in {
            *(s.traject_id for s in concepten),
            *(t.traject.pk for t in termijnen),
            *(r.traject_id for r in rechtsmiddelen),
        }
    }
    trajecten_read(
        actor=actor, trajecten=shown.values(), operation="Juridische werkvoorraad ingezien"
    )
    return Werkvoorraad(
        concepten=sorted(concepten, key=lambda s: (s.datum, s.pk)),
        termijnen=sorted(termijnen, key=lambda t: (t.tot, t.traject.pk)),
        rechtsmiddelen=sorted(
            rechtsmiddelen, key=lambda r: (r.beslissen_tot or r.indienen_tot, r.pk)
        ),
        peildatum=peildatum,
    )


def _search(term: str) -> Q:
    found = Q(casus__referentie__iexact=term) | Q(melding__referentie__iexact=term)
    if number := re.search(r"/HH(\d{1,9})$", term, re.IGNORECASE):
        found |= Q(pk=int(number.group(1)))
    return search_any(
        term,
        found,
        Q(eigenaar__naam__icontains=term),
        lambda t: search_address(t, path="verblijfsobjecten__adressen__"),
    )
