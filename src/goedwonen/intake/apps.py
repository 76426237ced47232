from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "goedwonen.intake"
    label = "intake"
    verbose_name = "Meldingen"

    def ready(self) -> None:
        from goedwonen.core.tasks import mail_senders, nightly_tasks

        from .mail import reporter_messages_send
        from .tasks import anonymise_reporter_contacts

        nightly_tasks.register(anonymise_reporter_contacts)
        mail_senders.register((reporter_messages_send, "Verzenden van e-mail aan melders mislukt"))
