"""The landlord rules (issue 13, point 7) on hand-made source files imported through the real
importer: each term on its boundaries (the day before, on and after), ownership acquired after
and ended before an inspection, rows the importer rejects, and product records counting the
same as imported ones."""

from __future__ import annotations

from datetime import date

import pytest

from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Controle, Eigenaar, Eigendom, Handhaving, Verblijfsobject
from goedwonen.verhuurders import regels

pytestmark = pytest.mark.django_db

A = "0599010000000001"  # a dwelling (Carnisselaan 10)
B = "0599010000000003"  # another dwelling (Dordtselaan 7-2)
BRK_HEADER = "object_id,eigenaar_id,eigenaar_soort,eigenaar_naam,kvk_nummer,aandeel,verkregen_op\n"
CONTROLES_HEADER = (
    "bron_id,object_id,datum,aanleiding,overtreding,categorieen,aangetroffen_personen\n"
)
HANDHAVINGEN_HEADER = "bron_id,object_id,eigenaar_id,datum,instrument,categorie,bedrag\n"


def deliver(folder, *, brk, controles="", handhavingen="", peildatum="2026-10-01"):
    """The hand-made folder (tests/registry/conftest.py) with these ownerships, inspections
    and enforcement rows, delivered on `peildatum` and imported."""
    from tests.registry.conftest import write_folder

    write_folder(folder)
    manifest = (folder / "manifest.json").read_text()
    (folder / "manifest.json").write_text(manifest.replace("2026-10-01", peildatum))
    (folder / "brk_eigendom.csv").write_text(BRK_HEADER + brk)
    (folder / "controles.csv").write_text(CONTROLES_HEADER + controles)
    (folder / "handhavingen.csv").write_text(HANDHAVINGEN_HEADER + handhavingen)
    return {f.file: f for f in import_folder(actor=None, folder=folder, progress=False).files}


def signals(peildatum, kind=None, **kwargs):
    return [
        (s.eigenaar_id, s.signaal, s.datum.isoformat(), s.object_id, s.bron_id)
        for s in regels.landlord_signals(date.fromisoformat(peildatum), **kwargs)
        if kind is None or s.signaal == kind
    ]


def pk(eigenaar_id):
    return Eigenaar.objects.get(eigenaar_id=eigenaar_id).pk


@pytest.fixture
def warned(tmp_path):
    """E1 owns A since 2019 and B since 2024; a warning talk about A on 2025-03-10, and
    violations on B on the day of the talk, the day after, twelve months later and the day
    after that."""
    deliver(
        tmp_path / "levering",
        brk=(
            f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n"
            f"{B},E1,natuurlijk_persoon,,,1/1,2024-03-01\n"
        ),
        handhavingen=f"W1,{A},E1,2025-03-10,waarschuwingsgesprek,,\n",
        controles=(
            f"C1,{B},2025-03-10,melding,ja,,\n"
            f"C2,{B},2025-03-11,melding,ja,,\n"
            f"C3,{B},2026-03-10,melding,ja,,\n"
            f"C4,{B},2026-03-11,melding,ja,,\n"
            f"C5,{B},2025-06-01,melding,nee,,\n"
            f"C6,{B},2025-06-02,melding,onbekend,,\n"
            f"C7,{B},2025-06-03,melding,,,\n"
        ),
    )


# ---------------------------------------------------------------------------------------------
# monitoring: W <= peildatum < W + 12 months


def test_monitoring_from_the_talk_to_the_day_before_twelve_months(warned):
    assert signals("2025-03-09", "monitoring") == []
    assert signals("2025-03-10", "monitoring") == [("E1", "monitoring", "2025-03-10", A, "W1")]
    assert signals("2026-03-09", "monitoring") == [("E1", "monitoring", "2025-03-10", A, "W1")]
    assert signals("2026-03-10", "monitoring") == []
    assert regels.monitoring_on(date(2025, 3, 9)) == {}
    assert regels.monitoring_on(date(2026, 3, 9)) == {pk("E1"): date(2025, 3, 10)}
    assert regels.monitoring_on(date(2026, 3, 10)) == {}


def test_the_term_is_a_parameter(warned):
    assert signals("2025-09-09", "monitoring", maanden=6) == [
        ("E1", "monitoring", "2025-03-10", A, "W1")
    ]
    assert signals("2025-09-10", "monitoring", maanden=6) == []
    assert [s[4] for s in signals("2026-12-31", "recidive", maanden=6)] == ["C2"]


def test_a_later_warning_talk_restarts_monitoring_one_row_per_owner(tmp_path):
    deliver(
        tmp_path / "levering",
        brk=f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n",
        handhavingen=(
            f"W1,{A},E1,2025-03-10,waarschuwingsgesprek,,\n"
            f"W2,,E1,2025-08-01,waarschuwingsgesprek,,\n"
        ),
    )
    assert signals("2025-09-01", "monitoring") == [("E1", "monitoring", "2025-08-01", "", "W2")]
    assert signals("2026-07-31", "monitoring") == [("E1", "monitoring", "2025-08-01", "", "W2")]
    assert signals("2026-08-01", "monitoring") == []


def test_twelve_months_after_29_february_is_28_february(tmp_path):
    deliver(
        tmp_path / "levering",
        brk=f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n",
        handhavingen=f"W1,{A},E1,2024-02-29,waarschuwingsgesprek,,\n",
        controles=(f"C1,{A},2025-02-28,melding,ja,,\nC2,{A},2025-03-01,melding,ja,,\n"),
    )
    assert signals("2025-02-27", "monitoring") != []
    assert signals("2025-02-28", "monitoring") == []
    assert [s[4] for s in signals("2025-12-31", "recidive")] == ["C1"]


def test_an_owner_less_warning_talk_counts_for_the_owners_of_the_object_that_day(tmp_path):
    deliver(
        tmp_path / "levering",
        brk=(
            f"{A},E1,natuurlijk_persoon,,,1/2,2019-05-01\n"
            f"{A},E2,natuurlijk_persoon,,,1/2,2025-03-10\n"
            f"{A},E3,natuurlijk_persoon,,,1/2,2025-03-11\n"
            f"{A},E4,natuurlijk_persoon,,,1/2,\n"
        ),
        handhavingen=f"W1,{A},,2025-03-10,waarschuwingsgesprek,,\n",
    )
    # E3 acquired the day after; E4's acquisition date is unknown, so it proves nothing.
    assert signals("2025-06-01", "monitoring") == [
        ("E1", "monitoring", "2025-03-10", A, "W1"),
        ("E2", "monitoring", "2025-03-10", A, "W1"),
    ]
    assert [
        o.eigenaar_id
        for o in regels.owners_on(Verblijfsobject.objects.get(object_id=A).pk, date(2025, 3, 10))
    ] == ["E1", "E2"]


# ---------------------------------------------------------------------------------------------
# recidive: W < inspection <= W + 12 months, inspection <= peildatum


def test_recidivism_after_the_talk_up_to_twelve_months_later(warned):
    assert signals("2026-12-31", "recidive") == [
        ("E1", "recidive", "2025-03-11", B, "C2"),
        ("E1", "recidive", "2026-03-10", B, "C3"),
    ]


def test_recidivism_not_after_the_peildatum(warned):
    assert signals("2025-03-10", "recidive") == []
    assert [s[4] for s in signals("2025-03-11", "recidive")] == ["C2"]
    assert [s[4] for s in signals("2026-03-09", "recidive")] == ["C2"]
    assert [s[4] for s in signals("2026-03-10", "recidive")] == ["C2", "C3"]


def test_the_alert_window_agrees_with_the_recidive_signal(warned):
    e1 = {pk("E1"): date(2025, 3, 10)}
    assert regels.recidive_window_on(date(2025, 3, 10)) == {}
    assert regels.recidive_window_on(date(2025, 3, 11)) == e1
    assert regels.recidive_window_on(date(2026, 3, 10)) == e1
    assert regels.recidive_window_on(date(2026, 3, 11)) == {}


def test_ownership_acquired_after_the_inspection_does_not_count(tmp_path):
    deliver(
        tmp_path / "levering",
        brk=(
            f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n"
            f"{B},E1,natuurlijk_persoon,,,1/1,2025-06-02\n"
        ),
        handhavingen=f"W1,{A},E1,2025-03-10,waarschuwingsgesprek,,\n",
        controles=(
            f"C1,{B},2025-06-01,melding,ja,,\n"
            f"C2,{B},2025-06-02,melding,ja,,\n"
            f"C3,{B},2025-06-03,melding,ja,,\n"
        ),
    )
    assert [s[4] for s in signals("2025-12-31", "recidive")] == ["C2", "C3"]


def test_ownership_ended_before_the_inspection_does_not_count(tmp_path):
    brk = (
        f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n{B},E1,natuurlijk_persoon,,,1/1,2020-01-01\n"
    )
    rest = {
        "handhavingen": "W1,,E1,2024-06-01,waarschuwingsgesprek,,\n",
        "controles": (
            f"C1,{B},2024-12-31,melding,ja,,\n"
            f"C2,{B},2025-01-01,melding,ja,,\n"
            f"C3,{B},2025-01-02,melding,ja,,\n"
        ),
    }
    deliver(tmp_path / "eerste", brk=brk, peildatum="2024-07-01", **rest)
    # The next delivery no longer lists E1 for B: sold, the ownership ends on its date.
    brk_later = brk.replace(
        f"{B},E1,natuurlijk_persoon,,,1/1,2020-01-01", f"{B},E2,rechtspersoon,,,1/1,2024-12-15"
    )
    deliver(tmp_path / "tweede", brk=brk_later, peildatum="2025-01-01", **rest)
    assert Eigendom.objects.get(
        eigenaar__eigenaar_id="E1", verblijfsobject__object_id=B
    ).beeindigd_op == date(2025, 1, 1)
    assert [s[4] for s in signals("2025-06-01", "recidive")] == ["C1", "C2"]
    # E2 owned B from 2024-12-15: C1 to C3 count for E2 as a stop-talk candidate.
    assert signals("2025-06-01", "stopgesprek_kandidaat") == [
        ("E1", "stopgesprek_kandidaat", "2025-01-01", B, "C2"),
        ("E2", "stopgesprek_kandidaat", "2025-01-02", B, "C3"),
    ]


# ---------------------------------------------------------------------------------------------
# stopgesprek_kandidaat: >= 2 inspections with P - 4 years < date <= P, no stop talk then


@pytest.fixture
def repeat(tmp_path):
    """E1 owns A and B; violations on A on 2021-05-10 and on B on 2023-01-15."""

    def make(handhavingen=""):
        deliver(
            tmp_path / "levering",
            brk=(
                f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n"
                f"{B},E1,natuurlijk_persoon,,,1/1,2020-03-01\n"
            ),
            controles=(
                f"C1,{A},2021-05-10,proactief,ja,,\n"
                f"C2,{B},2023-01-15,melding,ja,,\n"
                f"C3,{B},2023-02-01,melding,nee,,\n"
            ),
            handhavingen=handhavingen,
        )

    return make


def test_candidate_from_the_second_violation_for_four_years_after_the_first(repeat):
    repeat()
    assert signals("2023-01-14", "stopgesprek_kandidaat") == []
    assert signals("2023-01-15", "stopgesprek_kandidaat") == [
        ("E1", "stopgesprek_kandidaat", "2023-01-15", B, "C2")
    ]
    assert signals("2025-05-09", "stopgesprek_kandidaat") != []
    # Four years after C1 it no longer counts: one violation left.
    assert signals("2025-05-10", "stopgesprek_kandidaat") == []
    [kandidaat] = regels.stop_talk_candidates(date(2025, 5, 9))
    assert (kandidaat.eigenaar.eigenaar_id, kandidaat.laatste) == ("E1", date(2023, 1, 15))
    assert [(v.bron_id, v.object_id) for v in kandidaat.overtredingen] == [("C1", A), ("C2", B)]
    assert regels.stop_talk_candidates(date(2025, 5, 10)) == []


@pytest.mark.parametrize(
    ("gesprek", "kandidaat"),
    [
        ("2021-05-08", True),  # four years and a day before the peildatum
        ("2021-05-09", True),  # exactly four years before: outside the window
        ("2021-05-10", False),  # the first day of the window
        ("2025-05-09", False),  # on the peildatum
        ("2025-05-10", True),  # after the peildatum
    ],
)
def test_a_stop_talk_in_the_window_ends_the_candidacy(repeat, gesprek, kandidaat):
    repeat(f"S1,,E1,{gesprek},stopgesprek,,\n")
    assert bool(signals("2025-05-09", "stopgesprek_kandidaat")) is kandidaat


def test_an_owner_less_stop_talk_counts_for_the_owner_of_the_object(repeat):
    repeat(f"S1,{B},,2023-03-01,stopgesprek,,\n")
    assert signals("2024-06-30", "stopgesprek_kandidaat") == []


def test_one_inspection_is_not_enough_and_two_rows_of_one_inspection_are_one(tmp_path):
    deliver(
        tmp_path / "levering",
        brk=f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n",
        controles=f"C1,{A},2023-01-15,melding,ja,,\nC1,{A},2023-01-16,melding,ja,,\n",
    )
    assert Controle.objects.count() == 1
    assert signals("2024-01-01") == []


# ---------------------------------------------------------------------------------------------
# rows the importer rejects do not count


def test_rows_the_importer_rejects_do_not_count(tmp_path):
    report = deliver(
        tmp_path / "levering",
        brk=(
            f"{A},E1,natuurlijk_persoon,,,1/1,2019-05-01\n"
            f"{B},E1,huurder,,,1/1,2019-05-01\n"  # no such kind of owner: refused
        ),
        handhavingen=(
            f"W1,{A},E1,2025-02-30,waarschuwingsgesprek,,\n"  # no such date
            f"W2,{A},E1,2025-03-10,gesprek,,\n"  # no such instrument
            "W3,,,2025-03-10,waarschuwingsgesprek,,\n"  # neither object nor owner
            "W4,0599010000000077,E1,2025-03-10,waarschuwingsgesprek,,\n"  # unknown object
            "W5,,E1,2025-03-01,waarschuwingsgesprek,,\n"  # the talk that counts
        ),
        controles=(
            f"C1,{A},2025-04-31,melding,ja,,\n"  # no such date
            f"C2,{A},2025-04-01,melding,misschien,,\n"  # no such outcome
            "C3,0599010000000077,2025-04-01,melding,ja,,\n"  # unknown object
            f"C4,{B},2025-04-01,melding,ja,,\n"  # B's ownership was refused
            f"C5,{A},2025-04-02,melding,ja,,\n"  # the one that counts
            f"C6,{A},2025-04-03,zomaar,ja,,\n"  # no such reason
        ),
    )
    assert report["handhavingen.csv"].rejected_rows == 4
    assert report["controles.csv"].rejected_rows == 4
    assert report["brk_eigendom.csv"].rejected_rows == 1
    assert list(Handhaving.objects.values_list("bron_id", flat=True)) == ["W5"]
    assert sorted(Controle.objects.values_list("bron_id", flat=True)) == ["C4", "C5"]
    # Counted, the refused rows would make a later monitoring start, more recidivism, and a
    # stop-talk candidate.
    assert signals("2025-06-01") == [
        ("E1", "monitoring", "2025-03-01", "", "W5"),
        ("E1", "recidive", "2025-04-02", A, "C5"),
    ]
