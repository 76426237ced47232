"""Acceptance (issue 15): a member without a basis for a case sees its item pseudonymised on
every path - the agenda, its CSV export, the API, the meeting, the minutes and the minutes
PDF - and the same member sees it in full on each once the case is shared with it. The PDF
is read as text (tests/documenten/pdftext.py), not through the HTML it is made from."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Onderdeel
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.core.models import Verwerkingslog

from ..documenten.pdftext import pdf_text
from . import support_notulen as s

pytestmark = pytest.mark.django_db

# Case B: the police sit at the table but the case is not shared with them.
CASE_B_IDENTITY = [s.B_TITEL, s.B_STRAAT, s.B_POSTCODE, s.B_EIGENAAR]
CASE_B_RECORD = [s.B_BESPREKING, s.B_STRATEGIE]
# Each path: (URL name, how the body is read).
PATHS = {
    "vergadering-agenda": lambda r: r.content.decode(),
    "vergadering-agenda-export": lambda r: r.content.decode("utf-8-sig"),
    "api-casustafel-agenda": lambda r: json.dumps(r.json(), ensure_ascii=False),
    "vergadering": lambda r: r.content.decode(),
    "vergadering-notulen": lambda r: r.content.decode(),
    "vergadering-notulen-pdf": lambda r: " ".join(pdf_text(r.content).split()),
}


@pytest.fixture
def t(make_user, organisatie, partner_organisatie) -> s.Tafeldata:
    return s.held_meeting(make_user, organisatie, partner_organisatie)


def _bodies(client, t: s.Tafeldata) -> dict[str, str]:
    client.force_login(t.agent)
    bodies = {}
    for name, read in PATHS.items():
        response = client.get(reverse(name, args=[t.vergadering.pk]))
        assert response.status_code == 200, name
        bodies[name] = read(response)
    return bodies


def test_without_a_basis_the_case_is_pseudonymised_on_every_path(client, t):
    before = Verwerkingslog.objects.filter(audit__gebruiker=t.agent).count()
    case_page = reverse("casus", args=[t.casus_b.referentie])
    for path, body in _bodies(client, t).items():
        assert t.casus_b.referentie in body, path
        assert case_page not in body, path  # no link to a case the member cannot open
        assert s.B_VRAAG in " ".join(body.split()), path
        for secret in CASE_B_IDENTITY + CASE_B_RECORD:
            assert secret not in body, (path, secret)
    # Every path logged the police's views, item by item.
    assert Verwerkingslog.objects.filter(audit__gebruiker=t.agent).count() - before >= len(PATHS)
    referenced = set(
        Verwerkingslog.objects.filter(audit__gebruiker=t.agent).values_list("object_ref", flat=True)
    )
    assert f"casus:{t.casus_b.referentie}" in referenced


def test_once_shared_the_same_member_sees_it_in_full_on_every_path(client, t):
    casus_share(
        actor=t.voorzitter,
        casus=t.casus_b,
        organisatie=t.politie,
        rol="Politie",
        doel="Casustafel",
        grondslag="Wet politiegegevens art. 20",
        onderdelen=[Onderdeel.OBJECTEN, Onderdeel.PARTIJEN],
        tot=timezone.localdate() + timedelta(days=90),
    )
    bodies = _bodies(client, t)
    for path, body in bodies.items():
        for secret in [s.B_TITEL, s.B_STRAAT]:
            assert secret in body, (path, secret)
    # On the pages the reference now leads to the case.
    case_page = reverse("casus", args=[t.casus_b.referentie])
    for path in ("vergadering-agenda", "vergadering", "vergadering-notulen"):
        assert f'href="{case_page}"' in bodies[path], path
