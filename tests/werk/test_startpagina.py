"""The start page: the blocks of work each person holds the capability for, with counts,
overdue first, what changed in a directed case since it was last opened, the four-eyes rule
for approvals, and the processing log of what it showed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from django.utils import timezone

from goedwonen.analytics.models import Catalogusversie, Risicorun, Selectie, Selectieadres
from goedwonen.casussen.models import Casus, Gebeurtenissoort, Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.timeline import gebeurtenis_add, nieuws_herberekenen
from goedwonen.core import display
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Adres, Verblijfsobject
from goedwonen.verhuurders.models import Recidivesignalering
from goedwonen.werk.models import LaatstBekeken
from goedwonen.werk.selectors import BLOCKS
from tests.scenario import CARNISSE_10, PARTNER, share_case

pytestmark = pytest.mark.django_db

KEYS = {
    "my_tasks": "taken",
    "my_triage": "meldingen",
    "my_cases": "casussen",
    "approvals": "goedkeuringen",
    "my_selections": "mijn-selecties",
    "legal_queue": "juridisch",
    "recidivism_alerts": "recidive",
    "overdue_tasks": "te-laat",
    "newly_shared": "gedeeld",
}


def _count(page: str, key: str) -> int:
    found = re.search(rf'data-testid="blok-aantal-{key}">(\d+)<', page)
    assert found, f"block {key} not on the page"
    return int(found.group(1))


def _block(page: str, key: str) -> str:
    start = page.index(f'aria-labelledby="{key}-kop"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize(("capability", "read"), BLOCKS, ids=[read.__name__ for _, read in BLOCKS])
def test_a_block_shows_to_holders_of_its_capability_only(capability, read, client, make_user):
    key = KEYS[read.__name__]
    # A composer's concepts need seeing selections too (their page needs it).
    also = [Capability.ANALYSIS_VIEW] if capability == Capability.SELECTION_COMPOSE else []
    client.force_login(make_user([capability, *also]))
    assert f'id="{key}-kop"' in client.get("/").content.decode()
    client.force_login(make_user([c for c in Capability if c != capability]))
    assert f'id="{key}-kop"' not in client.get("/").content.decode()


def test_a_composer_who_may_not_open_selections_gets_no_block_and_no_refusal(client, make_user):
    client.force_login(make_user([Capability.SELECTION_COMPOSE]))
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="mijn-selecties-kop"' not in response.content.decode()


def test_my_tasks_come_overdue_first_with_one_link_each(client, casus, regisseur):
    today = timezone.localdate()
    for titel, dagen in [("Later bellen", 5), ("Te laat bellen", -1), ("Morgen bellen", 1)]:
        taak = taak_create(
            actor=regisseur,
            casus=casus,
            titel=titel,
            organisatie=regisseur.organisatie,
            deadline=today + timedelta(days=max(dagen, 0)),
            toegewezen_aan=regisseur,
        )
        Taak.objects.filter(pk=taak.pk).update(deadline=today + timedelta(days=dagen))
    client.force_login(regisseur)
    page = client.get("/").content.decode()
    block = _block(page, "taken")
    assert _count(page, "taken") == 3
    assert [t for t in re.findall(r"<strong>([^<]+)</strong>", block)] == [
        "Te laat bellen",
        "Morgen bellen",
        "Later bellen",
    ]
    assert block.count("te laat</span>") == 1
    assert block.count(f'href="/casussen/{casus.referentie}#taken-kop"') == 3
    # The organisation's overdue tasks, as an alert.
    assert _count(page, "te-laat") == 1
    # What the page showed of the case is logged, as the lists log theirs.
    line = Verwerkingslog.objects.get(name="Startpagina: mijn taken ingezien")
    assert line.object_ref == f"casus:{casus.referentie}"


def test_a_directed_case_says_what_changed_since_its_director_last_opened_it(
    client, casus, regisseur, make_user
):
    client.force_login(regisseur)
    client.get(f"/casussen/{casus.referentie}")
    seen = LaatstBekeken.objects.get(gebruiker=regisseur, casus=casus).bekeken_op
    collega = make_user([Capability.CASES_DIRECT], username="collega")
    gebeurtenis_add(casus, Gebeurtenissoort.NOTITIE, "Gebeld met de huurder", collega)
    gebeurtenis_add(casus, Gebeurtenissoort.NOTITIE, "Zelf genoteerd", regisseur)  # own: no news
    page = client.get("/").content.decode()
    block = _block(page, "casussen")
    assert _count(page, "casussen") == 1
    assert "1 nieuwe gebeurtenis sinds u keek" in block
    assert "1 met iets nieuws sinds u keek." in block
    assert f'href="/casussen/{casus.referentie}"' in block
    assert Verwerkingslog.objects.filter(
        name="Casuslijst ingezien", object_ref=f"casus:{casus.referentie}"
    ).exists()
    client.get(f"/casussen/{casus.referentie}")
    assert LaatstBekeken.objects.get(gebruiker=regisseur, casus=casus).bekeken_op > seen
    assert "Niets nieuws sinds u keek" in _block(client.get("/").content.decode(), "casussen")


def test_directed_cases_with_news_come_first_the_latest_news_first(
    client, casus, regisseur, make_user
):
    """Ranked on the case's time of news, kept as events are added: a case the director
    looked at after its news, and their own events, are no news."""
    taken = casus.objecten.values("verblijfsobject")
    adressen = Adres.objects.exclude(verblijfsobject__in=taken).order_by("pk")
    older, newer, quiet = (
        casus_create(
            actor=regisseur,
            titel=f"Zaak {n}",
            categorieen=["overbewoning"],
            casusregisseur=regisseur,
            adressen=[adres],
        )
        for n, adres in enumerate(adressen[:3])
    )
    collega = make_user([Capability.CASES_DIRECT], username="collega")
    client.force_login(regisseur)
    for seen in (casus, older, newer, quiet):
        client.get(f"/casussen/{seen.referentie}")
    gebeurtenis_add(older, Gebeurtenissoort.NOTITIE, "Eerst", collega)
    gebeurtenis_add(older, Gebeurtenissoort.NOTITIE, "Nog eens", collega)
    gebeurtenis_add(newer, Gebeurtenissoort.NOTITIE, "Daarna", None)  # the system: news
    gebeurtenis_add(quiet, Gebeurtenissoort.NOTITIE, "Zelf", regisseur)  # own: no news
    older.refresh_from_db()
    assert older.nieuws_op == older.tijdlijn.get(tekst="Nog eens").op

    block = _block(client.get("/").content.decode(), "casussen")
    # The latest news first, however many events the other has.
    shown = re.findall(r"<strong>([^<:]+):", block)
    assert shown[:2] == [newer.referentie, older.referentie]
    assert "1 nieuwe gebeurtenis sinds u keek" in block
    assert "2 nieuwe gebeurtenissen sinds u keek" in block
    assert "2 met iets nieuws sinds u keek." in block
    # Opened since: no longer news, and back in the order of the others (newest first).
    client.get(f"/casussen/{newer.referentie}")
    block = _block(client.get("/").content.decode(), "casussen")
    assert re.findall(r"<strong>([^<:]+):", block) == [
        older.referentie,
        quiet.referentie,
        newer.referentie,
        casus.referentie,
    ]
    assert "1 met iets nieuws sinds u keek." in block


def test_the_time_of_news_recomputed_for_every_case_is_what_the_events_kept(
    casus, regisseur, make_user
):
    collega = make_user([Capability.CASES_DIRECT], username="collega")
    gebeurtenis_add(casus, Gebeurtenissoort.NOTITIE, "Van een collega", collega)
    gebeurtenis_add(casus, Gebeurtenissoort.NOTITIE, "Zelf, later", regisseur)
    kept = Casus.objects.get(pk=casus.pk).nieuws_op
    Casus.objects.update(nieuws_op=None)
    assert nieuws_herberekenen() == Casus.objects.count()
    assert Casus.objects.get(pk=casus.pk).nieuws_op == kept
    assert kept == casus.tijdlijn.get(tekst="Van een collega").op


def test_reports_waiting_for_my_triage_are_counted_and_linked(client, triaged, regisseur):
    client.force_login(regisseur)
    page = client.get("/").content.decode()
    block = _block(page, "meldingen")
    assert _count(page, "meldingen") == 1
    assert f"Melding {triaged.referentie}: overbewoning" in block
    assert f'href="/meldingen/{triaged.pk}"' in block
    line = Verwerkingslog.objects.get(name="Startpagina: meldingen ingezien")
    assert line.object_ref == f"melding:{triaged.referentie}"


def test_a_partner_sees_the_case_shared_and_its_task_but_directs_nothing(
    client, casus, regisseur, partner_organisatie, make_user
):
    agent = make_user(PARTNER, username="agent", organisatie_=partner_organisatie)
    share_case(casus, regisseur, partner_organisatie, ("taken",))
    taak_create(
        actor=regisseur,
        casus=casus,
        titel="Controle met de wijkagent",
        organisatie=partner_organisatie,
        deadline=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(agent)
    page = client.get("/").content.decode()
    assert _count(page, "taken") == 1
    assert "Controle met de wijkagent" in _block(page, "taken")
    assert _count(page, "gedeeld") == 1
    assert f"Casus {casus.referentie} van Stadsontwikkeling" in _block(page, "gedeeld")
    assert 'id="casussen-kop"' not in page and 'id="meldingen-kop"' not in page


def test_an_approver_is_not_asked_to_approve_their_own_selection(city, client, make_user):
    composer = make_user(
        [Capability.SELECTION_COMPOSE, Capability.SELECTION_APPROVE], username="analist"
    )
    approver = make_user([Capability.SELECTION_APPROVE], username="goedkeurder")
    run = Risicorun.objects.create(
        catalogus=Catalogusversie.objects.get_or_create(versie=1, defaults={"toelichting": "x"})[0],
        peildatum=timezone.localdate(),
        status=Risicorun.Status.KLAAR,
    )
    selectie = Selectie.objects.create(
        run=run,
        naam="Zuid top 10",
        criteria={},
        samengesteld_door=composer,
        status="ter_goedkeuring",
        ingediend_op=timezone.now(),
    )
    Selectieadres.objects.create(
        selectie=selectie, verblijfsobject=Verblijfsobject.objects.first(), score=1.0, rang=1
    )
    client.force_login(approver)
    page = client.get("/").content.decode()
    assert _count(page, "goedkeuringen") == 1
    assert f'href="/analyse/selecties/{selectie.pk}"' in _block(page, "goedkeuringen")
    client.force_login(composer)
    page = client.get("/").content.decode()
    assert _count(page, "goedkeuringen") == 0
    assert "Er wachten geen selecties op uw goedkeuring." in page


def test_recidivism_alerts_show_the_eight_newest_open_ones_and_count_them_all(
    city, client, make_user
):
    from tests.verhuurders.support import e1

    owner = e1()
    dwelling = owner.eigendommen.get().verblijfsobject
    today = timezone.localdate()
    for n in range(10):
        Recidivesignalering.objects.create(
            eigenaar=owner,
            verblijfsobject=dwelling,
            soort="controle",
            bron=f"controle:C{n}",
            datum=today - timedelta(days=n),
            waarschuwing_op=today - timedelta(days=30),
        )
    Recidivesignalering.objects.create(  # handled: not shown, not counted
        eigenaar=owner,
        verblijfsobject=dwelling,
        soort="controle",
        bron="controle:C99",
        datum=today,
        waarschuwing_op=today - timedelta(days=30),
        afgehandeld_op=timezone.now(),
    )
    client.force_login(make_user([Capability.LANDLORDS_MONITOR]))
    page = client.get("/").content.decode()
    block = _block(page, "recidive")
    assert _count(page, "recidive") == 10
    shown = [display.datum(today - timedelta(days=n)) for n in range(8)]
    assert re.findall(r"<strong>[^<]* op ([^<]+)</strong>", block) == shown
    # The owner of what was shown is logged, once.
    lines = Verwerkingslog.objects.filter(name="Recidivesignaleringen ingezien")
    assert [line.object_ref for line in lines] == ["recidivesignaleringen/eigenaar:E1"]


def test_the_start_page_names_my_teams_and_counts_their_reports_reading_the_teams_once(
    client, city, regisseur
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from goedwonen.accounts.models import Team
    from goedwonen.intake.services.registration import melding_register

    team = Team.objects.create(naam="Gebiedsteam Carnisse")
    regisseur.teams.add(team, Team.objects.create(naam="Gebiedsteam Tarwewijk"))
    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Matrassen in de gang",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    ).melding
    melding.team = team
    melding.save(update_fields=["team"])
    client.force_login(regisseur)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert "Uw teams: Gebiedsteam Carnisse, Gebiedsteam Tarwewijk" in page
    assert _count(page, "meldingen") == 1
    teams = [q for q in queries.captured_queries if 'FROM "accounts_team"' in q["sql"]]
    assert len(teams) == 1
