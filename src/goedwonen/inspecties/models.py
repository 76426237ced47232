"""Home and street visits (bezoeken) in a case: who was there, access, persons found, findings
per problem category, and the outcome of the built-in checks as they were computed then.

Everything here is append-only. A visit is evidence for enforcement later on: what was
recorded, by whom and when must stay as it was. A mistake is put right by a new visit record
that names the one it corrects (`corrigeert`) and why; the earlier record stays readable.
Check outcomes are stored, never recomputed on display: a later change of the package, the
rent table, a policy parameter or the registry must not change what an inspector was shown.
The rent check keeps its input (the dwelling characteristics) so it can be recomputed and
compared.
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import display, validators
from goedwonen.core.categories import Categorie
from goedwonen.core.models import AppendOnlyModel


class Bezoeksoort(models.TextChoices):
    WONINGBEZOEK = "woningbezoek", "Woningbezoek"
    STRAATBEZOEK = "straatbezoek", "Straatbezoek"


class Toegang(models.TextChoices):
    VERLEEND = "verleend", "Toegang verleend"
    GEWEIGERD = "geweigerd", "Toegang geweigerd"
    NIEMAND_THUIS = "niemand_thuis", "Niemand thuis"
    MACHTIGING = "machtiging", "Binnengetreden met machtiging"


# Access that lets an inspector count the persons inside.
BINNEN = frozenset({Toegang.VERLEEND, Toegang.MACHTIGING})


class Bezoek(AppendOnlyModel):
    # A case is deleted only when it is destroyed after its retention term
    # (casussen_destroy_due); its visits go with it.
    casus = models.ForeignKey("casussen.Casus", on_delete=models.CASCADE, related_name="bezoeken")
    casusobject = models.ForeignKey(
        "casussen.CasusObject", on_delete=models.CASCADE, related_name="bezoeken"
    )
    soort = models.CharField(max_length=12, choices=Bezoeksoort.choices)
    datum = models.DateField(db_index=True)
    tijd = models.TimeField(null=True, blank=True)
    # Empty for a street visit without a door opened.
    toegang = models.CharField(max_length=13, choices=Toegang.choices, blank=True)
    medewerkers = models.ManyToManyField("accounts.User", related_name="+", blank=True)
    partners = models.CharField(
        max_length=300, blank=True, help_text="Aanwezig van andere organisaties"
    )
    # Residents are counted, never named.
    volwassenen = models.PositiveSmallIntegerField(null=True, blank=True)
    kinderen = models.PositiveSmallIntegerField(null=True, blank=True)
    opmerkingen = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    corrigeert = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="correctie"
    )
    correctiereden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # The recorder's organisation then (people move; the record should not).
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-datum", "-vastgelegd_op", "-pk"]
        verbose_name = "bezoek"
        verbose_name_plural = "bezoeken"

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {display.datum(self.datum)}"

    @property
    def personen(self) -> int | None:
        if self.volwassenen is None and self.kinderen is None:
            return None
        return (self.volwassenen or 0) + (self.kinderen or 0)


class Bevinding(AppendOnlyModel):
    """The inspector's finding on one problem category: established or not, and why."""

    bezoek = models.ForeignKey(Bezoek, on_delete=models.CASCADE, related_name="bevindingen")
    categorie = models.CharField(max_length=30, choices=Categorie.choices)
    vastgesteld = models.BooleanField()
    toelichting = models.TextField(blank=True, max_length=validators.MAX_REASON)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "bevindingen"
        constraints = [
            models.UniqueConstraint(fields=["bezoek", "categorie"], name="bevinding_per_categorie")
        ]

    def __str__(self) -> str:
        return f"{self.get_categorie_display()}: {'ja' if self.vastgesteld else 'nee'}"


class Huurprijsuitkomst(AppendOnlyModel):
    """The rent check as computed at the visit: its input, its outcome and what it used."""

    bezoek = models.OneToOneField(Bezoek, on_delete=models.CASCADE, related_name="huurprijs")
    # The input (goedwonen.inspecties.kenmerken): enough to compute the check again.
    woningkenmerken = models.JSONField()
    kale_huur = models.DecimalField(max_digits=8, decimal_places=2)
    datum_huurovereenkomst = models.DateField(null=True, blank=True)
    peildatum = models.DateField()
    # The outcome.
    punten = models.IntegerField()
    rubrieken = models.JSONField(default=list)  # [{code, naam, punten, opslagpercentage}]
    maximale_huur_zonder_opslag = models.DecimalField(max_digits=8, decimal_places=2)
    opslagpercentage = models.DecimalField(max_digits=7, decimal_places=4)
    maximale_huur = models.DecimalField(max_digits=8, decimal_places=2)
    maximale_huur_volgens_tabel = models.DecimalField(max_digits=8, decimal_places=2)
    tabel_klopt = models.BooleanField()
    sector = models.CharField(max_length=8)
    # None: whether the maximum binds has to be established legally (see toelichting).
    maximum_van_toepassing = models.BooleanField(null=True)
    overschrijding = models.DecimalField(max_digits=10, decimal_places=2)
    overschrijding_percentage = models.DecimalField(max_digits=10, decimal_places=2)
    boven_drempel = models.BooleanField()
    toelichting = models.JSONField(default=list)
    # What it used: the policy threshold with its source, and the package.
    drempel_waarde = models.DecimalField(max_digits=7, decimal_places=2)
    drempel_bron = models.TextField()
    drempel_geldig_vanaf = models.DateField(null=True, blank=True)
    woningwaardering_versie = models.CharField(max_length=40)

    class Meta:
        verbose_name = "uitkomst huurprijstoets"
        verbose_name_plural = "uitkomsten huurprijstoets"


class Bewoningsuitkomst(AppendOnlyModel):
    """The occupancy check at the visit: persons found against the BAG floor area."""

    bezoek = models.OneToOneField(Bezoek, on_delete=models.CASCADE, related_name="bewoning")
    oppervlakte = models.DecimalField(max_digits=8, decimal_places=2)
    volwassenen = models.PositiveSmallIntegerField()
    kinderen = models.PositiveSmallIntegerField()
    oppervlakte_per_persoon = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    maximaal_aantal_personen = models.PositiveIntegerField()
    overbewoond = models.BooleanField()
    toelichting = models.TextField()
    norm_waarde = models.DecimalField(max_digits=6, decimal_places=2)
    norm_bron = models.TextField()
    norm_geldig_vanaf = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "uitkomst bewoningstoets"
        verbose_name_plural = "uitkomsten bewoningstoets"


class Vergunningsuitkomst(AppendOnlyModel):
    """The permit check on the visit date, from the registry as it was then."""

    bezoek = models.OneToOneField(Bezoek, on_delete=models.CASCADE, related_name="vergunningen")
    datum = models.DateField()
    # None: the registry did not hold enough to decide (the reasons say what is missing).
    verhuurvergunning_nodig = models.BooleanField(null=True)
    opkoopbescherming_van_toepassing = models.BooleanField(null=True)
    vergunning_ontbreekt = models.BooleanField()
    # Per rule: {regeling, naam, van_toepassing, geldige_vergunning, aanvraag_in_behandeling,
    # redenen, grondslag}; and the parameters used, each with its source.
    regels = models.JSONField(default=list)
    parameters = models.JSONField(default=list)

    class Meta:
        verbose_name = "uitkomst vergunningstoets"
        verbose_name_plural = "uitkomsten vergunningstoets"


class Bezoekconcept(models.Model):
    """An inspector's visit being entered step by step, saved at every step so nothing is
    lost when the connection or the browser drops. Not evidence: it holds what was typed
    (raw, also when not yet valid) until the visit is recorded. Then `bezoek` points at the
    recorded visit and the typed data is cleared; the row stays so that posting the last
    step again finds the visit instead of recording it twice."""

    casus = models.ForeignKey("casussen.Casus", on_delete=models.CASCADE, related_name="+")
    eigenaar = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    corrigeert = models.ForeignKey(
        Bezoek, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Per form part the values as typed: {"bezoek": {...}, "bevindingen": {...},
    # "huur": {...}, "keuze": {...}, "ruimten": [{...}], "buitenruimten": [{...}]}.
    gegevens = models.JSONField(default=dict)
    # The steps saved at least once (goedwonen.inspecties.stappen codes).
    stappen = models.JSONField(default=list)
    # What the visit service refused at the last attempt to record, per field, shown next
    # to the fields until a step is saved again.
    fouten = models.JSONField(default=dict)
    bezoek = models.OneToOneField(
        Bezoek, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bezoekconcept"
        verbose_name_plural = "bezoekconcepten"
        constraints = [
            # One open draft per person for a new visit in a case, and one per correction.
            models.UniqueConstraint(
                fields=["casus", "eigenaar"],
                condition=models.Q(corrigeert__isnull=True, bezoek__isnull=True),
                name="bezoekconcept_open_per_casus",
            ),
            models.UniqueConstraint(
                fields=["corrigeert", "eigenaar"],
                condition=models.Q(corrigeert__isnull=False, bezoek__isnull=True),
                name="bezoekconcept_open_per_correctie",
            ),
        ]

    def __str__(self) -> str:
        return f"Bezoekconcept {self.pk}"
