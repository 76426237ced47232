"""Enforcement procedures (handhavingstrajecten): one instrument applied to one addressee, on a
case or on a report that one organisation handles without a case.

A procedure is pinned to the instrument version it started with (`instrumentversie`): its
steps, terms and letters come from that version, whatever a jurist changes later. What
happened is append-only: the steps taken (`Trajectstap`, each with its date, deadline,
outcome and letter), the letters checked and sent (`Briefverzending`), objections and
appeals (`Rechtsmiddel`) and the decisions on them (`Rechtsmiddelbeslissing`). Only the
procedure's status changes, along `services_traject.TRANSITIONS`.
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import validators
from goedwonen.core.models import AppendOnlyModel

from .catalogus import Instrumentversie, Stapsoort, Stapuitvoerder


class Trajectstatus(models.TextChoices):
    LOPEND = "lopend", "Lopend"
    NAGELEEFD = "nageleefd", "Afgesloten: overtreding beëindigd"
    AFGEROND = "afgerond", "Afgerond: alle stappen gezet"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class Traject(models.Model):
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="trajecten"
    )
    melding = models.ForeignKey(
        "intake.Melding", on_delete=models.PROTECT, null=True, blank=True, related_name="trajecten"
    )
    # The organisation that handles it: its jurists act, its people get the tasks.
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="trajecten"
    )
    instrumentversie = models.ForeignKey(
        Instrumentversie, on_delete=models.PROTECT, related_name="trajecten"
    )
    # The addressee: an owner from the registry (BRK), to whose postal address letters go.
    eigenaar = models.ForeignKey("registry.Eigenaar", on_delete=models.PROTECT, related_name="+")
    # The dwellings concerned (the case's objects this owner owns, or the report's object).
    verblijfsobjecten = models.ManyToManyField("registry.Verblijfsobject", related_name="+")
    status = models.CharField(
        max_length=11, choices=Trajectstatus.choices, default=Trajectstatus.LOPEND
    )
    aanleiding = models.TextField(max_length=validators.MAX_DESCRIPTION)
    # The order: what the addressee must do (letters quote it as `brief.last`).
    last = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    gestart_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    gestart_op = models.DateTimeField(auto_now_add=True)
    afgesloten_op = models.DateField(null=True, blank=True)
    afsluitreden = models.TextField(blank=True, max_length=validators.MAX_REASON)

    class Meta:
        ordering = ["-gestart_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(casus__isnull=False) & models.Q(melding__isnull=True))
                | (models.Q(casus__isnull=True) & models.Q(melding__isnull=False)),
                name="traject_casus_of_melding",
            )
        ]
        verbose_name = "handhavingstraject"
        verbose_name_plural = "handhavingstrajecten"

    def __str__(self) -> str:
        return f"{self.instrumentversie.instrument} ({self.kenmerk})"

    @property
    def kenmerk(self) -> str:
        """The reference letters carry: the case's or report's, and the procedure's number."""
        if self.casus is not None:
            basis = self.casus.referentie
        else:
            basis = (self.melding.referentie or "") if self.melding is not None else ""
        return f"{basis}/HH{self.pk}"

    @property
    def is_lopend(self) -> bool:
        return self.status == Trajectstatus.LOPEND

    @property
    def laatste_stap(self) -> Trajectstap | None:
        """The last step taken (from the prefetched steps when the selector read them)."""
        stappen = list(self.stappen.all())
        return max(stappen, key=lambda s: s.index) if stappen else None


class Trajectstap(AppendOnlyModel):
    """A step taken: the `index`-th step of the procedure's version, on `datum`, with the
    deadline it sets (`termijn_tot`: `datum` plus the version's term) and the letter it sent:
    the PDF and the snapshot it was filled with (`brief_gegevens`), as they were then."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="stappen")
    index = models.PositiveSmallIntegerField()
    soort = models.CharField(max_length=12, choices=Stapsoort.choices)
    naam = models.CharField(max_length=120)
    uitvoerder = models.CharField(max_length=14, choices=Stapuitvoerder.choices)
    datum = models.DateField()
    termijn_tot = models.DateField(null=True, blank=True)
    uitkomst = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    # Hercontrole: was the order complied with? None for other steps.
    nageleefd = models.BooleanField(null=True, blank=True)
    bedrag = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    # A penalty's ceiling (Awb 5:32b): the most it forfeits in all.
    bedrag_maximum = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    brief_titel = models.CharField(max_length=200, blank=True)
    brief_pdf = models.FileField(upload_to="handhaving/%Y/%m", blank=True)
    brief_sha256 = models.CharField(max_length=64, blank=True)
    brief_gegevens = models.JSONField(default=dict, blank=True)
    # The task this step set out for the next one (on a case only: tasks belong to cases).
    taak = models.ForeignKey(
        "casussen.Taak", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["traject", "index"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "index"], name="trajectstap_uniek")
        ]
        verbose_name = "stap van een handhavingstraject"
        verbose_name_plural = "stappen van handhavingstrajecten"

    def __str__(self) -> str:
        return self.naam

    @property
    def heeft_brief(self) -> bool:
        return bool(self.brief_pdf)


class Briefverzending(AppendOnlyModel):
    """A step's letter checked by a jurist and sent: until then it is a draft to check."""

    stap = models.OneToOneField(Trajectstap, on_delete=models.PROTECT, related_name="verzending")
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(auto_now_add=True)


class Rechtsmiddelsoort(models.TextChoices):
    BEZWAAR = "bezwaar", "Bezwaar"
    BEROEP = "beroep", "Beroep"


class Rechtsmiddel(AppendOnlyModel):
    """An objection (bezwaar) or appeal (beroep) against a decision step, with its terms:
    `indienen_tot` the last day to lodge it (six weeks from the day after the decision,
    Awb 6:7 and 6:8), `beslissen_tot` the last day for the body to decide on an objection
    (Awb 7:10; none for an appeal, the court has no statutory term)."""

    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="rechtsmiddelen")
    stap = models.ForeignKey(Trajectstap, on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(max_length=8, choices=Rechtsmiddelsoort.choices)
    ingediend_op = models.DateField()
    indienen_tot = models.DateField()
    beslissen_tot = models.DateField(null=True, blank=True)
    toelichting = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["traject", "ingediend_op", "pk"]
        verbose_name_plural = "rechtsmiddelen"

    @property
    def tijdig(self) -> bool:
        return self.ingediend_op <= self.indienen_tot


class Uitspraak(models.TextChoices):
    GEGROND = "gegrond", "Gegrond"
    ONGEGROND = "ongegrond", "Ongegrond"
    NIET_ONTVANKELIJK = "niet_ontvankelijk", "Niet-ontvankelijk"
    INGETROKKEN = "ingetrokken", "Ingetrokken"


class Rechtsmiddelbeslissing(AppendOnlyModel):
    rechtsmiddel = models.OneToOneField(
        Rechtsmiddel, on_delete=models.PROTECT, related_name="beslissing"
    )
    datum = models.DateField()
    uitspraak = models.CharField(max_length=17, choices=Uitspraak.choices)
    toelichting = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)
