"""References people read aloud and type over: a prefix and eight characters in two groups,
from an alphabet without 0/O and 1/I (for example GW-7KQ2-M9XD). Drawn at random; the
database's unique constraint catches the rare collision and the caller draws again."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"
