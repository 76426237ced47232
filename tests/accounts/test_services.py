from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from goedwonen.accounts.demo import DEMO_USERS, demo_seed
from goedwonen.accounts.models import ApiToken, Organisatie, Rol, Team, User
from goedwonen.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    user_create,
)
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability, capabilities_of
from goedwonen.core.processing_log import DataSubject, pseudonymise

pytestmark = pytest.mark.django_db


def test_user_create_needs_the_capability_and_changes_nothing_when_denied(make_user, organisatie):
    actor = make_user([Capability.ACCOUNTS_VIEW])
    users, lines = User.objects.count(), Verwerkingslog.objects.count()
    with pytest.raises(PermissionDenied):
        user_create(
            actor=actor,
            username="nieuw",
            organisatie=organisatie,
            password="lang-genoeg-wachtwoord-1",
        )
    assert (User.objects.count(), Verwerkingslog.objects.count()) == (users, lines)


def test_user_create_logs_the_new_person(make_user, organisatie):
    actor = make_user([Capability.ACCOUNTS_MANAGE])
    user = user_create(
        actor=actor, username="nieuw", organisatie=organisatie, password="lang-genoeg-wachtwoord-1"
    )
    assert user.check_password("lang-genoeg-wachtwoord-1")
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert line.name == "Gebruiker aangemaakt"
    assert line.data_subject_id == pseudonymise(DataSubject("gebruiker", "nieuw"))
    assert line.audit.gebruiker == actor


def test_user_create_rejects_weak_passwords_and_duplicates(make_user, organisatie):
    actor = make_user([Capability.ACCOUNTS_MANAGE])
    with pytest.raises(ValidationError) as raised:
        user_create(actor=actor, username="zwak", organisatie=organisatie, password="12345")
    assert "Dit wachtwoord is te kort: gebruik ten minste 12 tekens." in raised.value.messages
    assert not User.objects.filter(username="zwak").exists()
    user_create(actor=actor, username="dubbel", organisatie=organisatie)
    with pytest.raises(ValidationError) as raised:
        user_create(actor=actor, username="DUBBEL", organisatie=organisatie)
    assert raised.value.message_dict == {"username": ["Gebruikersnaam 'DUBBEL' bestaat al."]}


def test_api_token_is_bound_to_its_organisation_and_stored_hashed(partner_organisatie):
    rol = Rol.objects.create(
        code="lezer", naam="Lezer", capabilities=[Capability.REGISTER_VIEW.value]
    )
    token, key = api_token_create(
        actor=None, organisatie=partner_organisatie, naam="Politiesysteem", rollen=[rol]
    )
    assert key not in token.sleutel_hash
    assert token.prefix == key[:8]
    found = api_token_authenticate(key)
    assert found == token
    assert found.serviceaccount.organisatie == partner_organisatie
    assert found.serviceaccount.is_serviceaccount
    assert not found.serviceaccount.has_usable_password()
    assert capabilities_of(found.serviceaccount) == {Capability.REGISTER_VIEW}
    api_token_revoke(actor=None, token=token)
    assert api_token_authenticate(key) is None
    assert api_token_authenticate("verzonnen") is None


def test_api_token_needs_a_name(partner_organisatie):
    with pytest.raises(ValidationError):
        api_token_create(actor=None, organisatie=partner_organisatie, naam="  ", rollen=[])
    assert ApiToken.objects.count() == 0


def test_api_token_command(partner_organisatie, capsys):
    Rol.objects.create(code="partnercontact", naam="Partner", capabilities=[])
    call_command(
        "api_token",
        "create",
        "--organisatie",
        "politie",
        "--naam",
        "BVH",
        "--rol",
        "partnercontact",
    )
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_authenticate(key).naam == "BVH"
    with pytest.raises(CommandError, match="Onbekende organisatie 'geen'"):
        call_command("api_token", "create", "--organisatie", "geen", "--naam", "X")
    with pytest.raises(CommandError, match="Onbekende rol: geen"):
        call_command(
            "api_token", "create", "--organisatie", "politie", "--naam", "X", "--rol", "geen"
        )
    token = ApiToken.objects.get()
    call_command("api_token", "revoke", str(token.pk))
    assert api_token_authenticate(key) is None


def test_demo_seed_is_idempotent_and_gives_each_role_one_user():
    demo_seed()
    counts = (
        Organisatie.objects.count(),
        Team.objects.count(),
        Rol.objects.count(),
        User.objects.count(),
    )
    lines = Verwerkingslog.objects.count()
    demo_seed()
    assert (
        Organisatie.objects.count(),
        Team.objects.count(),
        Rol.objects.count(),
        User.objects.count(),
    ) == counts
    assert Verwerkingslog.objects.count() == lines == len(DEMO_USERS)
    assert sorted(User.objects.values_list("rollen__code", flat=True)) == sorted(
        u.rol for u in DEMO_USERS
    )
    assert capabilities_of(User.objects.get(username="privacy.dv")) >= {Capability.LOG_SEARCH}
    # A partner contact sees shared cases, works its own tasks and sits at case tables;
    # nothing else.
    assert capabilities_of(User.objects.get(username="partner.politie")) == {
        Capability.CASES_VIEW,
        Capability.TASKS_WORK,
        Capability.CASETABLE_TAKE_PART,
        Capability.ACTIONS_TAKE_PART,
    }
    assert list(
        Team.objects.get(naam="Team Pendrecht-Zuidwijk").gebieden.values_list("naam", flat=True)
    ) == [
        "Zuidwijk",
        "Pendrecht",
    ]
