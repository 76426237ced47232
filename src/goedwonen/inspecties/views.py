"""Visit pages: a visit with its findings and the checks' outcomes as they were recorded, and
the visits section of the case page. Recording one, in steps: `views_stappen`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from goedwonen.casussen.models import Onderdeel
from goedwonen.casussen.selectors import Inzage
from goedwonen.checks.woning import Woningkenmerken
from goedwonen.core.policy import Capability, actor_of, requires

from . import labels, selectors
from .kenmerken import kenmerken_from_json
from .models import Bezoek


def sectie_context(request: HttpRequest, inzage: Inzage) -> dict[str, Any]:
    """The context of `inspecties/_sectie.html` on the case page: the visits, or None where
    the actor does not see them, and whether it may record one."""
    sees = inzage.ziet(Onderdeel.BEVINDINGEN)
    return {
        "bezoeken": selectors.bezoeken_in_casus(inzage) if sees else None,
        "mag_bezoek": inzage.casus.is_open and selectors.may_record(actor_of(request), inzage),
    }


def check_outcome(bezoek: Bezoek, name: str) -> Any:
    """A check outcome of the visit, or None when that check did not run."""
    try:
        return getattr(bezoek, name)
    except ObjectDoesNotExist:
        return None


def _room_rows(woning: Woningkenmerken) -> list[dict[str, str]]:
    rows = []
    for ruimte in woning.ruimten:
        extras = [labels.SANITAIR.get(s, "Wastafel") for s in ruimte.sanitair]
        extras += [labels.KEUKENVOORZIENINGEN[k] for k in ruimte.keukenvoorzieningen]
        if ruimte.aanrechtlengte_cm is not None:
            extras.insert(0, f"aanrecht {ruimte.aanrechtlengte_cm} cm")
        if ruimte.gedeeld_met_kamers > 1:
            extras.append(f"gedeeld met {ruimte.gedeeld_met_kamers} kamers")
        rows.append(
            {
                "soort": labels.RUIMTETYPEN[ruimte.ruimtetype],
                "naam": ruimte.naam,
                "oppervlakte": str(ruimte.oppervlakte).replace(".", ","),
                "verwarmd": "ja" if ruimte.verwarmd else "nee",
                "voorzieningen": ", ".join(extras),
            }
        )
    for buiten in woning.buitenruimten:
        shared = []
        if buiten.gedeeld_met_adressen > 1:
            shared.append(f"gedeeld met {buiten.gedeeld_met_adressen} adressen")
        if buiten.gedeeld_met_kamers > 1:
            shared.append(f"gedeeld met {buiten.gedeeld_met_kamers} kamers")
        rows.append(
            {
                "soort": labels.BUITENRUIMTETYPEN[buiten.buitenruimtetype],
                "naam": buiten.naam,
                "oppervlakte": str(buiten.oppervlakte).replace(".", ","),
                "verwarmd": "",
                "voorzieningen": ", ".join(shared),
            }
        )
    return rows


@requires(Capability.CASES_VIEW)
def bezoek_detail(request: HttpRequest, referentie: str, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        inzage, bezoek = selectors.bezoek_detail(actor=actor, referentie=referentie, pk=pk)
    except Bezoek.DoesNotExist:
        raise Http404 from None
    huur = check_outcome(bezoek, "huurprijs")
    woning = kenmerken_from_json(huur.woningkenmerken) if huur else None
    correctie = check_outcome(bezoek, "correctie")
    return render(
        request,
        "inspecties/bezoek.html",
        {
            "casus": inzage.casus,
            "bezoek": bezoek,
            "adres": bezoek.casusobject,
            "correctie": correctie,
            "bevindingen": bezoek.bevindingen.all(),
            "huur": huur,
            "verschil": {
                "bedrag": abs(huur.overschrijding),
                "percentage": abs(huur.overschrijding_percentage),
            }
            if huur
            else None,
            "woning": woning,
            "woning_labels": {
                "woningtype": labels.WONINGTYPEN[woning.woningtype] if woning else "",
                "pandtype": labels.PANDTYPEN[woning.pandtype] if woning else "",
                "sector": labels.HUURSECTOREN.get(huur.sector, huur.sector) if huur else "",
            },
            "ruimteregels": _room_rows(woning) if woning else [],
            "rubrieken": [
                {"naam": r["naam"], "punten": Decimal(r["punten"])} for r in huur.rubrieken
            ]
            if huur
            else [],
            "bewoning": check_outcome(bezoek, "bewoning"),
            "vergunningen": check_outcome(bezoek, "vergunningen"),
            "kan_corrigeren": correctie is None and selectors.may_record(actor, inzage),
        },
    )
