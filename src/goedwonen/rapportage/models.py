"""Steering and account data kept by the product (issue 17)."""

from __future__ import annotations

from django.db import models


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
