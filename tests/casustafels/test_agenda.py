"""The agenda of a case table (issue 15, points 3 and 4): bringing in before the cut-off, the
chair's decision, automatic proposals, and what each member sees on the page, in the CSV and
through the API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Onderdeel, Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.casustafels.models import Agendapunt, Agendapuntstatus, Voorstelreden
from goedwonen.casustafels.services.agenda import agendapunt_besluiten, agendapunt_inbrengen
from goedwonen.casustafels.services.voorstellen import voorstellen_alle_tafels, voorstellen_maken
from goedwonen.core.models import Verwerkingslog
from goedwonen.notificaties.models import Notificatie
from goedwonen.verhuurders.models import Recidivesignalering

from .support_agenda import SECRETS, VRAAG, Agendaopzet, build, case


@pytest.fixture
def opzet(make_user, organisatie, partner_organisatie) -> Agendaopzet:
    return build(make_user, organisatie, partner_organisatie)


def _client(client, user):
    client.force_login(user)
    return client


def _share(opzet: Agendaopzet, onderdelen) -> None:
    casus_share(
        actor=opzet.voorzitter,
        casus=opzet.casus,
        organisatie=opzet.politie,
        rol="Politie",
        doel="Gezamenlijke aanpak aan de casustafel",
        grondslag="Convenant casustafel, art. 4",
        onderdelen=onderdelen,
        tot=timezone.localdate() + timedelta(days=90),
    )


def _bring_in(opzet: Agendaopzet, **kwargs) -> Agendapunt:
    kwargs.setdefault("actor", opzet.voorzitter)
    kwargs.setdefault("casus", opzet.casus)
    kwargs.setdefault("vraag", VRAAG)
    return agendapunt_inbrengen(vergadering=opzet.vergadering, vraagsoort="strategie", **kwargs)


# --- Bringing in -----------------------------------------------------------------------------


def test_a_partner_brings_in_a_case_shared_with_it_on_the_page(client, opzet):
    _share(opzet, [Onderdeel.OBJECTEN])
    response = _client(client, opzet.agent).post(
        reverse("agendapunt-inbrengen", args=[opzet.vergadering.pk]),
        {"casus": opzet.casus.pk, "vraagsoort": "informatie", "vraag": VRAAG},
    )
    assert response.status_code == 302
    item = opzet.vergadering.agendapunten.get()
    assert (item.casus, item.ingebracht_door, item.ingebracht_namens) == (
        opzet.casus,
        opzet.agent,
        opzet.politie,
    )
    assert item.status == Agendapuntstatus.INGEDIEND


def test_a_case_the_member_does_not_see_is_refused(opzet):
    with pytest.raises(ValidationError) as error:
        _bring_in(opzet, actor=opzet.agent)
    assert "ziet uw organisatie niet" in error.value.message_dict["casus"][0]


def test_a_question_naming_the_street_or_owner_is_refused_beside_the_field(client, opzet):
    response = _client(client, opzet.voorzitter).post(
        reverse("agendapunt-inbrengen", args=[opzet.vergadering.pk]),
        {
            "casus": opzet.casus.pk,
            "vraagsoort": "strategie",
            "vraag": "Wat speelt er aan de Putselaan?",
        },
    )
    assert response.status_code == 400
    assert "Laat namen en adressen weg (gevonden: &#x27;Putselaan&#x27;)" in response.text
    assert "Wat speelt er aan de Putselaan?" in response.text  # nothing typed is lost
    assert not Agendapunt.objects.exists()
    with pytest.raises(ValidationError) as error:
        _bring_in(opzet, vraag="Is Huisjesmelker Beheer B.V. bekend?")
    assert "vraag" in error.value.message_dict


def test_after_the_cut_off_the_error_names_the_next_meeting(client, opzet):
    opzet.vergadering.begint_op = timezone.now() + timedelta(days=2)  # cut-off 3 days before
    opzet.vergadering.save()
    response = _client(client, opzet.voorzitter).post(
        reverse("agendapunt-inbrengen", args=[opzet.vergadering.pk]),
        {"casus": opzet.casus.pk, "vraagsoort": "strategie", "vraag": VRAAG},
    )
    assert response.status_code == 400
    assert "De indientermijn voor de vergadering van" in response.text
    volgende = timezone.localtime(opzet.volgende.begint_op)
    assert f"U kunt het nog inbrengen voor de vergadering van {volgende.day} " in response.text
    assert not Agendapunt.objects.exists()


def test_a_new_signal_with_an_address(client, opzet):
    response = _client(client, opzet.agent).post(
        reverse("agendapunt-inbrengen", args=[opzet.vergadering.pk]),
        {
            "signaal": "Busjes met arbeidsmigranten 's nachts",
            "postcode": "3074 ba",
            "huisnummer": "11",
            "vraagsoort": "informatie",
            "vraag": "Herkent iemand dit patroon?",
        },
    )
    assert response.status_code == 302
    item = Agendapunt.objects.get()
    assert item.casus is None and item.verblijfsobject == opzet.casus.objecten.get().verblijfsobject


def test_an_unknown_signal_address_is_refused(client, opzet):
    response = _client(client, opzet.agent).post(
        reverse("agendapunt-inbrengen", args=[opzet.vergadering.pk]),
        {
            "signaal": "x",
            "postcode": "9999ZZ",
            "huisnummer": "1",
            "vraagsoort": "informatie",
            "vraag": "x",
        },
    )
    assert response.status_code == 400
    assert "Dit adres staat niet in de basisregistratie." in response.text


def test_a_non_member_cannot_open_or_bring_in(client, opzet):
    c = _client(client, opzet.buitenstaander)
    for name in ("vergadering-agenda", "agendapunt-inbrengen", "vergadering-agenda-export"):
        assert c.get(reverse(name, args=[opzet.vergadering.pk])).status_code == 404
    assert c.get(reverse("api-casustafel-agenda", args=[opzet.vergadering.pk])).status_code == 404


# --- The chair's decision --------------------------------------------------------------------


def test_the_chair_accepts_and_the_bringer_is_told_without_personal_data(client, opzet):
    _share(opzet, [Onderdeel.OBJECTEN])
    item = _bring_in(opzet, actor=opzet.agent)
    response = _client(client, opzet.voorzitter).post(
        reverse("agendapunt-besluiten", args=[item.pk]), {f"besluit{item.pk}-besluit": "accepteren"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Agendapuntstatus.GEACCEPTEERD and item.besloten_door == opzet.voorzitter
    notice = Notificatie.objects.get(ontvanger=opzet.agent, soort="agendapunt")
    assert opzet.casus.referentie in notice.titel and "geaccepteerd" in notice.titel
    assert not any(s in notice.titel for s in SECRETS)
    assert notice.link == reverse("vergadering-agenda", args=[opzet.vergadering.pk])


def test_postponing_makes_an_item_on_the_next_meeting(opzet):
    item = _bring_in(opzet)
    agendapunt_besluiten(actor=opzet.voorzitter, item=item, besluit="uitstellen", reden="Vol")
    item.refresh_from_db()
    assert item.status == Agendapuntstatus.UITGESTELD
    assert item.vervolg.vergadering == opzet.volgende
    assert (item.vervolg.casus, item.vervolg.status) == (opzet.casus, Agendapuntstatus.INGEDIEND)


def test_refusing_needs_a_reason_and_only_the_chair_decides(client, opzet):
    item = _bring_in(opzet)
    response = _client(client, opzet.voorzitter).post(
        reverse("agendapunt-besluiten", args=[item.pk]), {f"besluit{item.pk}-besluit": "weigeren"}
    )
    assert response.status_code == 400
    assert "Geef een reden bij uitstellen of weigeren." in response.text
    with pytest.raises(PermissionDenied):
        agendapunt_besluiten(actor=opzet.secretaris, item=item, besluit="accepteren")
    agendapunt_besluiten(actor=opzet.voorzitter, item=item, besluit="weigeren", reden="Geen vraag")
    item.refresh_from_db()
    assert (item.status, item.besluit_reden) == (Agendapuntstatus.GEWEIGERD, "Geen vraag")
    with pytest.raises(ValidationError):
        agendapunt_besluiten(actor=opzet.voorzitter, item=item, besluit="accepteren")


# --- Automatic proposals ---------------------------------------------------------------------


def _overdue_task(opzet: Agendaopzet) -> None:
    """A task in the case whose deadline passed yesterday."""
    taak = taak_create(
        actor=opzet.voorzitter,
        casus=opzet.casus,
        titel="Controle",
        organisatie=opzet.so,
        deadline=timezone.localdate() + timedelta(days=1),
    )
    Taak.objects.filter(pk=taak.pk).update(deadline=timezone.localdate() - timedelta(days=1))


def test_cases_with_overdue_tasks_or_recidivism_are_proposed_once(client, opzet):
    _overdue_task(opzet)
    recidive = case(opzet.voorzitter, 2, opzet.buurt)
    eigenaar = opzet.casus.objecten.get().verblijfsobject.eigendommen.get().eigenaar
    Recidivesignalering.objects.create(
        eigenaar=eigenaar,
        verblijfsobject=recidive.objecten.get().verblijfsobject,
        soort="bezoek",
        bron="bezoek:1",
        datum=timezone.localdate(),
        waarschuwing_op=timezone.localdate() - timedelta(days=60),
        casus=recidive,
    )
    case(opzet.voorzitter, 3, opzet.buurt)  # nothing late: not proposed
    assert voorstellen_alle_tafels() == 2
    reasons = {p.casus: p.voorstelreden for p in opzet.vergadering.agendapunten.all()}
    assert reasons == {
        opzet.casus: Voorstelreden.TAKEN_TE_LAAT,
        recidive: Voorstelreden.RECIDIVE,
    }
    item = opzet.vergadering.agendapunten.get(casus=opzet.casus)
    assert item.ingebracht_door is None and item.ingebracht_namens == opzet.so
    # Again, nightly or when the chair opens the agenda: nothing new.
    assert voorstellen_maken(vergadering=opzet.vergadering) == []
    _client(client, opzet.voorzitter).get(
        reverse("vergadering-agenda", args=[opzet.vergadering.pk])
    )
    assert opzet.vergadering.agendapunten.count() == 2


# --- What each member sees: page, CSV, API ---------------------------------------------------


def _paths(client, opzet: Agendaopzet, user) -> dict[str, str]:
    c = _client(client, user)
    pk = opzet.vergadering.pk
    page = c.get(reverse("vergadering-agenda", args=[pk]))
    export = c.get(reverse("vergadering-agenda-export", args=[pk]))
    api = c.get(reverse("api-casustafel-agenda", args=[pk]))
    assert (page.status_code, export.status_code, api.status_code) == (200, 200, 200)
    return {
        "page": page.content.decode(),
        "csv": export.content.decode("utf-8-sig"),
        "api": json.dumps(api.json(), ensure_ascii=False),
    }


def test_a_member_without_basis_sees_the_item_pseudonymised_on_every_path(client, opzet):
    _share(opzet, [Onderdeel.OBJECTEN])
    item = _bring_in(opzet, actor=opzet.agent)
    before = Verwerkingslog.objects.count()
    bodies = _paths(client, opzet, opzet.woonstad)
    # Every view logged, one line per item.
    assert Verwerkingslog.objects.count() - before == 3
    for path, body in bodies.items():
        assert opzet.casus.referentie in body, path
        assert VRAAG in body, path
        for secret in SECRETS:
            assert secret not in body, (path, secret)
    assert '"gepseudonimiseerd": true' in bodies["api"]
    assert "Gepseudonimiseerd" in bodies["page"] and item.pk


def test_with_basis_the_item_is_shown_in_full(client, opzet):
    _share(opzet, [Onderdeel.OBJECTEN, Onderdeel.PARTIJEN])
    _bring_in(opzet, actor=opzet.agent)
    for path, body in _paths(client, opzet, opzet.agent).items():
        for secret in SECRETS:
            assert secret in body, (path, secret)


def test_the_agenda_groups_items_by_decision(client, opzet):
    ingediend = _bring_in(opzet)
    tweede = _bring_in(opzet, casus=case(opzet.voorzitter, 4, opzet.buurt))
    agendapunt_besluiten(
        actor=opzet.voorzitter, item=tweede, besluit="weigeren", reden="Al besproken"
    )
    page = (
        _client(client, opzet.voorzitter)
        .get(reverse("vergadering-agenda", args=[opzet.vergadering.pk]))
        .content.decode()
    )
    te_besluiten, rest = page.split("Geaccepteerd (0)")
    assert f'id="punt-{ingediend.pk}"' in te_besluiten
    assert f'id="punt-{tweede.pk}"' in rest and "Al besproken" in rest


def test_a_chair_opening_the_agenda_asks_the_worker_for_proposals_once_in_ten_minutes(
    client, opzet, run_worker
):
    """The page does not look for cases itself (0.4 s at a million cases): it asks the
    worker, at most once per OPNIEUW_NA, and the proposals are on the agenda after it ran."""
    from goedwonen.casustafels.services.voorstellen import OPNIEUW_NA, voorstellen_vragen

    _overdue_task(opzet)
    agenda = reverse("vergadering-agenda", args=[opzet.vergadering.pk])

    first = _client(client, opzet.voorzitter).get(agenda)
    assert first.status_code == 200
    assert opzet.vergadering.agendapunten.count() == 0  # not made by the request
    run_worker()
    item = opzet.vergadering.agendapunten.get()
    assert item.casus == opzet.casus and item.voorstelreden == Voorstelreden.TAKEN_TE_LAAT
    assert f'id="punt-{item.pk}"' in client.get(agenda).content.decode()

    opzet.vergadering.refresh_from_db()
    asked = opzet.vergadering.voorstellen_gevraagd_op
    assert asked is not None
    assert not voorstellen_vragen(vergadering=opzet.vergadering, now=asked + OPNIEUW_NA / 2)
    assert voorstellen_vragen(vergadering=opzet.vergadering, now=asked + OPNIEUW_NA)
    # A member who does not lead the table does not ask.
    opzet.vergadering.refresh_from_db()
    later = opzet.vergadering.voorstellen_gevraagd_op
    _client(client, opzet.agent).get(agenda)
    opzet.vergadering.refresh_from_db()
    assert opzet.vergadering.voorstellen_gevraagd_op == later


def test_a_long_agenda_is_read_a_page_per_group_and_only_what_is_shown_is_logged(
    client, opzet, monkeypatch
):
    from goedwonen.casustafels import selectors

    monkeypatch.setattr(selectors, "AGENDA_PAGE", 2)
    items = [_bring_in(opzet)] + [
        _bring_in(opzet, casus=case(opzet.voorzitter, n, opzet.buurt)) for n in (5, 6)
    ]
    geweigerd = _bring_in(opzet, casus=case(opzet.voorzitter, 7, opzet.buurt))
    agendapunt_besluiten(actor=opzet.voorzitter, item=geweigerd, besluit="weigeren", reden="Nee")
    agenda = reverse("vergadering-agenda", args=[opzet.vergadering.pk])
    c = _client(client, opzet.voorzitter)
    logged = Verwerkingslog.objects.count()

    first = c.get(agenda, {"uitgesteld": "1"}).content.decode()
    assert "Te besluiten (3)" in first and "Punt 1 tot en met 2." in first
    assert [f'id="punt-{i.pk}"' in first for i in items] == [True, True, False]
    assert f'id="punt-{geweigerd.pk}"' in first
    # The next page of this group, keeping the other group's page, back to this group.
    assert f'href="{agenda}?uitgesteld=1&amp;besluiten=2#groep-besluiten"' in first
    assert 'aria-label="Paginering te besluiten"' in first
    assert Verwerkingslog.objects.count() - logged == 3  # the three items shown

    second = c.get(agenda, {"besluiten": "2"}).content.decode()
    assert [f'id="punt-{i.pk}"' in second for i in items] == [False, False, True]
    assert "Punt 3 tot en met 3." in second
    # A decision that is refused shows the form again on the page that holds its item.
    refused = c.post(
        reverse("agendapunt-besluiten", args=[items[2].pk]),
        {f"besluit{items[2].pk}-besluit": "weigeren", f"besluit{items[2].pk}-reden": ""},
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert f'id="punt-{items[2].pk}"' in body and f'id="punt-{items[0].pk}"' not in body


def test_the_proposals_run_every_night():
    from goedwonen.casustafels.tasks import propose_agenda_items
    from goedwonen.core.tasks import nightly_tasks

    assert propose_agenda_items in list(nightly_tasks)


def test_the_api_answers_a_non_member_with_a_problem(client, opzet):
    response = _client(client, opzet.buitenstaander).get(
        reverse("api-casustafel-agenda", args=[opzet.vergadering.pk])
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
