from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "goedwonen.documenten"
    verbose_name = "Documenten en brieven"
