"""Routing rules and service norms: changed with a reason, each change kept with what it
was before and logged; the rule's page shows its history."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.accounts.models import Team
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Routeringsregel, Servicenorm
from goedwonen.parameters.models import Inrichtingswijziging

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user):
    return make_user([Capability.ROUTING_MANAGE], username="beheerder")


@pytest.fixture
def regel(client, beheerder):
    team = Team.objects.create(naam="Team Carnisse")
    client.force_login(beheerder)
    client.post(
        reverse("routering"),
        {"soort": "regel", "volgorde": "10", "naam": "Carnisse", "team": team.pk, "actief": "on"},
    )
    return Routeringsregel.objects.get(naam="Carnisse")


def _rule_form(regel, **changes):
    return {
        "volgorde": regel.volgorde,
        "naam": regel.naam,
        "team": regel.team_id,
        "actief": "on",
        "reden": "",
    } | changes


def test_a_rule_is_changed_with_a_reason_and_its_history_kept(client, beheerder, regel):
    wijk = Team.objects.create(naam="Team Wijk")
    before = Verwerkingslog.objects.count()
    response = client.post(
        reverse("routeringsregel", kwargs={"pk": regel.pk}),
        _rule_form(regel, team=wijk.pk, reden="Carnisse gaat naar het wijkteam"),
    )
    assert response.status_code == 302
    regel.refresh_from_db()
    assert regel.team == wijk
    change = Inrichtingswijziging.objects.get(onderwerp="routeringsregel", reden__startswith="C")
    assert change.verschillen() == [("team", "Team Carnisse", "Team Wijk")]
    assert (change.door, change.sleutel) == (beheerder, str(regel.pk))
    assert Verwerkingslog.objects.count() == before + 1
    page = client.get(reverse("routeringsregel", kwargs={"pk": regel.pk}))
    assert "Carnisse gaat naar het wijkteam" in page.text
    assert "Team Carnisse → Team Wijk" in page.text
    overview = client.get(reverse("routering"))
    assert "Routeringsregel &#x27;Carnisse&#x27; gewijzigd" in overview.text


def test_a_change_without_reason_or_without_change_is_refused(client, regel):
    url = reverse("routeringsregel", kwargs={"pk": regel.pk})
    before = Inrichtingswijziging.objects.count()
    no_reason = client.post(url, _rule_form(regel, naam="Anders"))
    assert no_reason.status_code == 400
    assert no_reason.context["form"].errors["reden"] == ["Dit veld is vereist."]
    same = client.post(url, _rule_form(regel, reden="Niets"))
    assert same.status_code == 400
    assert same.context["form"].non_field_errors() == ["Er is niets gewijzigd."]
    # Switched off is a change, never a deletion.
    off = client.post(url, _rule_form(regel, actief="", reden="Tijdelijk uit"))
    assert off.status_code == 302
    regel.refresh_from_db()
    assert (regel.naam, regel.actief) == ("Carnisse", False)
    assert Inrichtingswijziging.objects.count() == before + 1
    assert Inrichtingswijziging.objects.get(reden="Tijdelijk uit").verschillen() == [
        ("actief", "ja", "nee")
    ]


def test_changing_a_norm_needs_a_reason_and_is_kept(client, beheerder):
    client.force_login(beheerder)
    url = reverse("routering")
    data = {"soort": "norm", "categorie": "", "dagen_triage": "2", "dagen_afhandeling": "30"}
    refused = client.post(url, data)
    assert refused.context["norm_form"].errors["reden"] == ["Geef de reden van de wijziging."]
    assert Servicenorm.objects.get(categorie="").dagen_triage != 2
    client.post(url, data | {"reden": "Sneller triageren"})
    change = Inrichtingswijziging.objects.get(onderwerp="servicenorm")
    assert change.sleutel == "standaard"
    assert change.nieuw == {"dagen_triage": 2, "dagen_afhandeling": 30}
    assert change.oud["dagen_triage"] != 2


def test_the_rule_page_needs_the_capability(client, make_user, regel):
    client.force_login(make_user([Capability.REPORTS_TRIAGE]))
    assert client.get(reverse("routeringsregel", kwargs={"pk": regel.pk})).status_code == 403
