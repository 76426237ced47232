"""The visit pages through HTTP: the form as a browser posts it, errors next to their fields
with nothing typed lost, the recorded visit with its checks, and who may see it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from django.urls import reverse

from goedwonen.core.models import Verwerkingslog
from goedwonen.inspecties.models import Bezoek, Huurprijsuitkomst
from tests.checks.test_huurprijs import KLEINE_BOVENWONING
from tests.inspecties.support import DATUM, browser_post, walk_steps
from tests.scenario import share_case as share

pytestmark = pytest.mark.django_db


def _rooms(woning=KLEINE_BOVENWONING) -> dict[str, str | list[str]]:
    """The hand-checked small upstairs flat as an inspector types it in, with Dutch commas."""
    typed: dict[str, str | list[str]] = {}
    for i, ruimte in enumerate(woning.ruimten):
        row = f"ruimte-{i}-"
        typed[row + "ruimtetype"] = ruimte.ruimtetype.value
        typed[row + "oppervlakte"] = str(ruimte.oppervlakte).replace(".", ",")
        typed[row + "verwarmd"] = ["on"] if ruimte.verwarmd else []
        if ruimte.aanrechtlengte_cm is not None:
            typed[row + "aanrechtlengte_cm"] = str(ruimte.aanrechtlengte_cm)
        typed[row + "wastafels"] = str(ruimte.sanitair.count("wastafel"))
        typed[row + "sanitair"] = [s.value for s in ruimte.sanitair if s != "wastafel"]
    for i, buiten in enumerate(woning.buitenruimten):
        typed[f"buiten-{i}-buitenruimtetype"] = buiten.buitenruimtetype.value
        typed[f"buiten-{i}-oppervlakte"] = str(buiten.oppervlakte).replace(".", ",")
    # The rooms step first: the rent check, and how many rooms of each kind.
    typed["keuze-huurtoets"] = "ja"
    for ruimte in woning.ruimten:
        key = f"keuze-ruimte_{ruimte.ruimtetype.value}"
        typed[key] = str(int(str(typed.get(key, 0))) + 1)
    for buiten in woning.buitenruimten:
        key = f"keuze-buiten_{buiten.buitenruimtetype.value}"
        typed[key] = str(int(str(typed.get(key, 0))) + 1)
    label = woning.energielabel
    return typed | {
        "huur-woningtype": woning.woningtype.value,
        "huur-pandtype": woning.pandtype.value,
        "huur-bouwjaar": str(woning.bouwjaar),
        "huur-gebruiksoppervlakte": str(woning.gebruiksoppervlakte),
        "huur-woz_waarde": str(woning.woz_waarde),
        "huur-woz_waardepeildatum": woning.woz_waardepeildatum.isoformat(),
        "huur-energielabel": label.labelklasse.value,
        "huur-energielabel_registratiedatum": label.registratiedatum.isoformat(),
        "huur-energielabel_geldig_tot": label.geldig_tot.isoformat(),
    }


VISIT = {
    "datum": DATUM.isoformat(),
    "tijd": "10:30",
    "toegang": "verleend",
    "volwassenen": "6",
    "kinderen": "0",
    "partners": "Politie (wijkagent)",
    "bevinding-overbewoning": "ja",
    "bevinding-overbewoning_toelichting": "Zes volwassenen op 60 m².",
}


def test_the_form_is_prefilled_from_the_registry(client, casus, inspecteur):
    client.force_login(inspecteur)
    page = client.get(reverse("bezoek-nieuw", args=[casus.referentie])).content.decode()

    data = browser_post(page)
    assert data["object"] == [str(casus.objecten.get().pk)]
    assert data["soort"] == ["woningbezoek"]
    assert data["medewerkers"] == [str(inspecteur.pk)]
    rent_step = walk_steps(
        client,
        reverse("bezoek-nieuw", args=[casus.referentie]),
        until="huurprijs",
        **{
            "keuze-huurtoets": "ja",
            "keuze-ruimte_woonkamer": "1",
            "huur-woningtype": "zelfstandig",
        },
    )
    data = browser_post(rent_step.content.decode())
    # BAG area and year, the one WOZ value known, the woonplaatscode of Rotterdam.
    assert data["huur-gebruiksoppervlakte"] == ["60"]
    assert data["huur-bouwjaar"] == ["1931"]
    assert data["huur-woz_waarde"] == ["210000"]
    assert data["huur-woz_waardepeildatum"] == ["2026-01-01"]
    assert data["huur-woonplaatscode"] == ["3086"]
    # Only the rooms the inspector said there are.
    assert data["ruimte-0-ruimtetype"] == ["woonkamer"]
    assert "ruimte-1-ruimtetype" not in data
    # Every id on the page is unique, and every label points at a field that exists.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r'<label[^>]* for="([^"]+)"', page)) <= set(ids)
    # One line per page of the steps, each naming the case.
    lines = Verwerkingslog.objects.filter(name="Casus ingezien om een bezoek vast te leggen")
    assert {line.object_ref for line in lines} == {f"casus:{casus.referentie}"}


def test_an_inspector_records_a_visit_with_a_rent_check_showing_maximum_and_excess(
    client, casus, inspecteur
):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])

    response = walk_steps(
        client,
        url,
        **VISIT,
        **_rooms(),
        **{"huur-kale_huur": "725,00", "huur-datum_huurovereenkomst": "2025-03-01"},
    )

    bezoek = Bezoek.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bezoek", args=[casus.referentie, bezoek.pk])
    rent = Huurprijsuitkomst.objects.get(bezoek=bezoek)
    assert (rent.punten, rent.maximale_huur, rent.overschrijding_percentage) == (
        80,
        Decimal("500.38"),
        Decimal("44.89"),
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Woningbezoek is vastgelegd." in detail
    outcome = re.search(r'<p class="utrecht-paragraph" id="huur-uitkomst">(.*?)</p>', detail, re.S)
    assert outcome is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", outcome[1]).split())
    assert text == (
        "Boven de drempel De kale huur van € 725,00 is € 224,62 (44,89%) hoger dan de "
        "maximale huur van € 500,38 bij 80 punten."
    )
    assert "25% of meer boven de maximale huur" in detail
    assert "156 van de 1.119 vergunningaanvragen" in detail  # the threshold's source
    assert "Signaal overbewoning" in detail and "hooguit 5 personen" in detail
    assert "Verhuurvergunning vereist: van toepassing" in detail
    assert "Zes volwassenen op 60 m²." in detail


def test_errors_stay_next_to_their_fields_and_nothing_typed_is_lost(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    changes = (
        VISIT
        | {"toegang": "", "partners": "Stedin (monteur)"}
        | _rooms()
        | {
            "keuze-ruimte_overloop": "1",  # a room more: the landing, row 6
            "huur-kale_huur": "725,00",
            "ruimte-0-naam": "Voorkamer",
            "ruimte-2-aanrechtlengte_cm": "",  # the kitchen's worktop forgotten
        }
    )
    page = walk_steps(client, url, until="huurprijs", **changes).content.decode()
    # What this step posts (the landing's area not given).
    typed = {k: v for k, v in browser_post(page, **changes).items() if f'name="{k}"' in page}

    response = client.post(url, typed | {"actie": ["volgende"]})

    assert response.status_code == 200
    assert not Bezoek.objects.exists()
    again = response.content.decode()
    assert "Controleer deze stap" in again
    # The form alone catches the missing area next to its row.
    assert 'id="id_ruimte-6-oppervlakte_error1"' in again
    # Everything typed comes back: what the browser would post now is what it posted.
    assert browser_post(again) == typed

    # With the row finished, the service names what the form cannot know, on the summary,
    # each with a link to the step and the field.
    typed = browser_post(again, **{"ruimte-6-oppervlakte": "2,00"})
    summary = client.get(client.post(url, typed | {"actie": ["volgende"]})["Location"])
    response = client.post(url, browser_post(summary.content.decode(), actie="vastleggen"))
    again = response.content.decode()
    assert not Bezoek.objects.exists()
    assert re.search(
        r'href="[^"]*stap=bezoek#id_toegang">Bezoek, Toegang</a>: '
        r"Geef aan of er toegang tot de woning was.<",
        again,
    )
    assert re.search(
        r'href="[^"]*stap=huurprijs#id_ruimte-2-aanrechtlengte_cm">[^<]*</a>: '
        r"Geef de lengte van het aanrecht op",
        again,
    )
    # Each step shows the service's error next to its field, and nothing typed is lost.
    visit = client.get(f"{url}?stap=bezoek").content.decode()
    assert re.search(r'id="id_toegang_error1">Geef aan of er toegang tot de woning was.<', visit)
    rent = client.get(f"{url}?stap=huurprijs").content.decode()
    assert re.search(
        r'id="id_ruimte-2-aanrechtlengte_cm_error1">Geef de lengte van het aanrecht op', rent
    )
    assert (
        'aria-describedby="id_ruimte-2-aanrechtlengte_cm_help id_ruimte-2-aanrechtlengte_cm_error1"'
        in rent
    )
    assert browser_post(rent) == typed


def test_a_correction_starts_from_the_recorded_visit(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    walk_steps(client, url, **VISIT, **_rooms(), **{"huur-kale_huur": "725,00"})
    first = Bezoek.objects.get()
    detail = client.get(reverse("bezoek", args=[casus.referentie, first.pk])).content.decode()
    assert f"{url}?corrigeert={first.pk}" in detail

    correction = f"{url}?corrigeert={first.pk}"
    prefilled = browser_post(client.get(correction).content.decode())
    assert prefilled["corrigeert"] == [str(first.pk)]
    rent = walk_steps(client, correction, until="huurprijs", correctiereden="Een zevende bewoner.")
    prefilled = browser_post(rent.content.decode())
    assert prefilled["ruimte-0-oppervlakte"] == ["16,40"]
    assert prefilled["ruimte-3-sanitair"] == ["douche"]
    assert prefilled["ruimte-3-wastafels"] == ["1"]
    assert prefilled["huur-kale_huur"] == ["725,00"]
    response = walk_steps(
        client,
        f"{correction}&stap=bezoek",
        volwassenen="7",
        correctiereden="Een zevende bewoner op zolder.",
    )

    second = Bezoek.objects.get(corrigeert=first)
    assert response["Location"] == reverse("bezoek", args=[casus.referentie, second.pk])
    assert second.huurprijs.maximale_huur == Decimal("500.38")
    assert second.volwassenen == 7
    old = client.get(reverse("bezoek", args=[casus.referentie, first.pk])).content.decode()
    assert "Dit bezoek is gecorrigeerd" in old
    assert f"?corrigeert={first.pk}" not in old


def test_a_partner_sees_visits_only_with_the_findings_part(
    client, casus, inspecteur, regisseur, politie_inspecteur, partner_organisatie, sb_inspecteur
):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    walk_steps(client, url, **VISIT, **{"keuze-huurtoets": "nee"})
    detail = reverse("bezoek", args=[casus.referentie, Bezoek.objects.get().pk])

    share(casus, regisseur, partner_organisatie, ["taken"])
    client.force_login(politie_inspecteur)
    assert client.get(detail).status_code == 404
    refused = client.get(url)
    assert refused.status_code == 403
    assert "onderdeel bezoeken en bevindingen" in refused.content.decode()
    client.force_login(sb_inspecteur)
    assert client.get(detail).status_code == 404
    assert client.get(url).status_code == 404

    share(casus, regisseur, partner_organisatie, ["bevindingen"])
    client.force_login(politie_inspecteur)
    assert client.get(detail).status_code == 200
    assert client.get(url).status_code == 200
