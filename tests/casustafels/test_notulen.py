"""The minutes of a meeting per member organisation (issue 15, point 6): the page and the PDF
filtered by the one rule, fixing and sending them with a notice that holds no personal data."""

from __future__ import annotations

import io

import pikepdf
import pytest

from django.core import mail
from django.urls import reverse

from goedwonen.casustafels.selectors import notulen_voor
from goedwonen.casustafels.services.notulen import notulen_html
from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.notificaties.models import Notificatie

from . import support_notulen as s

PASSWORD = "Wachtwoord-voor-tests-1"

# What the police may never read in the minutes: case B's identity and its discussion, the
# decision for Stadsontwikkeling on case B, and case A's owner (its parties are not shared).
NEVER_FOR_THE_POLICE = [
    s.B_TITEL,
    s.B_STRAAT,
    s.B_POSTCODE,
    s.B_EIGENAAR,
    s.B_BESPREKING,
    s.B_STRATEGIE,
    s.B_AFSPRAAK_SO,
    s.A_EIGENAAR,
]
# What the police read: case A in full, case B by reference and question, their decision.
FOR_THE_POLICE = [
    s.A_TITEL,
    s.A_STRAAT,
    s.A_BESPREKING,
    s.A_STRATEGIE,
    s.A_ESCALATIE,
    "Wet politiegegevens art. 20",  # the sharing decision's basis
    "CS-2026-0102",
    s.B_VRAAG,
    s.B_AFSPRAAK_POLITIE,
    s.TREND,
    "Deze versie van de notulen is voor Politie",
]


@pytest.fixture
def t(make_user, organisatie, partner_organisatie) -> s.Tafeldata:
    return s.held_meeting(make_user, organisatie, partner_organisatie)


def _client(client, user):
    client.force_login(user)
    return client


def _url(name: str, t: s.Tafeldata) -> str:
    return reverse(name, kwargs={"pk": t.vergadering.pk})


def _assert_police_version(body: str) -> None:
    for text in FOR_THE_POLICE:
        assert text in body, text
    for text in NEVER_FOR_THE_POLICE:
        assert text not in body, text
    assert "Gepseudonimiseerd" in body


@pytest.mark.django_db
def test_the_police_read_the_shared_item_in_full_and_the_other_only_by_reference(client, t):
    response = _client(client, t.agent).get(_url("vergadering-notulen", t))
    assert response.status_code == 200
    body = response.content.decode()
    _assert_police_version(body)
    assert "De versie voor Politie" in body
    assert "Doorgeschoven naar de vergadering van" in body
    # One log line per item viewed, for the police.
    lines = Verwerkingslog.objects.filter(
        audit__gebruiker=t.agent, name="Notulen casustafel ingezien"
    )
    assert sorted(lines.values_list("object_ref", flat=True)) == sorted(
        ["casus:CS-2026-0101", "casus:CS-2026-0102", "casus:CS-2026-0102"]
    )


@pytest.mark.django_db
def test_the_police_pdf_holds_the_shared_item_in_full_and_the_other_as_reference_and_question(
    client, t
):
    # The HTML the PDF is made from ...
    html = notulen_html(notulen_voor(actor=t.agent, vergadering=t.vergadering, operation="x"))
    _assert_police_version(html)
    # ... and the PDF itself: valid, made for the police, its download logged per item.
    response = _client(client, t.agent).get(_url("vergadering-notulen-pdf", t))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "politie.pdf" in response["Content-Disposition"]
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert len(pdf.pages) >= 1
        assert str(pdf.docinfo["/Keywords"]) == "Versie voor Politie"
    assert (
        Verwerkingslog.objects.filter(
            audit__gebruiker=t.agent, name="Notulen casustafel gedownload (PDF)"
        ).count()
        == 3
    )


@pytest.mark.django_db
def test_the_chairs_organisation_directs_both_cases_and_reads_everything(client, t):
    body = _client(client, t.voorzitter).get(_url("vergadering-notulen", t)).content.decode()
    for text in [s.A_TITEL, s.A_EIGENAAR, s.B_TITEL, s.B_STRAAT, s.B_BESPREKING, s.B_STRATEGIE]:
        assert text in body, text
    assert s.B_AFSPRAAK_SO in body and s.B_AFSPRAAK_POLITIE in body
    assert "Gepseudonimiseerd" not in body
    assert "Notulen vaststellen en verzenden" in body


@pytest.mark.django_db
def test_a_non_member_gets_404_on_every_path(client, t, make_user):
    from goedwonen.accounts.models import Organisatie

    woonstad = Organisatie.objects.create(code="woonstad", naam="Woonstad", soort="extern")
    outsider = make_user([Capability.CASETABLE_TAKE_PART], organisatie_=woonstad)
    c = _client(client, outsider)
    assert c.get(_url("vergadering-notulen", t)).status_code == 404
    assert c.get(_url("vergadering-notulen-pdf", t)).status_code == 404
    assert c.post(_url("vergadering-notulen-vaststellen", t)).status_code == 404
    t.vergadering.refresh_from_db()
    assert t.vergadering.notulen_vastgesteld_op is None
    assert not Verwerkingslog.objects.filter(audit__gebruiker=outsider).exists()


@pytest.mark.django_db
def test_a_person_of_a_member_without_the_capability_gets_no_minutes(client, t, make_user):
    clerk = make_user([Capability.CASES_VIEW], organisatie_=t.politie)
    assert _client(client, clerk).get(_url("vergadering-notulen", t)).status_code == 403


@pytest.mark.django_db
def test_fixing_sends_every_members_people_a_notice_without_personal_data(
    client, t, make_user, django_capture_on_commit_callbacks
):
    for person in (t.voorzitter, t.agent):
        person.email = f"{person.username}@example.org"
        person.save()
    not_taking_part = make_user([Capability.CASES_VIEW], organisatie_=t.politie)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(client, t.secretaris).post(_url("vergadering-notulen-vaststellen", t))
    assert response.status_code == 302
    t.vergadering.refresh_from_db()
    assert t.vergadering.notulen_vastgesteld_op is not None
    assert t.vergadering.notulen_verzonden_op is not None
    notices = Notificatie.objects.filter(soort="notulen")
    assert set(notices.values_list("ontvanger_id", flat=True)) == {
        t.voorzitter.pk,
        t.secretaris.pk,
        t.agent.pk,
    }
    assert not_taking_part.pk not in notices.values_list("ontvanger_id", flat=True)
    assert {n.link for n in notices} == {_url("vergadering-notulen", t)}
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert _url("vergadering-notulen", t) in message.body
        for text in [*NEVER_FOR_THE_POLICE, s.A_TITEL, s.A_STRAAT, s.A_POSTCODE, s.B_VRAAG]:
            assert text not in message.subject + message.body, text
        assert "CS-2026" not in message.body  # not even a reference: only the table and date
    assert Verwerkingslog.objects.filter(
        audit__gebruiker=t.secretaris, name="Notulen casustafel vastgesteld en verzonden"
    ).exists()
    # Fixed once: a second time is refused with a message, and nobody is notified again.
    response = client.post(_url("vergadering-notulen-vaststellen", t), follow=True)
    assert "al vastgesteld" in response.content.decode()
    assert Notificatie.objects.filter(soort="notulen").count() == 3


@pytest.mark.django_db
def test_only_the_chair_or_secretary_fixes_and_only_after_the_meeting_is_held(client, t):
    response = _client(client, t.agent).post(
        _url("vergadering-notulen-vaststellen", t), follow=True
    )
    assert "Alleen de voorzitter of de secretaris" in response.content.decode()
    assert "Notulen vaststellen en verzenden" not in response.content.decode()
    t.vergadering.status = "gepland"
    t.vergadering.save()
    response = _client(client, t.voorzitter).post(
        _url("vergadering-notulen-vaststellen", t), follow=True
    )
    assert "pas worden vastgesteld als de vergadering is gehouden" in response.content.decode()
    t.vergadering.refresh_from_db()
    assert t.vergadering.notulen_vastgesteld_op is None
    assert not Notificatie.objects.exists()
