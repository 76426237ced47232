from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.accounts.models import ApiToken, Rol, Team, User
from goedwonen.accounts.services import api_token_authenticate
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, make_user):
    client.force_login(
        make_user([Capability.ACCOUNTS_VIEW, Capability.ACCOUNTS_MANAGE], username="beheer")
    )
    return client


def test_create_user_through_the_form(manager_client, organisatie):
    rol = Rol.objects.create(code="jurist", naam="Jurist", capabilities=[])
    team = Team.objects.create(naam="Team Carnisse")
    response = manager_client.post(
        reverse("user-create"),
        {
            "username": "nieuwe.jurist",
            "first_name": "Noor",
            "last_name": "Jansen",
            "email": "noor@example.org",
            "organisatie": organisatie.pk,
            "rollen": [rol.pk],
            "teams": [team.pk],
            "password": "een-lang-genoeg-wachtwoord",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="nieuwe.jurist")
    assert (user.organisatie, list(user.rollen.all()), list(user.teams.all())) == (
        organisatie,
        [rol],
        [team],
    )
    assert user.check_password("een-lang-genoeg-wachtwoord")


def test_invalid_form_names_each_field_and_keeps_valid_input(manager_client, organisatie):
    users = User.objects.count()
    response = manager_client.post(
        reverse("user-create"),
        {
            "username": "met spatie",
            "first_name": "Noor",
            "last_name": "",
            "email": "geen-adres",
            "organisatie": organisatie.pk,
            "password": "kort",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"username", "last_name", "email"}
    html = response.content.decode()
    assert 'value="Noor"' in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == users


def test_service_errors_land_on_the_form(manager_client, organisatie):
    response = manager_client.post(
        reverse("user-create"),
        {
            "username": "beheer",
            "first_name": "A",
            "last_name": "B",
            "email": "a@b.nl",
            "organisatie": organisatie.pk,
            "password": "1234567890123",
        },
    )
    errors = response.context["form"].errors
    assert errors["username"] == ["Gebruikersnaam 'beheer' bestaat al."]


def test_update_roles_and_deactivate(manager_client, make_user):
    person = make_user([Capability.REGISTER_VIEW], username="collega")
    rol = Rol.objects.create(code="analist", naam="Analist", capabilities=[])
    response = manager_client.post(reverse("user-update", args=[person.pk]), {"rollen": [rol.pk]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert list(person.rollen.all()) == [rol]
    assert person.is_active is False
    assert Verwerkingslog.objects.filter(name="Gebruiker gewijzigd").count() == 1


def test_cannot_block_yourself(manager_client):
    me = User.objects.get(username="beheer")
    response = manager_client.post(reverse("user-update", args=[me.pk]), {})
    assert response.context["form"].errors["is_active"] == [
        "U kunt uw eigen account niet blokkeren."
    ]
    me.refresh_from_db()
    assert me.is_active


def test_unknown_user_is_404(manager_client):
    assert manager_client.get(reverse("user-update", args=[999999])).status_code == 404


def test_token_key_is_shown_once_and_works(manager_client, partner_organisatie):
    response = manager_client.post(
        reverse("api-tokens"), {"naam": "BVH", "organisatie": partner_organisatie.pk}
    )
    key = response.context["new_key"]
    assert response["Cache-Control"] == "no-store"
    assert key in response.content.decode()
    assert api_token_authenticate(key).serviceaccount.organisatie == partner_organisatie
    again = manager_client.get(reverse("api-tokens")).content.decode()
    assert key not in again and key[:8] in again
    token = ApiToken.objects.get()
    manager_client.post(reverse("api-token-revoke", args=[token.pk]))
    assert api_token_authenticate(key) is None
