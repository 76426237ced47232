"""What an inspector records about a dwelling for the rent check, in the words of the WWS.

Areas are in m² (two decimals, measured per NEN 2580 as the Huurcommissie prescribes), the
worktop in centimetres. Lists of fittings repeat an item once per piece: two washbasins are
`(Sanitair.WASTAFEL, Sanitair.WASTAFEL)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Woningtype(StrEnum):
    ZELFSTANDIG = "zelfstandig"
    ONZELFSTANDIG = "onzelfstandig"


class Pandtype(StrEnum):
    EENGEZINSWONING = "eengezinswoning"
    MEERGEZINSWONING = "meergezinswoning"


class Ruimtetype(StrEnum):
    """Rooms the inspector can record; the rent check maps each to its VERA kind."""

    WOONKAMER = "woonkamer"
    SLAAPKAMER = "slaapkamer"
    WOON_SLAAPKAMER = "woon_slaapkamer"
    OVERIG_VERTREK = "overig_vertrek"
    KEUKEN = "keuken"
    WOONKAMER_MET_KEUKEN = "woonkamer_met_keuken"
    BADKAMER = "badkamer"
    BADKAMER_MET_TOILET = "badkamer_met_toilet"
    DOUCHERUIMTE = "doucheruimte"
    TOILETRUIMTE = "toiletruimte"
    BIJKEUKEN = "bijkeuken"
    BERGING = "berging"
    KELDER = "kelder"
    SCHUUR = "schuur"
    WASRUIMTE = "wasruimte"
    HAL = "hal"
    GANG = "gang"
    OVERLOOP = "overloop"


KEUKENRUIMTEN = frozenset({Ruimtetype.KEUKEN, Ruimtetype.WOONKAMER_MET_KEUKEN})
VERTREKKEN = frozenset(
    {
        Ruimtetype.WOONKAMER,
        Ruimtetype.SLAAPKAMER,
        Ruimtetype.WOON_SLAAPKAMER,
        Ruimtetype.OVERIG_VERTREK,
        Ruimtetype.KEUKEN,
        Ruimtetype.WOONKAMER_MET_KEUKEN,
        Ruimtetype.BADKAMER,
        Ruimtetype.BADKAMER_MET_TOILET,
        Ruimtetype.DOUCHERUIMTE,
    }
)


class Buitenruimtetype(StrEnum):
    TUIN = "tuin"
    BALKON = "balkon"
    DAKTERRAS = "dakterras"
    TERRAS = "terras"
    LOGGIA = "loggia"


class Sanitair(StrEnum):
    """Sanitary fittings (WWS rubriek 6); the values are the VERA installation kinds."""

    STAAND_TOILET = "staand_toilet"
    HANGEND_TOILET = "hangend_toilet"
    WASTAFEL = "wastafel"
    MEERPERSOONSWASTAFEL = "meerpersoonswastafel"
    DOUCHE = "douche"
    BAD = "bad"
    BAD_EN_DOUCHE = "bad_en_douche"
    DOUCHEWAND = "douchewand"
    HANDDOEKENRADIATOR = "handdoekenradiator"
    BUBBELFUNCTIE_BAD = "bubbelfunctie_van_het_bad"
    KASTJE_MET_WASTAFEL = "ingebouwd_kastje_met_in_of_opgebouwde_wastafel"
    KASTRUIMTE = "kastruimte"
    STOPCONTACT_BIJ_WASTAFEL = "stopcontact_bij_wastafel"
    EENHANDSMENGKRAAN = "eenhandsmengkraan"
    THERMOSTATISCHE_MENGKRAAN = "thermostatische_mengkraan"


class Keukenvoorziening(StrEnum):
    """Extra kitchen fittings (WWS rubriek 5); the values are the VERA installation kinds."""

    AFZUIGINSTALLATIE = "inbouw_afzuiginstallatie"
    KOOKPLAAT_INDUCTIE = "inbouw_kookplaat_inductie"
    KOOKPLAAT_KERAMISCH = "inbouw_kookplaat_keramisch"
    KOOKPLAAT_GAS = "inbouw_kookplaat_gas"
    KOELKAST = "inbouw_koelkast"
    VRIESKAST = "inbouw_vrieskast"
    KOELVRIESCOMBINATIE = "inbouw_koelvriescombinatie"
    OVEN_ELEKTRISCH = "inbouw_oven_elektrisch"
    OVEN_GAS = "inbouw_oven_gas"
    MAGNETRON = "inbouw_magnetron"
    COMBI_MAGNETRON_OVEN = "inbouw_combi_magnetron_en_of_oven"
    VAATWASMACHINE = "inbouw_vaatwasmachine"
    EXTRA_KASTRUIMTE = "extra_keukenkastruimte_boven_het_minimum"
    EENHANDSMENGKRAAN = "eenhandsmengkraan"
    THERMOSTATISCHE_MENGKRAAN = "thermostatische_mengkraan"
    KOKEND_WATERKRAAN = "kokend_waterfunctie"


class Labelklasse(StrEnum):
    A4PLUS = "A++++"
    A3PLUS = "A+++"
    A2PLUS = "A++"
    A1PLUS = "A+"
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"


class Monument(StrEnum):
    """Monument status (price surcharge, WWS 'Opslagen'); the values are the VERA kinds."""

    RIJKSMONUMENT = "rijksmonument"
    PROVINCIAAL_MONUMENT = "provinciaal_monument"
    GEMEENTELIJK_MONUMENT = "gemeentelijk_monument"
    RIJKSBESCHERMD_STADSGEZICHT = "rijksbeschermd_stadsgezicht"
    RIJKSBESCHERMD_DORPSGEZICHT = "rijksbeschermd_dorpsgezicht"
    GEMEENTELIJK_BESCHERMD_STADSGEZICHT = "gemeentelijk_beschermd_stadsgezicht"
    GEMEENTELIJK_BESCHERMD_DORPSGEZICHT = "gemeentelijk_beschermd_dorpsgezicht"


@dataclass(frozen=True)
class Ruimte:
    """One room. `gedeeld_met_kamers` > 1 only for a room of an onzelfstandige woonruimte
    that that many rooms share (kitchen, bathroom in a room-let house)."""

    ruimtetype: Ruimtetype
    oppervlakte: Decimal
    naam: str = ""
    verwarmd: bool = True
    verkoeld: bool = False
    aanrechtlengte_cm: int | None = None
    keukenvoorzieningen: tuple[Keukenvoorziening, ...] = ()
    sanitair: tuple[Sanitair, ...] = ()
    gedeeld_met_kamers: int = 1


@dataclass(frozen=True)
class Buitenruimte:
    """Outdoor space; `gedeeld_met_adressen` > 1 for a shared garden or roof terrace."""

    buitenruimtetype: Buitenruimtetype
    oppervlakte: Decimal
    naam: str = ""
    gedeeld_met_adressen: int = 1
    gedeeld_met_kamers: int = 1


@dataclass(frozen=True)
class Energielabel:
    """The label as EP-Online shows it. A label registered 2015-2020 (the simplified label)
    only counts through its energy index."""

    labelklasse: Labelklasse
    registratiedatum: date
    geldig_tot: date
    energie_index: Decimal | None = None


@dataclass(frozen=True)
class Woningkenmerken:
    """The dwelling as found. `gebruiksoppervlakte` and the WOZ value are those of the whole
    BAG object, also when a single room (onzelfstandig) is rated. `woonplaatscode` is the BAG
    woonplaatscode (Rotterdam: 3086)."""

    woningtype: Woningtype
    pandtype: Pandtype
    bouwjaar: int
    woonplaatscode: str
    gebruiksoppervlakte: int
    woz_waarde: int
    woz_waardepeildatum: date
    ruimten: tuple[Ruimte, ...]
    buitenruimten: tuple[Buitenruimte, ...] = ()
    energielabel: Energielabel | None = None
    monumenten: tuple[Monument, ...] = ()
    # Only for the 10% new-build surcharge (construction started before 2028).
    bouw_gestart_op: date | None = None
    in_exploitatie_op: date | None = None
