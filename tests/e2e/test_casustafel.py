"""Acceptance (issue 15): a fortnightly case table from planning to minutes, in a real browser.

The secretary plans the meetings of the demo's Casustafel Bloemhof; the police contact brings
in a case shared with the police, with a question; the chair accepts it. At the meeting the
chair records attendance, a strategy, a sharing decision and two decisions that become tasks
for two organisations, closes the meeting and sends the minutes. The police's minutes PDF
holds their case in full and the chair's other case, not shared with them, only by reference
and question. axe finds nothing on any page, at phone and laptop width alike."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from django.urls import reverse
from django.utils import timezone

from goedwonen.accounts.demo import DemoUser
from goedwonen.accounts.models import Organisatie, User
from goedwonen.casussen.models import Casus, Onderdeel, Taak
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casustafels.models import Agendapunt, Casustafel, Vergaderstatus
from goedwonen.casustafels.services.agenda import agendapunt_inbrengen
from goedwonen.registry.models import Gebied

from ..casustafels.support import address
from ..documenten.pdftext import pdf_text

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
VRAAG = "Is de bewoning van dit pand bij de politie bekend?"
STRATEGIE = "Gezamenlijke controle met de wijkagent binnen twee weken."
# The chair's other case: not shared with the police.
ANDER_TITEL = "Hennep in de kelder"
ANDER_VRAAG = "Moeten we de netbeheerder vragen om een verbruiksonderzoek?"


@pytest.fixture
def bloemhof(demo_users: list[DemoUser]) -> dict[str, Any]:
    """Two cases the demo's director made in Bloemhof: one shared with the police (its
    addresses), one not."""
    people = {u.username: u for u in User.objects.all()}
    regisseur = people["regisseur.so"]
    gedeeld = casus_create(
        actor=regisseur,
        titel="Slaghekstraat: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        adressen=[address(1, "Slaghekstraat", "3074LA", Gebied.objects.get(code="BU05991081"))],
    )
    casus_share(
        actor=regisseur,
        casus=gedeeld,
        organisatie=Organisatie.objects.get(code="politie"),
        rol="wijkagent",
        doel="Casustafel Bloemhof",
        grondslag="Wet politiegegevens art. 20",
        onderdelen=[Onderdeel.OBJECTEN],
        tot=timezone.localdate() + timedelta(days=90),
    )
    ander = casus_create(
        actor=regisseur,
        titel=ANDER_TITEL,
        categorieen=["crimineel_gebruik"],
        casusregisseur=regisseur,
        adressen=[address(2, "Hillevliet", "3074KB", Gebied.objects.get(code="BU05991081"))],
    )
    return {"gedeeld": gedeeld, "ander": ander, "people": people}


def _check(page: Page, assert_accessible: Callable[[Page], None], shot: Path) -> None:
    """No sideways scrolling and no axe violation at phone and laptop width; a screenshot of
    each to look at."""
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size(viewport)
        page.reload()
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{page.url}: {width} px on {viewport['width']} px"
        assert_accessible(page)
        page.screenshot(path=f"{shot}-{viewport['width']}.png", full_page=True)


def test_a_case_table_from_planning_to_the_minutes(
    bloemhof: dict[str, Any],
    new_page: Callable[[], Page],
    live_server: Any,
    login: Callable[..., None],
    assert_accessible: Callable[[Page], None],
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("GOEDWONEN_E2E_SHOTS", tmp_path))
    gedeeld: Casus = bloemhof["gedeeld"]
    ander: Casus = bloemhof["ander"]
    tafel = Casustafel.objects.get(naam="Casustafel Bloemhof")
    assert not tafel.vergaderingen.exists()

    # The secretary plans the table's meetings for the next two months.
    secretaris = new_page()
    login(secretaris, "admin.so")
    secretaris.goto(live_server.url + reverse("casustafels"))
    secretaris.get_by_role("link", name="Casustafel Bloemhof").click()
    secretaris.get_by_role("link", name="Vergaderingen plannen").click()
    secretaris.get_by_label("Plannen vanaf").fill(timezone.localdate().isoformat())
    tot = timezone.localdate() + timedelta(days=60)
    secretaris.get_by_label("Plannen tot en met").fill(tot.isoformat())
    secretaris.get_by_role("button", name="Vergaderingen plannen").click()
    expect(secretaris.get_by_role("heading", name="Casustafel Bloemhof", level=1)).to_be_visible()
    geplande = list(tafel.vergaderingen.filter(status=Vergaderstatus.GEPLAND))
    assert len(geplande) >= 4
    assert all(v.begint_op.weekday() < 5 for v in geplande)
    _check(secretaris, assert_accessible, shots / "tafel")
    # The first meeting whose cut-off is still ahead takes the items.
    vergadering = next(
        v
        for v in geplande
        if v.begint_op - timedelta(days=tafel.indientermijn_dagen) > timezone.now()
    )
    agenda = live_server.url + reverse("vergadering-agenda", kwargs={"pk": vergadering.pk})

    # The police contact brings in the shared case with a question.
    politie = new_page()
    login(politie, "partner.politie")
    politie.goto(agenda)
    politie.get_by_role("link", name="Casus of signaal inbrengen").click()
    politie.get_by_role("combobox", name="Casus").select_option(value=str(gedeeld.pk))
    politie.get_by_label("Gezamenlijke strategie bepalen").check()
    politie.get_by_label("Uw vraag").fill(VRAAG)
    politie.get_by_role("button", name="Inbrengen").click()
    expect(politie.get_by_text("is ingebracht")).to_be_visible()
    _check(politie, assert_accessible, shots / "agenda-politie")

    # The chair's own case, accepted on the same agenda, stays closed to the police.
    regisseur = bloemhof["people"]["regisseur.so"]
    anders = agendapunt_inbrengen(
        actor=regisseur,
        vergadering=vergadering,
        vraagsoort="informatie",
        vraag=ANDER_VRAAG,
        casus=ander,
    )

    # The chair accepts both items.
    voorzitter = new_page()
    login(voorzitter, "regisseur.so")
    voorzitter.goto(agenda)
    for casus, vraag in ((gedeeld, VRAAG), (ander, ANDER_VRAAG)):
        punt = voorzitter.locator("article", has_text=vraag)
        punt.get_by_label("Accepteren").check()
        punt.get_by_role("button", name="Besluit vastleggen").click()
        expect(voorzitter.get_by_text(f"{casus.referentie}: geaccepteerd.")).to_be_visible()
    _check(voorzitter, assert_accessible, shots / "agenda-voorzitter")

    # The day of the meeting: it began a moment ago.
    vergadering.begint_op = timezone.now() - timedelta(minutes=30)
    vergadering.save(update_fields=["begint_op"])
    voorzitter.goto(live_server.url + reverse("vergadering", kwargs={"pk": vergadering.pk}))
    aanwezig = {"so": "Cem Regisseur, Anouk Administratie", "politie": "Wendy Wijkagent"}
    for lid in tafel.leden.select_related("organisatie"):
        blok = voorzitter.get_by_test_id(f"aanwezigheid-{lid.organisatie.code}")
        if lid.organisatie.code in aanwezig:
            blok.get_by_label("Aanwezig", exact=True).check()
            blok.get_by_role("textbox").fill(aanwezig[lid.organisatie.code])
        else:
            blok.get_by_label("Afwezig", exact=True).check()
    voorzitter.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(voorzitter.get_by_text("De aanwezigheid is vastgelegd.")).to_be_visible()

    punt_id = f"punt-{Agendapunt.objects.get(vergadering=vergadering, casus=gedeeld).pk}"
    punt = voorzitter.get_by_test_id(punt_id)
    punt.get_by_label("Afgesproken strategie").fill(STRATEGIE)
    punt.get_by_role("button", name="Verslag opslaan").click()
    expect(voorzitter.get_by_text("is vastgelegd.").first).to_be_visible()

    # The police get the case's tasks too: a sharing decision, then the two decisions.
    punt = voorzitter.get_by_test_id(punt_id)
    punt.locator("summary", has_text="Delen besluiten").click()
    delen = punt.locator("form[action*='/delen']")
    delen.get_by_label("Organisatie", exact=True).select_option(label="Politie Rotterdam")
    delen.get_by_label("Rol in deze casus").fill("wijkagent")
    delen.get_by_label("Doel van het delen").fill("Afspraken van de casustafel uitvoeren")
    delen.get_by_label("Grondslag").fill("Wet politiegegevens art. 20")
    delen.get_by_label("Adressen en objecten").check()
    delen.get_by_label("Taken voor de eigen organisatie").check()
    delen.get_by_role("button", name="Casus delen").click()
    expect(voorzitter.get_by_text("De casus is gedeeld met Politie Rotterdam.")).to_be_visible()

    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    for omschrijving, organisatie in (
        ("Bewoning nagaan in de politieregistratie", "Politie Rotterdam"),
        ("Huurprijscheck uitvoeren", "Stadsontwikkeling"),
    ):
        punt = voorzitter.get_by_test_id(punt_id)
        punt.locator("summary", has_text="Afspraak vastleggen").click()
        afspraak = punt.locator("form[action*='/afspraken']")
        afspraak.get_by_label("Afspraak", exact=True).fill(omschrijving)
        afspraak.get_by_label("Organisatie", exact=True).select_option(label=organisatie)
        afspraak.get_by_label("Deadline").fill(deadline)
        afspraak.get_by_role("button", name="Afspraak vastleggen").click()
        expect(voorzitter.get_by_text(f"Afspraak voor {organisatie}")).to_be_visible()
    taken = {t.titel: t.organisatie.code for t in Taak.objects.filter(casus=gedeeld)}
    assert taken == {
        "Bewoning nagaan in de politieregistratie": "politie",
        "Huurprijscheck uitvoeren": "so",
    }
    _check(voorzitter, assert_accessible, shots / "vergadering")

    voorzitter.get_by_role("button", name="Vergadering afsluiten").click()
    expect(voorzitter.get_by_text("De vergadering is afgesloten.")).to_be_visible()

    # The minutes, fixed and sent through the product.
    notulen = live_server.url + reverse("vergadering-notulen", kwargs={"pk": vergadering.pk})
    voorzitter.goto(notulen)
    voorzitter.get_by_role("button", name="Notulen vaststellen en verzenden").click()
    expect(voorzitter.get_by_text("Notulen vastgesteld en verzonden")).to_be_visible()

    # The police read the meeting, without the means to change it ...
    politie.goto(live_server.url + reverse("vergadering", kwargs={"pk": vergadering.pk}))
    expect(politie.get_by_text(STRATEGIE)).to_be_visible()
    assert politie.get_by_role("button", name="Verslag opslaan").count() == 0
    assert ANDER_TITEL not in politie.content()
    _check(politie, assert_accessible, shots / "vergadering-politie")
    # ... and their version of the minutes: their case in full, the other by reference and
    # question.
    politie.goto(notulen)
    expect(politie.get_by_text(STRATEGIE)).to_be_visible()
    _check(politie, assert_accessible, shots / "notulen-politie")
    pdf = politie.request.get(
        live_server.url + reverse("vergadering-notulen-pdf", kwargs={"pk": vergadering.pk})
    )
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.body()).split())
    for shown in (
        gedeeld.titel,
        "Slaghekstraat",
        STRATEGIE,
        VRAAG,
        ander.referentie,
        ANDER_VRAAG,
        "Bewoning nagaan in de politieregistratie",
    ):
        assert shown in text, shown
    for hidden in (ANDER_TITEL, "Hillevliet", "3074KB"):
        assert hidden not in text, hidden
    assert anders.pk
