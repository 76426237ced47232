"""The landlord rules (issue 13, point 7) on hand-made source files imported through the real
importer: each term on its boundaries, ownership, rejected rows, and product records."""

from __future__ import annotations

from datetime import date

import pytest

from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import Eigenaar
from goedwonen.verhuurders import regels

pytestmark = pytest.mark.django_db

A = "0599010000000001"  # a dwelling
B = "0599010000000003"  # another dwelling
BRK_HEADER = "object_id,eigenaar_id,eigenaar_soort,eigenaar_naam,kvk_nummer,aandeel,verkregen_op\n"
CONTROLES_HEADER = (
    "bron_id,object_id,datum,aanleiding,overtreding,categorieen,aangetroffen_personen\n"
)
HANDHAVINGEN_HEADER = "bron_id,object_id,eigenaar_id,datum,instrument,categorie,bedrag\n"


def deliver(folder, *, brk, controles="", handhavingen="", peildatum=None):
    """Write the files the rules read into the hand-made folder and import it."""
    from tests.registry.conftest import write_folder

    write_folder(folder)
    if peildatum:
        manifest = (folder / "manifest.json").read_text()
        (folder / "manifest.json").write_text(manifest.replace("2026-10-01", peildatum))
    (folder / "brk_eigendom.csv").write_text(BRK_HEADER + brk)
    (folder / "controles.csv").write_text(CONTROLES_HEADER + controles)
    (folder / "handhavingen.csv").write_text(HANDHAVINGEN_HEADER + handhavingen)
    return import_folder(actor=None, folder=folder, progress=False)


def signals(peildatum, **kwargs):
    return [
        (s.eigenaar_id, s.signaal, s.datum.isoformat(), s.object_id, s.bron_id)
        for s in regels.landlord_signals(date.fromisoformat(peildatum), **kwargs)
    ]


@pytest.fixture
def warned(tmp_path):
    """E1 owns A since 2019 and B since 2024; a warning talk about A on 2025-03-10."""
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
        ),
    )


def test_monitoring_from_the_talk_to_the_day_before_twelve_months(warned):
    monitoring = [s for s in signals("2025-03-10") if s[1] == "monitoring"]
    assert monitoring == [("E1", "monitoring", "2025-03-10", A, "W1")]
    assert [s for s in signals("2025-03-09") if s[1] == "monitoring"] == []
    assert [s[1] for s in signals("2026-03-09") if s[1] == "monitoring"] == ["monitoring"]
    assert [s for s in signals("2026-03-10") if s[1] == "monitoring"] == []
    e1 = Eigenaar.objects.get(eigenaar_id="E1").pk
    assert regels.monitoring_on(date(2026, 3, 9)) == {e1: date(2025, 3, 10)}
    assert regels.monitoring_on(date(2026, 3, 10)) == {}


def test_recidivism_after_the_talk_up_to_twelve_months_later(warned):
    recidive = [s for s in signals("2026-12-31") if s[1] == "recidive"]
    assert recidive == [
        ("E1", "recidive", "2025-03-11", B, "C2"),
        ("E1", "recidive", "2026-03-10", B, "C3"),
    ]
    # Not after the peildatum.
    assert [s[4] for s in signals("2025-03-11") if s[1] == "recidive"] == ["C2"]
    assert [s[4] for s in signals("2025-03-10") if s[1] == "recidive"] == []


def test_candidate_with_two_violations_in_four_years(warned):
    assert [s for s in signals("2026-12-31") if s[1] == "stopgesprek_kandidaat"] == [
        ("E1", "stopgesprek_kandidaat", "2026-03-11", B, "C4")
    ]
    [kandidaat] = regels.stop_talk_candidates(date(2026, 12, 31))
    assert kandidaat.eigenaar.eigenaar_id == "E1"
    assert [v.bron_id for v in kandidaat.overtredingen] == ["C1", "C2", "C3", "C4"]
    assert kandidaat.laatste == date(2026, 3, 11)
