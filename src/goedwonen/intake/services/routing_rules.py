"""Changes to the routing rules and service norms, which the shared `Router` reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from goedwonen.core.policy import Capability, require

from ..models import Routeringsregel, Servicenorm
from ..routing import Router

if TYPE_CHECKING:
    from goedwonen.accounts.models import User


@transaction.atomic
def routeringsregel_save(*, actor: User, regel: Routeringsregel) -> Routeringsregel:
    """Add or change a routing rule. Rules are data; the order decides (first match wins)."""
    require(actor, Capability.ROUTING_MANAGE)
    regel.full_clean()
    regel.save()
    _routing_changed()
    return regel


@transaction.atomic
def servicenorm_save(*, actor: User, norm: Servicenorm) -> Servicenorm:
    require(actor, Capability.ROUTING_MANAGE)
    norm.full_clean()
    norm.save()
    _routing_changed()
    return norm


def _routing_changed() -> None:
    # Now, and again once committed: a request in between may rebuild the shared Router from
    # the rows as they were before the commit.
    Router.forget_shared()
    transaction.on_commit(Router.forget_shared)
