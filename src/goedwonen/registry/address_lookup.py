"""Finding registered addresses by what someone gave: a nummeraanduiding, or postcode, house
number, letter and addition. One address for a form or a report (`find_address`), many at
once for a delivery (`find_addresses`), by the same rules. The BAG's addresses are public
registry data, not personal data: these reads take no actor and write no log line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from goedwonen.core import validators

from .models import Adres, Verblijfsobject

# Values per IN list of a look-up: few queries, and well within SQLite's 32,766 parameters.
LOOKUP_CHUNK = 10_000
# Values per query of postcodes (each query a few thousand values at most).
POSTCODE_BATCH = 2000
_V = TypeVar("_V")


@dataclass(frozen=True)
class OpgegevenAdres:
    nummeraanduiding: str = ""
    postcode: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    toevoeging: str = ""


def typed_address(data: Mapping[str, Any]) -> OpgegevenAdres:
    """The address in a form's cleaned data: postcode, house number, letter and addition
    (`core.forms.AdresFields`, and the reporting point's own address fields)."""
    return OpgegevenAdres(
        postcode=data["postcode"],
        huisnummer=str(data["huisnummer"]),
        huisletter=data["huisletter"],
        toevoeging=data["toevoeging"],
    )


class AdresMatch(NamedTuple):
    adres_id: int
    verblijfsobject_id: int
    buurt_id: int | None


def find_address(given: OpgegevenAdres) -> Adres | None:
    # With the buurt: routing needs its id, and whoever shows the report its code.
    addresses = Adres.objects.select_related("verblijfsobject__buurt")
    return address_first(addresses, given)


def address_first(addresses: QuerySet[Adres], given: OpgegevenAdres) -> Adres | None:
    """The address `given` names, read from `addresses`. Where several match, the first in
    their ordering; the query orders only then, as ordering is most of the work of building
    it and an address is almost always one row (a nummeraanduiding always)."""
    key = _address_key(given)
    if key is None:
        return None
    if isinstance(key, str):
        matching = addresses.filter(nummeraanduiding=key)
    else:
        postcode, huisnummer, huisletter, toevoeging = key
        matching = addresses.filter(
            postcode=postcode,
            huisnummer=huisnummer,
            huisletter__iexact=huisletter,
            toevoeging__iexact=toevoeging,
        )
    found = list(matching.order_by()[:2])
    if len(found) > 1:
        return matching.first()
    return found[0] if found else None


def find_addresses(given: Sequence[OpgegevenAdres]) -> list[AdresMatch | None]:
    """`find_address` for many addresses at once, by the same rules, in a few queries."""
    keys: list[str | tuple[str, int, str, str] | None] = []
    for one in given:
        key = _address_key(one)
        # Letter and addition compare case-insensitively, as `find_address`'s iexact does.
        if isinstance(key, tuple):
            key = (key[0], key[1], key[2].upper(), key[3].upper())
        keys.append(key)
    found: dict[str | tuple[str, int, str, str], tuple[int, int]] = {}
    numbers = sorted({k for k in keys if isinstance(k, str)})
    for chunk in _chunks(numbers):
        numbered = Adres.objects.filter(nummeraanduiding__in=chunk).values_list(
            "nummeraanduiding", "pk", "verblijfsobject_id"
        )
        found.update((number, (pk, vbo)) for number, pk, vbo in numbered)
    for wanted in _postcode_queries({(k[0], k[1]) for k in keys if isinstance(k, tuple)}):
        # Where several addresses match, the first in their ordering wins, as `.first()` has it.
        candidates = (
            Adres.objects.filter(wanted)
            .order_by(*(Adres._meta.ordering or ["pk"]))
            .values_list(
                "postcode", "huisnummer", "huisletter", "toevoeging", "pk", "verblijfsobject_id"
            )
        )
        for postcode, huisnummer, huisletter, toevoeging, pk, vbo in candidates:
            found.setdefault(
                (postcode, huisnummer, huisletter.upper(), toevoeging.upper()), (pk, vbo)
            )
    # The buurten apart, by the objects' keys: joined in, each query would pass over every
    # object in the registry.
    buurt_of: dict[int, int | None] = {}
    for objects in _chunks(sorted({vbo for _, vbo in found.values()})):
        buurt_of.update(
            Verblijfsobject.objects.filter(pk__in=objects).values_list("pk", "buurt_id")
        )
    matches: list[AdresMatch | None] = []
    for key in keys:
        hit = found.get(key) if key is not None else None
        matches.append(AdresMatch(hit[0], hit[1], buurt_of.get(hit[1])) if hit else None)
    return matches


def _postcode_queries(pairs: set[tuple[str, int]]) -> Iterator[Q]:
    """Conditions for exactly these (postcode, house number) pairs, a few thousand values each:
    per house number the postcodes with it, which the (postcode, huisnummer) index answers.
    (Postcodes and numbers in two IN lists would bring back whole postcodes.)"""
    by_number: dict[int, list[str]] = defaultdict(list)
    for postcode, huisnummer in sorted(pairs):
        by_number[huisnummer].append(postcode)
    wanted, values, terms = Q(), 0, 0
    for huisnummer, postcodes in sorted(by_number.items()):
        for chunk in _chunks(postcodes, POSTCODE_BATCH):
            wanted |= Q(huisnummer=huisnummer, postcode__in=chunk)
            values, terms = values + len(chunk) + 1, terms + 1
            # Few terms per query: SQLite allows an expression 1000 deep.
            if values >= POSTCODE_BATCH or terms == 100:
                yield wanted
                wanted, values, terms = Q(), 0, 0
    if terms:
        yield wanted


def _address_key(given: OpgegevenAdres) -> str | tuple[str, int, str, str] | None:
    """How a given address is looked up: by its nummeraanduiding (a string) when it has one,
    else by postcode, house number, letter and addition (a tuple), else not at all."""
    if given.nummeraanduiding:
        return given.nummeraanduiding.strip()
    postcode = given.postcode.replace(" ", "").upper()
    if not postcode:
        return None
    try:
        huisnummer = validators.clean_huisnummer(given.huisnummer)
    except ValidationError:  # '²', '-1', '0x10': no address has it (a delivery may send it)
        return None
    return (postcode, huisnummer, given.huisletter.strip(), given.toevoeging.strip())


def _chunks(values: Sequence[_V], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[_V]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def main_address_of_object(object_id: str) -> Adres | None:
    """The main address of an object by its BAG id (None when it has none)."""
    return Adres.objects.filter(verblijfsobject__object_id=object_id, hoofdadres=True).first()
