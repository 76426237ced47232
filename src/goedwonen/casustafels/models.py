"""Case tables (casustafels): partners discuss complex cases every two weeks per focus area.

A table (`Casustafel`) covers one or more buurten, has a chair (a case director), a secretary
and member organisations, each taking part under a recorded covenant or legal basis
(`Tafellid`). Its meetings (`Tafelvergadering`) are generated from the table's interval,
skipping public holidays; a moved or cancelled meeting keeps its reason. Members bring in
cases or new signals (`Agendapunt`) with a question; the chair accepts, postpones or refuses.
In the meeting each item gets a summary, a strategy, decisions (`Afspraak`, which become
tasks in the case) and sharing decisions; trends spotted are kept (`Tafelsignaal`) for the
yearly signal report.

What a member sees of an item follows one rule (`selectors.item_zicht`): a member without a
basis for a case sees it pseudonymised, on the agenda, in the meeting, the minutes, exports
and the API alike.
"""

from __future__ import annotations

from datetime import time

from django.db import models

from goedwonen.core import validators


class Casustafel(models.Model):
    naam = models.CharField(max_length=120, unique=True)
    # The buurten the table covers (one focus area may be several buurten).
    gebieden = models.ManyToManyField("registry.Gebied", related_name="casustafels")
    voorzitter = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="voorgezeten_casustafels"
    )
    secretaris = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="casustafels_als_secretaris"
    )
    # The schedule: every `interval_dagen` days on `weekdag` (0 = Monday) at `aanvang`.
    interval_dagen = models.PositiveSmallIntegerField(default=14)
    weekdag = models.PositiveSmallIntegerField(default=1)
    aanvang = models.TimeField(default=time(10, 0))
    duur_minuten = models.PositiveSmallIntegerField(default=120)
    locatie = models.CharField(max_length=200, blank=True)
    # Items are brought in at the latest this many days before the meeting (the cut-off).
    indientermijn_dagen = models.PositiveSmallIntegerField(default=3)
    actief = models.BooleanField(default=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = "casustafel"
        verbose_name_plural = "casustafels"

    def __str__(self) -> str:
        return self.naam


class Tafellid(models.Model):
    """A member organisation of a table and the covenant or legal basis it takes part under.
    The chair's organisation is a member too."""

    tafel = models.ForeignKey(Casustafel, on_delete=models.CASCADE, related_name="leden")
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="tafellidmaatschappen"
    )
    grondslag = models.CharField(
        max_length=300, help_text="Convenant of wettelijke grondslag waaronder zij deelneemt"
    )
    sinds = models.DateField()
    tot = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisatie__naam"]
        verbose_name_plural = "tafelleden"
        constraints = [
            models.UniqueConstraint(fields=["tafel", "organisatie"], name="tafellid_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} aan {self.tafel}"


class Vergaderstatus(models.TextChoices):
    GEPLAND = "gepland", "Gepland"
    GEHOUDEN = "gehouden", "Gehouden"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


class Tafelvergadering(models.Model):
    tafel = models.ForeignKey(Casustafel, on_delete=models.CASCADE, related_name="vergaderingen")
    # The moment the schedule gave it; `begint_op` is when it is (moved: `reden` says why).
    volgens_schema = models.DateTimeField()
    begint_op = models.DateTimeField(db_index=True)
    locatie = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=11, choices=Vergaderstatus.choices, default=Vergaderstatus.GEPLAND
    )
    # Why it was moved or cancelled (required then).
    reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    gehouden_op = models.DateTimeField(null=True, blank=True)
    # The minutes: fixed (no more changes) and sent to the members.
    notulen_vastgesteld_op = models.DateTimeField(null=True, blank=True)
    notulen_verzonden_op = models.DateTimeField(null=True, blank=True)
    # When the worker was last asked to propose cases for it (a chair opening the agenda asks
    # at most once per `services.voorstellen.OPNIEUW_NA`).
    voorstellen_gevraagd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["begint_op"]
        verbose_name = "tafelvergadering"
        verbose_name_plural = "tafelvergaderingen"

    def __str__(self) -> str:
        return f"{self.tafel} {self.begint_op:%Y-%m-%d}"

    @property
    def verplaatst(self) -> bool:
        return self.begint_op != self.volgens_schema


class Aanwezigheid(models.Model):
    """Who attended a meeting, per member organisation."""

    vergadering = models.ForeignKey(
        Tafelvergadering, on_delete=models.CASCADE, related_name="aanwezigheid"
    )
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    aanwezig = models.BooleanField()
    # The people present, as the minutes name them (names of staff, not of residents).
    personen = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["organisatie__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["vergadering", "organisatie"], name="aanwezigheid_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} {'aanwezig' if self.aanwezig else 'afwezig'}"


class Vraagsoort(models.TextChoices):
    INFORMATIE = "informatie", "Informatie delen"
    STRATEGIE = "strategie", "Gezamenlijke strategie bepalen"
    ESCALATIE = "escalatie", "Opschalen (dossier voor escalatie)"


class Agendapuntstatus(models.TextChoices):
    INGEDIEND = "ingediend", "Ingediend"
    GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
    UITGESTELD = "uitgesteld", "Uitgesteld"
    GEWEIGERD = "geweigerd", "Geweigerd"
    BESPROKEN = "besproken", "Besproken"
    DOORGESCHOVEN = "doorgeschoven", "Doorgeschoven"


class Voorstelreden(models.TextChoices):
    """Why the product proposed a case on its own (an item brought in by a person has none)."""

    TAKEN_TE_LAAT = "taken_te_laat", "Taken over de deadline"
    RECIDIVE = "recidive", "Recidivesignalering bij de eigenaar"


class Agendapunt(models.Model):
    """A case or a new signal on a meeting's agenda, with the question for the table."""

    vergadering = models.ForeignKey(
        Tafelvergadering, on_delete=models.CASCADE, related_name="agendapunten"
    )
    # A case, or else a new signal (`signaal`, optionally at a dwelling).
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    signaal = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    vraagsoort = models.CharField(max_length=10, choices=Vraagsoort.choices)
    # The question in words: shown to every member, so without names or addresses.
    vraag = models.TextField(max_length=validators.MAX_DESCRIPTION)
    ingebracht_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The organisation that brought it in (for a proposal: the chair's).
    ingebracht_namens = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    ingebracht_op = models.DateTimeField(auto_now_add=True)
    voorstelreden = models.CharField(max_length=14, choices=Voorstelreden.choices, blank=True)
    status = models.CharField(
        max_length=13, choices=Agendapuntstatus.choices, default=Agendapuntstatus.INGEDIEND
    )
    besluit_reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    besloten_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(null=True, blank=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    # The meeting's record of the item.
    bespreking = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    strategie = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    escalatie = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    # The table decided to escalate (the dossier goes up); `escalatie` says how and why.
    opgeschaald = models.BooleanField(default=False)
    # Carried over (or postponed) to a later meeting: the item there.
    vervolg = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="herkomst"
    )

    class Meta:
        ordering = ["volgorde", "ingebracht_op", "pk"]
        verbose_name_plural = "agendapunten"

    def __str__(self) -> str:
        return f"Agendapunt {self.pk}"


class Afspraak(models.Model):
    """A decision of the table on an item: who does what by when; in a case it becomes a
    task (`taak`)."""

    agendapunt = models.ForeignKey(Agendapunt, on_delete=models.CASCADE, related_name="afspraken")
    omschrijving = models.CharField(max_length=validators.MAX_TITLE)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    eigenaar = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField()
    taak = models.OneToOneField(
        "casussen.Taak", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name_plural = "afspraken"

    def __str__(self) -> str:
        return self.omschrijving


class Delingsbesluit(models.Model):
    """The table decided to share the case with an organisation, on this basis (the sharing
    itself is a `casussen.Deling`, made through `casus_share`)."""

    agendapunt = models.ForeignKey(
        Agendapunt, on_delete=models.CASCADE, related_name="delingsbesluiten"
    )
    deling = models.ForeignKey("casussen.Deling", on_delete=models.CASCADE, related_name="+")
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Deling besloten bij agendapunt {self.agendapunt_id}"


class Tafelsignaal(models.Model):
    """A trend or new pattern the table spotted (new ways of abusing tenants, exploitation of
    labour migrants, undermining), for the yearly signal report: no personal data."""

    vergadering = models.ForeignKey(
        Tafelvergadering, on_delete=models.CASCADE, related_name="signalen"
    )
    categorie = models.CharField(max_length=30)  # a code of core.categories.Categorie
    gebied = models.ForeignKey("registry.Gebied", on_delete=models.PROTECT, related_name="+")
    omschrijving = models.TextField(max_length=validators.MAX_DESCRIPTION)
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vastgelegd_op", "pk"]
        verbose_name_plural = "tafelsignalen"

    def __str__(self) -> str:
        return f"Signaal {self.categorie} in {self.gebied}"
