"""Anchors of the processing-log chain, kept outside the database.

Whoever can write the database can cut the chain's tail and move its head back, or rewrite a
line and recompute every hash after it: the chain alone then still verifies. An anchor is the
head of the chain at a moment (number and hash), signed with HMAC-SHA256 under
GOEDWONEN_LOG_ANCHOR_KEY, a key the database does not hold, and appended to a JSON-lines file
outside the database (GOEDWONEN_LOG_ANCHOR_FILE), and to syslog when GOEDWONEN_LOG_ANCHOR_SYSLOG
is set. Verification (`processing_log_verify`) then finds a chain shorter than an anchor, or a
line whose hash is not the anchored one. The file is only ever appended to; making it
append-only for everyone else is the deployment's part (docs/adr/0003-processing-log.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import logging.handlers
import os
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from django.conf import settings
from django.utils import timezone

from .models import LogKetting

logger = logging.getLogger(__name__)

# What an anchor records: the head after sealing, or the head a verification found intact.
SEALED = "verzegeling"
VERIFIED = "controle"
# The last anchor sits in the file's last line; anchors are about 250 bytes.
_TAIL_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Anchor:
    volgnummer: int
    hash: str
    tijd: datetime
    soort: str


class AnchorError(Exception):
    """The anchor file cannot be read or written, or holds a line that is not a genuine anchor.
    The message (Dutch) says which line and why."""


def _key() -> bytes:
    return settings.LOG_ANCHOR_KEY.encode()


def _key_id(key: bytes) -> str:
    """Names the key without revealing it, so an anchor signed with another key (a rotated
    one, or a forger's) is reported as such."""
    return hashlib.sha256(b"goedwonen-log-anchor-key:" + key).hexdigest()[:16]


def _signature(key: bytes, fields: dict[str, object]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def anchor_write(*, volgnummer: int, hash: str, soort: str) -> Anchor:
    """Append one signed anchor to the file (and syslog). The file is opened with O_APPEND and
    written in one write, so anchors from several processes never mix, and synced to disk."""
    anchor = Anchor(volgnummer, hash, timezone.now().astimezone(UTC), soort)
    key = _key()
    fields: dict[str, object] = {
        "volgnummer": anchor.volgnummer,
        "hash": anchor.hash,
        "tijd": anchor.tijd.isoformat(),
        "soort": anchor.soort,
        "sleutel": _key_id(key),
    }
    signed = {**fields, "handtekening": _signature(key, fields)}
    line = json.dumps(signed, ensure_ascii=False) + "\n"
    path = Path(settings.LOG_ANCHOR_FILE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            data = line.encode()
            if os.write(fd, data) != len(data):
                raise OSError("het anker is maar gedeeltelijk geschreven")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise AnchorError(f"het anker kon niet in {path} worden geschreven: {error}") from error
    if settings.LOG_ANCHOR_SYSLOG:
        _to_syslog(line.rstrip("\n"))
    return anchor


def _to_syslog(line: str) -> None:
    """A second copy on another machine, when syslog forwards it there. Best effort: the file
    is the copy verification reads."""
    target = settings.LOG_ANCHOR_SYSLOG
    host, _, port = target.rpartition(":")
    address: str | tuple[str, int] = (
        (host, int(port)) if not target.startswith("/") and port.isdigit() else target
    )
    try:
        handler = logging.handlers.SysLogHandler(
            address=address, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV
        )
        handler.ident = "goedwonen-logketen: "
        try:
            handler.emit(logging.makeLogRecord({"msg": line, "levelname": "INFO"}))
        finally:
            handler.close()
    except OSError:
        logger.exception("Anker van de logketen niet naar syslog (%s) verstuurd", target)


def _parse(text: str, key: bytes, key_id: str) -> Anchor:
    """The anchor in one line of the file; AnchorError (without the line number) when it is
    not one of ours."""
    try:
        record = json.loads(text)
        signature = record.pop("handtekening")
        anchor = Anchor(
            int(record["volgnummer"]),
            str(record["hash"]),
            datetime.fromisoformat(record["tijd"]),
            str(record["soort"]),
        )
        signed_with = record["sleutel"]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise AnchorError(f"geen leesbaar anker ({error})") from error
    if signed_with != key_id:
        raise AnchorError(
            f"ondertekend met een andere sleutel ({signed_with}): vervalst, of de sleutel is "
            "vervangen zonder een nieuw ankerbestand te beginnen"
        )
    if not isinstance(signature, str) or not hmac.compare_digest(
        signature, _signature(key, record)
    ):
        raise AnchorError("de handtekening klopt niet: het anker is vervalst of gewijzigd")
    return anchor


def anchors_read() -> Iterator[Anchor]:
    """Every anchor in the file, in the order written; none when there is no file yet.

    Raises AnchorError naming the file's line for a line that is not a genuine anchor: a
    forged or altered one, or one signed with another key."""
    path = Path(settings.LOG_ANCHOR_FILE)
    try:
        file = path.open(encoding="utf-8")
    except FileNotFoundError:
        return
    except OSError as error:
        raise AnchorError(f"het ankerbestand {path} is niet te lezen: {error}") from error
    key = _key()
    key_id = _key_id(key)
    with file:
        for number, text in enumerate(file, 1):
            try:
                yield _parse(text, key, key_id)
            except AnchorError as error:
                raise AnchorError(f"regel {number} van het ankerbestand {path}: {error}") from None


class AnchorIndex:
    """Every anchor in the file, in line order, held in arrays (49 bytes an anchor, not a
    Python object each): at the default of one a minute, a year of anchors takes 26 MB.

    Raises AnchorError, as `anchors_read` does, for a file that is not genuine."""

    def __init__(self) -> None:
        numbers, times, verified, digests = array("q"), array("d"), array("b"), bytearray()
        for anchor in anchors_read():
            numbers.append(anchor.volgnummer)
            times.append(anchor.tijd.timestamp())
            verified.append(anchor.soort == VERIFIED)
            digests += bytes.fromhex(anchor.hash)
        # Concurrent writers append slightly out of line order (a check anchors the head it
        # verified after the worker anchored a later one).
        order = np.argsort(np.frombuffer(numbers, dtype=np.int64), kind="stable")
        self._numbers = np.frombuffer(numbers, dtype=np.int64)[order]
        self._times = np.frombuffer(times, dtype=np.float64)[order]
        self._verified = np.frombuffer(verified, dtype=np.int8)[order]
        # Bytes, not numpy's "S32" strings: those drop trailing zero bytes, and one hash in 256
        # ends in one (it then read as another hash, and the chain as rewritten).
        self._digests = np.frombuffer(bytes(digests), dtype=np.uint8).reshape(-1, 32)[order]

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, position: int) -> Anchor:
        return Anchor(
            int(self._numbers[position]),
            self._digests[position].tobytes().hex(),
            datetime.fromtimestamp(float(self._times[position]), UTC),
            VERIFIED if self._verified[position] else SEALED,
        )


def anchor_last() -> Anchor | None:
    """The anchor in the file's last line, if it is a genuine one."""
    path = Path(settings.LOG_ANCHOR_FILE)
    try:
        with path.open("rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - _TAIL_BYTES))
            lines = file.read().decode("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return None
    key = _key()
    try:
        return _parse(lines[-1], key, _key_id(key)) if lines else None
    except AnchorError:
        return None  # verification names it; anchoring goes on


def processing_log_anchor(*, now: datetime | None = None) -> Anchor | None:
    """Anchor the chain's head when it moved since the last anchor and that one is at least
    LOG_ANCHOR_SECONDS old; the worker calls this after every round of sealing. Return the
    anchor written, if any."""
    head = LogKetting.objects.get(pk=1)
    if head.volgnummer == 0:
        return None  # nothing sealed yet
    last = anchor_last()
    if last is not None:
        if (last.volgnummer, last.hash) == (head.volgnummer, head.hash):
            return None
        if (now or timezone.now()) - last.tijd < timedelta(seconds=settings.LOG_ANCHOR_SECONDS):
            return None
    return anchor_write(volgnummer=head.volgnummer, hash=head.hash, soort=SEALED)
