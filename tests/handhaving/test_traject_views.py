"""The procedure pages over HTTP: start from a case and from a report, the procedure page, its
actions with bad input, the letter download, the case section, the work queue; who sees
what, and the log line of each view."""

from __future__ import annotations

from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.handhaving.models import Traject, Trajectstap
from goedwonen.handhaving.traject_services import stap_record, traject_start_on_case
from goedwonen.intake.services.registration import melding_register
from goedwonen.intake.services.triage import melding_triage
from tests.scenario import CARNISSE_10

pytestmark = pytest.mark.django_db


@pytest.fixture
def traject(casus, jurist, dwangsom) -> Traject:
    return traject_start_on_case(
        actor=jurist,
        casus=casus,
        instrumentversie=dwangsom,
        partij=casus.partijen.get(eigenaar__isnull=False),
        aanleiding="Tien bewoners",
    )


def test_a_jurist_starts_a_procedure_from_the_case(client, casus, jurist, dwangsom):
    client.force_login(jurist)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    start = reverse("traject-nieuw-casus", args=[casus.referentie])
    assert f'href="{start}"' in page
    form = client.get(start).content.decode()
    assert "Last onder dwangsom (Huisvestingsverordening Rotterdam 2023" in form
    partij = casus.partijen.get(eigenaar__isnull=False)
    # Nothing filled in: each field says what is missing, nothing is made.
    response = client.post(start, {"instrument": "", "eigenaar": "", "aanleiding": ""})
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("instrument", "eigenaar", "aanleiding"):
        assert f'id="id_{field}_error1">Dit veld is vereist.' in html
    assert not Traject.objects.exists()
    response = client.post(
        start,
        {"instrument": dwangsom.pk, "eigenaar": partij.pk, "aanleiding": "Tien bewoners"},
    )
    traject = Traject.objects.get()
    assert response["Location"] == reverse("traject", args=[traject.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Voornemen last onder dwangsom" in page and "termijn 14 dagen" in page


def test_steps_through_the_page_and_the_letter_download(client, traject, jurist):
    client.force_login(jurist)
    url = reverse("traject-stap", args=[traject.pk])
    # A date in the future is refused in Dutch, on the field.
    tomorrow = timezone.localdate().toordinal() + 1
    response = client.post(url, {"datum": str(timezone.localdate().fromordinal(tomorrow))})
    assert "De datum ligt in de toekomst" in response.content.decode()
    assert not Trajectstap.objects.exists()
    response = client.post(url, {"datum": timezone.localdate().isoformat()})
    assert response.status_code == 302
    stap = Trajectstap.objects.get()
    lines = Verwerkingslog.objects.count()
    download = client.get(reverse("traject-brief", args=[traject.pk, stap.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert Verwerkingslog.objects.count() == lines + 1
    page = client.get(reverse("traject", args=[traject.pk])).content.decode()
    assert "concept, te controleren" in page
    client.post(reverse("traject-brief-verzenden", args=[traject.pk, stap.pk]))
    page = client.get(reverse("traject", args=[traject.pk])).content.decode()
    assert "concept, te controleren" not in page and "verzonden" in page


def test_objection_form_errors(client, traject, jurist):
    client.force_login(jurist)
    today = timezone.localdate()
    for uitkomst in ("", "Geen zienswijze"):
        stap_record(actor=jurist, traject=traject, datum=today, uitkomst=uitkomst)
    besluit = stap_record(actor=jurist, traject=traject, datum=today, bedrag=Decimal(500))
    url = reverse("traject-rechtsmiddel", args=[traject.pk])
    response = client.post(
        url, {"soort": "bezwaar", "stap": besluit.pk, "ingediend_op": "2020-13-01"}
    )
    assert "Voer een geldige datum in." in response.content.decode()
    response = client.post(url, {"soort": "bezwaar", "stap": besluit.pk, "ingediend_op": today})
    assert response.status_code == 302
    rechtsmiddel = traject.rechtsmiddelen.get()
    werk = client.get(reverse("handhaving-werkvoorraad")).content.decode()
    assert "Bezwaar (" in werk and traject.kenmerk in werk
    response = client.post(
        reverse("traject-rechtsmiddel-beslissing", args=[traject.pk, rechtsmiddel.pk]),
        {"datum": today.isoformat(), "uitspraak": "ongegrond"},
    )
    assert response.status_code == 302
    assert (
        "Geen open bezwaren of beroepen."
        in client.get(reverse("handhaving-werkvoorraad")).content.decode()
    )


def test_closing_needs_a_reason(client, traject, jurist):
    client.force_login(jurist)
    url = reverse("traject-afsluiten", args=[traject.pk])
    response = client.post(url, {"status": "ingetrokken", "reden": ""})
    assert 'id="id_reden_error1">Dit veld is vereist.' in response.content.decode()
    client.post(url, {"status": "ingetrokken", "reden": "Verkeerde geadresseerde"})
    traject.refresh_from_db()
    assert (traject.status, traject.afsluitreden) == ("ingetrokken", "Verkeerde geadresseerde")


def test_partners_see_the_procedure_only_when_enforcement_is_shared(
    client, casus, traject, politie, share
):
    client.force_login(politie)
    share(casus, "taken")
    assert client.get(reverse("traject", args=[traject.pk])).status_code == 404
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert 'id="handhaving-kop"' not in page
    share(casus, "handhaving")
    lines = Verwerkingslog.objects.filter(name="Handhavingstraject ingezien").count()
    page = client.get(reverse("traject", args=[traject.pk])).content.decode()
    assert traject.kenmerk in page
    # A partner reads; it has no forms to act with.
    assert "vastleggen</button>" not in page
    assert Verwerkingslog.objects.filter(name="Handhavingstraject ingezien").count() == lines + 1
    case_page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert 'id="handhaving-kop"' in case_page and "Handhavingstraject starten" not in case_page


def test_a_report_handled_alone_offers_a_procedure(client, city, regisseur, jurist, dwangsom):
    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Matrassen",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    ).melding
    client.force_login(jurist)
    start = reverse("traject-nieuw-melding", args=[melding.pk])
    assert client.get(start).status_code == 404  # not forwarded to the jurist's organisation
    melding_triage(
        actor=regisseur,
        melding=melding,
        uitkomst="mono",
        reden="Alleen woningtoezicht",
        organisatie=jurist.organisatie,
    )
    page = client.get(reverse("melding", args=[melding.pk])).content.decode()
    assert f'href="{start}"' in page
    eigenaar = melding.verblijfsobject.eigendommen.get().eigenaar
    response = client.post(
        start, {"instrument": dwangsom.pk, "eigenaar": eigenaar.pk, "aanleiding": "Overbewoning"}
    )
    traject = Traject.objects.get()
    assert response["Location"] == reverse("traject", args=[traject.pk])
    assert (traject.melding, traject.casus) == (melding, None)


def test_the_owner_page_lists_the_procedures_against_the_owner(client, traject, make_user):
    from goedwonen.core.policy import Capability

    owner = traject.eigenaar
    page_url = reverse("eigenaar", args=[owner.eigenaar_id])
    jurist = make_user(
        [Capability.REGISTRY_VIEW, Capability.ENFORCEMENT_WORK, Capability.CASES_VIEW],
        username="jurist-bezit",
    )
    client.force_login(jurist)
    page = client.get(page_url).content.decode()
    assert "Handhavingstrajecten (1)" in page
    assert f'href="{reverse("traject", args=[traject.pk])}"' in page
    line = Verwerkingslog.objects.filter(
        name="Handhavingstrajecten ingezien", object_ref=f"traject:{traject.pk}"
    ).get()
    assert line.data_subject_type == "eigenaar"
    # Someone who sees the registry but no procedure gets no section.
    client.force_login(make_user([Capability.REGISTRY_VIEW], username="alleen-registratie"))
    assert "Handhavingstrajecten" not in client.get(page_url).content.decode()
