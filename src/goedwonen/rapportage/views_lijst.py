"""The list behind a figure of the dashboard: what the viewer may see of what it counts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from goedwonen.core.lists import Lijst, Lijstdefinitie
from goedwonen.core.policy import Capability, actor_of, requires

from .lijst import NAMEN, achter_cijfer, achter_cijfer_read, gebied_of, jaar_of

ACHTER_CIJFER = Lijstdefinitie(
    key="sturing-lijst",
    kolommen=(),  # each kind of item has its own columns in the template
    filters=("jaar", "gebied", "periode", "categorie"),
    zoeken=False,
)


@requires(Capability.STEERING_VIEW)
def lijst(request: HttpRequest, maat: str) -> HttpResponse:
    if maat not in NAMEN:
        raise Http404
    actor = actor_of(request)
    lijst = Lijst.from_request(request, ACHTER_CIJFER)
    today = timezone.localdate()
    try:
        jaar = jaar_of(lijst.get("jaar"), today)
        gebied = gebied_of(lijst.get("gebied"))
        achter = achter_cijfer(
            actor=actor,
            maat=maat,
            jaar=jaar,
            gebied=gebied,
            periode=lijst.get("periode"),
            categorie=lijst.get("categorie"),
        )
    except ValidationError as error:
        return render(
            request,
            "rapportage/lijst.html",
            {"fouten": error.messages, "naam": NAMEN[maat], "maat": maat},
            status=400,
        )
    page = lijst.page(achter.rows)
    rows = list(page.object_list)
    omschrijving = " ".join(
        part
        for part in (
            achter.naam.lower(),
            lijst.get("periode") or str(jaar),
            gebied.naam if gebied else "vijf focusgebieden",
            lijst.get("categorie"),
        )
        if part
    )
    achter_cijfer_read(actor=actor, achter=achter, rows=rows, omschrijving=omschrijving)
    return render(
        request,
        "rapportage/lijst.html",
        {
            "achter": achter,
            "rows": rows,
            "page": page,
            "lijst": lijst,
            "jaar": jaar,
            "gebied": gebied,
            "periode": lijst.get("periode"),
            "categorie": lijst.get("categorie"),
            "naam": achter.naam,
            "maat": maat,
        },
    )
