"""The demo's integral action: one in preparation in Carnisse (a focus area), led by the
case director, with Stadsbeheer and the police taking part and two mixed teams (idempotent;
`accounts.demo.demo_seed` calls it through `core.registries.demo_seeds`). The demo seeds
people before it imports the city and runs the seeds again after it: the addresses join
then.
Set-up data, written directly, not as a person's act."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Onderdeel
from goedwonen.core.categories import Categorie
from goedwonen.registry.models import Adres, Gebied

from .models import Actie, Actieadres, Actiepartner, Actieteam

NAAM = "Integrale actie Carnisse (demo)"
BUURT = "BU05991572"  # Carnisse
ADRESSEN = 16
CONVENANT = "Convenant Rotterdams Goed Wonen 2025, art. 6 (integrale acties)"
# (organisation, basis, parts it sees, sees the reasons, categories it checks, its task)
PARTNERS = [
    (
        "sb",
        f"{CONVENANT}; Woningwet art. 92 en Bouwbesluit (toezicht)",
        [Onderdeel.OBJECTEN, Onderdeel.BEVINDINGEN],
        True,
        [Categorie.ACHTERSTALLIG_ONDERHOUD, Categorie.OVERBEWONING],
        "Bouwkundige staat en bewoning",
    ),
    (
        "politie",
        f"{CONVENANT}; Wet politiegegevens art. 16 en 20",
        [],
        False,
        [Categorie.CRIMINEEL_GEBRUIK, Categorie.ONDERMIJNING],
        "Veiligheid van het team en signalen van ondermijning",
    ),
]
TEAMS = [
    ("Team 1", ["regisseur.so", "inspecteur.sb", "partner.politie"]),
    ("Team 2", ["behandelaar.sb", "analist.so"]),
]


def _tuesday_in_two_weeks() -> date:
    day = timezone.localdate() + timedelta(days=14)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def acties_demo_seed() -> None:
    leider = User.objects.filter(username="regisseur.so").select_related("organisatie").first()
    gebied = Gebied.objects.filter(code=BUURT).first()
    if leider is None or gebied is None or leider.organisatie is None:
        return
    actie, created = Actie.objects.get_or_create(
        naam=NAAM,
        defaults={
            "datum": _tuesday_in_two_weeks(),
            "gebied": gebied,
            "leider": leider,
            "organisatie": leider.organisatie,
            "aangemaakt_door": leider,
            "reden_handmatig": "Demo: adressen in Carnisse met meldingen van overbewoning, "
            "in afwachting van een goedgekeurde selectie.",
        },
    )
    if created:
        organisaties = {o.code: o for o in Organisatie.objects.filter(code__in=["sb", "politie"])}
        Actiepartner.objects.bulk_create(
            Actiepartner(
                actie=actie,
                organisatie=organisaties[code],
                grondslag=grondslag,
                onderdelen=list(onderdelen),
                ziet_redenen=redenen,
                controleert=list(controleert),
                taak=taak,
            )
            for code, grondslag, onderdelen, redenen, controleert, taak in PARTNERS
            if code in organisaties
        )
        for volgorde, (naam, usernames) in enumerate(TEAMS):
            team = Actieteam.objects.create(actie=actie, naam=naam, volgorde=volgorde)
            team.leden.set(User.objects.filter(username__in=usernames))
    if not actie.adressen.exists():
        adressen = Adres.objects.filter(hoofdadres=True, verblijfsobject__buurt=gebied).order_by(
            "postcode", "huisnummer", "pk"
        )[:ADRESSEN]
        Actieadres.objects.bulk_create(
            Actieadres(
                actie=actie,
                verblijfsobject_id=a.verblijfsobject_id,
                reden_handmatig="Meldingen van overbewoning in dit blok (demo).",
            )
            for a in adressen
            if a.verblijfsobject_id is not None
        )
