"""Second factor for local accounts, through the login form and the pages after it."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from goedwonen.aanmelden import services
from goedwonen.aanmelden.models import Beveiligingsgebeurtenis, Gebeurtenissoort
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings) -> None:
    settings.MFA_REQUIRED = True


def password_login(client, user, next_url: str = ""):
    return client.post(
        "/inloggen", {"username": user.username, "password": PASSWORD, "next": next_url}
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def app_code(secret: str, later: int = 0) -> str:
    """The code an authenticator app shows (pyotp, not our code); `later` steps ahead, as a
    code once used is refused again (replay)."""
    return pyotp.TOTP(secret.replace(" ", "")).at(time.time() + 30 * later)


def set_up_app(client) -> tuple[str, list[str]]:
    """On the set-up page: read the key as a person would type it, confirm with a code."""
    page = client.get("/aanmelden/tweestap/instellen").content.decode()
    secret = re.search(r'id="totp-sleutel">([A-Z2-7 ]+)<', page).group(1)
    response = client.post("/aanmelden/tweestap/instellen", {"code": app_code(secret)})
    assert response["Location"] == "/aanmelden/herstelcodes"
    codes_page = client.get("/aanmelden/herstelcodes").content.decode()
    codes = re.findall(r'<li class="utrecht-unordered-list__item">([a-z2-7]{8})</li>', codes_page)
    return secret, codes


def test_a_role_with_personal_data_must_set_up_a_second_factor_before_any_page(
    client, make_user, required
):
    user = make_user([Capability.CASES_VIEW])
    response = password_login(client, user, next_url="/casussen")
    assert response["Location"] == "/aanmelden/tweestap/instellen"
    # The password alone signs nobody in: pages, and the API on the session, refuse.
    assert not signed_in(client)
    assert client.get("/casussen")["Location"].startswith("/inloggen")
    assert client.get("/")["Location"].startswith("/inloggen")
    assert client.get("/api/v1/casussen").status_code == 401

    page = client.get("/aanmelden/tweestap/instellen")
    body = page.content.decode()
    assert "Uw rol geeft toegang tot persoonsgegevens" in body
    assert '<div class="gw-qr" role="img"' in body and "<svg" in body
    wrong = client.post("/aanmelden/tweestap/instellen", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not signed_in(client)

    _, codes = set_up_app(client)
    assert signed_in(client)
    assert len(codes) == 10
    # Shown once.
    assert client.get("/aanmelden/herstelcodes")["Location"] == "/account/beveiliging"
    assert client.get("/casussen").status_code == 200
    assert [e.soort for e in Beveiligingsgebeurtenis.objects.order_by("pk")] == [
        Gebeurtenissoort.TWEESTAP_INGESTELD,
        Gebeurtenissoort.HERSTELCODES_AANGEMAAKT,
    ]
    assert Verwerkingslog.objects.filter(name="Tweestapsverificatie ingesteld").count() == 1


def test_the_codes_page_leads_back_to_the_page_asked_for(client, make_user, required):
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user, next_url="/casussen")
    client.get("/aanmelden/tweestap/instellen")
    page = client.get("/aanmelden/tweestap/instellen").content.decode()
    secret = re.search(r'id="totp-sleutel">([A-Z2-7 ]+)<', page).group(1)
    client.post("/aanmelden/tweestap/instellen", {"code": app_code(secret)})
    assert 'href="/casussen"' in client.get("/aanmelden/herstelcodes").content.decode()


def test_later_sign_ins_ask_for_the_code_after_the_password(client, make_user, required):
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user)
    secret, _ = set_up_app(client)
    client.post("/uitloggen")

    assert password_login(client, user, next_url="/casussen")["Location"] == "/aanmelden/tweestap"
    assert not signed_in(client)
    wrong = client.post("/aanmelden/tweestap", {"code": "123456"})
    assert "Deze code klopt niet of is al gebruikt" in wrong.content.decode()
    assert not signed_in(client)
    # django-otp slows guessing down: right after a failure even the right code waits.
    throttled = client.post("/aanmelden/tweestap", {"code": app_code(secret, later=1)})
    assert "Er zijn net te veel foute codes ingevuld. Probeer het over 1 seconde opnieuw." in (
        throttled.content.decode()
    )
    time.sleep(1.1)
    response = client.post("/aanmelden/tweestap", {"code": app_code(secret, later=1)})
    assert response["Location"] == "/casussen"
    assert signed_in(client)


def test_a_recovery_code_works_once(client, make_user, required):
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user)
    _, codes = set_up_app(client)
    client.post("/uitloggen")
    password_login(client, user)
    assert client.post("/aanmelden/tweestap", {"code": codes[0]})["Location"] == "/"
    client.post("/uitloggen")
    password_login(client, user)
    assert client.post("/aanmelden/tweestap", {"code": codes[0]}).status_code == 200
    assert not signed_in(client)
    assert StaticToken.objects.filter(device__user=user).count() == 9
    [used] = Beveiligingsgebeurtenis.objects.filter(soort=Gebeurtenissoort.HERSTELCODE_GEBRUIKT)
    assert used.omschrijving == "Ingelogd met een herstelcode; nog 9 over."


def test_halfway_nobody_adds_a_method_to_an_account_that_has_one(client, make_user, required):
    """With the password alone, setting up one's own app or passkey would skip the check."""
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user)
    set_up_app(client)
    client.post("/uitloggen")
    assert password_login(client, user)["Location"] == "/aanmelden/tweestap"
    assert client.get("/aanmelden/tweestap/instellen")["Location"] == "/inloggen"
    assert client.post("/aanmelden/tweestap/instellen", {"code": "123456"}).status_code == 302
    assert client.post("/aanmelden/passkey/registratie/opties")["Location"] == "/inloggen"
    assert (
        client.post(
            "/aanmelden/passkey/registratie", {"credential": {}}, content_type="application/json"
        )["Location"]
        == "/inloggen"
    )
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert not signed_in(client)


def test_the_halfway_state_expires(client, make_user, required, monkeypatch):
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user)
    session = client.session
    session["aanmelden_halverwege"]["since"] -= 11 * 60
    session.save()
    assert client.get("/aanmelden/tweestap/instellen")["Location"] == "/inloggen"


def test_only_the_register_of_processing_activities_needs_no_second_factor(
    client, make_user, required
):
    register_only = make_user([Capability.REGISTER_VIEW])
    assert password_login(client, register_only)["Location"] == "/"
    assert signed_in(client)
    assert {Capability.REGISTER_VIEW} == services.WITHOUT_PERSONAL_DATA
    for capability in Capability:
        if capability != Capability.REGISTER_VIEW:
            assert services.second_factor_required(make_user([capability])), capability


def test_with_the_requirement_off_a_password_suffices_unless_one_set_a_second_factor(
    client, make_user, settings
):
    settings.MFA_REQUIRED = False
    user = make_user([Capability.CASES_VIEW])
    assert password_login(client, user)["Location"] == "/"
    # Chosen from one's own security page: from then on it is asked.
    assert (
        "Een authenticator-app of passkey toevoegen"
        in client.get("/account/beveiliging").content.decode()
    )
    set_up_app(client)
    client.post("/uitloggen")
    assert password_login(client, user)["Location"] == "/aanmelden/tweestap"


def test_new_recovery_codes_replace_the_old(client, make_user, required):
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user)
    _, old = set_up_app(client)
    assert client.post("/account/beveiliging")["Location"] == "/aanmelden/herstelcodes"
    new = re.findall(
        r'<li class="utrecht-unordered-list__item">([a-z2-7]{8})</li>',
        client.get("/aanmelden/herstelcodes").content.decode(),
    )
    assert len(new) == 10
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == set(new)
    assert not tokens & set(old)


@pytest.fixture
def with_app(make_user):
    """A person with an app and recovery codes, and an account administrator."""
    person = make_user([Capability.CASES_VIEW], username="ilse")
    device = services.totp_device_for_setup(user=person)
    services.totp_confirm(user=person, token=pyotp.TOTP(_b32(device.bin_key)).now())
    administrator = make_user([Capability.ACCOUNTS_MANAGE], username="beheerder")
    return person, administrator


def _b32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode()


def test_an_administrator_resets_someones_second_factor_with_a_reason(client, with_app, required):
    person, administrator = with_app
    client.force_login(administrator)
    page = client.get(f"/beheer/gebruikers/{person.pk}/tweestap").content.decode()
    assert "Authenticator-app" in page
    assert "Authenticator-app (TOTP) ingesteld." in page
    missing = client.post(f"/beheer/gebruikers/{person.pk}/tweestap", {"reden": ""})
    assert "Geef de reden voor de reset." in missing.content.decode()
    assert TOTPDevice.objects.filter(user=person).count() == 1

    response = client.post(
        f"/beheer/gebruikers/{person.pk}/tweestap", {"reden": "Telefoon kwijt, zelf gebeld"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticToken.objects.filter(device__user=person).exists()
    reset = Beveiligingsgebeurtenis.objects.get(soort=Gebeurtenissoort.TWEESTAP_GERESET)
    assert (reset.gebruiker, reset.door) == (person, administrator)
    assert reset.gegevens == {
        "verwijderd": {"apps": 1, "passkeys": 0, "herstelcodes": 10},
        "reden": "Telefoon kwijt, zelf gebeld",
    }
    line = Verwerkingslog.objects.filter(name="Tweestapsverificatie gereset").get()
    assert line.audit.gebruikersnaam == "beheerder"
    # At the next sign-in the person sets up a new one.
    client.post("/uitloggen")
    assert password_login(client, person)["Location"] == "/aanmelden/tweestap/instellen"


def test_nobody_resets_their_own_second_factor(client, make_user, required):
    administrator = make_user([Capability.ACCOUNTS_MANAGE])
    device = services.totp_device_for_setup(user=administrator)
    services.totp_confirm(user=administrator, token=pyotp.TOTP(_b32(device.bin_key)).now())
    client.force_login(administrator)
    page = client.get(f"/beheer/gebruikers/{administrator.pk}/tweestap").content.decode()
    assert "Uw eigen tweestapsverificatie reset een andere beheerder." in page
    client.post(f"/beheer/gebruikers/{administrator.pk}/tweestap", {"reden": "eigen"})
    assert TOTPDevice.objects.filter(user=administrator).count() == 1


def test_passkey_endpoints_answer_bad_input_in_dutch(client, make_user, required):
    user = make_user([Capability.CASES_VIEW])
    password_login(client, user)
    no_credential = client.post(
        "/aanmelden/passkey/registratie", {"naam": "Laptop"}, content_type="application/json"
    )
    assert no_credential.status_code == 400
    assert no_credential.json() == {"fout": "Het verzoek bevat geen passkey."}
    no_challenge = client.post(
        "/aanmelden/passkey/registratie", {"credential": {}}, content_type="application/json"
    )
    assert no_challenge.json() == {"fout": "De passkey-controle is verlopen. Probeer het opnieuw."}
    options = client.post("/aanmelden/passkey/registratie/opties").json()
    assert options["rp"] == {"id": "testserver", "name": "Goedwonen"}
    assert options["user"]["name"] == user.username
    garbage = client.post(
        "/aanmelden/passkey/registratie",
        {"credential": {"id": "x", "response": {"clientDataJSON": "!!"}}},
        content_type="application/json",
    )
    assert garbage.status_code == 400
    assert garbage.json() == {
        "fout": "De passkey kon niet worden gecontroleerd. Probeer het opnieuw."
    }
    not_json = client.post("/aanmelden/passkey/registratie", "{", content_type="application/json")
    assert not_json.json() == {"fout": "Het verzoek is geen geldige JSON."}
    # The challenge was used once: a second answer finds none.
    again = client.post(
        "/aanmelden/passkey/registratie",
        {"credential": {"id": "x"}},
        content_type="application/json",
    )
    assert again.json() == {"fout": "De passkey-controle is verlopen. Probeer het opnieuw."}
    assert not signed_in(client)


def test_checking_a_passkey_needs_someone_halfway(client, make_user):
    client.force_login(make_user([Capability.CASES_VIEW]))
    assert client.post("/aanmelden/passkey/controle/opties")["Location"] == "/inloggen"
