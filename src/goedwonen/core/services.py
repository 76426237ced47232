"""Writes of the core app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .log_anchor import VERIFIED, AnchorError, anchor_write
from .models import Ketencontrole
from .policy import Capability, require
from .processing_log import processing_log_seal, processing_log_verify

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def chain_check_run(*, actor: User | None) -> Ketencontrole:
    """Seal what waits, verify the whole log chain against itself, the anchors outside the
    database and the previous check, anchor the head found intact, and keep the outcome.
    `actor` None: the nightly task or the command."""
    if actor is not None:
        require(actor, Capability.LOG_SEARCH)
    processing_log_seal()
    check = processing_log_verify()
    bevinding = check.describe()
    intact, head = check.ok, check.head
    if intact and head is not None and head[0] > 0:
        try:
            anchor_write(volgnummer=head[0], hash=head[1], soort=VERIFIED)
        except AnchorError as error:
            # An intact chain that cannot be anchored is no longer protected: say so loudly.
            intact, bevinding = False, f"{bevinding} Maar {error}."
    return Ketencontrole.objects.create(
        intact=intact,
        gecontroleerd=check.checked,
        volgnummer=check.broken_volgnummer,
        bevinding=bevinding,
        kop_volgnummer=head[0] if intact and head else None,
        kop_hash=head[1] if intact and head else "",
    )
