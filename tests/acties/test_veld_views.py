"""The field pages over HTTP: the walk list on a phone, the JSON endpoint the page's script
sends its queue to, the forms without the script, and who gets nothing."""

from __future__ import annotations

import json
import uuid

import pytest

from django.urls import reverse

from goedwonen.acties.models import Adresstatus, Veldregistratie
from goedwonen.core.models import Verwerkingslog
from goedwonen.inspecties.models import Bezoek
from tests.acties.support_veld import first_of_team_1 as _first

pytestmark = pytest.mark.django_db


def _urls(veld_actie):
    team, adres = _first(veld_actie)
    return (
        team,
        adres,
        {
            "veld": reverse("actie-veld", args=[veld_actie.pk, team.pk]),
            "adres": reverse("actie-veld-adres", args=[veld_actie.pk, team.pk, adres.pk]),
            "registratie": reverse("actie-veld-registratie", args=[veld_actie.pk, team.pk]),
            "overslaan": reverse("actie-veld-overslaan", args=[veld_actie.pk, team.pk, adres.pk]),
        },
    )


def _visit(adres, sleutel, **changes):
    p = f"a{adres.pk}"
    data = {
        "adres": str(adres.pk),
        "sleutel": str(sleutel),
        "vastgelegd_op": "2026-01-05T10:15:00+01:00",
        f"{p}-toegang": "verleend",
        f"{p}-volwassenen": "3",
        f"{p}-kinderen": "0",
        f"{p}-bevinding-overbewoning": "nee",
        f"{p}-opmerkingen": "Rustig.",
    }
    return data | changes


def test_a_team_member_sees_the_walk_list_with_the_next_address_on_top(
    client, veld_actie, veld_inspecteur
):
    team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)
    lines = Verwerkingslog.objects.count()

    response = client.get(urls["veld"])

    assert response.status_code == 200
    html = response.content.decode()
    volgende = html.index("Volgende adres")
    # The next address comes under its own heading, before the walk list's.
    assert html.index("Veldstraat", volgende) < html.index('id="lijst-kop"')
    lat, lon = adres.verblijfsobject.lat, adres.verblijfsobject.lon
    assert f'href="geo:{lat},{lon}"' in html
    assert "Toestemming van de bewoner vragen" in html
    assert "Hond in de woning" in html
    assert f'data-registratie-url="{urls["registratie"]}"' in html
    # The categories the police in the team checks come first, before the folded rest.
    assert html.index("Crimineel gebruik") < html.index("Andere categorieën")
    assert Verwerkingslog.objects.count() == lines + 1
    assert Verwerkingslog.objects.latest("pk").object_ref == f"actie:{veld_actie.pk}/team:{team.pk}"


def test_someone_outside_the_team_gets_404(client, veld_actie, make_user):
    from goedwonen.core.policy import Capability

    _team, _adres, urls = _urls(veld_actie)
    client.force_login(make_user([Capability.ACTIONS_TAKE_PART, Capability.INSPECTIONS_RECORD]))
    lines = Verwerkingslog.objects.count()
    assert client.get(urls["veld"]).status_code == 404
    assert client.get(urls["adres"]).status_code == 404
    response = client.post(urls["registratie"], {"adres": "1"})
    assert response.status_code == 404
    assert Verwerkingslog.objects.count() == lines


def test_the_script_sends_a_record_once_whatever_how_often(client, veld_actie, veld_inspecteur):
    _team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)
    sleutel = uuid.uuid4()

    first = client.post(urls["registratie"], _visit(adres, sleutel))
    again = client.post(urls["registratie"], _visit(adres, sleutel))

    assert first.status_code == 201
    assert again.status_code == 200
    assert json.loads(first.content)["bezoek"] == json.loads(again.content)["bezoek"]
    assert json.loads(again.content)["nieuw"] is False
    assert Bezoek.objects.count() == Veldregistratie.objects.count() == 1
    registratie = Veldregistratie.objects.get()
    assert registratie.sleutel == sleutel
    assert registratie.vastgelegd_op.isoformat() == "2026-01-05T09:15:00+00:00"
    adres.refresh_from_db()
    assert adres.status == Adresstatus.BEZOCHT


def test_refused_records_come_back_per_input_and_store_nothing(client, veld_actie, veld_inspecteur):
    _team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)
    p = f"a{adres.pk}"

    form_errors = client.post(
        urls["registratie"],
        _visit(adres, uuid.uuid4(), **{f"{p}-toegang": "", f"{p}-kinderen": "x"}),
    )
    service_errors = client.post(
        urls["registratie"],
        _visit(
            adres, uuid.uuid4(), **{f"{p}-volwassenen": "", f"{p}-bevinding-overbewoning": "ja"}
        ),
    )
    bad_key = client.post(urls["registratie"], _visit(adres, "niet-een-sleutel"))

    assert form_errors.status_code == 422
    assert set(json.loads(form_errors.content)["fouten"]) == {f"{p}-toegang", f"{p}-kinderen"}
    assert service_errors.status_code == 422
    assert set(json.loads(service_errors.content)["fouten"]) == {
        f"{p}-volwassenen",
        f"{p}-bevinding-overbewoning_toelichting",
    }
    assert bad_key.status_code == 422
    assert json.loads(bad_key.content)["fouten"] == {"": ["De registratiesleutel is ongeldig."]}
    assert Bezoek.objects.count() == Veldregistratie.objects.count() == 0


def test_a_member_who_may_not_record_gets_403_in_json(client, veld_actie, veld_agent):
    _team, adres, urls = _urls(veld_actie)
    client.force_login(veld_agent)
    response = client.post(urls["registratie"], _visit(adres, uuid.uuid4()))
    assert response.status_code == 403
    assert "bezoek" in json.loads(response.content)["melding"]
    assert Bezoek.objects.count() == 0


def test_without_the_script_the_form_posts_and_records_once(client, veld_actie, veld_inspecteur):
    _team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)
    sleutel = uuid.uuid4()
    data = _visit(adres, sleutel)
    del data["vastgelegd_op"]

    response = client.post(urls["adres"], data)
    twice = client.post(urls["adres"], data)  # a double tap on a slow connection

    assert response.status_code == twice.status_code == 302
    assert response["Location"] == urls["veld"]
    assert Bezoek.objects.count() == 1


def test_without_the_script_errors_show_beside_the_fields(client, veld_actie, veld_inspecteur):
    _team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)
    p = f"a{adres.pk}"

    response = client.post(urls["adres"], _visit(adres, uuid.uuid4(), **{f"{p}-volwassenen": ""}))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{p}-volwassenen_error1"' in html
    assert "Geef het aantal aangetroffen volwassenen op" in html
    assert 'value="Rustig."' not in html and "Rustig." in html  # the remark kept in its box
    assert Bezoek.objects.count() == 0


def test_an_address_is_skipped(client, veld_actie, veld_inspecteur):
    _team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)

    empty = client.post(urls["overslaan"], {f"o{adres.pk}-reden": ""})
    response = client.post(
        urls["overslaan"], {f"o{adres.pk}-reden": "Niemand thuis, buren zeggen leeg."}
    )

    assert empty.status_code == 200
    assert "Dit veld is vereist." in empty.content.decode()
    assert response.status_code == 302
    adres.refresh_from_db()
    assert adres.status == Adresstatus.OVERGESLAGEN


def test_a_record_for_an_address_moved_to_another_team_meanwhile_is_kept(
    client, veld_actie, veld_inspecteur
):
    team, adres, urls = _urls(veld_actie)
    client.force_login(veld_inspecteur)
    # A re-plan gave the address to team 2 while the record waited on the phone.
    adres.team = veld_actie.teams.get(naam="Team 2")
    adres.save()

    response = client.post(urls["registratie"], _visit(adres, uuid.uuid4()))

    assert response.status_code == 201
    registratie = Veldregistratie.objects.get()
    assert (registratie.actieadres, registratie.team) == (adres, team)


def test_the_endpoint_wants_the_csrf_token_the_page_carries(veld_actie, veld_inspecteur):
    from django.test import Client

    _team, adres, urls = _urls(veld_actie)
    client = Client(enforce_csrf_checks=True)
    client.force_login(veld_inspecteur)
    page = client.get(urls["veld"]).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    without = client.post(urls["registratie"], _visit(adres, uuid.uuid4()))
    with_token = client.post(
        urls["registratie"], _visit(adres, uuid.uuid4()), headers={"X-CSRFToken": token}
    )

    assert without.status_code == 403
    assert with_token.status_code == 201
    assert Veldregistratie.objects.count() == 1
