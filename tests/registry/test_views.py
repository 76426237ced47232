from __future__ import annotations

import pytest

from django.urls import reverse

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.core.processing_log import DataSubject, pseudonymise
from goedwonen.intake.models import Melding
from goedwonen.registry.importer.run import import_folder
from goedwonen.registry.models import (
    Controle,
    Eigenaar,
    Eigendom,
    Handhaving,
    Levering,
    Verblijfsobject,
)
from goedwonen.registry.selectors import adres_search
from tests.log_lines import log_mark, logged_since, subject

pytestmark = pytest.mark.django_db

CASEWORK = [Capability.REGISTRY_VIEW, Capability.REPORTS_VIEW, Capability.ENFORCEMENT_HISTORY_VIEW]


@pytest.fixture
def imported(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)


@pytest.fixture
def inspector(client, make_user):
    client.force_login(make_user(CASEWORK, username="inspecteur"))
    return client


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("3083AB 10", ["0599200000000001"]),
        ("3083 ab 10", ["0599200000000001"]),
        ("3073AB 7-2", ["0599200000000004"]),
        ("Carnisselaan 10", ["0599200000000001"]),
        ("pleinweg 2a", ["0599200000000002"]),
        ("Dordtselaan", ["0599200000000004", "0599200000000003"]),
        ("0599010000000001", ["0599200000000001", "0599200000000002"]),
        ("0599200000000003", ["0599200000000003"]),
        ("x", []),
    ],
)
def test_address_search(imported, make_user, query, expected):
    actor = make_user([Capability.REGISTRY_VIEW])
    assert [a.nummeraanduiding for a in adres_search(actor=actor, query=query)] == expected


def test_search_page_and_htmx_fragment(imported, inspector):
    page = inspector.get(reverse("adres-zoeken"), {"q": "3083AB 10"}).content.decode()
    assert "Carnisselaan 10, 3083AB Rotterdam" in page and "<main" in page
    fragment = inspector.get(
        reverse("adres-zoeken"), {"q": "3083AB 10"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Carnisselaan 10, 3083AB Rotterdam" in fragment and "<main" not in fragment
    assert (
        "Geen adressen gevonden"
        in inspector.get(reverse("adres-zoeken"), {"q": "Nergensstraat"}).content.decode()
    )


def test_address_page_shows_the_dossier_and_logs_the_natural_person(imported, inspector):
    response = inspector.get(reverse("adres", args=["0599200000000001"]))
    html = response.content.decode()
    for expected in [
        "Carnisselaan 10",
        "60 m²",
        "1931",
        "Jansen,\nJ.",
        "€ 210.000",
        "Verhuurvergunning",
        "Verhuurverordening Rotterdam 2023 art. 2",
        "Veel mensen",
        "Last onder dwangsom",
        "10,0 m² per ingeschreven persoon",
        'role="img"',
        "Pleinweg 2A",
    ]:
        assert expected in html, expected
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert line.name == "Adres 360 ingezien"
    assert line.object_ref == "nummeraanduiding:0599200000000001"
    assert line.data_subject_id == pseudonymise(DataSubject("eigenaar", "E1"))


def test_an_address_page_shows_the_newest_reports_and_counts_them_all(
    imported, inspector, monkeypatch
):
    from goedwonen.registry import selectors

    first = Melding.objects.filter(verblijfsobject__isnull=False).first()
    vbo = first.verblijfsobject
    for n in range(2):  # two more reports on the same object
        first.pk, first.referentie, first.bron_id = None, None, f"{first.bron_id}-{n}"
        first.save()
    on_object = Melding.objects.filter(verblijfsobject=vbo).order_by("-ontvangen_op", "-pk")
    total = on_object.count()
    monkeypatch.setattr(selectors, "REPORTS_SHOWN", total - 1)
    adres = vbo.adressen.get(hoofdadres=True)
    response = inspector.get(reverse("adres", args=[adres.nummeraanduiding]))
    dossier = response.context["d"]
    assert dossier.meldingen == list(on_object[: total - 1])
    html = response.content.decode()
    assert f"Meldingen ({total})" in html and f"de nieuwste {total - 1}" in html


def test_history_sections_follow_the_viewers_capabilities(imported, client, make_user):
    client.force_login(make_user([Capability.REGISTRY_VIEW]))
    html = client.get(reverse("adres", args=["0599200000000001"])).content.decode()
    assert "Carnisselaan 10" in html
    assert "Veel mensen" not in html and "Meldingen (" not in html
    assert "Last onder dwangsom" not in html and "Controles (" not in html


def test_unknown_address_is_404(imported, inspector):
    assert inspector.get(reverse("adres", args=["0599200000009999"])).status_code == 404


def test_owner_page_with_portfolio_flags_and_history(imported, inspector):
    eigenaar = Eigenaar.objects.get(eigenaar_id="K12345678")
    # Make it a repeat offender: violations at two of its objects and a recent decision.
    second = Verblijfsobject.objects.get(object_id="0599010000000002")
    Eigendom.objects.create(verblijfsobject=second, eigenaar=eigenaar)
    for n, vbo in enumerate([second, Verblijfsobject.objects.get(object_id="0599010000000003")]):
        Controle.objects.create(
            bron_id=f"X{n}",
            verblijfsobject=vbo,
            datum="2026-01-10",
            aanleiding="proactief",
            overtreding="ja",
        )
    Handhaving.objects.create(
        bron_id="HX", eigenaar=eigenaar, datum="2025-05-01", instrument="bestuurlijke_boete"
    )
    html = inspector.get(reverse("eigenaar", args=["K12345678"])).content.decode()
    assert "Verhuur BV" in html and "KvK 12345678" in html
    assert "Portefeuille (2 objecten)" in html
    assert "Handhaving in de afgelopen 4 jaar: 1 besluit<" in html
    assert "Terugkerend in onderzoeken: overtredingen bij 2 objecten in 4 jaar" in html
    # The map's points come from their own endpoint, not inlined in the page.
    assert reverse("eigenaar-kaart", args=["K12345678"]) in html
    line = Verwerkingslog.objects.order_by("-pk").first()
    # A company is no natural person: logged by object, not as a data subject.
    assert (line.data_subject_id, line.object_ref) == ("", "eigenaar:K12345678")


def test_owner_page_names_instruments_categories_and_amounts_the_dutch_way(imported, inspector):
    """Codes of the source files are shown by their Dutch names, amounts with a thousands
    separator and dates in the one date format of the screens."""
    # The history lists are parts of the owner's page, each its own page.
    html = "".join(
        inspector.get(reverse(part, args=["E1"])).content.decode()
        for part in ["eigenaar-controles", "eigenaar-handhaving"]
    )
    assert "20 september 2026: Last onder dwangsom (Overbewoning), € 5.000,00" in html
    assert (
        "10 september 2026: Na een melding — overtreding ja "
        "(Overbewoning, Niet ingeschreven bewoners (BRP)), 7 personen aangetroffen"
    ) in html
    for code in ["last_onder_dwangsom", "niet_ingeschreven", "overbewoning,", "€ 5000"]:
        assert code not in html


def test_map_endpoints(imported, inspector):
    buurten = inspector.get(reverse("kaart-buurten")).json()
    counts = {f["properties"]["code"]: f["properties"]["woningen"] for f in buurten["features"]}
    assert counts == {"BU05991571": 1, "BU05991572": 2}
    data = inspector.get(reverse("kaart-woningen"), {"bbox": "4.3,51.8,4.6,51.95"}).json()
    assert sorted(p["label"] for p in data["woningen"]) == [
        "Carnisselaan 10",
        "Carnisselaan 14",
        "Dordtselaan 7-2",
    ]
    assert data["meer"] is False
    bad = inspector.get(reverse("kaart-woningen"), {"bbox": "noord"})
    assert bad.status_code == 400 and "west,zuid,oost,noord" in bad.json()["fout"]


def test_matching_queue_links_a_report(imported, client, make_user):
    client.force_login(make_user([Capability.REPORTS_MATCH]))
    melding = Melding.objects.get(bron_id="M3")
    assert "3083AB 999" in client.get(reverse("koppelwachtrij")).content.decode()
    page = client.get(
        reverse("melding-koppelen", args=[melding.pk]), {"q": "3083AB 10"}
    ).content.decode()
    assert "Carnisselaan 10, 3083AB Rotterdam" in page
    response = client.post(
        reverse("melding-koppelen-opslaan", args=[melding.pk]),
        {"nummeraanduiding": "0599200000000001"},
    )
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.adres.nummeraanduiding == "0599200000000001"
    assert melding.gekoppeld_door.username.startswith("gebruiker")
    assert "De wachtrij is leeg" in client.get(reverse("koppelwachtrij")).content.decode()
    # Matched reports leave the queue: a second match is not found.
    again = client.post(
        reverse("melding-koppelen-opslaan", args=[melding.pk]),
        {"nummeraanduiding": "0599200000000004"},
    )
    assert again.status_code == 404


def test_the_matching_queue_and_page_log_the_reports_they_show(imported, client, make_user):
    client.force_login(make_user([Capability.REPORTS_MATCH]))
    melding = Melding.objects.get(bron_id="M3")
    ref = melding.referentie or str(melding.pk)
    mark = log_mark()

    queue = client.get(reverse("koppelwachtrij"))

    shown = [m.referentie or str(m.pk) for m in queue.context["page"].object_list]
    assert ref in shown
    assert logged_since(mark) == [
        ("Koppelwachtrij ingezien", "meldingen-behandeling", f"melding:{r}", subject("melder", r))
        for r in shown
    ]
    mark = log_mark()

    page = client.get(reverse("melding-koppelen", args=[melding.pk]))

    assert "Verkeerd adres" in page.content.decode()  # the resident's description
    assert logged_since(mark) == [
        (
            "Melding ingezien om het adres te koppelen",
            "meldingen-behandeling",
            f"melding:{ref}",
            subject("melder", ref),
        )
    ]


def test_matching_needs_a_chosen_address(imported, client, make_user):
    client.force_login(make_user([Capability.REPORTS_MATCH]))
    melding = Melding.objects.get(bron_id="M3")
    response = client.post(reverse("melding-koppelen-opslaan", args=[melding.pk]), {}, follow=True)
    assert "Kies een adres uit de zoekresultaten." in response.content.decode()
    assert Melding.objects.get(bron_id="M3").adres is None


def test_deliveries_page(imported, client, make_user):
    client.force_login(make_user([Capability.DELIVERIES_VIEW]))
    html = client.get(reverse("leveringen")).content.decode()
    assert (
        f"Levering {Levering.objects.get().pk} " in html
        and "Deels geslaagd" in html
        and "Wet BAG" in html
    )
    assert (
        "regel 7: nummeraanduiding: &#x27;059920000000006&#x27; is geen BAG-id van 16 cijfers"
        in html
    )


def test_a_matched_report_is_routed_to_its_area_team(imported, client, make_user):
    from goedwonen.accounts.models import Team
    from goedwonen.intake.models import Routeringsregel
    from goedwonen.registry.models import Gebied

    team = Team.objects.create(naam="Team Carnisse")
    Routeringsregel.objects.create(
        volgorde=1, naam="Carnisse", gebied=Gebied.objects.get(code="BU05991572"), team=team
    )
    client.force_login(make_user([Capability.REPORTS_MATCH]))
    melding = Melding.objects.get(bron_id="M3")
    client.post(
        reverse("melding-koppelen-opslaan", args=[melding.pk]),
        {"nummeraanduiding": "0599200000000001"},
    )
    assert Melding.objects.get(pk=melding.pk).team == team
