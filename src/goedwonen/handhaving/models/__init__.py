"""Enforcement (handhaving): the catalogue of instruments with their versions, the procedures
(handhavingstrajecten) that follow one, and the fine policy. A module per concern."""

from .boete import Boetebeleid, Boetevaststelling, Boetewet
from .catalogus import Instrument, Instrumentversie, Stapsoort, Stapuitvoerder

__all__ = [
    "Boetebeleid",
    "Boetevaststelling",
    "Boetewet",
    "Instrument",
    "Instrumentversie",
    "Stapsoort",
    "Stapuitvoerder",
]
