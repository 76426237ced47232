"""Cases (casussen) across organisations: objects, parties, sharing, tasks and one timeline.

An organisation sees a case only when it directs it or the case was shared with it (Deling),
and then only the parts shared. The status history and the timeline are append-only.
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import display, validators
from goedwonen.core.models import AppendOnlyModel


class Casusstatus(models.TextChoices):
    GEREGISTREERD = "geregistreerd", "Geregistreerd"
    ONDERZOEK = "onderzoek", "Onderzoek"
    INTERVENTIE = "interventie", "Interventie"
    HANDHAVING = "handhaving", "Handhaving"
    MONITORING = "monitoring", "Monitoring"
    GESLOTEN = "gesloten", "Gesloten"
    HEROPEND = "heropend", "Heropend"


class Herkomst(models.TextChoices):
    MELDING = "melding", "Melding"
    PROACTIEF = "proactief", "Proactieve selectie"
    CASUSTAFEL = "casustafel", "Casustafel"
    PARTNER = "partner", "Partner"


class Resultaat(models.TextChoices):
    """The result a closed case records; each maps to a retention term (Selectielijst
    gemeenten 2020, process type 12; see `retention.py`)."""

    TOEZICHT_AFGEROND = "toezicht", "Toezicht uitgevoerd, geen overtreding of hersteld"
    BRP_ONDERZOEK = "brp_onderzoek", "BRP-adresonderzoek afgerond"
    HANDHAVING_AFGEROND = "handhaving", "Handhaving afgerond"
    BESTUURLIJKE_BOETE = "boete", "Bestuurlijke boete opgelegd"
    OVERGEDRAGEN = "overgedragen", "Overgedragen aan een partner of zorgtafel"
    AFGEBROKEN = "afgebroken", "Afgebroken"


# What "open" means to the queues' indexes: written as the lists filter (exclude closed).
OPEN = ~models.Q(status=Casusstatus.GESLOTEN)


class Casus(models.Model):
    referentie = models.CharField(max_length=20, unique=True)
    titel = models.CharField(max_length=200)
    herkomst = models.CharField(max_length=12, choices=Herkomst.choices)
    # Codes of goedwonen.core.categories.Categorie; one case can have several.
    categorieen = models.JSONField(default=list)
    casusregisseur = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="geregisseerde_casussen"
    )
    # The directing organisation (the director's when the case was made); it always sees it.
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="casussen"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="casussen"
    )
    status = models.CharField(
        max_length=13, choices=Casusstatus.choices, default=Casusstatus.GEREGISTREERD
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True, db_index=True)
    # Set once the case reaches enforcement, never cleared: it keeps the enforcement term.
    handhaving_bereikt = models.BooleanField(default=False)
    resultaat = models.CharField(max_length=14, choices=Resultaat.choices, blank=True)
    gesloten_op = models.DateTimeField(null=True, blank=True)
    # Destroy after this date (set on closing; cleared on reopening).
    bewaren_tot = models.DateField(null=True, blank=True)
    # When someone other than the director last added to the timeline (kept by
    # services.timeline.gebeurtenis_add; `nieuws_herberekenen` for all cases at once): the
    # start page puts a director's cases with news first without reading every timeline
    # (ADR 0027). A change of director would recompute it.
    nieuws_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        # The queues read open cases newest first, per organisation, director and team, and
        # an organisation's whole history newest first (ADR 0027).
        indexes = [
            models.Index(fields=["-aangemaakt_op"], condition=OPEN, name="casus_open_nieuwst"),
            models.Index(
                fields=["organisatie", "-aangemaakt_op"], condition=OPEN, name="casus_open_org"
            ),
            # A director's open cases ranked on the start page from the index alone.
            models.Index(
                fields=["casusregisseur", "-aangemaakt_op"],
                include=["organisatie", "id", "nieuws_op"],
                condition=OPEN,
                name="casus_open_regisseur",
            ),
            # With what a team's queue filters on besides: PostgreSQL counts and orders a
            # team's open cases of a category on this index alone (`eerst_sleutels`).
            models.Index(
                fields=["team", "-aangemaakt_op"],
                include=["organisatie", "categorieen", "id"],
                condition=OPEN,
                name="casus_open_team",
            ),
            models.Index(fields=["organisatie", "-aangemaakt_op"], name="casus_org_nieuwst"),
        ]
        verbose_name = "casus"
        verbose_name_plural = "casussen"

    def __str__(self) -> str:
        return f"{self.referentie} {self.titel}"

    @property
    def is_open(self) -> bool:
        return self.status != Casusstatus.GESLOTEN


class CasusObject(models.Model):
    """A dwelling or other object the case is about."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="objecten")
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject", on_delete=models.PROTECT, related_name="casusobjecten"
    )
    adres = models.ForeignKey(
        "registry.Adres", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The dwelling's buurt, kept here as a report keeps its own: a case list filtered on a
    # buurt tests each case on one index, not its objects and then each dwelling (ADR 0027).
    # Set when the object is added; a registry import that moves dwellings to another buurt
    # moves their case objects along (`casusobjecten_buurt_volgen`).
    buurt = models.ForeignKey(
        "registry.Gebied",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["casus", "verblijfsobject"], name="casus_object_uniek")
        ]
        indexes = [models.Index(fields=["casus", "buurt"], name="casus_object_buurt")]

    def __str__(self) -> str:
        return str(self.adres or self.verblijfsobject)


class Partijrol(models.TextChoices):
    EIGENAAR = "eigenaar", "Eigenaar"
    VERHUURDER = "verhuurder", "Verhuurder"
    BEMIDDELAAR = "bemiddelaar", "Verhuurbemiddelaar"
    BEWONERS = "bewoners", "Bewoners"
    MELDER = "melder", "Melder"


class Partij(models.Model):
    """A party in a role. Owners are linked to the registry; residents are kept minimal: a
    description (for example "4 bewoners, arbeidsmigranten"), no names unless needed."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="partijen")
    rol = models.CharField(max_length=12, choices=Partijrol.choices)
    eigenaar = models.ForeignKey(
        "registry.Eigenaar", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    omschrijving = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["rol", "pk"]

    def __str__(self) -> str:
        return f"{self.get_rol_display()}: {self.eigenaar or self.omschrijving}"


class Onderdeel(models.TextChoices):
    """The parts of a case that a sharing can cover."""

    OBJECTEN = "objecten", "Adressen en objecten"
    PARTIJEN = "partijen", "Partijen (eigenaar, verhuurder, bewoners)"
    MELDINGEN = "meldingen", "Meldingen"
    TAKEN = "taken", "Taken voor de eigen organisatie"
    BEVINDINGEN = "bevindingen", "Bezoeken en bevindingen"
    NOTITIES = "notities", "Notities en statusverloop"
    HANDHAVING = "handhaving", "Handhavingstrajecten en hun brieven"


class Deling(models.Model):
    """A case shared with an organisation: its role, purpose, legal basis, scope and end."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="delingen")
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="casusdelingen"
    )
    rol = models.CharField(max_length=120, help_text="Rol van de organisatie in deze casus")
    doel = models.CharField(max_length=300)
    grondslag = models.CharField(
        max_length=300, help_text="Wettelijke grondslag voor de verstrekking"
    )
    onderdelen = models.JSONField(default=list)  # codes of Onderdeel
    tot = models.DateField()
    gedeeld_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    gedeeld_op = models.DateTimeField(auto_now_add=True)
    beeindigd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-gedeeld_op"]
        # The access rule reads an organisation's sharings not ended (casussen.selectors).
        indexes = [
            models.Index(
                fields=["organisatie", "casus"],
                condition=models.Q(beeindigd_op__isnull=True),
                name="deling_lopend_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.casus} gedeeld met {self.organisatie}"

    def get_onderdelen_display(self) -> str:
        """The shared parts by name ('meldingen, taken voor de eigen organisatie')."""
        return ", ".join(
            Onderdeel(o).label.lower() if o in Onderdeel.values else o for o in self.onderdelen
        )


class Taakstatus(models.TextChoices):
    OPEN = "open", "Open"
    AFGEROND = "afgerond", "Afgerond"
    VERVALLEN = "vervallen", "Vervallen"


class Taaksjabloon(models.Model):
    """A standard task per category, for example "BRP-adresonderzoek" to Dienstverlening."""

    categorie = models.CharField(max_length=30, blank=True, help_text="Leeg: elke categorie")
    titel = models.CharField(max_length=validators.MAX_TITLE)
    omschrijving = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    organisatiecode = models.CharField(max_length=40)
    dagen = models.PositiveSmallIntegerField()
    volgorde = models.PositiveSmallIntegerField(default=0)
    # A default in the database too: the data migrations that add templates run again in the
    # tests (tests/conftest.py) with models of before this field.
    woningbezoek = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Een woningbezoek: het vastgelegde bezoek rondt de taak af",
    )
    # Deactivated, never deleted: its history (parameters.Inrichtingswijziging) stays.
    actief = models.BooleanField(default=True, db_default=True)

    class Meta:
        ordering = ["volgorde", "titel"]

    def __str__(self) -> str:
        return self.titel


class Taak(models.Model):
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="taken")
    titel = models.CharField(max_length=validators.MAX_TITLE)
    omschrijving = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="taken"
    )
    toegewezen_aan = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="taken"
    )
    deadline = models.DateField()
    # A home visit to make: recording the visit (inspecties) completes the task.
    woningbezoek = models.BooleanField(default=False, db_default=False)
    status = models.CharField(max_length=10, choices=Taakstatus.choices, default=Taakstatus.OPEN)
    uitkomst = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)
    afgerond_door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    afgerond_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        # The task queues: an organisation's open tasks by deadline (ADR 0027).
        indexes = [
            models.Index(
                fields=["organisatie", "deadline"],
                condition=models.Q(status="open"),
                name="taak_open_org",
            )
        ]
        verbose_name_plural = "taken"

    def __str__(self) -> str:
        return self.titel


class Gebeurtenissoort(models.TextChoices):
    STATUS = "status", "Status"
    TAAK = "taak", "Taak"
    NOTITIE = "notitie", "Notitie"
    MELDING = "melding", "Melding"
    DELING = "deling", "Deling"
    OVERDRACHT = "overdracht", "Overdracht"
    DOCUMENT = "document", "Document"
    BEVINDING = "bevinding", "Bevinding"
    PARTIJ = "partij", "Partij"
    HANDHAVING = "handhaving", "Handhaving"
    RECIDIVE = "recidive", "Recidive verhuurder"
    ADRES = "adres", "Adres"
    UITKOMST = "uitkomst", "Uitkomst"


# Which shared part (Onderdeel) lets a partner see an event of each kind on the timeline.
ONDERDEEL_VAN_SOORT: dict[str, str] = {
    Gebeurtenissoort.STATUS: Onderdeel.NOTITIES,
    Gebeurtenissoort.NOTITIE: Onderdeel.NOTITIES,
    Gebeurtenissoort.TAAK: Onderdeel.TAKEN,
    Gebeurtenissoort.MELDING: Onderdeel.MELDINGEN,
    Gebeurtenissoort.DELING: Onderdeel.NOTITIES,
    Gebeurtenissoort.OVERDRACHT: Onderdeel.NOTITIES,
    Gebeurtenissoort.DOCUMENT: Onderdeel.BEVINDINGEN,
    Gebeurtenissoort.BEVINDING: Onderdeel.BEVINDINGEN,
    Gebeurtenissoort.PARTIJ: Onderdeel.PARTIJEN,
    Gebeurtenissoort.HANDHAVING: Onderdeel.HANDHAVING,
    Gebeurtenissoort.RECIDIVE: Onderdeel.HANDHAVING,
    Gebeurtenissoort.ADRES: Onderdeel.OBJECTEN,
    # What changed after an intervention (rapportage.Uitkomst): with the visits.
    Gebeurtenissoort.UITKOMST: Onderdeel.BEVINDINGEN,
}


class Gebeurtenis(AppendOnlyModel):
    """One event of the case, in one append-only stream."""

    # Indexed with the moment (Meta), not on its own.
    casus = models.ForeignKey(
        Casus, on_delete=models.PROTECT, related_name="tijdlijn", db_index=False
    )
    soort = models.CharField(max_length=12, choices=Gebeurtenissoort.choices)
    tekst = models.TextField()
    door = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A task event concerns one organisation: partners see only their own tasks' events.
    taak = models.ForeignKey(
        Taak, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-op", "-pk"]
        indexes = [
            # A case's timeline in order, and "what happened since I looked, by others" for
            # each case a director has (werk.selectors.my_cases) from the index alone.
            models.Index(fields=["casus", "op"], include=["door"], name="gebeurtenis_casus_op"),
        ]
        verbose_name_plural = "gebeurtenissen"


class Casusstatuswijziging(AppendOnlyModel):
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="historie")
    van = models.CharField(max_length=13, choices=Casusstatus.choices, blank=True)
    naar = models.CharField(max_length=13, choices=Casusstatus.choices)
    reden = models.TextField(max_length=validators.MAX_REASON)
    door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["op", "pk"]


class Vernietiging(AppendOnlyModel):
    """The record that a closed case was destroyed at the end of its retention term (what the
    Archiefwet asks a municipality to keep of destroyed records: what, which result and term,
    when). Nothing of the case's content or parties."""

    referentie = models.CharField(max_length=20)
    resultaat = models.CharField(max_length=14, choices=Resultaat.choices)
    handhaving_bereikt = models.BooleanField()
    gesloten_op = models.DateTimeField()
    bewaren_tot = models.DateField()
    vernietigd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-vernietigd_op"]
        verbose_name_plural = "vernietigingen"

    def __str__(self) -> str:
        return f"{self.referentie} vernietigd op {display.datum(self.vernietigd_op)}"
