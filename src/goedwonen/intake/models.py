"""Reports (meldingen): intake, routing, triage and their append-only status history."""

from __future__ import annotations

from django.db import models

from goedwonen.core import validators
from goedwonen.core.categories import Categorie
from goedwonen.registry.contract import MelderSoort  # a vocabulary of the data contract


class Meldingstatus(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen"
    IN_TRIAGE = "in_triage", "In triage"
    DOORGEZET = "doorgezet", "Doorgezet naar behandelaar"
    CASUSREGIE = "casusregie", "Doorgezet naar casusregie"
    AFGESLOTEN = "afgesloten", "Afgesloten"
    GEANNULEERD = "geannuleerd", "Geannuleerd"
    HEROPEND = "heropend", "Heropend"


# The states in which a report is still worked on (the work queues).
OPEN_STATUSES = (
    Meldingstatus.ONTVANGEN,
    Meldingstatus.IN_TRIAGE,
    Meldingstatus.DOORGEZET,
    Meldingstatus.CASUSREGIE,
    Meldingstatus.HEROPEND,
)
_OPEN = models.Q(status__in=OPEN_STATUSES)


class Triage(models.TextChoices):
    MONODISCIPLINAIR = "mono", "Monodisciplinair"
    MULTIDISCIPLINAIR = "multi", "Multidisciplinair"


class Melding(models.Model):
    """A report. One whose address could not be matched waits for a person to match it."""

    bron = models.CharField(max_length=60)
    bron_id = models.CharField(max_length=80)
    referentie = models.CharField(max_length=20, unique=True, null=True, blank=True)
    # SHA-256 of the secret in the reporter's status link; the secret itself is never stored.
    # Compared on the report the reference found, never looked up: no index.
    statuslink_hash = models.CharField(max_length=64, blank=True)
    ontvangen_op = models.DateTimeField(db_index=True)
    adres = models.ForeignKey(
        "registry.Adres", on_delete=models.PROTECT, null=True, blank=True, related_name="meldingen"
    )
    # Indexed with the moment received (melding_object_ontvangen), which serves the key too.
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
        db_index=False,
    )
    # The buurt of that object, kept on the report so that "the reports of a buurt" reads
    # one index (melding_buurt_ontvangen) however many objects the buurt holds (issue 18,
    # ADR 0027). Set wherever the object is (registration, hand matching, the report history);
    # an import that moves objects to another buurt moves their reports along
    # (`intake.services.registration.meldingen_buurt_volgen`).
    buurt = models.ForeignKey(
        "registry.Gebied",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The address as the source gave it, kept for matching and for the record.
    opgegeven_nummeraanduiding = models.CharField(max_length=40, blank=True)
    opgegeven_postcode = models.CharField(max_length=10, blank=True)
    opgegeven_huisnummer = models.CharField(max_length=10, blank=True)
    opgegeven_huisletter = models.CharField(max_length=5, blank=True)
    opgegeven_toevoeging = models.CharField(max_length=10, blank=True)
    categorie = models.CharField(max_length=30, choices=Categorie.choices)
    omschrijving = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    melder_soort = models.CharField(max_length=20, choices=MelderSoort.choices, blank=True)
    bron_status = models.CharField(max_length=20, blank=True)
    gekoppeld_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gekoppeld_op = models.DateTimeField(null=True, blank=True)
    # Current workflow state; the history is in StatusWijziging (append-only).
    # Open reports are in the open queues' partial indexes; closed ones are indexed with the
    # moment received (melding_dicht_nieuwst). Every insert pays for each index, so none
    # twice (issue 18); and an index of every status made PostgreSQL AND the open statuses'
    # 107,000 rows into a handler's 500 found on the handler's partial index (15 ms, not 0.3).
    status = models.CharField(
        max_length=12, choices=Meldingstatus.choices, default=Meldingstatus.ONTVANGEN
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="meldingen"
    )
    behandelaar = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="meldingen"
    )
    triage_voor = models.DateField(null=True, blank=True)
    afgehandeld_voor = models.DateField(null=True, blank=True)
    triage = models.CharField(max_length=5, choices=Triage.choices, blank=True)
    doorgezet_naar = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    casusregisseur = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The case this report belongs to: linked when the case is made from it, or on arrival
    # when its object already has an open case.
    casus = models.ForeignKey(
        "casussen.Casus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
    )

    class Meta:
        ordering = ["-ontvangen_op"]
        constraints = [
            models.UniqueConstraint(fields=["bron", "bron_id"], name="melding_bron_uniek")
        ]
        # The work queues read open reports by their norm, per team and per person; the
        # list of all reports newest first per status and category (ADR 0027).
        indexes = [
            # With the triage term: "te laat" is counted on this index alone.
            models.Index(
                fields=["afgehandeld_voor", "ontvangen_op"],
                include=["triage_voor", "triage"],
                condition=_OPEN,
                name="melding_open_wachtrij",
            ),
            models.Index(
                fields=["team", "afgehandeld_voor", "ontvangen_op"],
                condition=_OPEN,
                name="melding_open_team",
            ),
            models.Index(fields=["behandelaar"], condition=_OPEN, name="melding_open_behandelaar"),
            models.Index(fields=["casusregisseur"], condition=_OPEN, name="melding_open_regisseur"),
            models.Index(
                fields=["status", "-ontvangen_op"], condition=~_OPEN, name="melding_dicht_nieuwst"
            ),
            models.Index(fields=["categorie", "-ontvangen_op"], name="melding_categorie_nieuwst"),
            # The reports to match to an address, oldest first: a few thousand among
            # millions, which PostgreSQL otherwise sought by walking all reports by date.
            models.Index(
                fields=["ontvangen_op"],
                condition=models.Q(adres__isnull=True),
                name="melding_koppelen",
            ),
            # With the category and key in the index: counting a buurt's reports of one
            # category reads the index alone (16 ms to 0.5 ms for 1,000 at 3 million).
            models.Index(
                fields=["buurt", "-ontvangen_op"],
                include=["categorie", "id"],
                name="melding_buurt_ontvangen",
            ),
            # The newest reports on an object (a report's related ones, an owner's reports)
            # without sorting all reports on it.
            models.Index(
                fields=["verblijfsobject", "-ontvangen_op"], name="melding_object_ontvangen"
            ),
        ]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"

    def __str__(self) -> str:
        return self.referentie or f"Melding {self.bron}/{self.bron_id}"

    @property
    def adres_voluit(self) -> str:
        """The address with its street, as the reporter's receipt names it: the address found
        in the registry, else what was given."""
        return self.adres.voluit if self.adres else self.opgegeven_adres

    @property
    def opgegeven_adres(self) -> str:
        if self.opgegeven_postcode or self.opgegeven_huisnummer:
            return " ".join(
                part
                for part in [
                    self.opgegeven_postcode,
                    f"{self.opgegeven_huisnummer}{self.opgegeven_huisletter}",
                    self.opgegeven_toevoeging,
                ]
                if part
            )
        return self.opgegeven_nummeraanduiding


class MelderContact(models.Model):
    """Who reported, when they chose to say so. Visible only to roles that need it; every
    view is logged; anonymised when the retention term ends."""

    melding = models.OneToOneField(Melding, on_delete=models.PROTECT, related_name="contact")
    naam = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    telefoon = models.CharField(max_length=30, blank=True)
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "contactgegevens melder"
        verbose_name_plural = "contactgegevens melders"

    def __str__(self) -> str:
        return f"Contact bij {self.melding_id}"


class Melderbericht(models.Model):
    """An e-mail to a reporter, written with the change it tells of and sent by the worker in
    batches (`intake.mail.reporter_messages_send`). It names the contact, never its address:
    once the contact details are anonymised, nothing is sent."""

    contact = models.ForeignKey(MelderContact, on_delete=models.PROTECT, related_name="berichten")
    tekst = models.CharField(max_length=300)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "bericht aan melder"
        verbose_name_plural = "berichten aan melders"
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(verzonden_op__isnull=True),
                name="melderbericht_wacht",
            )
        ]

    def __str__(self) -> str:
        return f"Bericht aan contact {self.contact_id}"


class StatusWijziging(models.Model):
    """One step in a report's history. Appended, never edited (see workflow.py)."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="historie")
    van = models.CharField(max_length=12, choices=Meldingstatus.choices, blank=True)
    naar = models.CharField(max_length=12, choices=Meldingstatus.choices)
    reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    # What the reporter sees on the status page (never internal details).
    melder_tekst = models.CharField(max_length=300, blank=True)
    door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"

    def __str__(self) -> str:
        return f"{self.van or '—'} → {self.naar}"


class Bijlage(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="bijlagen")
    bestand = models.FileField(upload_to="meldingen/%Y/%m")
    soort = models.CharField(max_length=40)
    grootte = models.PositiveIntegerField()
    oorspronkelijke_naam = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"

    def __str__(self) -> str:
        return self.oorspronkelijke_naam or str(self.bestand.name)


class Routeringsregel(models.Model):
    """Routing as data: the first active rule (by volgorde) that matches assigns the team.
    Empty area, category or source matches anything; no match: the central queue."""

    volgorde = models.PositiveIntegerField()
    naam = models.CharField(max_length=120)
    gebied = models.ForeignKey(
        "registry.Gebied", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    categorie = models.CharField(max_length=30, choices=Categorie.choices, blank=True)
    bron = models.CharField(max_length=60, blank=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    behandelaar = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["volgorde", "pk"]
        verbose_name = "routeringsregel"
        verbose_name_plural = "routeringsregels"

    def __str__(self) -> str:
        return f"{self.volgorde}. {self.naam}"


class Servicenorm(models.Model):
    """Days to triage and to finish, per category (empty category: the default)."""

    categorie = models.CharField(max_length=30, choices=Categorie.choices, blank=True, unique=True)
    dagen_triage = models.PositiveSmallIntegerField()
    dagen_afhandeling = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "servicenorm"
        verbose_name_plural = "servicenormen"

    def __str__(self) -> str:
        return (
            f"{self.categorie or 'standaard'}: {self.dagen_triage}/{self.dagen_afhandeling} dagen"
        )
