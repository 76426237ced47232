"""Notices to a person that work waits: in the product (the bell) and, where the person
wants it, by e-mail. A notice holds no personal data: a reference and a link, never a name,
an address or a description (the mail leaves the product)."""

from __future__ import annotations

from django.db import models


class Notificatiesoort(models.TextChoices):
    TAAK_TOEGEWEZEN = "taak", "Taak toegewezen aan mij, mijn team of mijn organisatie"
    CASUS_GEDEELD = "gedeeld", "Casus gedeeld met mijn organisatie"
    GOEDKEURING = "goedkeuring", "Goedkeuring gevraagd"
    DEADLINE = "deadline", "Deadline van een taak nadert"
    SIGNALERING = "signalering", "Signalering: recidive van een verhuurder"
    NOTULEN_CASUSTAFEL = "notulen", "Notulen casustafel vastgesteld"
    AGENDAPUNT_CASUSTAFEL = "agendapunt", "Besluit over mijn agendapunt voor een casustafel"
    VERGADERING_CASUSTAFEL = "vergadering", "Vergadering van een casustafel verplaatst of afgelast"


# By e-mail unless the person said otherwise; a deadline not, by default: the nightly task
# reminder (casussen.tasks.remind_tasks) already mails a list of due tasks.
MAIL_BY_DEFAULT = {
    Notificatiesoort.TAAK_TOEGEWEZEN: True,
    Notificatiesoort.CASUS_GEDEELD: True,
    Notificatiesoort.GOEDKEURING: True,
    Notificatiesoort.DEADLINE: False,
    Notificatiesoort.SIGNALERING: True,
    Notificatiesoort.NOTULEN_CASUSTAFEL: True,
    Notificatiesoort.AGENDAPUNT_CASUSTAFEL: True,
    Notificatiesoort.VERGADERING_CASUSTAFEL: True,
}


class Notificatie(models.Model):
    ontvanger = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notificaties"
    )
    soort = models.CharField(max_length=12, choices=Notificatiesoort.choices)
    titel = models.CharField(max_length=200)
    link = models.CharField(max_length=300)
    # What a notice is about, for those sent at most once (a task's deadline: "deadline:
    # taak:7:2026-12-08"); empty for the others.
    sleutel = models.CharField(max_length=100, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op", "-pk"]
        verbose_name_plural = "notificaties"
        indexes = [models.Index(fields=["ontvanger", "gelezen_op"], name="notificatie_ongelezen")]
        constraints = [
            models.UniqueConstraint(
                fields=["ontvanger", "sleutel"],
                condition=~models.Q(sleutel=""),
                name="notificatie_eenmaal_per_sleutel",
            )
        ]

    def __str__(self) -> str:
        return self.titel


class Notificatievoorkeur(models.Model):
    """Per person and kind: also by e-mail or not (in the product always)."""

    gebruiker = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notificatievoorkeuren"
    )
    soort = models.CharField(max_length=12, choices=Notificatiesoort.choices)
    per_mail = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gebruiker", "soort"], name="notificatievoorkeur_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.soort}: {'per e-mail' if self.per_mail else 'alleen in Goedwonen'}"
