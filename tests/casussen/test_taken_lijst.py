"""The task list as a list people work with: search, sort, CSV export (logged) and bulk
assignment through `taak_assign`, all or nothing."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.casussen.models import Gebeurtenis, Taak, Taakstatus
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.core.policy import Capability
from goedwonen.notificaties.models import Notificatie
from tests.log_lines import log_mark, logged_since

pytestmark = pytest.mark.django_db


def _task(casus, regisseur, titel: str, days: int = 5, **extra) -> Taak:
    return taak_create(
        actor=regisseur,
        casus=casus,
        titel=titel,
        organisatie=regisseur.organisatie,
        deadline=timezone.localdate() + timedelta(days=days),
        **extra,
    )


@pytest.fixture
def tasks(casus, regisseur) -> list[Taak]:
    return [
        _task(casus, regisseur, "BRP-check adres", 3),
        _task(casus, regisseur, "Huurprijs toetsen", 9),
        _task(casus, regisseur, "Eigenaar bellen", 6),
    ]


def _shown(response) -> list[str]:
    return [t.titel for t in response.context["page"].object_list]


def test_search_by_title_and_case_reference(client, regisseur, tasks, casus):
    client.force_login(regisseur)
    found = client.get(reverse("taken"), {"wachtrij": "organisatie", "zoek": "huurprijs"})
    assert _shown(found) == ["Huurprijs toetsen"]
    by_case = client.get(reverse("taken"), {"wachtrij": "organisatie", "zoek": casus.referentie})
    assert set(_shown(by_case)) >= {t.titel for t in tasks}
    nothing = client.get(reverse("taken"), {"wachtrij": "organisatie", "zoek": "zzz"})
    assert "Geen open taken gevonden voor 'zzz'" in nothing.content.decode()


def test_sort_by_title_both_ways(client, regisseur, tasks):
    client.force_login(regisseur)
    up = _shown(client.get(reverse("taken"), {"wachtrij": "organisatie", "sorteer": "taak"}))
    down = _shown(client.get(reverse("taken"), {"wachtrij": "organisatie", "sorteer": "-taak"}))
    assert up == sorted(up) and down == list(reversed(up))
    default = _shown(client.get(reverse("taken"), {"wachtrij": "organisatie"}))
    assert default.index("BRP-check adres") < default.index("Eigenaar bellen")  # by deadline


def test_export_holds_the_filtered_list_and_logs_the_cases(client, regisseur, tasks, casus):
    client.force_login(regisseur)
    mark = log_mark()
    response = client.get(reverse("taken-export"), {"wachtrij": "organisatie", "zoek": "bellen"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["taak", "casus", "toegewezen_aan", "deadline", "te_laat"],
        [
            "Eigenaar bellen",
            casus.referentie,
            "de organisatie",
            (timezone.localdate() + timedelta(days=6)).isoformat(),
            "nee",
        ],
    ]
    assert [(name, obj) for name, _a, obj, _s in logged_since(mark)] == [
        ("Takenlijst geëxporteerd", f"casus:{casus.referentie}")
    ]


def test_export_needs_the_task_capability(client, make_user, tasks):
    client.force_login(make_user([Capability.CASES_VIEW]))
    assert client.get(reverse("taken-export")).status_code == 403


def test_bulk_assignment_to_a_person(client, regisseur, inspecteur, tasks, casus):
    client.force_login(regisseur)
    form = client.get(reverse("taken"), {"wachtrij": "organisatie"}).content.decode()
    assert f'<option value="{inspecteur.pk}">' in form
    assert 'form="toewijzen" name="taak"' in form
    events = Gebeurtenis.objects.filter(casus=casus).count()
    told = Notificatie.objects.filter(ontvanger=inspecteur).count()
    response = client.post(
        reverse("taken-toewijzen"),
        {
            "taak": [tasks[0].pk, tasks[1].pk],
            "toegewezen_aan": inspecteur.pk,
            "terug": "wachtrij=organisatie",
        },
        follow=True,
    )
    assert "2 taken toegewezen aan" in response.content.decode()
    assert [t.toegewezen_aan for t in Taak.objects.filter(pk__in=[tasks[0].pk, tasks[1].pk])] == [
        inspecteur,
        inspecteur,
    ]
    texts = list(
        Gebeurtenis.objects.filter(casus=casus).order_by("pk").values_list("tekst", flat=True)
    )[events:]
    assert texts == [
        "Taak 'BRP-check adres' toegewezen aan een medewerker van Stadsontwikkeling.",
        "Taak 'Huurprijs toetsen' toegewezen aan een medewerker van Stadsontwikkeling.",
    ]
    assert inspecteur.get_full_name() not in " ".join(texts)
    # The person the tasks went to is told, once per task, by reference only.
    new = Notificatie.objects.filter(ontvanger=inspecteur).order_by("pk")[told:]
    assert [n.titel for n in new] == [f"Taak bij casus {casus.referentie}"] * 2


def test_bulk_assignment_with_one_refused_task_changes_nothing(
    client, regisseur, inspecteur, tasks, casus
):
    done = tasks[2]
    Taak.objects.filter(pk=done.pk).update(status=Taakstatus.AFGEROND)
    client.force_login(regisseur)
    events = Gebeurtenis.objects.filter(casus=casus).count()
    told = Notificatie.objects.filter(ontvanger=inspecteur).count()
    mark = log_mark()
    response = client.post(
        reverse("taken-toewijzen"),
        {"taak": [tasks[0].pk, done.pk], "toegewezen_aan": inspecteur.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Geen enkele taak is toegewezen" in html
    assert "Taak &#x27;Eigenaar bellen&#x27; is niet meer open." in html
    assert Taak.objects.filter(toegewezen_aan=inspecteur).count() == 0
    assert Gebeurtenis.objects.filter(casus=casus).count() == events
    assert "Taak toegewezen" not in [name for name, *_ in logged_since(mark)]
    assert Notificatie.objects.filter(ontvanger=inspecteur).count() == told


def test_a_task_of_another_organisation_is_refused(client, politie, regisseur, tasks, casus, share):
    share(casus, "taken")
    client.force_login(politie)
    response = client.post(
        reverse("taken-toewijzen"), {"taak": [tasks[0].pk], "toegewezen_aan": ""}, follow=True
    )
    assert f"Taak {tasks[0].pk}: niet te zien voor uw organisatie." in response.content.decode()
    tasks[0].refresh_from_db()
    assert tasks[0].toegewezen_aan is None


def test_a_person_outside_the_organisation_cannot_be_chosen(client, regisseur, politie, tasks):
    client.force_login(regisseur)
    response = client.post(
        reverse("taken-toewijzen"),
        {"taak": [tasks[0].pk], "toegewezen_aan": politie.pk},
        follow=True,
    )
    assert "Kies een medewerker uit de lijst." in response.content.decode()
    tasks[0].refresh_from_db()
    assert tasks[0].toegewezen_aan is None
