"""Dutch labels for the dwelling characteristics of the rent check (form choices and the
visit page). The codes are those of `goedwonen.checks.woning`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from goedwonen.checks.woning import (
    Buitenruimtetype,
    Keukenvoorziening,
    Labelklasse,
    Monument,
    Pandtype,
    Ruimtetype,
    Sanitair,
    Woningtype,
)

WONINGTYPEN = {
    Woningtype.ZELFSTANDIG: "Zelfstandige woning",
    Woningtype.ONZELFSTANDIG: "Onzelfstandige woonruimte (kamer)",
}
PANDTYPEN = {
    Pandtype.EENGEZINSWONING: "Eengezinswoning",
    Pandtype.MEERGEZINSWONING: "Meergezinswoning (flat, portiek, boven- of benedenwoning)",
}
RUIMTETYPEN = {
    Ruimtetype.WOONKAMER: "Woonkamer",
    Ruimtetype.SLAAPKAMER: "Slaapkamer",
    Ruimtetype.WOON_SLAAPKAMER: "Woon-/slaapkamer (kamer)",
    Ruimtetype.OVERIG_VERTREK: "Overig vertrek",
    Ruimtetype.KEUKEN: "Keuken",
    Ruimtetype.WOONKAMER_MET_KEUKEN: "Woonkamer met open keuken",
    Ruimtetype.BADKAMER: "Badkamer",
    Ruimtetype.BADKAMER_MET_TOILET: "Badkamer met toilet",
    Ruimtetype.DOUCHERUIMTE: "Doucheruimte",
    Ruimtetype.TOILETRUIMTE: "Toiletruimte",
    Ruimtetype.BIJKEUKEN: "Bijkeuken",
    Ruimtetype.BERGING: "Berging",
    Ruimtetype.KELDER: "Kelder",
    Ruimtetype.SCHUUR: "Schuur",
    Ruimtetype.WASRUIMTE: "Wasruimte",
    Ruimtetype.HAL: "Hal",
    Ruimtetype.GANG: "Gang",
    Ruimtetype.OVERLOOP: "Overloop",
}
BUITENRUIMTETYPEN = {
    Buitenruimtetype.TUIN: "Tuin",
    Buitenruimtetype.BALKON: "Balkon",
    Buitenruimtetype.DAKTERRAS: "Dakterras",
    Buitenruimtetype.TERRAS: "Terras",
    Buitenruimtetype.LOGGIA: "Loggia",
}
# Washbasins are counted apart (two basins score twice); the rest is there or not.
SANITAIR = {
    Sanitair.STAAND_TOILET: "Staand toilet",
    Sanitair.HANGEND_TOILET: "Hangend toilet",
    Sanitair.DOUCHE: "Douche",
    Sanitair.BAD: "Bad",
    Sanitair.BAD_EN_DOUCHE: "Bad en douche",
    Sanitair.MEERPERSOONSWASTAFEL: "Meerpersoonswastafel",
    Sanitair.DOUCHEWAND: "Douchewand",
    Sanitair.HANDDOEKENRADIATOR: "Handdoekenradiator",
    Sanitair.BUBBELFUNCTIE_BAD: "Bad met bubbelfunctie",
    Sanitair.KASTJE_MET_WASTAFEL: "Kastje met wastafel",
    Sanitair.KASTRUIMTE: "Kastruimte",
    Sanitair.STOPCONTACT_BIJ_WASTAFEL: "Stopcontact bij de wastafel",
    Sanitair.EENHANDSMENGKRAAN: "Eenhandsmengkraan",
    Sanitair.THERMOSTATISCHE_MENGKRAAN: "Thermostatische mengkraan",
}
WASTAFEL = Sanitair.WASTAFEL
KEUKENVOORZIENINGEN = {
    Keukenvoorziening.AFZUIGINSTALLATIE: "Afzuiginstallatie (inbouw)",
    Keukenvoorziening.KOOKPLAAT_INDUCTIE: "Inductiekookplaat",
    Keukenvoorziening.KOOKPLAAT_KERAMISCH: "Keramische kookplaat",
    Keukenvoorziening.KOOKPLAAT_GAS: "Gaskookplaat",
    Keukenvoorziening.KOELKAST: "Koelkast (inbouw)",
    Keukenvoorziening.VRIESKAST: "Vrieskast (inbouw)",
    Keukenvoorziening.KOELVRIESCOMBINATIE: "Koel-vriescombinatie (inbouw)",
    Keukenvoorziening.OVEN_ELEKTRISCH: "Elektrische oven (inbouw)",
    Keukenvoorziening.OVEN_GAS: "Gasoven (inbouw)",
    Keukenvoorziening.MAGNETRON: "Magnetron (inbouw)",
    Keukenvoorziening.COMBI_MAGNETRON_OVEN: "Combimagnetron of -oven (inbouw)",
    Keukenvoorziening.VAATWASMACHINE: "Vaatwasmachine (inbouw)",
    Keukenvoorziening.EXTRA_KASTRUIMTE: "Extra keukenkastruimte",
    Keukenvoorziening.EENHANDSMENGKRAAN: "Eenhandsmengkraan",
    Keukenvoorziening.THERMOSTATISCHE_MENGKRAAN: "Thermostatische mengkraan",
    Keukenvoorziening.KOKEND_WATERKRAAN: "Kokendwaterkraan",
}
LABELKLASSEN = {k: k.value for k in Labelklasse}
MONUMENTEN = {
    Monument.RIJKSMONUMENT: "Rijksmonument",
    Monument.PROVINCIAAL_MONUMENT: "Provinciaal monument",
    Monument.GEMEENTELIJK_MONUMENT: "Gemeentelijk monument",
    Monument.RIJKSBESCHERMD_STADSGEZICHT: "In rijksbeschermd stadsgezicht",
    Monument.RIJKSBESCHERMD_DORPSGEZICHT: "In rijksbeschermd dorpsgezicht",
    Monument.GEMEENTELIJK_BESCHERMD_STADSGEZICHT: "In gemeentelijk beschermd stadsgezicht",
    Monument.GEMEENTELIJK_BESCHERMD_DORPSGEZICHT: "In gemeentelijk beschermd dorpsgezicht",
}
HUURSECTOREN = {"sociaal": "Sociale huur", "midden": "Middenhuur", "vrij": "Vrije sector"}


K = TypeVar("K", bound=str)


def choices(labels: Mapping[K, str], empty: str | None = None) -> list[tuple[str, str]]:
    options = [(str(code), label) for code, label in labels.items()]
    return [("", empty), *options] if empty is not None else options
