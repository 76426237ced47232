"""Landlords followed across their whole portfolio: warning and stop talks with owners, and
what the monitor derives from them (monitoring periods, recidivism, stop-talk candidates).

A talk held is a fact the monitor counts exactly like an imported one (`handhavingen.csv`
with instrument `waarschuwingsgesprek` or `stopgesprek`): `gehouden_op` is its date W.
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import display, validators


class Gesprekssoort(models.TextChoices):
    # The codes of the data contract's instruments (registry.contract.Instrument).
    WAARSCHUWINGSGESPREK = "waarschuwingsgesprek", "Waarschuwingsgesprek"
    STOPGESPREK = "stopgesprek", "Stopgesprek"


class Gespreksstatus(models.TextChoices):
    GEPLAND = "gepland", "Uitgenodigd"
    GEHOUDEN = "gehouden", "Gehouden"
    AFGEZEGD = "afgezegd", "Afgezegd"


class Verhuurdergesprek(models.Model):
    """A warning or stop talk with an owner: invited, then held (or cancelled) and recorded."""

    eigenaar = models.ForeignKey(
        "registry.Eigenaar", on_delete=models.PROTECT, related_name="gesprekken"
    )
    soort = models.CharField(max_length=20, choices=Gesprekssoort.choices)
    status = models.CharField(
        max_length=10, choices=Gespreksstatus.choices, default=Gespreksstatus.GEPLAND
    )
    # Why this talk: the violations found, the stop-talk evidence.
    aanleiding = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    gepland_op = models.DateTimeField(null=True, blank=True)
    locatie = models.CharField(max_length=200, blank=True)
    # The date the talk was held: the start of monitoring for a warning talk.
    gehouden_op = models.DateField(null=True, blank=True, db_index=True)
    deelnemers = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    afspraken = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    # The case it came from, if any: alerts and tasks go there.
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    vastgelegd_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-gehouden_op", "-aangemaakt_op", "-pk"]
        verbose_name = "verhuurdergesprek"
        verbose_name_plural = "verhuurdergesprekken"

    def __str__(self) -> str:
        when = display.datum(self.gehouden_op) if self.gehouden_op else self.get_status_display()
        return f"{self.get_soort_display()} {self.eigenaar} ({when})"
