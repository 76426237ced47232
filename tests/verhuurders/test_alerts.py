"""Recidivism alerts (issue 13, point 4; acceptance 2): during an owner's monitoring period
after a warning talk, a violation found at ANY of the owner's dwellings raises an alert to the
case director and a "handhaven" task the same day; after the 12 months it no longer does.
Reports and imported history raise them too, once per record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from django.core import mail
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenissoort, Taak, Taakstatus
from goedwonen.core.models import Verwerkingslog
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.intake.services.registration import melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.importer.run import import_folder
from goedwonen.verhuurders.models import Recidivesignalering, Recidivesoort
from goedwonen.verhuurders.regels import plus_maanden
from goedwonen.verhuurders.services.signaleringen import imported_violations_alert

from .support import (
    JURIST,
    OTHER_DWELLING,
    case_on_other_dwelling,
    e1,
    give_e1_another_dwelling,
    warn,
)

pytestmark = pytest.mark.django_db

VIOLATION = [BevindingInvoer("overbewoning", True, "Negen volwassenen in twee kamers.")]
DORDTSELAAN_7_2 = OpgegevenAdres(postcode="3073AB", huisnummer="7", toevoeging="2")


@pytest.fixture
def jurist(make_user):
    return make_user(JURIST, username="jurist")


@pytest.fixture
def other_case(casus, regisseur):
    """E1 owns Carnisselaan 10 (the case `casus`) and, since 2024, Dordtselaan 7-2, where the
    director has a second case."""
    give_e1_another_dwelling()
    return case_on_other_dwelling(regisseur)


def visit(inspecteur, casus, *, datum, bevindingen=VIOLATION, **kwargs):
    return bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.get(),
        soort="woningbezoek",
        datum=datum,
        toegang="verleend",
        volwassenen=9,
        kinderen=0,
        bevindingen=bevindingen,
        **kwargs,
    )


def test_a_violation_at_another_dwelling_raises_the_alert_and_task_the_same_day(
    jurist, casus, other_case, inspecteur, regisseur, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    gesprek = warn(jurist, held_on=today - timedelta(days=30), casus=casus)

    with django_capture_on_commit_callbacks(execute=True):
        bezoek = visit(inspecteur, other_case, datum=today)

    alert = Recidivesignalering.objects.get()
    assert (
        alert.eigenaar,
        alert.verblijfsobject.object_id,
        alert.soort,
        alert.bron,
        alert.datum,
        alert.waarschuwing_op,
        alert.gesprek,
        alert.casus,
        alert.afgehandeld_op,
    ) == (
        e1(),
        OTHER_DWELLING,
        Recidivesoort.BEVINDING,
        f"bezoek:{bezoek.pk}",
        today,
        today - timedelta(days=30),
        gesprek,
        other_case,
        None,
    )
    # The "handhaven" task for the director of the case, set out the same day.
    taak = alert.taak
    assert (taak.casus, taak.titel, taak.toegewezen_aan, taak.organisatie, taak.status) == (
        other_case,
        "Handhaven: recidive van verhuurder Jansen, J.",
        regisseur,
        other_case.organisatie,
        Taakstatus.OPEN,
    )
    assert timezone.localdate(taak.aangemaakt_op) == today
    assert taak.deadline == today + timedelta(days=5)
    event = other_case.tijdlijn.get(soort=Gebeurtenissoort.RECIDIVE)
    assert event.taak == taak
    assert event.tekst.startswith(
        f"Recidive: Overtreding vastgesteld bij een bezoek op {today.day} "
    )
    assert [m.to for m in mail.outbox] == [["regisseur@goedwonen.test"]]
    # A notice with a link (notificaties): the owner is named in the product, not the mail.
    assert mail.outbox[0].subject == "Goedwonen: signalering"
    assert f"casus {other_case.referentie}" in mail.outbox[0].body
    assert "Jansen" not in mail.outbox[0].body
    line = Verwerkingslog.objects.get(name="Recidive van een verhuurder gesignaleerd")
    assert line.object_ref == f"recidivesignalering:{alert.pk}"


@pytest.mark.parametrize(
    ("months", "extra_days", "raised"),
    [
        (0, 1, True),  # the day after the talk
        (12, 0, True),  # W + 12 months: the last day of the period
        (12, 1, False),  # the day after: monitoring is over
        (0, 0, False),  # on the day of the talk itself: what the talk was about
    ],
)
def test_after_twelve_months_a_violation_no_longer_raises_an_alert(
    jurist, casus, other_case, inspecteur, months, extra_days, raised
):
    today = timezone.localdate()
    held_on = plus_maanden(today, -months) - timedelta(days=extra_days)
    warn(jurist, held_on=held_on, casus=casus)
    tasks_before = Taak.objects.count()

    visit(inspecteur, other_case, datum=today)

    assert Recidivesignalering.objects.exists() is raised
    assert Taak.objects.count() == tasks_before + (1 if raised else 0)


def test_a_visit_without_an_established_violation_raises_nothing(
    jurist, casus, other_case, inspecteur
):
    warn(jurist, held_on=timezone.localdate() - timedelta(days=2), casus=casus)

    visit(
        inspecteur,
        other_case,
        datum=timezone.localdate(),
        bevindingen=[BevindingInvoer("overbewoning", False)],
    )

    assert not Recidivesignalering.objects.exists()


def test_a_correction_of_the_visit_raises_no_second_alert(jurist, casus, other_case, inspecteur):
    warn(jurist, held_on=timezone.localdate() - timedelta(days=2), casus=casus)
    first = visit(inspecteur, other_case, datum=timezone.localdate())

    visit(
        inspecteur,
        other_case,
        datum=timezone.localdate(),
        corrigeert=first,
        correctiereden="Aantal bewoners verkeerd geteld.",
    )

    assert Recidivesignalering.objects.count() == 1
    assert Taak.objects.filter(titel__startswith="Handhaven").count() == 1


def test_a_report_on_another_dwelling_goes_to_the_case_of_the_warning_talk(
    jurist, casus, regisseur
):
    """A report on a dwelling without a case: the alert and task go to the case the warning
    talk came from."""
    give_e1_another_dwelling()
    warn(jurist, held_on=timezone.localdate() - timedelta(days=10), casus=casus)

    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Weer veel mensen",
        adres=DORDTSELAAN_7_2,
        melder_soort="bewoner",
    ).melding

    alert = Recidivesignalering.objects.get()
    assert (alert.soort, alert.bron, alert.casus) == (
        Recidivesoort.MELDING,
        f"melding:{melding.pk}",
        casus,
    )
    assert alert.taak.casus == casus


def test_outside_monitoring_a_report_raises_nothing(regisseur, city):
    give_e1_another_dwelling()
    melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Veel mensen",
        adres=DORDTSELAAN_7_2,
        melder_soort="bewoner",
    )
    assert not Recidivesignalering.objects.exists()


def _deliver(folder, *, controles: str, handhavingen: str):
    from tests.registry.conftest import write_folder

    write_folder(folder)
    (folder / "brk_eigendom.csv").write_text(
        "object_id,eigenaar_id,eigenaar_soort,eigenaar_naam,kvk_nummer,aandeel,verkregen_op\n"
        "0599010000000001,E1,natuurlijk_persoon,Jansen,,1/1,2019-05-01\n"
        f"{OTHER_DWELLING},E1,natuurlijk_persoon,Jansen,,1/1,2020-01-01\n"
    )
    (folder / "controles.csv").write_text(
        "bron_id,object_id,datum,aanleiding,overtreding,categorieen,aangetroffen_personen\n"
        + controles
    )
    (folder / "handhavingen.csv").write_text(
        "bron_id,object_id,eigenaar_id,datum,instrument,categorie,bedrag\n" + handhavingen
    )
    return import_folder(actor=None, folder=folder, progress=False)


def test_imported_violations_raise_alerts_once(tmp_path):
    today = timezone.localdate()
    w = today - timedelta(days=60)
    _deliver(
        tmp_path / "levering",
        handhavingen=(
            f"W1,0599010000000001,E1,{w},waarschuwingsgesprek,,\n"
            f"H2,{OTHER_DWELLING},,{w + timedelta(days=20)},last_onder_dwangsom,overbewoning,\n"
        ),
        controles=(
            f"C1,{OTHER_DWELLING},{w + timedelta(days=10)},melding,ja,,\n"
            f"C2,{OTHER_DWELLING},{w + timedelta(days=11)},melding,nee,,\n"
            f"C3,{OTHER_DWELLING},{w - timedelta(days=1)},melding,ja,,\n"
        ),
    )

    assert imported_violations_alert(today=today) == 2

    alerts = {(a.bron, a.soort, a.datum) for a in Recidivesignalering.objects.all()}
    assert alerts == {
        ("controle:C1", Recidivesoort.CONTROLE, w + timedelta(days=10)),
        ("handhaving:H2", Recidivesoort.BESLUIT, w + timedelta(days=20)),
    }
    # No case on either dwelling and an imported talk: raised without a case or task.
    assert not Recidivesignalering.objects.filter(taak__isnull=False).exists()
    # Nightly again, or after the next import: nothing new.
    assert imported_violations_alert(today=today) == 0
    assert Recidivesignalering.objects.count() == 2


def test_an_import_books_the_alert_run_and_the_worker_raises_them(tmp_path, run_worker):
    from django_tasks_db.models import DBTaskResult

    today = timezone.localdate()
    w = today - timedelta(days=60)
    _deliver(
        tmp_path / "levering",
        handhavingen=f"W1,0599010000000001,E1,{w},waarschuwingsgesprek,,\n",
        controles=f"C1,{OTHER_DWELLING},{w + timedelta(days=10)},melding,ja,,\n",
    )
    assert DBTaskResult.objects.filter(task_path__endswith="alert_imported_violations").exists()
    assert not Recidivesignalering.objects.exists()

    run_worker()

    assert Recidivesignalering.objects.get().bron == "controle:C1"


def test_old_imported_history_sets_out_no_tasks_for_periods_long_over(tmp_path):
    today = timezone.localdate()
    w = date(today.year - 3, 3, 1)
    _deliver(
        tmp_path / "levering",
        handhavingen=f"W1,0599010000000001,E1,{w},waarschuwingsgesprek,,\n",
        controles=f"C1,{OTHER_DWELLING},{w + timedelta(days=10)},melding,ja,,\n",
    )

    assert imported_violations_alert(today=today) == 0


def test_a_report_matched_to_a_dwelling_later_raises_the_alert(jurist, casus, make_user):
    """A report whose address was not found is registered on the object when a person matches
    it: then it counts as a report at that dwelling."""
    from goedwonen.core.policy import Capability
    from goedwonen.intake.models import Melding
    from goedwonen.registry.models import Adres
    from goedwonen.registry.services import melding_match_address

    give_e1_another_dwelling()
    # Received on 2026-09-03 (3083AB 999: not found at import), a month after the talk.
    warn(jurist, held_on=date(2026, 8, 1), casus=casus)
    queued = Melding.objects.get(bron_id="M3")

    melding_match_address(
        actor=make_user([Capability.REPORTS_MATCH]),
        melding=queued,
        adres=Adres.objects.get(verblijfsobject__object_id=OTHER_DWELLING),
    )

    alert = Recidivesignalering.objects.get()
    assert (alert.soort, alert.bron, alert.datum) == (
        Recidivesoort.MELDING,
        f"melding:{queued.pk}",
        timezone.localdate(queued.ontvangen_op),
    )


def test_destroying_a_case_keeps_its_talks_and_alerts_without_the_link(
    jurist, casus, other_case, inspecteur, regisseur
):
    from goedwonen.casussen.models import Casus
    from goedwonen.casussen.services.cases import casus_close
    from goedwonen.casussen.services.retention import casussen_destroy_due
    from goedwonen.verhuurders.models import Verhuurdergesprek

    gesprek = warn(jurist, held_on=timezone.localdate() - timedelta(days=3), casus=other_case)
    visit(inspecteur, other_case, datum=timezone.localdate())
    closed = casus_close(
        actor=regisseur,
        casus=other_case,
        resultaat="afgebroken",
        reden="Klaar",
        taken_laten_vervallen=True,
    )

    assert casussen_destroy_due(today=closed.bewaren_tot + timedelta(days=1)) == [closed.referentie]

    assert not Casus.objects.filter(pk=closed.pk).exists()
    alert = Recidivesignalering.objects.get()
    assert (alert.casus, alert.taak) == (None, None)
    assert Verhuurdergesprek.objects.get(pk=gesprek.pk).casus is None
