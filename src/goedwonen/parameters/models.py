"""Check parameters as dated versions, and the history of changes to the work process's
set-up (routing rules, service norms, task templates, letter texts). Both append-only."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from goedwonen.core import validators
from goedwonen.core.models import AppendOnlyModel


class Parameterversie(AppendOnlyModel):
    """One value of a check parameter, valid from `geldig_vanaf` until the next version's
    date. The latest version made wins among versions of the same date (a correction)."""

    code = models.CharField(max_length=60, db_index=True)  # a key of definities.DEFINITIES
    waarde = models.DecimalField(max_digits=12, decimal_places=2)
    eenheid = models.CharField(max_length=30)
    bron = models.TextField(max_length=validators.MAX_DESCRIPTION)
    # None: the source gives no date; valid for any date until a dated version.
    geldig_vanaf = models.DateField(null=True, blank=True)
    reden = models.TextField(max_length=validators.MAX_REASON)
    # None: the start value that came with the product.
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-vastgesteld_op", "-pk"]
        verbose_name = "versie van een toetsparameter"
        verbose_name_plural = "versies van toetsparameters"

    def __str__(self) -> str:
        return f"{self.code} = {self.waarde} {self.eenheid}"


class Inrichtingswijziging(AppendOnlyModel):
    """Who changed which piece of the set-up, from what to what, when and why.

    `onderwerp` names the kind (`routeringsregel`, `servicenorm`, `taaksjabloon`,
    `briefsjabloon`), `sleutel` the piece (its id or code); `oud` is empty for a new piece."""

    onderwerp = models.CharField(max_length=40)
    sleutel = models.CharField(max_length=60)
    omschrijving = models.CharField(max_length=200)
    oud = models.JSONField(default=dict, blank=True)
    nieuw = models.JSONField(default=dict)
    reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["onderwerp", "sleutel"])]
        verbose_name = "wijziging van de inrichting"
        verbose_name_plural = "wijzigingen van de inrichting"

    def __str__(self) -> str:
        return f"{self.onderwerp} {self.sleutel}: {self.omschrijving}"

    def verschillen(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field the change touched, yes/no for a flag;
        before None: new."""

        def shown(value: object) -> object:
            return ("ja" if value else "nee") if isinstance(value, bool) else value

        return [
            (field, shown(self.oud.get(field)), shown(value))
            for field, value in self.nieuw.items()
            if not self.oud or self.oud.get(field) != value
        ]
