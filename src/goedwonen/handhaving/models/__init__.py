"""Enforcement (handhaving): the catalogue of instruments with their versions, the procedures
(handhavingstrajecten) that follow one, and the fine policy. A module per concern."""

from .catalogus import Instrument, Instrumentversie, Stapsoort, Stapuitvoerder

__all__ = ["Instrument", "Instrumentversie", "Stapsoort", "Stapuitvoerder"]
