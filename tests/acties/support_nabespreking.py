"""What the debrief tests share: an action made from an approved selection, its addresses
each with a case, and visits recorded on them through `inspecties.services.bezoek_record`,
as the field lane will record them. Made with the ORM and the existing services until the
other lanes' services land."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.acties.models import (
    Actie,
    Actieadres,
    Actiepartner,
    Actiestatus,
    Actieteam,
    Adresstatus,
)
from goedwonen.analytics.models import (
    Catalogusversie,
    Risicorun,
    Selectie,
    Selectieadres,
    Selectiestatus,
)
from goedwonen.casussen.models import Herkomst, Onderdeel
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.core.policy import Capability
from goedwonen.inspecties.models import Bezoek, Bezoeksoort, Toegang
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.registry.models import (
    Adres,
    Eigenaar,
    Eigendom,
    Gebied,
    Gebiedssoort,
    Verblijfsobject,
)

C = Capability
ORGANISER = [C.ACTIONS_ORGANISE, C.ACTIONS_TAKE_PART, C.CASES_VIEW, C.CASES_DIRECT, C.TASKS_WORK]
INSPECTOR = [C.ACTIONS_TAKE_PART, C.CASES_VIEW, C.TASKS_WORK, C.INSPECTIONS_RECORD]
PARTNER = [C.ACTIONS_TAKE_PART, C.CASES_VIEW, C.TASKS_WORK]


def buurt() -> Gebied:
    return Gebied.objects.get_or_create(
        code="BU05990001",
        defaults={"naam": "Actiebuurt", "soort": Gebiedssoort.BUURT, "focusgebied": True},
    )[0]


def dwelling(n: int, *, owner: str = "") -> Adres:
    """Dwelling n (1-99) at Actiestraat n, 40 m², in the action's buurt; owned by `owner`."""
    vbo = Verblijfsobject.objects.create(
        object_id=f"05990100000700{n:02d}",
        objecttype="VBO",
        is_woning=True,
        buurt=buurt(),
        oppervlakte=40,
        rd_x=92000 + 10 * n,
        rd_y=433000,
    )
    adres = Adres.objects.create(
        nummeraanduiding=f"05992000000700{n:02d}",
        verblijfsobject=vbo,
        openbareruimte="Actiestraat",
        huisnummer=n,
        postcode="3083ZZ",
        woonplaats="Rotterdam",
    )
    if owner:
        eigenaar = Eigenaar.objects.create(
            eigenaar_id=f"E-ACTIE-{n}", soort="rechtspersoon", naam=owner
        )
        Eigendom.objects.create(verblijfsobject=vbo, eigenaar=eigenaar)
    return adres


@dataclass
class Scenario:
    actie: Actie
    organisator: User  # the lead, an organiser of Stadsontwikkeling
    inspecteur: User  # Stadsontwikkeling, records visits
    agent: User  # the police's member of the team
    politie: Organisatie
    adressen: list[Actieadres]  # in rank order

    def adres(self, rang: int) -> Actieadres:
        return next(a for a in self.adressen if a.rang == rang)


def approved_selection(
    analist: User,
    adressen: Sequence[Adres],
    run: Risicorun | None = None,
    ranks: Sequence[int] = (),
) -> Selectie:
    """An approved selection of the addresses, ranked in the order given (rank 1 first) or
    with the run's `ranks`."""
    run = run or Risicorun.objects.create(
        catalogus=Catalogusversie.objects.get_or_create(versie=1, defaults={"toelichting": "x"})[0],
        peildatum=timezone.localdate(),
        status=Risicorun.Status.KLAAR,
    )
    selectie = Selectie.objects.create(
        run=run,
        naam="Top van de buurt",
        criteria={"top_n": len(adressen)},
        status=Selectiestatus.GOEDGEKEURD,
        samengesteld_door=analist,
    )
    for rang, adres in zip(ranks or range(1, len(adressen) + 1), adressen, strict=True):
        Selectieadres.objects.create(
            selectie=selectie,
            verblijfsobject=adres.verblijfsobject,
            score=round(1 - rang / 100, 2),
            rang=rang,
            redenen=[f"{rang + 2} meldingen in 12 maanden"],
        )
    return selectie


def action_from(
    selectie: Selectie, *, organisator: User, leden: Sequence[User], politie: Organisatie
) -> Actie:
    """A planned action of today on the selection: the police takes part (objects only, it
    checks criminal use), one team, every address with a proactive case shared with the
    police, as the acties lane's planning will do."""
    actie = Actie.objects.create(
        naam="Actie Actiebuurt",
        datum=timezone.localdate(),
        gebied=buurt(),
        leider=organisator,
        organisatie=organisator.organisatie,
        selectie=selectie,
        status=Actiestatus.GEPLAND,
        gepland_op=timezone.now(),
        aangemaakt_door=organisator,
    )
    Actiepartner.objects.create(
        actie=actie,
        organisatie=politie,
        grondslag="Wet politiegegevens art. 16; convenant",
        onderdelen=[Onderdeel.OBJECTEN],
        controleert=["crimineel_gebruik"],
    )
    team = Actieteam.objects.create(actie=actie, naam="Team 1")
    team.leden.set(leden)
    for volgorde, rij in enumerate(selectie.adressen.order_by("rang"), start=1):
        adres = Adres.objects.get(verblijfsobject=rij.verblijfsobject)
        casus = casus_create(
            actor=organisator,
            titel=f"Integrale actie: {adres}",
            categorieen=["overbewoning"],
            casusregisseur=organisator,
            herkomst=Herkomst.PROACTIEF,
            adressen=[adres],
        )
        casus_share(
            actor=organisator,
            casus=casus,
            organisatie=politie,
            rol="Deelnemer integrale actie",
            doel=f"Integrale actie {actie.naam}",
            grondslag="Wet politiegegevens art. 16; convenant",
            onderdelen=[Onderdeel.OBJECTEN],
            tot=timezone.localdate() + timedelta(days=30),
        )
        Actieadres.objects.create(
            actie=actie,
            verblijfsobject=rij.verblijfsobject,
            selectieadres=rij,
            rang=rij.rang,
            score=rij.score,
            redenen=rij.redenen,
            casus=casus,
            team=team,
            volgorde=volgorde,
        )
    return actie


def scenario(make_user, organisatie, partner_organisatie, n: int = 6) -> Scenario:
    organisator = make_user(ORGANISER, username="organisator")
    inspecteur = make_user(INSPECTOR, username="inspecteur")
    agent = make_user(PARTNER, username="agent", organisatie_=partner_organisatie)
    analist = make_user([C.ANALYSIS_VIEW, C.SELECTION_COMPOSE], username="analist")
    adressen = [dwelling(i, owner="Verhuur B.V." if i == 1 else "") for i in range(1, n + 1)]
    selectie = approved_selection(analist, adressen)
    actie = action_from(
        selectie, organisator=organisator, leden=[inspecteur, agent], politie=partner_organisatie
    )
    return Scenario(
        actie=actie,
        organisator=organisator,
        inspecteur=inspecteur,
        agent=agent,
        politie=partner_organisatie,
        adressen=list(actie.adressen.order_by("rang")),
    )


def visit(
    actieadres: Actieadres,
    inspecteur: User,
    toegang: str = Toegang.VERLEEND,
    *,
    vastgesteld: Sequence[str] = (),
    niet_vastgesteld: Sequence[str] = (),
) -> Bezoek:
    """A home visit on the address on the action's date, recorded as the field will, and the
    address marked visited with it."""
    binnen = toegang in (Toegang.VERLEEND, Toegang.MACHTIGING)
    assert actieadres.casus is not None
    bezoek = bezoek_record(
        actor=inspecteur,
        casus=actieadres.casus,
        object=actieadres.casus.objecten.get(),
        soort=Bezoeksoort.WONINGBEZOEK,
        datum=actieadres.actie.datum,
        toegang=toegang,
        volwassenen=2 if binnen else None,
        kinderen=0 if binnen else None,
        bevindingen=[
            *(BevindingInvoer(c, True, "Vastgesteld ter plaatse") for c in vastgesteld),
            *(BevindingInvoer(c, False) for c in niet_vastgesteld),
        ],
    )
    actieadres.status = Adresstatus.BEZOCHT
    actieadres.bezoek = bezoek
    actieadres.save(update_fields=["status", "bezoek"])
    return bezoek


def skip(actieadres: Actieadres, reden: str) -> None:
    actieadres.status = Adresstatus.OVERGESLAGEN
    actieadres.overgeslagen_reden = reden
    actieadres.save(update_fields=["status", "overgeslagen_reden"])
