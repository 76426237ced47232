"""The case page as a workspace: adding an address and an owner through the pickers, the
warning about another open case on the same address and joining it, the links to the
pages of the case's parts, and the open tasks on top."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Casus, CasusObject, Gebeurtenis, Partij
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.objects import casus_adres_add, casus_join
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.registry.models import Adres, Eigenaar, Eigendom
from tests.log_lines import log_mark, logged_since, subject
from tests.scenario import DIRECTOR

pytestmark = pytest.mark.django_db

DORDTSELAAN_7 = "0599200000000004"  # Dordtselaan 7-2, a dwelling without a case
CARNISSE_10 = "0599200000000001"  # the scenario case's address


@pytest.fixture
def verhuurder(city) -> Eigenaar:
    """A company owning Dordtselaan 7-2."""
    eigenaar = Eigenaar.objects.create(
        eigenaar_id="K87654321",
        soort="rechtspersoon",
        naam="Kamerverhuur Zuid BV",
        kvk_nummer="87654321",
    )
    Eigendom.objects.create(
        verblijfsobject=Adres.objects.get(nummeraanduiding=DORDTSELAAN_7).verblijfsobject,
        eigenaar=eigenaar,
    )
    return eigenaar


@pytest.fixture
def tweede(casus, regisseur) -> Casus:
    """A second open case on Carnisselaan 10, made beside the first (confirmed)."""
    return casus_create(
        actor=regisseur,
        titel="Ingebracht aan de casustafel",
        categorieen=["woonoverlast"],
        casusregisseur=regisseur,
        herkomst="casustafel",
        adressen=[Adres.objects.get(nummeraanduiding=CARNISSE_10)],
        naast_open_casussen=[casus.referentie],
    )


# --- services -------------------------------------------------------------------------


def test_an_added_address_brings_its_owners_as_parties_on_the_timeline(
    casus, regisseur, verhuurder
):
    adres = Adres.objects.get(nummeraanduiding=DORDTSELAAN_7)
    mark = log_mark()
    casus_adres_add(actor=regisseur, casus=casus, adres=adres)
    assert list(
        casus.objecten.order_by("pk").values_list("adres__nummeraanduiding", flat=True)
    ) == [
        CARNISSE_10,
        DORDTSELAAN_7,
    ]
    # The imported half owner (Verhuur BV) and ours.
    assert sorted(
        Partij.objects.filter(casus=casus, rol="eigenaar").values_list(
            "eigenaar__eigenaar_id", flat=True
        )
    ) == ["E1", "K12345678", "K87654321"]
    event = casus.tijdlijn.get(soort="adres")
    assert event.tekst == (
        "Adres Dordtselaan 7-2, 3073 AB Rotterdam toegevoegd. 2 eigenaren als partij toegevoegd."
    )
    # A line per new owner, as on a new case.
    assert [line[0] for line in logged_since(mark)] == ["Adres aan casus toegevoegd"] * 2


def test_an_address_with_another_open_case_needs_confirming_that_case(
    casus, tweede, regisseur, city
):
    # A third case elsewhere, to which Carnisselaan 10 (with two open cases) is added.
    derde = casus_create(
        actor=regisseur,
        titel="Dordtselaan",
        categorieen=["woonoverlast"],
        casusregisseur=regisseur,
        herkomst="casustafel",
        adressen=[Adres.objects.get(nummeraanduiding=DORDTSELAAN_7)],
    )
    carnisse = Adres.objects.get(nummeraanduiding=CARNISSE_10)
    events = Gebeurtenis.objects.count()
    with pytest.raises(ValidationError) as refused:
        casus_adres_add(
            actor=regisseur, casus=derde, adres=carnisse, naast_open_casussen=[casus.referentie]
        )
    assert refused.value.message_dict == {
        "naast_open_casussen": [
            f"Op Carnisselaan 10, 3083 AB Rotterdam loopt al een andere open casus: "
            f"{tweede.referentie}. Bekijk die eerst; bevestig als u het adres toch aan deze "
            "casus wilt toevoegen."
        ]
    }
    assert derde.objecten.count() == 1
    assert Gebeurtenis.objects.count() == events
    casus_adres_add(
        actor=regisseur,
        casus=derde,
        adres=carnisse,
        naast_open_casussen=[casus.referentie, tweede.referentie],
    )
    assert derde.objecten.count() == 2


def test_an_address_already_in_the_case_is_refused(casus, regisseur):
    with pytest.raises(ValidationError) as refused:
        casus_adres_add(
            actor=regisseur, casus=casus, adres=Adres.objects.get(nummeraanduiding=CARNISSE_10)
        )
    assert refused.value.message_dict == {
        "adres": ["Carnisselaan 10, 3083 AB Rotterdam hoort al bij deze casus."]
    }


def test_a_partner_cannot_add_an_address(casus, regisseur, politie, share):
    share(casus, "objecten")
    with pytest.raises(PermissionDenied):
        casus_adres_add(
            actor=politie, casus=casus, adres=Adres.objects.get(nummeraanduiding=DORDTSELAAN_7)
        )
    assert casus.objecten.count() == 1


def test_joining_moves_the_reports_to_the_other_case(casus, tweede, regisseur, triaged):
    mark = log_mark()
    moved = casus_join(actor=regisseur, casus=casus, doel=tweede)
    assert [m.pk for m in moved] == [triaged.pk]
    assert Melding.objects.get(pk=triaged.pk).casus_id == tweede.pk
    assert casus.tijdlijn.first().tekst == (
        f"Samengevoegd met casus {tweede.referentie}: meldingen verplaatst "
        f"({triaged.referentie}). Sluit deze casus als er verder niets in loopt."
    )
    assert tweede.tijdlijn.first().tekst == (
        f"Casus {casus.referentie} op hetzelfde adres is hierbij gevoegd: meldingen "
        f"overgenomen ({triaged.referentie})."
    )
    assert [line[0] for line in logged_since(mark)] == [
        f"Casus samengevoegd met {tweede.referentie}",
        f"Casus {casus.referentie} hierbij gevoegd",
    ]
    # Both stay open: the director closes the emptied case with its own result.
    assert Casus.objects.get(pk=casus.pk).is_open


def test_joining_needs_a_shared_address_and_direction_of_both(
    casus, tweede, regisseur, make_user, partner_organisatie, triaged, city
):
    elders = casus_create(
        actor=regisseur,
        titel="Dordtselaan",
        categorieen=["woonoverlast"],
        casusregisseur=regisseur,
        herkomst="casustafel",
        adressen=[Adres.objects.get(nummeraanduiding=DORDTSELAAN_7)],
    )
    with pytest.raises(ValidationError) as refused:
        casus_join(actor=regisseur, casus=casus, doel=elders)
    assert refused.value.message_dict == {
        "doel": [f"Casus {elders.referentie} gaat niet over een adres van deze casus."]
    }
    other_director = make_user(DIRECTOR, organisatie_=partner_organisatie)
    with pytest.raises(PermissionDenied):
        casus_join(actor=other_director, casus=casus, doel=tweede)
    assert Melding.objects.get(pk=triaged.pk).casus_id == casus.pk


# --- the page ---------------------------------------------------------------------------


def test_the_page_links_address_owner_and_report_for_who_may_open_them(
    client, casus, triaged, make_user
):
    registry_reader = make_user([*DIRECTOR, Capability.REGISTRY_VIEW])
    client.force_login(registry_reader)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert f'href="/adressen/{CARNISSE_10}">Carnisselaan 10' in page
    assert 'href="/eigenaren/E1">' in page
    assert f'href="/meldingen/{triaged.pk}">{triaged.referentie}</a>' in page


def test_no_links_to_pages_the_person_may_not_open(client, casus, regisseur, triaged):
    # The scenario's director has no registry capability: address and owner stay text.
    client.force_login(regisseur)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert 'href="/adressen/' not in page
    assert 'href="/eigenaren/' not in page
    assert f'href="/meldingen/{triaged.pk}"' in page


def test_open_tasks_and_the_next_deadline_on_top_overdue_first(client, casus, regisseur):
    today = timezone.localdate()
    for titel, days in [("Later", 20), ("Eerst", 3)]:
        taak_create(
            actor=regisseur,
            casus=casus,
            titel=titel,
            organisatie=regisseur.organisatie,
            deadline=today + timedelta(days=days),
        )
    client.force_login(regisseur)
    response = client.get(reverse("casus", args=[casus.referentie]))
    assert [t.titel for t, _late in response.context["werk_taken"]] == ["Eerst", "Later"]
    page = response.content.decode()
    assert '<dd id="casus-open-taken">2</dd>' in page
    # The summary and the actions come before the parts of the case.
    assert page.index('id="werk-kop"') < page.index('id="objecten-kop"')
    for action in [
        "Taak uitzetten",
        "Delen met een partner",
        "Notitie toevoegen",
        "Status wijzigen",
        "Adres toevoegen",
        "Eigenaar of partij toevoegen",
        "Casus sluiten",
    ]:
        assert 'data-gw-dialog="actie-' in page and f">{action}</a>" in page
    assert page.index(">Taak uitzetten</a>") < page.index('id="objecten-kop"')


def test_a_partner_sees_no_actions(client, casus, regisseur, politie, share):
    share(casus, "objecten", "taken")
    client.force_login(politie)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert "data-gw-dialog" not in page
    assert "<dialog" not in page


def test_the_page_warns_of_another_open_case_and_offers_to_join_it(
    client, casus, tweede, regisseur, triaged
):
    client.force_login(regisseur)
    page = client.get(reverse("casus", args=[casus.referentie])).content.decode()
    assert 'id="andere-open-casussen"' in page
    assert f'<a class="utrecht-link" href="/casussen/{tweede.referentie}">' in page
    assert f"Samenvoegen met casus {tweede.referentie}</button>" in page
    response = client.post(
        reverse("casus-samenvoegen", args=[casus.referentie]),
        {"samen-doel": tweede.referentie},
        follow=True,
    )
    assert (
        f"Casus {casus.referentie} is samengevoegd met casus {tweede.referentie}: 1 "
        "melding verplaatst." in response.content.decode()
    )
    assert Melding.objects.get(pk=triaged.pk).casus_id == tweede.pk


def test_joining_an_unknown_case_says_so(client, casus, regisseur, triaged):
    client.force_login(regisseur)
    response = client.post(
        reverse("casus-samenvoegen", args=[casus.referentie]), {"samen-doel": "CS-NIET"}
    )
    assert response.status_code == 200
    assert "Casus CS-NIET is niet gevonden." in response.content.decode()
    assert Melding.objects.get(pk=triaged.pk).casus_id == casus.pk


def test_the_address_picker_suggests_addresses_with_their_open_cases(
    client, casus, tweede, regisseur, city
):
    derde = casus_create(
        actor=regisseur,
        titel="Dordtselaan",
        categorieen=["woonoverlast"],
        casusregisseur=regisseur,
        herkomst="casustafel",
        adressen=[Adres.objects.get(nummeraanduiding=DORDTSELAAN_7)],
    )
    client.force_login(regisseur)
    url = reverse("casus-adres-zoeken", args=[derde.referentie])
    page = client.get(url, {"q": "3083 ab 10"}).content.decode()
    assert f'value="{CARNISSE_10}"' in page
    assert (
        f"Let op: op dit adres loopt al 2 andere open casussen: {casus.referentie}, "
        f"{tweede.referentie}." in page
    )
    page = client.get(url, {"q": "Dordtselaan 7"}).content.decode()
    assert "(hoort al bij deze casus)" in page and "disabled" in page
    page = client.get(url, {"q": "Nergensstraat 1"}).content.decode()
    assert "Geen adressen gevonden voor \u2018Nergensstraat 1\u2019." in page


def test_adding_an_address_over_http_keeps_the_choice_when_it_needs_confirming(
    client, casus, tweede, regisseur, city
):
    derde = casus_create(
        actor=regisseur,
        titel="Dordtselaan",
        categorieen=["woonoverlast"],
        casusregisseur=regisseur,
        herkomst="casustafel",
        adressen=[Adres.objects.get(nummeraanduiding=DORDTSELAAN_7)],
    )
    client.force_login(regisseur)
    url = reverse("casus-adres-toevoegen", args=[derde.referentie])
    response = client.post(url, {"adres-nummeraanduiding": CARNISSE_10})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Op Carnisselaan 10, 3083 AB Rotterdam loopt al andere open casussen" in page
    assert f'value="{CARNISSE_10}" checked' in page
    assert f'value="{casus.referentie}"' in page and f'value="{tweede.referentie}"' in page
    assert derde.objecten.count() == 1
    response = client.post(
        url,
        {
            "adres-nummeraanduiding": CARNISSE_10,
            "adres-naast_open_casussen": [casus.referentie, tweede.referentie],
        },
        follow=True,
    )
    assert "Adres Carnisselaan 10, 3083 AB Rotterdam is aan de casus toegevoegd." in (
        response.content.decode()
    )
    assert derde.objecten.count() == 2


def test_adding_an_address_without_choosing_one_says_what_to_do(client, casus, regisseur):
    client.force_login(regisseur)
    response = client.post(
        reverse("casus-adres-toevoegen", args=[casus.referentie]), {"adres-nummeraanduiding": ""}
    )
    assert response.status_code == 200
    assert "Zoek het adres en kies het uit de lijst." in response.content.decode()
    response = client.post(
        reverse("casus-adres-toevoegen", args=[casus.referentie]),
        {"adres-nummeraanduiding": "0599200000009999"},
    )
    assert "Zoek het adres en kies het uit de lijst." in response.content.decode()
    assert casus.objecten.count() == 1


def test_the_owner_picker_finds_by_name_and_kvk_and_adds_the_party(
    client, casus, regisseur, verhuurder
):
    client.force_login(regisseur)
    url = reverse("casus-eigenaar-zoeken", args=[casus.referentie])
    for query in ["kamerverhuur", "87654321"]:
        page = client.get(url, {"q": query}).content.decode()
        assert 'name="partij-eigenaar_id"' in page and 'value="K87654321"' in page
        assert "Kamerverhuur Zuid BV · rechtspersoon · KvK 87654321" in page
    response = client.post(
        reverse("partij-toevoegen", args=[casus.referentie]),
        {"partij-rol": "verhuurder", "partij-eigenaar_id": "K87654321"},
        follow=True,
    )
    assert "Verhuurder toegevoegd." in response.content.decode()
    assert casus.partijen.filter(rol="verhuurder", eigenaar=verhuurder).exists()


def test_an_owner_search_that_shows_a_person_is_logged(client, casus, regisseur):
    client.force_login(regisseur)
    mark = log_mark()
    page = client.get(
        reverse("casus-eigenaar-zoeken", args=[casus.referentie]), {"q": "jansen"}
    ).content.decode()
    assert 'value="E1"' in page
    assert logged_since(mark) == [
        (
            "Eigenaren gezocht op naam of KvK-nummer",
            "registratie-woningen-eigenaren",
            "",
            subject("eigenaar", "E1"),
        )
    ]


def test_the_pickers_are_for_the_directing_organisation_only(
    client, casus, politie, share, make_user, partner_organisatie
):
    share(casus, "objecten", "partijen")
    client.force_login(politie)
    for name in ["casus-adres-zoeken", "casus-eigenaar-zoeken"]:
        response = client.get(reverse(name, args=[casus.referentie]), {"q": "Carnisselaan"})
        assert response.status_code == 403
    # A director at the partner sees the shared case, but does not direct it.
    client.force_login(make_user(DIRECTOR, organisatie_=partner_organisatie))
    mark = log_mark()
    for name in ["casus-adres-zoeken", "casus-eigenaar-zoeken"]:
        response = client.get(reverse(name, args=[casus.referentie]), {"q": "Jansen"})
        assert response.status_code == 404
    assert logged_since(mark) == []
    CasusObject.objects.get(casus=casus)  # unchanged
