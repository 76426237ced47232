"""`goedwonen verhuurders --peildatum --out`: the signals file, its errors, its log lines."""

from __future__ import annotations

import pytest

from django.core.management import CommandError, call_command

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.processing_log import DataSubject, pseudonymise
from tests.verhuurders.test_regels import A, B, warned  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

EXPORT = "verhuurders: signalen exporteren"


def test_the_file_has_the_columns_and_the_signals_sorted(warned, tmp_path):  # noqa: F811
    out = tmp_path / "signalen.csv"
    call_command("verhuurders", "--peildatum", "2025-06-01", "--out", str(out))
    assert out.read_text(encoding="utf-8").splitlines() == [
        "eigenaar_id,signaal,datum,object_id,bron_id",
        f"E1,monitoring,2025-03-10,{A},W1",
        f"E1,recidive,2025-03-11,{B},C2",
        f"E1,stopgesprek_kandidaat,2025-03-11,{B},C2",
    ]
    [line] = Verwerkingslog.objects.filter(name=EXPORT)
    assert line.verwerkingsactiviteit.code == "verhuurdermonitoring"
    assert line.object_ref == "verhuurdersignalen:2025-06-01"
    assert line.data_subject_id == pseudonymise(DataSubject("eigenaar", "E1"))


def test_no_signals_is_a_file_with_only_the_header(warned, tmp_path):  # noqa: F811
    out = tmp_path / "signalen.csv"
    call_command("verhuurders", "--peildatum", "2020-01-01", "--out", str(out))
    assert out.read_text(encoding="utf-8") == "eigenaar_id,signaal,datum,object_id,bron_id\n"
    assert Verwerkingslog.objects.filter(name=EXPORT).count() == 1


@pytest.mark.parametrize(
    ("peildatum", "reason"),
    [
        ("2025-02-30", "JJJJ-MM-DD"),
        ("31-12-2025", "JJJJ-MM-DD"),
        ("2025-1-5", "JJJJ-MM-DD"),
        ("gisteren", "JJJJ-MM-DD"),
        ("", "JJJJ-MM-DD"),
        ("0001-01-01", "Kies een datum van"),
        ("9999-12-31", "Kies een datum van"),
    ],
)
def test_a_bad_date_is_refused_in_dutch_and_writes_nothing(peildatum, reason, tmp_path):
    out = tmp_path / "signalen.csv"
    with pytest.raises(CommandError, match=rf"Ongeldige peildatum .*{reason}"):
        call_command("verhuurders", "--peildatum", peildatum, "--out", str(out))
    assert not out.exists()
    assert not Verwerkingslog.objects.filter(name=EXPORT).exists()


def test_an_unwritable_file_is_refused_in_dutch_and_logs_nothing(warned, tmp_path):  # noqa: F811
    with pytest.raises(CommandError, match=r"De map .*bestaat niet"):
        call_command("verhuurders", "--peildatum", "2025-06-01", "--out", str(tmp_path / "x/s.csv"))
    with pytest.raises(CommandError, match="is een map"):
        call_command("verhuurders", "--peildatum", "2025-06-01", "--out", str(tmp_path))
    (tmp_path / "bestand").write_text("")
    with pytest.raises(CommandError, match=r"bestaat niet|niet schrijven"):
        call_command(
            "verhuurders", "--peildatum", "2025-06-01", "--out", str(tmp_path / "bestand/s.csv")
        )
    assert not Verwerkingslog.objects.filter(name=EXPORT).exists()


def test_a_failed_write_keeps_the_earlier_file_and_logs_nothing(warned, tmp_path):  # noqa: F811
    out = tmp_path / ("s" * 250 + ".csv")  # the name of the file written first is too long
    out.write_text("vorige uitkomst\n")
    with pytest.raises(CommandError, match="niet schrijven: de bestandsnaam is te lang"):
        call_command("verhuurders", "--peildatum", "2025-06-01", "--out", str(out))
    assert out.read_text() == "vorige uitkomst\n"
    assert not Verwerkingslog.objects.filter(name=EXPORT).exists()
