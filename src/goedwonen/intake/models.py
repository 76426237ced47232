"""Reports (meldingen). The intake issue adds routing, triage and the status history."""

from __future__ import annotations

from django.db import models

from goedwonen.core.categories import Categorie


class MelderSoort(models.TextChoices):
    BEWONER = "bewoner", "Bewoner"
    PROFESSIONAL = "professional", "Professional"
    ANONIEM = "anoniem", "Anoniem"
    PARTNER = "partner", "Partner"


class Melding(models.Model):
    """A report. One whose address could not be matched waits for a person to match it."""

    bron = models.CharField(max_length=60)
    bron_id = models.CharField(max_length=80)
    ontvangen_op = models.DateTimeField(db_index=True)
    adres = models.ForeignKey(
        "registry.Adres", on_delete=models.PROTECT, null=True, blank=True, related_name="meldingen"
    )
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
    )
    # The address as the source gave it, kept for matching and for the record.
    opgegeven_nummeraanduiding = models.CharField(max_length=40, blank=True)
    opgegeven_postcode = models.CharField(max_length=10, blank=True)
    opgegeven_huisnummer = models.CharField(max_length=10, blank=True)
    opgegeven_huisletter = models.CharField(max_length=5, blank=True)
    opgegeven_toevoeging = models.CharField(max_length=10, blank=True)
    categorie = models.CharField(max_length=30, choices=Categorie.choices)
    omschrijving = models.TextField(blank=True)
    melder_soort = models.CharField(max_length=20, choices=MelderSoort.choices)
    bron_status = models.CharField(max_length=20, blank=True)
    gekoppeld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gekoppeld_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-ontvangen_op"]
        constraints = [
            models.UniqueConstraint(fields=["bron", "bron_id"], name="melding_bron_uniek")
        ]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"

    def __str__(self) -> str:
        return f"Melding {self.bron}/{self.bron_id}"

    @property
    def opgegeven_adres(self) -> str:
        if self.opgegeven_postcode or self.opgegeven_huisnummer:
            return " ".join(
                part
                for part in [
                    self.opgegeven_postcode,
                    f"{self.opgegeven_huisnummer}{self.opgegeven_huisletter}",
                    self.opgegeven_toevoeging,
                ]
                if part
            )
        return self.opgegeven_nummeraanduiding
