from django.apps import AppConfig


class CasussenConfig(AppConfig):
    name = "goedwonen.casussen"
    verbose_name = "Casusregie"
