"""Visit pages: record a visit (or a correction of one) in a case, and show a visit with its
findings and the checks' outcomes as they were recorded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus, CasusObject, Onderdeel
from goedwonen.casussen.selectors import Inzage
from goedwonen.checks.woning import Woningkenmerken
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.validators import query_int

from . import labels, selectors, services
from .forms import Beginwaarden, Bezoekformulier
from .huurforms import kenmerken_beginwaarden
from .kenmerken import kenmerken_from_json
from .models import Bezoek, Bezoeksoort


def _corrected(request: HttpRequest, inzage: Inzage) -> Bezoek | None:
    """The earlier visit a correction replaces (`corrigeert` in the query or the form)."""
    raw = request.POST.get("corrigeert") or request.GET.get("corrigeert") or ""
    if not raw:
        return None
    pk = query_int(raw)
    if pk is None:
        raise Http404
    try:
        return selectors.bezoeken_in_casus(inzage).get(pk=pk)
    except Bezoek.DoesNotExist:
        raise Http404 from None


def _chosen(request: HttpRequest, objecten: list[CasusObject]) -> CasusObject | None:
    wanted = request.GET.get("object", "")
    return next((o for o in objecten if str(o.pk) == wanted), objecten[0] if objecten else None)


def _initial_for_correction(bezoek: Bezoek) -> Beginwaarden:
    begin = Beginwaarden(
        bezoek={
            "object": str(bezoek.casusobject_id),
            "soort": bezoek.soort,
            "datum": bezoek.datum,
            "tijd": bezoek.tijd,
            "toegang": bezoek.toegang,
            "medewerkers": [str(u.pk) for u in bezoek.medewerkers.all()],
            "partners": bezoek.partners,
            "volwassenen": bezoek.volwassenen,
            "kinderen": bezoek.kinderen,
            "opmerkingen": bezoek.opmerkingen,
            "corrigeert": bezoek.pk,
        },
        bevindingen={},
        huur={},
        ruimten=[],
        buitenruimten=[],
    )
    for bevinding in bezoek.bevindingen.all():
        begin.bevindingen[bevinding.categorie] = "ja" if bevinding.vastgesteld else "nee"
        begin.bevindingen[f"{bevinding.categorie}_toelichting"] = bevinding.toelichting
    huur = _one(bezoek, "huurprijs")
    if huur is not None:
        begin.huur, begin.ruimten, begin.buitenruimten = kenmerken_beginwaarden(
            kenmerken_from_json(huur.woningkenmerken)
        )
        begin.huur |= {
            "kale_huur": huur.kale_huur,
            "datum_huurovereenkomst": huur.datum_huurovereenkomst,
        }
    return begin


def _initial_for_new_visit(actor: User, gekozen: CasusObject | None) -> Beginwaarden:
    today = timezone.localdate()
    huur: dict[str, Any] = {}
    if gekozen is not None:
        register = selectors.registergegevens(gekozen, op=today)
        huur = {
            "bouwjaar": register.bouwjaar,
            "gebruiksoppervlakte": register.gebruiksoppervlakte,
            "woonplaatscode": register.woonplaatscode,
            "woz_waarde": register.woz_waarde,
            "woz_waardepeildatum": register.woz_waardepeildatum,
        }
    return Beginwaarden(
        bezoek={
            "object": str(gekozen.pk) if gekozen else "",
            "soort": Bezoeksoort.WONINGBEZOEK,
            "datum": today,
            "medewerkers": [str(actor.pk)],
        },
        bevindingen={},
        huur=huur,
        ruimten=[],
        buitenruimten=[],
    )


def sectie_context(request: HttpRequest, inzage: Inzage) -> dict[str, Any]:
    """The context of `inspecties/_sectie.html` on the case page: the visits, or None where
    the actor does not see them, and whether it may record one."""
    sees = inzage.ziet(Onderdeel.BEVINDINGEN)
    return {
        "bezoeken": selectors.bezoeken_in_casus(inzage) if sees else None,
        "mag_bezoek": inzage.casus.is_open and selectors.may_record(actor_of(request), inzage),
    }


@requires(Capability.INSPECTIONS_RECORD, methods=["GET", "POST"])
def bezoek_nieuw(request: HttpRequest, referentie: str) -> HttpResponse:
    actor = actor_of(request)
    try:
        inzage = selectors.casus_for_bezoek(actor=actor, referentie=referentie)
    except Casus.DoesNotExist:
        raise Http404 from None
    casus = inzage.casus
    objecten = list(selectors.objecten_for_bezoek(inzage))
    corrigeert = _corrected(request, inzage)
    collegas = list(selectors.collegas(actor))
    gekozen = corrigeert.casusobject if corrigeert else _chosen(request, objecten)
    if request.method == "POST":
        formulier = Bezoekformulier(request.POST, objecten=objecten, medewerkers=collegas)
        if formulier.is_valid():
            try:
                bezoek = services.bezoek_record(
                    actor=actor, casus=casus, corrigeert=corrigeert, **formulier.invoer()
                )
            except ValidationError as error:
                formulier.add_service_errors(error)
            else:
                messages.success(request, f"{bezoek.get_soort_display()} is vastgelegd.")
                if can(actor, Capability.CASES_VIEW):
                    return redirect("bezoek", referentie=casus.referentie, pk=bezoek.pk)
                return redirect("bezoek-nieuw", referentie=casus.referentie)
    else:
        begin = (
            _initial_for_correction(corrigeert)
            if corrigeert
            else _initial_for_new_visit(actor, gekozen)
        )
        formulier = Bezoekformulier(objecten=objecten, medewerkers=collegas, beginwaarden=begin)
    eigen = [c for c in casus.categorieen if c in Categorie.values]
    overig = formulier.bevindingen.rijen([c for c in Categorie.values if c not in eigen])
    return render(
        request,
        "inspecties/nieuw.html",
        {
            "casus": casus,
            "formulier": formulier,
            "f": formulier.bezoek,
            "objecten": objecten,
            "gekozen": gekozen,
            "corrigeert": corrigeert,
            "bevindingen_casus": formulier.bevindingen.rijen(eigen),
            "bevindingen_overig": overig,
            "bevindingen_overig_open": any(
                field.value() or field.errors for pair in overig for field in pair
            ),
        },
    )


def _one(bezoek: Bezoek, name: str) -> Any:
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
    huur = _one(bezoek, "huurprijs")
    woning = kenmerken_from_json(huur.woningkenmerken) if huur else None
    correctie = _one(bezoek, "correctie")
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
            "bewoning": _one(bezoek, "bewoning"),
            "vergunningen": _one(bezoek, "vergunningen"),
            "kan_corrigeren": correctie is None and selectors.may_record(actor, inzage),
        },
    )
