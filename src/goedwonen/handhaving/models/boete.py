"""The fine policy (boetebeleid) and the fines set from it.

A policy version (`Boetebeleid`, append-only) is valid from a date until the next version's
date: a proposal for a decision on date d reads the version valid on d, so a fine decided
last year can still be explained from the policy of last year. A fine (`Boetevaststelling`,
append-only) records what the policy proposed, with its reasoning lines, and what the jurist
set; a different amount carries the recorded reason.
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import display, validators
from goedwonen.core.models import AppendOnlyModel


class Boetewet(models.TextChoices):
    """The laws under which the municipality fines landlords; each has its own maxima."""

    WGV = "wgv", "Wet goed verhuurderschap"
    HVW = "hvw", "Huisvestingswet 2014"


class Boetebeleid(AppendOnlyModel):
    """One version of the fine policy. `parameters` is

    `{"overtredingen": [{"categorie": core.categories code, "naam": str, "wet": Boetewet,
    "basisbedrag": "2500.00"}, ...], "bedrijfsmatig_factor": "1.5", "recidive_factor": "2",
    "maxima": [{"wet": Boetewet, "recidive": bool, "bedrag": "25750.00", "prijspeil":
    "2024-01-01", "bron": str}, ...]}`

    with amounts as decimal strings (JSON has no decimals): the base amount per offence
    category, the factors for business-like letting and for a repeat offence within four
    years, and the statutory maxima as indexed values with their source."""

    versie = models.PositiveIntegerField(unique=True)
    geldig_vanaf = models.DateField(unique=True)
    naam = models.CharField(max_length=200)
    bron = models.CharField(max_length=300, blank=True)
    parameters = models.JSONField()
    reden = models.TextField(max_length=validators.MAX_REASON)
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-geldig_vanaf"]
        verbose_name = "versie van het boetebeleid"
        verbose_name_plural = "versies van het boetebeleid"

    def __str__(self) -> str:
        return f"Boetebeleid versie {self.versie} (vanaf {display.datum(self.geldig_vanaf)})"


class Boetevaststelling(AppendOnlyModel):
    """A fine set by a jurist: the policy's proposal and the amount decided."""

    beleid = models.ForeignKey(Boetebeleid, on_delete=models.PROTECT, related_name="boetes")
    eigenaar = models.ForeignKey(
        "registry.Eigenaar", on_delete=models.PROTECT, related_name="boetevaststellingen"
    )
    # The procedure whose decision step set the fine; null for a fine set on its own. When a
    # procedure is destroyed after its retention term the fine stays (it still counts as an
    # earlier fine of the owner), unlinked.
    traject = models.ForeignKey(
        "handhaving.Traject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="boetes",
    )
    # The reference of the case, report or procedure the fine is decided in.
    kenmerk = models.CharField(max_length=60, blank=True)
    categorie = models.CharField(max_length=30)
    wet = models.CharField(max_length=3, choices=Boetewet.choices)
    beslisdatum = models.DateField()
    bedrijfsmatig = models.BooleanField()
    recidive = models.BooleanField()
    voorgesteld_bedrag = models.DecimalField(max_digits=10, decimal_places=2)
    bedrag = models.DecimalField(max_digits=10, decimal_places=2)
    maximum = models.DecimalField(max_digits=10, decimal_places=2)
    # The proposal's reasoning lines, as shown to the jurist.
    redenering = models.JSONField(default=list)
    # Why the amount differs from the proposal; empty when the proposal was accepted.
    afwijking_reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-beslisdatum", "-pk"]
        verbose_name = "vastgestelde boete"
        verbose_name_plural = "vastgestelde boetes"

    def __str__(self) -> str:
        return f"Boete {display.euro(self.bedrag)} ({display.datum(self.beslisdatum)})"
