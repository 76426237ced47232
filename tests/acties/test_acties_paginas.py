"""The acties lane's pages over HTTP: the list with the count against the target, making an
action from an approved selection (the button on the selection's page) and from a hand-made
list, the action page as each participant may see it, setting up and planning by the
organiser, and refusals shown beside the fields."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from django.urls import reverse

from goedwonen.acties.models import Actie, Actiepartner, Actiestatus, Actieteam
from goedwonen.casussen.models import Casus, Onderdeel
from goedwonen.core.models import Verwerkingsactiviteitcode, Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.parameters.definities import INTEGRALE_ACTIES_DOEL
from goedwonen.parameters.models import Parameterversie

from .support_acties import approved_selection, build_opzet

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie):
    return build_opzet(make_user, organisatie, partner_organisatie)


def _action(opzet, *, datum=None, status=Actiestatus.VOORBEREIDING, **fields) -> Actie:
    return Actie.objects.create(
        naam=fields.pop("naam", "Actie Carnisse"),
        datum=datum or opzet.vandaag + timedelta(days=7),
        gebied=opzet.buurt,
        leider=opzet.organiser,
        organisatie=opzet.so,
        aangemaakt_door=opzet.organiser,
        status=status,
        **fields,
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_list_counts_held_actions_against_the_target_per_year_and_area(client, opzet):
    today = opzet.vandaag
    jaar = today.year
    # Held: finished, or planned with its day past. Not held: planned still to come, in
    # preparation, cancelled, or held another year.
    _action(opzet, naam="Afgerond", datum=today.replace(month=1, day=1), status="afgerond")
    _action(opzet, naam="Voorbij", datum=today - timedelta(days=1), status="gepland")
    _action(opzet, naam="Komend", datum=today + timedelta(days=1), status="gepland")
    _action(opzet, naam="Voorbereiding", datum=today, status="voorbereiding")
    _action(opzet, naam="Geannuleerd", datum=today, status="geannuleerd")
    _action(opzet, naam="Vorig jaar", datum=today.replace(year=jaar - 1), status="afgerond")
    client.force_login(opzet.agent)

    page = _text(client.get(reverse("acties")))

    held = 2 if (today - timedelta(days=1)).year == jaar else 1
    assert f"{held} van 12 integrale acties in {jaar}" in page
    assert "nog 1 gepland" in page or (today + timedelta(days=1)).year != jaar
    assert re.search(rf"<th scope=\"row\"[^>]*>Carnisse</th><td[^>]*>{held}</td>", page)
    assert "Vorig jaar" not in page
    assert page.count('href="/acties/') >= 5

    earlier = _text(client.get(reverse("acties"), {"jaar": jaar - 1}))
    assert f"1 van 12 integrale acties in {jaar - 1}" in earlier
    assert "Vorig jaar" in earlier


def test_the_target_is_the_parameter_valid_in_the_year(client, opzet):
    Parameterversie.objects.create(
        code=INTEGRALE_ACTIES_DOEL,
        waarde=Decimal("15"),
        eenheid="acties per jaar",
        bron="Bestuursopdracht",
        geldig_vanaf=opzet.vandaag.replace(month=1, day=1),
        reden="Meer acties",
    )
    client.force_login(opzet.organiser)
    assert f"0 van 15 integrale acties in {opzet.vandaag.year}" in _text(
        client.get(reverse("acties"))
    )


def test_the_list_filters_on_status_and_area_and_names_its_columns(client, opzet):
    _action(opzet, naam="Eerste", status="gepland")
    _action(opzet, naam="Tweede")
    client.force_login(opzet.organiser)

    page = _text(client.get(reverse("acties"), {"status": "gepland"}))

    assert "Eerste" in page and "Tweede" not in page
    for kop in ("Datum", "Naam", "Gebied", "Leider", "Status", "Adressen", "Teams"):
        assert f">{kop}<" in page or f"{kop}</a>" in page or f"{kop} " in page


def test_the_list_is_for_those_who_take_part_or_organise(client, make_user, opzet):
    client.force_login(make_user([Capability.CASES_VIEW]))
    assert client.get(reverse("acties")).status_code == 403
    client.force_login(opzet.agent)
    page = _text(client.get(reverse("acties")))
    assert 'href="/acties/"' in page  # the navigation entry
    assert "handmatige adreslijst" not in page  # not an organiser


def test_an_approved_selection_becomes_an_action_through_its_page(client, opzet, make_user):
    selectie = approved_selection(opzet.adressen, opzet.organiser, opzet.buurt, removed=2)
    client.force_login(make_user([Capability.ANALYSIS_VIEW], username="kijker"))
    page = _text(client.get(reverse("selectie", args=[selectie.pk])))
    assert f'href="/acties/uit-selectie/{selectie.pk}/"' in page
    client.force_login(opzet.organiser)

    form = _text(client.get(reverse("actie-uit-selectie", args=[selectie.pk])))
    assert "4 adressen komen op de actie" in form
    response = client.post(
        reverse("actie-uit-selectie", args=[selectie.pk]),
        {
            "naam": "Actie Carnisse voorjaar",
            "datum": (opzet.vandaag + timedelta(days=10)).isoformat(),
            "gebied": opzet.buurt.pk,
            "leider": opzet.organiser.pk,
            "doel": "",
            "adressen_per_team": 10,
        },
    )

    actie = Actie.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actie", args=[actie.pk])
    assert actie.adressen.count() == 4
    assert actie.adressen_per_team == 10


def test_making_an_action_shows_what_is_wrong_beside_the_field(client, opzet):
    selectie = approved_selection(opzet.adressen, opzet.organiser, opzet.buurt)
    client.force_login(opzet.organiser)

    response = client.post(
        reverse("actie-uit-selectie", args=[selectie.pk]),
        {
            "naam": "",
            "datum": "morgen",
            "gebied": opzet.buurt.pk,
            "leider": opzet.inspecteur.pk,
            "adressen_per_team": 0,
        },
    )

    page = _text(response)
    assert response.status_code == 200
    assert "Geef de actie een naam." in page
    assert "Vul een geldige datum in" in page
    assert "Kies een casusregisseur van uw organisatie uit de lijst." in page
    assert "Vul ten minste 1 in." in page
    assert not Actie.objects.exists()


def test_a_selection_not_approved_or_a_non_organiser_gets_no_action_form(client, opzet):
    selectie = approved_selection(opzet.adressen, opzet.organiser, opzet.buurt)
    selectie.status = "concept"
    selectie.save()
    client.force_login(opzet.organiser)
    assert client.get(reverse("actie-uit-selectie", args=[selectie.pk])).status_code == 404
    client.force_login(opzet.inspecteur)
    assert client.get(reverse("actie-nieuw")).status_code == 403


def test_a_hand_made_action_and_its_addresses_by_the_address_picker(client, opzet):
    client.force_login(opzet.organiser)
    response = client.post(
        reverse("actie-nieuw"),
        {
            "naam": "Actie op meldingen",
            "datum": opzet.vandaag.isoformat(),
            "gebied": opzet.buurt.pk,
            "leider": opzet.organiser.pk,
            "adressen_per_team": 12,
            "reden_handmatig": "Meldingen van de wijkagent over één portiek",
        },
    )
    actie = Actie.objects.get()
    assert response["Location"] == reverse("actie", args=[actie.pk])
    assert actie.reden_handmatig == "Meldingen van de wijkagent over één portiek"

    unknown = client.post(
        reverse("actie-adres-toevoegen", args=[actie.pk]),
        {"postcode": "9999ZZ", "huisnummer": "1", "reden": "Melding"},
    )
    assert "Dit adres staat niet in de registratie." in _text(unknown)
    client.post(
        reverse("actie-adres-toevoegen", args=[actie.pk]),
        {"postcode": "3081 aa", "huisnummer": "3", "reden": "Melding van de wijkagent"},
    )
    row = actie.adressen.get()
    assert row.verblijfsobject == opzet.adressen[2].verblijfsobject
    assert row.reden_handmatig == "Melding van de wijkagent"


def _set_up_over_http(client, opzet, actie):
    client.force_login(opzet.organiser)
    for organisatie, onderdelen, redenen, controleert in (
        (opzet.politie, [], False, ["crimineel_gebruik"]),
        (opzet.sb, [Onderdeel.OBJECTEN], True, ["overbewoning"]),
    ):
        data = {
            "organisatie": organisatie.pk,
            "grondslag": f"Grondslag van {organisatie.naam}",
            "onderdelen": onderdelen,
            "controleert": controleert,
            "taak": "Meekijken",
        }
        if redenen:
            data["ziet_redenen"] = "on"
        response = client.post(reverse("actie-partner-toevoegen", args=[actie.pk]), data)
        assert response.status_code == 302, _text(response)
    response = client.post(
        reverse("actie-team-nieuw", args=[actie.pk]),
        {"naam": "Team 1", "leden": [opzet.agent.pk, opzet.inspecteur.pk]},
    )
    assert response.status_code == 302


def test_a_team_member_of_an_organisation_not_taking_part_is_refused_beside_the_field(
    client, opzet
):
    actie = _action(opzet)
    client.force_login(opzet.organiser)

    response = client.post(
        reverse("actie-team-nieuw", args=[actie.pk]),
        {"naam": "Team 1", "leden": [opzet.agent.pk]},
    )

    assert "Kies teamleden uit de lijst" in _text(response)
    assert not Actieteam.objects.exists()


def test_the_action_page_shows_each_participant_its_part(client, opzet):
    selectie = approved_selection(opzet.adressen, opzet.organiser, opzet.buurt)
    from goedwonen.acties.services.acties import actie_from_selectie_create

    actie = actie_from_selectie_create(
        actor=opzet.organiser,
        selectie=selectie,
        naam="Actie Carnisse",
        datum=opzet.vandaag + timedelta(days=3),
        gebied=opzet.buurt,
        leider=opzet.organiser,
        doel="",
    )
    _set_up_over_http(client, opzet, actie)
    reason = "Signaal 1: meer ingeschrevenen dan de oppervlakte toelaat"

    organiser = _text(client.get(reverse("actie", args=[actie.pk])))
    assert reason in organiser
    assert "Grondslag van Politie" in organiser
    assert "Team 1" in organiser and "Actie plannen" in organiser
    assert "Dordtselaan 1<" in organiser
    assert "mag een bezoek vastleggen" not in organiser  # the inspector is in the team

    client.force_login(opzet.agent)
    police = _text(client.get(reverse("actie", args=[actie.pk])))
    assert reason not in police
    assert "Dordtselaan 1<" in police  # the address, the entry basis: every member needs them
    assert "Actie plannen" not in police
    assert client.post(reverse("actie-plannen", args=[actie.pk])).status_code == 403

    client.force_login(opzet.inspecteur)
    assert reason in _text(client.get(reverse("actie", args=[actie.pk])))

    client.force_login(opzet.buitenstaander)
    assert client.get(reverse("actie", args=[actie.pk])).status_code == 404

    assert (
        Verwerkingslog.objects.filter(
            verwerkingsactiviteit__code=Verwerkingsactiviteitcode.INTEGRALE_ACTIE,
            name="Adressen van een integrale actie bekeken",
            object_ref=f"actie:{actie.pk}:adres:{actie.adressen.first().pk}",
        ).count()
        == 3
    )


def test_a_team_without_anyone_who_records_visits_is_warned_about(client, opzet):
    actie = _action(opzet)
    Actiepartner.objects.create(actie=actie, organisatie=opzet.politie, grondslag="x")
    team = Actieteam.objects.create(actie=actie, naam="Team 2")
    team.leden.set([opzet.agent])
    client.force_login(opzet.organiser)

    assert "Niemand in Team 2 mag een bezoek vastleggen" in _text(
        client.get(reverse("actie", args=[actie.pk]))
    )


def test_planning_and_cancelling_through_the_page(client, opzet):
    selectie = approved_selection(opzet.adressen, opzet.organiser, opzet.buurt)
    client.force_login(opzet.organiser)
    client.post(
        reverse("actie-uit-selectie", args=[selectie.pk]),
        {
            "naam": "Actie",
            "datum": (opzet.vandaag + timedelta(days=2)).isoformat(),
            "gebied": opzet.buurt.pk,
            "leider": opzet.organiser.pk,
            "adressen_per_team": 12,
        },
    )
    actie = Actie.objects.get()

    refused = client.post(reverse("actie-plannen", args=[actie.pk]), follow=True)
    assert "De actie is niet gepland. Vorm eerst ten minste één team." in _text(refused)

    _set_up_over_http(client, opzet, actie)
    client.post(reverse("actie-plannen", args=[actie.pk]))
    actie.refresh_from_db()
    assert actie.status == Actiestatus.GEPLAND
    assert Casus.objects.count() == 6

    page = _text(client.get(reverse("actie-annuleren", args=[actie.pk])))
    assert "De casussen van de adressen blijven open" in page
    assert Verwerkingslog.objects.filter(
        name="Integrale actie geopend om in te richten", object_ref=f"actie:{actie.pk}"
    ).exists()
    empty = client.post(reverse("actie-annuleren", args=[actie.pk]), {"reden": ""})
    assert "Zeg waarom de actie niet doorgaat." in _text(empty)
    client.post(reverse("actie-annuleren", args=[actie.pk]), {"reden": "Storm"})
    actie.refresh_from_db()
    assert actie.status == Actiestatus.GEANNULEERD
    assert "Storm" in _text(client.get(reverse("actie", args=[actie.pk])))
