"""Case tables through their pages: setting a table up (CASETABLES_MANAGE, each change
logged), the list with the plan's target, a table's page for its members only, planning,
moving and cancelling meetings (chair and secretary), the follow-up of decisions, the
start-page block and the navigation entry."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus, Taak, Taakstatus
from goedwonen.casustafels.models import (
    Afspraak,
    Agendapunt,
    Casustafel,
    Tafellid,
    Tafelvergadering,
    Vergaderstatus,
    Vraagsoort,
)
from goedwonen.casustafels.selectors import moment_text
from goedwonen.core.models import Verwerkingsactiviteitcode, Verwerkingslog

from .support_tafels import build_opzet

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie):
    return build_opzet(make_user, organisatie, partner_organisatie)


def _log_lines(operation_part: str) -> int:
    return Verwerkingslog.objects.filter(
        verwerkingsactiviteit__code=Verwerkingsactiviteitcode.CASUSTAFEL,
        name__contains=operation_part,
    ).count()


def _meeting(tafel, *, days: int, status=Vergaderstatus.GEPLAND) -> Tafelvergadering:
    moment = timezone.now() + timedelta(days=days)
    return Tafelvergadering.objects.create(
        tafel=tafel, volgens_schema=moment, begint_op=moment, status=status
    )


def _form(opzet, **changes):
    data = {
        "naam": "Casustafel Hillesluis",
        "gebieden": [opzet.tafel.gebieden.get().pk],
        "voorzitter": opzet.voorzitter.pk,
        "secretaris": opzet.secretaris.pk,
        "interval_dagen": "14",
        "weekdag": "2",
        "aanvang": "13:30",
        "duur_minuten": "90",
        "locatie": "Wijkkantoor",
        "indientermijn_dagen": "4",
    }
    return data | changes


def test_a_manager_sets_up_a_table_and_each_change_is_logged(client, opzet):
    client.force_login(opzet.beheerder)
    before = Verwerkingslog.objects.count()

    response = client.post(reverse("casustafel-nieuw"), _form(opzet))

    tafel = Casustafel.objects.get(naam="Casustafel Hillesluis")
    assert response.status_code == 302
    assert response["Location"] == reverse("casustafel-wijzigen", args=[tafel.pk])
    assert (tafel.weekdag, tafel.aanvang.strftime("%H:%M"), tafel.indientermijn_dagen) == (
        2,
        "13:30",
        4,
    )
    assert _log_lines("Casustafel ingericht") >= 1
    assert Verwerkingslog.objects.count() > before

    response = client.post(
        reverse("casustafel-lid-toevoegen", args=[tafel.pk]),
        {"organisatie": opzet.politie_org.pk, "grondslag": "Wpg art. 16", "sinds": "2026-02-01"},
    )
    assert response.status_code == 302
    lid = Tafellid.objects.get(tafel=tafel)
    assert (lid.organisatie, lid.grondslag, lid.sinds) == (
        opzet.politie_org,
        "Wpg art. 16",
        date(2026, 2, 1),
    )
    response = client.post(
        reverse("casustafel-lid-beeindigen", args=[tafel.pk, lid.pk]), {"tot": "2026-06-30"}
    )
    assert response.status_code == 302
    lid.refresh_from_db()
    assert lid.tot == date(2026, 6, 30)
    assert _log_lines("toegevoegd") == 3  # two in the set-up fixture, one here
    assert _log_lines("beëindigd") == 1

    page = client.get(reverse("casustafel-wijzigen", args=[tafel.pk])).content.decode()
    assert "Wpg art. 16" in page and "tot en met 30 juni 2026" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"voorzitter": "chair"}, "voorzitter", "Kies een casusregisseur uit de lijst"),
        ({"naam": "casustafel bloemhof"}, "naam", "Er is al een casustafel met deze naam."),
        ({"gebieden": []}, "gebieden", "Kies ten minste één buurt."),
        ({"interval_dagen": "3"}, "interval_dagen", "hoogstens eens per week"),
        ({"aanvang": "25:00"}, "aanvang", "Vul een geldige tijd in"),
    ],
)
def test_bad_set_up_is_refused_beside_its_field_and_nothing_is_made(
    client, opzet, changes, field, message
):
    if changes.get("voorzitter") == "chair":
        # The secretary takes part but directs no cases (the service refuses it as well).
        changes = {"voorzitter": opzet.secretaris.pk}
    client.force_login(opzet.beheerder)

    response = client.post(reverse("casustafel-nieuw"), _form(opzet, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert Casustafel.objects.count() == 1


def test_the_service_refuses_a_chair_who_directs_no_cases(opzet):
    from django.core.exceptions import ValidationError

    from goedwonen.casustafels.services.tafels import casustafel_update

    with pytest.raises(ValidationError) as error:
        casustafel_update(
            actor=opzet.beheerder,
            tafel=opzet.tafel,
            naam=opzet.tafel.naam,
            gebieden=list(opzet.tafel.gebieden.all()),
            voorzitter=opzet.politie,
            secretaris=opzet.secretaris,
            interval_dagen=14,
            weekdag=1,
            aanvang=opzet.tafel.aanvang,
            duur_minuten=120,
            locatie="",
            indientermijn_dagen=3,
        )
    assert "geen casusregisseur" in error.value.message_dict["voorzitter"][0]
    opzet.tafel.refresh_from_db()
    assert opzet.tafel.voorzitter == opzet.voorzitter


def test_a_member_without_basis_text_is_refused(client, opzet):
    client.force_login(opzet.beheerder)
    response = client.post(
        reverse("casustafel-lid-toevoegen", args=[opzet.tafel.pk]),
        {"organisatie": opzet.buitenstaander.organisatie.pk, "grondslag": " ", "sinds": "x"},
    )
    page = response.content.decode()
    assert "Vul het convenant of de wettelijke grondslag in." in page
    assert "Vul een geldige datum in." in page
    assert opzet.tafel.leden.count() == 2


def test_the_list_shows_areas_chair_next_meeting_and_the_plans_target(client, opzet, make_user):
    tafel = opzet.tafel
    _meeting(tafel, days=-30, status=Vergaderstatus.GEHOUDEN)
    _meeting(tafel, days=-16, status=Vergaderstatus.GEANNULEERD)
    _meeting(tafel, days=-2, status=Vergaderstatus.GEHOUDEN)
    volgende = _meeting(tafel, days=12)
    held_this_year = [
        v
        for v in tafel.vergaderingen.all()
        if timezone.localdate(v.volgens_schema).year == timezone.localdate().year
        and v.volgens_schema <= timezone.now()
    ]
    expected = (
        f"{sum(v.status == 'gehouden' for v in held_this_year)} van {len(held_this_year)} "
        "volgens schema gehouden"
    )
    client.force_login(opzet.politie)

    page = client.get(reverse("casustafels")).content.decode()

    assert "Casustafel Bloemhof" in page and "Bloemhof" in page
    assert opzet.voorzitter.get_full_name() in page
    assert timezone.localtime(volgende.begint_op).strftime("%H:%M") in page
    assert expected in page
    assert "niet op schema" in page
    assert reverse("casustafel", args=[tafel.pk]) in page

    # An organisation that does not sit at the table does not see it.
    client.force_login(opzet.buitenstaander)
    page = client.get(reverse("casustafels")).content.decode()
    assert "Casustafel Bloemhof" not in page
    assert "Uw organisatie zit aan geen casustafel." in page
    # Whoever sets tables up sees every table, and reaches its set-up.
    client.force_login(opzet.beheerder)
    page = client.get(reverse("casustafels")).content.decode()
    assert reverse("casustafel-wijzigen", args=[tafel.pk]) in page
    assert 'href="/casustafels/"' in page  # the navigation entry, without CASETABLE_TAKE_PART
    client.force_login(make_user([]))
    assert 'href="/casustafels/"' not in client.get(reverse("home")).content.decode()


def test_a_tables_page_is_for_its_members_only(client, opzet):
    _meeting(opzet.tafel, days=5)
    url = reverse("casustafel", args=[opzet.tafel.pk])

    client.force_login(opzet.buitenstaander)
    assert client.get(url).status_code == 404
    client.force_login(opzet.politie)
    page = client.get(url).content.decode()

    assert "Wpg" in page and "Convenant; Huisvestingswet" in page
    assert opzet.secretaris.get_full_name() in page
    assert "Elke 14 dagen op dinsdag om 10:00" in page
    # Only the chair and the secretary plan, move and cancel.
    assert reverse("casustafel-plannen", args=[opzet.tafel.pk]) not in page
    assert "Verplaatsen" not in page
    client.force_login(opzet.secretaris)
    page = client.get(url).content.decode()
    assert reverse("casustafel-plannen", args=[opzet.tafel.pk]) in page
    assert "Verplaatsen" in page


def test_the_secretary_plans_until_a_date_and_a_member_cannot(client, opzet):
    url = reverse("casustafel-plannen", args=[opzet.tafel.pk])
    client.force_login(opzet.politie)
    assert client.get(url).status_code == 404
    assert client.post(url, {"vanaf": "2027-04-08", "tot": "2027-05-31"}).status_code == 404
    assert not Tafelvergadering.objects.exists()

    client.force_login(opzet.secretaris)
    response = client.post(url, {"vanaf": "2027-04-08", "tot": "2027-05-31"}, follow=True)

    days = [timezone.localdate(v.begint_op) for v in Tafelvergadering.objects.order_by("begint_op")]
    # Tuesdays every fortnight; King's Day (Tuesday 27 April) moves to Wednesday.
    assert days == [date(2027, 4, 13), date(2027, 4, 28), date(2027, 5, 11), date(2027, 5, 25)]
    page = response.content.decode()
    assert "4 vergaderingen gepland, waarvan 1 verschoven vanwege een feestdag." in page
    assert "Verschoven van 27 april 2027 (Koningsdag)" in page

    response = client.post(url, {"vanaf": "2027-06-01", "tot": "2027-05-01"})
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


def test_moving_and_cancelling_show_their_reason_on_the_tables_page(client, opzet):
    eerste = _meeting(opzet.tafel, days=10)
    tweede = _meeting(opzet.tafel, days=24)
    client.force_login(opzet.voorzitter)
    verplaatsen = reverse("vergadering-verplaatsen", args=[eerste.pk])
    nieuw = timezone.localdate() + timedelta(days=11)

    response = client.post(verplaatsen, {"datum": nieuw.isoformat(), "tijd": "14:00", "reden": ""})
    assert "Vul de reden in: de leden zien waarom." in response.content.decode()
    gisteren = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(verplaatsen, {"datum": gisteren, "tijd": "14:00", "reden": "Ziek"})
    assert "Dit moment is al voorbij" in response.content.decode()
    client.post(verplaatsen, {"datum": nieuw.isoformat(), "tijd": "14:00", "reden": "Zaal bezet"})
    client.post(reverse("vergadering-annuleren", args=[tweede.pk]), {"reden": "Zomerreces"})

    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert timezone.localtime(eerste.begint_op).strftime("%Y-%m-%d %H:%M") == (
        f"{nieuw.isoformat()} 14:00"
    )
    assert tweede.status == Vergaderstatus.GEANNULEERD
    page = client.get(reverse("casustafel", args=[opzet.tafel.pk])).content.decode()
    assert "Zaal bezet" in page and "Zomerreces" in page and "verplaatst" in page
    # A member who does not lead the table cannot reach either.
    client.force_login(opzet.politie)
    assert client.get(verplaatsen).status_code == 404


def _decision(opzet, vergadering, casus, *, deadline, taakstatus=None, organisatie=None):
    item = Agendapunt.objects.create(
        vergadering=vergadering,
        casus=casus,
        vraagsoort=Vraagsoort.STRATEGIE,
        vraag="Welke aanpak?",
        ingebracht_namens=opzet.so,
        status="besproken",
    )
    taak = None
    if taakstatus is not None:
        taak = Taak.objects.create(
            casus=casus,
            titel="Taak",
            organisatie=organisatie or opzet.so,
            deadline=deadline,
            status=taakstatus,
        )
    return Afspraak.objects.create(
        agendapunt=item,
        omschrijving=f"Afspraak {deadline.isoformat()} {taakstatus}",
        organisatie=organisatie or opzet.so,
        deadline=deadline,
        taak=taak,
        vastgelegd_door=opzet.voorzitter,
    )


def test_follow_up_counts_done_late_and_open_for_the_chair_only(client, opzet):
    today = timezone.localdate()
    casus = Casus.objects.create(
        referentie="CS-2026-0042",
        titel="Kamerverhuur Bloemhof",
        herkomst="casustafel",
        categorieen=["overbewoning"],
        casusregisseur=opzet.voorzitter,
        organisatie=opzet.so,
    )
    earlier = _meeting(opzet.tafel, days=-14, status=Vergaderstatus.GEHOUDEN)
    later = _meeting(opzet.tafel, days=14)
    done = _decision(opzet, earlier, casus, deadline=today, taakstatus=Taakstatus.AFGEROND)
    late = _decision(opzet, earlier, casus, deadline=today - timedelta(days=1), taakstatus="open")
    _decision(opzet, earlier, casus, deadline=today + timedelta(days=5), taakstatus="open")
    partner = _decision(
        opzet,
        earlier,
        casus,
        deadline=today + timedelta(days=3),
        taakstatus="open",
        organisatie=opzet.politie_org,
    )
    # A decision of a meeting still to come is not followed up yet.
    not_yet = _decision(opzet, later, casus, deadline=today - timedelta(days=9), taakstatus="open")
    url = reverse("casustafel-opvolging", args=[opzet.tafel.pk])
    client.force_login(opzet.politie)
    assert client.get(url).status_code == 404
    lines = _log_lines("opvolging")

    client.force_login(opzet.secretaris)
    page = client.get(url).content.decode()

    def count(key: str) -> int:
        return int(re.search(rf'data-testid="opvolging-{key}">(\d+)<', page).group(1))

    assert (count("afgerond"), count("te-laat"), count("open")) == (1, 1, 2)
    assert page.index(f"afspraak-{late.pk}") < page.index(f"afspraak-{partner.pk}")
    assert page.index(f"afspraak-{partner.pk}") < page.index(f"afspraak-{done.pk}")
    assert f"afspraak-{not_yet.pk}" not in page
    assert "CS-2026-0042" in page and "Politie" in page
    assert _log_lines("opvolging") == lines + 4  # one line per item shown
    # The task completed in the case shows at once.
    Taak.objects.filter(pk=late.taak_id).update(status=Taakstatus.AFGEROND)
    page = client.get(url).content.decode()
    assert (count("afgerond"), count("te-laat"), count("open")) == (2, 0, 2)


def test_the_start_page_shows_my_tables_next_meeting_and_items_waiting_for_me(client, opzet):
    volgende = _meeting(opzet.tafel, days=8)
    Agendapunt.objects.create(
        vergadering=volgende,
        signaal="Veel wisselende bewoners",
        vraagsoort=Vraagsoort.INFORMATIE,
        vraag="Wie herkent dit?",
        ingebracht_namens=opzet.politie_org,
    )
    cutoff = volgende.begint_op - timedelta(days=3)

    client.force_login(opzet.voorzitter)
    page = client.get(reverse("home")).content.decode()

    assert 'data-testid="blok-aantal-casustafels">1<' in page
    assert "1 ingebracht, wacht op uw besluit" in page
    # The count is of items, the list of meetings and tables: the link does not name it.
    for n in range(3):
        Agendapunt.objects.create(
            vergadering=volgende,
            signaal=f"Signaal {n}",
            vraagsoort=Vraagsoort.INFORMATIE,
            vraag="Wie herkent dit?",
            ingebracht_namens=opzet.politie_org,
        )
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="blok-aantal-casustafels">4<' in page
    assert ">Alle casustafels</a>" in page and "Alle casustafels (" not in page
    assert f"Inbrengen kan tot {moment_text(cutoff)}" in page
    assert f"Casustafel Bloemhof: {moment_text(volgende.begint_op)}" in page
    # A member sees the meeting, with nothing to decide.
    client.force_login(opzet.politie)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="blok-aantal-casustafels">0<' in page
    assert "Casustafel Bloemhof:" in page
    # Not at any table: no block.
    client.force_login(opzet.buitenstaander)
    assert 'id="casustafels-kop"' not in client.get(reverse("home")).content.decode()


def test_a_member_whose_membership_ended_no_longer_sees_the_table(client, opzet):
    lid = opzet.tafel.leden.get(organisatie=opzet.politie_org)
    lid.tot = timezone.localdate() - timedelta(days=1)
    lid.save()
    client.force_login(opzet.politie)
    assert client.get(reverse("casustafel", args=[opzet.tafel.pk])).status_code == 404
    assert "Casustafel Bloemhof" not in client.get(reverse("casustafels")).content.decode()


def test_the_demo_plans_four_tables_and_leaves_bloemhof_to_its_secretary():
    from goedwonen.accounts.demo import demo_seed

    demo_seed()
    demo_seed()  # idempotent: nothing planned twice

    planned = {t.naam: t.vergaderingen.count() for t in Casustafel.objects.all()}
    assert planned["Casustafel Bloemhof"] == 0
    assert len(planned) == 5
    assert all(6 <= n <= 7 for naam, n in planned.items() if naam != "Casustafel Bloemhof")
