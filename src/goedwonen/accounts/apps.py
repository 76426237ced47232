from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "goedwonen.accounts"
    label = "accounts"
    verbose_name = "Organisaties en gebruikers"
