"""The privacy officer's access review: who holds what, through which role, from whom and
since when; unused accounts; tokens; violations of the organisation-kind rule. Logged."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from django.utils import timezone

from goedwonen.accounts.access_review import access_review
from goedwonen.accounts.models import ApiToken, Rolwijziging, User
from goedwonen.accounts.services import (
    api_token_authenticate,
    api_token_create,
    rolaanvraag_decide,
    user_update,
)
from goedwonen.core.memo import ProcessMemo
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability

pytestmark = pytest.mark.django_db
URL = "/privacy/toegangsbeoordeling"
EXPORT = "/privacy/toegangsbeoordeling.csv"


@pytest.fixture
def history(bas, bo, collega, rollen, make_user, partner_organisatie):
    """Collega got a role from bas, and the identity role on bas's request with bo's
    approval; 'oud' holds a role from before the history; a police user holds an internal
    role given before the rule."""
    user_update(
        actor=bas,
        user=collega,
        rollen=[rollen["behandelaar"], rollen["administratief-medewerker"]],
        teams=[],
        is_active=True,
    )
    aanvraag = Rolwijziging.objects.get(soort=Rolwijziging.Soort.AANGEVRAAGD)
    rolaanvraag_decide(actor=bo, aanvraag=aanvraag, approve=True)
    oud = User.objects.create_user(username="oud", organisatie=collega.organisatie)
    oud.rollen.add(rollen["behandelaar"])
    agent = User.objects.create_user(username="agent", organisatie=partner_organisatie)
    agent.rollen.add(rollen["behandelaar"])


def grants_of(review, username):
    (account,) = [a for a in review.accounts if a.user.username == username]
    return {g.rol.code: g for g in account.grants}


def test_the_review_shows_who_granted_what_and_when(fg, history):
    review = access_review(actor=fg)
    grants = grants_of(review, "collega")
    assert grants["behandelaar"].granted_by == "toegekend door bas"
    assert grants["administratief-medewerker"].granted_by == (
        "goedgekeurd door bo (aangevraagd door bas)"
    )
    assert grants["administratief-medewerker"].capabilities == [
        Capability.REPORTS_REGISTER,
        Capability.REPORTER_IDENTITY_VIEW,
    ]
    assert grants["behandelaar"].granted_on is not None
    # Given before the history began.
    assert grants_of(review, "oud")["behandelaar"].granted_by == "onbekend"
    assert grants_of(review, "oud")["behandelaar"].granted_on is None
    # The sensitive steps of the period, newest first: the in-product notice.
    assert [text for _, text in review.recent] == [
        "goedgekeurd door bo (aangevraagd door bas)",
        "aangevraagd door bas; wacht op goedkeuring door een andere beheerder",
    ]
    assert review.pending == []


def test_the_review_lists_violations_of_the_organisation_kind(fg, history):
    violations = access_review(actor=fg).violations
    assert [(a.user.username, g.rol.code, g.refused) for a, g in violations] == [
        (
            "agent",
            "behandelaar",
            [Capability.REGISTRY_VIEW, Capability.REPORTS_VIEW, Capability.REPORTS_TRIAGE],
        )
    ]


def test_the_review_lists_accounts_unused_for_the_set_number_of_days(fg, make_user, settings):
    now = timezone.now()
    stil = make_user(username="stil")
    stil.last_login = now - timedelta(days=91)
    actief = make_user(username="actief")
    actief.last_login = now - timedelta(days=1)
    nooit = make_user(username="nooit")
    nooit.date_joined = now - timedelta(days=100)
    make_user(username="nieuw")  # never signed in, but made only now
    geblokkeerd = make_user(username="geblokkeerd")
    geblokkeerd.is_active = False
    geblokkeerd.date_joined = now - timedelta(days=100)
    for user in (stil, actief, nooit, geblokkeerd):
        user.save()
    fg.last_login = now
    fg.save()

    assert sorted(a.user.username for a in access_review(actor=fg).unused) == ["nooit", "stil"]
    settings.ACCESS_REVIEW_UNUSED_DAYS = 120
    assert access_review(actor=fg).unused == []


def test_the_review_lists_tokens_with_their_last_use(fg, rollen, organisatie):
    _, key = api_token_create(
        actor=None, organisatie=organisatie, naam="SO Wonen", rollen=[rollen["behandelaar"]]
    )
    stil, _ = api_token_create(actor=None, organisatie=organisatie, naam="Oud", rollen=[])
    ApiToken.objects.filter(pk=stil.pk).update(aangemaakt_op=timezone.now() - timedelta(days=200))
    api_token_authenticate(key)
    review = access_review(actor=fg)
    by_name = {a.tokens[0].token.naam: a for a in review.service_accounts}
    assert by_name["SO Wonen"].last_used is not None
    assert (by_name["SO Wonen"].unused, by_name["Oud"].unused) == (False, True)
    assert by_name["SO Wonen"].grants[0].granted_by == "toegekend door de beheerder op de server"


def test_a_tokens_use_is_written_at_most_once_an_hour(rollen, organisatie):
    token, key = api_token_create(actor=None, organisatie=organisatie, naam="X", rollen=[])
    assert token.laatst_gebruikt_op is None
    api_token_authenticate(key)
    first = ApiToken.objects.get().laatst_gebruikt_op
    assert first is not None
    api_token_authenticate(key)
    assert ApiToken.objects.get().laatst_gebruikt_op == first
    # Once the noted use is over an hour old, it is written again.
    ApiToken.objects.filter(pk=token.pk).update(laatst_gebruikt_op=first - timedelta(hours=2))
    ProcessMemo.forget_everywhere()
    api_token_authenticate(key)
    assert ApiToken.objects.get().laatst_gebruikt_op > first


def test_the_page_shows_the_review_and_is_logged(client, fg, history):
    client.force_login(fg)
    lines = Verwerkingslog.objects.count()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "goedgekeurd door bo (aangevraagd door bas)" in html
    assert "onbekend" in html
    assert "Strijdig met de soort organisatie (1)" in html
    logged = Verwerkingslog.objects.filter(pk__gt=0).order_by("pk")[lines:]
    assert {line.name for line in logged} == {"Toegangsbeoordeling ingezien"}
    assert len(logged) == User.objects.count()
    # In the privacy officer's menu.
    assert 'href="/privacy/toegangsbeoordeling"' in html


def test_the_export_is_one_row_per_capability_formula_safe_and_logged(client, fg, history):
    User.objects.filter(username="oud").update(first_name='=HYPERLINK("http://x")', last_name="")
    client.force_login(fg)
    response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["gebruikersnaam", "naam", "organisatie"]
    collega = [dict(zip(header, r, strict=True)) for r in body if r[0] == "collega"]
    approved = "goedgekeurd door bo (aangevraagd door bas)"
    assert [(r["rol"], r["bevoegdheid"], r["toegekend"]) for r in collega] == [
        ("Administratief-medewerker", "meldingen.registreren", approved),
        ("Administratief-medewerker", "meldingen.melder.inzien", approved),
        ("Behandelaar", "registratie.inzien", "toegekend door bas"),
        ("Behandelaar", "meldingen.inzien", "toegekend door bas"),
        ("Behandelaar", "meldingen.triageren", "toegekend door bas"),
        ("Behandelaar", "casussen.inzien", "toegekend door bas"),
    ]
    oud = [dict(zip(header, r, strict=True)) for r in body if r[0] == "oud"]
    assert {r["naam"] for r in oud} == {'\'=HYPERLINK("http://x")'}
    assert {r["toegekend op"] for r in oud} == {"onbekend"}
    agent = [dict(zip(header, r, strict=True)) for r in body if r[0] == "agent"]
    assert [r["strijdig met organisatiesoort"] for r in agent] == ["ja", "ja", "ja", "nee"]
    assert Verwerkingslog.objects.filter(name="Toegangsbeoordeling geëxporteerd").count() == (
        User.objects.count()
    )


@pytest.mark.parametrize("url", [URL, EXPORT])
def test_only_the_access_review_capability_opens_it(client, make_user, bas, url):
    """The administrator, and whoever searches the log without the review right: 403."""
    for user in (bas, make_user([c for c in Capability if c != Capability.ACCESS_REVIEW])):
        client.force_login(user)
        lines = Verwerkingslog.objects.count()
        assert client.get(url).status_code == 403
        assert Verwerkingslog.objects.count() == lines
