"""Recording outcomes in a case: through the service and the case page, who may, what is
checked per field, corrections, what is logged, and that they go with the case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenis, Gebeurtenissoort
from goedwonen.casussen.services.cases import casus_close
from goedwonen.casussen.services.retention import casussen_destroy_due
from goedwonen.core.models import AppendOnlyError, Verwerkingslog
from goedwonen.inspecties.services import Huurinvoer, bezoek_record
from goedwonen.rapportage.models import Uitkomst, Uitkomstsoort
from goedwonen.rapportage.uitkomsten_services import uitkomst_record
from tests.checks.test_huurprijs import KLEINE_BOVENWONING
from tests.inspecties.support import DATUM
from tests.log_lines import log_mark, logged_since, subject

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (Uitkomst.objects.count(), Gebeurtenis.objects.count(), Verwerkingslog.objects.count())


def record(actor, casus, **kwargs) -> Uitkomst:
    defaults = {
        "casusobject": casus.objecten.get(),
        "soort": Uitkomstsoort.HUUR_VERLAAGD,
        "datum": DATUM,
        "huur_van": Decimal("1000.00"),
        "huur_naar": Decimal("850.00"),
        "bewijs": "Uitspraak Huurcommissie",
    }
    return uitkomst_record(actor=actor, casus=casus, **(defaults | kwargs))


def _visit_with_rent(inspecteur, casus, kale_huur: str):
    return bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="woningbezoek",
        datum=DATUM,
        toegang="verleend",
        volwassenen=2,
        kinderen=0,
        huur=Huurinvoer(KLEINE_BOVENWONING, Decimal(kale_huur), date(2025, 3, 1)),
    )


def test_the_director_records_a_rent_reduction_from_the_visits_rent_check(
    casus, regisseur, inspecteur
):
    bezoek = _visit_with_rent(inspecteur, casus, "725.00")
    mark = log_mark()

    uitkomst = record(
        regisseur, casus, huur_van=None, huur_naar=Decimal("600.50"), bezoek=bezoek, bewijs=""
    )

    uitkomst = Uitkomst.objects.get(pk=uitkomst.pk)
    assert (uitkomst.huur_van, uitkomst.huur_naar) == (Decimal("725.00"), Decimal("600.50"))
    assert uitkomst.huurverlaging == Decimal("124.50")
    assert (uitkomst.vastgelegd_door, uitkomst.organisatie) == (regisseur, regisseur.organisatie)
    event = casus.tijdlijn.filter(soort=Gebeurtenissoort.UITKOMST).get()
    assert event.tekst.startswith(
        "Uitkomst: Huur verlaagd van € 725,00 naar € 600,50 per maand, per 1 juli 2026, "
    )
    # One line, about the dwelling's owner (E1 of the hand-made city), under case work.
    assert logged_since(mark) == [
        (
            "Uitkomst vastgelegd",
            "casusregie",
            f"casus:{casus.referentie}/uitkomst:{uitkomst.pk}",
            subject("eigenaar", "E1"),
        )
    ]
    with pytest.raises(AppendOnlyError):
        uitkomst.save()


def test_bad_input_is_named_per_field_and_nothing_is_stored(casus, regisseur):
    before = _counts()
    cases = [
        (
            {"huur_naar": Decimal("1200.00"), "datum": timezone.localdate() + timedelta(days=1)},
            {
                "datum": ["De datum ligt in de toekomst: leg een uitkomst vast als ze er is."],
                "huur_naar": ["De nieuwe huur moet lager zijn dan de huur ervoor."],
            },
        ),
        (
            {"huur_van": None, "huur_naar": Decimal("850.005"), "bewijs": ""},
            {
                "huur_van": ["Geef de huur per maand vóór de verlaging op."],
                "huur_naar": [
                    "Geef een bedrag in euro's met hooguit twee cijfers achter de komma, bv. "
                    "950,00."
                ],
                "bewijs": [
                    "Noem het bewijs: kies een bezoek of document, of beschrijf het (bv. de "
                    "uitspraak van de Huurcommissie of een uittreksel uit de BRP)."
                ],
            },
        ),
        (
            {"soort": Uitkomstsoort.BEWONING_VERMINDERD, "personen_voor": 4, "personen_na": 6},
            {
                "huur_van": ["Vul een huur alleen in bij een huurverlaging."],
                "huur_naar": ["Vul een huur alleen in bij een huurverlaging."],
                "personen_na": ["Na het terugbrengen wonen er minder personen dan ervoor."],
            },
        ),
        (
            {"soort": Uitkomstsoort.ANDERS, "huur_van": None, "huur_naar": None, "personen_na": 2},
            {
                "omschrijving": ["Beschrijf wat er veranderd is."],
                "personen_na": [
                    "Vul aantallen personen alleen in bij een gecorrigeerde inschrijving of "
                    "teruggebrachte bewoning."
                ],
            },
        ),
        (
            {
                "soort": Uitkomstsoort.INSCHRIJVING_GECORRIGEERD,
                "huur_van": None,
                "huur_naar": None,
                "personen_voor": 3,
                "personen_na": 501,
            },
            {"personen_na": ["Geef een aantal van 0 tot en met 500."]},
        ),
        ({"soort": "huur_omlaag"}, {"soort": ["Kies wat er veranderd is."]}),
    ]
    for changes, expected in cases:
        with pytest.raises(ValidationError) as raised:
            record(regisseur, casus, **changes)
        assert raised.value.message_dict == expected, changes
    assert _counts() == before


def test_a_partner_records_only_with_the_part_visits_and_findings(
    casus, regisseur, politie, share, make_user, partner_organisatie
):
    from goedwonen.core.policy import Capability

    share(casus, "taken")
    before = _counts()
    with pytest.raises(PermissionDenied):
        record(politie, casus)
    # Seeing the case is not working it: CASES_VIEW alone records nothing, even directing.
    viewer = make_user([Capability.CASES_VIEW])
    with pytest.raises(PermissionDenied):
        record(viewer, casus)
    assert _counts() == before

    share(casus, "bevindingen")
    uitkomst = record(politie, casus)
    assert uitkomst.organisatie == partner_organisatie


def test_a_correction_is_a_new_record_and_the_old_one_stays(casus, regisseur):
    first = record(regisseur, casus)
    mark = log_mark()

    second = record(
        regisseur,
        casus,
        huur_naar=Decimal("800.00"),
        corrigeert=first,
        correctiereden="Huur volgens de uitspraak was € 800.",
    )

    first.refresh_from_db()
    assert first.correctie == second
    assert Uitkomst.objects.count() == 2
    assert [line[0] for line in logged_since(mark)] == ["Uitkomst gecorrigeerd"]
    with pytest.raises(ValidationError) as raised:
        record(regisseur, casus, corrigeert=first, correctiereden="Nog eens.")
    assert raised.value.message_dict == {
        "corrigeert": ["Deze uitkomst is al gecorrigeerd; corrigeer de laatste versie."]
    }
    with pytest.raises(ValidationError) as raised:
        record(regisseur, casus, corrigeert=second)
    assert raised.value.message_dict == {
        "correctiereden": ["Geef aan wat deze correctie verbetert."]
    }


def test_outcomes_go_with_the_case_when_it_is_destroyed(casus, regisseur, inspecteur):
    from django.core.files.base import ContentFile

    from goedwonen.documenten.models import Document

    bezoek = _visit_with_rent(inspecteur, casus, "725.00")
    brief = Document(
        casus=casus,
        soort="upload",
        oorspronkelijke_naam="uitspraak.pdf",
        content_type="application/pdf",
        grootte=8,
        sha256="0" * 64,
        toegevoegd_door=regisseur,
    )
    brief.bestand.save("uitspraak.pdf", ContentFile(b"%PDF-1.4"), save=False)
    brief.save()
    first = record(regisseur, casus, bezoek=bezoek, document=brief)
    record(regisseur, casus, corrigeert=first, correctiereden="Datum verbeterd.", document=brief)
    closed = casus_close(actor=regisseur, casus=casus, resultaat="toezicht", reden="Huur verlaagd.")
    with pytest.raises(ValidationError) as raised:
        record(regisseur, closed)
    assert raised.value.message_dict == {
        "casus": ["De casus is gesloten: heropen haar om een uitkomst vast te leggen."]
    }

    assert casussen_destroy_due(today=closed.bewaren_tot + timedelta(days=1)) == [closed.referentie]
    assert not Uitkomst.objects.exists()


# Through the case page.


def _form(casus, **changes: str) -> dict[str, str]:
    data = {
        "soort": "huur_verlaagd",
        "casusobject": str(casus.objecten.get().pk),
        "datum": DATUM.isoformat(),
        "huur_van": "1.000,00",
        "huur_naar": "850,50",
        "personen_voor": "",
        "personen_na": "",
        "omschrijving": "",
        "bezoek": "",
        "document": "",
        "bewijs": "Uitspraak Huurcommissie",
    }
    return {f"uitkomst-{k}": v for k, v in (data | changes).items()}


def test_the_case_page_shows_the_block_and_records_through_the_form(client, casus, regisseur):
    client.force_login(regisseur)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert 'id="uitkomsten-kop">Uitkomsten</h2>' in page
    assert "Nog geen uitkomsten vastgelegd." in page
    assert "<summary>Uitkomst vastleggen</summary>" in page

    response = client.post(reverse("uitkomst-vastleggen", args=[casus.referentie]), _form(casus))

    assert response.status_code == 302
    assert response["Location"] == reverse("casus", args=[casus.referentie]) + "#uitkomsten"
    uitkomst = Uitkomst.objects.get()
    assert (uitkomst.huur_van, uitkomst.huur_naar) == (Decimal("1000.00"), Decimal("850.50"))
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert "van € 1.000,00 naar € 850,50 per maand (€ 149,50 lager)" in page


def test_bad_input_on_the_page_says_where_and_keeps_what_was_typed(client, casus, regisseur):
    client.force_login(regisseur)
    mark = log_mark()

    response = client.post(
        reverse("uitkomst-vastleggen", args=[casus.referentie]),
        _form(
            casus, huur_naar="acht honderd", datum="31-02-2026", bewijs="Brief verhuurder 3 maart"
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Geef een bedrag in euro&#x27;s, bv. 950,00." in page
    assert "Geef een geldige datum, bv. 1-3-2026." in page
    assert 'value="acht honderd"' in page
    assert 'value="1.000,00"' in page or 'value="1000,00"' in page
    assert "Brief verhuurder 3 maart</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert not Uitkomst.objects.exists()
    # The page with the form again shows the case's addresses: read, logged; nothing recorded.
    assert logged_since(mark) == [
        (
            "Casus ingezien om een uitkomst vast te leggen",
            "casusregie",
            f"casus:{casus.referentie}",
            "",
        )
    ]

    # The service's own rule comes back beside its field too.
    response = client.post(
        reverse("uitkomst-vastleggen", args=[casus.referentie]), _form(casus, huur_naar="1.200,00")
    )
    assert response.status_code == 200
    assert "De nieuwe huur moet lager zijn dan de huur ervoor." in response.content.decode()


def test_a_partner_without_the_part_gets_no_block_and_no_form(client, casus, politie, share):
    share(casus, "taken")
    client.force_login(politie)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert "uitkomsten-kop" not in page
    mark = log_mark()

    response = client.post(reverse("uitkomst-vastleggen", args=[casus.referentie]), _form(casus))

    assert response.status_code == 404
    assert not Uitkomst.objects.exists()
    assert logged_since(mark) == []


def test_a_correction_through_its_page(client, casus, regisseur):
    first = record(regisseur, casus)
    client.force_login(regisseur)
    url = reverse("uitkomst-corrigeren", args=[casus.referentie, first.pk])
    mark = log_mark()

    page = client.get(url).content.decode()
    assert "Uitkomst corrigeren in casus" in page
    assert 'value="1.000,00"' in page or 'value="1000,00"' in page
    assert [line[0] for line in logged_since(mark)] == ["Uitkomst ingezien"]

    response = client.post(url, _form(casus, huur_naar="800,00"))
    assert response.status_code == 200
    assert "Geef aan wat deze correctie verbetert." in response.content.decode()

    response = client.post(
        url, _form(casus, huur_naar="800,00", correctiereden="Uitspraak gelezen.")
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.correctie.huur_naar == Decimal("800.00")
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert "telt niet meer mee" in page
