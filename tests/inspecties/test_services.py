"""Recording visits: who may, what is checked, what is stored, and what a refusal leaves."""

from __future__ import annotations

import importlib.metadata
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenis, Gebeurtenissoort
from goedwonen.casussen.selectors import casus_inzage
from goedwonen.casussen.services.cases import casus_close, casus_create
from goedwonen.casussen.services.retention import casussen_destroy_due
from goedwonen.casussen.services.sharing import casus_share_end
from goedwonen.checks.huurprijs import huurprijs_check
from goedwonen.checks.parameters import (
    BEWONINGSNORM_M2_PER_PERSOON,
    OVERSCHRIJDINGSDREMPEL_HUUR,
    Parameter,
)
from goedwonen.core.models import AppendOnlyError, Verwerkingslog
from goedwonen.inspecties.kenmerken import kenmerken_from_json
from goedwonen.inspecties.models import Bevinding, Bezoek, Huurprijsuitkomst
from goedwonen.inspecties.selectors import bezoek_detail, bezoeken_in_casus
from goedwonen.inspecties.services import BevindingInvoer, Huurinvoer, bezoek_record
from goedwonen.registry.models import Adres
from tests.checks.test_huurprijs import KLEINE_BOVENWONING, PORTIEKFLAT
from tests.inspecties.support import DATUM
from tests.scenario import share_case as share

pytestmark = pytest.mark.django_db

CONTRACT = date(2025, 3, 1)  # after 1 July 2024: the maximum binds in the social sector


def _counts():
    return (
        Bezoek.objects.count(),
        Bevinding.objects.count(),
        Huurprijsuitkomst.objects.count(),
        Gebeurtenis.objects.count(),
        Verwerkingslog.objects.count(),
    )


def record(actor, casus, **kwargs):
    defaults = {
        "object": casus.objecten.get(),
        "soort": "woningbezoek",
        "datum": DATUM,
        "toegang": "verleend",
        "volwassenen": 6,
        "kinderen": 0,
    }
    return bezoek_record(actor=actor, casus=casus, **(defaults | kwargs))


def test_an_inspector_records_a_home_visit_with_the_three_checks(casus, inspecteur, regisseur):
    before = Gebeurtenis.objects.count()
    huur = Huurinvoer(KLEINE_BOVENWONING, Decimal("725.00"), CONTRACT)

    bezoek = record(
        inspecteur,
        casus,
        medewerkers=[inspecteur],
        partners="Stadsbeheer (toezichthouder), politie (wijkagent)",
        bevindingen=[
            BevindingInvoer("overbewoning", True, "Zes volwassenen, matrassen in de woonkamer."),
            BevindingInvoer("te_hoge_huur", True, "Huurcontract gezien: € 725 kaal."),
            BevindingInvoer("achterstallig_onderhoud", False),
        ],
        huur=huur,
    )

    bezoek = Bezoek.objects.get(pk=bezoek.pk)
    assert (bezoek.casus, bezoek.soort, bezoek.datum, bezoek.toegang) == (
        casus,
        "woningbezoek",
        DATUM,
        "verleend",
    )
    assert (bezoek.volwassenen, bezoek.kinderen) == (6, 0)
    assert (bezoek.vastgelegd_door, bezoek.organisatie) == (inspecteur, inspecteur.organisatie)
    assert list(bezoek.medewerkers.all()) == [inspecteur]
    assert [(b.categorie, b.vastgesteld) for b in bezoek.bevindingen.all()] == [
        ("overbewoning", True),
        ("te_hoge_huur", True),
        ("achterstallig_onderhoud", False),
    ]

    # The rent check's outcome is stored as the check computed it, with what it used.
    expected = huurprijs_check(
        KLEINE_BOVENWONING,
        kale_huur=Decimal("725.00"),
        datum_huurovereenkomst=CONTRACT,
        peildatum=DATUM,
    )
    rent = bezoek.huurprijs
    assert (rent.punten, rent.maximale_huur) == (80, Decimal("500.38"))
    assert (rent.punten, rent.maximale_huur) == (expected.punten, expected.maximale_huur)
    assert (rent.kale_huur, rent.overschrijding, rent.overschrijding_percentage) == (
        Decimal("725.00"),
        Decimal("224.62"),
        Decimal("44.89"),
    )
    assert rent.boven_drempel is True and rent.maximum_van_toepassing is True
    assert rent.sector == "sociaal"
    assert (rent.drempel_waarde, rent.drempel_bron) == (
        OVERSCHRIJDINGSDREMPEL_HUUR.waarde,
        OVERSCHRIJDINGSDREMPEL_HUUR.bron,
    )
    assert rent.woningwaardering_versie == importlib.metadata.version("woningwaardering")
    assert {r["code"]: r["punten"] for r in rent.rubrieken} == {
        r.code: str(r.punten) for r in expected.puntentelling.rubrieken
    }
    assert rent.toelichting == list(expected.toelichting)
    # The input is kept: it gives the same dwelling back, and the same outcome.
    assert kenmerken_from_json(rent.woningkenmerken) == KLEINE_BOVENWONING

    occupancy = bezoek.bewoning
    assert (occupancy.oppervlakte, occupancy.maximaal_aantal_personen) == (Decimal("60"), 5)
    assert occupancy.overbewoond is True
    assert (occupancy.norm_waarde, occupancy.norm_bron) == (
        BEWONINGSNORM_M2_PER_PERSOON.waarde,
        BEWONINGSNORM_M2_PER_PERSOON.bron,
    )

    permits = bezoek.vergunningen
    assert (permits.verhuurvergunning_nodig, permits.opkoopbescherming_van_toepassing) == (
        True,
        False,
    )
    assert permits.vergunning_ontbreekt is False
    rental = permits.regels[0]
    assert rental["regeling"] == "verhuurvergunning"
    assert rental["geldige_vergunning"] == {
        "soort": "verhuurvergunning",
        "status": "verleend",
        "aangevraagd_op": "2024-03-01",
        "geldig_van": "2024-04-01",
        "geldig_tot": "2029-04-01",
    }
    assert rental["grondslag"] == "Verhuurverordening Rotterdam 2023 art. 2"
    assert [p["waarde"] for p in permits.parameters] == ["4", "30"]

    (event,) = Gebeurtenis.objects.order_by("-pk")[: Gebeurtenis.objects.count() - before]
    assert (event.soort, event.door) == (Gebeurtenissoort.BEVINDING, inspecteur)
    assert event.tekst == (
        "Woningbezoek Carnisselaan 10 op 1 juli 2026: toegang verleend, 6 volwassenen en "
        "0 kinderen. Huur € 725,00 is 44,89% boven het maximum van € 500,38 (80 punten; "
        "drempel 25%, bron: Lokale beleidsdrempel, geen wettelijke norm): boven de drempel. "
        "Bewoning: 6 personen op 60 m², bij de norm van 12 m² per persoon passen er 5 "
        "(signaal van overbewoning). Verhuurvergunning: vergunning nodig, geldige vergunning "
        "aanwezig; opkoopbescherming: niet van toepassing. Vastgesteld: overbewoning, te hoge "
        "huur."
    )
    (line,) = Verwerkingslog.objects.filter(name="Bezoek vastgelegd")
    assert line.object_ref == f"casus:{casus.referentie}/bezoek:{bezoek.pk}"
    assert (line.data_subject_type, line.audit.gebruiker) == ("eigenaar", inspecteur)


def test_the_stored_rent_check_does_not_change_when_the_threshold_does(casus, inspecteur):
    """A stored outcome is the fact of its day; a stricter policy later does not rewrite it,
    but a visit recorded under it uses and names it."""
    first = record(inspecteur, casus, huur=Huurinvoer(PORTIEKFLAT, Decimal("650.00"), CONTRACT))
    stricter = Parameter(waarde=Decimal("10"), bron="Testbesluit 2026", geldig_vanaf=DATUM)
    second = record(
        inspecteur,
        casus,
        huur=Huurinvoer(PORTIEKFLAT, Decimal("650.00"), CONTRACT),
        huurdrempel=stricter,
    )

    first_rent = Huurprijsuitkomst.objects.get(bezoek=first)
    second_rent = Huurprijsuitkomst.objects.get(bezoek=second)
    assert first_rent.overschrijding_percentage == Decimal("12.87")
    assert (first_rent.drempel_waarde, first_rent.boven_drempel) == (Decimal("25"), False)
    assert (second_rent.drempel_waarde, second_rent.boven_drempel) == (Decimal("10"), True)
    assert (second_rent.drempel_bron, second_rent.drempel_geldig_vanaf) == (
        "Testbesluit 2026",
        DATUM,
    )


def test_a_partner_sharing_the_findings_records_a_street_visit(
    casus, regisseur, politie_inspecteur, partner_organisatie
):
    share(casus, regisseur, partner_organisatie, ["bevindingen"])

    bezoek = record(
        politie_inspecteur,
        casus,
        soort="straatbezoek",
        toegang="",
        volwassenen=None,
        kinderen=None,
        opmerkingen="Rolluiken dicht, zes fietsen voor de deur.",
    )

    assert (bezoek.organisatie, bezoek.toegang) == (partner_organisatie, "")
    assert not hasattr(bezoek, "bewoning")
    assert not Huurprijsuitkomst.objects.exists()
    event = casus.tijdlijn.filter(soort=Gebeurtenissoort.BEVINDING).get()
    assert event.tekst.startswith("Straatbezoek Carnisselaan 10 op 1 juli 2026. Verhuurvergunning")
    # The partner sees it on the case too; so does the director.
    inzage = casus_inzage(actor=politie_inspecteur, referentie=casus.referentie)
    assert list(bezoeken_in_casus(inzage)) == [bezoek]


@pytest.mark.parametrize("onderdelen", [["taken"], ["objecten", "partijen", "notities"]])
def test_a_partner_without_the_findings_part_is_refused_and_nothing_is_stored(
    casus, regisseur, politie_inspecteur, partner_organisatie, onderdelen
):
    share(casus, regisseur, partner_organisatie, onderdelen)
    before = _counts()

    with pytest.raises(PermissionDenied, match="onderdeel bezoeken en bevindingen"):
        record(politie_inspecteur, casus)

    assert _counts() == before


def test_an_organisation_the_case_was_not_shared_with_is_refused(casus, sb_inspecteur):
    before = _counts()
    with pytest.raises(PermissionDenied, match="niet zichtbaar"):
        record(sb_inspecteur, casus)
    assert _counts() == before


def test_an_ended_sharing_no_longer_lets_a_partner_record(
    casus, regisseur, politie_inspecteur, partner_organisatie
):
    deling = share(casus, regisseur, partner_organisatie, ["bevindingen"])
    casus_share_end(actor=regisseur, deling=deling)
    before = _counts()
    with pytest.raises(PermissionDenied):
        record(politie_inspecteur, casus)
    assert _counts() == before


def test_the_director_without_the_inspection_capability_is_refused(casus, regisseur):
    before = _counts()
    with pytest.raises(PermissionDenied, match="bezoeken en hun bevindingen vastleggen"):
        record(regisseur, casus)
    assert _counts() == before


def test_bad_input_names_every_field_and_stores_nothing(casus, inspecteur, regisseur, city):
    other = casus_create(
        actor=regisseur,
        titel="Carnisselaan 14",
        categorieen=["woonoverlast"],
        casusregisseur=regisseur,
        adressen=[Adres.objects.get(huisnummer=14)],
    )
    bad_room = replace(
        KLEINE_BOVENWONING.ruimten[2], aanrechtlengte_cm=None
    )  # a kitchen needs its worktop length
    woning = replace(
        KLEINE_BOVENWONING,
        ruimten=(*KLEINE_BOVENWONING.ruimten[:2], bad_room, *KLEINE_BOVENWONING.ruimten[3:]),
        woz_waardepeildatum=date(2026, 1, 1),
    )
    before = _counts()

    with pytest.raises(ValidationError) as raised:
        record(
            inspecteur,
            casus,
            object=other.objecten.get(),
            datum=timezone.localdate() + timedelta(days=1),
            toegang="",
            volwassenen=-1,
            kinderen=None,
            partners="x" * 301,
            medewerkers=[regisseur.__class__.objects.create_user(username="ander")],
            bevindingen=[
                BevindingInvoer("overbewoning", True, ""),
                BevindingInvoer("drugslab", True, "Hennep"),
            ],
            huur=Huurinvoer(woning, Decimal("0"), CONTRACT),
        )

    errors = raised.value.message_dict
    assert errors == {
        "object": ["Dit adres hoort niet bij de casus."],
        "datum": ["De bezoekdatum ligt in de toekomst."],
        "toegang": ["Geef aan of er toegang tot de woning was."],
        "volwassenen": ["Geef een aantal van 0 tot en met 500."],
        "partners": ["Gebruik hooguit 300 tekens."],
        "medewerkers": ["ander is geen actieve medewerker van uw organisatie."],
        "bevindingen[overbewoning].toelichting": ["Licht toe wat u heeft vastgesteld."],
        "bevindingen": ["Onbekende categorie 'drugslab'."],
        "kale_huur": ["De kale huur moet een bedrag boven € 0 zijn."],
    }
    assert _counts() == before


def test_the_rent_check_names_the_room_and_field_it_cannot_use(casus, inspecteur):
    bad_room = replace(KLEINE_BOVENWONING.ruimten[2], aanrechtlengte_cm=None)
    woning = replace(
        KLEINE_BOVENWONING,
        ruimten=(*KLEINE_BOVENWONING.ruimten[:2], bad_room, *KLEINE_BOVENWONING.ruimten[3:]),
        woz_waardepeildatum=date(2026, 1, 1),
    )
    before = _counts()

    with pytest.raises(ValidationError) as raised:
        record(inspecteur, casus, huur=Huurinvoer(woning, Decimal("725.00"), CONTRACT))

    assert raised.value.message_dict == {
        "woz_waardepeildatum": [
            "Voor peildatum 1 juli 2026 telt alleen een WOZ-waarde met waardepeildatum "
            "1 januari 2025 of 1 januari 2024."
        ],
        "ruimten[2].aanrechtlengte_cm": [
            "Geef de lengte van het aanrecht op (0 als er geen aanrecht is)."
        ],
    }
    assert _counts() == before


def test_inside_the_dwelling_the_persons_found_must_be_counted(casus, inspecteur):
    with pytest.raises(ValidationError) as raised:
        record(inspecteur, casus, toegang="machtiging", volwassenen=None, kinderen=None)
    assert raised.value.message_dict == {
        "volwassenen": ["Geef het aantal aangetroffen volwassenen op (0 als er geen waren)."],
        "kinderen": ["Geef het aantal aangetroffen kinderen op (0 als er geen waren)."],
    }
    # Nobody home: nothing to count, no occupancy check.
    bezoek = record(inspecteur, casus, toegang="niemand_thuis", volwassenen=None, kinderen=None)
    assert Bezoek.objects.get(pk=bezoek.pk).personen is None
    assert not hasattr(Bezoek.objects.get(pk=bezoek.pk), "bewoning")


def test_without_a_floor_area_there_is_no_occupancy_check(city, regisseur, inspecteur):
    casus = casus_create(
        actor=regisseur,
        titel="Carnisselaan 14",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        adressen=[Adres.objects.get(huisnummer=14)],  # the BAG area is 'onbekend'
    )
    bezoek = record(inspecteur, casus, volwassenen=9, kinderen=2)
    bezoek = Bezoek.objects.get(pk=bezoek.pk)
    assert (bezoek.volwassenen, bezoek.kinderen) == (9, 2)
    assert not hasattr(bezoek, "bewoning")
    assert hasattr(bezoek, "vergunningen")


def test_a_visit_is_corrected_by_a_new_record_not_edited(casus, inspecteur):
    first = record(inspecteur, casus, volwassenen=6)
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(ValidationError) as raised:
        record(inspecteur, casus, volwassenen=7, corrigeert=first)
    assert raised.value.message_dict == {
        "correctiereden": ["Geef aan wat deze correctie verbetert."]
    }

    second = record(
        inspecteur,
        casus,
        volwassenen=7,
        corrigeert=first,
        correctiereden="Zevende bewoner op zolder over het hoofd gezien.",
    )

    first.refresh_from_db()
    assert (first.volwassenen, first.correctie) == (6, second)
    assert second.corrigeert == first
    event = casus.tijdlijn.filter(soort=Gebeurtenissoort.BEVINDING).order_by("-pk").first()
    assert "Correctie van het bezoek vastgelegd op" in event.tekst
    assert "Zevende bewoner op zolder over het hoofd gezien." in event.tekst
    assert Verwerkingslog.objects.filter(name="Bezoek gecorrigeerd").count() == 1
    with pytest.raises(ValidationError) as again:
        record(inspecteur, casus, corrigeert=first, correctiereden="Nog een keer")
    assert again.value.message_dict == {
        "corrigeert": ["Dit bezoek is al gecorrigeerd; corrigeer de laatste versie."]
    }


def test_visits_are_seen_with_the_findings_part_only_and_each_view_is_logged(
    casus, inspecteur, regisseur, politie_inspecteur, partner_organisatie
):
    bezoek = record(inspecteur, casus)
    deling = share(casus, regisseur, partner_organisatie, ["taken"])
    with pytest.raises(Bezoek.DoesNotExist):
        bezoek_detail(actor=politie_inspecteur, referentie=casus.referentie, pk=bezoek.pk)
    assert not Verwerkingslog.objects.filter(name="Bezoek ingezien").exists()

    casus_share_end(actor=regisseur, deling=deling)
    share(casus, regisseur, partner_organisatie, ["bevindingen"])
    _, seen = bezoek_detail(actor=politie_inspecteur, referentie=casus.referentie, pk=bezoek.pk)

    assert seen == bezoek
    line = Verwerkingslog.objects.get(name="Bezoek ingezien")
    assert line.object_ref == f"casus:{casus.referentie}/bezoek:{bezoek.pk}"
    assert line.audit.gebruiker == politie_inspecteur


def test_a_closed_case_takes_no_visits_and_its_visits_go_when_it_is_destroyed(
    casus, inspecteur, regisseur
):
    first = record(
        inspecteur,
        casus,
        bevindingen=[BevindingInvoer("overbewoning", True, "Zes volwassenen.")],
        huur=Huurinvoer(KLEINE_BOVENWONING, Decimal("725.00"), CONTRACT),
    )
    record(inspecteur, casus, corrigeert=first, correctiereden="Tijd aangevuld.")
    closed = casus_close(
        actor=regisseur, casus=casus, resultaat="toezicht", reden="Verhuurder heeft hersteld."
    )
    before = _counts()

    with pytest.raises(ValidationError) as raised:
        record(inspecteur, closed)
    assert raised.value.message_dict == {
        "casus": ["De casus is gesloten: heropen haar om een bezoek vast te leggen."]
    }
    assert _counts() == before

    assert casussen_destroy_due(today=closed.bewaren_tot + timedelta(days=1)) == [closed.referentie]
    assert not Bezoek.objects.exists()
    assert not Bevinding.objects.exists()
    assert not Huurprijsuitkomst.objects.exists()


def test_a_home_visit_that_got_in_completes_the_visit_task_on_the_timeline(
    casus, regisseur, sb_inspecteur, stadsbeheer
):
    from goedwonen.casussen.models import Taak
    from goedwonen.casussen.services.case_tasks import (
        taak_create,
        taak_templates,
        taken_from_templates,
    )

    share(casus, regisseur, stadsbeheer, ["taken", "bevindingen"])
    (bezoektaak,) = taken_from_templates(
        actor=regisseur,
        casus=casus,
        sjablonen=[s for s in taak_templates(casus=casus) if s.titel == "Woningbezoek"],
    ).made
    andere = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Huurprijscheck",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    # Nobody home: the visit is still to be made.
    record(sb_inspecteur, casus, toegang="niemand_thuis", volwassenen=None, kinderen=None)
    assert Taak.objects.get(pk=bezoektaak.pk).status == "open"

    record(sb_inspecteur, casus, toegang="verleend")

    bezoektaak.refresh_from_db()
    assert (bezoektaak.status, bezoektaak.afgerond_door, bezoektaak.uitkomst) == (
        "afgerond",
        sb_inspecteur,
        "woningbezoek van 1 juli 2026, toegang verleend.",
    )
    assert Taak.objects.get(pk=andere.pk).status == "open"
    event = casus.tijdlijn.filter(soort=Gebeurtenissoort.TAAK, taak=bezoektaak).first()
    assert (event.tekst, event.door) == (
        "Taak 'Woningbezoek' afgerond met het vastgelegde bezoek: woningbezoek van "
        "1 juli 2026, toegang verleend.",
        sb_inspecteur,
    )
