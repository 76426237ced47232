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
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet

from goedwonen.casussen.models import Onderdeel
from goedwonen.core.categories import Categorie
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require_any
from goedwonen.core.processing_log import DataSubject, processing_log_record
from goedwonen.inspecties.models import Bezoek
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Adres, Bewoning, Eigenaarsoort, Eigendom

from .models import (
    Actie,
    Actieadres,
    Actiepartner,
    Actiestatus,
    Actieteam,
    Adresstatus,
    Veldfoto,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.analytics.models import Selectie
    from goedwonen.registry.models import Eigenaar, Vergunning

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


# The action list and the action page (acties lane).


def held(today: date) -> Q:
    """An action counts toward the target when it was held: finished, or planned with its
    day past."""
    return Q(status=Actiestatus.AFGEROND) | Q(status=Actiestatus.GEPLAND, datum__lt=today)


@dataclass(frozen=True)
class Telling:
    """The actions held in a year against the plan's target, in all and per area."""

    jaar: int
    doel: int
    gehouden: int
    gepland: int  # planned, still to come
    per_gebied: list[tuple[str, int, int]]  # (area, held, planned still to come)


def actions_counted(*, actor: User, jaar: int, today: date) -> Telling:
    """The count for the action list: no personal data, so no log line."""
    from goedwonen.parameters.definities import INTEGRALE_ACTIES_DOEL
    from goedwonen.parameters.selectors import parameter_op

    of_year = actions_listed(actor).filter(datum__year=jaar)
    gehouden = of_year.filter(held(today))
    komend = of_year.filter(status=Actiestatus.GEPLAND, datum__gte=today)
    areas: dict[str, list[int]] = {}
    for naam in gehouden.values_list("gebied__naam", flat=True):
        areas.setdefault(naam, [0, 0])[0] += 1
    for naam in komend.values_list("gebied__naam", flat=True):
        areas.setdefault(naam, [0, 0])[1] += 1
    return Telling(
        jaar=jaar,
        doel=int(parameter_op(INTEGRALE_ACTIES_DOEL, date(jaar, 12, 31)).waarde),
        gehouden=gehouden.count(),
        gepland=komend.count(),
        per_gebied=[(naam, h, g) for naam, (h, g) in sorted(areas.items())],
    )


def actie_adressen(*, actor: User, actie: Actie) -> list[Actieadres]:
    """The action's addresses for its page, in walk-list order (reserve last), logged as
    one read per address. The page shows no owner data, so no data subjects."""
    deel_van(actor=actor, actie=actie)
    rows = list(
        actie.adressen.select_related("verblijfsobject__buurt", "team", "casus").order_by(
            F("team__volgorde").asc(nulls_last=True),
            "team_id",
            F("volgorde").asc(nulls_last=True),
            F("rang").asc(nulls_last=True),
            "pk",
        )
    )
    hoofdadressen = {
        a.verblijfsobject_id: a
        for a in Adres.objects.filter(
            verblijfsobject__in=[r.verblijfsobject_id for r in rows], hoofdadres=True
        )
    }
    for row in rows:
        row.adres = hoofdadressen.get(row.verblijfsobject_id)  # type: ignore[attr-defined]
    processing_log_record(
        actor=actor,
        operation="Adressen van een integrale actie bekeken",
        activity=ACTIVITY,
        objects=[(f"actie:{actie.pk}:adres:{r.pk}", None) for r in rows]
        or [(f"actie:{actie.pk}", None)],
    )
    return rows


@dataclass(frozen=True)
class Teamoverzicht:
    team: Actieteam
    leden: list[User]
    zonder_inspecteur: bool  # nobody in it may record a visit


def teams_of(actie: Actie) -> list[Teamoverzicht]:
    """The teams with their members (no personal data beyond colleagues' names)."""
    result = []
    for team in actie.teams.prefetch_related("leden__organisatie", "leden__rollen"):
        leden = sorted(team.leden.all(), key=lambda u: u.get_full_name() or u.username)
        result.append(
            Teamoverzicht(
                team=team,
                leden=leden,
                zonder_inspecteur=not any(can(u, Capability.INSPECTIONS_RECORD) for u in leden),
            )
        )
    return result


def member_candidates(actie: Actie) -> QuerySet[User]:
    """Who may be in a team: active people of the lead's or a participating organisation
    (the service checks that each may take part in actions)."""
    from goedwonen.accounts.models import User

    allowed = {actie.organisatie_id, *actie.partners.values_list("organisatie_id", flat=True)}
    return (
        User.objects.filter(is_active=True, is_serviceaccount=False, organisatie_id__in=allowed)
        .select_related("organisatie")
        .order_by("organisatie__naam", "last_name", "first_name", "username")
    )


def selectie_for_action(*, actor: User, pk: int) -> Selectie:
    """An approved selection to make an action of; Selectie.DoesNotExist for any other."""
    from goedwonen.analytics.models import Selectie, Selectiestatus

    require_any(actor, Capability.ACTIONS_ORGANISE)
    return Selectie.objects.select_related("gebied").get(pk=pk, status=Selectiestatus.GOEDGEKEURD)


def selectie_address_count(selectie: Selectie) -> int:
    """The addresses an action made of the selection gets: those not taken out of it."""
    from goedwonen.analytics.models import Handmatig

    return selectie.adressen.exclude(handmatig=Handmatig.VERWIJDERD).count()


def address_label(row: Actieadres) -> str:
    """An action address as people read it: street and number, postcode."""
    adres = getattr(row, "adres", None) or (
        Adres.objects.filter(verblijfsobject_id=row.verblijfsobject_id, hoofdadres=True).first()
    )
    return adres.straat_huisnummer if adres else f"object {row.verblijfsobject_id}"


def actie_to_organise(*, actor: User, pk: int, read: bool) -> Actie:
    """The action for one of its set-up pages: an organiser of the lead's organisation only
    (Actie.DoesNotExist for anyone else). `read`: the page shows it (a GET), logged as such;
    a change is logged by its service."""
    actie, _ = actie_voor(actor=actor, pk=pk)
    if not may_organise(actor, actie):
        raise Actie.DoesNotExist
    if read:
        processing_log_record(
            actor=actor,
            operation="Integrale actie geopend om in te richten",
            activity=ACTIVITY,
            object_ref=f"actie:{actie.pk}",
        )
    return actie


# Walk lists and briefings (looplijsten lane).

# One colour per team on the walk-list map (the table beside it names the team too); dark
# enough for white numbers on them (contrast >= 4.5:1).
TEAM_COLOURS = ("#1f5fa8", "#b3261e", "#1b7a3a", "#7a3ea1", "#8a5a00", "#00707a", "#a1336b")


def team_colour(index: int) -> str:
    return TEAM_COLOURS[index % len(TEAM_COLOURS)]


@dataclass(frozen=True)
class Looplijst:
    team: Actieteam
    kleur: str
    adressen: list[Actieadres]


@dataclass(frozen=True)
class Looplijsten:
    """The walk lists the actor may see: every team's for an organiser, else its own."""

    actie: Actie
    deel: Deel
    organiseert: bool
    lijsten: list[Looplijst]
    reserve: list[Actieadres]  # organisers only


def _walked(actie: Actie) -> QuerySet[Actieadres]:
    return actie.adressen.select_related("verblijfsobject").prefetch_related(
        "verblijfsobject__adressen"
    )


def reserve_order(adres: Actieadres) -> tuple[bool, int, int]:
    """Priority: the selection's rank first, hand-made addresses after, then as added."""
    return (adres.rang is None, adres.rang or 0, adres.pk)


def looplijsten_voor(*, actor: User, actie: Actie) -> Looplijsten:
    """The walk lists for the page; logged (the addresses are read)."""
    deel = deel_van(actor=actor, actie=actie)
    organiseert = may_organise(actor, actie)
    teams = list(actie.teams.prefetch_related("leden"))
    adressen = list(_walked(actie))
    lijsten = [
        Looplijst(
            team,
            team_colour(n),
            sorted((a for a in adressen if a.team_id == team.pk), key=lambda a: a.volgorde or 0),
        )
        for n, team in enumerate(teams)
        if organiseert or any(lid.pk == actor.pk for lid in team.leden.all())
    ]
    reserve = sorted((a for a in adressen if a.team_id is None), key=reserve_order)
    processing_log_record(
        actor=actor,
        operation="Looplijsten integrale actie ingezien",
        activity=ACTIVITY,
        object_ref=f"actie:{actie.pk}",
    )
    return Looplijsten(actie, deel, organiseert, lijsten, reserve if organiseert else [])


@dataclass(frozen=True)
class Briefingadres:
    """One address of a team's walk list as the viewer's organisation may see it: a part it
    may not see is None."""

    adres: Actieadres
    redenen: list[str] | None
    oppervlakte: int | None
    ingeschrevenen: int | None
    vergunningen: list[Vergunning] | None
    eigenaren: list[Eigenaar] | None
    meldingen: int | None
    bezoeken: list[Bezoek] | None

    @property
    def objecten(self) -> bool:
        return self.vergunningen is not None


@dataclass(frozen=True)
class Deelnemer:
    naam: str
    grondslag: str
    controleert: list[str]
    taak: str


@dataclass(frozen=True)
class Briefing:
    actie: Actie
    deel: Deel
    team: Actieteam
    organisatie: Organisatie  # the viewer's: the version is for it
    leden: list[User]
    deelnemers: list[Deelnemer]
    adressen: list[Briefingadres]


def _facts(adressen: list[Actieadres], deel: Deel, datum: date) -> list[Briefingadres]:
    """The facts of each address, each kind read for all of them at once (not per address):
    a briefing costs the same for a walk list of three addresses as for one of thirty."""
    vbos = [a.verblijfsobject_id for a in adressen]
    objecten = deel.ziet(Onderdeel.OBJECTEN)
    ingeschrevenen: dict[int, int] = {}
    if objecten:
        # Newest first: the first per object is its latest count.
        for vbo, aantal in (
            Bewoning.objects.filter(adres__verblijfsobject__in=vbos, adres__hoofdadres=True)
            .order_by("-peildatum")
            .values_list("adres__verblijfsobject", "ingeschrevenen")
        ):
            ingeschrevenen.setdefault(vbo, aantal)
    meldingen: dict[int, int] = {}
    if deel.ziet(Onderdeel.MELDINGEN):
        meldingen = dict(
            Melding.objects.filter(verblijfsobject__in=vbos)
            .values_list("verblijfsobject")
            .annotate(n=Count("pk"))
            .order_by()
        )
    # Earlier visits in each address's case (the one shared for the action).
    bezoeken: dict[int, list[Bezoek]] = {}
    if deel.ziet(Onderdeel.BEVINDINGEN):
        cases = [a.casus_id for a in adressen if a.casus_id is not None]
        for bezoek in Bezoek.objects.filter(casus__in=cases, datum__lt=datum).order_by("-datum"):
            bezoeken.setdefault(bezoek.casus_id, []).append(bezoek)
    return [
        Briefingadres(
            adres=a,
            redenen=list(a.redenen) if deel.redenen else None,
            oppervlakte=a.verblijfsobject.oppervlakte if objecten else None,
            ingeschrevenen=ingeschrevenen.get(a.verblijfsobject_id),
            vergunningen=list(a.verblijfsobject.vergunningen.all()) if objecten else None,
            eigenaren=[e.eigenaar for e in a.verblijfsobject.lopende_eigendommen]  # type: ignore[attr-defined]
            if deel.ziet(Onderdeel.PARTIJEN)
            else None,
            meldingen=meldingen.get(a.verblijfsobject_id, 0)
            if deel.ziet(Onderdeel.MELDINGEN)
            else None,
            bezoeken=bezoeken.get(a.casus_id or 0, [])
            if deel.ziet(Onderdeel.BEVINDINGEN)
            else None,
        )
        for a in adressen
    ]


def _participants(actie: Actie) -> list[Deelnemer]:
    labels = dict(Categorie.choices)
    lead = Deelnemer(actie.organisatie.naam, "Leidt de actie en voert regie op de casussen", [], "")
    return [
        lead,
        *(
            Deelnemer(
                p.organisatie.naam,
                p.grondslag,
                [labels.get(c, c) for c in p.controleert],
                p.taak,
            )
            for p in actie.partners.select_related("organisatie")
        ),
    ]


def briefing_voor(*, actor: User, actie: Actie, team: Actieteam, operation: str) -> Briefing:
    """A team's briefing for the actor's organisation (page and PDF alike): per address in
    walk order only what `deel_van` allows. Logged, with the owners shown (natural persons)
    as data subjects."""
    deel = deel_van(actor=actor, actie=actie)
    walked = _walked(actie).prefetch_related(
        "verblijfsobject__vergunningen",
        Prefetch(
            "verblijfsobject__eigendommen",
            queryset=Eigendom.objects.filter(beeindigd_op__isnull=True).select_related("eigenaar"),
            to_attr="lopende_eigendommen",
        ),
    )
    adressen = _facts(list(walked.filter(team=team).order_by("volgorde", "pk")), deel, actie.datum)
    owners = {
        e.eigenaar_id: DataSubject("eigenaar", e.eigenaar_id)
        for a in adressen
        for e in a.eigenaren or []
        if e.soort == Eigenaarsoort.NATUURLIJK_PERSOON
    }
    processing_log_record(
        actor=actor,
        operation=operation,
        activity=ACTIVITY,
        subjects=list(owners.values()),
        object_ref=f"actie:{actie.pk}",
    )
    return Briefing(
        actie=actie,
        deel=deel,
        team=team,
        organisatie=actor.organisatie,  # type: ignore[arg-type]
        leden=list(team.leden.select_related("organisatie").order_by("last_name", "pk")),
        deelnemers=_participants(actie),
        adressen=adressen,
    )


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


def veldfotos_van(*, actor: User, actie: Actie, actieadres: Actieadres) -> list[Veldfoto]:
    """The photos taken at the address's field visits, for a participant that sees the
    findings (`Onderdeel.BEVINDINGEN`); none for anyone else. Read without a log line: the
    page that shows them logs its own read, and opening a photo logs again (`veldfoto_open`)."""
    if not deel_van(actor=actor, actie=actie).ziet(Onderdeel.BEVINDINGEN):
        return []
    return list(Veldfoto.objects.filter(registratie__actieadres=actieadres).order_by("pk"))


def veldfoto_open(*, actor: User, actie: Actie, pk: int) -> Veldfoto:
    """One field photo of the action, for a participant that sees the findings; logged with
    the owners as data subjects. Veldfoto.DoesNotExist for anyone else (404)."""
    from goedwonen.inspecties.selectors import eigenaren_of

    if not deel_van(actor=actor, actie=actie).ziet(Onderdeel.BEVINDINGEN):
        raise Veldfoto.DoesNotExist
    foto = Veldfoto.objects.select_related("registratie__actieadres").get(
        pk=pk, registratie__actieadres__actie=actie
    )
    processing_log_record(
        actor=actor,
        operation="Foto van een veldbezoek ingezien",
        activity=ACTIVITY,
        subjects=eigenaren_of(foto.registratie.actieadres.verblijfsobject_id),
        object_ref=f"actie:{actie.pk}/foto:{foto.pk}",
    )
    return foto
