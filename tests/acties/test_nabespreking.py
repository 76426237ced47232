"""The debrief of an integral action over HTTP and through its services: the outcome per
address from its field visit, follow-up (task, enforcement to weigh, hand-over, what
follows), a correction as a new visit, closing, and the report with the hit rate against the
selection's ranking, as page and PDF. Participants see their part; every view is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.acties.models import Actieopvolging, Actiestatus
from goedwonen.acties.services.nabespreking import (
    actie_afronden,
    opvolging_overdracht,
    opvolging_taak,
    uitkomst_corrigeren,
)
from goedwonen.acties.uitkomsten import rank_bands, rapport, uitkomsten
from goedwonen.casussen.models import Deling, Gebeurtenis, Taak
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.inspecties.models import Bezoek, Toegang
from goedwonen.inspecties.services import BevindingInvoer
from tests.documenten.pdftext import pdf_text

from .support_nabespreking import scenario, skip, visit


@pytest.fixture
def s(make_user, organisatie, partner_organisatie):
    """Six ranked addresses: 1 and 2 with a violation, 3 without, 4 refused, 5 skipped, 6
    not visited."""
    sc = scenario(make_user, organisatie, partner_organisatie)
    visit(sc.adres(1), sc.inspecteur, vastgesteld=["overbewoning"], niet_vastgesteld=["zorg"])
    visit(sc.adres(2), sc.inspecteur, vastgesteld=["overbewoning", "te_hoge_huur"])
    visit(sc.adres(3), sc.inspecteur, niet_vastgesteld=["overbewoning"])
    visit(sc.adres(4), sc.inspecteur, Toegang.GEWEIGERD)
    skip(sc.adres(5), "Hond in het trappenhuis")
    return sc


def logged(actie) -> int:
    return Verwerkingslog.objects.filter(
        object_ref__startswith=f"actie:{actie.pk}", verwerkingsactiviteit__code="integrale-actie"
    ).count()


def test_outcomes_per_address_and_the_report_figures(s):
    rows = {u.adres.rang: u for u in uitkomsten(s.actie)}
    assert rows[1].vastgesteld == ("overbewoning",) and rows[1].niet_vastgesteld == ("zorg",)
    assert rows[2].overtreding and rows[2].binnen
    assert rows[3].binnen and not rows[3].overtreding
    assert rows[4].toegang == Toegang.GEWEIGERD and not rows[4].binnen
    assert rows[5].bezoek is None and rows[6].bezoek is None
    assert rows[1].adres_tekst == "Actiestraat 1, 3083 ZZ Rotterdam"

    found = rapport(s.actie)
    assert (found.gepland, found.bezocht, found.overgeslagen, found.niet_bezocht) == (6, 4, 1, 1)
    assert found.per_toegang == [("Toegang verleend", 3), ("Toegang geweigerd", 1)]
    assert (found.binnen, found.overtreding) == (3, 2)
    assert found.trefkans == pytest.approx(2 / 3)
    assert found.per_categorie == [
        ("Overbewoning", 2, 3),
        ("Te hoge huur", 1, 1),
        ("Signaal: zorg", 0, 1),
    ]
    # Three equal parts of the ranking: ranks 1-2, 3-4, 5-6.
    assert [
        (b.naam, b.rang_van, b.rang_tot, b.bezocht, b.binnen, b.overtreding) for b in found.banden
    ] == [
        ("Bovenste derde", 1, 2, 2, 2, 2),
        ("Middelste derde", 3, 4, 2, 1, 0),
        ("Onderste derde", 5, 6, 0, 0, 0),
    ]
    assert found.banden[0].trefkans == 1.0 and found.banden[2].trefkans is None
    # The selection's run here has no scores: no expectation.
    assert not found.verwachting_beschikbaar


def test_rank_bands_put_the_larger_parts_first_and_hand_made_addresses_apart(s):
    rows = uitkomsten(s.actie)[:5]
    extra = s.adres(6)
    extra.rang = None
    extra.save()
    bands = rank_bands([*rows, *[u for u in uitkomsten(s.actie) if u.adres.rang is None]])
    assert [(b.naam, b.adressen) for b in bands] == [
        ("Bovenste derde", 2),
        ("Middelste derde", 2),
        ("Onderste derde", 1),
        ("Met de hand toegevoegd", 1),
    ]


def test_the_organiser_sees_the_debrief_and_a_partner_only_its_part(s, client):
    client.force_login(s.organisator)
    before = logged(s.actie)
    page = client.get(reverse("actie-nabespreking", kwargs={"pk": s.actie.pk})).content.decode()
    assert logged(s.actie) == before + 1
    assert "Actiestraat 1, 3083 ZZ Rotterdam" in page
    assert "<strong>Overbewoning, Te hoge huur</strong>" in page
    assert "Overgeslagen: Hond in het trappenhuis" in page
    assert "Opvolgen" in page and "Actie afronden" in page

    client.force_login(s.agent)  # the police sees objects only, not the findings
    page = client.get(reverse("actie-nabespreking", kwargs={"pk": s.actie.pk})).content.decode()
    assert "Actiestraat 1, 3083 ZZ Rotterdam" in page
    assert "Overbewoning" not in page and "Opvolgen" not in page
    assert "de bevindingen per adres zijn niet met haar gedeeld" in page
    assert (
        client.get(
            reverse("actie-adres-opvolging", kwargs={"pk": s.actie.pk, "adres": s.adres(1).pk})
        ).status_code
        == 403
    )  # the police organises nothing
    assert client.post(reverse("actie-afronden", kwargs={"pk": s.actie.pk})).status_code == 403


def test_someone_without_a_part_gets_404(s, make_user, client):
    from goedwonen.accounts.models import Organisatie

    other = Organisatie.objects.create(code="stedin", naam="Stedin", soort="extern")
    client.force_login(make_user([Capability.ACTIONS_TAKE_PART], organisatie_=other))
    for name in ("actie-nabespreking", "actie-rapport", "actie-rapport-pdf"):
        assert client.get(reverse(name, kwargs={"pk": s.actie.pk})).status_code == 404
    assert logged(s.actie) == 0


def test_follow_up_a_task_enforcement_and_a_hand_over(s, client):
    client.force_login(s.organisator)
    url = reverse("actie-adres-opvolging", kwargs={"pk": s.actie.pk, "adres": s.adres(1).pk})
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()
    response = client.post(
        url,
        {
            "formulier": "taak",
            "taak-titel": "Handhaving overbewoning",
            "taak-organisatie": s.organisator.organisatie_id,
            "taak-deadline": deadline,
            "taak-handhaving": "on",
        },
    )
    assert response.status_code == 302
    taak = Taak.objects.get(titel="Handhaving overbewoning")
    assert taak.casus == s.adres(1).casus
    assert Actieopvolging.objects.get().soort == "handhaving"

    # A task for the police: its sharing has no tasks, so the case service refuses, named.
    response = client.post(
        url,
        {
            "formulier": "taak",
            "taak-titel": "Buurtonderzoek",
            "taak-organisatie": s.politie.pk,
            "taak-deadline": deadline,
        },
    )
    assert response.status_code == 400
    assert "Deel de casus eerst met Politie (met het onderdeel taken)." in response.content.decode()

    from goedwonen.accounts.models import Organisatie

    ggd = Organisatie.objects.create(code="ggd", naam="GGD", soort="extern")
    response = client.post(
        url,
        {
            "formulier": "overdracht",
            "overdracht-organisatie": ggd.pk,
            "overdracht-rol": "Zorg",
            "overdracht-doel": "Zorg voor de bewoners",
            "overdracht-grondslag": "Wet publieke gezondheid",
            "overdracht-onderdelen": ["objecten", "taken"],
            "overdracht-tot": deadline,
        },
    )
    assert response.status_code == 302
    assert Deling.objects.get(organisatie=ggd).casus == s.adres(1).casus
    response = client.post(url, {"formulier": "vervolg", "vervolg-vervolg": "Hercontrole in maart"})
    assert response.status_code == 302
    s.adres(1).refresh_from_db()
    page = client.get(url).content.decode()
    assert "Handhaving beoordelen: Handhaving overbewoning" in page
    assert "Overdracht aan een partner: gedeeld met GGD" in page
    found = rapport(s.actie)
    assert (found.taken, found.handhaving, found.overdrachten) == (0, 1, 1)


def test_follow_up_is_the_organisers_and_only_after_planning(s, make_user):
    with pytest.raises(PermissionDenied):
        opvolging_taak(
            actor=s.inspecteur,
            adres=s.adres(1),
            titel="x",
            organisatie=s.organisator.organisatie,
            deadline=timezone.localdate(),
        )
    s.actie.status = Actiestatus.VOORBEREIDING
    s.actie.save()
    adres = s.adres(1)
    with pytest.raises(ValidationError, match="nabespreken kan pas na het plannen"):
        opvolging_overdracht(
            actor=s.organisator,
            adres=adres,
            organisatie=s.politie,
            rol="x",
            doel="x",
            grondslag="x",
            onderdelen=["objecten"],
            tot=timezone.localdate() + timedelta(days=3),
        )
    assert not Actieopvolging.objects.exists()


def test_a_correction_is_a_new_visit_never_an_edit(s, make_user):
    # An organiser who also records visits (the demo's casusregisseur does not).
    from .support_nabespreking import INSPECTOR, ORGANISER

    inspecterend = make_user([*ORGANISER, *INSPECTOR])
    adres = s.adres(3)
    first = adres.bezoek
    with pytest.raises(ValidationError) as error:
        uitkomst_corrigeren(
            actor=inspecterend,
            adres=adres,
            toegang=Toegang.VERLEEND,
            bevindingen=[BevindingInvoer("overbewoning", True, "Acht matrassen")],
            correctiereden="",
        )
    assert "correctiereden" in error.value.message_dict
    bezoek = uitkomst_corrigeren(
        actor=inspecterend,
        adres=adres,
        toegang=Toegang.VERLEEND,
        bevindingen=[BevindingInvoer("overbewoning", True, "Acht matrassen")],
        correctiereden="Slaapkamer op zolder gemist",
        volwassenen=8,
        kinderen=0,
    )
    assert bezoek.corrigeert == first
    assert list(first.bevindingen.values_list("vastgesteld", flat=True)) == [False]
    row = next(u for u in uitkomsten(s.actie) if u.adres.rang == 3)
    assert row.gecorrigeerd and row.vastgesteld == ("overbewoning",)
    assert rapport(s.actie).overtreding == 3
    # The organiser without INSPECTIONS_RECORD may not record visits: refused, nothing kept.
    with pytest.raises(PermissionDenied):
        uitkomst_corrigeren(
            actor=s.organisator,
            adres=adres,
            toegang=Toegang.VERLEEND,
            bevindingen=[],
            correctiereden="Toch niet",
        )
    assert Bezoek.objects.filter(corrigeert=bezoek).count() == 0


def test_a_correction_made_in_the_case_counts_too(s):
    adres = s.adres(3)
    from goedwonen.inspecties.services import bezoek_record

    bezoek_record(
        actor=s.inspecteur,
        casus=adres.casus,
        object=adres.bezoek.casusobject,
        soort="woningbezoek",
        datum=adres.bezoek.datum,
        toegang=Toegang.VERLEEND,
        volwassenen=5,
        kinderen=0,
        bevindingen=[BevindingInvoer("kamerverhuur", True, "Sloten op de deuren")],
        corrigeert=adres.bezoek,
        correctiereden="Kamerverhuur nagekomen",
    )
    row = next(u for u in uitkomsten(s.actie) if u.adres.rang == 3)
    assert row.gecorrigeerd and row.vastgesteld == ("kamerverhuur",)


def test_closing_leaves_the_cases_of_addresses_not_visited_open_and_lists_them(s, client):
    client.force_login(s.organisator)
    url = reverse("actie-afronden", kwargs={"pk": s.actie.pk})
    response = client.post(url, {"opmerkingen": "Goede samenwerking met de politie"}, follow=True)
    page = response.content.decode()
    assert "De actie is afgerond. 2 niet bezochte adressen: hun casussen blijven open." in page
    s.actie.refresh_from_db()
    assert s.actie.status == Actiestatus.AFGEROND and s.actie.afgerond_op is not None
    assert s.actie.nabespreking == "Goede samenwerking met de politie"
    for rang in (5, 6):
        casus = s.adres(rang).casus
        assert casus.is_open
        assert Gebeurtenis.objects.filter(
            casus=casus, tekst__contains="De casus blijft open"
        ).exists()
    assert "Overgeslagen: Hond in het trappenhuis" in page
    # Closing twice is refused with the reason.
    page = client.post(url, {}, follow=True).content.decode()
    assert "alleen een geplande actie kan worden afgerond" in page


def test_an_action_is_closed_only_after_its_day(s):
    s.actie.datum = timezone.localdate() + timedelta(days=1)
    s.actie.save()
    with pytest.raises(ValidationError, match="rond haar af na die dag"):
        actie_afronden(actor=s.organisator, actie=s.actie)
    s.actie.refresh_from_db()
    assert s.actie.status == Actiestatus.GEPLAND


def test_the_report_page_and_pdf_aggregates_for_partners_addresses_for_organisers(s, client):
    client.force_login(s.organisator)
    before = logged(s.actie)
    page = client.get(reverse("actie-rapport", kwargs={"pk": s.actie.pk})).content.decode()
    assert "66,7%: bij 2 van de 3 bezochte adressen met toegang een overtreding" in page
    assert "De volgende risicorun neemt ze mee." in page
    assert "Actiestraat 1, 3083 ZZ Rotterdam" in page
    assert 'role="img" aria-label="Trefkans per deel van de rangorde' in page
    pdf = client.get(reverse("actie-rapport-pdf", kwargs={"pk": s.actie.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Actiestraat 1" in text and "Bovenste" in text
    assert logged(s.actie) == before + 2

    client.force_login(s.agent)
    page = client.get(reverse("actie-rapport", kwargs={"pk": s.actie.pk})).content.decode()
    assert "66,7%" in page and "Overbewoning" in page  # aggregates
    assert "Actiestraat" not in page  # no addresses
    text = pdf_text(client.get(reverse("actie-rapport-pdf", kwargs={"pk": s.actie.pk})).content)
    assert "Bovenste" in text and "Actiestraat" not in text
    assert "Versie voor Politie, gefilterd op haar grondslag" in text


def test_correcting_an_outcome_on_the_follow_up_page(s, make_user, client):
    from .support_nabespreking import INSPECTOR, ORGANISER

    client.force_login(make_user([*ORGANISER, *INSPECTOR]))
    adres = s.adres(4)  # refused at the door
    url = reverse("actie-adres-opvolging", kwargs={"pk": s.actie.pk, "adres": adres.pk})
    assert "Uitkomst corrigeren" in client.get(url).content.decode()
    data = {
        "formulier": "correctie",
        "correctie-toegang": "machtiging",
        "correctie-vastgesteld": ["kamerverhuur"],
        "correctie-toelichting": "Vijf kamers met sloten",
        "correctie-correctiereden": "Later binnengetreden met machtiging",
    }
    response = client.post(url, data)  # with access, the persons found must be counted
    assert response.status_code == 400
    assert "Geef het aantal aangetroffen volwassenen op" in response.content.decode()
    assert not Bezoek.objects.filter(corrigeert=adres.bezoek).exists()
    response = client.post(url, {**data, "correctie-volwassenen": "5", "correctie-kinderen": "0"})
    assert response.status_code == 302
    adres.refresh_from_db()
    assert adres.bezoek.corrigeert is not None and adres.bezoek.toegang == "machtiging"
    page = client.get(url).content.decode()
    assert "gecorrigeerd: Later binnengetreden met machtiging" in page
    assert rapport(s.actie).overtreding == 3

    # The demo's case director records no visits: no correction form for them.
    client.force_login(s.organisator)
    assert "Uitkomst corrigeren" not in client.get(url).content.decode()
