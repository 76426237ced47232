"""The walk-list page, making and re-planning through HTTP, and a team's briefing as page
and PDF: a partner in a team sees only its part."""

from __future__ import annotations

import pytest

from django.urls import reverse
from django.utils.html import strip_tags

from goedwonen.accounts.models import Organisatie
from goedwonen.acties.models import Actieadres, Adresstatus
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise

from ..documenten.pdftext import pdf_text
from .support_looplijsten import X0, Y0, action, address, dwelling, police_partner, team

C = Capability


@pytest.fixture
def organiser(make_user):
    return make_user([C.ACTIONS_ORGANISE, C.ACTIONS_TAKE_PART, C.CASES_DIRECT])


@pytest.fixture
def agent(make_user, partner_organisatie):
    return make_user([C.ACTIONS_TAKE_PART], organisatie_=partner_organisatie)


@pytest.fixture
def day(organiser, agent, partner_organisatie, make_user):
    """An action with the police as a partner (no parts, no reasons), two teams: team A with
    an inspector of the lead and the police officer, team B with another inspector; four
    addresses, each owned by a named person."""
    actie = action(organiser, status="gepland", per_team=2)
    police_partner(actie, partner_organisatie)
    inspecteur = make_user([C.ACTIONS_TAKE_PART, C.INSPECTIONS_RECORD])
    inspecteur_b = make_user([C.ACTIONS_TAKE_PART, C.INSPECTIONS_RECORD])
    a = team(actie, "Team A", inspecteur, agent, volgorde=1)
    b = team(actie, "Team B", inspecteur_b, volgorde=2)
    for n in range(4):
        address(
            actie,
            dwelling(n + 1, X0 + (n // 2) * 800 + (n % 2) * 30, Y0, owner=f"Verhuurder{n + 1}"),
            rang=n + 1,
            veiligheid="Hond aanwezig" if n == 0 else "",
            redenen=["Zes ingeschrevenen op 40 m²"],
        )
    return {"actie": actie, "a": a, "b": b, "inspecteur": inspecteur, "inspecteur_b": inspecteur_b}


def _login(client, user):
    client.force_login(user)
    return client


def _make(client, organiser, actie):
    response = _login(client, organiser).post(reverse("actie-looplijsten-maken", args=[actie.pk]))
    assert response.status_code == 302
    return response


def test_organiser_makes_the_lists_and_sees_every_team_on_the_page(client, organiser, day):
    actie = day["actie"]
    response = _make(client, organiser, actie)
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Looplijsten gemaakt: 4 adressen over 2 teams, 0 in reserve." in body
    assert "Route van Team A (2 adressen)" in body and "Route van Team B (2 adressen)" in body
    assert "Pretorialaan 1, 3072AB Rotterdam" in body
    assert "Opnieuw verdelen" in body
    points = page.context["punten"]
    assert [(p["team"], p["nr"]) for p in points] == [
        ("Team A", 1),
        ("Team A", 2),
        ("Team B", 1),
        ("Team B", 2),
    ]
    assert (
        Verwerkingslog.objects.filter(
            name="Looplijsten integrale actie ingezien", object_ref=f"actie:{actie.pk}"
        ).count()
        == 1
    )


def test_a_member_sees_only_its_own_team_s_list(client, organiser, agent, day):
    actie = day["actie"]
    _make(client, organiser, actie)
    body = _login(client, agent).get(reverse("actie-looplijsten", args=[actie.pk])).content.decode()
    assert "Route van Team A" in body
    assert "Team B" not in body
    assert "Looplijsten maken" not in body and "Opnieuw verdelen" not in body
    assert "Reserve" not in body


def test_someone_outside_the_action_gets_404_and_nothing_is_logged(client, make_user, day):
    stedin = Organisatie.objects.create(code="stedin", naam="Stedin", soort="extern")
    stranger = make_user([C.ACTIONS_TAKE_PART], organisatie_=stedin)  # not taking part
    before = Verwerkingslog.objects.count()
    url = reverse("actie-looplijsten", args=[day["actie"].pk])
    assert _login(client, stranger).get(url).status_code == 404
    assert Verwerkingslog.objects.count() == before


def test_a_member_of_another_team_gets_no_briefing_of_this_one(client, organiser, day):
    actie = day["actie"]
    _make(client, organiser, actie)
    url = reverse("actie-briefing", args=[actie.pk, day["a"].pk])
    assert _login(client, day["inspecteur_b"]).get(url).status_code == 404


def test_the_organiser_replans_and_a_member_reports_its_team_done(client, organiser, day):
    actie = day["actie"]
    _make(client, organiser, actie)
    first_a = Actieadres.objects.filter(team=day["a"]).order_by("volgorde").first()
    Actieadres.objects.filter(pk=first_a.pk).update(status=Adresstatus.BEZOCHT)

    response = _login(client, day["inspecteur_b"]).post(
        reverse("actie-team-klaar", args=[actie.pk, day["b"].pk])
    )
    body = client.get(response["Location"]).content.decode()
    assert "Team B is klaar gemeld; de open adressen zijn verdeeld" in body
    # Team A: its visit stays first, two open addresses follow (its share), one in reserve.
    route = list(Actieadres.objects.filter(team=day["a"]).order_by("volgorde"))
    assert route[0].pk == first_a.pk and len(route) == 3
    assert Actieadres.objects.filter(actie=actie, team=None).count() == 1

    response = _login(client, organiser).post(reverse("actie-herplannen", args=[actie.pk]))
    body = client.get(response["Location"]).content.decode()
    assert "Opnieuw verdeeld: 2 adressen over 1 team, 1 in reserve." in body


def test_making_lists_refused_is_said_in_dutch_and_changes_nothing(client, organiser, day):
    actie = day["actie"]
    actie.teams.all().delete()
    response = _make(client, organiser, actie)
    body = client.get(response["Location"]).content.decode()
    assert "Deze actie heeft nog geen teams. Maak eerst de teams." in body
    assert not Actieadres.objects.filter(team__isnull=False).exists()


def _owner_subject(n: int) -> str:
    return pseudonymise(DataSubject("eigenaar", f"E-LOOP-{n}"))


def test_the_lead_s_briefing_holds_everything_and_logs_the_owners(client, organiser, day):
    actie = day["actie"]
    _make(client, organiser, actie)
    url = reverse("actie-briefing", args=[actie.pk, day["a"].pk])
    body = " ".join(strip_tags(_login(client, day["inspecteur"]).get(url).content.decode()).split())
    for text in (
        "Waarom geselecteerd (signaal, geen bewijs)",
        "Zes ingeschrevenen op 40 m²",
        "Verhuurder1",
        "40 m²",
        "Ingeschreven personen",
        "Verhuurvergunning: Verleend",
        "Meldingen",
        "Eerdere bezoeken",
        "Hond aanwezig",
        "Toestemming van de bewoner vragen",
        "Politie",
        "Artikel 3 Politiewet",
        "Crimineel gebruik (drugs, hennep)",
        "Versie voor Stadsontwikkeling, gefilterd op haar grondslag",
    ):
        assert text in body, text
    line = Verwerkingslog.objects.filter(name="Briefing integrale actie ingezien")
    assert {x.data_subject_id for x in line} == {_owner_subject(1), _owner_subject(2)}


@pytest.mark.parametrize("as_pdf", [False, True], ids=["page", "pdf"])
def test_a_police_officer_in_the_team_sees_only_the_police_part(
    client, organiser, agent, day, as_pdf
):
    actie = day["actie"]
    _make(client, organiser, actie)
    name = "actie-briefing-pdf" if as_pdf else "actie-briefing"
    response = _login(client, agent).get(reverse(name, args=[actie.pk, day["a"].pk]))
    assert response.status_code == 200
    text = pdf_text(response.content) if as_pdf else strip_tags(response.content.decode())
    # What every team member needs.
    for shown in ("Pretorialaan 1", "Hond aanwezig", "Toestemming van de bewoner vragen"):
        assert shown in text, shown
    assert "Versie voor Politie, gefilterd op haar grondslag" in " ".join(text.split())
    # Not the police's part: no reasons, no owner, no registry facts, reports or visits.
    for hidden in (
        "Zes ingeschrevenen",
        "signaal, geen bewijs",
        "Verhuurder1",
        "Eigenaar",
        "Ingeschreven personen",
        "Verhuurvergunning",
        "Meldingen",
        "Eerdere bezoeken",
    ):
        assert hidden not in text, hidden
    operation = (
        "Briefing integrale actie gedownload (PDF)"
        if as_pdf
        else "Briefing integrale actie ingezien"
    )
    line = Verwerkingslog.objects.get(name=operation)
    assert line.object_ref == f"actie:{actie.pk}" and not line.data_subject_id


def test_a_partner_given_the_owner_part_and_reasons_sees_them(client, organiser, agent, day):
    actie = day["actie"]
    actie.partners.update(onderdelen=["partijen"], ziet_redenen=True)
    _make(client, organiser, actie)
    response = _login(client, agent).get(reverse("actie-briefing", args=[actie.pk, day["a"].pk]))
    body = response.content.decode()
    assert "Verhuurder1" in body and "Zes ingeschrevenen op 40 m²" in body
    assert "Ingeschreven personen" not in body  # objects not given
