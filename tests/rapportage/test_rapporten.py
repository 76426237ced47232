"""The report pages (issue 17, points 4 and 5): choose and open a report, download its PDF
(each logged), write the narrative as versions; bad kind, year or area get a Dutch message;
what is recorded in the product shows in the report."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.rapportage.models import Toelichting
from goedwonen.rapportage.onderdrukking import TOTAAL
from goedwonen.rapportage.toelichting import toelichting_opslaan
from tests.documenten.pdftext import pdf_text

pytestmark = pytest.mark.django_db
JAAR = timezone.localdate().year


@pytest.fixture
def lezer(make_user):
    return make_user([Capability.STEERING_VIEW])


@pytest.fixture
def analist(make_user):
    return make_user([Capability.STEERING_VIEW, Capability.ACCOUNT_REPORTS])


def _lines(ref: str) -> list[Verwerkingslog]:
    return list(Verwerkingslog.objects.filter(object_ref=ref))


def test_the_form_leads_to_the_page_and_the_pdf(client, lezer):
    client.force_login(lezer)
    url = reverse("sturing-rapporten")
    page = client.get(url)
    assert page.status_code == 200
    assert "Signaleringsrapportage" in page.content.decode()

    to_page = client.get(url, {"soort": "raad", "jaar": JAAR, "gebied": "", "formaat": "html"})
    to_pdf = client.get(url, {"soort": "signalering", "jaar": JAAR, "formaat": "pdf"})

    assert to_page.status_code == 302
    assert to_page["Location"] == reverse("sturing-rapport", args=["raad", JAAR])
    assert to_pdf["Location"] == reverse("sturing-rapport-pdf", args=["signalering", JAAR])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"soort": "jaarverslag", "jaar": 2025}, "Selecteer een geldige keuze"),
        ({"soort": "signalering", "jaar": "vorig"}, "Voer een geheel getal in"),
        ({"soort": "signalering", "jaar": 3000}, "kan over 1900 tot en met"),
        ({"soort": "evaluatie-volledig", "jaar": 2025}, "kan over 2026 tot en met"),
        ({"soort": "signalering", "jaar": 2025, "gebied": "BU0000"}, "Selecteer een geldige"),
    ],
)
def test_a_bad_choice_in_the_form_says_what_is_wrong(client, lezer, query, message):
    client.force_login(lezer)
    response = client.get(reverse("sturing-rapporten"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("soort", "jaar", "gebied", "message"),
    [
        ("jaarverslag", 2025, "", "Onbekende soort rapport 'jaarverslag'"),
        ("signalering", 1800, "", "Jaar 1800: een signaleringsrapportage kan over 1900"),
        ("raad", 2024, "", "Jaar 2024: een raadsinformatie kan over 2025"),
        ("signalering", 2025, "BU0000", "Gebied 'BU0000': geen bekend gebied met die code."),
    ],
)
@pytest.mark.parametrize("route", ["sturing-rapport", "sturing-rapport-pdf", "sturing-toelichting"])
def test_a_bad_report_address_gets_a_dutch_message_and_no_log(
    client, analist, route, soort, jaar, gebied, message
):
    client.force_login(analist)
    url = reverse(route, args=[soort, jaar]) + (f"?gebied={gebied}" if gebied else "")
    response = client.get(url)
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not Verwerkingslog.objects.filter(object_ref__startswith="sturing:rapport:").exists()


def test_opening_and_downloading_are_logged(client, lezer):
    client.force_login(lezer)
    ref = f"sturing:rapport:signalering:{JAAR}"

    page = client.get(reverse("sturing-rapport", args=["signalering", JAAR]))
    assert page.status_code == 200
    assert f"Signaleringsrapportage {JAAR}" in page.content.decode()
    assert len(_lines(ref)) == 1

    pdf = client.get(reverse("sturing-rapport-pdf", args=["signalering", JAAR]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f'filename="signalering-{JAAR}.pdf"' in pdf["Content-Disposition"]
    assert f"Signaleringsrapportage {JAAR}" in pdf_text(pdf.content)
    lines = _lines(ref)
    assert len(lines) == 2
    assert {line.verwerkingsactiviteit.code for line in lines} == {"sturing-en-verantwoording"}
    assert sorted(line.name for line in lines) == [
        f"Signaleringsrapportage {JAAR} (hele aanpak) als PDF gedownload",
        f"Signaleringsrapportage {JAAR} (hele aanpak) geopend",
    ]


def test_the_narrative_is_kept_as_versions_and_shown_as_text(client, analist, lezer):
    client.force_login(analist)
    url = reverse("sturing-toelichting", args=["signalering", JAAR])
    first = client.post(url, {"samenvatting": "Eerste lijn.\n\nTweede alinea."})
    assert first.status_code == 302
    second = client.post(
        url,
        {"samenvatting": "Nieuwe samenvatting <script>alert(1)</script>", "trends": "Stijging."},
    )
    assert second.status_code == 302

    versions = list(Toelichting.objects.order_by("versie"))
    assert [v.versie for v in versions] == [1, 2]
    assert versions[0].secties == {"samenvatting": "Eerste lijn.\n\nTweede alinea."}
    assert versions[1].vastgelegd_door == analist
    history = client.get(url).content.decode()
    assert "Versie 2:" in history and "Versie 1:" in history

    client.force_login(lezer)
    html = client.get(reverse("sturing-rapport", args=["signalering", JAAR])).content.decode()
    assert "Nieuwe samenvatting &lt;script&gt;" in html and "<script>" not in html
    assert "<p>Stijging.</p>" in html
    assert "Eerste lijn." not in html


def test_only_report_writers_write_the_narrative(client, lezer):
    client.force_login(lezer)
    url = reverse("sturing-toelichting", args=["signalering", JAAR])
    assert client.post(url, {"samenvatting": "Niet van mij"}).status_code == 403
    with pytest.raises(PermissionDenied):
        toelichting_opslaan(
            actor=lezer, soort="signalering", jaar=JAAR, gebiedcode="", secties={"trends": "x"}
        )
    assert not Toelichting.objects.exists()


def test_a_narrative_section_too_long_is_refused_by_field(client, analist):
    client.force_login(analist)
    url = reverse("sturing-toelichting", args=["raad", JAAR])
    response = client.post(url, {"samenvatting": "a" * 10_001, "vooruitblik": "Goed."})
    assert response.status_code == 400
    assert "Hoogstens 10.000 tekens; nu 10.001." in response.content.decode()
    assert not Toelichting.objects.exists()


def test_figures_recorded_in_the_product_appear_in_the_report(casus, regisseur, jurist):
    """Eleven reports imported on the case's dwelling (so the buurt's total is shown, not
    "< 10"), then one through the intake service: one more in the buurt's report. The same
    for eleven imported decisions and one decided in a procedure."""
    from goedwonen.handhaving.models import Instrument
    from goedwonen.intake.models import Melding
    from goedwonen.intake.services.registration import melding_register
    from goedwonen.rapportage.signaal import signaalrapport
    from goedwonen.registry.models import Handhaving
    from tests.handhaving.test_traject_boete import _decide, _to_decision
    from tests.scenario import CARNISSE_10

    vbo = casus.objecten.select_related("verblijfsobject__buurt").first().verblijfsobject
    code = Instrument.objects.get(code="bestuurlijke-boete-wgv").registratiecode
    today = timezone.localdate()
    for n in range(11):
        Melding.objects.create(
            bron="hand",
            bron_id=f"RAP-M{n}",
            ontvangen_op=timezone.now(),
            categorie="te_hoge_huur",
            verblijfsobject=vbo,
            buurt_id=vbo.buurt_id,
        )
        Handhaving.objects.create(
            bron_id=f"RAP-H{n}", verblijfsobject=vbo, datum=date(today.year, 1, 2), instrument=code
        )

    def cells() -> tuple[int | str, int | str]:
        # The buurt's own report: its totals are shown (other cells may be suppressed).
        report = signaalrapport(jaar=today.year, gebied=vbo.buurt.code)
        meldingen = next(t for t in report.tabellen if t.titel.startswith("Meldingen per buurt en"))
        handhaving = next(t for t in report.tabellen if t.titel.startswith("Handhavingsbesluiten"))
        return (
            meldingen.cellen.cellen[(vbo.buurt.code, TOTAAL)],
            handhaving.cellen.cellen[(vbo.buurt.code, TOTAAL)],
        )

    before = cells()
    assert all(isinstance(n, int) and n >= 11 for n in before), before
    melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="te_hoge_huur",
        omschrijving="Huur ver boven het maximum",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    )
    _decide(jurist, _to_decision(casus, jurist))
    assert cells() == (before[0] + 1, before[1] + 1)


def test_the_command_writes_its_files_with_the_narrative(tmp_path, analist):
    from django.core.management import call_command

    toelichting_opslaan(
        actor=analist,
        soort="signalering",
        jaar=JAAR,
        gebiedcode="",
        secties={"aanbevelingen": "Meer integrale acties in de hotspots."},
    )
    call_command("rapportage", jaar=JAAR, out=str(tmp_path))
    assert (tmp_path / "cijfers.csv").exists()
    html = (tmp_path / f"signaleringsrapport-{JAAR}.html").read_text(encoding="utf-8")
    assert "Meer integrale acties in de hotspots." in html
    assert (tmp_path / f"signaleringsrapport-{JAAR}.pdf").read_bytes().startswith(b"%PDF")
