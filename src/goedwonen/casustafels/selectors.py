"""Reads on case tables. The one rule of what a member sees of an agenda item is `zicht_op`:
the agenda, the meeting, the minutes (PDF), the exports and the API all show an item through
it, and every view is logged (`log_items`).

A member organisation sees an item in full when it has a basis for it:
- an item about a case: its organisation directs the case, or a running sharing with it holds
  the case's addresses (`casussen.selectors.sees_part(..., OBJECTEN)`); owner names only when
  the sharing also holds the parties;
- a new signal (no case yet): its organisation brought it in, or is the chair's.
Any other member sees the item pseudonymised: the case's (or signal's) reference, the kind of
question and the question, no title, names or addresses, and of the meeting's record only the
decisions for its own organisation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus, Deling, Onderdeel, Taakstatus
from goedwonen.core import display
from goedwonen.core.categories import Categorie
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, can, require
from goedwonen.core.processing_log import DataSubject, processing_log_record

from .models import (
    Aanwezigheid,
    Afspraak,
    Agendapunt,
    Agendapuntstatus,
    Casustafel,
    Delingsbesluit,
    Tafellid,
    Tafelsignaal,
    Tafelvergadering,
    Vergaderstatus,
)

if TYPE_CHECKING:
    from goedwonen.accounts.models import Organisatie, User
    from goedwonen.werk.selectors import Werkblok

ACTIVITY = Verwerkingsactiviteitcode.CASUSTAFEL


def running_members(tafel: Casustafel) -> QuerySet[Tafellid]:
    today = timezone.localdate()
    return tafel.leden.filter(sinds__lte=today).filter(Q(tot__isnull=True) | Q(tot__gte=today))


def table_people(tafel: Casustafel) -> list[User]:
    """The people of the table's running member organisations who take part in case tables:
    whom its notices go to."""
    from goedwonen.accounts.models import User

    organisaties = running_members(tafel).values_list("organisatie_id", flat=True)
    people = User.objects.filter(is_active=True, organisatie_id__in=organisaties)
    return [u for u in people.prefetch_related("rollen") if can(u, Capability.CASETABLE_TAKE_PART)]


def tables_of(actor: User) -> QuerySet[Casustafel]:
    """The tables the actor's organisation is a running member of (none without the
    capability to take part)."""
    if not can(actor, Capability.CASETABLE_TAKE_PART) or actor.organisatie_id is None:
        return Casustafel.objects.none()
    today = timezone.localdate()
    # One filter() call, so every condition is on the same membership (two calls would let
    # another organisation's running membership keep an ended one's table visible).
    return Casustafel.objects.filter(
        Q(leden__tot__isnull=True) | Q(leden__tot__gte=today),
        leden__organisatie_id=actor.organisatie_id,
        leden__sinds__lte=today,
    ).distinct()


def is_member(actor: User, tafel: Casustafel) -> bool:
    return tables_of(actor).filter(pk=tafel.pk).exists()


def is_chair(actor: User, tafel: Casustafel) -> bool:
    return actor.pk == tafel.voorzitter_id and can(actor, Capability.CASETABLE_TAKE_PART)


def is_secretary(actor: User, tafel: Casustafel) -> bool:
    return actor.pk == tafel.secretaris_id and can(actor, Capability.CASETABLE_TAKE_PART)


@dataclass(frozen=True)
class Zicht:
    """What one organisation may see of one agenda item."""

    volledig: bool  # title, addresses, the record of the discussion
    partijen: bool  # owner names (a case item seen in full whose parties are shared too)

    @property
    def gepseudonimiseerd(self) -> bool:
        return not self.volledig


def _shared_parts(organisatie_id: int, casus_ids: Iterable[int]) -> dict[int, set[str]]:
    """Per case, the parts running sharings give the organisation (one statement, none for
    no cases)."""
    parts: dict[int, set[str]] = {}
    casus_ids = list(casus_ids)
    if not casus_ids:
        return parts
    for casus_id, onderdelen in Deling.objects.filter(
        organisatie_id=organisatie_id,
        casus_id__in=casus_ids,
        beeindigd_op__isnull=True,
        tot__gte=timezone.localdate(),
    ).values_list("casus_id", "onderdelen"):
        parts.setdefault(casus_id, set()).update(onderdelen)
    return parts


def zicht_op(organisatie_id: int, item: Agendapunt, gedeeld: set[str] | None = None) -> Zicht:
    """The one rule (see the module's docstring). `gedeeld`: the parts of the item's case
    that running sharings give the organisation, when the caller read them already."""
    if item.casus_id is None:
        tafel = item.vergadering.tafel
        own = organisatie_id in (item.ingebracht_namens_id, tafel.voorzitter.organisatie_id)
        return Zicht(volledig=own, partijen=own)
    casus: Casus = item.casus  # type: ignore[assignment]
    if casus.organisatie_id == organisatie_id:
        return Zicht(volledig=True, partijen=True)
    if gedeeld is None:
        gedeeld = _shared_parts(organisatie_id, [casus.pk]).get(casus.pk, set())
    full = Onderdeel.OBJECTEN in gedeeld
    return Zicht(volledig=full, partijen=full and Onderdeel.PARTIJEN in gedeeld)


def item_reference(item: Agendapunt) -> str:
    """How every member names an item: the case's reference, or the signal's."""
    if item.casus_id is not None:
        return item.casus.referentie  # type: ignore[union-attr]
    return f"SIG-{item.pk:06d}"


def log_items(*, actor: User | None, operation: str, items: Iterable[Agendapunt]) -> None:
    """One processing-log line per item shown (reference; the owners as data subjects when the
    viewer's organisation sees them), in one insert."""
    objects: list[tuple[str, DataSubject | None]] = []
    for item in items:
        ref = (
            f"casus:{item.casus.referentie}"  # type: ignore[union-attr]
            if item.casus_id is not None
            else f"agendapunt:{item.pk}"
        )
        objects.append((ref, None))
    if objects:
        processing_log_record(actor=actor, operation=operation, activity=ACTIVITY, objects=objects)


@dataclass(frozen=True)
class Getoond:
    """An agenda item as one member organisation may see it: every page, PDF, export and the
    API render items from this, never from the model."""

    item: Agendapunt
    zicht: Zicht
    referentie: str  # the case's or the signal's reference: every member sees it
    titel: str | None  # None: pseudonymised
    adressen: tuple[str, ...]  # empty when pseudonymised
    eigenaren: tuple[str, ...]  # owner names; empty unless the parties are shared
    signaal: str | None  # a new signal's description; None when pseudonymised or a case

    @property
    def gepseudonimiseerd(self) -> bool:
        return self.zicht.gepseudonimiseerd


def _main_addresses(addresses: QuerySet[Any], key: str) -> dict[int, tuple[str, ...]]:
    """The main addresses of `addresses`, grouped by the value of `key` (one statement)."""
    found: dict[int, list[str]] = {}
    for adres in addresses.filter(hoofdadres=True).annotate(sleutel=F(key)):
        found.setdefault(adres.sleutel, []).append(str(adres))
    return {k: tuple(v) for k, v in found.items()}


def items_shown(*, actor: User, items: Iterable[Agendapunt], operation: str) -> list[Getoond]:
    """The items as the actor's organisation may see them (the one rule, `zicht_op`), each
    view logged in one insert. What they show is read a kind at a time for all of them: a
    long agenda costs no more statements than a short one. The caller has checked that the
    actor may see the meeting (a member, the chair, the secretary)."""
    from goedwonen.casussen.models import Partij
    from goedwonen.registry.models import Adres

    organisatie_id = actor.organisatie_id
    assert organisatie_id is not None
    items = list(items)
    # The sharings matter only for the cases another organisation directs.
    others = {
        i.casus_id
        for i in items
        if i.casus_id is not None and i.casus.organisatie_id != organisatie_id  # type: ignore[union-attr]
    }
    gedeeld = _shared_parts(organisatie_id, others)
    zichten = [
        zicht_op(organisatie_id, i, gedeeld.get(i.casus_id, set()) if i.casus_id else None)
        for i in items
    ]
    full_cases = {i.casus_id for i, z in zip(items, zichten, strict=True) if z.volledig}
    full_signals = {
        i.verblijfsobject_id
        for i, z in zip(items, zichten, strict=True)
        if z.volledig and i.casus_id is None
    }
    case_addresses = _main_addresses(
        Adres.objects.filter(verblijfsobject__casusobjecten__casus__in=full_cases - {None}),
        "verblijfsobject__casusobjecten__casus",
    )
    signal_addresses = _main_addresses(
        Adres.objects.filter(verblijfsobject__in=full_signals - {None}), "verblijfsobject"
    )
    owners: dict[int, list[str]] = {}
    parties_cases = {
        i.casus_id for i, z in zip(items, zichten, strict=True) if z.partijen and i.casus_id
    }
    for partij in Partij.objects.filter(
        casus__in=parties_cases, eigenaar__isnull=False
    ).select_related("eigenaar"):
        owners.setdefault(partij.casus_id, []).append(
            partij.eigenaar.naam or partij.eigenaar.eigenaar_id  # type: ignore[union-attr]
        )
    shown = []
    for item, zicht in zip(items, zichten, strict=True):
        titel: str | None = None
        adressen: tuple[str, ...] = ()
        eigenaren: tuple[str, ...] = ()
        signaal: str | None = None
        if zicht.volledig and item.casus_id is not None:
            titel = item.casus.titel  # type: ignore[union-attr]
            adressen = case_addresses.get(item.casus_id, ())
            if zicht.partijen:
                eigenaren = tuple(owners.get(item.casus_id, ()))
        elif zicht.volledig:
            titel = "Nieuw signaal"
            signaal = item.signaal
            if item.verblijfsobject_id is not None:
                adressen = signal_addresses.get(item.verblijfsobject_id, ())
        shown.append(
            Getoond(item, zicht, item_reference(item), titel, adressen, eigenaren, signaal)
        )
    log_items(actor=actor, operation=operation, items=items)
    return shown


# --- The meeting and its minutes ------------------------------------------------------------


def may_lead(actor: User, tafel: Casustafel) -> bool:
    """The chair and the secretary lead the table: they record its meetings."""
    return is_chair(actor, tafel) or is_secretary(actor, tafel)


def meeting_open_to(actor: User, vergadering_pk: int) -> Tafelvergadering:
    """The meeting, if the actor may see its pages: a person of a running member organisation,
    the chair or the secretary. Anyone else: `Tafelvergadering.DoesNotExist` (a 404)."""
    vergadering = Tafelvergadering.objects.select_related(
        "tafel", "tafel__voorzitter", "tafel__secretaris"
    ).get(pk=vergadering_pk)
    tafel = vergadering.tafel
    if not (is_member(actor, tafel) or may_lead(actor, tafel)):
        raise Tafelvergadering.DoesNotExist
    return vergadering


# What the meeting page and the minutes show: the items accepted for the meeting, discussed in
# it or carried over from it.
RECORD_STATUSES = (
    Agendapuntstatus.GEACCEPTEERD,
    Agendapuntstatus.BESPROKEN,
    Agendapuntstatus.DOORGESCHOVEN,
)


@dataclass(frozen=True)
class Vergaderpunt:
    """One item of the meeting as the viewer's organisation may see it: the record of the
    discussion only when it sees the item in full; pseudonymised, only the decisions for its
    own organisation."""

    getoond: Getoond
    bespreking: str
    strategie: str
    escalatie: str
    opgeschaald: bool
    afspraken: tuple[Afspraak, ...]
    delingsbesluiten: tuple[Delingsbesluit, ...]
    doorgeschoven_naar: Tafelvergadering | None


@dataclass(frozen=True)
class Signaalregel:
    """A trend or signal the table spotted, as the meeting and the minutes name it (no
    personal data)."""

    categorie: str  # the category's label
    gebied: str
    omschrijving: str


def _signaalregel(signaal: Tafelsignaal) -> Signaalregel:
    code = signaal.categorie
    label = Categorie(code).label if code in Categorie.values else code
    return Signaalregel(str(label), signaal.gebied.naam, signaal.omschrijving)


def _vergaderpunt(g: Getoond, organisatie_id: int) -> Vergaderpunt:
    item = g.item
    afspraken = tuple(item.afspraken.all())  # prefetched by `_punten`
    later = item.vervolg.vergadering if item.vervolg is not None else None
    if g.gepseudonimiseerd:
        own = tuple(a for a in afspraken if a.organisatie_id == organisatie_id)
        return Vergaderpunt(g, "", "", "", False, own, (), later)
    return Vergaderpunt(
        g,
        item.bespreking,
        item.strategie,
        item.escalatie,
        item.opgeschaald,
        afspraken,
        tuple(item.delingsbesluiten.all()),
        later,
    )


def _punten(*, actor: User, vergadering: Tafelvergadering, operation: str) -> list[Vergaderpunt]:
    """The meeting's items for the actor's organisation, every one through the one rule
    (`items_shown`, one log line per item with `operation`)."""
    assert actor.organisatie_id is not None
    items = (
        vergadering.agendapunten.filter(status__in=RECORD_STATUSES)
        .select_related(
            "casus", "ingebracht_namens", "vergadering__tafel__voorzitter", "vervolg__vergadering"
        )
        .prefetch_related(
            Prefetch(
                "afspraken",
                queryset=Afspraak.objects.select_related("organisatie", "eigenaar", "taak"),
            ),
            Prefetch(
                "delingsbesluiten",
                queryset=Delingsbesluit.objects.select_related("deling__organisatie"),
            ),
        )
        .order_by("volgorde", "ingebracht_op", "pk")
    )
    shown = items_shown(actor=actor, items=items, operation=operation)
    return [_vergaderpunt(g, actor.organisatie_id) for g in shown]


@dataclass(frozen=True)
class Vergadering:
    """A meeting as one member organisation may see it."""

    vergadering: Tafelvergadering
    aanwezigheid: tuple[Aanwezigheid, ...]
    punten: tuple[Vergaderpunt, ...]
    signalen: tuple[Signaalregel, ...]
    wacht_op_besluit: int  # items brought in the chair has not decided on (the agenda's work)


def vergadering_voor(*, actor: User, vergadering: Tafelvergadering) -> Vergadering:
    """The meeting for the actor's organisation. The caller has checked that the actor may
    see the meeting (`meeting_open_to`)."""
    if not can(actor, Capability.CASETABLE_TAKE_PART) or actor.organisatie_id is None:
        raise Tafelvergadering.DoesNotExist
    punten = _punten(
        actor=actor, vergadering=vergadering, operation="Casustafel: vergadering ingezien"
    )
    return Vergadering(
        vergadering=vergadering,
        aanwezigheid=tuple(vergadering.aanwezigheid.select_related("organisatie")),
        punten=tuple(punten),
        signalen=tuple(map(_signaalregel, vergadering.signalen.select_related("gebied"))),
        wacht_op_besluit=vergadering.agendapunten.filter(status=Agendapuntstatus.INGEDIEND).count(),
    )


@dataclass(frozen=True)
class Notulen:
    """A meeting's minutes as one member organisation may read them."""

    vergadering: Tafelvergadering
    organisatie: Organisatie
    grondslag: str  # the basis the organisation takes part under ("" if it is no member)
    aanwezigheid: tuple[Aanwezigheid, ...]
    punten: tuple[Vergaderpunt, ...]  # discussed
    doorgeschoven: tuple[Vergaderpunt, ...]  # carried over to a later meeting
    signalen: tuple[Signaalregel, ...]

    @property
    def vastgesteld(self) -> bool:
        return self.vergadering.notulen_vastgesteld_op is not None


def notulen_voor(*, actor: User, vergadering: Tafelvergadering, operation: str) -> Notulen:
    """The minutes for the actor's organisation. The caller has checked that the actor may see
    the meeting (`meeting_open_to`)."""
    require(actor, Capability.CASETABLE_TAKE_PART)
    organisatie = actor.organisatie
    assert organisatie is not None
    punten = _punten(actor=actor, vergadering=vergadering, operation=operation)
    lid = running_members(vergadering.tafel).filter(organisatie=organisatie).first()
    doorgeschoven = Agendapuntstatus.DOORGESCHOVEN
    return Notulen(
        vergadering=vergadering,
        organisatie=organisatie,
        grondslag=lid.grondslag if lid is not None else "",
        aanwezigheid=tuple(vergadering.aanwezigheid.select_related("organisatie")),
        punten=tuple(p for p in punten if p.getoond.item.status != doorgeschoven),
        doorgeschoven=tuple(p for p in punten if p.getoond.item.status == doorgeschoven),
        signalen=tuple(map(_signaalregel, vergadering.signalen.select_related("gebied"))),
    )


# The agenda's groups, in the order the page shows them: (key, title, statuses). The key is
# the group's page parameter.
AGENDA_GROUPS = (
    ("besluiten", "Te besluiten", (Agendapuntstatus.INGEDIEND,)),
    (
        "geaccepteerd",
        "Geaccepteerd",
        (Agendapuntstatus.GEACCEPTEERD, Agendapuntstatus.BESPROKEN, Agendapuntstatus.DOORGESCHOVEN),
    ),
    (
        "uitgesteld",
        "Uitgesteld of geweigerd",
        (Agendapuntstatus.UITGESTELD, Agendapuntstatus.GEWEIGERD),
    ),
)
# Items a group shows at a time: a long agenda is read in pages, each group on its own.
AGENDA_PAGE = 25


def _agenda(vergadering: Tafelvergadering) -> QuerySet[Agendapunt]:
    return vergadering.agendapunten.select_related(
        "casus", "ingebracht_namens", "vergadering__tafel__voorzitter", "vervolg__vergadering"
    ).order_by("volgorde", "ingebracht_op", "pk")


def _may_read_agenda(actor: User) -> None:
    if not can(actor, Capability.CASETABLE_TAKE_PART) or actor.organisatie_id is None:
        raise Tafelvergadering.DoesNotExist


def agenda_items(*, actor: User, vergadering: Tafelvergadering, operation: str) -> list[Getoond]:
    """Every item on the meeting's agenda as the actor's organisation may see it (the one
    rule, one log line per item): the export and the API. The caller has checked
    `meeting_open_to`."""
    _may_read_agenda(actor)
    return items_shown(actor=actor, items=_agenda(vergadering), operation=operation)


@dataclass(frozen=True)
class Agendagroep:
    """One group of the agenda page: its page of items (`page.object_list` holds `Getoond`)."""

    key: str
    naam: str
    page: Page[Getoond]

    @property
    def paginering(self) -> str:
        return f"Paginering {self.naam.lower()}"


def agenda_pages(
    *,
    actor: User,
    vergadering: Tafelvergadering,
    operation: str,
    asked: Mapping[str, str],
    holding: int | None = None,
) -> list[Agendagroep]:
    """The agenda page: each group's page (`asked`: the page number by group key; a group
    whose item `holding` is, on that item's page), the shown items through the one rule and
    logged in one insert. What a page costs does not grow with the agenda."""
    _may_read_agenda(actor)
    items = _agenda(vergadering)
    pages: list[tuple[str, str, Page[Any], list[Agendapunt]]] = []
    for key, naam, statussen in AGENDA_GROUPS:
        group = items.filter(status__in=statussen)
        number: Any = asked.get(key)
        if holding is not None:
            ids = list(group.values_list("pk", flat=True))
            if holding in ids:
                number = ids.index(holding) // AGENDA_PAGE + 1
        # The page's keys first, then those items with what they show: the joins for 25
        # items, not for every item of the group before its order is known (an agenda of
        # 1,176 items: 6.7 ms to 1 ms, ADR 0027).
        page = Paginator(group.values_list("pk", flat=True), AGENDA_PAGE).get_page(number)
        keys = list(page.object_list)
        rows = {item.pk: item for item in group.filter(pk__in=keys)} if keys else {}
        pages.append((key, naam, page, [rows[pk] for pk in keys]))
    shown = items_shown(
        actor=actor,
        items=[item for *_, on_page in pages for item in on_page],
        operation=operation,
    )
    by_item = {g.item.pk: g for g in shown}
    return [
        Agendagroep(
            key,
            naam,
            Page([by_item[item.pk] for item in on_page], page.number, cast(Any, page.paginator)),
        )
        for key, naam, page, on_page in pages
    ]


def next_open_meeting(tafel: Casustafel, *, after: datetime) -> Tafelvergadering | None:
    """The table's first planned meeting after the moment whose cut-off has not passed."""
    for vergadering in tafel.vergaderingen.filter(
        status=Vergaderstatus.GEPLAND, begint_op__gt=after
    ).order_by("begint_op"):
        if cut_off(vergadering) >= after:
            return vergadering
    return None


def next_planned_meeting(vergadering: Tafelvergadering) -> Tafelvergadering | None:
    """The table's first planned meeting after this one (where items are carried over or
    postponed to)."""
    return (
        vergadering.tafel.vergaderingen.filter(
            status=Vergaderstatus.GEPLAND, begint_op__gt=vergadering.begint_op
        )
        .order_by("begint_op")
        .first()
    )


def cut_off(vergadering: Tafelvergadering) -> datetime:
    """The last moment to bring an item in: `indientermijn_dagen` before the meeting."""
    return vergadering.begint_op - timedelta(days=vergadering.tafel.indientermijn_dagen)


# Tables, their schedule and the follow-up of their decisions (tafels lane) ------------------


def may_see_table(actor: User, tafel: Casustafel) -> bool:
    return may_lead(actor, tafel) or is_member(actor, tafel)


def tafel_get(*, actor: User, pk: int) -> Casustafel:
    """A table its members, chair and secretary see, and whoever sets tables up; for anyone
    else it does not exist (Casustafel.DoesNotExist: a 404)."""
    tafel = Casustafel.objects.select_related("voorzitter", "secretaris").get(pk=pk)
    if not (can(actor, Capability.CASETABLES_MANAGE) or may_see_table(actor, tafel)):
        raise Casustafel.DoesNotExist
    return tafel


def tafelvergadering_get(*, actor: User, pk: int) -> Tafelvergadering:
    """A meeting of a table the actor leads (chair or secretary); else DoesNotExist."""
    vergadering = Tafelvergadering.objects.select_related("tafel").get(pk=pk)
    if not may_lead(actor, vergadering.tafel):
        raise Tafelvergadering.DoesNotExist
    return vergadering


def next_meeting(tafel: Casustafel) -> Tafelvergadering | None:
    return (
        tafel.vergaderingen.filter(status=Vergaderstatus.GEPLAND, begint_op__gte=timezone.now())
        .order_by("begint_op")
        .first()
    )


@dataclass(frozen=True)
class Schemastand:
    """The plan's target for one table: of the meetings the schedule gave this year up to
    now, how many were held."""

    jaar: int
    gehouden: int
    verwacht: int

    @property
    def tekst(self) -> str:
        if not self.verwacht:
            return f"Nog geen vergadering volgens schema voorbij in {self.jaar}"
        return f"{self.gehouden} van {self.verwacht} volgens schema gehouden in {self.jaar}"

    @property
    def op_schema(self) -> bool | None:
        """True: every meeting held; False: one or more not; None: nothing due yet."""
        return None if not self.verwacht else self.gehouden == self.verwacht


def _schema_standen(tafels: Iterable[int]) -> dict[int, Schemastand]:
    """Each table's meetings due this year and those held of them (one statement)."""
    now = timezone.now()
    jaar = timezone.localdate(now).year
    counts = {
        row["tafel"]: row
        for row in Tafelvergadering.objects.filter(
            tafel__in=list(tafels), volgens_schema__year=jaar, volgens_schema__lte=now
        )
        .values("tafel")
        .annotate(
            verwacht=Count("pk"), gehouden=Count("pk", filter=Q(status=Vergaderstatus.GEHOUDEN))
        )
        .order_by()
    }
    return defaultdict(
        lambda: Schemastand(jaar=jaar, gehouden=0, verwacht=0),
        {
            pk: Schemastand(jaar=jaar, gehouden=row["gehouden"], verwacht=row["verwacht"])
            for pk, row in counts.items()
        },
    )


def schema_stand(tafel: Casustafel) -> Schemastand:
    return _schema_standen([tafel.pk])[tafel.pk]


@dataclass(frozen=True)
class Tafelregel:
    tafel: Casustafel
    volgende: Tafelvergadering | None
    stand: Schemastand
    zichtbaar: bool  # the actor sees the table's page (else only its set-up)


def next_meetings(tafels: list[Casustafel]) -> dict[int, Tafelvergadering]:
    """Each table's next planned meeting (the nearest; of two at the same time, the first
    made), in one query for all the tables, by table; each knows its table (`cut_off`)."""
    by_pk = {t.pk: t for t in tafels}
    found: dict[int, Tafelvergadering] = {}
    for vergadering in Tafelvergadering.objects.filter(
        tafel__in=list(by_pk), status=Vergaderstatus.GEPLAND, begint_op__gte=timezone.now()
    ).order_by("tafel", "begint_op", "pk"):
        if vergadering.tafel_id not in found:
            vergadering.tafel = by_pk[vergadering.tafel_id]
            found[vergadering.tafel_id] = vergadering
    return found


def tafels_overzicht(*, actor: User) -> list[Tafelregel]:
    """The tables the actor's organisation sits at or the actor leads; every table for those
    who set tables up. No personal data of residents: not logged."""
    led = Q(voorzitter=actor) | Q(secretaris=actor)
    if can(actor, Capability.CASETABLES_MANAGE):
        tafels = Casustafel.objects.all()
    elif can(actor, Capability.CASETABLE_TAKE_PART):
        tafels = Casustafel.objects.filter(Q(pk__in=tables_of(actor)) | led)
    else:
        return []
    # Each kind of fact read once for every table: the list costs the same for two tables or
    # for twenty.
    found = list(
        tafels.select_related("voorzitter", "secretaris").prefetch_related("gebieden").distinct()
    )
    pks = [t.pk for t in found]
    volgende = next_meetings(found)
    standen = _schema_standen(pks)
    takes_part = can(actor, Capability.CASETABLE_TAKE_PART)
    member_of = set(tables_of(actor).filter(pk__in=pks).values_list("pk", flat=True))
    return [
        Tafelregel(
            tafel=t,
            volgende=volgende.get(t.pk),
            stand=standen[t.pk],
            zichtbaar=takes_part and (may_lead(actor, t) or t.pk in member_of),
        )
        for t in found
    ]


def tafel_leden(*, actor: User, tafel: Casustafel) -> QuerySet[Tafellid]:
    """Every membership of the table, running and ended, with its basis (no personal data:
    organisations and their covenants)."""
    return tafel.leden.select_related("organisatie")


def tafel_vergaderingen(*, actor: User, tafel: Casustafel) -> tuple[list, list]:
    """The table's meetings: upcoming (first the nearest) and past (first the latest)."""
    now = timezone.now()
    meetings = tafel.vergaderingen.all()
    upcoming = list(meetings.filter(begint_op__gte=now).order_by("begint_op"))
    past = list(meetings.filter(begint_op__lt=now).order_by("-begint_op"))
    return upcoming, past


class Opvolgstaat(models.TextChoices):
    AFGEROND = "afgerond", "Afgerond"
    TE_LAAT = "te_laat", "Te laat"
    OPEN = "open", "Open"
    VERVALLEN = "vervallen", "Vervallen"


@dataclass(frozen=True)
class Opvolgregel:
    afspraak: Afspraak
    getoond: Getoond  # the item as the actor's organisation may see it
    deadline: date
    staat: Opvolgstaat


@dataclass(frozen=True)
class Opvolging:
    regels: list[Opvolgregel]

    def _count(self, staat: Opvolgstaat) -> int:
        return sum(1 for r in self.regels if r.staat == staat)

    @property
    def afgerond(self) -> int:
        return self._count(Opvolgstaat.AFGEROND)

    @property
    def te_laat(self) -> int:
        return self._count(Opvolgstaat.TE_LAAT)

    @property
    def open(self) -> int:
        return self._count(Opvolgstaat.OPEN)


def _staat(afspraak: Afspraak, today: date) -> tuple[date, Opvolgstaat]:
    """The decision's state from its task in the case (a signal without a case has no task:
    then from its own deadline)."""
    taak = afspraak.taak
    deadline = taak.deadline if taak is not None else afspraak.deadline
    if taak is not None and taak.status == Taakstatus.AFGEROND:
        return deadline, Opvolgstaat.AFGEROND
    if taak is not None and taak.status == Taakstatus.VERVALLEN:
        return deadline, Opvolgstaat.VERVALLEN
    return deadline, Opvolgstaat.TE_LAAT if deadline < today else Opvolgstaat.OPEN


STAAT_ORDER = [Opvolgstaat.TE_LAAT, Opvolgstaat.OPEN, Opvolgstaat.AFGEROND, Opvolgstaat.VERVALLEN]


def opvolging(
    *, actor: User, tafel: Casustafel, voor: Tafelvergadering | None = None
) -> Opvolging | None:
    """The decisions of the table's earlier meetings (before `voor`, or before now) with the
    state of their tasks (late first), for the chair and the secretary (None for anyone
    else). Each item is shown through the one rule and its view logged."""
    if not may_lead(actor, tafel):
        return None
    today = timezone.localdate()
    afspraken = list(
        Afspraak.objects.filter(
            agendapunt__vergadering__tafel=tafel,
            agendapunt__vergadering__begint_op__lt=voor.begint_op if voor else timezone.now(),
        )
        .exclude(agendapunt__vergadering__status=Vergaderstatus.GEANNULEERD)
        .select_related(
            "taak",
            "organisatie",
            "eigenaar",
            "agendapunt__casus",
            "agendapunt__vergadering__tafel__voorzitter",
        )
    )
    items = list({a.agendapunt_id: a.agendapunt for a in afspraken}.values())
    shown = {
        g.item.pk: g
        for g in items_shown(actor=actor, items=items, operation="Casustafel: opvolging ingezien")
    }
    regels = [Opvolgregel(a, shown[a.agendapunt_id], *_staat(a, today)) for a in afspraken]
    regels.sort(key=lambda r: (STAAT_ORDER.index(r.staat), r.deadline))
    return Opvolging(regels)


def tafel_start_block(*, actor: User, today: date) -> Werkblok | None:
    """The start page's block: the next meeting of each of my tables with its cut-off, and
    the items waiting for my decision as chair. Nothing of residents: not logged."""
    from goedwonen.werk.selectors import Werkblok, Werkitem

    tafels = list(
        Casustafel.objects.filter(
            Q(pk__in=tables_of(actor)) | Q(voorzitter=actor) | Q(secretaris=actor)
        ).distinct()
    )
    if not tafels:
        return None
    items = []
    waiting = (
        Agendapunt.objects.filter(
            vergadering__tafel__voorzitter=actor,
            vergadering__status=Vergaderstatus.GEPLAND,
            status=Agendapuntstatus.INGEDIEND,
        )
        .values("vergadering")
        .annotate(aantal=Count("pk"))
        .order_by("vergadering__begint_op")
    )
    volgende = next_meetings(tafels)
    meetings = Tafelvergadering.objects.select_related("tafel").in_bulk(
        [w["vergadering"] for w in waiting]
    )
    for w in waiting:
        vergadering = meetings[w["vergadering"]]
        try:  # the agenda is the agenda lane's page
            link = reverse("vergadering-agenda", args=[vergadering.pk])
        except NoReverseMatch:
            link = reverse("casustafel", args=[vergadering.tafel_id])
        items.append(
            Werkitem(
                titel=f"{w['aantal']} ingebracht, wacht op uw besluit",
                detail=f"{vergadering.tafel.naam}, "
                f"vergadering {moment_text(vergadering.begint_op)}",
                link=link,
                actie="Naar de agenda",
            )
        )
    for tafel in tafels:
        if (next_meeting := volgende.get(tafel.pk)) is None:
            continue
        items.append(
            Werkitem(
                titel=f"{tafel.naam}: {moment_text(next_meeting.begint_op)}",
                detail=f"Inbrengen kan tot {moment_text(cut_off(next_meeting))}",
                link=reverse("casustafel", args=[tafel.pk]),
                actie="Naar de tafel",
            )
        )
    return Werkblok(
        sleutel="casustafels",
        titel="Mijn casustafels",
        aantal=sum(w["aantal"] for w in waiting),
        items=items,
        leeg="Er zijn geen vergaderingen gepland voor uw casustafels.",
        meer_link=reverse("casustafels"),
        meer_label="Alle casustafels",
        meer_telt=False,
    )


def moment_text(moment: datetime) -> str:
    """'15 december 2026 om 10:00'."""
    return f"{display.datum(moment)} om {timezone.localtime(moment):%H:%M}"
