"""The administrator's pages for organisations, teams and roles, over HTTP: forms that say
what is wrong and keep what was typed, pages with their history, reads logged, and the
decision on a role's sensitive capabilities on the requests page."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.accounts.models import Beheerwijziging, Organisatie, Rol, Team
from goedwonen.accounts.role_changes import rol_update
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise

pytestmark = pytest.mark.django_db
C = Capability


@pytest.fixture
def bas_client(client, bas):
    client.force_login(bas)
    return client


def test_an_administrator_adds_an_organisation_and_sees_its_history(bas_client):
    response = bas_client.post(
        reverse("organisatie-nieuw"),
        {"code": "huurteam", "naam": "Huurteam Rotterdam", "soort": "extern", "actief": "on"},
    )
    organisatie = Organisatie.objects.get(code="huurteam")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisatie", args=[organisatie.pk])
    page = bas_client.get(response["Location"]).content.decode()
    assert "Organisatie Huurteam Rotterdam is toegevoegd." in page
    assert "Externe partner" in page
    assert '<span class="gw-mono">bas</span></td>' in page
    assert "<ins>Huurteam Rotterdam</ins>" in page
    # The new partner can be chosen for an account now.
    assert "Huurteam Rotterdam" in bas_client.get(reverse("user-create")).content.decode()


def test_a_bad_organisation_form_names_each_field_and_keeps_the_input(bas_client):
    before = Organisatie.objects.count()
    response = bas_client.post(
        reverse("organisatie-nieuw"), {"code": "Huur Team", "naam": "Huurteam", "soort": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"code", "soort"}
    html = response.content.decode()
    assert "Gebruik alleen kleine letters, cijfers en streepjes." in html
    assert 'value="Huurteam"' in html
    assert Organisatie.objects.count() == before


def test_the_service_refusal_lands_on_the_field(bas_client, organisatie):
    response = bas_client.post(
        reverse("organisatie-wijzigen", args=[organisatie.pk]),
        {"naam": organisatie.naam, "soort": "kerncluster"},  # actief unticked
    )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["actief"][0]
        .startswith("U kunt uw eigen organisatie niet op non-actief zetten")
    )
    assert Organisatie.objects.get(pk=organisatie.pk).actief


def test_a_reader_sees_the_pages_without_the_buttons_to_change(client, make_user, organisatie):
    client.force_login(make_user([C.ACCOUNTS_VIEW], username="kijker"))
    page = client.get(reverse("organisatie", args=[organisatie.pk])).content.decode()
    assert "Organisatie wijzigen" not in page
    assert client.get(reverse("organisatie-wijzigen", args=[organisatie.pk])).status_code == 403
    overview = client.get(reverse("accounts-overview")).content.decode()
    assert reverse("organisatie", args=[organisatie.pk]) in overview
    assert "Nieuwe organisatie" not in overview


def test_an_unknown_object_is_not_found(bas_client):
    assert bas_client.get(reverse("team", args=[999])).status_code == 404
    assert bas_client.get(reverse("rol-wijzigen", args=[999])).status_code == 404


def test_a_team_is_made_through_the_form_and_its_page_logs_the_members(bas_client, bas, collega):
    response = bas_client.post(
        reverse("team-nieuw"), {"naam": "Team Carnisse", "leden": [collega.pk]}
    )
    team = Team.objects.get(naam="Team Carnisse")
    assert response["Location"] == reverse("team", args=[team.pk])
    lines_before = Verwerkingslog.objects.count()
    page = bas_client.get(reverse("team", args=[team.pk])).content.decode()
    assert "Cora Collega" in page
    lines = Verwerkingslog.objects.filter(pk__gt=0).order_by("pk")[lines_before:]
    assert {(line.name, line.data_subject_id) for line in lines} == {
        ("Team ingezien", pseudonymise(DataSubject("gebruiker", "collega"))),
        ("Beheergeschiedenis ingezien", pseudonymise(DataSubject("gebruiker", "bas"))),
        ("Beheergeschiedenis ingezien", pseudonymise(DataSubject("gebruiker", "collega"))),
    }


def test_the_team_form_refuses_adding_oneself(bas_client, bas):
    team = Team.objects.create(naam="Team Carnisse")
    response = bas_client.post(
        reverse("team-wijzigen", args=[team.pk]), {"naam": "Team Carnisse", "leden": [bas.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["leden"] == [
        "U kunt uw eigen rollen en teams niet wijzigen: vraag dit aan een andere beheerder."
    ]
    assert not team.leden.exists()


def test_the_role_form_shows_labels_and_a_new_role_says_what_waits(bas_client):
    form = bas_client.get(reverse("rol-nieuw")).content.decode()
    assert "Naam en contactgegevens van melders inzien (alleen kernclusters; gevoelig: " in form
    assert f'value="{C.CASES_VIEW.value}"' in form
    response = bas_client.post(
        reverse("rol-nieuw"),
        {
            "code": "intake-plus",
            "naam": "Intake plus",
            "capabilities": [C.REPORTS_REGISTER.value, C.REPORTER_IDENTITY_VIEW.value],
        },
        follow=True,
    )
    rol = Rol.objects.get(code="intake-plus")
    assert rol.capabilities == [C.REPORTS_REGISTER.value]
    html = response.content.decode()
    assert "Rol &#x27;Intake plus&#x27; is aangemaakt." in html
    assert f"Wacht op goedkeuring: {C.REPORTER_IDENTITY_VIEW.label}." in html
    assert C.REPORTS_REGISTER.label in html


def test_a_second_administrator_decides_on_the_requests_page(client, bas, bo, rollen):
    rol = rollen["behandelaar"]
    rol_update(
        actor=bas,
        rol=rol,
        naam=rol.naam,
        omschrijving="",
        capabilities=[*rol.capabilities, C.LOG_SEARCH.value],
    )
    aanvraag = Beheerwijziging.objects.get(soort=Beheerwijziging.Soort.AANGEVRAAGD)
    client.force_login(bas)
    page = client.get(reverse("rolaanvragen")).content.decode()
    assert "Een andere beheerder beslist hierover." in page
    client.force_login(bo)
    page = client.get(reverse("rolaanvragen")).content.decode()
    assert f'Goedkeuren<span class="gw-visually-hidden"> bevoegdheden voor rol {rol.naam}' in page
    response = client.post(
        reverse("rolbevoegdheid-besluit", args=[aanvraag.pk]),
        {"besluit": "goedkeuren"},
        follow=True,
    )
    assert "De bevoegdheden voor rol &#x27;Behandelaar&#x27; zijn goedgekeurd en doorgevoerd." in (
        response.content.decode()
    )
    assert C.LOG_SEARCH.value in Rol.objects.get(pk=rol.pk).capabilities
    # Deciding twice says so, and changes nothing.
    response = client.post(
        reverse("rolbevoegdheid-besluit", args=[aanvraag.pk]), {"besluit": "afwijzen"}, follow=True
    )
    assert "Over deze aanvraag is al besloten." in response.content.decode()
    assert C.LOG_SEARCH.value in Rol.objects.get(pk=rol.pk).capabilities


def test_a_decision_without_a_choice_is_refused(bas, bo, client, rollen):
    rol = rollen["behandelaar"]
    rol_update(
        actor=bas, rol=rol, naam=rol.naam, omschrijving="", capabilities=[C.LOG_SEARCH.value]
    )
    aanvraag = Beheerwijziging.objects.get(soort=Beheerwijziging.Soort.AANGEVRAAGD)
    client.force_login(bo)
    response = client.post(reverse("rolbevoegdheid-besluit", args=[aanvraag.pk]), follow=True)
    assert "Kies goedkeuren of afwijzen." in response.content.decode()
    assert not Beheerwijziging.objects.filter(aanvraag=aanvraag).exists()


def test_the_role_page_shows_capabilities_by_label_and_the_history(bas_client, rollen):
    rol = rollen["partnercontact"]
    rol_update(actor=None, rol=rol, naam=rol.naam, omschrijving="", capabilities=[C.CASES_VIEW])
    page = bas_client.get(reverse("rol", args=[rol.pk])).content.decode()
    assert C.CASES_VIEW.label in page
    assert f"eraf: <del>{C.TASKS_WORK.label}</del>" in page
    assert "de beheerder op de server" in page
