"""The catalogue pages through HTTP: the list, an instrument with its history, and the form
that makes a new version (change a term and a letter, add, remove and reorder steps)."""

from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.core.policy import Capability
from goedwonen.handhaving.models import Instrumentversie

pytestmark = pytest.mark.django_db

FIELDS = ("soort", "naam", "termijn_dagen", "uitvoerder", "brief_titel", "brief_tekst")


@pytest.fixture
def jurist(client, make_user):
    user = make_user([Capability.INSTRUMENTS_MANAGE, Capability.ENFORCEMENT_WORK])
    client.force_login(user)
    return user


def _form_data(code: str, edit=lambda rows: rows, **changes) -> dict[str, str]:
    """What the browser posts for the prefilled form of `code`'s current version, after the
    jurist edits the rows (a list of dicts with the step fields plus ORDER and DELETE)."""
    huidige = Instrumentversie.objects.filter(instrument__code=code).order_by("-versie")[0]
    rows = [
        {
            "soort": s["soort"],
            "naam": s["naam"],
            "termijn_dagen": "" if s["termijn_dagen"] is None else str(s["termijn_dagen"]),
            "uitvoerder": s["uitvoerder"],
            "brief_titel": (s["brief"] or {}).get("titel", ""),
            "brief_tekst": (s["brief"] or {}).get("tekst", ""),
            "ORDER": str(n),
        }
        for n, s in enumerate(huidige.stappen, start=1)
    ]
    initial = len(rows)
    rows = edit([*rows, dict.fromkeys((*FIELDS, "ORDER"), "")])
    data = {
        "regeling": huidige.regeling,
        "artikel": huidige.artikel,
        "regeling_versiedatum": huidige.regeling_versiedatum.isoformat(),
        "bron": huidige.bron,
        "bevoegd_orgaan": huidige.bevoegd_orgaan,
        "mandaat": huidige.mandaat,
        "reden": "Termijnen volgens het handhavingsbeleid 2027.",
        "stap-TOTAL_FORMS": str(len(rows)),
        "stap-INITIAL_FORMS": str(initial),
        "stap-MIN_NUM_FORMS": "0",
        "stap-MAX_NUM_FORMS": "30",
    } | changes
    for n, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE":
                if value:
                    data[f"stap-{n}-DELETE"] = "on"
            else:
                data[f"stap-{n}-{key}"] = value
    return data


def test_the_list_shows_every_instrument_and_filters_by_category(client, make_user):
    client.force_login(make_user([Capability.ENFORCEMENT_WORK]))
    page = client.get(reverse("handhaving-catalogus")).content.decode()
    assert "Sluiting Opiumwet artikel 13b" in page
    assert "artikel 174a, Gemeentewet" in page
    assert "Nieuwe versie vaststellen" not in page
    filtered = client.get(reverse("handhaving-catalogus") + "?categorie=te_hoge_huur")
    assert "Bestuurlijke boete Wet goed verhuurderschap" in filtered.content.decode()
    assert "Bestuurlijke boete Huisvestingswet" not in filtered.content.decode()
    # An unknown category shows everything rather than an error.
    assert client.get(reverse("handhaving-catalogus") + "?categorie=xx").status_code == 200


def test_an_instrument_page_shows_its_steps_and_letters(client, make_user):
    client.force_login(make_user([Capability.ENFORCEMENT_WORK]))
    response = client.get(reverse("handhaving-instrument", args=["last-onder-dwangsom"]))
    page = response.content.decode()
    assert "Geldende versie: versie 1" in page
    assert "Besluit last onder dwangsom" in page
    assert "28 dagen" in page
    assert "uiterlijk op {{ brief.termijn_tot }} hebben" in page  # the text as written
    assert client.get(reverse("handhaving-instrument", args=["geen"])).status_code == 404


def test_a_jurist_changes_a_term_and_a_letter_and_reorders_adds_and_removes_steps(client, jurist):
    def edit(rows):
        rows[2]["termijn_dagen"] = "42"  # the decision's grace period
        rows[2]["brief_tekst"] += "\n\nMet vriendelijke groet."
        rows[0]["ORDER"], rows[1]["ORDER"] = "2", "1"
        rows[6]["DELETE"] = "on"  # the objection step
        rows[-1] |= {
            "soort": "beroep",
            "naam": "Beroep",
            "termijn_dagen": "42",
            "uitvoerder": "jurist",
            "ORDER": "9",
        }
        return rows

    url = reverse("handhaving-instrumentversie-nieuw", args=["last-onder-dwangsom"])
    assert 'value="28"' in client.get(url).content.decode()  # prefilled from version 1
    response = client.post(url, _form_data("last-onder-dwangsom", edit))
    assert response.status_code == 302, response.content.decode()[:3000]
    nieuw = Instrumentversie.objects.get(instrument__code="last-onder-dwangsom", versie=2)
    assert [s["naam"] for s in nieuw.stappen] == [
        "Zienswijze",
        "Voornemen",
        "Besluit",
        "Hercontrole",
        "Verbeurte",
        "Invordering",
        "Afsluiting",
        "Beroep",
    ]
    assert nieuw.stappen[2]["termijn_dagen"] == 42
    assert nieuw.stappen[2]["brief"]["tekst"].endswith("Met vriendelijke groet.")
    assert nieuw.stappen[7]["brief"] is None
    assert nieuw.vastgesteld_door == jurist
    page = client.get(response["Location"]).content.decode()
    assert "Geldende versie: versie 2" in page
    assert "Termijnen volgens het handhavingsbeleid 2027." in page
    assert "Stap &#x27;Besluit&#x27;: termijn: <del>28 dagen</del> → <ins>42 dagen</ins>" in page
    assert "Stap verwijderd: <del>Bezwaar</del>" in page
    assert "+Met vriendelijke groet." in page


def test_a_letter_with_an_unknown_placeholder_is_refused_with_the_step_named(client, jurist):
    def edit(rows):
        rows[0]["brief_tekst"] = "Betaal {{ brief.bedrg }} voor {{ brief.termijn_tot }}."
        return rows

    url = reverse("handhaving-instrumentversie-nieuw", args=["waarschuwing"])
    response = client.post(url, _form_data("waarschuwing", edit))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Stap 1 (Waarschuwing), brief: onbekende plaatshouder {{ brief.bedrg }}" in page
    # What the jurist typed is still there.
    assert "Betaal {{ brief.bedrg }} voor {{ brief.termijn_tot }}." in page
    assert not Instrumentversie.objects.filter(instrument__code="waarschuwing", versie=2).exists()


def test_bad_form_input_is_refused_in_dutch(client, jurist):
    def edit(rows):
        rows[0]["termijn_dagen"] = "400"
        rows[1]["naam"] = ""
        return rows

    url = reverse("handhaving-instrumentversie-nieuw", args=["waarschuwing"])
    response = client.post(
        url, _form_data("waarschuwing", edit, reden="", regeling_versiedatum="31-02-2026")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<a class="utrecht-link" href="#id_stap-0-termijn_dagen">Termijn in dagen</a>: De termijn '
        "is een aantal dagen van 0 tot en met 365." in page
    )
    assert '<a class="utrecht-link" href="#id_stap-1-naam">Naam</a>: Dit veld is vereist.' in page
    assert '<a class="utrecht-link" href="#id_reden">Reden van de wijziging</a>' in page
    assert "Voer een geldige datum in." in page
    assert not Instrumentversie.objects.filter(instrument__code="waarschuwing", versie=2).exists()
    # A post without the formset's management data is a bad request, answered in Dutch.
    bare = client.post(url, {"reden": "x"})
    assert bare.status_code == 400
    assert not Instrumentversie.objects.filter(instrument__code="waarschuwing", versie=2).exists()
