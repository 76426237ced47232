"""Writes of the core app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Ketencontrole
from .policy import Capability, require
from .processing_log import processing_log_seal, processing_log_verify

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


def chain_check_run(*, actor: User | None) -> Ketencontrole:
    """Seal what waits, verify the whole log chain and keep the outcome. `actor` None: the
    nightly task or the command."""
    if actor is not None:
        require(actor, Capability.LOG_SEARCH)
    processing_log_seal()
    check = processing_log_verify()
    return Ketencontrole.objects.create(
        intact=check.ok,
        gecontroleerd=check.checked,
        volgnummer=check.broken_volgnummer,
        bevinding=check.describe(),
    )
