"""The chain's head anchored outside the database: whoever rewrites the database (past its
guard, as the tables' owner can) cannot make the log verify again."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.log_anchor import SEALED, anchor_write, anchors_read, processing_log_anchor
from goedwonen.core.models import (
    Ketencontrole,
    LogKetting,
    Verwerkingsactiviteitcode,
    Verwerkingslog,
)
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import (
    GENESIS_HASH,
    DataSubject,
    _line_hash,
    processing_log_record,
    processing_log_seal,
    processing_log_verify,
)
from tests.conftest import log_guard_lifted

pytestmark = pytest.mark.django_db

WHEN = r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d"


def _record(count, start=0):
    for n in range(start, start + count):
        processing_log_record(
            actor=None,
            operation=f"Inzage {n}",
            activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
            subjects=[DataSubject("eigenaar", f"E{n}")],
        )


def _verify_log_fails() -> str:
    with pytest.raises(CommandError) as raised:
        call_command("verify_log")
    assert raised.value.returncode == 1
    return str(raised.value)


def _as_owner(*statements):
    """Raw SQL past the database's guard, as the tables' owner can."""
    with log_guard_lifted(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def _cut_tail_and_move_head_back(keep):
    """Delete every line after `keep` and set the head to the last line kept."""
    gone = list(Verwerkingslog.objects.filter(volgnummer__gt=keep).values_list("pk", flat=True))
    last = Verwerkingslog.objects.get(volgnummer=keep).hash if keep else GENESIS_HASH
    marks = ",".join(["%s"] * len(gone))
    _as_owner(
        (f"DELETE FROM core_auditregel WHERE logregel_id IN ({marks})", gone),
        (f"DELETE FROM core_verwerkingslog WHERE id IN ({marks})", gone),
        ("UPDATE core_logketting SET volgnummer = %s, hash = %s WHERE id = 1", [keep, last]),
    )


def _rewrite_and_rehash(volgnummer, name):
    """Change one line, then recompute its hash, every later line's and the head, as anyone
    who has read the code can."""
    with log_guard_lifted(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_verwerkingslog SET name = %s WHERE volgnummer = %s", [name, volgnummer]
        )
        previous = Verwerkingslog.objects.filter(volgnummer=volgnummer - 1).first()
        previous_hash = previous.hash if previous else GENESIS_HASH
        later = Verwerkingslog.objects.filter(volgnummer__gte=volgnummer).select_related("audit")
        for line in later.order_by("volgnummer"):
            line.vorige_hash = previous_hash
            line.hash = previous_hash = _line_hash(line, line.audit)
            cursor.execute(
                "UPDATE core_verwerkingslog SET vorige_hash = %s, hash = %s WHERE id = %s",
                [line.vorige_hash, line.hash, line.pk],
            )
        cursor.execute("UPDATE core_logketting SET hash = %s WHERE id = 1", [previous_hash])


def test_the_worker_anchors_the_head_and_verification_agrees(run_worker, capsys):
    _record(3)
    run_worker()  # seals and anchors
    (anchor,) = anchors_read()
    third = Verwerkingslog.objects.get(volgnummer=3)
    assert (anchor.volgnummer, anchor.hash, anchor.soort) == (3, third.hash, "verzegeling")
    call_command("verify_log")
    out = capsys.readouterr().out
    assert re.search(
        rf"Logketen intact: 3 regels gecontroleerd\. De keten klopt met het anker van {WHEN} "
        r"\(tot regel 3\)\.",
        out,
    ), out
    # The check anchors what it found intact, too.
    assert [a.soort for a in anchors_read()] == ["verzegeling", "controle"]
    check = Ketencontrole.objects.get()
    assert (check.intact, check.kop_volgnummer, check.kop_hash) == (True, 3, third.hash)


def test_an_anchored_hash_ending_in_a_zero_byte_is_read_as_written():
    """One hash in 256 ends in a zero byte; the anchors' index once dropped it, and the nightly
    check then called an untouched chain rewritten (CI caught it on a test's one line)."""
    processing_log_record(
        actor=None,
        operation="Inzage",
        activity=Verwerkingsactiviteitcode.ACCOUNTBEHEER,
        objects=[(f"casus:{n}", None) for n in range(4_000)],
    )
    processing_log_seal()
    # Among 4,000 hashes, none ending in 00 has a chance of 1 in 6 million.
    line = Verwerkingslog.objects.filter(hash__endswith="00").order_by("volgnummer").first()
    assert line is not None
    anchor_write(volgnummer=line.volgnummer, hash=line.hash, soort=SEALED)
    check = processing_log_verify()
    assert check.describe().startswith("Logketen intact: 4000 regels gecontroleerd."), (
        check.describe()
    )
    assert check.furthest_anchor.hash == line.hash


def test_tail_cut_and_head_moved_back_fails_naming_the_missing_lines(run_worker):
    _record(5)
    run_worker()
    _cut_tail_and_move_head_back(keep=3)
    finding = _verify_log_fails()
    assert re.search(
        rf"Logketen verbroken bij regel volgnummer 4: de keten is korter dan het anker van "
        rf"{WHEN}: regels 4\.\.5 ontbreken",
        finding,
    ), finding
    check = Ketencontrole.objects.get()
    assert (check.intact, check.volgnummer, check.bevinding) == (False, 4, finding)


def test_the_privacy_officers_button_names_it_too(client, make_user, run_worker):
    officer = make_user([Capability.LOG_SEARCH])
    _record(4)
    run_worker()
    _cut_tail_and_move_head_back(keep=2)
    client.force_login(officer)
    page = client.post(reverse("privacy-log-verify"), follow=True).content.decode()
    assert re.search(rf"korter dan het anker van {WHEN}: regels 3\.\.4 ontbreken", page), page
    assert "Verbroken" in page


def test_everything_deleted_and_head_reset_fails(run_worker):
    _record(3)
    run_worker()
    _cut_tail_and_move_head_back(keep=0)
    assert not Verwerkingslog.objects.exists()
    finding = _verify_log_fails()
    assert re.search(rf"korter dan het anker van {WHEN}: regels 1\.\.3 ontbreken", finding)


def test_a_rewritten_line_with_every_hash_recomputed_is_named(run_worker, settings):
    settings.LOG_ANCHOR_SECONDS = 0  # an anchor after every round of sealing
    for n in range(3):
        _record(1, start=n)
        run_worker()
    assert [a.volgnummer for a in anchors_read()] == [1, 2, 3]
    line = Verwerkingslog.objects.get(volgnummer=2)
    _rewrite_and_rehash(2, "Iets onschuldigs")
    finding = _verify_log_fails()
    assert re.search(
        rf"Logketen verbroken bij regel volgnummer 2 \(id {line.pk}\): regel 2 wijkt af van "
        rf"het anker van {WHEN}: herschreven, en de hashes erna zijn opnieuw berekend",
        finding,
    ), finding


def test_a_rewrite_between_anchors_is_narrowed_to_the_lines_since_the_last_one(run_worker):
    _record(2)
    run_worker()  # anchors 2
    _record(3, start=2)
    call_command("verify_log")  # seals 3..5 and anchors 5
    _rewrite_and_rehash(4, "Iets onschuldigs")
    finding = _verify_log_fails()
    assert re.search(
        rf"bij regel volgnummer 3: regel 5 wijkt af van het anker van {WHEN}: herschreven; de "
        r"wijziging zit in regels 3\.\.5, en de hashes erna zijn opnieuw berekend",
        finding,
    ), finding


def test_a_forged_anchor_fails_naming_its_line_in_the_file(run_worker, settings):
    _record(2)
    run_worker()
    with open(settings.LOG_ANCHOR_FILE) as file:
        genuine = json.loads(file.read())
    forged = genuine | {"volgnummer": 1, "hash": "f" * 64}  # the signature of another anchor
    with open(settings.LOG_ANCHOR_FILE, "a") as file:
        file.write(json.dumps(forged) + "\n")
    finding = _verify_log_fails()
    assert finding == (
        f"Logketen niet te controleren: regel 2 van het ankerbestand {settings.LOG_ANCHOR_FILE}: "
        "de handtekening klopt niet: het anker is vervalst of gewijzigd"
    )


def test_anchors_signed_with_another_key_are_reported(run_worker, settings):
    _record(1)
    run_worker()
    settings.LOG_ANCHOR_KEY = "een-andere-sleutel-van-minstens-32-tekens"
    finding = _verify_log_fails()
    assert "regel 1 van het ankerbestand" in finding
    assert "ondertekend met een andere sleutel" in finding


def test_the_head_behind_the_last_verification_fails_without_the_anchors(settings, tmp_path):
    _record(3)
    call_command("verify_log")  # intact: keeps the head it verified
    settings.LOG_ANCHOR_FILE = tmp_path / "elders.jsonl"  # the anchors out of reach
    _cut_tail_and_move_head_back(keep=2)
    finding = _verify_log_fails()
    assert re.search(rf"korter dan bij de controle van {WHEN}: regel 3 ontbreekt", finding)


def test_the_head_is_anchored_when_it_moved_and_the_last_anchor_is_old_enough(settings):
    settings.LOG_ANCHOR_SECONDS = 60
    assert processing_log_anchor() is None  # nothing sealed yet
    _record(1)
    processing_log_seal()
    assert processing_log_anchor().volgnummer == 1
    assert processing_log_anchor() is None  # the head did not move
    _record(1, start=1)
    processing_log_seal()
    assert processing_log_anchor() is None  # it moved, but within the minute
    later = timezone.now() + timedelta(seconds=61)
    assert processing_log_anchor(now=later).volgnummer == 2
    assert [a.volgnummer for a in anchors_read()] == [1, 2]


def test_an_anchor_file_that_cannot_be_read_fails_the_check(settings, tmp_path):
    _record(1)
    settings.LOG_ANCHOR_FILE = tmp_path  # a folder
    finding = _verify_log_fails()
    assert finding.startswith(
        f"Logketen niet te controleren: het ankerbestand {tmp_path} is niet te lezen:"
    )
    assert Ketencontrole.objects.get().intact is False


def test_anchors_also_go_to_syslog(settings, run_worker):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(5)
        settings.LOG_ANCHOR_SYSLOG = f"127.0.0.1:{server.getsockname()[1]}"
        _record(1)
        run_worker()
        message = server.recv(4096).decode()
    head = LogKetting.objects.get()
    # <priority>ident JSON: authpriv (10) * 8 + info (6) = 86.
    assert message.startswith("<86>goedwonen-logketen: {")
    sent = json.loads(message.split(": ", 1)[1].rstrip("\x00"))
    assert (sent["volgnummer"], sent["hash"]) == (1, head.hash)


def test_production_refuses_to_start_without_an_anchor_key(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "GOEDWONEN_DEBUG": "false",
        "GOEDWONEN_SECRET_KEY": "s" * 50,
        "GOEDWONEN_ALLOWED_HOSTS": "goedwonen.example.org",
        "GOEDWONEN_VAR_DIR": str(tmp_path),
    }
    started = subprocess.run(
        [sys.executable, "-c", "import goedwonen.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode == 1
    assert "GOEDWONEN_LOG_ANCHOR_KEY is required when GOEDWONEN_DEBUG=false" in started.stderr
    assert not (tmp_path / "log_anchor_key").exists()
