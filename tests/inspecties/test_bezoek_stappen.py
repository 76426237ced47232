"""The visit form in steps through HTTP: each step saved in a draft as it is posted (a reload
or a lost connection keeps it, posting it again changes nothing), only the rooms the
inspector said there are, a summary before recording, recording once however often the
last step is posted, and the visit task done by recording."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.inspecties.models import Bezoek, Bezoekconcept, Huurprijsuitkomst
from tests.inspecties.support import browser_post, step_of, walk_steps
from tests.inspecties.test_views import VISIT, _rooms
from tests.scenario import INSPECTOR

pytestmark = pytest.mark.django_db


def _url(casus) -> str:
    return reverse("bezoek-nieuw", args=[casus.referentie])


def _next(client, url: str, page: str, **changes) -> str:
    """Press 'Volgende' with `changes` typed in; the page it leads to."""
    response = client.post(url, browser_post(page, actie="volgende", **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def test_opening_the_form_stores_nothing_and_the_steps_are_listed(client, casus, inspecteur):
    client.force_login(inspecteur)

    page = client.get(_url(casus)).content.decode()

    assert not Bezoekconcept.objects.exists()
    assert step_of(page) == "bezoek"
    # The rent check's step joins the list when the inspector chooses to do it.
    assert "Stap 1 van 5: Bezoek" in page
    steps = re.findall(r'<li class="utrecht-ordered-list__item"><a[^>]*>(?:<strong>)?(\w+)', page)
    assert steps == ["Bezoek", "Personen", "Bevindingen", "Ruimten", "Overzicht"]
    assert 'aria-current="step"' in page
    # The first step asks for the visit only: no findings, no rooms.
    assert 'name="datum"' in page and 'name="toegang"' in page
    assert 'name="bevinding-overbewoning"' not in page and "ruimte-0" not in page


def test_each_step_is_saved_as_it_goes_and_a_reload_keeps_it(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = _url(casus)
    page = client.get(url).content.decode()

    page = _next(client, url, page, datum=VISIT["datum"], toegang="verleend", partners="Politie")
    assert step_of(page) == "personen"
    _next(client, url, page, volwassenen="6", kinderen="2")

    concept = Bezoekconcept.objects.get()
    assert (concept.eigenaar, concept.stappen) == (inspecteur, ["bezoek", "personen"])
    assert concept.gegevens["bezoek"]["partners"] == "Politie"
    assert concept.gegevens["bezoek"]["volwassenen"] == "6"
    # The browser closed and opened again: it goes on at the first step not done, and each
    # step shows what was typed.
    again = client.get(url).content.decode()
    assert step_of(again) == "bevindingen"
    first = browser_post(client.get(f"{url}?stap=bezoek").content.decode())
    assert (first["toegang"], first["partners"]) == (["verleend"], ["Politie"])
    people = browser_post(client.get(f"{url}?stap=personen").content.decode())
    assert (people["volwassenen"], people["kinderen"]) == (["6"], ["2"])
    assert not Bezoek.objects.exists()


def test_posting_a_step_again_changes_nothing(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = _url(casus)
    page = client.get(url).content.decode()
    posted = browser_post(page, actie="volgende", toegang="verleend", partners="Politie")
    client.post(url, posted)
    concept = Bezoekconcept.objects.get()
    before = (concept.gegevens, concept.stappen)

    client.post(url, posted | {"concept": [str(concept.pk)]})

    concept.refresh_from_db()
    assert Bezoekconcept.objects.count() == 1
    assert (concept.gegevens, concept.stappen) == before


def test_a_step_with_an_error_stays_and_keeps_what_was_typed(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = _url(casus)
    page = client.get(url).content.decode()
    typed = browser_post(page, datum="morgen", partners="Stedin")

    response = client.post(url, typed | {"actie": ["volgende"]})

    again = response.content.decode()
    assert response.status_code == 200 and step_of(again) == "bezoek"
    assert "Controleer deze stap" in again
    assert 'id="id_datum_error1"' in again
    # Saved: from now on the page names its draft.
    concept = Bezoekconcept.objects.get()
    assert browser_post(again) == typed | {"concept": [str(concept.pk)]}
    # Saved all the same: going back later shows it.
    assert Bezoekconcept.objects.get().gegevens["bezoek"]["partners"] == "Stedin"


def test_the_rent_step_asks_only_for_the_rooms_there_are(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = _url(casus)
    choice = {
        "keuze-huurtoets": "ja",
        "huur-woningtype": "zelfstandig",
        "keuze-ruimte_woonkamer": "1",
        "keuze-ruimte_slaapkamer": "2",
        "keuze-ruimte_keuken": "1",
        "keuze-ruimte_hal": "1",
        "keuze-buiten_balkon": "1",
    }
    page = walk_steps(client, url, until="huurprijs", toegang="verleend", **choice).content
    page = page.decode()

    legends = re.findall(r'<legend class="utrecht-form-fieldset__legend">([^<]+)</legend>', page)
    rooms = [x for x in legends if x not in ("De woning", "Het huurcontract", "Monumentstatus")]
    assert rooms == [
        "Woonkamer",
        "Slaapkamer 1",
        "Slaapkamer 2",
        "Keuken",
        "Keukenvoorzieningen",
        "Hal",
        "Balkon",
    ]
    # A worktop and kitchen equipment for the kitchen only; no washbasins in the hall;
    # no sharing with other rooms in a self-contained dwelling.
    assert re.findall(r'name="(ruimte-\d+-aanrechtlengte_cm)"', page) == [
        "ruimte-3-aanrechtlengte_cm"
    ]
    assert 'name="ruimte-4-wastafels"' not in page
    assert "gedeeld_met_kamers" not in page
    # Compared with the one-page form's ten empty rooms with every field: far fewer fields.
    assert len(set(re.findall(r'name="([^"]+)"', page))) < 90

    # The inspector types the first bedroom, goes back and adds a room: what was typed
    # stays with the bedroom.
    typed = {"ruimte-1-oppervlakte": "8,30", "ruimte-1-naam": "Achterkamer"}
    back = client.post(url, browser_post(page, actie="vorige", **typed))
    rooms_step = client.get(back["Location"]).content.decode()
    assert step_of(rooms_step) == "ruimten"
    _next(client, url, rooms_step, **{"keuze-ruimte_woonkamer": "2"})
    rent = browser_post(client.get(f"{url}?stap=huurprijs").content.decode())
    assert rent["ruimte-2-ruimtetype"] == ["slaapkamer"]
    assert rent["ruimte-2-oppervlakte"] == ["8,30"]
    assert rent["ruimte-2-naam"] == ["Achterkamer"]


def test_without_the_rent_check_its_step_is_skipped(client, casus, inspecteur):
    client.force_login(inspecteur)

    summary = walk_steps(
        client, _url(casus), record=False, **VISIT, **{"keuze-huurtoets": "nee"}
    ).content.decode()

    assert "Stap 5 van 5: Overzicht" in summary
    assert "Huurprijstoets wijzigen" not in summary
    assert not Bezoek.objects.exists()


def test_the_summary_shows_what_will_be_recorded_and_what_is_missing(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = _url(casus)
    _next(client, url, client.get(url).content.decode(), toegang="verleend", partners="Politie")

    summary = client.get(f"{url}?stap=overzicht").content.decode()
    response = client.post(url, browser_post(summary, actie="vastleggen"))

    again = response.content.decode()
    assert response.status_code == 200
    assert not Bezoek.objects.exists()
    assert "Nog niet klaar om vast te leggen" in again
    assert re.search(r'stap=personen">Personen</a>: deze stap is nog niet ingevuld', again)
    assert re.search(r"<dt[^>]*>Aanwezig van andere organisaties</dt><dd[^>]*>Politie<", again)
    assert re.search(r"<dt[^>]*>Toegang</dt><dd[^>]*>Toegang verleend<", again)


def test_recording_twice_records_once_and_completes_the_visit_task(
    client, casus, inspecteur, regisseur
):
    taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Woningbezoek Carnisselaan",
        organisatie=inspecteur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
        woningbezoek=True,
    )
    client.force_login(inspecteur)
    url = _url(casus)
    summary = walk_steps(
        client, url, record=False, **VISIT, **_rooms(), **{"huur-kale_huur": "725,00"}
    ).content.decode()
    assert "Bezoek vastleggen" in summary
    posted = browser_post(summary, actie="vastleggen")

    first = client.post(url, posted)
    second = client.post(url, posted)  # a double tap, or a reload of the last step

    bezoek = Bezoek.objects.get()
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("bezoek", args=[casus.referentie, bezoek.pk])
    assert Huurprijsuitkomst.objects.get(bezoek=bezoek).punten == 80
    taak.refresh_from_db()
    assert (taak.status, taak.afgerond_door) == ("afgerond", inspecteur)
    assert Taak.objects.filter(status="afgerond").count() == 1
    # The draft now only points at the visit; what was typed lives in the visit.
    concept = Bezoekconcept.objects.get()
    assert (concept.bezoek, concept.gegevens) == (bezoek, {})
    detail = client.get(second["Location"]).content.decode()
    assert "Dit bezoek was al vastgelegd." in detail
    # A next visit starts a new draft.
    assert step_of(client.get(url).content.decode()) == "bezoek"


def test_a_draft_is_its_authors_own(client, casus, inspecteur, make_user):
    collega = make_user(INSPECTOR, username="collega")
    client.force_login(inspecteur)
    url = _url(casus)
    _next(client, url, client.get(url).content.decode(), toegang="verleend", partners="Politie")
    concept = Bezoekconcept.objects.get()

    client.force_login(collega)
    page = client.get(url).content.decode()
    assert step_of(page) == "bezoek"
    assert "Politie" not in page
    # Posting into someone else's draft number does not reach it.
    client.post(
        url,
        browser_post(page, actie="volgende", partners="Stedin") | {"concept": [str(concept.pk)]},
    )
    concept.refresh_from_db()
    assert concept.gegevens["bezoek"]["partners"] == "Politie"
    assert Bezoekconcept.objects.get(eigenaar=collega).gegevens["bezoek"]["partners"] == "Stedin"


def test_another_address_brings_its_own_registry_facts_to_the_rent_check(client, casus, inspecteur):
    from goedwonen.casussen.models import CasusObject
    from goedwonen.registry.models import Verblijfsobject

    eerste = casus.objecten.get()
    ander = (
        Verblijfsobject.objects.exclude(pk=eerste.verblijfsobject_id)
        .exclude(oppervlakte=eerste.verblijfsobject.oppervlakte)
        .exclude(oppervlakte__isnull=True)
        .first()
    )
    tweede = CasusObject.objects.create(casus=casus, verblijfsobject=ander)
    client.force_login(inspecteur)

    rent = walk_steps(
        client,
        _url(casus),
        until="huurprijs",
        object=str(tweede.pk),
        **{
            "keuze-huurtoets": "ja",
            "keuze-ruimte_woonkamer": "1",
            "huur-woningtype": "zelfstandig",
        },
    )

    data = browser_post(rent.content.decode())
    assert data["huur-gebruiksoppervlakte"] == [str(ander.oppervlakte)]
    assert Bezoekconcept.objects.get().gegevens["huur"]["woningtype"] == "zelfstandig"
