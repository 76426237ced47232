"""Proactive analysis: the indicator catalogue (versioned data), scoring runs and selections.

A catalogue version is immutable once made: a change is a new version. A run stores what it
read (the deliveries' snapshots and their hashes), the catalogue version and its parameters,
so that it can be reproduced; the scores themselves sit in the run's Parquet file.
"""

from __future__ import annotations

from django.db import models


class Catalogusversie(models.Model):
    versie = models.PositiveIntegerField(unique=True)
    toelichting = models.TextField(help_text="Wat er in deze versie veranderde en waarom")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-versie"]
        verbose_name = "catalogusversie"
        verbose_name_plural = "catalogusversies"

    def __str__(self) -> str:
        return f"Indicatorcatalogus versie {self.versie}"


class Indicator(models.Model):
    """One risk indicator as data. `berekening` is an SQL expression over the columns of the
    dwelling view (`analytics.engine.COLUMNS`) and the indicator's parameters (`$name`); it
    gives the signal between 0 (nothing) and 1 (full). `waarde` is the measured value shown in
    the reason, `reden` the sentence it is shown in."""

    versie = models.ForeignKey(
        Catalogusversie, on_delete=models.PROTECT, related_name="indicatoren"
    )
    code = models.SlugField(max_length=40)
    naam = models.CharField(max_length=120)
    uitleg = models.TextField(help_text="In gewone taal: wat het meet en waarom het ertoe doet")
    bronnen = models.JSONField(default=list, help_text="Bronbestanden uit het datacontract")
    berekening = models.TextField(help_text="SQL-expressie: het signaal tussen 0 en 1")
    waarde = models.TextField(help_text="SQL-expressie: de gemeten waarde voor de reden")
    reden = models.CharField(
        max_length=200,
        help_text="Zin met {waarde}, en {enkelvoud|meervoud} waar het getal 1 kan zijn: "
        "'{waarde} {melding|meldingen}'",
    )
    parameters = models.JSONField(
        default=dict, help_text="Per naam: waarde, bron, geldig_vanaf (en geldig_tot)"
    )
    gewicht = models.FloatField()
    doel = models.TextField()
    grondslag = models.TextField()
    eigenaar = models.CharField(max_length=120, help_text="Wie inhoudelijk verantwoordelijk is")
    actief = models.BooleanField(default=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["versie", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["versie", "code"], name="indicator_per_versie")
        ]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"

    def __str__(self) -> str:
        return f"{self.code} (v{self.versie.versie})"


class Risicorun(models.Model):
    class Status(models.TextChoices):
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    catalogus = models.ForeignKey(Catalogusversie, on_delete=models.PROTECT, related_name="runs")
    gebied = models.ForeignKey(
        "registry.Gebied", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    peildatum = models.DateField()
    parameters = models.JSONField(default=dict, help_text="Gewichten en parameters zoals gebruikt")
    bronnen = models.JSONField(
        default=dict, help_text="Per bron: levering, bestand en sha256 van wat gelezen is"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BEZIG)
    melding = models.TextField(blank=True, help_text="Foutmelding als de run mislukte")
    aantal_woningen = models.PositiveIntegerField(default=0)
    uitkomst_hash = models.CharField(
        max_length=16, blank=True, help_text="Vingerafdruk van alle scores: gelijk bij herhaling"
    )
    duur_seconden = models.FloatField(null=True, blank=True)
    gestart_op = models.DateTimeField(auto_now_add=True)
    gestart_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The scores of every dwelling and the exported events are removed after a short term
    # (services.RUN_FILES_TERM); the record of what ran stays.
    bestanden_verwijderd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-gestart_op"]
        verbose_name = "risicorun"
        verbose_name_plural = "risicoruns"

    def __str__(self) -> str:
        return f"Risicorun {self.pk}"


class Selectiestatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    TER_GOEDKEURING = "ter_goedkeuring", "Ter goedkeuring"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    AFGEWEZEN = "afgewezen", "Afgewezen"


class Selectie(models.Model):
    """Addresses an analyst chose from a run, for a joint inspection or new cases. A second
    person approves it (four eyes; AVG art. 22: a person decides); approved, it is frozen."""

    run = models.ForeignKey(Risicorun, on_delete=models.PROTECT, related_name="selecties")
    naam = models.CharField(max_length=200)
    gebied = models.ForeignKey(
        "registry.Gebied", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    criteria = models.JSONField(default=dict, help_text="Top N en de filters van de samenstelling")
    status = models.CharField(
        max_length=16, choices=Selectiestatus.choices, default=Selectiestatus.CONCEPT
    )
    samengesteld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+"
    )
    samengesteld_op = models.DateTimeField(auto_now_add=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    beoordeeld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField(null=True, blank=True)
    besluit_toelichting = models.TextField(blank=True)

    class Meta:
        ordering = ["-samengesteld_op"]
        verbose_name = "selectie"
        verbose_name_plural = "selecties"

    def __str__(self) -> str:
        return self.naam


class Handmatig(models.TextChoices):
    NEE = "", "Uit de run"
    TOEGEVOEGD = "toegevoegd", "Handmatig toegevoegd"
    VERWIJDERD = "verwijderd", "Handmatig verwijderd"


class Selectieadres(models.Model):
    """One dwelling in a selection with its score and reasons as they were when chosen. A
    removal keeps the row (handmatig = verwijderd, with its reason), so it stays visible."""

    selectie = models.ForeignKey(Selectie, on_delete=models.CASCADE, related_name="adressen")
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject", on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField()
    rang = models.PositiveIntegerField(null=True, blank=True, help_text="Rang in de run")
    redenen = models.JSONField(default=list)
    handmatig = models.CharField(max_length=10, choices=Handmatig.choices, blank=True)
    reden = models.TextField(blank=True, help_text="Waarom handmatig toegevoegd of verwijderd")
    gewijzigd_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(null=True, blank=True)
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["selectie", "rang", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["selectie", "verblijfsobject"], name="selectieadres_eenmaal"
            )
        ]
        verbose_name = "selectieadres"
        verbose_name_plural = "selectieadressen"

    def __str__(self) -> str:
        return f"{self.verblijfsobject_id} in selectie {self.selectie_id}"

    @property
    def geselecteerd(self) -> bool:
        return self.handmatig != Handmatig.VERWIJDERD
