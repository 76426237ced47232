"""A few outcomes in the demo, so the dashboard's section "Uitkomsten" shows something
(idempotent; `accounts.demo.demo_seed` calls it through `core.registries.demo_seeds`, before
and after the city is imported: the cases come once the addresses are there).
Set-up data, written directly, not as a person's act: one closed case per address in the
focus areas, each with what changed there this year."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.casussen import workflow
from goedwonen.casussen.models import (
    Casus,
    CasusObject,
    Casusstatus,
    Gebeurtenis,
    Gebeurtenissoort,
    Herkomst,
    Resultaat,
)
from goedwonen.core.categories import Categorie
from goedwonen.registry.models import Adres

from .models import Uitkomst, Uitkomstsoort
from .uitkomsten_services import samenvatting

PREFIX = "CS-DEMO-UIT-"
# (kind, days ago, rent before, rent after, people before, after, evidence, category)
UITKOMSTEN = [
    (Uitkomstsoort.HUUR_VERLAAGD, 20, "1250.00", "900.00", None, None,
     "Uitspraak Huurcommissie", Categorie.TE_HOGE_HUUR),
    (Uitkomstsoort.HUUR_VERLAAGD, 45, "1100.00", "850.00", None, None,
     "Nieuw huurcontract, kopie in het dossier", Categorie.TE_HOGE_HUUR),
    (Uitkomstsoort.HUUR_VERLAAGD, 70, "980.00", "760.00", None, None,
     "Uitspraak Huurcommissie", Categorie.TE_HOGE_HUUR),
    (Uitkomstsoort.BEWONING_VERMINDERD, 30, None, None, 9, 4,
     "Controlebezoek na de last onder dwangsom", Categorie.OVERBEWONING),
    (Uitkomstsoort.INSCHRIJVING_GECORRIGEERD, 50, None, None, 7, 3,
     "BRP-adresonderzoek afgerond", Categorie.NIET_INGESCHREVEN),
    (Uitkomstsoort.GEBREKEN_HERSTELD, 15, None, None, None, None,
     "Hercontrole Stadsbeheer: vocht en elektra in orde", Categorie.ACHTERSTALLIG_ONDERHOUD),
]  # fmt: skip
FOCUS = ["BU05991081", "BU05991082", "BU05991571", "BU05991572", "BU05991573"]


def _day(days_ago: int) -> date:
    today = timezone.localdate()
    # Within this year: the dashboard opens on the running year.
    return max(today - timedelta(days=days_ago), date(today.year, 1, 1))


def uitkomsten_demo_seed() -> None:
    regisseur = User.objects.filter(username="regisseur.so").select_related("organisatie").first()
    if regisseur is None or regisseur.organisatie is None:
        return
    if Casus.objects.filter(referentie__startswith=PREFIX).exists():
        return
    adressen = list(
        Adres.objects.filter(verblijfsobject__buurt__code__in=FOCUS)
        .select_related("verblijfsobject")
        .order_by("pk")[: len(UITKOMSTEN)]
    )
    if len(adressen) < len(UITKOMSTEN):
        return  # the city is not imported yet: the seed runs again after
    today = timezone.localdate()
    for n, (row, adres) in enumerate(zip(UITKOMSTEN, adressen, strict=True), start=1):
        soort, days_ago, van, naar, voor, na, bewijs, categorie = row
        casus = Casus.objects.create(
            referentie=f"{PREFIX}{n}",
            titel=f"{Categorie(categorie).label} (demo)",
            herkomst=Herkomst.MELDING,
            categorieen=[categorie],
            casusregisseur=regisseur,
            organisatie=regisseur.organisatie,
            # Closed with its result: an open case would stand in the way of the one a
            # demo user makes on the same address (the warning before a second case).
            status=Casusstatus.GESLOTEN,
            resultaat=Resultaat.TOEZICHT_AFGEROND,
            gesloten_op=timezone.now(),
            bewaren_tot=workflow.bewaren_tot(
                today,
                workflow.bewaartermijn_jaren(Resultaat.TOEZICHT_AFGEROND, handhaving_bereikt=False),
            ),
        )
        casusobject = CasusObject.objects.create(
            casus=casus,
            verblijfsobject=adres.verblijfsobject,
            adres=adres,
            buurt_id=adres.verblijfsobject.buurt_id,
        )
        uitkomst = Uitkomst.objects.create(
            casus=casus,
            casusobject=casusobject,
            soort=soort,
            datum=_day(days_ago),
            huur_van=Decimal(van) if van else None,
            huur_naar=Decimal(naar) if naar else None,
            personen_voor=voor,
            personen_na=na,
            bewijs=bewijs,
            vastgelegd_door=regisseur,
            organisatie=regisseur.organisatie,
        )
        Gebeurtenis.objects.create(
            casus=casus, soort=Gebeurtenissoort.UITKOMST, tekst=samenvatting(uitkomst),
            door=regisseur,
        )  # fmt: skip
