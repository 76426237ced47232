"""Landlords followed across their whole portfolio: warning and stop talks with owners, and
what the monitor derives from them (monitoring periods, recidivism, stop-talk candidates).

A talk held is a fact the monitor counts exactly like an imported one (`handhavingen.csv`
with instrument `waarschuwingsgesprek` or `stopgesprek`): `gehouden_op` is its date W.
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import display, validators
from goedwonen.core.models import AppendOnlyModel


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
    afzegreden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    # The invitation letter as sent (PDF) and the snapshot it was filled with.
    uitnodiging = models.FileField(upload_to="verhuurders/uitnodigingen/%Y/%m", blank=True)
    uitnodiging_gegevens = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-gehouden_op", "-aangemaakt_op", "-pk"]
        verbose_name = "verhuurdergesprek"
        verbose_name_plural = "verhuurdergesprekken"

    def __str__(self) -> str:
        when = display.datum(self.gehouden_op) if self.gehouden_op else self.get_status_display()
        return f"{self.get_soort_display()} {self.eigenaar} ({when})"


class Recidivesoort(models.TextChoices):
    """What happened at the owner's dwelling: the `soort` of a dwelling event, or an imported
    record of the source folder."""

    MELDING = "melding", "Melding"
    BEVINDING = "bevinding", "Overtreding vastgesteld bij een bezoek"
    HANDHAVING = "handhaving", "Handhavingsbesluit"
    CONTROLE = "controle", "Geïmporteerde controle met overtreding"
    BESLUIT = "besluit", "Geïmporteerd handhavingsbesluit"


class Recidivesignalering(models.Model):
    """An owner in monitoring after a warning talk, and something new at one of their dwellings:
    the alert to the case director, with the "handhaven" task set out for it. Raised once per
    owner and source record (`bron`, e.g. "bezoek:7", "controle:C12")."""

    eigenaar = models.ForeignKey(
        "registry.Eigenaar", on_delete=models.PROTECT, related_name="recidivesignaleringen"
    )
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject", on_delete=models.PROTECT, related_name="+"
    )
    soort = models.CharField(max_length=12, choices=Recidivesoort.choices)
    bron = models.CharField(max_length=60)
    datum = models.DateField(db_index=True)
    # The date W of the warning talk whose monitoring period the event falls in, and the talk
    # itself when it was held in the product (an imported talk has no row here).
    waarschuwing_op = models.DateField()
    gesprek = models.ForeignKey(
        Verhuurdergesprek, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taak = models.ForeignKey(
        "casussen.Taak", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    afhandeling = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)

    class Meta:
        ordering = ["-datum", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["eigenaar", "bron"], name="recidivesignalering_eenmaal_per_bron"
            )
        ]
        verbose_name = "recidivesignalering"
        verbose_name_plural = "recidivesignaleringen"

    def __str__(self) -> str:
        return f"Recidive {self.eigenaar} {display.datum(self.datum)} ({self.bron})"


class Kandidaatbesluit(models.TextChoices):
    UITNODIGEN = "uitnodigen", "Uitnodigen voor een stopgesprek"
    NIET_NU = "niet_nu", "Nu niet"


class Stopgesprekbesluit(AppendOnlyModel):
    """What a person decided about an owner proposed for a stop talk. Append-only: a later
    decision adds a row. "Not now" holds until a violation later than `laatste_overtreding`
    makes the owner a candidate again."""

    eigenaar = models.ForeignKey(
        "registry.Eigenaar", on_delete=models.PROTECT, related_name="stopgesprekbesluiten"
    )
    besluit = models.CharField(max_length=12, choices=Kandidaatbesluit.choices)
    reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    # The latest violation of the evidence the person saw.
    laatste_overtreding = models.DateField()
    gesprek = models.ForeignKey(
        Verhuurdergesprek, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    besloten_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-besloten_op", "-pk"]
        verbose_name = "besluit over een stopgesprekkandidaat"
        verbose_name_plural = "besluiten over stopgesprekkandidaten"

    def __str__(self) -> str:
        return f"{self.get_besluit_display()} {self.eigenaar}"
