"""The registry: areas, buildings, objects and addresses (BAG), owners (BRK), the time series
from the other sources, the history files, and the deliveries they came in.

Identifiers from the sources are kept as strings (BAG ids have leading zeros).
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import display
from goedwonen.core.categories import Categorie

# The vocabularies of the source files belong to the data contract; the models store them.
from goedwonen.registry.contract import (
    Aanleiding,
    Eigenaarsoort,
    Instrument,
    Objecttype,
    Regeling,
    Vergunningsoort,
    Vergunningstatus,
)


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

    @staticmethod
    def pk_van(code: str) -> int:
        """The id of the area with this code (0 when there is none). Lists filter on the id
        rather than joining the areas on their code: PostgreSQL then estimates from the
        statistics of that one area how many objects lie in it (ADR 0027)."""
        return Gebied.objects.filter(code=code).values_list("pk", flat=True).first() or 0


class Gebiedsvorm(models.Model):
    """An area's outline: GeoJSON in WGS84, for the maps (the import keeps RD New for
    point-in-polygon). A table of its own, so that the rows that join their buurt (reports,
    addresses, cases, owners) never read it: a CBS buurt's outline runs to kilobytes, a
    municipality's (all its buurten together) to megabytes (ADR 0027)."""

    gebied = models.OneToOneField(
        Gebied, on_delete=models.CASCADE, primary_key=True, related_name="vorm"
    )
    geometrie = models.JSONField()

    class Meta:
        verbose_name = "gebiedsvorm"
        verbose_name_plural = "gebiedsvormen"

    def __str__(self) -> str:
        return f"Vorm van gebied {self.gebied_id}"


class Levering(models.Model):
    """One delivery of a source folder, with its manifest, legal basis and import report."""

    class Status(models.TextChoices):
        BEZIG = "bezig", "Bezig"
        GESLAAGD = "geslaagd", "Geslaagd"
        DEELS = "deels", "Deels geslaagd (rijen afgewezen)"
        MISLUKT = "mislukt", "Mislukt"
        # The import process stopped halfway (killed, the machine down): marked when the next
        # import, worker or demo starts (importer/interrupted.py).
        AFGEBROKEN = "afgebroken", "Afgebroken"

    bronmap = models.CharField(max_length=500)
    peildatum = models.DateField(null=True, blank=True)
    gemeente = models.CharField(max_length=6, blank=True)
    manifest = models.JSONField(default=dict)
    gestart_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BEZIG)
    rapport = models.JSONField(default=dict, help_text="Per bestand: tellingen en afgewezen rijen")
    uitgevoerd_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-gestart_op"]
        verbose_name = "levering"
        verbose_name_plural = "leveringen"

    def __str__(self) -> str:
        return f"Levering {self.pk} ({self.peildatum or 'geen peildatum'})"


class Pand(models.Model):
    pand_id = models.CharField(max_length=16, unique=True)
    bouwjaar = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "pand"
        verbose_name_plural = "panden"

    def __str__(self) -> str:
        return self.pand_id


class Verblijfsobject(models.Model):
    """A BAG object (verblijfsobject, ligplaats or standplaats). A dwelling is a VBO with
    woonfunctie among its uses."""

    object_id = models.CharField(max_length=16, unique=True)
    objecttype = models.CharField(max_length=3, choices=Objecttype.choices)
    gebruiksdoelen = models.CharField(max_length=300, blank=True)
    is_woning = models.BooleanField(default=False, db_index=True)
    oppervlakte = models.PositiveIntegerField(null=True, blank=True, help_text="m²")
    status = models.CharField(max_length=80, blank=True)
    pand = models.ForeignKey(Pand, on_delete=models.PROTECT, null=True, blank=True)
    rd_x = models.FloatField(null=True, blank=True)
    rd_y = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    buurt = models.ForeignKey(
        Gebied, on_delete=models.PROTECT, null=True, blank=True, related_name="objecten"
    )

    class Meta:
        verbose_name = "verblijfsobject"
        verbose_name_plural = "verblijfsobjecten"
        indexes = [
            # The map's dwellings in a box: a strip of latitude read on the index, longitude
            # tested in it (a whole city's 356,000 objects were read for each box: 40 ms).
            models.Index(
                fields=["lat", "lon"], condition=models.Q(is_woning=True), name="woning_ligging"
            ),
        ]

    def __str__(self) -> str:
        return self.object_id


class Adres(models.Model):
    nummeraanduiding = models.CharField(max_length=16, unique=True)
    verblijfsobject = models.ForeignKey(
        Verblijfsobject, on_delete=models.PROTECT, related_name="adressen"
    )
    openbareruimte = models.CharField(max_length=120)
    huisnummer = models.PositiveIntegerField()
    huisletter = models.CharField(max_length=1, blank=True)
    toevoeging = models.CharField(max_length=4, blank=True)
    postcode = models.CharField(max_length=6, blank=True, help_text="Genormaliseerd: 3082AB")
    woonplaats = models.CharField(max_length=80)
    hoofdadres = models.BooleanField(default=True)

    class Meta:
        ordering = ["openbareruimte", "huisnummer", "huisletter", "toevoeging"]
        indexes = [
            models.Index(fields=["postcode", "huisnummer"], name="adres_postcode_nummer"),
            models.Index(fields=["openbareruimte", "huisnummer"], name="adres_straat_nummer"),
        ]
        verbose_name = "adres"
        verbose_name_plural = "adressen"

    def __str__(self) -> str:
        return f"{self.straat_huisnummer}, {self.postcode} {self.woonplaats}".strip()

    @property
    def voluit(self) -> str:
        """The full address as written for a person: 'Dordtselaan 12a, 3073 AB Rotterdam'."""
        place = f"{display.postcode(self.postcode)} {self.woonplaats}".strip()
        return f"{self.straat_huisnummer}, {place}" if place else self.straat_huisnummer

    @property
    def straat_huisnummer(self) -> str:
        return street_and_number(
            self.openbareruimte, self.huisnummer, self.huisletter, self.toevoeging
        )


def street_and_number(straat: str, huisnummer: int, huisletter: str, toevoeging: str) -> str:
    """`Carnisselaan 12A-2`: the street line of a Dutch address."""
    number = f"{huisnummer}{huisletter}"
    if toevoeging:
        number += f"-{toevoeging}"
    return f"{straat} {number}"


class Eigenaar(models.Model):
    eigenaar_id = models.CharField(max_length=40, unique=True)
    soort = models.CharField(max_length=20, choices=Eigenaarsoort.choices)
    naam = models.CharField(max_length=200, blank=True)
    kvk_nummer = models.CharField(max_length=8, blank=True)
    # The owner's own (correspondence) address, as the Kadaster delivers it: where letters go.
    straat = models.CharField(max_length=120, blank=True)
    huisnummer = models.PositiveIntegerField(null=True, blank=True)
    huisletter = models.CharField(max_length=1, blank=True)
    toevoeging = models.CharField(max_length=4, blank=True)
    postcode = models.CharField(max_length=6, blank=True)
    woonplaats = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "eigenaar"
        verbose_name_plural = "eigenaren"

    def __str__(self) -> str:
        return self.naam or self.eigenaar_id

    @property
    def straat_huisnummer(self) -> str:
        """The street line of the owner's own address; empty when the registry lacks it."""
        if not self.straat or self.huisnummer is None:
            return ""
        return street_and_number(self.straat, self.huisnummer, self.huisletter, self.toevoeging)


class Eigendom(models.Model):
    verblijfsobject = models.ForeignKey(
        Verblijfsobject, on_delete=models.PROTECT, related_name="eigendommen"
    )
    eigenaar = models.ForeignKey(Eigenaar, on_delete=models.PROTECT, related_name="eigendommen")
    aandeel = models.CharField(max_length=20, default="1/1")
    verkregen_op = models.DateField(null=True, blank=True)
    # Set when a later delivery no longer lists this owner for the object (sold).
    beeindigd_op = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["verblijfsobject", "eigenaar"], name="eigendom_uniek")
        ]
        indexes = [
            # An owner's current objects, in object order: the owner page's counts, portfolio
            # pages and map points read only the owner's own entries (ADR 0027).
            models.Index(
                fields=["eigenaar", "beeindigd_op", "verblijfsobject"],
                name="eigendom_eigenaar_einde",
            )
        ]
        verbose_name = "eigendom"
        verbose_name_plural = "eigendommen"

    def __str__(self) -> str:
        return f"{self.eigenaar_id} {self.aandeel} {self.verblijfsobject_id}"


class Bewoning(models.Model):
    """Registration counts at an address on a reference date (BRP aggregates, never persons)."""

    adres = models.ForeignKey(Adres, on_delete=models.PROTECT, related_name="bewoning")
    peildatum = models.DateField()
    ingeschrevenen = models.PositiveIntegerField()
    volwassenen = models.PositiveIntegerField(null=True, blank=True)
    minderjarigen = models.PositiveIntegerField(null=True, blank=True)
    achternamen = models.PositiveIntegerField(null=True, blank=True)
    inschrijvingen_12m = models.PositiveIntegerField(null=True, blank=True)
    uitschrijvingen_12m = models.PositiveIntegerField(null=True, blank=True)
    briefadres = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adres", "peildatum"], name="bewoning_uniek")
        ]
        ordering = ["peildatum"]
        verbose_name = "bewoning"
        verbose_name_plural = "bewoning"

    def __str__(self) -> str:
        return f"{self.adres_id} {self.peildatum}: {self.ingeschrevenen}"


class WozWaarde(models.Model):
    verblijfsobject = models.ForeignKey(
        Verblijfsobject, on_delete=models.PROTECT, related_name="woz_waarden"
    )
    peildatum = models.DateField()
    waarde = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["verblijfsobject", "peildatum"], name="woz_uniek")
        ]
        ordering = ["peildatum"]
        verbose_name = "WOZ-waarde"
        verbose_name_plural = "WOZ-waarden"

    def __str__(self) -> str:
        return f"{self.verblijfsobject_id} {self.peildatum}: {self.waarde}"


class Energieverbruik(models.Model):
    adres = models.ForeignKey(Adres, on_delete=models.PROTECT, related_name="energieverbruik")
    jaar = models.PositiveSmallIntegerField()
    elektriciteit_kwh = models.PositiveIntegerField(null=True, blank=True)
    gas_m3 = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["adres", "jaar"], name="energie_uniek")]
        ordering = ["jaar"]
        verbose_name = "energieverbruik"
        verbose_name_plural = "energieverbruik"

    def __str__(self) -> str:
        return f"{self.adres_id} {self.jaar}"


class Vergunning(models.Model):
    """A housing permit. It belongs to the owner who applied and does not pass to a new one."""

    verblijfsobject = models.ForeignKey(
        Verblijfsobject, on_delete=models.PROTECT, related_name="vergunningen"
    )
    soort = models.CharField(max_length=30, choices=Vergunningsoort.choices)
    status = models.CharField(max_length=12, choices=Vergunningstatus.choices)
    aangevraagd_op = models.DateField()
    geldig_van = models.DateField(null=True, blank=True)
    geldig_tot = models.DateField(null=True, blank=True)
    max_bewoners = models.PositiveSmallIntegerField(null=True, blank=True)
    huurprijs = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["verblijfsobject", "soort", "aangevraagd_op"], name="vergunning_uniek"
            )
        ]
        ordering = ["-aangevraagd_op"]
        verbose_name = "vergunning"
        verbose_name_plural = "vergunningen"

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.aangevraagd_op}"


class Gebiedsaanwijzing(models.Model):
    """Which area falls under which local rule, as the ordinances' annexes publish it."""

    gebied = models.ForeignKey(Gebied, on_delete=models.PROTECT, related_name="aanwijzingen")
    regeling = models.CharField(max_length=20, choices=Regeling.choices)
    geldig_van = models.DateField()
    geldig_tot = models.DateField(null=True, blank=True)
    parameter = models.CharField(max_length=60, blank=True)
    bron = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gebied", "regeling", "geldig_van"], name="aanwijzing_uniek"
            )
        ]
        verbose_name = "gebiedsaanwijzing"
        verbose_name_plural = "gebiedsaanwijzingen"

    def __str__(self) -> str:
        return f"{self.get_regeling_display()} in {self.gebied_id}"


class Controle(models.Model):
    """The outcome of a past inspection, as delivered by a source system."""

    bron_id = models.CharField(max_length=60, unique=True)
    verblijfsobject = models.ForeignKey(
        Verblijfsobject, on_delete=models.PROTECT, related_name="controles"
    )
    datum = models.DateField()
    aanleiding = models.CharField(max_length=20, choices=Aanleiding.choices)
    overtreding = models.CharField(max_length=8)
    categorieen = models.JSONField(default=list)
    aangetroffen_personen = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-datum"]
        verbose_name = "controle"
        verbose_name_plural = "controles"

    def __str__(self) -> str:
        return f"Controle {self.bron_id} {self.datum}"


class Handhaving(models.Model):
    """A past enforcement decision, as delivered by a source system."""

    bron_id = models.CharField(max_length=60, unique=True)
    verblijfsobject = models.ForeignKey(
        Verblijfsobject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handhavingen",
    )
    eigenaar = models.ForeignKey(
        Eigenaar, on_delete=models.PROTECT, null=True, blank=True, related_name="handhavingen"
    )
    datum = models.DateField()
    instrument = models.CharField(max_length=30, choices=Instrument.choices)
    categorie = models.CharField(max_length=30, blank=True, choices=Categorie.choices)
    bedrag = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-datum"]
        verbose_name = "handhavingsbesluit"
        verbose_name_plural = "handhavingsbesluiten"

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.datum}"
