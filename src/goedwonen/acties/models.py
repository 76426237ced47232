"""Integral actions (integrale acties): joint inspection days at addresses chosen from data.

An action (`Actie`) is made from an approved selection (or a hand-made address list, with a
reason) and has a date, an area, a lead (a case director) and the target it counts toward.
Participating organisations (`Actiepartner`) each enter under a recorded legal basis and see
the parts of an address's case that the basis allows (the case-sharing parts,
`casussen.Onderdeel`), and say what they check. Teams (`Actieteam`) mix people of several
organisations. Each address (`Actieadres`) keeps the selection's rank, score and reasons as
they were (a signal, not proof), the basis for entry and safety notes, its place on a team's
walk list, and what happened there. A visit recorded in the field is an ordinary visit in the
address's case (`inspecties.Bezoek`); `Veldregistratie` ties it to the device's idempotency
key so a record sent twice is stored once.

What a participant sees of an action follows one rule (`selectors.deel_van`).
"""

from __future__ import annotations

from django.db import models

from goedwonen.core import validators


class Actiestatus(models.TextChoices):
    VOORBEREIDING = "voorbereiding", "In voorbereiding"
    GEPLAND = "gepland", "Gepland"
    AFGEROND = "afgerond", "Afgerond"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


class Actie(models.Model):
    naam = models.CharField(max_length=200)
    datum = models.DateField(db_index=True)
    # A buurt or wijk: the area the action counts for.
    gebied = models.ForeignKey("registry.Gebied", on_delete=models.PROTECT, related_name="+")
    # The lead directs the addresses' cases: a person who holds CASES_DIRECT.
    leider = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # The lead's organisation then: it directs the cases and sees the whole action.
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    # From an approved selection, or a hand-made list with the reason it was made by hand.
    selectie = models.ForeignKey(
        "analytics.Selectie",
        # The selection goes after its own term; the action keeps what it copied.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="acties",
    )
    reden_handmatig = models.TextField(blank=True, max_length=validators.MAX_REASON)
    doel = models.CharField(
        max_length=200,
        default="Plan Rotterdams Goed Wonen: ten minste 12 integrale acties per jaar",
        help_text="Het doel waarvoor de actie telt",
    )
    # A sensible number of addresses per team for the day; the rest waits as reserve.
    adressen_per_team = models.PositiveSmallIntegerField(default=12)
    status = models.CharField(
        max_length=13, choices=Actiestatus.choices, default=Actiestatus.VOORBEREIDING
    )
    aangemaakt_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gepland_op = models.DateTimeField(null=True, blank=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    annuleringsreden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    # The debrief's general remarks (no personal data: every participant reads it).
    nabespreking = models.TextField(blank=True, max_length=validators.MAX_DESCRIPTION)

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = "integrale actie"
        verbose_name_plural = "integrale acties"

    def __str__(self) -> str:
        return self.naam


class Actiepartner(models.Model):
    """A participating organisation: the basis on which it enters and sees, the parts of the
    addresses' cases it sees (`casussen.Onderdeel` values; the cases are shared with it for
    those parts when the action is planned), whether it sees the selection's reasons, and
    what it checks. The lead's organisation takes part without a row: it sees everything."""

    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="partners")
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    grondslag = models.TextField(max_length=validators.MAX_REASON)
    onderdelen = models.JSONField(default=list)
    ziet_redenen = models.BooleanField(
        default=False, help_text="Ziet waarom een adres geselecteerd is (de risicosignalen)"
    )
    # Problem categories (core.categories) it checks, and in its own words what it does.
    controleert = models.JSONField(default=list)
    taak = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["actie", "organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["actie", "organisatie"], name="actiepartner_eenmaal")
        ]
        verbose_name = "deelnemende organisatie"
        verbose_name_plural = "deelnemende organisaties"

    def __str__(self) -> str:
        return f"{self.organisatie} in {self.actie}"


class Actieteam(models.Model):
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="teams")
    naam = models.CharField(max_length=80)
    leden = models.ManyToManyField("accounts.User", related_name="actieteams")
    volgorde = models.PositiveSmallIntegerField(default=0)
    # Set when the team reports its list done; a re-plan may give it more addresses.
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["actie", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["actie", "naam"], name="actieteam_naam_eenmaal")
        ]
        verbose_name = "actieteam"
        verbose_name_plural = "actieteams"

    def __str__(self) -> str:
        return self.naam


class Toegangsbasis(models.TextChoices):
    TOESTEMMING = "toestemming", "Toestemming van de bewoner vragen"
    MACHTIGING_AANGEVRAAGD = "machtiging_aangevraagd", "Machtiging tot binnentreden aangevraagd"
    MACHTIGING_VERLEEND = "machtiging_verleend", "Machtiging tot binnentreden verleend"


class Adresstatus(models.TextChoices):
    OPEN = "open", "Nog te bezoeken"
    BEZOCHT = "bezocht", "Bezocht"
    OVERGESLAGEN = "overgeslagen", "Overgeslagen"


class Actieadres(models.Model):
    actie = models.ForeignKey(Actie, on_delete=models.CASCADE, related_name="adressen")
    verblijfsobject = models.ForeignKey(
        "registry.Verblijfsobject", on_delete=models.PROTECT, related_name="+"
    )
    selectieadres = models.ForeignKey(
        "analytics.Selectieadres",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # As the selection held them when the action was made: a signal, not proof.
    rang = models.PositiveIntegerField(null=True, blank=True, help_text="Rang in de selectie")
    score = models.FloatField(null=True, blank=True)
    redenen = models.JSONField(default=list)
    # Why a hand-made address is on the list.
    reden_handmatig = models.TextField(blank=True, max_length=validators.MAX_REASON)
    # The address's case (made or found when the action is planned).
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    toegangsbasis = models.CharField(
        max_length=22, choices=Toegangsbasis.choices, default=Toegangsbasis.TOESTEMMING
    )
    veiligheid = models.TextField(
        blank=True, max_length=validators.MAX_REASON, help_text="Veiligheidsaandachtspunten"
    )
    # The walk list: the team and the position on its route. No team: reserve.
    team = models.ForeignKey(
        Actieteam, on_delete=models.SET_NULL, null=True, blank=True, related_name="adressen"
    )
    volgorde = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Adresstatus.choices, default=Adresstatus.OPEN)
    overgeslagen_reden = models.TextField(blank=True, max_length=validators.MAX_REASON)
    # The visit recorded in the field (the last one when corrected).
    bezoek = models.ForeignKey(
        "inspecties.Bezoek", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The debrief: what follows (no personal data beyond the case's own).
    vervolg = models.TextField(blank=True, max_length=validators.MAX_REASON)

    class Meta:
        ordering = ["actie", "team", "volgorde", "rang", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["actie", "verblijfsobject"], name="actieadres_eenmaal")
        ]
        verbose_name = "actieadres"
        verbose_name_plural = "actieadressen"

    def __str__(self) -> str:
        return f"{self.verblijfsobject_id} in actie {self.actie_id}"


class Veldregistratie(models.Model):
    """A visit sent from a team's phone, under the key the device gave it: the same record
    sent again (a retry after a lost connection) finds this row and stores nothing twice."""

    sleutel = models.UUIDField(unique=True)
    actieadres = models.ForeignKey(
        Actieadres, on_delete=models.CASCADE, related_name="registraties"
    )
    team = models.ForeignKey(Actieteam, on_delete=models.CASCADE, related_name="+")
    bezoek = models.OneToOneField(
        "inspecties.Bezoek", on_delete=models.CASCADE, related_name="veldregistratie"
    )
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # When the team recorded it on the device, and when it arrived.
    vastgelegd_op = models.DateTimeField(null=True, blank=True)
    ontvangen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ontvangen_op", "pk"]
        verbose_name = "veldregistratie"
        verbose_name_plural = "veldregistraties"

    def __str__(self) -> str:
        return str(self.sleutel)


class Veldfoto(models.Model):
    """A photo taken at a field visit, stored without its metadata (core.images)."""

    registratie = models.ForeignKey(Veldregistratie, on_delete=models.CASCADE, related_name="fotos")
    bestand = models.FileField(upload_to="acties/%Y/%m")
    soort = models.CharField(max_length=40)
    grootte = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = "veldfoto"
        verbose_name_plural = "veldfoto's"

    def __str__(self) -> str:
        return str(self.bestand.name)


class Opvolgingssoort(models.TextChoices):
    TAAK = "taak", "Taak in de casus"
    HANDHAVING = "handhaving", "Handhaving beoordelen"
    OVERDRACHT = "overdracht", "Overdracht aan een partner"


class Actieopvolging(models.Model):
    """What the debrief decided for an address: a task in its case, enforcement to weigh (a
    task for the organisation that starts procedures), or a hand-over to a partner (the case
    shared with it). The task or sharing itself lives in the case; this row says the action
    led to it, for the debrief and the report."""

    actieadres = models.ForeignKey(Actieadres, on_delete=models.CASCADE, related_name="opvolging")
    soort = models.CharField(max_length=10, choices=Opvolgingssoort.choices)
    taak = models.ForeignKey(
        "casussen.Taak", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deling = models.ForeignKey(
        "casussen.Deling", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vastgelegd_door = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["actieadres", "vastgelegd_op", "pk"]
        verbose_name = "opvolging van een actieadres"
        verbose_name_plural = "opvolging van actieadressen"

    def __str__(self) -> str:
        return f"{self.get_soort_display()} bij {self.actieadres}"
