"""Steering and account data kept by the product (issue 17): the plan's targets as dated,
append-only versions, the analyst's narrative of the reports, and the outcomes of
interventions."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from goedwonen.core import validators
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
