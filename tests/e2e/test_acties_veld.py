"""The field view of an integral action on a phone (390 px), in a real browser: a team member
records visits with the network switched off, sees what is not yet sent, and once back online
every record arrives exactly once; a record the server refuses stays on the device with its
errors beside its fields until corrected. axe-core finds nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from django.urls import reverse

from goedwonen.accounts.models import Organisatie, User
from goedwonen.acties.models import Adresstatus, Veldregistratie
from goedwonen.casussen.models import Onderdeel
from goedwonen.core.categories import Categorie
from goedwonen.inspecties.models import Bezoek
from tests.acties.support_veld import planned_action

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
AssertAccessible = Callable[[Page], None]


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, page.url


def _record(
    page: Page, pk: int, toegang: str, volwassenen: str = "", overbewoning: str = ""
) -> None:
    card = page.locator(f"#adres-{pk}")
    card.locator("summary", has_text="Bezoek vastleggen").click()
    card.get_by_label(toegang, exact=True).check()
    if volwassenen:
        card.get_by_label("Volwassenen aangetroffen").fill(volwassenen)
        card.get_by_label("Kinderen aangetroffen").fill("0")
    if overbewoning:
        card.locator(f"select[name='a{pk}-bevinding-overbewoning']").select_option("ja")
        card.get_by_label("Toelichting bij overbewoning").fill(overbewoning)
    card.get_by_role("button", name="Bezoek vastleggen").click()


def test_visits_recorded_offline_arrive_once_when_back_online(
    new_page: Callable[[], Page], demo_users, login, assert_accessible: AssertAccessible
):
    inspecteur = User.objects.get(username="inspecteur.sb")
    agent = User.objects.get(username="partner.politie")
    actie = planned_action(
        leider=User.objects.get(username="regisseur.so"),
        teams=[[inspecteur, agent]],
        partners=[
            (Organisatie.objects.get(code="sb"), [Onderdeel.OBJECTEN], [Categorie.OVERBEWONING]),
            (Organisatie.objects.get(code="politie"), [], [Categorie.CRIMINEEL_GEBRUIK]),
        ],
        adressen_per_team=3,
    )
    team = actie.teams.get()
    eerste, tweede, derde = team.adressen.order_by("volgorde")
    page = new_page()
    page.set_viewport_size(PHONE)
    login(page, "inspecteur.sb")
    page.goto(reverse("actie-veld", args=[actie.pk, team.pk]))
    expect(page.get_by_role("heading", name="Volgende adres")).to_be_visible()
    _fits(page, PHONE["width"])
    page.locator(f"#adres-{eerste.pk} summary", has_text="Bezoek vastleggen").click()
    _fits(page, PHONE["width"])
    assert_accessible(page)
    page.locator(f"#adres-{eerste.pk} summary", has_text="Bezoek vastleggen").click()

    page.context.set_offline(True)
    _record(page, eerste.pk, "Toegang verleend", "6", "Zes matrassen in de woonkamer.")
    _record(page, tweede.pk, "Niemand thuis")

    telling = page.locator("[data-veld-telling]")
    expect(telling).to_have_text("2 nog niet verzonden")
    wachtend = page.locator("[data-veld-wachtend]")
    expect(wachtend).to_contain_text("1. Veldstraat")
    expect(wachtend).to_contain_text("2. Veldstraat")
    expect(page.locator(f"#adres-{eerste.pk} [data-veld-status]")).to_have_text(
        "Vastgelegd op dit toestel, nog niet verzonden"
    )
    assert Bezoek.objects.count() == 0
    # Skipping is not queued: without a connection the reason stays and the page says so.
    kaart = page.locator(f"#adres-{derde.pk}")
    kaart.locator("summary", has_text="Overslaan").click()
    kaart.get_by_label("Waarom overslaan?").fill("Toegang geweigerd.")
    kaart.get_by_role("button", name="Adres overslaan").click()
    expect(kaart).to_contain_text("Geen verbinding: overslaan lukt pas")
    expect(kaart.get_by_label("Waarom overslaan?")).to_have_value("Toegang geweigerd.")
    kaart.locator("summary", has_text="Overslaan").click()
    # Pressing "Nu verzenden" without a connection loses nothing.
    page.get_by_role("button", name="Nu verzenden").click()
    expect(telling).to_have_text("2 nog niet verzonden")

    page.context.set_offline(False)

    expect(telling).to_have_text("Alles is verzonden.")
    for adres in (eerste, tweede):
        expect(page.locator(f"#adres-{adres.pk} [data-veld-status]")).to_have_text(
            "Bezocht (verzonden)"
        )
        assert Veldregistratie.objects.filter(actieadres=adres).count() == 1
        assert Bezoek.objects.filter(veldregistratie__actieadres=adres).count() == 1
        adres.refresh_from_db()
        assert adres.status == Adresstatus.BEZOCHT
    assert Bezoek.objects.count() == Veldregistratie.objects.count() == 2
    eerste.refresh_from_db()
    assert eerste.bezoek.bevindingen.get().categorie == "overbewoning"
    assert eerste.bezoek.volwassenen == 6
    assert_accessible(page)

    # A record the server refuses stays queued with its error beside the field.
    page.context.set_offline(True)
    _record(page, derde.pk, "Toegang verleend")
    expect(telling).to_have_text("1 nog niet verzonden")
    page.context.set_offline(False)
    expect(kaart).to_contain_text("Geef het aantal aangetroffen volwassenen op")
    expect(telling).to_have_text("1 nog niet verzonden")
    expect(kaart.get_by_label("Toegang verleend", exact=True)).to_be_checked()
    assert_accessible(page)
    kaart.get_by_label("Volwassenen aangetroffen").fill("2")
    kaart.get_by_label("Kinderen aangetroffen").fill("1")
    kaart.get_by_role("button", name="Bezoek vastleggen").click()
    expect(telling).to_have_text("Alles is verzonden.")
    assert Veldregistratie.objects.filter(actieadres=derde).count() == 1
    assert Bezoek.objects.count() == 3

    page.reload()
    expect(page.locator(f"#adres-{derde.pk} [data-veld-status]")).to_have_text("Bezocht")
    expect(
        page.get_by_text("Alle adressen van de lijst zijn bezocht of overgeslagen.")
    ).to_be_visible()


def test_a_record_whose_answer_was_lost_is_stored_once(
    new_page: Callable[[], Page], demo_users, login
):
    """The visit reached the server but the answer never reached the phone: the phone sends
    it again under the same key, and the server answers with the visit it already has."""
    actie = planned_action(
        leider=User.objects.get(username="regisseur.so"),
        teams=[[User.objects.get(username="inspecteur.sb")]],
        partners=[(Organisatie.objects.get(code="sb"), [Onderdeel.OBJECTEN], [])],
        adressen_per_team=1,
    )
    team = actie.teams.get()
    adres = team.adressen.get()
    page = new_page()
    page.set_viewport_size(PHONE)
    login(page, "inspecteur.sb")
    page.goto(reverse("actie-veld", args=[actie.pk, team.pk]))
    lost = []

    def lose_the_first_answer(route):
        if lost:
            route.continue_()
            return
        lost.append(route.fetch().status)  # the server stored the visit
        route.abort("internetdisconnected")

    page.route("**/veld/registraties/", lose_the_first_answer)

    _record(page, adres.pk, "Niemand thuis")

    telling = page.locator("[data-veld-telling]")
    expect(page.locator("[data-veld-verbinding]")).to_have_text(
        "Geen verbinding: de bezoeken worden verzonden zodra er weer verbinding is."
    )
    expect(telling).to_have_text("1 nog niet verzonden")
    assert lost == [201]
    assert Veldregistratie.objects.count() == 1
    page.get_by_role("button", name="Nu verzenden").click()
    expect(telling).to_have_text("Alles is verzonden.")
    assert Bezoek.objects.count() == Veldregistratie.objects.count() == 1
