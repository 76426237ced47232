"""Signing in like a government system, in a real browser: through a real OpenID Connect
provider on loopback, and with a second factor (an authenticator app, or a passkey on
Chromium's virtual authenticator) that a role with personal data must set up first. axe-core
checks every page of the sign-in app."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, expect

from goedwonen.aanmelden.models import Passkey
from goedwonen.accounts.models import User

from ..aanmelden.provider import (
    PROVIDER_NAME,
    StartProvider,
    start_oidc_provider,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]


def app_code(page: Page, later: int = 0) -> str:
    """What an authenticator app shows for the key on the set-up page (pyotp)."""
    secret = page.locator("#totp-sleutel").inner_text().replace(" ", "")
    return pyotp.TOTP(secret).at(time.time() + 30 * later)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


@pytest.fixture
def second_factor_required(settings: Any) -> None:
    settings.MFA_REQUIRED = True


def test_sign_in_through_the_municipalitys_provider(
    page: Page,
    live_server: Any,
    start_oidc_provider: StartProvider,  # noqa: F811
    settings: Any,
    assert_accessible: AssertAccessible,
    second_factor_required: None,
) -> None:
    provider = start_oidc_provider(app_url=live_server.url)
    provider.set_account(
        "bram",
        given_name="Bram",
        family_name="van den Berg",
        email="bram@rotterdam.test",
        preferred_username="bram.vandenberg",
        groups=["GW-Behandelaars-SB"],
    )
    provider.set_account("xander", name="Xander Onbekend", groups=["Iedereen"])
    settings.OIDC = provider.config({"GW-Behandelaars-SB": ("sb", ["behandelaar"])})
    # Signing out at the provider is a redirect after the sign-out form.
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**policy, "form-action": [*policy["form-action"], provider.issuer]}
    }

    page.goto("/casussen")
    expect(page).to_have_url(re.compile(r"/inloggen\?next="))
    assert_accessible(page)
    page.get_by_role("link", name=f"Inloggen met {PROVIDER_NAME}").click()
    # The provider's own (development) sign-in page.
    expect(page).to_have_url(re.compile("^" + re.escape(provider.issuer)))
    page.locator("input[name=login]").fill("bram")
    page.locator("input[name=password]").fill("wat-de-provider-ook-vraagt")
    page.get_by_role("button", name="Sign-in").click()

    # Back in Goedwonen on the page asked for, with the role the groups map to, and no
    # second step of our own: the provider does that.
    expect(page).to_have_url(f"{live_server.url}/casussen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Casussen")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.locator(".utrecht-paragraph--lead")).to_have_text(
        "Welkom, Bram van den Berg. U werkt namens Stadsbeheer als behandelaar."
    )
    user = User.objects.get(username="bram.vandenberg")
    assert [r.code for r in user.rollen.all()] == ["behandelaar"]
    page.goto("/account/beveiliging")
    expect(page.get_by_text("U bent ingelogd via de identiteitsprovider")).to_be_visible()
    assert_accessible(page)

    # Signing out here also ends the session at the provider, which sends back to the login.
    sign_out(page)
    expect(page).to_have_url(re.compile("^" + re.escape(provider.issuer)))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(re.compile("^" + re.escape(f"{live_server.url}/inloggen")))

    # Someone in no mapped group gets a clear refusal.
    page.get_by_role("link", name=f"Inloggen met {PROVIDER_NAME}").click()
    page.locator("input[name=login]").fill("xander")
    page.locator("input[name=password]").fill("x")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen niet gelukt")
    expect(page.get_by_role("alert")).to_contain_text("Geen van uw groepen")
    assert_accessible(page)


def test_a_role_with_personal_data_sets_up_an_app_first_then_is_asked_for_it(
    page: Page,
    live_server: Any,
    login: Login,
    settings: Any,
    assert_accessible: AssertAccessible,
    second_factor_required: None,
) -> None:
    login(page, "behandelaar.sb")
    expect(page).to_have_url(f"{live_server.url}/aanmelden/tweestap/instellen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_text("Uw rol geeft toegang tot persoonsgegevens")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    assert_accessible(page)
    # Nothing else opens before it is set up.
    page.goto("/meldingen")
    expect(page).to_have_url(re.compile(r"/inloggen\?next=/meldingen"))
    page.goto("/aanmelden/tweestap/instellen")

    page.get_by_label("Code uit de app").fill("000000")
    page.get_by_role("button", name="App instellen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Deze code klopt niet")
    assert_accessible(page)
    page.get_by_label("Code uit de app").fill(app_code(page))
    page.get_by_role("button", name="App instellen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    expect(page.get_by_role("list", name="Herstelcodes").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text("Welkom, Bram Behandelaar.")).to_be_visible()
    page.goto("/meldingen")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Meldingen"))

    page.goto("/account/beveiliging")
    expect(page.get_by_role("listitem").filter(has_text="Authenticator-app")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The next sign-in asks for the code after the password.
    secret = User.objects.get(username="behandelaar.sb").totpdevice_set.get().bin_key
    login(page, "behandelaar.sb")
    expect(page).to_have_url(f"{live_server.url}/aanmelden/tweestap")
    assert_accessible(page)
    page.get_by_role("textbox", name="Code").fill(_code(secret, later=1))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text("Welkom, Bram Behandelaar.")).to_be_visible()
    sign_out(page)

    # An account administrator resets it (the administrator sets up none: switched off here).
    settings.MFA_REQUIRED = False
    person = User.objects.get(username="behandelaar.sb")
    login(page, "beheer.so")
    page.goto(f"/beheer/gebruikers/{person.pk}")
    page.get_by_role("link", name="Tweestapsverificatie van deze gebruiker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tweestapsverificatie van Bram Behandelaar"
    )
    assert_accessible(page)
    page.get_by_label("Reden").fill("Telefoon kwijt, zelf gemeld")
    page.get_by_role("button", name="Tweestapsverificatie resetten").click()
    expect(page.get_by_role("status")).to_contain_text("is gereset")
    expect(page.get_by_role("cell", name=re.compile("Reden: Telefoon kwijt"))).to_be_visible()
    assert_accessible(page)


def _code(key: bytes, later: int) -> str:
    from base64 import b32encode

    return pyotp.TOTP(b32encode(key).decode()).at(time.time() + 30 * later)


@pytest.fixture
def virtual_authenticator(page: Page) -> Iterator[dict[str, Any]]:
    """Chromium's virtual authenticator (a platform passkey with user verification)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield {"cdp": cdp, "id": authenticator["authenticatorId"]}
    cdp.send("WebAuthn.disable")


def test_a_passkey_is_set_up_and_then_signs_in(
    page: Page,
    live_server: Any,
    login: Login,
    virtual_authenticator: dict[str, Any],
    assert_accessible: AssertAccessible,
    second_factor_required: None,
) -> None:
    login(page, "inspecteur.sb")
    expect(page).to_have_url(f"{live_server.url}/aanmelden/tweestap/instellen")
    page.get_by_label("Naam van de passkey").fill("Laptop werk")
    page.get_by_role("button", name="Passkey toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    credentials = virtual_authenticator["cdp"].send(
        "WebAuthn.getCredentials", {"authenticatorId": virtual_authenticator["id"]}
    )["credentials"]
    assert len(credentials) == 1
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text("Welkom, Ilse Inspecteur.")).to_be_visible()
    page.goto("/account/beveiliging")
    expect(page.get_by_role("listitem").filter(has_text="Laptop werk")).to_be_visible()
    sign_out(page)

    login(page, "inspecteur.sb")
    expect(page).to_have_url(f"{live_server.url}/aanmelden/tweestap")
    expect(page.get_by_role("button", name="Inloggen met passkey")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Inloggen met passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_text("Welkom, Ilse Inspecteur.")).to_be_visible()
    passkey = Passkey.objects.get(user__username="inspecteur.sb")
    assert passkey.name == "Laptop werk"
    assert passkey.laatst_gebruikt_op is not None
