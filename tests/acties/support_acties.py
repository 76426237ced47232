"""What the acties-lane tests share: a focus area with dwellings (each with its address and
owner), an approved selection of them, and the people of an action: the organiser (a case
director of Stadsontwikkeling), an inspector of Stadsbeheer, a police officer, and someone
of an organisation that does not take part."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, Organisatiesoort, User
from goedwonen.analytics.models import (
    Catalogusversie,
    Handmatig,
    Risicorun,
    Selectie,
    Selectieadres,
    Selectiestatus,
)
from goedwonen.core.policy import Capability as C
from goedwonen.registry.models import (
    Adres,
    Eigenaar,
    Eigendom,
    Gebied,
    Gebiedssoort,
    Verblijfsobject,
)

ORGANISER = [C.ACTIONS_ORGANISE, C.ACTIONS_TAKE_PART, C.CASES_DIRECT, C.CASES_VIEW]
INSPECTOR = [C.ACTIONS_TAKE_PART, C.INSPECTIONS_RECORD, C.CASES_VIEW]
TAKES_PART = [C.ACTIONS_TAKE_PART, C.CASES_VIEW]


def dwelling(n: int, buurt: Gebied, *, owner: bool = True) -> Adres:
    """Dwelling n in the buurt, at Dordtselaan n, 3081 AA, with an owner."""
    vbo = Verblijfsobject.objects.create(
        object_id=f"0599010000{n:06d}",
        objecttype="VBO",
        is_woning=True,
        buurt=buurt,
        rd_x=92000 + 15 * n,
        rd_y=433000 + 10 * (n % 7),
    )
    adres = Adres.objects.create(
        nummeraanduiding=f"0599200000{n:06d}",
        verblijfsobject=vbo,
        openbareruimte="Dordtselaan",
        huisnummer=n,
        postcode="3081AA",
        woonplaats="Rotterdam",
    )
    if owner:
        eigenaar = Eigenaar.objects.create(
            eigenaar_id=f"E-ACTIE-{n}", soort="rechtspersoon", naam=f"Verhuur {n} BV"
        )
        Eigendom.objects.create(verblijfsobject=vbo, eigenaar=eigenaar)
    return adres


def approved_selection(
    adressen: list[Adres], composer: User, buurt: Gebied, *, removed: int = 0
) -> Selectie:
    """An approved selection of the addresses in rank order; the last `removed` taken out."""
    run = Risicorun.objects.create(
        catalogus=Catalogusversie.objects.get_or_create(versie=1, defaults={"toelichting": "x"})[0],
        peildatum=timezone.localdate(),
        status=Risicorun.Status.KLAAR,
    )
    selectie = Selectie.objects.create(
        run=run,
        naam="Carnisse voorjaar",
        gebied=buurt,
        criteria={"top_n": len(adressen)},
        samengesteld_door=composer,
        status=Selectiestatus.GOEDGEKEURD,
    )
    for rang, adres in enumerate(adressen, start=1):
        removed_here = rang > len(adressen) - removed
        Selectieadres.objects.create(
            selectie=selectie,
            verblijfsobject=adres.verblijfsobject,
            score=round(1 - rang / 100, 2),
            rang=rang,
            redenen=[f"Signaal {rang}: meer ingeschrevenen dan de oppervlakte toelaat"],
            handmatig=Handmatig.VERWIJDERD if removed_here else "",
            reden="Al bezocht" if removed_here else "",
            gewijzigd_door=composer if removed_here else None,
            gewijzigd_op=timezone.now() if removed_here else None,
        )
    return selectie


@dataclass
class Opzet:
    so: Organisatie
    sb: Organisatie
    politie: Organisatie
    anders: Organisatie
    buurt: Gebied
    organiser: User
    tweede_regisseur: User
    inspecteur: User
    agent: User
    buitenstaander: User
    adressen: list[Adres] = field(default_factory=list)

    @property
    def vandaag(self) -> date:
        return timezone.localdate()


def build_opzet(make_user, so: Organisatie, politie: Organisatie, n: int = 6) -> Opzet:
    sb = Organisatie.objects.create(
        code="sb", naam="Stadsbeheer", soort=Organisatiesoort.KERNCLUSTER
    )
    anders = Organisatie.objects.create(
        code="mo", naam="Maatschappelijke ondersteuning", soort=Organisatiesoort.KERNCLUSTER
    )
    buurt = Gebied.objects.create(
        code="BU05991572", naam="Carnisse", soort=Gebiedssoort.BUURT, focusgebied=True
    )
    opzet = Opzet(
        so=so,
        sb=sb,
        politie=politie,
        anders=anders,
        buurt=buurt,
        organiser=make_user(ORGANISER, username="regisseur"),
        tweede_regisseur=make_user([C.CASES_DIRECT], username="regisseur2"),
        inspecteur=make_user(INSPECTOR, username="inspecteur", organisatie_=sb),
        agent=make_user(TAKES_PART, username="agent", organisatie_=politie),
        buitenstaander=make_user(TAKES_PART, username="buiten", organisatie_=anders),
    )
    opzet.adressen = [dwelling(i, buurt) for i in range(1, n + 1)]
    return opzet
