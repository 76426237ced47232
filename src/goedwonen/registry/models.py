"""Areas. The registry issue adds geometry, addresses, dwellings and owners here."""

from django.db import models


class Gebiedssoort(models.TextChoices):
    GEMEENTE = "gemeente", "Gemeente"
    WIJK = "wijk", "Wijk"
    BUURT = "buurt", "Buurt"


class Gebied(models.Model):
    """A CBS area. Focus neighbourhoods are a flag, so growing to the whole city is data."""

    code = models.CharField(max_length=12, unique=True, help_text="CBS-code, bv. BU05991572")
    naam = models.CharField(max_length=120)
    soort = models.CharField(max_length=10, choices=Gebiedssoort.choices)
    bovenliggend = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="onderliggend"
    )
    focusgebied = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "gebied"
        verbose_name_plural = "gebieden"

    def __str__(self) -> str:
        return f"{self.naam} ({self.code})"
