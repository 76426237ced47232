"""What the walk-list tests share: an action led by Stadsontwikkeling in a buurt, with the
police as a partner, teams, and addresses with coordinates (made with the ORM until the
acties lane's services land)."""

from __future__ import annotations

from datetime import date

from goedwonen.accounts.models import Organisatie, User
from goedwonen.acties.models import Actie, Actieadres, Actiepartner, Actieteam
from goedwonen.registry.models import (
    Adres,
    Bewoning,
    Eigenaar,
    Eigendom,
    Gebied,
    Verblijfsobject,
    Vergunning,
)

# RD (metres) of the first address; latitude and longitude roughly to match (Rotterdam-Zuid).
X0, Y0 = 93000.0, 435000.0
LAT0, LON0 = 51.89, 4.50


def buurt() -> Gebied:
    return Gebied.objects.get_or_create(
        code="BU05991572", defaults={"naam": "Tarwewijk", "soort": "buurt", "focusgebied": True}
    )[0]


def dwelling(n: int, x: float | None, y: float | None, *, owner: str = "") -> Verblijfsobject:
    """Dwelling n at (x, y) RD metres (None: no coordinates), with its main address, 40 m²,
    3 registered persons and, when given, a natural person as owner."""
    located = x is not None and y is not None
    vbo = Verblijfsobject.objects.create(
        object_id=f"0599010000{n:06d}",
        objecttype="VBO",
        is_woning=True,
        oppervlakte=40,
        rd_x=x,
        rd_y=y,
        lat=LAT0 + (y - Y0) / 111_000 if located else None,
        lon=LON0 + (x - X0) / 69_000 if located else None,
        buurt=buurt(),
    )
    adres = Adres.objects.create(
        nummeraanduiding=f"0599200000{n:06d}",
        verblijfsobject=vbo,
        openbareruimte="Pretorialaan",
        huisnummer=n,
        postcode="3072AB",
        woonplaats="Rotterdam",
    )
    Bewoning.objects.create(adres=adres, peildatum=date(2026, 10, 1), ingeschrevenen=3)
    Vergunning.objects.create(
        verblijfsobject=vbo,
        soort="verhuurvergunning",
        status="verleend",
        aangevraagd_op=date(2020, 1, 1),
    )
    if owner:
        eigenaar = Eigenaar.objects.create(
            eigenaar_id=f"E-LOOP-{n}", soort="natuurlijk_persoon", naam=owner
        )
        Eigendom.objects.create(verblijfsobject=vbo, eigenaar=eigenaar)
    return vbo


def action(
    leider: User,
    *,
    datum: date = date(2026, 12, 10),
    per_team: int = 12,
    status: str = "voorbereiding",
) -> Actie:
    return Actie.objects.create(
        naam="Actie Tarwewijk",
        datum=datum,
        gebied=buurt(),
        leider=leider,
        organisatie=leider.organisatie,
        adressen_per_team=per_team,
        status=status,
        aangemaakt_door=leider,
    )


def police_partner(actie: Actie, politie: Organisatie, **fields) -> Actiepartner:
    return Actiepartner.objects.create(
        actie=actie,
        organisatie=politie,
        grondslag="Artikel 3 Politiewet: openbare orde en veiligheid",
        controleert=fields.pop("controleert", ["crimineel_gebruik"]),
        taak="Veiligheid van het team; controle op hennep",
        **fields,
    )


def team(actie: Actie, naam: str, *leden: User, volgorde: int = 0) -> Actieteam:
    t = Actieteam.objects.create(actie=actie, naam=naam, volgorde=volgorde)
    t.leden.set(leden)
    return t


def address(actie: Actie, vbo: Verblijfsobject, rang: int | None, **fields) -> Actieadres:
    return Actieadres.objects.create(
        actie=actie,
        verblijfsobject=vbo,
        rang=rang,
        redenen=fields.pop("redenen", ["Meer ingeschrevenen dan het oppervlak toelaat"]),
        reden_handmatig="" if rang is not None else "Melding van de wijkagent",
        **fields,
    )


def grid_addresses(actie: Actie, count: int, *, start: int = 1, spacing: float = 40.0):
    """`count` addresses on a grid of 10 columns, `spacing` metres apart, ranked in order."""
    return [
        address(
            actie,
            dwelling(start + i, X0 + (i % 10) * spacing, Y0 + (i // 10) * spacing),
            rang=start + i,
        )
        for i in range(count)
    ]
