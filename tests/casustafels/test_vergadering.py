"""The meeting page and its writes (issue 15, point 5), through HTTP as the chair, the
secretary and the members use them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Deling, Herkomst, Taak
from goedwonen.casustafels.models import (
    Aanwezigheid,
    Afspraak,
    Agendapunt,
    Delingsbesluit,
    Tafelsignaal,
)
from goedwonen.core.models import Verwerkingslog

from .support_vergadering import (
    BESPREKING,
    EIGENAAR,
    ESCALATIE,
    POSTCODE,
    STRAAT,
    STRATEGIE,
    TITEL,
    Vergaderopzet,
    address,
    build,
    item,
)


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie) -> Vergaderopzet:
    return build(make_user, organisatie, partner_organisatie)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(user, opzet: Vergaderopzet) -> str:
    response = client_for(user).get(reverse("vergadering", args=[opzet.vergadering.pk]))
    assert response.status_code == 200
    return response.content.decode()


def in_days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def post_afspraak(client: Client, punt: Agendapunt, omschrijving: str, organisatie, **extra):
    prefix = f"afspraak{punt.pk}"
    data = {
        f"{prefix}-omschrijving": omschrijving,
        f"{prefix}-organisatie": organisatie.pk,
        f"{prefix}-eigenaar": extra.get("eigenaar", ""),
        f"{prefix}-deadline": extra.get("deadline", in_days(14)),
    }
    return client.post(reverse("agendapunt-afspraak", args=[punt.pk]), data)


def post_delen(client: Client, punt: Agendapunt, organisatie, onderdelen):
    prefix = f"delen{punt.pk}"
    return client.post(
        reverse("agendapunt-delen", args=[punt.pk]),
        {
            f"{prefix}-organisatie": organisatie.pk,
            f"{prefix}-rol": "wijkagent",
            f"{prefix}-doel": "Gezamenlijke controle",
            f"{prefix}-grondslag": "Wet politiegegevens art. 20; convenant art. 4",
            f"{prefix}-onderdelen": onderdelen,
            f"{prefix}-tot": in_days(90),
        },
    )


def post_verslag(client: Client, punt: Agendapunt, **fields):
    prefix = f"verslag{punt.pk}"
    data = {f"{prefix}-{k}": v for k, v in fields.items()}
    return client.post(reverse("agendapunt-verslag", args=[punt.pk]), data)


@pytest.mark.django_db
def test_decisions_become_tasks_for_two_organisations_one_a_partner_shared_with_in_the_meeting(
    opzet,
):
    # The secretary types; the table's decisions in the case are the chair's as director.
    secretaris = client_for(opzet.secretaris)
    punt = opzet.punt

    # Without a sharing the police cannot get a task: said beside the organisation field.
    response = post_afspraak(secretaris, punt, "Registratie raadplegen", opzet.politie)
    assert response.status_code == 200
    assert "Deel de casus eerst met Politie (met het onderdeel taken)." in response.content.decode()
    assert not Afspraak.objects.exists() and not Taak.objects.exists()

    response = post_delen(secretaris, punt, opzet.politie, ["objecten", "taken"])
    assert response.status_code == 302
    besluit = Delingsbesluit.objects.get()
    assert besluit.agendapunt == punt and besluit.vastgelegd_door == opzet.secretaris
    deling = Deling.objects.get(casus=opzet.casus)
    assert (deling.organisatie, deling.onderdelen, deling.gedeeld_door) == (
        opzet.politie,
        ["objecten", "taken"],
        opzet.voorzitter,
    )

    response = post_afspraak(secretaris, punt, "Registratie raadplegen", opzet.politie)
    assert response.status_code == 302
    response = post_afspraak(
        secretaris, punt, "Huurprijscheck uitvoeren", opzet.so, eigenaar=opzet.voorzitter.pk
    )
    assert response.status_code == 302

    taken = {t.titel: t for t in Taak.objects.filter(casus=opzet.casus)}
    assert set(taken) == {"Registratie raadplegen", "Huurprijscheck uitvoeren"}
    assert taken["Registratie raadplegen"].organisatie == opzet.politie
    assert taken["Registratie raadplegen"].deadline == timezone.localdate() + timedelta(days=14)
    assert taken["Huurprijscheck uitvoeren"].organisatie == opzet.so
    assert taken["Huurprijscheck uitvoeren"].toegewezen_aan == opzet.voorzitter
    afspraken = {a.omschrijving: a for a in Afspraak.objects.all()}
    assert {a: afspraken[a].taak for a in afspraken} == taken
    punt.refresh_from_db()
    assert punt.status == "besproken"
    # Each write in the log, by the person who made it.
    names = set(
        Verwerkingslog.objects.filter(audit__gebruiker=opzet.secretaris).values_list(
            "name", flat=True
        )
    )
    assert {
        "Casustafel: delen met politie besloten",
        "Casustafel: afspraak voor politie vastgelegd",
        "Casustafel: afspraak voor so vastgelegd",
    } <= names


@pytest.mark.django_db
def test_a_decision_naming_the_address_or_owner_is_refused_beside_the_field(opzet):
    for text in (f"Controle aan de {STRAAT}", f"Brief aan {EIGENAAR}", "Post naar 3074 LA"):
        response = post_afspraak(client_for(opzet.voorzitter), opzet.punt, text, opzet.so)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Laat namen en adressen weg" in body
        assert f'id="id_afspraak{opzet.punt.pk}-omschrijving_error1"' in body
    assert not Afspraak.objects.exists() and not Taak.objects.exists()


@pytest.mark.django_db
def test_a_member_without_basis_sees_the_item_pseudonymised_with_only_its_own_decision(opzet):
    punt = opzet.punt
    voorzitter = client_for(opzet.voorzitter)
    post_verslag(
        voorzitter,
        punt,
        bespreking=BESPREKING,
        strategie=STRATEGIE,
        escalatie=ESCALATIE,
        opgeschaald="on",
    )
    post_afspraak(voorzitter, punt, "Huurprijscheck uitvoeren", opzet.so)
    # Woonstad gets a decision too, shared only the tasks (not the addresses): no basis.
    post_delen(voorzitter, punt, opzet.woonstad_org, ["taken"])
    post_afspraak(voorzitter, punt, "Huurcontract opvragen", opzet.woonstad_org)
    assert Afspraak.objects.count() == 2

    for user in (opzet.agent, opzet.woonstad):
        lines_before = Verwerkingslog.objects.count()
        body = page(user, opzet)
        assert opzet.casus.referentie in body
        assert "Gepseudonimiseerd" in body
        assert "Wat weet de politie over de bewoning van dit pand?" in body
        for secret in (TITEL, STRAAT, POSTCODE, EIGENAAR, BESPREKING, STRATEGIE, ESCALATIE):
            assert secret not in body, (user, secret)
        assert "Huurprijscheck uitvoeren" not in body  # Stadsontwikkeling's decision
        assert ("Huurcontract opvragen" in body) == (user == opzet.woonstad)
        assert "Verslag opslaan" not in body and "Afspraak vastleggen" not in body
        # The view of the item is logged, for the viewer.
        line = Verwerkingslog.objects.order_by("pk")[lines_before]
        assert line.name == "Casustafel: vergadering ingezien"
        assert line.object_ref == f"casus:{opzet.casus.referentie}"

    # The chair's organisation directs the case: everything.
    body = page(opzet.voorzitter, opzet)
    for text in (TITEL, STRAAT, EIGENAAR, BESPREKING, STRATEGIE, ESCALATIE, "Opgeschaald"):
        assert text in body
    assert "Huurprijscheck uitvoeren" in body and "Huurcontract opvragen" in body

    # Shared with its addresses, the police see the item and its record in full.
    post_delen(voorzitter, punt, opzet.politie, ["objecten"])
    body = page(opzet.agent, opzet)
    for text in (TITEL, STRAAT, BESPREKING, STRATEGIE, ESCALATIE):
        assert text in body
    assert EIGENAAR not in body  # the parties were not shared


@pytest.mark.django_db
def test_only_members_chair_and_secretary_see_the_meeting_and_only_leaders_record(opzet):
    url = reverse("vergadering", args=[opzet.vergadering.pk])
    lines_before = Verwerkingslog.objects.count()
    assert client_for(opzet.buitenstaander).get(url).status_code == 404
    assert Verwerkingslog.objects.count() == lines_before
    # A member that does not lead the table gets no forms, and posting changes nothing.
    agent = client_for(opzet.agent)
    for write in (
        lambda: post_verslag(agent, opzet.punt, bespreking="Iets"),
        lambda: post_afspraak(agent, opzet.punt, "Iets doen", opzet.politie),
        lambda: agent.post(reverse("agendapunt-doorschuiven", args=[opzet.punt.pk])),
        lambda: agent.post(reverse("vergadering-afsluiten", args=[opzet.vergadering.pk])),
    ):
        response = write()
        assert response.status_code == 302
        body = agent.get(response["Location"]).content.decode()
        assert "Alleen de voorzitter en de secretaris leggen de vergadering vast." in body
    opzet.punt.refresh_from_db()
    assert (opzet.punt.bespreking, opzet.punt.status) == ("", "geaccepteerd")
    assert not Afspraak.objects.exists()
    opzet.vergadering.refresh_from_db()
    assert opzet.vergadering.status == "gepland" and opzet.punt.vervolg is None
    # Writes on an item of a meeting one may not see: 404.
    response = post_verslag(client_for(opzet.buitenstaander), opzet.punt, bespreking="Iets")
    assert response.status_code == 404


@pytest.mark.django_db
def test_attendance_per_member_organisation(opzet):
    url = reverse("vergadering-aanwezigheid", args=[opzet.vergadering.pk])
    data = {
        f"aanwezig-aanwezig_{opzet.so.pk}": "ja",
        f"aanwezig-personen_{opzet.so.pk}": "R. Regisseur, S. Secretaris",
        f"aanwezig-aanwezig_{opzet.politie.pk}": "ja",
        f"aanwezig-personen_{opzet.politie.pk}": "",
        f"aanwezig-aanwezig_{opzet.woonstad_org.pk}": "nee",
    }
    response = client_for(opzet.secretaris).post(url, data)
    assert response.status_code == 200
    assert "Noem wie er namens Politie aanwezig was." in response.content.decode()
    assert not Aanwezigheid.objects.exists()

    data[f"aanwezig-personen_{opzet.politie.pk}"] = "Wijkagent Bloemhof"
    assert client_for(opzet.secretaris).post(url, data).status_code == 302
    rows = {
        a.organisatie.code: (a.aanwezig, a.personen)
        for a in Aanwezigheid.objects.filter(vergadering=opzet.vergadering)
    }
    assert rows == {
        "so": (True, "R. Regisseur, S. Secretaris"),
        "politie": (True, "Wijkagent Bloemhof"),
        "woonstad": (False, ""),
    }
    body = page(opzet.agent, opzet)
    assert "Politie: aanwezig (Wijkagent Bloemhof)" in body and "Woonstad: afwezig" in body


@pytest.mark.django_db
def test_carrying_an_item_over_to_the_next_planned_meeting(opzet):
    url = reverse("agendapunt-doorschuiven", args=[opzet.punt.pk])
    opzet.volgende.status = "geannuleerd"
    opzet.volgende.save()
    response = client_for(opzet.voorzitter).post(url, follow=True)
    assert "nog geen vergadering van Casustafel Bloemhof gepland" in response.content.decode()
    opzet.punt.refresh_from_db()
    assert opzet.punt.status == "geaccepteerd" and opzet.punt.vervolg is None

    opzet.volgende.status = "gepland"
    opzet.volgende.save()
    assert client_for(opzet.voorzitter).post(url).status_code == 302
    opzet.punt.refresh_from_db()
    vervolg = opzet.punt.vervolg
    assert opzet.punt.status == "doorgeschoven"
    assert (vervolg.vergadering, vervolg.casus, vervolg.vraag, vervolg.status) == (
        opzet.volgende,
        opzet.casus,
        opzet.punt.vraag,
        "geaccepteerd",
    )
    assert vervolg.ingebracht_namens == opzet.politie
    # Carried over, it is no longer on the table here.
    response = client_for(opzet.voorzitter).post(url, follow=True)
    assert "is doorgeschoven; alleen geaccepteerde punten worden besproken" in (
        response.content.decode()
    )
    assert Agendapunt.objects.filter(vergadering=opzet.volgende).count() == 1


@pytest.mark.django_db
def test_closing_carries_over_what_was_not_discussed(opzet, make_user):
    besproken = opzet.punt
    post_verslag(client_for(opzet.voorzitter), besproken, strategie=STRATEGIE)
    niet_besproken = item(opzet.vergadering, None, opzet.agent, signaal="Veel verhuisbewegingen")
    ingediend = item(opzet.vergadering, None, opzet.agent, signaal="Nieuw", status="ingediend")
    url = reverse("vergadering-afsluiten", args=[opzet.vergadering.pk])

    response = client_for(opzet.secretaris).post(url, follow=True)
    assert "Leg eerst de aanwezigheid vast." in response.content.decode()
    Aanwezigheid.objects.create(
        vergadering=opzet.vergadering, organisatie=opzet.so, aanwezig=True, personen="R."
    )
    response = client_for(opzet.secretaris).post(url, follow=True)
    assert "2 punten zijn doorgeschoven naar de volgende vergadering." in (
        response.content.decode()
    )
    opzet.vergadering.refresh_from_db()
    assert opzet.vergadering.status == "gehouden" and opzet.vergadering.gehouden_op is not None
    for punt, status in [
        (besproken, "besproken"),
        (niet_besproken, "doorgeschoven"),
        (ingediend, "doorgeschoven"),
    ]:
        punt.refresh_from_db()
        assert punt.status == status
    assert niet_besproken.vervolg.status == "geaccepteerd"
    assert ingediend.vervolg.status == "ingediend"  # the chair decides on it there
    assert {p.vergadering for p in (niet_besproken.vervolg, ingediend.vervolg)} == {opzet.volgende}
    # Closed once; and a meeting that has not begun cannot be closed.
    response = client_for(opzet.secretaris).post(url, follow=True)
    assert "Deze vergadering is al afgesloten." in response.content.decode()
    response = client_for(opzet.secretaris).post(
        reverse("vergadering-afsluiten", args=[opzet.volgende.pk]), follow=True
    )
    assert "Deze vergadering is nog niet begonnen" in response.content.decode()
    opzet.volgende.refresh_from_db()
    assert opzet.volgende.status == "gepland"


@pytest.mark.django_db
def test_a_case_of_a_new_signal_then_its_decisions_become_tasks(opzet):
    adres = address(2, "Hillevliet", "3074KB", opzet.buurt)
    signaal = item(
        opzet.vergadering,
        None,
        opzet.voorzitter,
        signaal="Veel wisselende bewoners",
        verblijfsobject=adres.verblijfsobject,
    )
    client = client_for(opzet.secretaris)
    response = client.post(
        reverse("agendapunt-casus-aanmaken", args=[signaal.pk]),
        {f"casus{signaal.pk}-titel": "Wisselende bewoning", f"casus{signaal.pk}-categorieen": []},
    )
    assert response.status_code == 200 and signaal.casus_id is None
    response = client.post(
        reverse("agendapunt-casus-aanmaken", args=[signaal.pk]),
        {
            f"casus{signaal.pk}-titel": "Wisselende bewoning",
            f"casus{signaal.pk}-categorieen": ["overbewoning"],
        },
    )
    assert response.status_code == 302
    signaal.refresh_from_db()
    casus = signaal.casus
    assert (casus.herkomst, casus.casusregisseur, casus.organisatie) == (
        Herkomst.CASUSTAFEL,
        opzet.voorzitter,
        opzet.so,
    )
    assert [o.verblijfsobject_id for o in casus.objecten.all()] == [adres.verblijfsobject_id]
    assert post_afspraak(client, signaal, "Huisbezoek afleggen", opzet.so).status_code == 302
    assert Afspraak.objects.get().taak == Taak.objects.get(casus=casus)


@pytest.mark.django_db
def test_a_decision_on_a_signal_without_a_case_has_no_task(opzet):
    signaal = item(opzet.vergadering, None, opzet.agent, signaal="Veel wisselende bewoners")
    assert (
        post_afspraak(client_for(opzet.voorzitter), signaal, "Nagaan", opzet.politie).status_code
        == 302
    )
    afspraak = Afspraak.objects.get()
    assert (afspraak.organisatie, afspraak.taak) == (opzet.politie, None)


@pytest.mark.django_db
def test_trends_and_signals_with_category_and_area_without_personal_data(opzet):
    url = reverse("vergadering-signaal", args=[opzet.vergadering.pk])
    data = {
        "signaal-categorie": "uitbuiting",
        "signaal-gebied": opzet.buurt.pk,
        "signaal-omschrijving": "Busjes halen arbeidsmigranten op bij 3074 LA",
    }
    client = client_for(opzet.secretaris)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "gevonden: &#x27;3074 LA&#x27;" in response.content.decode()
    data["signaal-omschrijving"] = "Busjes halen 's ochtends arbeidsmigranten op."
    assert client.post(url, data).status_code == 302
    signaal = Tafelsignaal.objects.get()
    assert (signaal.categorie, signaal.gebied, signaal.vastgelegd_door) == (
        "uitbuiting",
        opzet.buurt,
        opzet.secretaris,
    )
    assert "Busjes halen &#x27;s ochtends arbeidsmigranten op." in page(opzet.agent, opzet)
