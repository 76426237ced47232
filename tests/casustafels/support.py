"""What the case-table tests share: a dwelling with its address (and owner) in a buurt, and
a meeting at a moment."""

from __future__ import annotations

from datetime import datetime

from goedwonen.casustafels.models import Casustafel, Tafelvergadering
from goedwonen.registry.models import Adres, Eigenaar, Eigendom, Gebied, Verblijfsobject


def address(n: int, straat: str, postcode: str, buurt: Gebied, owner: str = "") -> Adres:
    """Dwelling n (1-99) in the buurt, at `straat` 10+n, owned by `owner` when given."""
    vbo = Verblijfsobject.objects.create(
        object_id=f"05990100000900{n:02d}", objecttype="VBO", is_woning=True, buurt=buurt
    )
    adres = Adres.objects.create(
        nummeraanduiding=f"05992000000900{n:02d}",
        verblijfsobject=vbo,
        openbareruimte=straat,
        huisnummer=10 + n,
        postcode=postcode,
        woonplaats="Rotterdam",
    )
    if owner:
        eigenaar = Eigenaar.objects.create(
            eigenaar_id=f"E-TAFEL-{n}", soort="rechtspersoon", naam=owner
        )
        Eigendom.objects.create(verblijfsobject=vbo, eigenaar=eigenaar)
    return adres


def meeting(tafel: Casustafel, begint_op: datetime) -> Tafelvergadering:
    return Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=begint_op, begint_op=begint_op
    )
