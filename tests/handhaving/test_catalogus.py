"""The instrument catalogue: the seeded instruments of issue 13 point 1, new versions and
their checks, what a reader sees, and what changed between versions."""

from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from goedwonen.core.policy import Capability
from goedwonen.handhaving import catalogus
from goedwonen.handhaving.catalogus import (
    VOORBEELD_BRIEF,
    brief_tekst_errors,
    brief_tekst_render,
    instrumentversie_changes,
    instrumentversie_create,
)
from goedwonen.handhaving.models import Instrument, Instrumentversie

pytestmark = pytest.mark.django_db

SEEDED = {
    "waarschuwing",
    "last-onder-dwangsom",
    "last-onder-bestuursdwang",
    "bestuurlijke-boete-wgv",
    "bestuurlijke-boete-hvw",
    "beheerovername",
    "sluiting-opiumwet-13b",
    "sluiting-gemeentewet-174a",
    "verhuurvergunning-weigeren-intrekken",
    "brp-adresonderzoek",
    "waarschuwingsgesprek",
    "stopgesprek",
}


@pytest.fixture
def jurist(make_user):
    return make_user([Capability.INSTRUMENTS_MANAGE, Capability.ENFORCEMENT_WORK])


def _current(code: str) -> Instrumentversie:
    return Instrumentversie.objects.filter(instrument__code=code).order_by("-versie").first()


def _new_version(actor, code: str, stappen, **changes) -> Instrumentversie:
    huidige = _current(code)
    fields = {
        "regeling": huidige.regeling,
        "artikel": huidige.artikel,
        "regeling_versiedatum": huidige.regeling_versiedatum,
        "bron": huidige.bron,
        "bevoegd_orgaan": huidige.bevoegd_orgaan,
        "mandaat": huidige.mandaat,
        "reden": "Termijn aangepast aan het nieuwe handhavingsbeleid.",
    } | changes
    return instrumentversie_create(
        actor=actor, instrument=huidige.instrument, stappen=stappen, **fields
    )


def test_the_catalogue_holds_every_instrument_of_the_issue_with_its_legal_basis():
    assert set(Instrument.objects.values_list("code", flat=True)) == SEEDED
    for instrument in Instrument.objects.all():
        versie = _current(instrument.code)
        assert versie.versie == 1
        assert versie.regeling and versie.artikel and versie.bevoegd_orgaan and versie.mandaat
        assert versie.stappen, instrument.code
        assert all(
            s["termijn_dagen"] is None or 0 <= s["termijn_dagen"] <= 365 for s in versie.stappen
        )
    assert _current("sluiting-opiumwet-13b").regeling == "Opiumwet"
    assert _current("sluiting-opiumwet-13b").artikel == "artikel 13b"
    assert _current("sluiting-gemeentewet-174a").artikel == "artikel 174a"
    assert _current("sluiting-gemeentewet-174a").bevoegd_orgaan == "de burgemeester"
    for code in ("sluiting-opiumwet-13b", "sluiting-gemeentewet-174a"):
        assert "heropening" in [s["soort"] for s in _current(code).stappen]
    assert _current("bestuurlijke-boete-wgv").regeling == "Wet goed verhuurderschap"
    assert _current("bestuurlijke-boete-hvw").regeling == "Huisvestingswet 2014"
    dwangsom = _current("last-onder-dwangsom")
    assert [s["soort"] for s in dwangsom.stappen] == [
        "voornemen",
        "zienswijze",
        "besluit",
        "hercontrole",
        "verbeurte",
        "invordering",
        "bezwaar",
        "afsluiting",
    ]
    assert [s["termijn_dagen"] for s in dwangsom.stappen][:3] == [14, None, 28]


def test_every_seeded_letter_text_renders_with_the_placeholders():
    letters = [
        (instrument.code, stap)
        for instrument in Instrument.objects.all()
        for stap in _current(instrument.code).stappen
        if stap["brief"]
    ]
    assert len(letters) >= 30
    for code, stap in letters:
        assert brief_tekst_errors(stap["brief"]["tekst"]) == [], (code, stap["naam"])
        rendered = brief_tekst_render(stap["brief"]["tekst"], VOORBEELD_BRIEF)
        assert "{{" not in rendered and "{%" not in rendered
        assert "CS-2026-0001/HH1" in rendered or "Carnisselaan 1" in rendered, (code, stap["naam"])


def test_a_letter_is_filled_escaped_and_in_dutch():
    tekst = _current("last-onder-dwangsom").stappen[2]["brief"]["tekst"]
    brief = VOORBEELD_BRIEF | {"aanleiding": "<script>alert(1)</script> elf bewoners"}
    rendered = brief_tekst_render(tekst, brief)
    assert "&lt;script&gt;" in rendered and "<script>" not in rendered
    assert "uiterlijk op 30 maart 2026 hebben gedaan" in rendered
    assert "artikel 5:32 van de Algemene wet bestuursrecht" in rendered
    assert "een dwangsom van € 2.500,00, tot ten hoogste € 25.000,00." in rendered
    assert ": Zorg dat in de woning niet meer dan vier personen wonen." in rendered
    # Without the measure and the maximum (a renderer that does not fill them), the letter
    # still reads as a sentence.
    rendered = brief_tekst_render(tekst, VOORBEELD_BRIEF | {"last": "", "bedrag_maximum": ""})
    assert "een dwangsom van € 2.500,00." in rendered
    assert "De last houdt in dat u de overtreding beëindigt en beëindigd houdt." in rendered


def test_a_new_version_changes_the_term_and_leaves_the_old_version_as_it_was(jurist):
    oud = _current("last-onder-dwangsom")
    stappen = [dict(s) for s in oud.stappen]
    stappen[2] = stappen[2] | {"termijn_dagen": 42}
    nieuw = _new_version(jurist, "last-onder-dwangsom", stappen)
    assert nieuw.versie == 2
    assert nieuw.vastgesteld_door == jurist
    assert nieuw.stappen[2]["termijn_dagen"] == 42
    oud.refresh_from_db()
    assert oud.stappen[2]["termijn_dagen"] == 28
    assert catalogus.instrumentversie_current(actor=jurist, instrument=nieuw.instrument) == nieuw
    assert [w.wat for w in instrumentversie_changes(oud, nieuw)] == ["Stap 'Besluit': termijn"]
    assert instrumentversie_changes(oud, nieuw)[0].oud == "28 dagen"
    assert instrumentversie_changes(oud, nieuw)[0].nieuw == "42 dagen"


@pytest.mark.parametrize(
    ("stap", "message"),
    [
        ({"soort": "dagvaarding"}, "Stap 1 (Waarschuwing): onbekende soort 'dagvaarding'"),
        ({"termijn_dagen": 366}, "de termijn is een aantal dagen van 0 tot en met 365"),
        ({"termijn_dagen": -1}, "de termijn is een aantal dagen van 0 tot en met 365"),
        ({"termijn_dagen": "14"}, "de termijn is een aantal dagen van 0 tot en met 365"),
        ({"uitvoerder": "wethouder"}, "onbekende uitvoerder 'wethouder'"),
        ({"naam": " "}, "Stap 1: geef de stap een naam."),
        (
            {"brief": {"titel": "Waarschuwing", "tekst": "Beste {% if %}"}},
            "Stap 1 (Waarschuwing), brief: de tekst is geen geldig sjabloon",
        ),
        (
            {"brief": {"titel": "Waarschuwing", "tekst": "Te betalen: {{ brief.bedrg }}"}},
            "onbekende plaatshouder {{ brief.bedrg }}; gebruik brief.gemeente",
        ),
        (
            {"brief": {"titel": "Waarschuwing", "tekst": "{% include 'base.html' %}"}},
            "de tekst laadt een ander sjabloon",
        ),
        ({"brief": {"titel": "", "tekst": "Tekst"}}, "een brief heeft een titel en een tekst"),
    ],
)
def test_a_version_with_a_bad_step_is_refused_and_nothing_is_saved(jurist, stap, message):
    stappen = [dict(s) for s in _current("waarschuwing").stappen]
    stappen[0] = stappen[0] | stap
    with pytest.raises(ValidationError) as raised:
        _new_version(jurist, "waarschuwing", stappen)
    assert any(message in line for line in raised.value.message_dict["stappen"]), raised.value
    assert Instrumentversie.objects.filter(instrument__code="waarschuwing").count() == 1


def test_a_version_needs_a_reason_steps_and_unique_step_names(jurist):
    stappen = _current("waarschuwing").stappen
    with pytest.raises(ValidationError) as raised:
        _new_version(jurist, "waarschuwing", [stappen[0], stappen[0]], reden=" ", artikel="")
    errors = raised.value.message_dict
    assert errors["reden"] == ["Zeg wat er in deze versie verandert en waarom."]
    assert errors["artikel"] == ["Vul artikel in."]
    assert errors["stappen"] == ["Stap 2 (Waarschuwing): er is al een stap met deze naam."]
    with pytest.raises(ValidationError) as raised:
        _new_version(jurist, "waarschuwing", [])
    assert raised.value.message_dict["stappen"] == ["Een instrument heeft ten minste één stap."]
    assert Instrumentversie.objects.filter(instrument__code="waarschuwing").count() == 1


def test_only_a_jurist_who_manages_instruments_makes_a_version(make_user):
    handler = make_user([Capability.ENFORCEMENT_WORK, Capability.CASES_DIRECT])
    with pytest.raises(PermissionDenied):
        _new_version(handler, "waarschuwing", _current("waarschuwing").stappen)
    assert Instrumentversie.objects.filter(instrument__code="waarschuwing").count() == 1


@pytest.mark.parametrize(
    "capability",
    [Capability.INSTRUMENTS_MANAGE, Capability.ENFORCEMENT_WORK, Capability.CASES_DIRECT],
)
def test_jurists_handlers_and_case_directors_read_the_catalogue(make_user, capability):
    found = catalogus.instrument_list(actor=make_user([capability]))
    assert {i.code for i in found} == SEEDED
    assert all(i.huidige.versie == 1 for i in found)


def test_others_do_not_read_the_catalogue(make_user):
    others = [
        c
        for c in Capability
        if c
        not in (Capability.INSTRUMENTS_MANAGE, Capability.ENFORCEMENT_WORK, Capability.CASES_DIRECT)
    ]
    with pytest.raises(PermissionDenied):
        catalogus.instrument_list(actor=make_user(others))
    with pytest.raises(PermissionDenied):
        catalogus.instrument_get(actor=make_user(others), code="waarschuwing")


def test_instruments_for_a_category(make_user):
    reader = make_user([Capability.CASES_DIRECT])
    codes = {i.code for i in catalogus.instrument_list(actor=reader, categorie="crimineel_gebruik")}
    assert {"sluiting-opiumwet-13b", "sluiting-gemeentewet-174a", "waarschuwing"} <= codes
    assert "bestuurlijke-boete-wgv" not in codes
    assert "brp-adresonderzoek" not in codes
    codes = {i.code for i in catalogus.instrument_list(actor=reader, categorie="te_hoge_huur")}
    assert "bestuurlijke-boete-wgv" in codes and "bestuurlijke-boete-hvw" not in codes
    Instrument.objects.filter(code="waarschuwing").update(actief=False)
    codes = {i.code for i in catalogus.instrument_list(actor=reader, categorie="te_hoge_huur")}
    assert "waarschuwing" not in codes


def test_the_history_says_what_changed_between_versions(jurist):
    oud = _current("waarschuwing").stappen
    nieuw = [
        oud[1],  # re-inspection moved to the front
        oud[0]
        | {
            "uitvoerder": "toezichthouder",
            "brief": {"titel": "Waarschuwing", "tekst": oud[0]["brief"]["tekst"] + "\n\nNieuw."},
        },
        {
            "soort": "bezwaar",
            "naam": "Bezwaar",
            "termijn_dagen": 42,
            "uitvoerder": "jurist",
            "brief": None,
        },
    ]  # the closing step removed
    _new_version(jurist, "waarschuwing", nieuw, mandaat="Namens het college: de directeur")
    history = catalogus.instrumentversie_history(
        actor=jurist, instrument=Instrument.objects.get(code="waarschuwing")
    )
    assert [v.versie for v, _ in history] == [2, 1]
    assert history[1][1] == []
    changes = {w.wat: w for w in history[0][1]}
    assert list(changes) == [
        "Mandaat",
        "Stap toegevoegd",
        "Stap verwijderd",
        "Volgorde van de stappen",
        "Stap 'Waarschuwing': uitvoerder",
        "Stap 'Waarschuwing': brieftekst",
    ]
    assert changes["Stap toegevoegd"].nieuw == "3. Bezwaar (42 dagen)"
    assert changes["Stap verwijderd"].oud == "Afsluiting"
    assert changes["Volgorde van de stappen"].oud == "Waarschuwing, Hercontrole"
    assert changes["Volgorde van de stappen"].nieuw == "Hercontrole, Waarschuwing"
    assert changes["Stap 'Waarschuwing': uitvoerder"].nieuw == "Toezichthouder"
    assert "+Nieuw." in changes["Stap 'Waarschuwing': brieftekst"].regels
