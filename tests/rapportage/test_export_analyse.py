"""The pseudonymised analysis file for partners (issue 17, point 7): a row per case, report
and inspection with a keyed pseudonym; no name, address, postcode, house number or free text
of the scenario in it; pseudonyms stable within a purpose and different across purposes;
logged with purpose and row count; bad input refused per field in Dutch."""

from __future__ import annotations

import csv
import io

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.policy import Capability
from goedwonen.inspecties.services import BevindingInvoer, bezoek_record
from goedwonen.rapportage.export import pseudoniem
from goedwonen.registry.models import Controle, Gebied
from tests.log_lines import log_mark, logged_since
from tests.scenario import DIRECTOR

pytestmark = pytest.mark.django_db

DOEL = "Trendanalyse overbewoning GGD"


@pytest.fixture
def analist(client, make_user):
    user = make_user([Capability.ANALYSIS_EXPORT, Capability.STEERING_VIEW])
    client.force_login(user)
    return user


@pytest.fixture
def visited(casus, inspecteur):
    """The scenario's case with a visit that established overcrowding."""
    bezoek_record(
        actor=inspecteur,
        casus=casus,
        object=casus.objecten.first(),
        soort="woningbezoek",
        datum=timezone.localdate(),
        toegang="verleend",
        volwassenen=9,
        kinderen=0,
        bevindingen=[BevindingInvoer("overbewoning", True, "Negen volwassenen van Jansen.")],
    )
    return casus


def _post(client, **data) -> object:
    today = timezone.localdate().isoformat()
    return client.post(
        reverse("sturing-analyse-export"), {"van": today, "tot": today, "doel": DOEL} | data
    )


def _rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_file_holds_no_name_address_or_free_text(client, analist, visited, triaged):
    mark = log_mark()
    response = _post(client)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    for revealing in (
        "Carnisselaan",
        "3083",
        "Jansen",
        "matrassen",
        "Negen volwassenen",
        "Overbewoning en",
        visited.referentie,
        visited.titel,
        triaged.referentie,
        "regisseur",
    ):
        assert revealing not in text, revealing
    rows = _rows(response)
    assert list(rows[0]) == [
        "soort",
        "pseudoniem",
        "casus_pseudoniem",
        "buurt",
        "maand",
        "categorie",
        "herkomst",
        "uitkomst",
    ]
    month = timezone.localdate().strftime("%Y-%m")
    buurt = visited.objecten.first().verblijfsobject.buurt.code
    case = pseudoniem("casus", visited.pk, DOEL)
    assert {(r["soort"], r["casus_pseudoniem"], r["buurt"], r["maand"]) for r in rows} == {
        ("casus", case, buurt, month),
        ("melding", case, buurt, month),
        ("controle", case, buurt, month),
    }
    controle = next(r for r in rows if r["soort"] == "controle")
    assert (controle["categorie"], controle["herkomst"], controle["uitkomst"]) == (
        "overbewoning",
        "melding",
        "ja",
    )
    assert str(visited.pk) not in {r["pseudoniem"] for r in rows}
    assert logged_since(mark) == [
        (
            f"Gepseudonimiseerd analysebestand {timezone.localdate().isoformat()} t/m "
            f"{timezone.localdate().isoformat()} GM0599 gedownload: 3 rijen; doel: {DOEL}",
            "sturing-en-verantwoording",
            "sturing:analyse-export:GM0599",
            "",
        )
    ]


def test_a_pseudonym_is_stable_within_a_purpose_and_differs_across(client, analist, casus):
    first = _rows(_post(client))
    again = _rows(_post(client, doel="  trendanalyse   overbewoning ggd "))
    other = _rows(_post(client, doel="Onderzoek huurprijzen Woonbond"))
    pseudonyms = [{r["soort"]: r["pseudoniem"] for r in rows} for rows in (first, again, other)]
    assert pseudonyms[0] == pseudonyms[1]
    assert pseudonyms[0]["casus"] != pseudonyms[2]["casus"]
    assert pseudonyms[0]["melding"] != pseudonyms[2]["melding"]


def test_an_area_and_a_period_limit_the_rows(client, analist, casus):
    vbo = casus.objecten.first().verblijfsobject
    new_year = timezone.localdate().replace(day=1, month=1)
    Controle.objects.create(
        bron_id="c-old",
        verblijfsobject=vbo,
        datum=new_year,
        aanleiding="proactief",
        overtreding="nee",
    )
    old = ("controle", vbo.buurt.code, new_year.strftime("%Y-%m"), "proactief", "nee")

    def seen(rows):
        return [(r["soort"], r["buurt"], r["maand"], r["herkomst"], r["uitkomst"]) for r in rows]

    assert old not in seen(_rows(_post(client)))
    assert old in seen(_rows(_post(client, van=new_year.isoformat())))
    wijk = vbo.buurt.bovenliggend
    here = _rows(_post(client, van=new_year.isoformat(), gebied=wijk.code))
    assert old in seen(here)
    assert {r["buurt"] for r in here} <= set(wijk.onderliggend.values_list("code", flat=True))
    Gebied.objects.create(
        code="WK059999", naam="Elders", soort="wijk", bovenliggend=wijk.bovenliggend
    )
    assert _rows(_post(client, van=new_year.isoformat(), gebied="WK059999")) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"van": ""}, "van", "Geef de eerste dag van de periode."),
        ({"tot": "31-02-2026"}, "tot", "Geef een datum als dd-mm-jjjj."),
        ({"van": "2026-03-01", "tot": "2026-02-01"}, "tot", "De laatste dag ligt voor de eerste"),
        ({"doel": " "}, "doel", "Geef het doel van de analyse."),
        ({"doel": "x" * 101}, "doel", "Het doel is te lang"),
        ({"gebied": "XX999"}, "gebied", "Kies een gebied uit de lijst."),
    ],
)
def test_bad_input_is_refused_per_field(client, analist, data, field, message):
    mark = log_mark()
    response = _post(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'id="id_{field}_error1"' in response.content.decode()
    assert logged_since(mark) == []


def test_only_with_the_capability(client, make_user, casus):
    client.force_login(make_user([Capability.STEERING_VIEW, *DIRECTOR]))
    mark = log_mark()
    assert client.get(reverse("sturing-analyse-export")).status_code == 403
    assert _post(client).status_code == 403
    assert logged_since(mark) == []


def test_the_form_page(client, analist):
    page = client.get(reverse("sturing-analyse-export")).content.decode()
    assert "Doel van de analyse" in page and "Alle gebieden" in page
