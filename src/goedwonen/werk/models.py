from __future__ import annotations

from django.db import models


class LaatstBekeken(models.Model):
    """When a person last opened a case: the start page counts what happened since."""

    gebruiker = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    casus = models.ForeignKey("casussen.Casus", on_delete=models.CASCADE, related_name="+")
    bekeken_op = models.DateTimeField()

    class Meta:
        verbose_name = "laatst bekeken casus"
        verbose_name_plural = "laatst bekeken casussen"
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "casus"], name="laatst_bekeken_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.casus_id} bekeken op {self.bekeken_op:%Y-%m-%d %H:%M}"
