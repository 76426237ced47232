"""The register of processing activities (AVG art. 30) and the processing log.

The log follows the Logboek Dataverwerkingen standard: one line per processing of one data
subject, with trace and span ids, operation name, start and end, status, the processing
activity and a pseudonymised data-subject id. Who did it sits in a linked audit record, as the
standard keeps identity out of the log line. Lines are append-only and hash-chained.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


def verantwoordelijke_default() -> str:
    """The controller of the register's processing activities: the municipality's college."""
    return f"College van B&W {settings.GEMEENTE}"


class Verwerkingsactiviteit(models.Model):
    """One entry in the register of processing activities. Code refers to it by `code`."""

    code = models.SlugField(max_length=80, unique=True)
    naam = models.CharField(max_length=200)
    doel = models.TextField()
    grondslag = models.TextField(help_text="AVG-grondslag en de wettelijke bevoegdheid")
    betrokkenen = models.TextField(help_text="Categorieën betrokkenen")
    persoonsgegevens = models.TextField(help_text="Categorieën persoonsgegevens")
    ontvangers = models.TextField(blank=True)
    bewaartermijn_jaren = models.PositiveSmallIntegerField()
    bewaartermijn_bron = models.CharField(max_length=200)
    verantwoordelijke = models.CharField(max_length=200, default=verantwoordelijke_default)
    versie = models.PositiveIntegerField(default=1)
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = "verwerkingsactiviteit"
        verbose_name_plural = "verwerkingsactiviteiten"

    def __str__(self) -> str:
        return self.naam


class Verwerkingsactiviteitcode(models.TextChoices):
    """The codes of the register's processing activities: the only values the processing log
    takes (`processing_log_record(activity=...)`). Each has its register row, with purpose and
    legal basis, from the migration of the app that processes: a new activity adds both."""

    ACCOUNTBEHEER = "accountbeheer"
    PRIVACYTOEZICHT = "privacytoezicht"
    MELDINGEN_BEHANDELING = "meldingen-behandeling"
    CASUSREGIE = "casusregie"
    REGISTRATIE_WONINGEN_EIGENAREN = "registratie-woningen-eigenaren"
    RISICOSELECTIE_WONINGTOEZICHT = "risicoselectie-woningtoezicht"
    HANDHAVING = "handhaving"
    VERHUURDERMONITORING = "verhuurdermonitoring"
    CASUSTAFEL = "casustafel"
    INTEGRALE_ACTIE = "integrale-actie"
    STURING = "sturing-en-verantwoording"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} is append-only: rows cannot be deleted")


class AppendOnlyError(Exception):
    pass


class AppendOnlyModel(models.Model):
    """Rows are written once. Integrity, not business logic: the ORM refuses changes."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only: rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} is append-only: rows cannot be deleted")


class Verwerkingsstatus(models.TextChoices):
    UNSET = "UNSET", "Onbekend"
    OK = "OK", "Gelukt"
    ERROR = "ERROR", "Fout"


class Verwerkingslog(AppendOnlyModel):
    """One processing of (at most) one data subject."""

    # Empty until the line is sealed into the chain (`processing_log_seal`).
    volgnummer = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    # The three columns looked up by equality are indexed in Meta, without the second,
    # `varchar_pattern_ops` index Django adds for `db_index`/`unique` on text (for prefix
    # searches, which nothing does here): every line written pays for each index (ADR 0027).
    trace_id = models.CharField(max_length=32)
    span_id = models.CharField(max_length=16)
    parent_span_id = models.CharField(max_length=16, blank=True)
    name = models.CharField(max_length=200)
    start_time = models.DateTimeField(db_index=True)
    end_time = models.DateTimeField()
    status = models.CharField(max_length=5, choices=Verwerkingsstatus.choices)
    verwerkingsactiviteit = models.ForeignKey(Verwerkingsactiviteit, on_delete=models.PROTECT)
    # HMAC-SHA256 of "<type>:<id>": searchable by whoever knows the id, meaningless otherwise.
    data_subject_id = models.CharField(max_length=64, blank=True)
    data_subject_type = models.CharField(max_length=40, blank=True)
    # dpl.objects extension: the object processed, for example a BAG id.
    object_ref = models.CharField(max_length=120, blank=True)
    resource_name = models.CharField(max_length=60)
    resource_version = models.CharField(max_length=20)
    vorige_hash = models.CharField(max_length=64, blank=True)
    # Null, not empty, until sealed: unique among the sealed lines only (logregel_hash_uniek).
    hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(volgnummer__isnull=True),
                name="logregel_onverzegeld",
            ),
            models.Index(fields=["trace_id"], name="logregel_trace"),
            models.Index(fields=["data_subject_id"], name="logregel_betrokkene"),
        ]
        constraints = [models.UniqueConstraint(fields=["hash"], name="logregel_hash_uniek")]
        verbose_name = "verwerkingslogregel"
        verbose_name_plural = "verwerkingslog"

    def __str__(self) -> str:
        return f"{self.volgnummer} {self.name}"


class Auditregel(AppendOnlyModel):
    """Who performed a logged processing. Kept apart from the log line, as LDV prescribes."""

    logregel = models.OneToOneField(
        Verwerkingslog, on_delete=models.PROTECT, primary_key=True, related_name="audit"
    )
    gebruiker = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Snapshots, so the chain and the record survive renames.
    gebruikersnaam = models.CharField(max_length=150)
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisatiecode = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditregels"

    def __str__(self) -> str:
        return f"{self.gebruikersnaam} ({self.organisatiecode or 'systeem'})"


class LogKetting(models.Model):
    """The head of the hash chain: one row, locked while lines are sealed into the chain."""

    volgnummer = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "kop van de logketen"

    def __str__(self) -> str:
        return f"kop {self.volgnummer}"


class Ketencontrole(models.Model):
    """The outcome of one verification of the log chain (nightly task or on request)."""

    uitgevoerd_op = models.DateTimeField(auto_now_add=True)
    intact = models.BooleanField()
    gecontroleerd = models.PositiveBigIntegerField()
    volgnummer = models.PositiveBigIntegerField(null=True, blank=True)
    bevinding = models.TextField()
    # The head an intact chain was verified up to: the next check finds it again or reports
    # the chain shorter or rewritten (the anchor file, outside the database, is the authority).
    kop_volgnummer = models.PositiveBigIntegerField(null=True, blank=True)
    kop_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-uitgevoerd_op"]
        get_latest_by = "uitgevoerd_op"
        verbose_name = "ketencontrole"
        verbose_name_plural = "ketencontroles"

    def __str__(self) -> str:
        return self.bevinding


class Werkerhartslag(models.Model):
    """The last sign of life of one running `goedwonen worker`, for the health check. Each
    worker updates its own row every few seconds and removes it when it stops normally."""

    werker = models.CharField(max_length=200, unique=True, help_text="host:proces-id")
    gestart_op = models.DateTimeField()
    laatste_slag = models.DateTimeField()

    class Meta:
        verbose_name = "hartslag van een achtergrondverwerker"
        verbose_name_plural = "hartslagen van achtergrondverwerkers"

    def __str__(self) -> str:
        return f"{self.werker} ({self.laatste_slag:%H:%M:%S})"


class OpgeslagenFilter(models.Model):
    """A person's saved search on one list: the list's key and its query string (search, sort,
    filters). Shown above that list to its owner only."""

    eigenaar = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="opgeslagen_filters"
    )
    lijst = models.CharField(max_length=40)
    naam = models.CharField(max_length=80)
    query = models.CharField(max_length=1000, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["naam", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["eigenaar", "lijst", "naam"], name="opgeslagen_filter_naam_uniek"
            )
        ]
        verbose_name = "opgeslagen filter"
        verbose_name_plural = "opgeslagen filters"

    def __str__(self) -> str:
        return self.naam
