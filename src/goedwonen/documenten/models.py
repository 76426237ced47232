"""Documents in a case: files uploaded by the people working on it, and letters the system
made from a template. Append-only: a document is never changed or removed in the
application; a better version is a new document beside the old one.

Documents belong to the case part `bevindingen` (see `casussen.models.ONDERDEEL_VAN_SOORT`).
"""

from __future__ import annotations

from django.db import models

from goedwonen.core.models import AppendOnlyModel

TYPE_LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


class Documentsoort(models.TextChoices):
    UPLOAD = "upload", "Toegevoegd bestand"
    BRIEF = "brief", "Brief"


class Document(AppendOnlyModel):
    casus = models.ForeignKey("casussen.Casus", on_delete=models.PROTECT, related_name="documenten")
    soort = models.CharField(max_length=6, choices=Documentsoort.choices)
    bestand = models.FileField(upload_to="documenten/%Y/%m")
    oorspronkelijke_naam = models.CharField(max_length=200)
    # Established from the content (goedwonen.intake.attachments), never from the name.
    content_type = models.CharField(max_length=40)
    grootte = models.PositiveIntegerField()
    # Of the stored bytes (photos are stored without their metadata, so not of the upload).
    sha256 = models.CharField(max_length=64)
    omschrijving = models.CharField(max_length=300, blank=True)
    # A letter: the template's code (goedwonen.documenten.brieven) and the data it was filled
    # with, as they were then: the registry may change, the letter that was sent does not.
    brief_sjabloon = models.CharField(max_length=40, blank=True)
    brief_gegevens = models.JSONField(default=dict, blank=True)
    toegevoegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    toegevoegd_op = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-toegevoegd_op", "-pk"]
        verbose_name = "document"
        verbose_name_plural = "documenten"

    def __str__(self) -> str:
        return self.oorspronkelijke_naam

    @property
    def bestandstype(self) -> str:
        return TYPE_LABELS.get(self.content_type, self.content_type)


class Briefsjabloonversie(AppendOnlyModel):
    """One text of a letter template (a key of `brieven.SJABLONEN`), valid from `geldig_vanaf`
    until the next version's date; the latest made wins among versions of the same date. The
    body text uses the placeholders of the letter snapshot (`{{ brief.kenmerk }}` etc.)."""

    code = models.CharField(max_length=60, db_index=True)
    titel = models.CharField(max_length=200)
    tekst = models.TextField(max_length=20_000)
    # What the extra paragraph typed by the case director is for, shown in the letter form.
    alinea_hint = models.CharField(max_length=300, blank=True)
    geldig_vanaf = models.DateField()
    reden = models.TextField(max_length=2000)
    # None: the text that came with the product.
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-geldig_vanaf", "-vastgesteld_op", "-pk"]
        verbose_name = "versie van een briefsjabloon"
        verbose_name_plural = "versies van briefsjablonen"

    def __str__(self) -> str:
        return f"{self.code} vanaf {self.geldig_vanaf}"
