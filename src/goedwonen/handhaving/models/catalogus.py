"""The catalogue of enforcement instruments, as data a jurist changes without a release.

An instrument (`Instrument`) is stable: its code and name. What it rests on and how it runs
is in its versions (`Instrumentversie`, append-only): the legal basis (regulation, article,
the regulation's version date), the competent body and the mandate under which letters are
signed, and the steps with their default terms and letters. A change is a new version; a
procedure keeps the version it started with (`Traject.instrumentversie`).
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import validators
from goedwonen.core.models import AppendOnlyModel


class Stapsoort(models.TextChoices):
    """The kinds of step a procedure can go through (Awb titles 4.1, 5.3, 5.4, 6 and 7)."""

    VOORNEMEN = "voornemen", "Voornemen"
    ZIENSWIJZE = "zienswijze", "Zienswijze"
    BESLUIT = "besluit", "Besluit"
    HERCONTROLE = "hercontrole", "Hercontrole"
    VERBEURTE = "verbeurte", "Verbeurte"
    INVORDERING = "invordering", "Invordering"
    UITVOERING = "uitvoering", "Uitvoering (bestuursdwang, sluiting, beheerovername)"
    HEROPENING = "heropening", "Verzoek om heropening"
    UITNODIGING = "uitnodiging", "Uitnodiging gesprek"
    GESPREK = "gesprek", "Gesprek"
    ONDERZOEK = "onderzoek", "Onderzoek"
    BEZWAAR = "bezwaar", "Bezwaar"
    BEROEP = "beroep", "Beroep"
    AFSLUITING = "afsluiting", "Afsluiting"


class Stapuitvoerder(models.TextChoices):
    """Who does a step: the task goes to a person with this role in the handling organisation."""

    JURIST = "jurist", "Jurist"
    TOEZICHTHOUDER = "toezichthouder", "Toezichthouder"
    CASUSREGISSEUR = "casusregisseur", "Casusregisseur"


class Instrument(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    naam = models.CharField(max_length=120)
    # The data contract's instrument code (registry.contract.Instrument) under which a
    # decision with this instrument counts with the imported history (`handhavingen.csv`).
    registratiecode = models.CharField(max_length=30)
    omschrijving = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    # Category codes (core.categories.Categorie) it is used for; empty: any.
    categorieen = models.JSONField(default=list, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "handhavingsinstrument"
        verbose_name_plural = "handhavingsinstrumenten"

    def __str__(self) -> str:
        return self.naam


class Instrumentversie(AppendOnlyModel):
    """One version of an instrument. `stappen` is a list of steps in order, each
    `{"soort": Stapsoort, "naam": str, "termijn_dagen": int | None, "uitvoerder":
    Stapuitvoerder, "brief": {"titel": str, "tekst": str} | None}`: the default term of the
    step (the deadline it sets, counted from the step's date), who does it, and the letter
    it sends (a text with placeholders, see `goedwonen.handhaving.brieven`)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versies")
    versie = models.PositiveIntegerField()
    regeling = models.CharField(max_length=200)
    artikel = models.CharField(max_length=120)
    regeling_versiedatum = models.DateField()
    bron = models.CharField(max_length=300, blank=True)
    bevoegd_orgaan = models.CharField(max_length=200)
    mandaat = models.CharField(max_length=300, blank=True)
    stappen = models.JSONField(default=list)
    reden = models.TextField(max_length=validators.MAX_REASON)
    vastgesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vastgesteld_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "versie"], name="instrumentversie_uniek")
        ]
        verbose_name = "versie van een handhavingsinstrument"
        verbose_name_plural = "versies van handhavingsinstrumenten"

    def __str__(self) -> str:
        return f"{self.instrument} versie {self.versie}"
