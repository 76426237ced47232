"""Acceptance (issue 14, point 2): a case director assigns a task to the police on a shared
case; the police contact sees the bell's count and the task on the start page, at 390 and
1366 px, accessible; the e-mail holds no name, address or description."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.core import mail
from django.utils import timezone

from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share

pytestmark = pytest.mark.e2e

Login = Callable[..., None]
AssertAccessible = Callable[[Page], None]
WIDTHS = (390, 1366)
# What identifies people or places in this case: none of it may leave in a mail.
PERSONAL = ["Carnisselaan", "3083", "Jansen", "matrassen", "Carnisse 10", "Wendy", "Wijkagent"]
SHOTS = os.environ.get("GOEDWONEN_SCREENSHOTS", "")


@pytest.fixture
def police_page(new_page: Callable[[], Page]) -> Page:
    return new_page()


def _shared_case(triaged: Any) -> Any:
    regisseur = User.objects.get(username="regisseur.so")
    casus = casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    casus_share(
        actor=regisseur,
        casus=casus,
        organisatie=Organisatie.objects.get(code="politie"),
        rol="wijkagent",
        doel="Gezamenlijke controle op overbewoning",
        grondslag="Convenant Rotterdams Goed Wonen; Wpg art. 16",
        onderdelen=["objecten", "taken"],
        tot=timezone.localdate() + timedelta(days=30),
    )
    return casus


def _at_widths(page: Page, name: str, assert_accessible: AssertAccessible) -> None:
    """The page fits 390 px without scrolling sideways, and passes axe at both widths."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        assert_accessible(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_the_police_see_the_task_assigned_to_them_on_their_start_page_and_in_the_bell(
    page: Page, police_page: Page, triaged: Any, login: Login, assert_accessible: AssertAccessible
) -> None:
    casus = _shared_case(triaged)
    login(police_page, "partner.politie")
    police_page.goto("/")
    expect(police_page.get_by_role("link", name="Notificaties, 1 ongelezen")).to_be_visible()
    expect(police_page.get_by_test_id("blok-aantal-taken")).to_have_text("0")

    # The director sets out a task for the police on the case page.
    login(page, "regisseur.so")
    page.goto(f"/casussen/{casus.referentie}")
    page.get_by_role("link", name="Taak uitzetten").click()
    form = page.locator("form[action$='/taken']")
    form.get_by_label("Taak", exact=True).fill("Controle met de wijkagent")
    form.get_by_label("Toelichting").fill("Tien matrassen bij Jansen, Carnisselaan 10")
    form.get_by_label("Voor organisatie").select_option(label="Politie Rotterdam")
    form.get_by_label("Deadline").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    form.get_by_role("button", name="Taak uitzetten").click()
    expect(page.get_by_text("Taak 'Controle met de wijkagent' is uitgezet")).to_be_visible()

    # The police contact: the bell counts it, the start page lists it with one link to act.
    police_page.goto("/")
    expect(police_page.get_by_role("link", name="Notificaties, 2 ongelezen")).to_be_visible()
    expect(police_page.get_by_test_id("blok-aantal-taken")).to_have_text("1")
    tasks = police_page.get_by_role("region", name="Mijn taken")
    expect(tasks).to_contain_text("Controle met de wijkagent")
    expect(tasks).to_contain_text(f"Casus {casus.referentie}")
    _at_widths(police_page, "startpagina", assert_accessible)

    police_page.get_by_role("link", name="Notificaties, 2 ongelezen").click()
    expect(police_page.get_by_role("heading", level=1)).to_have_text("Notificaties")
    expect(police_page.locator("main")).to_contain_text(f"Taak bij casus {casus.referentie}")
    _at_widths(police_page, "notificaties", assert_accessible)
    police_page.get_by_role("button", name="Openen").first.click()
    expect(police_page.get_by_role("heading", level=1)).to_contain_text(casus.referentie)
    expect(police_page.get_by_role("link", name="Notificaties, 1 ongelezen")).to_be_visible()

    police_page.goto("/notificaties/voorkeuren")
    _at_widths(police_page, "voorkeuren", assert_accessible)

    # The mails to the police: a reference and a link, nothing about people or places.
    to_police = [m for m in mail.outbox if m.to == ["partner.politie@goedwonen.test"]]
    assert [m.subject for m in to_police] == [
        "Goedwonen: casus gedeeld met mijn organisatie",
        "Goedwonen: taak toegewezen aan mij, mijn team of mijn organisatie",
    ]
    assert f"/casussen/{casus.referentie}#taken-kop" in to_police[1].body
    for sent in to_police:
        for word in PERSONAL:
            assert word.lower() not in (sent.subject + sent.body).lower(), word
