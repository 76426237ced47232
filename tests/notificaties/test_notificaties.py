"""Notifications: who is told what, the e-mail (a link, never personal data), preferences,
the nightly deadline notice (once per task and deadline), and the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from goedwonen.analytics.models import Catalogusversie, Risicorun, Selectie, Selectieadres
from goedwonen.analytics.selections import selectie_submit
from goedwonen.casussen.models import Taak
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.core.policy import Capability
from goedwonen.notificaties.models import Notificatie, Notificatievoorkeur
from goedwonen.notificaties.services import notificatie_send
from goedwonen.registry.models import Verblijfsobject
from goedwonen.werk.services import deadlines_notify
from tests.scenario import PARTNER, share_case

pytestmark = pytest.mark.django_db

# What the scenario's case holds that identifies people or places (tests/scenario.py).
PERSONAL = ["Carnisselaan", "3083", "Jansen", "matrassen", "Carnisse 10", "overbewoning"]


def _police_task(casus, regisseur, partner_organisatie, **extra):
    share_case(casus, regisseur, partner_organisatie, ("taken",))
    return taak_create(
        actor=regisseur,
        casus=casus,
        titel="Controle met de wijkagent bij Jansen",
        omschrijving="Tien matrassen op zolder, Carnisselaan 10",
        organisatie=partner_organisatie,
        deadline=timezone.localdate() + timedelta(days=7),
        **extra,
    )


def test_a_task_for_an_organisation_tells_its_people_who_work_tasks_by_a_mail_without_personal_data(
    casus, regisseur, partner_organisatie, make_user, django_capture_on_commit_callbacks
):
    agent = make_user(PARTNER, username="agent", organisatie_=partner_organisatie)
    agent.email = "agent@politie.test"
    agent.save()
    # Same organisation, no task work: not told; another organisation's task worker: not told.
    make_user([Capability.CASES_VIEW], username="kijker", organisatie_=partner_organisatie)
    make_user([Capability.TASKS_WORK], username="collega-so")
    with django_capture_on_commit_callbacks(execute=True):
        _police_task(casus, regisseur, partner_organisatie)
    notice = Notificatie.objects.get(soort="taak")
    assert (notice.ontvanger, notice.titel, notice.link, notice.gelezen_op) == (
        agent,
        f"Taak bij casus {casus.referentie}",
        f"/casussen/{casus.referentie}#taken-kop",
        None,
    )
    to_agent = [m for m in mail.outbox if m.to == ["agent@politie.test"]]
    assert [m.subject for m in to_agent] == [
        "Goedwonen: casus gedeeld met mijn organisatie",
        "Goedwonen: taak toegewezen aan mij, mijn team of mijn organisatie",
    ]
    assert f"http://127.0.0.1:8000/casussen/{casus.referentie}#taken-kop" in to_agent[1].body
    for sent in to_agent:
        for word in PERSONAL:
            assert word.lower() not in (sent.subject + sent.body).lower(), word


def test_a_task_for_a_named_person_tells_that_person_only(
    casus, regisseur, partner_organisatie, make_user
):
    agent = make_user(PARTNER, username="agent", organisatie_=partner_organisatie)
    other = make_user(PARTNER, username="andere-agent", organisatie_=partner_organisatie)
    _police_task(casus, regisseur, partner_organisatie, toegewezen_aan=agent)
    assert list(Notificatie.objects.filter(soort="taak").values_list("ontvanger", flat=True)) == [
        agent.pk
    ]
    assert not Notificatie.objects.filter(ontvanger=other, soort="taak").exists()


def test_who_chose_no_mail_gets_the_notice_in_the_product_only(
    casus, regisseur, partner_organisatie, make_user, django_capture_on_commit_callbacks
):
    agent = make_user(PARTNER, username="agent", organisatie_=partner_organisatie)
    agent.email = "agent@politie.test"
    agent.save()
    Notificatievoorkeur.objects.create(gebruiker=agent, soort="taak", per_mail=False)
    with django_capture_on_commit_callbacks(execute=True):
        _police_task(casus, regisseur, partner_organisatie)
    assert Notificatie.objects.filter(ontvanger=agent, soort="taak").count() == 1
    assert [m.to for m in mail.outbox if m.subject.startswith("Goedwonen: taak")] == []


def test_sharing_a_case_tells_the_organisation_it_is_shared_with(
    casus, regisseur, partner_organisatie, make_user
):
    agent = make_user(PARTNER, username="agent", organisatie_=partner_organisatie)
    make_user(PARTNER, username="collega-so")  # the directing organisation: not told
    share_case(casus, regisseur, partner_organisatie, ("taken",))
    notice = Notificatie.objects.get(soort="gedeeld")
    assert (notice.ontvanger, notice.titel, notice.link) == (
        agent,
        f"Casus {casus.referentie} gedeeld met uw organisatie",
        f"/casussen/{casus.referentie}",
    )


def test_a_submitted_selection_tells_the_approvers_but_not_its_composer(city, make_user):
    composer = make_user(
        [Capability.SELECTION_COMPOSE, Capability.SELECTION_APPROVE], username="analist"
    )
    approver = make_user([Capability.SELECTION_APPROVE], username="goedkeurder")
    make_user([Capability.ANALYSIS_VIEW], username="lezer")
    run = Risicorun.objects.create(
        catalogus=Catalogusversie.objects.get_or_create(versie=1, defaults={"toelichting": "x"})[0],
        peildatum=timezone.localdate(),
        status=Risicorun.Status.KLAAR,
    )
    selectie = Selectie.objects.create(
        run=run, naam="Zuid", criteria={}, samengesteld_door=composer
    )
    Selectieadres.objects.create(
        selectie=selectie, verblijfsobject=Verblijfsobject.objects.first(), score=1.0, rang=1
    )
    selectie_submit(actor=composer, selectie=selectie)
    notice = Notificatie.objects.get(soort="goedkeuring")
    assert (notice.ontvanger, notice.titel, notice.link) == (
        approver,
        f"Selectie {selectie.pk} ter goedkeuring",
        f"/analyse/selecties/{selectie.pk}",
    )


def test_a_deadline_near_is_told_once_per_task_and_deadline(
    casus, regisseur, make_user, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    taak = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Bellen",
        organisatie=regisseur.organisatie,
        deadline=today + timedelta(days=2),
        toegewezen_aan=regisseur,
    )
    later = taak_create(
        actor=regisseur,
        casus=casus,
        titel="Later",
        organisatie=regisseur.organisatie,
        deadline=today + timedelta(days=3),
        toegewezen_aan=regisseur,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_notify(today=today) == 1
    assert deadlines_notify(today=today) == 0  # the next night: nothing new
    notice = Notificatie.objects.get(soort="deadline")
    assert notice.ontvanger == regisseur
    assert notice.sleutel == f"deadline:taak:{taak.pk}:{taak.deadline.isoformat()}"
    # A deadline is not mailed unless chosen (the nightly task reminder mails already).
    assert [m for m in mail.outbox if "deadline" in m.subject] == []
    # A moved deadline is told again; the later task once it is near.
    Taak.objects.filter(pk=taak.pk).update(deadline=today + timedelta(days=1))
    assert deadlines_notify(today=today + timedelta(days=1)) == 2
    assert Notificatie.objects.filter(soort="deadline").count() == 3
    assert set(Notificatie.objects.filter(soort="deadline").values_list("sleutel", flat=True)) == {
        f"deadline:taak:{taak.pk}:{today + timedelta(days=2)}",
        f"deadline:taak:{taak.pk}:{today + timedelta(days=1)}",
        f"deadline:taak:{later.pk}:{today + timedelta(days=3)}",
    }


def test_the_bell_counts_unread_notices_and_the_pages_mark_them_read(client, make_user):
    user = make_user([Capability.CASES_VIEW])
    other = make_user([Capability.CASES_VIEW])
    for n in range(3):
        notificatie_send(ontvangers=[user], soort="gedeeld", titel=f"Casus C-{n}", link="/casussen")
    notificatie_send(ontvangers=[other], soort="gedeeld", titel="Casus C-9", link="/casussen")
    client.force_login(user)
    page = client.get(reverse("notificaties")).content.decode()
    assert 'aria-label="Notificaties, 3 ongelezen"' in page
    assert "Casus C-2" in page and "Casus C-9" not in page
    first = Notificatie.objects.filter(ontvanger=user).order_by("pk").first()
    response = client.post(reverse("notificatie-gelezen", args=[first.pk]), {"openen": "1"})
    assert response.status_code == 302 and response["Location"] == "/casussen"
    assert 'aria-label="Notificaties, 2 ongelezen"' in client.get("/").content.decode()
    # Another's notice: refused with a message, and left unread.
    theirs = Notificatie.objects.get(ontvanger=other)
    response = client.post(reverse("notificatie-gelezen", args=[theirs.pk]), follow=True)
    assert "Deze notificatie bestaat niet of is niet voor u." in response.content.decode()
    assert Notificatie.objects.get(pk=theirs.pk).gelezen_op is None
    client.post(reverse("notificaties-alles-gelezen"))
    assert not Notificatie.objects.filter(ontvanger=user, gelezen_op__isnull=True).exists()
    assert Notificatie.objects.get(pk=theirs.pk).gelezen_op is None
    assert 'aria-label="Notificaties, 0 ongelezen"' in client.get("/").content.decode()


def test_a_person_chooses_per_kind_what_comes_by_mail(client, make_user):
    user = make_user([])
    client.force_login(user)
    page = client.get(reverse("notificatie-voorkeuren")).content.decode()
    assert 'value="taak" id="per_mail_taak" checked' in page
    assert 'value="deadline" id="per_mail_deadline">' in page
    client.post(reverse("notificatie-voorkeuren"), {"per_mail": ["deadline", "gedeeld"]})
    chosen = dict(
        Notificatievoorkeur.objects.filter(gebruiker=user).values_list("soort", "per_mail")
    )
    assert chosen == {
        "taak": False,
        "gedeeld": True,
        "goedkeuring": False,
        "deadline": True,
        "signalering": False,
        "notulen": False,
        "agendapunt": False,
        "vergadering": False,
    }
