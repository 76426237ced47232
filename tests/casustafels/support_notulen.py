"""A held case-table meeting made with the ORM, for the minutes tests (until the meeting
pages of the vergadering lane make it through their services).

Stadsontwikkeling (the `organisatie` fixture) directs two cases and chairs the table; the
police sit at it. Case A is shared with the police including its addresses (objects part):
the police see it in full. Case B is not shared with the police: they see it pseudonymised,
with only their own decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Casus, CasusObject, Deling, Partij, Taak
from goedwonen.casustafels.models import (
    Aanwezigheid,
    Afspraak,
    Agendapunt,
    Casustafel,
    Delingsbesluit,
    Tafellid,
    Tafelsignaal,
    Tafelvergadering,
)
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Adres, Eigenaar, Gebied, Verblijfsobject

# What only a reader with a basis for case A may read (and each appears nowhere else).
A_TITEL = "Overbewoning boven de bakkerij"
A_STRAAT = "Slaghekstraat"
A_POSTCODE = "3074LA"
A_EIGENAAR = "Pandjesbaas Vastgoed B.V."
A_BESPREKING = "Bespreking: acht arbeidsmigranten op twee kamers, sleutels bij de uitzender."
A_STRATEGIE = "Strategie: gezamenlijke controle met de politie en de brandweer."
A_ESCALATIE = "Escalatie: dossier voor de burgemeester voorbereiden."
# Case B: never for the police, except the police's own decision.
B_TITEL = "Hennepkwekerij in de kelder"
B_STRAAT = "Hillevliet"
B_POSTCODE = "3074KB"
B_EIGENAAR = "Kelderbeheer Zuid B.V."
B_VRAAG = "Welke informatie heeft de politie over dit pand?"
B_BESPREKING = "Bespreking: stroomverbruik drie keer het gemiddelde van de straat."
B_STRATEGIE = "Strategie: eerst een netbeheerdersonderzoek."
B_AFSPRAAK_SO = "Huurprijscheck uitvoeren"
B_AFSPRAAK_POLITIE = "Wijkagent loopt een extra ronde"
TREND = "Nieuwe werkwijze: kamers worden per nacht verhuurd aan seizoenswerkers."


@dataclass
class Tafeldata:
    tafel: Casustafel
    vergadering: Tafelvergadering
    volgende: Tafelvergadering
    voorzitter: User
    secretaris: User
    agent: User  # a police member with CASETABLE_TAKE_PART
    politie: Organisatie
    so: Organisatie
    casus_a: Casus
    casus_b: Casus
    punt_a: Agendapunt
    punt_b: Agendapunt
    punt_doorgeschoven: Agendapunt


def _case(
    referentie: str,
    titel: str,
    straat: str,
    postcode: str,
    eigenaar: str,
    n: int,
    so: Organisatie,
    regisseur: User,
    buurt: Gebied,
) -> Casus:
    casus = Casus.objects.create(
        referentie=referentie,
        titel=titel,
        herkomst="casustafel",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        organisatie=so,
    )
    vbo = Verblijfsobject.objects.create(
        object_id=f"059901000009000{n}", objecttype="VBO", is_woning=True, buurt=buurt
    )
    adres = Adres.objects.create(
        nummeraanduiding=f"059920000009000{n}",
        verblijfsobject=vbo,
        openbareruimte=straat,
        huisnummer=10 + n,
        postcode=postcode,
        woonplaats="Rotterdam",
    )
    CasusObject.objects.create(casus=casus, verblijfsobject=vbo, adres=adres)
    owner = Eigenaar.objects.create(
        eigenaar_id=f"E-NOTULEN-{n}", soort="rechtspersoon", naam=eigenaar
    )
    Partij.objects.create(casus=casus, rol="eigenaar", eigenaar=owner)
    return casus


def held_meeting(make_user, so: Organisatie, politie: Organisatie) -> Tafeldata:
    """A table for Bloemhof with a held meeting (attendance, two discussed items, one carried
    over, decisions for both organisations, a sharing decision and a trend) and the next one."""
    take_part = [Capability.CASETABLE_TAKE_PART, Capability.CASES_VIEW, Capability.CASES_DIRECT]
    return held_meeting_of(
        voorzitter=make_user(take_part, username="voorzitter"),
        secretaris=make_user([Capability.CASETABLE_TAKE_PART], username="secretaris"),
        agent=make_user([Capability.CASETABLE_TAKE_PART], username="agent", organisatie_=politie),
        so=so,
        politie=politie,
    )


def held_meeting_of(
    *,
    voorzitter: User,
    secretaris: User,
    agent: User,
    so: Organisatie,
    politie: Organisatie,
    naam: str = "Casustafel Bloemhof",
) -> Tafeldata:
    """`held_meeting` for given people (the browser tests use the demo's)."""
    buurt = Gebied.objects.get_or_create(
        code="BU05991081", defaults={"naam": "Bloemhof", "soort": "buurt"}
    )[0]
    tafel = Casustafel.objects.create(
        naam=naam,
        voorzitter=voorzitter,
        secretaris=secretaris,
        locatie="Wijkkantoor Zuid",
    )
    tafel.gebieden.set([buurt])
    sinds = date(2026, 1, 1)
    Tafellid.objects.create(tafel=tafel, organisatie=so, grondslag="Convenant, art. 4", sinds=sinds)
    Tafellid.objects.create(
        tafel=tafel, organisatie=politie, grondslag="Wet politiegegevens art. 20", sinds=sinds
    )
    moment = timezone.make_aware(datetime.combine(timezone.localdate(), time(10, 0)))
    vergadering = Tafelvergadering.objects.create(
        tafel=tafel,
        volgens_schema=moment - timedelta(days=1),
        begint_op=moment - timedelta(days=1),
        status="gehouden",
        gehouden_op=moment - timedelta(days=1),
    )
    volgende = Tafelvergadering.objects.create(
        tafel=tafel,
        volgens_schema=moment + timedelta(days=13),
        begint_op=moment + timedelta(days=13),
    )
    Aanwezigheid.objects.create(
        vergadering=vergadering, organisatie=so, aanwezig=True, personen="R. Regisseur"
    )
    Aanwezigheid.objects.create(
        vergadering=vergadering, organisatie=politie, aanwezig=True, personen="A. Agent"
    )
    casus_a = _case(
        "CS-2026-0101", A_TITEL, A_STRAAT, A_POSTCODE, A_EIGENAAR, 1, so, voorzitter, buurt
    )
    casus_b = _case(
        "CS-2026-0102", B_TITEL, B_STRAAT, B_POSTCODE, B_EIGENAAR, 2, so, voorzitter, buurt
    )
    deling = Deling.objects.create(
        casus=casus_a,
        organisatie=politie,
        rol="wijkagent",
        doel="Gezamenlijke controle",
        grondslag="Wet politiegegevens art. 20",
        onderdelen=["objecten", "taken"],
        tot=timezone.localdate() + timedelta(days=90),
        gedeeld_door=voorzitter,
    )

    def item(casus: Casus, vraag: str, **record: str) -> Agendapunt:
        return Agendapunt.objects.create(
            vergadering=vergadering,
            casus=casus,
            vraagsoort="strategie",
            vraag=vraag,
            ingebracht_door=voorzitter,
            ingebracht_namens=so,
            status="besproken",
            **record,
        )

    punt_a = item(
        casus_a,
        "Hoe pakken we dit pand samen aan?",
        bespreking=A_BESPREKING,
        strategie=A_STRATEGIE,
        escalatie=A_ESCALATIE,
    )
    Delingsbesluit.objects.create(agendapunt=punt_a, deling=deling, vastgelegd_door=voorzitter)
    punt_b = item(casus_b, B_VRAAG, bespreking=B_BESPREKING, strategie=B_STRATEGIE)
    deadline = timezone.localdate() + timedelta(days=14)
    for punt, omschrijving, organisatie in [
        (punt_a, "Gezamenlijke controle plannen", so),
        (punt_a, "Registratie raadplegen", politie),
        (punt_b, B_AFSPRAAK_SO, so),
        (punt_b, B_AFSPRAAK_POLITIE, politie),
    ]:
        taak = Taak.objects.create(
            casus=punt.casus, titel=omschrijving, organisatie=organisatie, deadline=deadline
        )
        Afspraak.objects.create(
            agendapunt=punt,
            omschrijving=omschrijving,
            organisatie=organisatie,
            deadline=deadline,
            taak=taak,
            vastgelegd_door=voorzitter,
        )
    # Carried over: an item about case B, to the next meeting.
    vervolg = Agendapunt.objects.create(
        vergadering=volgende,
        casus=casus_b,
        vraagsoort="escalatie",
        vraag="Opschalen na het netbeheerdersonderzoek?",
        ingebracht_namens=so,
        status="geaccepteerd",
    )
    punt_doorgeschoven = Agendapunt.objects.create(
        vergadering=vergadering,
        casus=casus_b,
        vraagsoort="escalatie",
        vraag="Opschalen na het netbeheerdersonderzoek?",
        ingebracht_door=voorzitter,
        ingebracht_namens=so,
        status="doorgeschoven",
        vervolg=vervolg,
    )
    Tafelsignaal.objects.create(
        vergadering=vergadering,
        categorie="overbewoning",
        gebied=buurt,
        omschrijving=TREND,
        vastgelegd_door=voorzitter,
    )
    return Tafeldata(
        tafel=tafel,
        vergadering=vergadering,
        volgende=volgende,
        voorzitter=voorzitter,
        secretaris=secretaris,
        agent=agent,
        politie=politie,
        so=so,
        casus_a=casus_a,
        casus_b=casus_b,
        punt_a=punt_a,
        punt_b=punt_b,
        punt_doorgeschoven=punt_doorgeschoven,
    )
