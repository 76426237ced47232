from __future__ import annotations

from datetime import timedelta

import pytest

from django.core import mail
from django.utils import timezone

from goedwonen.casussen.models import Casus, Gebeurtenis, Taak, Vernietiging
from goedwonen.casussen.services.case_tasks import taak_create
from goedwonen.casussen.services.cases import casus_close
from goedwonen.casussen.services.retention import casussen_destroy_due
from goedwonen.casussen.tasks import destroy_expired_cases, remind_tasks
from goedwonen.core import display
from goedwonen.core.models import Verwerkingslog
from goedwonen.intake.models import Melding

pytestmark = pytest.mark.django_db


def test_a_closed_case_is_destroyed_after_its_term_and_a_record_remains(casus, regisseur, triaged):
    from goedwonen.documenten.models import Document
    from goedwonen.documenten.services import document_upload
    from goedwonen.intake.attachments import CheckedFile

    document_upload(
        actor=regisseur,
        casus=casus,
        bestand=CheckedFile(b"%PDF-1.4\n%%EOF\n", "application/pdf", ".pdf", "verslag.pdf"),
    )
    casus = casus_close(actor=regisseur, casus=casus, resultaat="afgebroken", reden="Geen grond")
    assert casussen_destroy_due(today=casus.bewaren_tot) == []  # the last day: still kept
    destroyed = casussen_destroy_due(today=casus.bewaren_tot + timedelta(days=1))
    assert destroyed == [casus.referentie]
    assert not Casus.objects.exists() and not Gebeurtenis.objects.exists()
    assert not Document.objects.exists()
    record = Vernietiging.objects.get()
    assert (record.referentie, record.resultaat, record.bewaren_tot) == (
        casus.referentie,
        "afgebroken",
        casus.bewaren_tot,
    )
    # The report has its own term: it stays, without the link.
    assert Melding.objects.get(pk=triaged.pk).casus is None
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert line.name == "Casussen vernietigd na de bewaartermijn"


def test_open_cases_are_never_destroyed(casus):
    Casus.objects.filter(pk=casus.pk).update(bewaren_tot=timezone.localdate() - timedelta(days=9))
    assert destroy_expired_cases.call(reschedule=False) == []
    assert Casus.objects.filter(pk=casus.pk).exists()


def test_reminders_go_to_the_assignee_or_the_organisation(casus, regisseur, make_user):
    from goedwonen.core.policy import Capability

    collega = make_user([Capability.TASKS_WORK], username="collega")
    collega.email = "collega@goedwonen.test"
    collega.save()
    today = timezone.localdate()
    for titel, dagen, aan in [
        ("Te laat", -1, None),
        ("Bijna", 2, regisseur),
        ("Later", 10, None),
    ]:
        taak = taak_create(
            actor=regisseur,
            casus=casus,
            titel=titel,
            organisatie=regisseur.organisatie,
            deadline=today + timedelta(days=max(dagen, 0)),
            toegewezen_aan=aan,
        )
        Taak.objects.filter(pk=taak.pk).update(deadline=today + timedelta(days=dagen))
    assert remind_tasks.call(reschedule=False) == 2
    sent = {m.to[0]: m.body for m in mail.outbox}
    line = f"- taak bij casus {casus.referentie}: "
    overdue = f"{line}te laat, deadline {display.datum(today - timedelta(days=1))}"
    near = f"{line}deadline {display.datum(today + timedelta(days=2))}"
    # The unassigned overdue task goes to everyone in the organisation who works tasks.
    assert overdue in sent["collega@goedwonen.test"]
    assert near not in sent["collega@goedwonen.test"]
    assert overdue in sent["regisseur@goedwonen.test"] and near in sent["regisseur@goedwonen.test"]
    # By reference only: a task's title can name an owner, and mail holds no personal data.
    for titel in ("Te laat", "Bijna", "Later"):
        assert titel not in " ".join(sent.values())
