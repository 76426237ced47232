"""The list toolkit: search, sortable columns, filters in the URL, pagination that keeps them,
saved filters and the CSV link, the same on every staff queue and list.

A list declares itself once (`Lijstdefinitie`: its key, its columns and how each sorts, the
URL parameters that are its filters); its view reads the request into a `Lijst` and renders
`core/_lijst_kop.html` (search box, saved filters) and `core/_sorteerkop.html` (a column
header) around its own table, and `core/_pagination.html` below it. The selector still does
the filtering and the access check: the toolkit only orders and pages what it was given, and
builds the links, so every link keeps the other parameters and drops the page number when
the result changes (a search or a new sort starts on page 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast, overload

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, QueryDict

from .display import getal
from .memo import ProcessMemo
from .policy import Capability
from .validators import clean_postcode, query_int

SEARCH = "zoek"
SORT = "sorteer"
PAGE = "pagina"
MAX_SEARCH = 100

T = TypeVar("T")
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Kolom:
    """A column header. `sort`: the fields it sorts on (ascending), empty for a column that
    does not sort. `numeric`: right-aligned, as the table component does for numbers."""

    key: str
    label: str
    sort: tuple[str, ...] = ()
    numeric: bool = False


@dataclass(frozen=True)
class Lijstdefinitie:
    """One list. `key` names it for saved filters (unique across the product); `filters` are
    the URL parameters that filter it (besides the search and the sort), kept in every link."""

    key: str
    kolommen: tuple[Kolom, ...]
    filters: tuple[str, ...] = ()
    zoeken: bool = True
    zoekhulp: str = ""
    per_pagina: int = 30
    # Read a page as its keys first, then those rows whole (`BegrensdePaginator`): for a
    # list whose rows join and compute much, over a filter the keys alone can answer.
    eerst_sleutels: bool = False

    def kolom(self, key: str) -> Kolom | None:
        return next((k for k in self.kolommen if k.key == key and k.sort), None)


@dataclass
class Lijst:
    """A list as one request asks for it: the search term, the sort, the page, the filters."""

    definitie: Lijstdefinitie
    params: QueryDict
    zoek: str = ""
    sorteer: str = ""  # a column key, "-" in front for descending; "" the list's own order
    pad: str = ""
    opgeslagen: Sequence[Any] = field(default_factory=list)

    @classmethod
    def from_request(cls, request: HttpRequest, definitie: Lijstdefinitie) -> Lijst:
        params = request.GET.copy()
        sort = params.get(SORT, "")
        if definitie.kolom(sort.removeprefix("-")) is None:
            sort = ""
        return cls(
            definitie=definitie,
            params=params,
            zoek=params.get(SEARCH, "").strip()[:MAX_SEARCH] if definitie.zoeken else "",
            sorteer=sort,
            pad=request.path,
        )

    # Reading and ordering

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name, default)

    @overload
    def order(self, items: QuerySet[M]) -> QuerySet[M]: ...
    @overload
    def order(self, items: Sequence[T]) -> list[T]: ...
    def order(self, items: QuerySet[Any] | Sequence[T]) -> QuerySet[Any] | list[T]:
        """`items` in the asked sort, with the selector's own order as the tie-breaker. A
        list a selector built in Python sorts on the same paths ("eigenaar__naam"); an empty
        value sorts last either way."""
        kolom = self.definitie.kolom(self.sorteer.removeprefix("-"))
        descending = self.sorteer.startswith("-")
        if isinstance(items, QuerySet):
            if kolom is None:
                return items
            fields = [f"-{f}" if descending else f for f in kolom.sort]
            return items.order_by(*fields, *items.query.order_by, "pk")
        if kolom is None:
            return list(items)

        def key(item: T) -> tuple[Any, ...]:
            # Python's sort is stable: equal keys keep the selector's order.
            values = (_path(item, f) for f in kolom.sort)
            return tuple(((v is None) != descending, _sortable(v)) for v in values)

        return sorted(items, key=key, reverse=descending)

    def page(
        self, items: QuerySet[Any] | Sequence[Any], *, eerst_sleutels: bool | None = None
    ) -> Page[Any]:
        """The page asked; `eerst_sleutels` overrides the list's own way to read it, for a
        filter that reads better by its keys first."""
        if eerst_sleutels is None:
            eerst_sleutels = self.definitie.eerst_sleutels
        paginator = BegrensdePaginator(
            items, self.definitie.per_pagina, eerst_sleutels=eerst_sleutels
        )
        return paginator.get_page(self.params.get(PAGE))

    # Links

    def _query(self, **changes: str | None) -> str:
        query = self.params.copy()
        for name in ("csrfmiddlewaretoken", *changes):
            query.pop(name, None)
        for name, value in changes.items():
            if value:
                query[name] = value
        return query.urlencode()

    @property
    def query(self) -> str:
        """Everything but the page number: for the pagination and the CSV link."""
        return self._query(**{PAGE: None})

    @property
    def filter_query(self) -> str:
        """What a saved filter keeps: the search, the sort and the list's filters."""
        kept = QueryDict(mutable=True)
        for name in (SEARCH, SORT, *self.definitie.filters):
            values = [v for v in self.params.getlist(name) if v]
            if values:
                kept.setlist(name, values)
        return kept.urlencode()

    @property
    def hidden(self) -> list[tuple[str, str]]:
        """The parameters a search form carries along unchanged (not the search, not the page)."""
        return [
            (name, value)
            for name, values in self.params.lists()
            if name not in (SEARCH, PAGE, "csrfmiddlewaretoken")
            for value in values
        ]

    @property
    def hidden_query(self) -> str:
        """The link that clears the search and keeps the rest."""
        return self._query(**{SEARCH: None, PAGE: None})

    @property
    def koppen(self) -> list[dict[str, Any]]:
        """The column headers: label, sort link and aria-sort for the template."""
        headers = []
        for kolom in self.definitie.kolommen:
            current = self.sorteer.removeprefix("-") == kolom.key
            descending = self.sorteer.startswith("-")
            header: dict[str, Any] = {"label": kolom.label, "numeric": kolom.numeric}
            if kolom.sort:
                header["aria_sort"] = (
                    ("descending" if descending else "ascending") if current else None
                )
                target = f"-{kolom.key}" if current and not descending else kolom.key
                header["href"] = "?" + self._query(**{SORT: target, PAGE: None})
                header["next"] = "aflopend" if current and not descending else "oplopend"
            headers.append(header)
        return headers


# Up to this many rows a list says how many it holds; beyond, "meer dan 1.000".
TELGRENS = 1000


class BegrensdePaginator(Paginator):
    """Pages over a list that counts no further than it must: up to `TELGRENS` rows, or to
    the page asked for and one row past it. A queue of a whole city's years then costs what
    its page costs, not a count of every row (the count was as dear as the rest of the page
    together, ADR 0027). `meer` says that the list holds more than `count`; the page links
    then go one page on at a time, and `aantal` says "meer dan 1.000"."""

    def __init__(self, object_list: Any, per_page: int, *, eerst_sleutels: bool = False) -> None:
        super().__init__(object_list, per_page)
        self.grens = TELGRENS
        self.meer = False
        self.eerst_sleutels = eerst_sleutels

    def page(self, number: Any) -> Page[Any]:
        """With `eerst_sleutels`, a page of a queryset read as its keys, in the list's order,
        up to the limit and one past (which also counts them), then the page's rows whole.
        PostgreSQL finds and orders the keys on an index alone, without joining or computing
        anything for the rows it passes: a case list filtered on category and buurt, or page
        500, read and joined every row on the way, and counted them again (ADR 0027)."""
        items = self.object_list
        if not (self.eerst_sleutels and isinstance(items, QuerySet)):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self._sleutels[bottom : bottom + self.per_page]
        rows = list(items.filter(pk__in=keys)) if keys else []
        return Page(rows, number, self)

    @cached_property
    def _sleutels(self) -> list[Any]:
        items = cast("QuerySet[Any]", self.object_list)
        return list(items.values_list("pk", flat=True)[: self.grens + 1])

    def validate_number(self, number: Any) -> int:
        # Every way to a page passes here before the count: count up to that page.
        if "count" not in self.__dict__:
            asked = query_int(str(number), maximum=10**6) or 1
            self.grens = max(TELGRENS, asked * self.per_page)
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        items = self.object_list
        if not isinstance(items, QuerySet):
            return len(items)
        counted = len(self._sleutels) if self.eerst_sleutels else begrensd_tellen(items, self.grens)
        self.meer = counted > self.grens
        return counted

    @property
    def aantal(self) -> str:
        """The count to show: "1.234", or "meer dan 1.000" when the list holds more."""
        return begrensd_aantal(self.count, self.grens)


def begrensd_tellen(items: QuerySet[Any], grens: int | None = None) -> int:
    """The rows counted up to `grens` (TELGRENS) and one past: more than `grens` means "more"
    (`begrensd_aantal`). Which rows fill the limit does not change the count: no order, no
    shown columns, so PostgreSQL stops at the limit on the filter's own index."""
    limit = TELGRENS if grens is None else grens
    return items.order_by().values("pk")[: limit + 1].count()


def _telling(items: QuerySet[Any], limit: int) -> tuple[str, list[Any]] | None:
    """SQL counting `items` up to `limit` and one past, as `begrensd_tellen` counts, to go
    inside another statement; None for a list that can hold nothing (an empty `__in`). The
    ORM compiles the subselect, and its values go as parameters."""
    bounded = items.order_by().values("pk")[: limit + 1]
    try:
        sql, params = bounded.query.get_compiler(using=bounded.db).as_sql()
    except EmptyResultSet:
        return None
    return f"SELECT COUNT(*) FROM ({sql}) AS telling", list(params)  # noqa: S608


def begrensd_tellen_samen(
    lijsten: Mapping[str, QuerySet[Any]], grens: int | None = None
) -> dict[str, int]:
    """`begrensd_tellen` of several lists of one database in one statement: each list its own
    subselect up to `grens` and one past, as a list's tabs show them. A page with five counts
    then pays one round trip and one result, not five (a report queue's tabs: 4 ms of its
    36, ADR 0027). A list that can hold nothing (an empty `__in`) counts 0 unasked."""
    limit = TELGRENS if grens is None else grens
    counts = dict.fromkeys(lijsten, 0)
    parts: list[str] = []
    params: list[Any] = []
    asked: list[str] = []
    using = None
    for name, items in lijsten.items():
        using = items.db
        if (telling := _telling(items, limit)) is None:
            continue
        parts.append(f"({telling[0]})")
        params.extend(telling[1])
        asked.append(name)
    if asked:
        with connections[using or "default"].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counts.update(zip(asked, cursor.fetchone(), strict=True))
    return counts


def eerste_met_aantal(
    items: QuerySet[M], aantal: int, grens: int | None = None
) -> tuple[list[M], int]:
    """The first `aantal` rows of `items` and how many there are (`begrensd_tellen`: up to
    `grens` and one past), in one statement: the count rides along with the rows as a
    subselect the database runs once. Fewer rows than asked are all there are, and counted
    as such; no row, nothing to count. A start page block is a list and its count: one
    statement, not two (ADR 0027)."""
    if (telling := _telling(items, TELGRENS if grens is None else grens)) is None:
        return [], 0
    rows = list(items.annotate(_begrensd_aantal=RawSQL(*telling))[:aantal])  # noqa: S611
    if len(rows) < aantal:
        return rows, len(rows)
    return rows, int(rows[0]._begrensd_aantal)  # type: ignore[attr-defined]


def begrensd_aantal(count: int, grens: int | None = None) -> str:
    """A count from `begrensd_tellen` to show: "1.234", or "meer dan 1.000"."""
    limit = TELGRENS if grens is None else grens
    return f"meer dan {getal(limit)}" if count > limit else getal(count)


def _path(item: object, path: str) -> Any:
    for name in path.split("__"):
        item = getattr(item, name, None)
        if item is None:
            return None
    return item


def _sortable(value: Any) -> Any:
    """Text sorts without regard to case; None (sorted apart by the key) as an empty string."""
    if value is None:
        return ""
    return value.casefold() if isinstance(value, str) else value


def search_address(term: str, *, path: str) -> Q:
    """An address by postcode (any spelling: '3072 ap', '3072AP'), by street and number
    ('Dordtselaan 12') or by part of the street name; `path` leads to an `Adres` ("adres__",
    "objecten__adres__")."""
    compact = term.replace(" ", "")
    if re.fullmatch(r"\d{4}[A-Za-z]{2}", compact):
        return Q(**{f"{path}postcode": clean_postcode(compact)})
    street_number = re.fullmatch(r"(.+?)\s+(\d{1,5})\s*[A-Za-z]?", term)
    if street_number:
        return Q(
            **{
                f"{path}openbareruimte__icontains": street_number.group(1),
                f"{path}huisnummer": int(street_number.group(2)),
            }
        )
    return Q(**{f"{path}openbareruimte__icontains": term})


def search_any(term: str, *parts: Q | Callable[[str], Q]) -> Q:
    """The OR of the parts; a callable part gets the term."""
    result = Q()
    for part in parts:
        result |= part(term) if callable(part) else part
    return result


# Bulk actions


def bulk_all_or_nothing(
    items: Sequence[T], act: Callable[[T], object], name: Callable[[T], str]
) -> list[str]:
    """`act` on every item through its own service, in one transaction: when one is
    refused, none is changed (and nothing the services scheduled on commit is sent). Returns
    why each refused item was refused, "<name>: <reason>"; empty when all went through."""
    refusals: list[str] = []
    with transaction.atomic():
        for item in items:
            try:
                # A savepoint per item: after a refusal the others are still tried (and
                # PostgreSQL keeps the transaction usable), so each refusal is named.
                with transaction.atomic():
                    act(item)
            except ValidationError as error:
                refusals.append(f"{name(item)}: {' '.join(error.messages)}")
            except PermissionDenied as error:
                refusals.append(f"{name(item)}: {error}")
        if refusals:
            transaction.set_rollback(True)
    return refusals


def selected_ids(request: HttpRequest, name: str) -> list[int]:
    """The ids ticked in a list (checkboxes `name`); what is no id is left out."""
    ids = (query_int(value) for value in request.POST.getlist(name))
    return sorted({i for i in ids if i is not None})


def people_who_can(organisatie_id: int | None, capability: Capability) -> list[tuple[str, str]]:
    """The active people of an organisation with a capability, as choices (id, name), in the
    order of their user names. The same rule as `can`, read in two statements: the roles that
    grant the capability (a handful), then the people holding one, as plain
    values; a list offers this on every page, so no person is made into an object."""
    if organisatie_id is None:
        return []
    return [(pk, naam) for pk, naam, _ in _people_who_can(capability, organisatie_id)]


def people_anywhere_who_can(capability: Capability) -> list[tuple[str, str]]:
    """`people_who_can` over every active organisation, each named with theirs:
    "Naam (Organisatie)" (a report sent on to a director of any organisation)."""
    people = _people_who_can(capability)
    return [(pk, f"{naam} ({organisatie})") for pk, naam, organisatie in people]


# The people each picker offers, kept per process for half a minute: the lists offer them on
# every page (a report queue's bulk assignment, the case lists' director filter; two
# statements, 1.5 ms of its 30, ADR 0027). A change to a person or a role saved in this
# process drops them at once (`people_pickers_forget`); elsewhere it shows within the half
# minute. Choosing is no grant: each service checks the person chosen can do it.
_pickers: ProcessMemo[tuple[Capability, int | None], list[tuple[str, str, str]]] = ProcessMemo(30)


def people_pickers_forget() -> None:
    _pickers.forget()


def _people_who_can(
    capability: Capability, organisatie_id: int | None = None
) -> list[tuple[str, str, str]]:
    people = _pickers.get(
        (capability, organisatie_id), lambda: _people_read(capability, organisatie_id)
    )
    assert people is not None  # a list is always kept
    return people


def _people_read(capability: Capability, organisatie_id: int | None) -> list[tuple[str, str, str]]:
    user_model = get_user_model()
    roles = cast("type[Model]", user_model._meta.get_field("rollen").related_model)._default_manager
    granting = [pk for pk, codes in roles.values_list("pk", "capabilities") if capability in codes]
    if not granting:
        return []
    people = user_model.objects.filter(
        is_active=True, is_serviceaccount=False, organisatie__actief=True, rollen__in=granting
    )
    if organisatie_id is not None:
        people = people.filter(organisatie_id=organisatie_id)
    rows = (
        people.values_list("pk", "first_name", "last_name", "username", "organisatie__naam")
        .order_by("username")
        .distinct()
    )
    return [
        (str(pk), f"{first} {last}".strip() or username, organisatie)
        for pk, first, last, username, organisatie in rows
    ]
