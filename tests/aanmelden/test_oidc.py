"""Single sign-on through a real OpenID Connect provider on loopback (conftest.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client

from goedwonen.aanmelden.models import Beveiligingsgebeurtenis, Gebeurtenissoort, OidcIdentiteit
from goedwonen.aanmelden.oidc import OIDC_BACKEND
from goedwonen.accounts.models import Organisatie, Organisatiesoort, Rol, Rolwijziging, User
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability

from .provider import PROVIDER_NAME, LoopbackProvider, provider_sign_in

pytestmark = pytest.mark.django_db

MAPPING = {
    "GW-Behandelaars-SB": ("sb", ["behandelaar"]),
    "GW-Juristen-SB": ("sb", ["jurist"]),
    "GW-Juristen-DIRV": ("dirv", ["jurist"]),
}


@pytest.fixture
def provider(start_oidc_provider, settings) -> LoopbackProvider:
    """A provider with Bram (a handler at Stadsbeheer) and Xander (in no Goedwonen group)."""
    Organisatie.objects.create(code="sb", naam="Stadsbeheer", soort=Organisatiesoort.KERNCLUSTER)
    Organisatie.objects.create(
        code="dirv", naam="Directie Veiligheid", soort=Organisatiesoort.KERNCLUSTER
    )
    Rol.objects.create(
        code="behandelaar",
        naam="Behandelaar",
        capabilities=[Capability.REPORTS_VIEW, Capability.REPORTS_TRIAGE, Capability.CASES_VIEW],
    )
    Rol.objects.create(code="jurist", naam="Jurist", capabilities=[Capability.CASES_VIEW])
    loopback = start_oidc_provider()
    loopback.set_account(
        "bram",
        given_name="Bram",
        family_name="Behandelaar",
        email="bram@rotterdam.test",
        preferred_username="b.behandelaar",
        groups=["GW-Behandelaars-SB", "Iedereen"],
    )
    loopback.set_account("xander", name="Xander Onbekend", groups=["Iedereen"])
    settings.OIDC = loopback.config(MAPPING)
    settings.MFA_REQUIRED = True
    return loopback


def sign_in(client: Client, login: str, next_url: str = ""):
    start = client.get(
        "/aanmelden/oidc" + (f"?{urlencode({'next': next_url})}" if next_url else "")
    )
    assert start.status_code == 302
    callback = provider_sign_in(start["Location"], login)
    parts = urlsplit(callback)
    assert parts.netloc == "testserver"
    return client.get(f"{parts.path}?{parts.query}")


def events(soort: Gebeurtenissoort) -> list[Beveiligingsgebeurtenis]:
    return list(Beveiligingsgebeurtenis.objects.filter(soort=soort).order_by("pk"))


def test_login_page_offers_the_provider_only_when_configured(client, settings, provider):
    body = client.get("/inloggen").content.decode()
    assert f"Inloggen met {PROVIDER_NAME}" in body
    settings.OIDC = None
    assert "Inloggen met" not in client.get("/inloggen").content.decode()
    assert client.get("/aanmelden/oidc")["Location"] == "/inloggen"


def test_the_sign_in_request_carries_state_nonce_and_pkce(client, provider):
    response = client.get("/aanmelden/oidc")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(provider.issuer)
    assert query["client_id"] == ["goedwonen-test"]
    assert query["redirect_uri"] == ["http://testserver/aanmelden/oidc/terug"]
    assert query["scope"] == ["openid profile email groups"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 20
    assert len(query["nonce"][0]) >= 20


def test_first_sign_in_makes_the_account_with_the_mapped_organisation_and_role(client, provider):
    lines_before = Verwerkingslog.objects.count()
    response = sign_in(client, "bram", next_url="/casussen")
    assert response.status_code == 302
    assert response["Location"] == "/casussen"
    user = User.objects.get(oidc_identiteit__subject="bram")
    assert user.username == "b.behandelaar"
    assert (user.first_name, user.last_name, user.email) == (
        "Bram",
        "Behandelaar",
        "bram@rotterdam.test",
    )
    assert user.organisatie.code == "sb"
    assert [r.code for r in user.rollen.all()] == ["behandelaar"]
    assert not user.has_usable_password()
    identity = OidcIdentiteit.objects.get(gebruiker=user)
    assert identity.issuer == provider.issuer
    # Signed in straight away: the provider did the second step, even with the requirement on.
    assert client.session[BACKEND_SESSION_KEY] == OIDC_BACKEND
    home = client.get("/")
    assert home.status_code == 200
    assert "U werkt namens Stadsbeheer als behandelaar" in home.content.decode()
    [made] = events(Gebeurtenissoort.PROVIDER_ACCOUNT)
    assert made.gebruiker == user
    assert made.door is None
    assert made.gegevens == {
        "organisatie": "sb",
        "rollen": ["behandelaar"],
        "groepen": ["GW-Behandelaars-SB", "Iedereen"],
    }
    names = set(Verwerkingslog.objects.order_by("pk")[lines_before:].values_list("name", flat=True))
    assert {"Gebruiker aangemaakt", Gebeurtenissoort.PROVIDER_ACCOUNT.label} <= names


def test_roles_follow_the_groups_at_every_sign_in_and_each_change_is_recorded(client, provider):
    sign_in(client, "bram")
    user = User.objects.get(oidc_identiteit__subject="bram")
    provider.set_account(
        "bram", given_name="Bram", family_name="Behandelaar", groups=["GW-Juristen-DIRV"]
    )
    client.post("/uitloggen")

    assert sign_in(client, "bram").status_code == 302
    user.refresh_from_db()
    assert user.organisatie.code == "dirv"
    assert [r.code for r in user.rollen.all()] == ["jurist"]
    [change] = events(Gebeurtenissoort.PROVIDER_ROLLEN)
    assert change.gegevens == {
        "rollen_voor": ["behandelaar"],
        "rollen_na": ["jurist"],
        "organisatie_voor": "sb",
        "organisatie_na": "dirv",
        "groepen": ["GW-Juristen-DIRV"],
    }
    # The role history (the access review's source) has it too, made by no person.
    history = Rolwijziging.objects.filter(gebruiker=user).order_by("pk")
    assert [(w.rol.code, w.soort, w.door) for w in history] == [
        ("behandelaar", Rolwijziging.Soort.TOEGEKEND, None),
        ("jurist", Rolwijziging.Soort.TOEGEKEND, None),
        ("behandelaar", Rolwijziging.Soort.INGETROKKEN, None),
    ]
    # The same groups again: nothing changes, nothing more recorded.
    client.post("/uitloggen")
    sign_in(client, "bram")
    assert len(events(Gebeurtenissoort.PROVIDER_ROLLEN)) == 1
    assert history.count() == 3


def test_a_mapping_that_gives_a_partner_an_internal_role_is_refused(client, provider, settings):
    Organisatie.objects.create(code="politie", naam="Politie", soort=Organisatiesoort.EXTERN)
    settings.OIDC = provider.config({"GW-Behandelaars-SB": ("politie", ["behandelaar"])})

    response = sign_in(client, "bram")

    assert response.status_code == 403
    body = response.content.decode()
    assert "Rol &#x27;Behandelaar&#x27; past niet bij Politie" in body
    assert User.objects.count() == 0


def test_without_a_mapped_group_nobody_gets_in_and_the_refusal_is_recorded(client, provider):
    response = sign_in(client, "xander")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Geen van uw groepen bij de identiteitsprovider geeft toegang tot Goedwonen" in body
    assert not User.objects.filter(oidc_identiteit__subject="xander").exists()
    assert User.objects.count() == 0
    assert "_auth_user_id" not in client.session
    [refusal] = events(Gebeurtenissoort.PROVIDER_GEWEIGERD)
    assert refusal.gebruiker is None
    assert refusal.gegevens == {"subject": "xander", "groepen": ["Iedereen"]}


def test_someone_who_leaves_the_groups_loses_the_roles_and_is_refused(client, provider):
    sign_in(client, "bram")
    client.post("/uitloggen")
    provider.set_account("bram", groups=["Iedereen"])
    response = sign_in(client, "bram")
    assert response.status_code == 403
    user = User.objects.get(oidc_identiteit__subject="bram")
    assert list(user.rollen.all()) == []
    assert events(Gebeurtenissoort.PROVIDER_ROLLEN)[0].gegevens["rollen_na"] == []
    assert "_auth_user_id" not in client.session


def test_groups_of_two_organisations_are_refused(client, provider):
    provider.set_account("bram", groups=["GW-Juristen-SB", "GW-Juristen-DIRV"])
    response = sign_in(client, "bram")
    assert response.status_code == 403
    assert "Uw groepen horen bij verschillende organisaties (dirv, sb)" in response.content.decode()
    assert User.objects.count() == 0


def test_without_sync_roles_are_set_once_and_then_kept(client, provider, settings):
    settings.OIDC = provider.config(MAPPING, sync_roles=False)
    sign_in(client, "bram")
    client.post("/uitloggen")
    provider.set_account("bram", groups=["Iedereen"])
    assert sign_in(client, "bram")["Location"] == "/"
    user = User.objects.get(oidc_identiteit__subject="bram")
    assert [r.code for r in user.rollen.all()] == ["behandelaar"]


def test_a_local_account_with_the_same_name_is_not_taken_over(client, provider, make_user):
    local = make_user([Capability.CASES_VIEW], username="b.behandelaar")
    sign_in(client, "bram")
    user = User.objects.get(oidc_identiteit__subject="bram")
    assert user.pk != local.pk
    assert user.username == "b.behandelaar-2"


def test_a_blocked_account_is_refused(client, provider):
    sign_in(client, "bram")
    client.post("/uitloggen")
    User.objects.filter(oidc_identiteit__subject="bram").update(is_active=False)
    response = sign_in(client, "bram")
    assert response.status_code == 403
    assert "Uw account in Goedwonen is geblokkeerd" in response.content.decode()


def test_an_answer_that_did_not_start_here_is_refused(client, provider):
    start = client.get("/aanmelden/oidc")
    callback = urlsplit(provider_sign_in(start["Location"], "bram"))
    query = parse_qs(callback.query)
    forged = client.get(
        f"{callback.path}?{urlencode({'code': query['code'][0], 'state': 'forged'})}"
    )
    assert forged.status_code == 400
    assert "hoorde niet bij een aanmelding die hier begon" in forged.content.decode()
    assert "_auth_user_id" not in client.session
    # Nor can a genuine answer be used twice.
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.post("/uitloggen")
    assert client.get(f"{callback.path}?{callback.query}").status_code == 400


def test_an_answer_for_another_session_is_refused(client, provider):
    """Login CSRF: an attacker's code and state, planted in the victim's browser."""
    attacker = Client()
    start = attacker.get("/aanmelden/oidc")
    callback = urlsplit(provider_sign_in(start["Location"], "bram"))
    response = client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_refusing_at_the_provider_is_a_clear_message(client, provider):
    client.get("/aanmelden/oidc")
    # Authlib keeps each sign-in's state in the session as _state_<client>_<state>.
    key = next(k for k in client.session.keys() if k.startswith("_state_gemeente_"))  # noqa: SIM118 - a session is no dict
    state = key.removeprefix("_state_gemeente_")
    response = client.get(f"/aanmelden/oidc/terug?error=access_denied&state={state}")
    assert response.status_code == 400
    assert f"Het inloggen bij {PROVIDER_NAME} is afgebroken" in response.content.decode()


def test_an_unreachable_provider_is_a_clear_message_not_an_error(client, provider, settings):
    settings.OIDC = provider.config(MAPPING).__class__(
        **{**provider.config(MAPPING).__dict__, "issuer": "http://127.0.0.1:9"}
    )
    response = client.get("/aanmelden/oidc")
    assert response.status_code == 503
    assert f"{PROVIDER_NAME} is nu niet bereikbaar" in response.content.decode()


def test_signing_out_also_ends_the_session_at_the_provider(client, provider):
    sign_in(client, "bram")
    id_token = client.session["aanmelden_oidc_id_token"]
    response = client.post("/uitloggen")
    assert response.status_code == 302
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}" == provider.issuer
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/inloggen"]
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/inloggen")
