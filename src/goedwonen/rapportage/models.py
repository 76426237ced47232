"""Steering and account data kept by the product (issue 17): the plan's targets as dated,
append-only versions, the analyst's narrative of the reports, and the outcomes of
interventions."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone

from goedwonen.core import display, validators
from goedwonen.core.models import AppendOnlyModel


class Doelperiode(models.TextChoices):
    JAAR = "jaar", "per jaar"
    TWEE_WEKEN = "twee-weken", "per twee weken, in elk gebied"
    DOORLOPEND = "doorlopend", "doorlopend (aandeel)"
    EENMALIG = "eenmalig", "eenmalig"


class Doelversie(AppendOnlyModel):
    """One value of a target of the plan, valid from `geldig_vanaf` until the next version's
    date; the latest made wins among versions of the same date (a correction). What a
    target is compared to (`maat`) and how it is counted are in `rapportage.doelen`."""

    code = models.CharField(max_length=60, db_index=True)  # a key of doelen.DOELEN
    naam = models.CharField(max_length=200)
    maat = models.CharField(max_length=60)  # a measure realisatie.py counts
    waarde = models.DecimalField(max_digits=12, decimal_places=2)
    eenheid = models.CharField(max_length=40)
    periode = models.CharField(max_length=12, choices=Doelperiode.choices)
    # Only for a one-off target: the day it must be reached by.
    uiterlijk_op = models.DateField(null=True, blank=True)
    # None: the five focus areas together.
    gebied = models.ForeignKey(
        "registry.Gebied", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bron = models.TextField(max_length=validators.MAX_DESCRIPTION)
    geldig_vanaf = models.DateField()
    reden = models.TextField(max_length=validators.MAX_REASON)
    # None: the plan's value that came with the product.
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-vastgesteld_op", "-pk"]
        verbose_name = "versie van een doel"
        verbose_name_plural = "versies van doelen"

    def __str__(self) -> str:
        return f"{self.code} = {self.waarde} {self.eenheid} {self.get_periode_display()}"


class Toelichting(models.Model):
    """The analyst's narrative of one report (kind, year, area), one row per version: a new
    save is a new version, the earlier ones stay (who wrote what, when). `secties` holds the
    plain text of each section by its key; the report shows it as paragraphs, never as HTML."""

    soort = models.CharField(max_length=30)  # a key of rapportage.rapporten.SOORTEN
    jaar = models.PositiveSmallIntegerField()
    gebiedcode = models.CharField(max_length=12, blank=True)  # "" = the whole approach
    versie = models.PositiveIntegerField()
    secties = models.JSONField(default=dict)
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["soort", "jaar", "gebiedcode", "-versie"]
        verbose_name_plural = "toelichtingen"
        constraints = [
            models.UniqueConstraint(
                fields=["soort", "jaar", "gebiedcode", "versie"], name="toelichting_versie_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"Toelichting {self.soort} {self.jaar} {self.gebiedcode or 'alles'} v{self.versie}"


class Uitkomstsoort(models.TextChoices):
    HUUR_VERLAAGD = "huur_verlaagd", "Huur verlaagd"
    INSCHRIJVING_GECORRIGEERD = "inschrijving_gecorrigeerd", "Inschrijving (BRP) gecorrigeerd"
    GEBREKEN_HERSTELD = "gebreken_hersteld", "Gebreken hersteld"
    BEWONING_VERMINDERD = "bewoning_verminderd", "Bewoning teruggebracht"
    VERGUNNING_VERKREGEN = "vergunning_verkregen", "Vergunning verkregen"
    HUUR_AAN_WERK_BEEINDIGD = "huur_werk_beeindigd", "Huur gekoppeld aan werk beëindigd"
    ANDERS = "anders", "Anders"


class Uitkomst(AppendOnlyModel):
    """What changed after an intervention in a case (issue 17, "outcomes, not only output"):
    the rent lowered from and to (per month), the people registered in the BRP before and
    after a correction, the people living there before and after occupancy was reduced,
    defects repaired, a permit obtained, a tenancy tied to work ended, or something else
    described. On one of the case's objects, dated the day the change took effect, with its
    evidence: a visit (whose rent check gives the rent before), a document or letter of the
    case, or a description (a ruling of the Huurcommissie, a BRP extract).

    A part of the case, kept here rather than in `casussen`: its evidence is a visit or a
    document, and the case app imports neither (ADR 0013); the reporting app stands above
    cases, visits and documents already. It lives and dies with the case: the rows go when the
    case is destroyed after its retention term (CASCADE from the case and its object).

    Shared part: `bevindingen` (visits and findings). Outcomes are facts about the dwelling
    and its residents established after an intervention, as findings are before it, and
    their evidence is a visit or a document, both of that part: an organisation that does not
    see the visits must not read them from an outcome either. An enforcement partner that
    needs outcomes (defects repaired ends a penalty order) needs the findings too. The
    directing organisation sees all. Recording is for who works the case: the directing
    organisation with CASES_DIRECT, and any organisation that sees the part with TASKS_WORK.
    The legal basis is the case's: it is recorded and read under the case's processing
    activity (casusregie), a partner under its sharing's basis.

    Append-only, as visits are: a correction is a new record naming the one it corrects
    (`corrigeert`) and why; only the last version counts in the figures.
    """

    casus = models.ForeignKey("casussen.Casus", on_delete=models.CASCADE, related_name="uitkomsten")
    casusobject = models.ForeignKey(
        "casussen.CasusObject", on_delete=models.CASCADE, related_name="uitkomsten"
    )
    soort = models.CharField(max_length=30, choices=Uitkomstsoort.choices)
    # The day the change took effect (the new rent's first month, the BRP correction).
    datum = models.DateField(db_index=True)
    # Rent per month (kale huur), for a rent reduction.
    huur_van = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    huur_naar = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    # People registered (BRP) or living there, before and after; counted, never named.
    personen_voor = models.PositiveSmallIntegerField(null=True, blank=True)
    personen_na = models.PositiveSmallIntegerField(null=True, blank=True)
    omschrijving = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    # Evidence: a visit, a document (a letter too) of the same case, and/or a description.
    # Both go only when the case is destroyed, the outcome with them; SET_NULL so that the
    # deletion clears the link before it deletes the visit or document, in whichever order
    # the case's parts are destroyed (documents by their own destroyer, first).
    bezoek = models.ForeignKey(
        "inspecties.Bezoek", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        "documenten.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bewijs = models.TextField(blank=True, max_length=validators.MAX_REASON)
    corrigeert = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="correctie"
    )
    correctiereden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # The recorder's organisation then (people move; the record should not).
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-datum", "-vastgelegd_op", "-pk"]
        verbose_name = "uitkomst"
        verbose_name_plural = "uitkomsten"

    def __str__(self) -> str:
        return f"{self.get_soort_display()} per {display.datum(self.datum)}"

    @property
    def huurverlaging(self) -> Decimal | None:
        """The rent reduction per month, or None."""
        if self.huur_van is None or self.huur_naar is None:
            return None
        return self.huur_van - self.huur_naar


class Rapportvaststelling(AppendOnlyModel):
    """A report established as published (vastgesteld): the kind, year and area, the
    narrative version it holds, and the PDF exactly as it went out with its SHA-256. A later
    establishment of the same report is a new row (a corrected edition); the earlier stays.
    The plan's targets "a signal report every year", "the council informed yearly" and the
    evaluations count these (`realisatie.TELLERS`)."""

    soort = models.CharField(max_length=30)  # a key of rapportage.rapporten.SOORTEN
    jaar = models.PositiveSmallIntegerField()
    gebiedcode = models.CharField(max_length=12, blank=True)  # "" = the whole approach
    toelichting = models.ForeignKey(
        Toelichting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="rapporten/%Y/")
    sha256 = models.CharField(max_length=64)
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-vastgesteld_op", "-pk"]
        verbose_name = "vastgesteld rapport"
        verbose_name_plural = "vastgestelde rapporten"

    def __str__(self) -> str:
        return f"{self.soort} {self.jaar} {self.gebiedcode or 'hele aanpak'}"


class Cijferstand(models.Model):
    """The steering dashboard's figures for a year and an area as the worker last computed
    them (`rapportage.dashboard`): per section its key, title, rendered HTML and the figures
    the exports write. Counts only, no personal data; replaced by each computation, and a
    stand nobody asked for in `STAND_KEPT_DAYS` is removed at night."""

    jaar = models.PositiveSmallIntegerField()
    gebiedcode = models.CharField(max_length=12, blank=True)  # "" = every area
    # The day the figures run to, and the targets and records on the steering pages they
    # reflect (dashboard.sleutel); empty until the first computation is done.
    peildatum = models.DateField(null=True)
    sleutel = models.CharField(max_length=64, blank=True)
    secties = models.JSONField(null=True)
    berekend_op = models.DateTimeField(null=True)
    duur = models.FloatField(null=True)  # seconds the computation took
    # A computation asked for and not yet done (the worker's queue holds it).
    gevraagd_op = models.DateTimeField(null=True)
    bekeken_op = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jaar", "gebiedcode"], name="cijferstand_per_gebied")
        ]
        verbose_name = "stand van de sturingscijfers"
        verbose_name_plural = "standen van de sturingscijfers"

    def __str__(self) -> str:
        return f"Sturingscijfers {self.jaar} {self.gebiedcode or 'alle gebieden'}"
