"""The case page and the case API read a case through one selector (`casus_detail`): a
partner sees the same parts on both, and each read is logged once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Partijrol
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.parties import partij_add
from goedwonen.casussen.services.sharing import casus_share
from tests.log_lines import log_mark, logged_since

pytestmark = pytest.mark.django_db

PARTS = ("adressen", "partijen", "meldingen", "taken")


def _page_parts(client, casus):
    response = client.get(reverse("casus", args=[casus.referentie]))
    assert response.status_code == 200
    context = response.context

    def listed(rows, key):
        return None if rows is None else [key(row) for row in rows]

    return {
        "adressen": listed(context["objecten"], lambda o: o.verblijfsobject.object_id),
        "partijen": listed(context["partijen"], lambda p: p.get_rol_display()),
        "meldingen": listed(context["meldingen"], lambda m: m.referentie),
        # A page lists no tasks where the API says null: both mean none to see.
        "taken": [t.pk for t, _form, _late in context["taken"]],
    }


def _api_parts(client, casus):
    response = client.get(reverse("api-casus", args=[casus.referentie]))
    assert response.status_code == 200
    body = response.json()

    def listed(rows, key):
        return None if rows is None else [key(row) for row in rows]

    return {
        "adressen": listed(body["adressen"], lambda a: a["objectId"]),
        "partijen": listed(body["partijen"], lambda p: Partijrol(p["rol"]).label),
        "meldingen": listed(body["meldingen"], lambda m: m["referentie"]),
        "taken": [t["id"] for t in body["taken"] or []],
    }


@pytest.mark.parametrize(
    "onderdelen",
    [["objecten", "partijen", "taken"], ["meldingen"], ["partijen"]],
    ids=["objecten-partijen-taken", "meldingen", "partijen"],
)
def test_page_and_api_show_a_partner_the_same_parts_of_a_partly_shared_case(
    client, casus, regisseur, politie, partner_organisatie, onderdelen
):
    partij_add(actor=regisseur, casus=casus, rol="bewoners", omschrijving="Vier bewoners")
    taak_create(
        actor=regisseur,
        casus=casus,
        titel="Eigen dossieronderzoek",
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    casus_share(
        actor=regisseur,
        casus=casus,
        organisatie=partner_organisatie,
        rol="wijkagent",
        doel="Controle",
        grondslag="Wpg art. 16",
        onderdelen=onderdelen,
        tot=timezone.localdate() + timedelta(days=30),
    )
    # A task for the partner's organisation needs the part tasks shared with it.
    own = (
        taak_create(
            actor=regisseur,
            casus=casus,
            titel="Controle samen met SB",
            organisatie=partner_organisatie,
            deadline=timezone.localdate() + timedelta(days=7),
        )
        if "taken" in onderdelen
        else None
    )
    client.force_login(politie)

    page, api = _page_parts(client, casus), _api_parts(client, casus)

    assert page == api
    expected = {
        "adressen": ["0599010000000001"] if "objecten" in onderdelen else None,
        "partijen": ["Bewoners", "Eigenaar"] if "partijen" in onderdelen else None,
        "meldingen": [casus.meldingen.get().referentie] if "meldingen" in onderdelen else None,
        "taken": [own.pk] if own else [],
    }
    assert api == expected


def test_page_and_api_each_log_one_read_of_the_case(client, casus, regisseur):
    client.force_login(regisseur)
    for url in (
        reverse("casus", args=[casus.referentie]),
        reverse("api-casus", args=[casus.referentie]),
    ):
        mark = log_mark()
        assert client.get(url).status_code == 200
        reads = [line for line in logged_since(mark) if line[2] == f"casus:{casus.referentie}"]
        assert [line[0] for line in reads] == ["Casus ingezien"], url
