"""Role grants: nobody changes their own, the organisation's kind bounds them (users and
tokens, on every path), identity and supervision roles need a second administrator, and the
privacy officer hears of them. Every step is in the role history."""

from __future__ import annotations

import importlib

import pytest

from django.apps import apps as current_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from goedwonen.accounts.demo import DEMO_USERS, demo_seed
from goedwonen.accounts.models import ApiToken, Rol, Rolwijziging, User
from goedwonen.accounts.rules import HOLDERS, not_allowed
from goedwonen.accounts.services import (
    api_token_authenticate,
    api_token_create,
    rolaanvraag_decide,
    user_create,
    user_update,
)
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability, capabilities_of
from goedwonen.core.processing_log import DataSubject, pseudonymise

pytestmark = pytest.mark.django_db
Soort = Rolwijziging.Soort


def state(user: User) -> tuple[list[str], list[str], int, int]:
    """An account's roles and teams, the role history and the log, to show nothing changed."""
    user = User.objects.get(pk=user.pk)
    return (
        sorted(user.rollen.values_list("code", flat=True)),
        sorted(user.teams.values_list("naam", flat=True)),
        Rolwijziging.objects.count(),
        Verwerkingslog.objects.count(),
    )


def update(actor: User, user: User, rollen: list[Rol]) -> User:
    return user_update(
        actor=actor, user=user, rollen=rollen, teams=user.teams.all(), is_active=True
    )


# Nobody changes their own roles


def test_an_administrator_cannot_give_himself_identity_or_log_rights(bas, rollen):
    before = state(bas)
    wanted = [*bas.rollen.all(), rollen["administratief-medewerker"], rollen["privacy-officer"]]
    with pytest.raises(ValidationError) as raised:
        update(bas, bas, wanted)
    assert raised.value.message_dict == {
        "rollen": [
            "U kunt uw eigen rollen en teams niet wijzigen: vraag dit aan een andere beheerder."
        ]
    }
    assert state(bas) == before
    assert Capability.REPORTER_IDENTITY_VIEW not in capabilities_of(User.objects.get(pk=bas.pk))


def test_an_administrator_cannot_drop_his_own_role_or_change_his_teams(bas):
    from goedwonen.accounts.models import Team

    team = Team.objects.create(naam="Team Carnisse")
    before = state(bas)
    with pytest.raises(ValidationError):
        update(bas, bas, [])
    with pytest.raises(ValidationError) as raised:
        user_update(actor=bas, user=bas, rollen=bas.rollen.all(), teams=[team], is_active=True)
    assert "teams" in raised.value.message_dict
    assert state(bas) == before


def test_the_form_refuses_a_self_grant_and_changes_nothing(client, bas, rollen):
    client.force_login(bas)
    before = state(bas)
    response = client.post(
        reverse("user-update", args=[bas.pk]),
        {
            "rollen": [*bas.rollen.values_list("pk", flat=True), rollen["privacy-officer"].pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["rollen"] == [
        "U kunt uw eigen rollen en teams niet wijzigen: vraag dit aan een andere beheerder."
    ]
    # Roles, teams and history unchanged; the log has the page's read of the account only.
    assert state(bas)[:3] == before[:3]
    assert list(Verwerkingslog.objects.values_list("name", flat=True)) == ["Gebruiker ingezien"]


def test_saving_ones_own_page_unchanged_is_no_change(bas):
    update(bas, bas, list(bas.rollen.all()))
    assert Rolwijziging.objects.count() == 0


# The organisation's kind bounds the roles


def test_an_external_user_gets_no_internal_role(bas, rollen, partner_organisatie):
    users, steps = User.objects.count(), Rolwijziging.objects.count()
    with pytest.raises(ValidationError) as raised:
        user_create(
            actor=bas,
            username="wijkagent",
            organisatie=partner_organisatie,
            rollen=[rollen["partnercontact"], rollen["behandelaar"]],
        )
    assert raised.value.message_dict == {
        "rollen": [
            "Rol 'Behandelaar' past niet bij Politie (een externe partner). Een externe partner "
            "mag niet: adressen, woningen en eigenaren inzien (adres, eigenaar, kaart); "
            "meldingen per adres en per eigenaar inzien; meldingen triageren en afhandelen."
        ]
    }
    assert (User.objects.count(), Rolwijziging.objects.count()) == (users, steps)


def test_an_external_user_keeps_to_partner_roles_when_changed(bas, rollen, partner_organisatie):
    wijkagent = user_create(
        actor=bas,
        username="wijkagent",
        organisatie=partner_organisatie,
        rollen=[rollen["partnercontact"]],
    )
    before = state(wijkagent)
    with pytest.raises(ValidationError) as raised:
        update(bas, wijkagent, [rollen["partnercontact"], rollen["administratief-medewerker"]])
    assert "melders inzien" in raised.value.messages[0]
    assert state(wijkagent) == before
    assert capabilities_of(User.objects.get(pk=wijkagent.pk)) == {
        Capability.CASES_VIEW,
        Capability.TASKS_WORK,
    }


def test_an_external_user_form_shows_the_refusal(client, bas, rollen, partner_organisatie):
    client.force_login(bas)
    response = client.post(
        reverse("user-create"),
        {
            "username": "wijkagent",
            "first_name": "Wendy",
            "last_name": "Wijkagent",
            "email": "wendy@politie.example",
            "organisatie": partner_organisatie.pk,
            "rollen": [rollen["behandelaar"].pk],
            "password": "een-lang-genoeg-wachtwoord",
        },
    )
    assert response.status_code == 200
    assert "past niet bij Politie" in response.context["form"].errors["rollen"][0]
    assert not User.objects.filter(username="wijkagent").exists()


def test_a_partner_token_gets_no_internal_role(bas, rollen, partner_organisatie):
    accounts = User.objects.count()
    with pytest.raises(ValidationError) as raised:
        api_token_create(
            actor=bas,
            organisatie=partner_organisatie,
            naam="BVH",
            rollen=[rollen["administratief-medewerker"]],
        )
    assert "Rol 'Administratief-medewerker' past niet bij Politie" in raised.value.messages[0]
    assert (ApiToken.objects.count(), User.objects.count()) == (0, accounts)


def test_a_partner_token_gets_no_internal_role_at_the_command_line(rollen, partner_organisatie):
    with pytest.raises(CommandError, match="Rol 'Behandelaar' past niet bij Politie"):
        call_command(
            "api_token",
            "create",
            "--organisatie",
            "politie",
            "--naam",
            "BVH",
            "--rol",
            "behandelaar",
        )
    assert ApiToken.objects.count() == 0
    assert not User.objects.filter(is_serviceaccount=True).exists()


def test_the_token_form_refuses_an_internal_role_for_a_partner(
    client, bas, rollen, partner_organisatie
):
    client.force_login(bas)
    response = client.post(
        reverse("api-tokens"),
        {
            "naam": "BVH",
            "organisatie": partner_organisatie.pk,
            "rollen": [rollen["behandelaar"].pk],
        },
    )
    assert "past niet bij Politie" in response.context["form"].errors["rollen"][0]
    assert response.context["new_key"] is None
    assert ApiToken.objects.count() == 0


def test_every_capability_has_its_holders_decided():
    assert set(HOLDERS) == set(Capability)
    # External partners: partner work only.
    assert {c for c in Capability if not not_allowed("extern", [c.value])} == {
        Capability.CASES_VIEW,
        Capability.TASKS_WORK,
        Capability.REPORTS_REGISTER,
        Capability.INSPECTIONS_RECORD,
        Capability.REGISTER_VIEW,
        Capability.CASETABLE_TAKE_PART,
        Capability.ACTIONS_TAKE_PART,
    }


def test_the_demo_is_valid_under_the_rules():
    demo_seed()
    for demo in DEMO_USERS:
        user = User.objects.select_related("organisatie").get(username=demo.username)
        for rol in user.rollen.all():
            assert not_allowed(user.organisatie.soort, rol.capabilities) == [], demo
    # Seeded on the server: recorded as such, one grant per demo user.
    steps = Rolwijziging.objects.all()
    assert [(s.soort, s.door) for s in steps] == [(Soort.TOEGEKEND, None)] * len(DEMO_USERS)
    officer = User.objects.get(username="privacy.dv")
    assert Capability.ACCESS_REVIEW in capabilities_of(officer)


# Four eyes


def test_identity_rights_wait_for_a_second_administrator(
    bas, bo, collega, rollen, fg, django_capture_on_commit_callbacks
):
    identity = rollen["administratief-medewerker"]
    with django_capture_on_commit_callbacks(execute=True):
        update(bas, collega, [rollen["behandelaar"], identity])
    collega = User.objects.get(pk=collega.pk)
    # The ordinary role is there; the identity role is a request.
    assert list(collega.rollen.values_list("code", flat=True)) == ["behandelaar"]
    assert Capability.REPORTER_IDENTITY_VIEW not in capabilities_of(collega)
    aanvraag = Rolwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    assert (aanvraag.gebruiker, aanvraag.rol, aanvraag.door) == (collega, identity, bas)

    # The requester cannot approve it.
    with pytest.raises(ValidationError) as raised:
        rolaanvraag_decide(actor=bas, aanvraag=aanvraag, approve=True)
    assert raised.value.messages == [
        "U heeft deze rol zelf aangevraagd: een andere beheerder beslist erover."
    ]
    assert not User.objects.get(pk=collega.pk).rollen.filter(pk=identity.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        besluit = rolaanvraag_decide(actor=bo, aanvraag=aanvraag, approve=True)
    assert (besluit.soort, besluit.door, besluit.aanvraag) == (Soort.GOEDGEKEURD, bo, aanvraag)
    assert Capability.REPORTER_IDENTITY_VIEW in capabilities_of(User.objects.get(pk=collega.pk))
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert (line.name, line.audit.gebruiker) == ("Rolaanvraag goedgekeurd", bo)
    assert line.data_subject_id == pseudonymise(DataSubject("gebruiker", "collega"))

    with pytest.raises(ValidationError, match="Over deze aanvraag is al besloten"):
        rolaanvraag_decide(actor=bo, aanvraag=aanvraag, approve=False)

    # The history, in order.
    assert [(s.soort, s.rol.code, s.door.username) for s in Rolwijziging.objects.all()] == [
        (Soort.TOEGEKEND, "behandelaar", "bas"),
        (Soort.AANGEVRAAGD, "administratief-medewerker", "bas"),
        (Soort.GOEDGEKEURD, "administratief-medewerker", "bo"),
    ]
    # The privacy officer heard of the request and of the approval; names only.
    assert [m.to for m in mail.outbox] == [["fg@gemeente.example"]] * 2
    assert "account collega: aangevraagd door bas" in mail.outbox[0].body
    assert "goedgekeurd door bo (aangevraagd door bas)" in mail.outbox[1].body
    for message in mail.outbox:
        assert "Cora" not in message.body and "collega@" not in message.body


def test_the_holder_of_the_role_cannot_approve_it(bas, bo, rollen):
    update(bas, bo, [*bo.rollen.all(), rollen["privacy-officer"]])
    aanvraag = Rolwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    with pytest.raises(ValidationError) as raised:
        rolaanvraag_decide(actor=bo, aanvraag=aanvraag, approve=True)
    assert raised.value.messages == [
        "Deze aanvraag gaat over uw eigen account: een andere beheerder beslist erover."
    ]
    assert Capability.LOG_SEARCH not in capabilities_of(User.objects.get(pk=bo.pk))
    assert not Rolwijziging.objects.filter(aanvraag=aanvraag).exists()


def test_managing_accounts_needs_four_eyes_too(bas, collega, beheerder):
    """Otherwise one administrator makes a second account and approves his own requests."""
    admin_role = bas.rollen.get()
    update(bas, collega, [admin_role])
    assert not User.objects.get(pk=collega.pk).rollen.exists()
    assert Rolwijziging.objects.get().soort == Soort.AANGEVRAAGD


def test_a_rejected_request_grants_nothing(bas, bo, collega, rollen):
    update(bas, collega, [rollen["privacy-officer"]])
    aanvraag = Rolwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    besluit = rolaanvraag_decide(actor=bo, aanvraag=aanvraag, approve=False)
    assert besluit.soort == Soort.AFGEWEZEN
    assert not User.objects.get(pk=collega.pk).rollen.exists()
    # Asking again is a new request; asking twice while one waits is not.
    update(bas, collega, [rollen["privacy-officer"]])
    update(bas, collega, [rollen["privacy-officer"]])
    assert Rolwijziging.objects.filter(soort=Soort.AANGEVRAAGD).count() == 2


def test_withdrawing_takes_effect_at_once_and_is_recorded(bas, collega, rollen):
    update(bas, collega, [rollen["behandelaar"]])
    update(bas, collega, [])
    assert not User.objects.get(pk=collega.pk).rollen.exists()
    assert [s.soort for s in Rolwijziging.objects.all()] == [Soort.TOEGEKEND, Soort.INGETROKKEN]


def test_a_token_with_identity_rights_waits_for_approval(bas, bo, rollen, organisatie):
    token, key = api_token_create(
        actor=bas,
        organisatie=organisatie,
        naam="SO Wonen",
        rollen=[rollen["administratief-medewerker"]],
    )
    assert capabilities_of(api_token_authenticate(key).serviceaccount) == frozenset()
    aanvraag = Rolwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    assert aanvraag.gebruiker == token.serviceaccount
    rolaanvraag_decide(actor=bo, aanvraag=aanvraag, approve=True)
    # At once in this process: the token's kept capabilities were dropped.
    assert Capability.REPORTER_IDENTITY_VIEW in capabilities_of(
        api_token_authenticate(key).serviceaccount
    )


def test_the_operator_grants_directly_and_the_privacy_officer_hears_of_it(
    rollen, organisatie, fg, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "api_token", "create", "--organisatie", "so", "--naam", "X", "--rol", "privacy-officer"
        )
    token = ApiToken.objects.get()
    assert Capability.LOG_SEARCH in capabilities_of(token.serviceaccount)
    step = Rolwijziging.objects.get()
    assert (step.soort, step.door) == (Soort.TOEGEKEND, None)
    assert len(mail.outbox) == 1
    assert "toegekend door de beheerder op de server" in mail.outbox[0].body


def test_ordinary_roles_do_not_mail_the_privacy_officer(
    bas, collega, rollen, fg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update(bas, collega, [rollen["behandelaar"]])
    assert mail.outbox == []


def test_requests_are_decided_on_their_page(client, bas, bo, collega, rollen):
    update(bas, collega, [rollen["privacy-officer"]])
    aanvraag = Rolwijziging.objects.get(soort=Soort.AANGEVRAAGD)
    url = reverse("rolaanvraag-besluit", args=[aanvraag.pk])

    client.force_login(bas)
    page = client.get(reverse("rolaanvragen")).content.decode()
    assert "Een andere beheerder beslist hierover." in page
    response = client.post(url, {"besluit": "goedkeuren"}, follow=True)
    assert "U heeft deze rol zelf aangevraagd" in response.content.decode()
    assert not User.objects.get(pk=collega.pk).rollen.exists()

    client.force_login(bo)
    assert f'action="{url}"' in client.get(reverse("rolaanvragen")).content.decode()
    response = client.post(url, {"besluit": "iets"}, follow=True)
    assert "Kies goedkeuren of afwijzen." in response.content.decode()
    response = client.post(url, {"besluit": "goedkeuren"}, follow=True)
    assert "is goedgekeurd en toegekend" in response.content.decode()
    assert list(User.objects.get(pk=collega.pk).rollen.all()) == [rollen["privacy-officer"]]
    assert client.post(reverse("rolaanvraag-besluit", args=[999999])).status_code == 404


def test_the_user_page_says_what_waits(client, bas, collega, rollen):
    client.force_login(bas)
    response = client.post(
        reverse("user-update", args=[collega.pk]),
        {"rollen": [rollen["privacy-officer"].pk], "is_active": "on"},
        follow=True,
    )
    assert "wacht op goedkeuring door een andere beheerder" in response.content.decode()
    page = client.get(reverse("user-update", args=[collega.pk])).content.decode()
    assert "Wacht op goedkeuring" in page and "Privacy-officer" in page


# Existing data


def test_the_migration_adds_the_access_review_and_reports_violations_without_stripping(
    rollen, partner_organisatie, capsys
):
    migration = importlib.import_module(
        "goedwonen.accounts.migrations.0003_privacy_officer_reviews_access"
    )
    officer_role = rollen["privacy-officer"]
    officer_role.capabilities = [Capability.LOG_SEARCH.value]
    officer_role.save()
    agent = User.objects.create_user(username="agent", organisatie=partner_organisatie)
    agent.rollen.add(rollen["behandelaar"])

    migration.add_access_review(current_apps, None)
    migration.add_access_review(current_apps, None)
    migration.report_violations(current_apps, None)

    officer_role.refresh_from_db()
    assert officer_role.capabilities == [
        Capability.LOG_SEARCH.value,
        Capability.ACCESS_REVIEW.value,
    ]
    assert list(agent.rollen.all()) == [rollen["behandelaar"]]
    assert "agent: rol behandelaar (registratie.inzien, meldingen.inzien, meldingen.triageren)" in (
        capsys.readouterr().err
    )
