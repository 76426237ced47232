from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "goedwonen.analytics"
    verbose_name = "Analyse en risicoselectie"
