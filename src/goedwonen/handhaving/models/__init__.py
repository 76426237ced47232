"""Enforcement (handhaving): the catalogue of instruments with their versions, the procedures
(handhavingstrajecten) that follow one, and the fine policy. A module per concern."""

from .boete import Boetebeleid, Boetevaststelling, Boetewet
from .catalogus import Instrument, Instrumentversie, Stapsoort, Stapuitvoerder
from .traject import (
    Briefverzending,
    Rechtsmiddel,
    Rechtsmiddelbeslissing,
    Rechtsmiddelsoort,
    Traject,
    Trajectstap,
    Trajectstatus,
    Uitspraak,
)

__all__ = [
    "Boetebeleid",
    "Boetevaststelling",
    "Boetewet",
    "Briefverzending",
    "Instrument",
    "Instrumentversie",
    "Rechtsmiddel",
    "Rechtsmiddelbeslissing",
    "Rechtsmiddelsoort",
    "Stapsoort",
    "Stapuitvoerder",
    "Traject",
    "Trajectstap",
    "Trajectstatus",
    "Uitspraak",
]
