from django.apps import AppConfig


class NotificatiesConfig(AppConfig):
    name = "goedwonen.notificaties"
    verbose_name = "Notificaties"
