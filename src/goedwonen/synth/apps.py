from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "goedwonen.synth"
    label = "synth"
    verbose_name = "Synthetische gegevens"
