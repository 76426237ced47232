"""Lookups shared by the files of one import: natural ids to database ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goedwonen.registry.models import Adres, Eigenaar, Gebied, Verblijfsobject

from .areas import BuurtGrid


def address_key(
    postcode: str, huisnummer: int | str, huisletter: str, toevoeging: str
) -> tuple[str, str, str, str]:
    return (
        postcode.replace(" ", "").upper(),
        str(huisnummer).strip(),
        huisletter.strip().upper(),
        toevoeging.strip().upper(),
    )


@dataclass
class ImportContext:
    peildatum: date
    grid: BuurtGrid | None = None
    _objects: dict[str, int] | None = None
    _addresses: dict[str, tuple[int, int]] | None = None
    _by_postcode: dict[tuple[str, str, str, str], tuple[int, int]] | None = None
    _owners: dict[str, int] | None = None
    _areas: dict[str, int] | None = None

    def forget(self) -> None:
        """After objects, addresses or owners were written, reload on next use."""
        self._objects = self._addresses = self._by_postcode = self._owners = None

    @property
    def objects(self) -> dict[str, int]:
        if self._objects is None:
            self._objects = dict(Verblijfsobject.objects.values_list("object_id", "pk"))
        return self._objects

    @property
    def addresses(self) -> dict[str, tuple[int, int]]:
        """nummeraanduiding → (adres id, verblijfsobject id)."""
        if self._addresses is None:
            self._load_addresses()
        assert self._addresses is not None
        return self._addresses

    @property
    def by_postcode(self) -> dict[tuple[str, str, str, str], tuple[int, int]]:
        if self._by_postcode is None:
            self._load_addresses()
        assert self._by_postcode is not None
        return self._by_postcode

    def _load_addresses(self) -> None:
        self._addresses, self._by_postcode = {}, {}
        rows = Adres.objects.values_list(
            "nummeraanduiding",
            "pk",
            "verblijfsobject_id",
            "postcode",
            "huisnummer",
            "huisletter",
            "toevoeging",
        )
        for nummer, pk, vbo, postcode, huisnummer, letter, toevoeging in rows.iterator(
            chunk_size=20_000
        ):
            self._addresses[nummer] = (pk, vbo)
            if postcode:
                self._by_postcode[address_key(postcode, huisnummer, letter, toevoeging)] = (pk, vbo)

    @property
    def buurt_of_object(self) -> dict[int, int | None]:
        return dict(Verblijfsobject.objects.values_list("pk", "buurt_id"))

    @property
    def owners(self) -> dict[str, int]:
        if self._owners is None:
            self._owners = dict(Eigenaar.objects.values_list("eigenaar_id", "pk"))
        return self._owners

    @property
    def areas(self) -> dict[str, int]:
        if self._areas is None:
            self._areas = dict(Gebied.objects.values_list("code", "pk"))
        return self._areas
