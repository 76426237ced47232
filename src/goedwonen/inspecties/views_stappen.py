"""Recording a visit (or a correction of one) in steps: every step posted is saved in the
inspector's draft (`concepten`), and the summary records the visit from it through the
visit service. The steps themselves, and the draft's shape: `stappen`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from goedwonen.accounts.models import User
from goedwonen.casussen.models import Casus, CasusObject
from goedwonen.casussen.selectors import Inzage
from goedwonen.core.categories import Categorie
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.validators import query_int

from . import concepten, selectors, stappen
from .forms import Beginwaarden, BezoekForm, Bezoekformulier
from .huurforms import kenmerken_beginwaarden
from .kenmerken import kenmerken_from_json
from .models import BINNEN, Bezoek, Bezoekconcept, Bezoeksoort
from .views import check_outcome


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
    huur = check_outcome(bezoek, "huurprijs")
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


def _new_draft(actor: User, corrigeert: Bezoek | None, gekozen: CasusObject) -> dict[str, Any]:
    """What a new draft starts from: the visit a correction replaces, or today's defaults
    with the registry's facts about the chosen address."""
    if corrigeert is not None:
        begin = _initial_for_correction(corrigeert)
        stappen.sorteer_rijen(begin)
    else:
        begin = _initial_for_new_visit(actor, gekozen)
    formulier = Bezoekformulier(
        objecten=[gekozen], medewerkers=list(selectors.collegas(actor)), beginwaarden=begin
    )
    return stappen.nieuwe_gegevens(formulier, stappen.keuze_van(begin))


def _bound(
    concept: Bezoekconcept, objecten: list[CasusObject], collegas: list[User]
) -> tuple[Bezoekformulier, stappen.RuimtekeuzeForm]:
    """The draft as a posted form, with what the service refused last time on its fields."""
    data = stappen.formulierdata(concept.gegevens)
    formulier = Bezoekformulier(data, objecten=objecten, medewerkers=collegas)
    if concept.fouten and formulier.is_valid():
        formulier.invoer()  # which row each room came from, to place a room's error
        formulier.add_service_errors(ValidationError(concept.fouten))
    return formulier, stappen.RuimtekeuzeForm(data, prefix="keuze")


def _step_url(casus: Casus, corrigeert: Bezoek | None, stap: str) -> str:
    query = {"stap": stap} | ({"corrigeert": str(corrigeert.pk)} if corrigeert else {})
    return f"{reverse('bezoek-nieuw', args=[casus.referentie])}?{urlencode(query)}"


def _after_record(actor: User, casus: Casus, bezoek: Bezoek) -> HttpResponse:
    if can(actor, Capability.CASES_VIEW):
        return redirect("bezoek", referentie=casus.referentie, pk=bezoek.pk)
    return redirect("bezoek-nieuw", referentie=casus.referentie)


@requires(Capability.INSPECTIONS_RECORD, methods=["GET", "POST"])
def bezoek_nieuw(request: HttpRequest, referentie: str) -> HttpResponse:
    """Record a visit (or a correction) in steps; every step is saved in a draft as it is
    posted, and the last one records the visit from the draft."""
    actor = actor_of(request)
    try:
        inzage = selectors.casus_for_bezoek(actor=actor, referentie=referentie)
    except Casus.DoesNotExist:
        raise Http404 from None
    casus = inzage.casus
    if request.method == "POST" and (posted := query_int(request.POST.get("concept", ""))):
        recorded = selectors.bezoekconcept_recorded(actor=actor, casus=casus, pk=posted)
        if recorded is not None:
            # The last step posted again (a reload, a double tap): nothing twice.
            messages.info(request, "Dit bezoek was al vastgelegd.")
            return _after_record(actor, casus, recorded)
    objecten = list(selectors.objecten_for_bezoek(inzage))
    corrigeert = _corrected(request, inzage)
    context: dict[str, Any] = {"casus": casus, "corrigeert": corrigeert, "objecten": objecten}
    if not objecten or not casus.is_open:
        return render(request, "inspecties/nieuw.html", context)
    concept = selectors.bezoekconcept_of(actor=actor, casus=casus, corrigeert=corrigeert)
    if concept is None:
        gekozen = corrigeert.casusobject if corrigeert else _chosen(request, objecten)
        assert gekozen is not None  # the case has addresses
        gegevens = _new_draft(actor, corrigeert, gekozen)
        if request.method == "POST":
            concept = concepten.bezoekconcept_open(
                actor=actor, casus=casus, corrigeert=corrigeert, gegevens=gegevens
            )
        else:
            # Opening the form stores nothing; the first step posted starts the draft.
            concept = Bezoekconcept(casus=casus, corrigeert=corrigeert, gegevens=gegevens)
    collegas = list(selectors.collegas(actor))
    volgorde = stappen.van_toepassing(concept.gegevens)
    wanted = request.POST.get("stap") if request.method == "POST" else request.GET.get("stap")
    stap = wanted if wanted in volgorde else _first_open(volgorde, concept.stappen)
    fouten: list[Any] = []
    if request.method == "POST":
        actie = request.POST.get("actie", "")
        if stap == "overzicht" and actie == "vastleggen":
            return _record(request, actor, casus, concept, objecten, collegas, context)
        nieuw = stappen.stap_opslaan(
            concept.gegevens,
            stap,
            request.POST,
            bezoekform=BezoekForm(request.POST, objecten=objecten, medewerkers=collegas),
        )
        _prefill_other_address(actor, concept, nieuw, objecten)
        concept = concepten.bezoekconcept_save(
            actor=actor, concept=concept, stap=stap, gegevens=nieuw
        )
        volgorde = stappen.van_toepassing(concept.gegevens)
        formulier, keuze = _bound(concept, objecten, collegas)
        fouten = stappen.fouten_per_stap(formulier, keuze).get(stap, [])
        doel = _target(request.POST, stap, volgorde)
        if not (actie == "volgende" and fouten):
            return redirect(_step_url(casus, corrigeert, doel))
    elif stap in concept.stappen or stap == "overzicht":
        formulier, keuze = _bound(concept, objecten, collegas)
        if stap != "overzicht":
            fouten = stappen.fouten_per_stap(formulier, keuze).get(stap, [])
    else:
        # A step not posted yet shows the draft's values without judging them.
        formulier = Bezoekformulier(
            objecten=objecten,
            medewerkers=collegas,
            beginwaarden=stappen.beginwaarden(concept.gegevens),
        )
        keuze = stappen.RuimtekeuzeForm(prefix="keuze", initial=concept.gegevens.get("keuze"))
    return _render_step(
        request, context, concept, stap, volgorde, formulier, keuze, fouten, corrigeert
    )


def _prefill_other_address(
    actor: User, concept: Bezoekconcept, nieuw: dict[str, Any], objecten: list[CasusObject]
) -> None:
    """Another address chosen before the rent check was filled in: its prefill follows the
    address (what the registry knows of the new one, not of the old)."""
    wanted = nieuw.get("bezoek", {}).get("object")
    if (
        concept.corrigeert_id is not None
        or "huurprijs" in concept.stappen
        or wanted == concept.gegevens.get("bezoek", {}).get("object")
    ):
        return
    gekozen = next((o for o in objecten if str(o.pk) == wanted), None)
    if gekozen is not None:
        huur = _new_draft(actor, None, gekozen)["huur"]
        nieuw["huur"] = huur | {"woningtype": nieuw.get("huur", {}).get("woningtype", "")}


def _first_open(volgorde: list[str], opgeslagen: list[str]) -> str:
    """Where a returning inspector continues: the first step not saved yet."""
    return next((s for s in volgorde if s not in opgeslagen), "overzicht")


def _target(post: Any, stap: str, volgorde: list[str]) -> str:
    """The step a posted step goes to: the next, the previous, or one from the step list."""
    here = volgorde.index(stap) if stap in volgorde else 0
    actie = post.get("actie", "")
    if actie == "volgende":
        return volgorde[min(here + 1, len(volgorde) - 1)]
    if actie == "vorige":
        return volgorde[max(here - 1, 0)]
    naar = post.get("naar", "")
    return naar if naar in volgorde else stap


def _render_step(
    request: HttpRequest,
    context: dict[str, Any],
    concept: Bezoekconcept,
    stap: str,
    volgorde: list[str],
    formulier: Bezoekformulier,
    keuze: stappen.RuimtekeuzeForm,
    fouten: list[Any],
    corrigeert: Bezoek | None,
    per_stap: dict[str, list[Any]] | None = None,
) -> HttpResponse:
    casus = context["casus"]
    index = volgorde.index(stap)
    kamers, buiten = stappen.rijen(formulier, concept.gegevens)
    eigen = [c for c in casus.categorieen if c in Categorie.values]
    overig = formulier.bevindingen.rijen([c for c in Categorie.values if c not in eigen])
    f = formulier.bezoek
    samenvatting: list[dict[str, Any]] = []
    if stap == "overzicht":
        per_stap = per_stap if per_stap is not None else stappen.fouten_per_stap(formulier, keuze)
        huur = formulier.huur.form
        inhoud = {
            "bezoek": stappen.regels(f, stappen.BEZOEK_VELDEN["bezoek"]),
            "personen": stappen.regels(f, stappen.BEZOEK_VELDEN["personen"]),
            "bevindingen": stappen.regels(formulier.bevindingen)
            + stappen.regels(f, stappen.BEZOEK_VELDEN["bevindingen"]),
            "ruimten": stappen.regels(keuze, ["huurtoets"])
            + stappen.regels(huur, stappen.HUUR_IN_RUIMTEN),
            "huurprijs": stappen.regels(
                huur, [n for n in huur.fields if n not in stappen.HUUR_IN_RUIMTEN]
            )
            + [(r.naam, stappen.kamerregels(r)) for r in [*kamers, *buiten]],
        }
        if stappen.huurtoets_gevraagd(concept.gegevens):
            inhoud["ruimten"].append(("Ruimten", ", ".join(r.naam for r in [*kamers, *buiten])))
        samenvatting = [
            {
                "stap": s,
                "regels": inhoud[s.code],
                "fouten": per_stap.get(s.code, []),
                "niet_opgeslagen": s.code not in concept.stappen,
                "url": _step_url(casus, corrigeert, s.code),
            }
            for s in stappen.STAPPEN
            if s.code in volgorde and s.code != "overzicht"
        ]
    return render(
        request,
        "inspecties/nieuw.html",
        context
        | {
            "concept": concept,
            "stap": stap,
            "stap_titel": dict((s.code, s.titel) for s in stappen.STAPPEN)[stap],
            "stapnummer": index + 1,
            "stappenlijst": [
                {
                    "code": s.code,
                    "titel": s.titel,
                    "nummer": volgorde.index(s.code) + 1,
                    "opgeslagen": s.code in concept.stappen,
                }
                for s in stappen.STAPPEN
                if s.code in volgorde
            ],
            "aantal_stappen": len(volgorde),
            "vorige": volgorde[index - 1] if index > 0 else None,
            "volgende": volgorde[index + 1] if index + 1 < len(volgorde) else None,
            "fouten": fouten,
            "formulier": formulier,
            "f": f,
            "keuze": keuze,
            "kamers": kamers,
            "buitenruimten": buiten,
            "kamerwoning": stappen.kamerwoning(concept.gegevens),
            "huurtoets": stappen.huurtoets_gevraagd(concept.gegevens),
            "binnen": concept.gegevens.get("bezoek", {}).get("toegang") in BINNEN,
            "bevindingen_casus": formulier.bevindingen.rijen(eigen),
            "bevindingen_overig": overig,
            "bevindingen_overig_open": any(
                field.value() or field.errors for pair in overig for field in pair
            ),
            "samenvatting": samenvatting,
            "nog_te_doen": [s for s in samenvatting if s["niet_opgeslagen"] or s["fouten"]],
        },
    )


def _record(
    request: HttpRequest,
    actor: User,
    casus: Casus,
    concept: Bezoekconcept,
    objecten: list[CasusObject],
    collegas: list[User],
    context: dict[str, Any],
) -> HttpResponse:
    formulier, keuze = _bound(concept, objecten, collegas)
    volgorde = stappen.van_toepassing(concept.gegevens)
    per_stap = stappen.fouten_per_stap(formulier, keuze)
    complete = all(s in concept.stappen for s in volgorde if s != "overzicht")
    if complete and not any(per_stap.values()):
        try:
            bezoek, _ = concepten.bezoekconcept_record(
                actor=actor, concept=concept, **formulier.invoer()
            )
        except ValidationError as error:
            concepten.bezoekconcept_refused(actor=actor, concept=concept, fouten=error.message_dict)
            formulier.add_service_errors(error)
            per_stap = stappen.fouten_per_stap(formulier, keuze)
        else:
            messages.success(request, f"{bezoek.get_soort_display()} is vastgelegd.")
            return _after_record(actor, casus, bezoek)
    return _render_step(
        request,
        context,
        concept,
        "overzicht",
        volgorde,
        formulier,
        keuze,
        [],
        concept.corrigeert,
        per_stap,
    )
