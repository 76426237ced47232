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
from tests.inspecties.support import DATUM, browser_post
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
    # BAG area and year, the one WOZ value known, the woonplaatscode of Rotterdam.
    assert data["huur-gebruiksoppervlakte"] == ["60"]
    assert data["huur-bouwjaar"] == ["1931"]
    assert data["huur-woz_waarde"] == ["210000"]
    assert data["huur-woz_waardepeildatum"] == ["2026-01-01"]
    assert data["huur-woonplaatscode"] == ["3086"]
    assert data["ruimte-TOTAL_FORMS"] == ["10"]
    # Every id on the page is unique, and every label points at a field that exists.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r'<label[^>]* for="([^"]+)"', page)) <= set(ids)
    line = Verwerkingslog.objects.get(name="Casus ingezien om een bezoek vast te leggen")
    assert line.object_ref == f"casus:{casus.referentie}"


def test_an_inspector_records_a_visit_with_a_rent_check_showing_maximum_and_excess(
    client, casus, inspecteur
):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    page = client.get(url).content.decode()

    response = client.post(
        url,
        browser_post(
            page,
            **VISIT,
            **_rooms(),
            **{"huur-kale_huur": "725,00", "huur-datum_huurovereenkomst": "2025-03-01"},
        ),
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
    page = client.get(url).content.decode()
    changes = (
        VISIT
        | {"toegang": "", "partners": "Stedin (monteur)"}
        | _rooms()
        | {
            "huur-kale_huur": "725,00",
            "ruimte-0-naam": "Voorkamer",
            "ruimte-2-aanrechtlengte_cm": "",  # the kitchen's worktop forgotten
            "ruimte-6-ruimtetype": "slaapkamer",  # a row begun, its area not given
        }
    )
    typed = browser_post(page, **changes)

    response = client.post(url, typed)

    assert response.status_code == 200
    assert not Bezoek.objects.exists()
    again = response.content.decode()
    assert "Controleer het formulier" in again
    # The form alone catches the missing area next to its row.
    assert 'id="id_ruimte-6-oppervlakte_error1"' in again
    # Everything typed comes back: what the browser would post now is what it posted.
    assert browser_post(again) == typed

    # With the row finished, the service names what the form cannot know.
    typed = browser_post(again, **{"ruimte-6-ruimtetype": "", "ruimte-6-verwarmd": ["on"]})
    response = client.post(url, typed)
    again = response.content.decode()
    assert not Bezoek.objects.exists()
    assert re.search(r'id="id_toegang_error1">Geef aan of er toegang tot de woning was.<', again)
    assert re.search(
        r'id="id_ruimte-2-aanrechtlengte_cm_error1">Geef de lengte van het aanrecht op', again
    )
    assert (
        'aria-describedby="id_ruimte-2-aanrechtlengte_cm_help id_ruimte-2-aanrechtlengte_cm_error1"'
        in again
    )
    assert browser_post(again) == typed


def test_a_correction_starts_from_the_recorded_visit(client, casus, inspecteur):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    page = client.get(url).content.decode()
    client.post(
        url,
        browser_post(page, **VISIT, **_rooms(), **{"huur-kale_huur": "725,00"}),
    )
    first = Bezoek.objects.get()
    detail = client.get(reverse("bezoek", args=[casus.referentie, first.pk])).content.decode()
    assert f"{url}?corrigeert={first.pk}" in detail

    form = client.get(f"{url}?corrigeert={first.pk}").content.decode()
    prefilled = browser_post(form)
    assert prefilled["corrigeert"] == [str(first.pk)]
    assert prefilled["ruimte-0-oppervlakte"] == ["16,40"]
    assert prefilled["ruimte-3-sanitair"] == ["douche"]
    assert prefilled["ruimte-3-wastafels"] == ["1"]
    assert prefilled["huur-kale_huur"] == ["725,00"]
    response = client.post(
        url,
        browser_post(
            form,
            volwassenen="7",
            correctiereden="Een zevende bewoner op zolder.",
        ),
    )

    second = Bezoek.objects.get(corrigeert=first)
    assert response["Location"] == reverse("bezoek", args=[casus.referentie, second.pk])
    assert second.huurprijs.maximale_huur == Decimal("500.38")
    old = client.get(reverse("bezoek", args=[casus.referentie, first.pk])).content.decode()
    assert "Dit bezoek is gecorrigeerd" in old
    assert f"?corrigeert={first.pk}" not in old


def test_a_partner_sees_visits_only_with_the_findings_part(
    client, casus, inspecteur, regisseur, politie_inspecteur, partner_organisatie, sb_inspecteur
):
    client.force_login(inspecteur)
    url = reverse("bezoek-nieuw", args=[casus.referentie])
    client.post(url, browser_post(client.get(url).content.decode(), **VISIT))
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
