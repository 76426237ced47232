"""The case page as a workspace: what goes on top (open tasks and their deadlines, other open
cases on the case's addresses), which parts link to their own pages, and the forms of the
actions a director takes from it. The case page view (`views._detail`) adds it to its
context; the actions' views are in `views_werkplek`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from goedwonen.core.policy import Capability, actor_of, can

from . import selectors
from .forms import AdresToevoegenForm
from .models import Taakstatus


def werkplek_context(
    request: HttpRequest, detail: selectors.CasusDetail, bound: dict[str, forms.Form]
) -> dict[str, Any]:
    actor = actor_of(request)
    casus, inzage = detail.casus, detail.inzage
    today = timezone.localdate()
    open_taken = sorted(
        (t for t in detail.taken or [] if t.status == Taakstatus.OPEN),
        key=lambda t: (t.deadline, t.pk),
    )
    regie = inzage.regie and can(actor, Capability.CASES_DIRECT)
    context: dict[str, Any] = {
        "werk_taken": [(t, t.deadline < today) for t in open_taken],
        "werk_te_laat": sum(1 for t in open_taken if t.deadline < today),
        "ziet_taken": detail.taken is not None,
        # Links only where the target page would open for the actor.
        "link_registratie": can(actor, Capability.REGISTRY_VIEW),
        "link_meldingen": can(actor, Capability.REPORTS_VIEW),
        "andere_open_casussen": [],
    }
    if regie:
        if detail.objecten:
            context["andere_open_casussen"] = [
                c
                for c in selectors.open_cases_on(
                    actor=actor, verblijfsobjecten=[o.verblijfsobject_id for o in detail.objecten]
                )
                if c.referentie != casus.referentie
            ]
        context["adres_form"] = bound.get("adres") or AdresToevoegenForm(prefix="adres")
        context["samen_form"] = bound.get("samenvoegen")
    return context
