"""The data contract: which files a source folder holds, their columns and vocabularies.

The one declaration of it. The generator (`goedwonen.synth`) writes these files and columns,
the importer validates every cell of every row against them (`importer/parsing.py`), and the
analysis reads the import's snapshots by these names. `docs/data-contract.md` describes the
contract for people; a test checks that it names every file and column declared here.

Where a public format exists the contract is that format (the CBS buurten map, the flat BAG
export), so real exports load unchanged. This module imports no models: the generator uses it
without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from django.db import models

from goedwonen.core.categories import Categorie


class Kind(StrEnum):
    """What a column holds; each kind has one parser in the importer. Empty means unknown."""

    TEXT = "tekst"
    CODE = "code"  # one value of the column's vocabulary (any case, surrounding space ignored)
    CODES = "codes"  # values of the vocabulary separated by `|`
    BAG_ID = "BAG-id"  # 16 digits, leading zeros kept: never a number
    AREA_CODE = "gebiedscode"  # a CBS buurt, wijk or gemeente code (BU…, WK…, GM…)
    INTEGER = "geheel getal"
    AMOUNT = "bedrag"  # euros, `.` as decimal mark
    NUMBER = "getal"  # a coordinate: `.` as decimal mark
    DATE = "datum"  # ISO 8601, JJJJ-MM-DD
    DATETIME = "datum of tijd"  # ISO 8601; a date alone is midnight in the municipality
    YES_NO = "ja/nee"  # ja/nee, j/n, t/f, true/false, 1/0
    SHARE = "aandeel"  # a fraction such as 1/2; empty is 1/1
    POSTCODE = "postcode"  # spelled any way: 3082AB, 3082 AB, 3082ab
    HUISNUMMER = "huisnummer"
    HUISLETTER = "huisletter"
    TOEVOEGING = "huisnummertoevoeging"
    KVK = "KvK-nummer"  # 8 digits


# Vocabularies. Values are the codes in the files; labels are how screens show them.


class Objecttype(models.TextChoices):
    VERBLIJFSOBJECT = "VBO", "Verblijfsobject"
    LIGPLAATS = "LIG", "Ligplaats"
    STANDPLAATS = "STA", "Standplaats"


class Eigenaarsoort(models.TextChoices):
    NATUURLIJK_PERSOON = "natuurlijk_persoon", "Natuurlijk persoon"
    RECHTSPERSOON = "rechtspersoon", "Rechtspersoon"
    WONINGCORPORATIE = "woningcorporatie", "Woningcorporatie"
    OVERHEID = "overheid", "Overheid"


class Vergunningsoort(models.TextChoices):
    VERHUURVERGUNNING = "verhuurvergunning", "Verhuurvergunning"
    HUISVESTINGSVERGUNNING = "huisvestingsvergunning", "Huisvestingsvergunning"
    OMZETTINGSVERGUNNING = "omzettingsvergunning", "Omzettingsvergunning"
    WONINGVORMINGSVERGUNNING = "woningvormingsvergunning", "Woningvormingsvergunning"
    OPKOOPBESCHERMING = "opkoopbescherming", "Vergunning opkoopbescherming"


class Vergunningstatus(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", "Aangevraagd"
    VERLEEND = "verleend", "Verleend"
    GEWEIGERD = "geweigerd", "Geweigerd"
    INGETROKKEN = "ingetrokken", "Ingetrokken"
    VERVALLEN = "vervallen", "Vervallen"


class Regeling(models.TextChoices):
    VERHUURVERGUNNING = "verhuurvergunning", "Verhuurvergunning vereist"
    OPKOOPBESCHERMING = "opkoopbescherming", "Opkoopbescherming"
    KAMERVERHUUR = "kamerverhuur", "Kamerverhuur"


class MelderSoort(models.TextChoices):
    BEWONER = "bewoner", "Bewoner"
    PROFESSIONAL = "professional", "Professional"
    ANONIEM = "anoniem", "Anoniem"
    PARTNER = "partner", "Partner"


class Bronstatus(models.TextChoices):
    OPEN = "open", "Open"
    AFGEHANDELD = "afgehandeld", "Afgehandeld"


class Aanleiding(models.TextChoices):
    MELDING = "melding", "Na een melding"
    PROACTIEF = "proactief", "Proactieve selectie"
    INTEGRALE_ACTIE = "integrale_actie", "Integrale actie"
    HERCONTROLE = "hercontrole", "Hercontrole"


class Overtreding(models.TextChoices):
    JA = "ja", "Ja"
    NEE = "nee", "Nee"
    ONBEKEND = "onbekend", "Onbekend"


class Instrument(models.TextChoices):
    WAARSCHUWING = "waarschuwing", "Waarschuwing"
    LAST_ONDER_DWANGSOM = "last_onder_dwangsom", "Last onder dwangsom"
    LAST_ONDER_BESTUURSDWANG = "last_onder_bestuursdwang", "Last onder bestuursdwang"
    BESTUURLIJKE_BOETE = "bestuurlijke_boete", "Bestuurlijke boete"
    BEHEEROVERNAME = "beheerovername", "Beheerovername"
    SLUITING = "sluiting", "Sluiting"
    WAARSCHUWINGSGESPREK = "waarschuwingsgesprek", "Waarschuwingsgesprek"
    STOPGESPREK = "stopgesprek", "Stopgesprek"


@dataclass(frozen=True)
class Column:
    """One column. `required`: empty or invalid rejects the row. `strict`: may be empty, but
    an invalid value rejects the row (it would change what the row is about). Any other
    invalid value is stored as unknown and reported as a warning."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    strict: bool = False
    vocabulary: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: int = 0
    maximum: int | None = None
    default: str = ""  # what an empty cell means, where it is not "unknown"

    @property
    def rejects_row(self) -> bool:
        return self.required or self.strict


def _codes(choices: type[models.TextChoices]) -> tuple[str, ...]:
    return tuple(choices.values)


CATEGORIES = _codes(Categorie)


@dataclass(frozen=True)
class Source:
    """One file of the source folder. `key`: the columns no two rows of the file share."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = False
    delimiter: str = ","  # as the public format has it; the importer reads either
    outcome: bool = False  # outcomes of supervision: learning weights from them is circular

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


def _text(name: str, description: str, max_length: int | None = None, **kw: object) -> Column:
    return Column(name, Kind.TEXT, description, max_length=max_length, **kw)  # type: ignore[arg-type]


def _code(name: str, vocabulary: tuple[str, ...], description: str, **kw: object) -> Column:
    return Column(name, Kind.CODE, description, vocabulary=vocabulary, **kw)  # type: ignore[arg-type]


def _count(name: str, description: str, **kw: object) -> Column:
    return Column(name, Kind.INTEGER, description, **kw)  # type: ignore[arg-type]


def _date(name: str, description: str, **kw: object) -> Column:
    return Column(name, Kind.DATE, description, **kw)  # type: ignore[arg-type]


# The buurten map is GeoJSON; these are the properties of each feature the import reads.
BUURTEN = Source(
    "buurten.geojson",
    "CBS wijk- en buurtkaart: a FeatureCollection of (Multi)Polygons in RD New (EPSG:28992) "
    "unless its `crs` names EPSG:4326. Other properties are ignored.",
    (
        Column("buurtcode", Kind.AREA_CODE, "CBS buurt code, BU + 8 digits", required=True),
        _text("buurtnaam", "Name of the buurt"),
        Column("wijkcode", Kind.AREA_CODE, "CBS wijk code, WK + 6 digits", required=True),
        _text("wijknaam", "Name of the wijk"),
        Column("gemeentecode", Kind.AREA_CODE, "CBS gemeente code, GM + 4 digits", required=True),
        _text("gemeentenaam", "Name of the gemeente"),
    ),
    key=("buurtcode",),
    required=True,
)
AREA_CODE_PATTERNS = {
    "buurtcode": r"^BU\d{8}$",
    "wijkcode": r"^WK\d{6}$",
    "gemeentecode": r"^GM\d{4}$",
}

BAG = Source(
    "bag_adressen.csv",
    "The public flat BAG address export (NLExtract bagadres-full): one row per address. An "
    "object with several addresses has one main address (`nevenadres` f). A dwelling is a VBO "
    "whose uses include woonfunctie. Each object's buurt is found from its point.",
    (
        _text("openbareruimte", "Street name", 120, required=True),
        Column("huisnummer", Kind.HUISNUMMER, "House number", required=True),
        Column("huisletter", Kind.HUISLETTER, "House letter", strict=True),
        Column("huisnummertoevoeging", Kind.TOEVOEGING, "House number addition", strict=True),
        Column("postcode", Kind.POSTCODE, "Postcode"),
        _text("woonplaats", "Place name", 80, required=True),
        _text("gemeente", "Gemeente name (not read: the buurt map gives the areas)"),
        _text("provincie", "Provincie name (not read)"),
        Column("nummeraanduiding", Kind.BAG_ID, "The address's BAG id", required=True),
        _text(
            "verblijfsobjectgebruiksdoel",
            "Uses of the object, comma-separated inside the field (woonfunctie, "
            "kantoorfunctie, winkelfunctie, ...); empty for LIG and STA",
            300,
        ),
        _count(
            "oppervlakteverblijfsobject",
            "Usable floor area in m²",
            minimum=1,
            maximum=10_000_000,
        ),
        _text("verblijfsobjectstatus", "Status of the object, as BAG words it", 80),
        Column(
            "object_id",
            Kind.BAG_ID,
            "The verblijfsobject, ligplaats or standplaats id",
            required=True,
        ),
        _code("object_type", _codes(Objecttype), "Kind of object", required=True),
        Column("nevenadres", Kind.YES_NO, "t for a side address, f for the main one"),
        Column("pandid", Kind.BAG_ID, "The building's BAG id; empty for LIG and STA"),
        _text("pandstatus", "Status of the building, as BAG words it", 80),
        _count("pandbouwjaar", "Year of construction", minimum=1000, maximum=2100),
        Column("x", Kind.NUMBER, "RD New x (m)"),
        Column("y", Kind.NUMBER, "RD New y (m)"),
        Column("lon", Kind.NUMBER, "WGS84 longitude"),
        Column("lat", Kind.NUMBER, "WGS84 latitude"),
    ),
    key=("nummeraanduiding",),
    required=True,
    delimiter=";",
)

BRK = Source(
    "brk_eigendom.csv",
    "Ownership from the Kadaster (BRK): one row per object and owner. An owner no longer "
    "delivered for a delivered object has sold it.",
    (
        Column("object_id", Kind.BAG_ID, "The object owned", required=True),
        _text(
            "eigenaar_id",
            "Stable owner id (pseudonymised at the source for natural persons)",
            40,
            required=True,
        ),
        _code("eigenaar_soort", _codes(Eigenaarsoort), "Kind of owner", required=True),
        _text("eigenaar_naam", "Name (companies; empty for natural persons)", 200),
        Column("kvk_nummer", Kind.KVK, "Chamber of Commerce number"),
        Column("aandeel", Kind.SHARE, "Share owned, such as 1/2"),
        _date("verkregen_op", "Date the owner acquired the object"),
        _text("eigenaar_straat", "Street of the owner's own address, where letters go", 120),
        Column("eigenaar_huisnummer", Kind.HUISNUMMER, "House number of the owner's address"),
        Column("eigenaar_huisletter", Kind.HUISLETTER, "House letter of the owner's address"),
        Column("eigenaar_toevoeging", Kind.TOEVOEGING, "Addition of the owner's address"),
        Column("eigenaar_postcode", Kind.POSTCODE, "Postcode of the owner's own address"),
        _text("eigenaar_woonplaats", "Place of the owner's own address", 80),
    ),
    key=("object_id", "eigenaar_id"),
)

BRP = Source(
    "brp_bewoning.csv",
    "Registrations per address from the BRP, as counts only, never persons. A row of zeros: "
    "nobody registered; no row: unknown. Several peildatums make a history.",
    (
        Column("nummeraanduiding", Kind.BAG_ID, "The address", required=True),
        _date("peildatum", "Date of the count", required=True),
        _count("ingeschrevenen", "Persons registered", required=True),
        _count("volwassenen", "Adults registered"),
        _count("minderjarigen", "Minors registered"),
        _count("achternamen", "Distinct family names registered"),
        _count("inschrijvingen_12m", "Moves in, in the 12 months before the peildatum"),
        _count("uitschrijvingen_12m", "Moves out, in the 12 months before the peildatum"),
        Column("briefadres", Kind.YES_NO, "The address is a postal address only (ja/nee)"),
    ),
    key=("nummeraanduiding", "peildatum"),
)

WOZ = Source(
    "woz.csv",
    "WOZ values per object and peildatum.",
    (
        Column("object_id", Kind.BAG_ID, "The object", required=True),
        _date("peildatum", "Valuation date", required=True),
        _count("waarde", "Value in euros", required=True),
    ),
    key=("object_id", "peildatum"),
)

ENERGIE = Source(
    "energie.csv",
    "Yearly consumption per address, only where a legal basis exists.",
    (
        Column("nummeraanduiding", Kind.BAG_ID, "The address", required=True),
        _count("jaar", "Year", required=True, minimum=1990, maximum=2100),
        _count("elektriciteit_kwh", "Electricity in kWh"),
        _count("gas_m3", "Gas in m³ (0 for an all-electric dwelling)"),
    ),
    key=("nummeraanduiding", "jaar"),
)

VERGUNNINGEN = Source(
    "vergunningen.csv",
    "Housing permits. A permit belongs to the owner who applied; it does not pass to a new owner.",
    (
        Column("object_id", Kind.BAG_ID, "The object", required=True),
        _code("soort", _codes(Vergunningsoort), "Kind of permit", required=True),
        _code("status", _codes(Vergunningstatus), "Status", required=True),
        _date("aangevraagd_op", "Date of application", required=True),
        _date("geldig_van", "Valid from"),
        _date("geldig_tot", "Valid until (empty: no end)"),
        _count("max_bewoners", "Most occupants allowed", maximum=1000),
        Column(
            "huurprijs",
            Kind.AMOUNT,
            "Bare monthly rent declared in the application (euros)",
            maximum=100_000,
        ),
    ),
    key=("object_id", "soort", "aangevraagd_op"),
)

GEBIEDSAANWIJZINGEN = Source(
    "gebiedsaanwijzingen.csv",
    "Which areas fall under which local rule, as the ordinances' annexes publish them.",
    (
        Column(
            "gebiedscode",
            Kind.AREA_CODE,
            "A buurt, wijk or gemeente of buurten.geojson",
            required=True,
        ),
        _code("regeling", _codes(Regeling), "The rule", required=True),
        _date("geldig_van", "In force from", required=True),
        _date("geldig_tot", "In force until (empty: no end)"),
        _text(
            "parameter",
            "The rule's figure: the WOZ limit (opkoopbescherming), the most room tenants "
            "without a permit (kamerverhuur)",
            60,
        ),
        _text("bron", "The ordinance and article", 300, required=True),
    ),
    key=("gebiedscode", "regeling", "geldig_van"),
)

MELDINGEN = Source(
    "meldingen.csv",
    "Reports from the clusters' own systems, history and ongoing. The address is the "
    "nummeraanduiding or else postcode and huisnummer (with letter and addition); a report "
    "whose address is not found is kept and queued for a person to match.",
    (
        _text("bron", "The delivering system", 60, required=True),
        _text("bron_id", "The report's id in that system", 80, required=True),
        Column("ontvangen_op", Kind.DATETIME, "When the report came in", required=True),
        Column("nummeraanduiding", Kind.BAG_ID, "The address's BAG id"),
        Column("postcode", Kind.POSTCODE, "Postcode, when no nummeraanduiding"),
        Column("huisnummer", Kind.HUISNUMMER, "House number, with the postcode"),
        Column("huisletter", Kind.HUISLETTER, "House letter"),
        Column("huisnummertoevoeging", Kind.TOEVOEGING, "House number addition"),
        _code("categorie", CATEGORIES, "Category of the problem", required=True),
        _text("omschrijving", "What the reporter said"),
        _code("melder_soort", _codes(MelderSoort), "Who reported"),
        _code("status", _codes(Bronstatus), "Status in the source (afgehandeld: closed)"),
    ),
    key=("bron", "bron_id"),
)
# A report's address parts are checked by the rules every channel follows; one that breaks
# them is kept as given and queued, not stored as unknown.
MELDING_ADDRESS = (
    "nummeraanduiding",
    "postcode",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
)

CONTROLES = Source(
    "controles.csv",
    "Outcomes of past inspections.",
    (
        _text("bron_id", "The inspection's id in the source", 60, required=True),
        Column("object_id", Kind.BAG_ID, "The object inspected", required=True),
        _date("datum", "Date of the inspection", required=True),
        _code("aanleiding", _codes(Aanleiding), "Why it was inspected", required=True),
        _code(
            "overtreding",
            _codes(Overtreding),
            "A violation was found",
            required=True,
            default=Overtreding.ONBEKEND,
        ),
        Column(
            "categorieen",
            Kind.CODES,
            "Categories found, separated by `|`",
            strict=True,
            vocabulary=CATEGORIES,
        ),
        _count("aangetroffen_personen", "Persons found", maximum=1000),
    ),
    key=("bron_id",),
    outcome=True,
)

HANDHAVINGEN = Source(
    "handhavingen.csv",
    "Past enforcement decisions, about an object, an owner or both.",
    (
        _text("bron_id", "The decision's id in the source", 60, required=True),
        Column("object_id", Kind.BAG_ID, "The object (or empty with an owner)", strict=True),
        _text("eigenaar_id", "The owner, as in brk_eigendom (or empty with an object)", 40),
        _date("datum", "Date of the decision", required=True),
        _code("instrument", _codes(Instrument), "The instrument", required=True),
        _code("categorie", CATEGORIES, "Category", strict=True),
        Column("bedrag", Kind.AMOUNT, "Amount in euros", maximum=10_000_000),
    ),
    key=("bron_id",),
    outcome=True,
)

# In the order they are imported: what a file refers to comes before it.
CSV_SOURCES: tuple[Source, ...] = (
    BAG,
    BRP,
    BRK,
    WOZ,
    ENERGIE,
    VERGUNNINGEN,
    GEBIEDSAANWIJZINGEN,
    MELDINGEN,
    CONTROLES,
    HANDHAVINGEN,
)
SOURCES: tuple[Source, ...] = (BUURTEN, *CSV_SOURCES)
MANIFEST = "manifest.json"
FILE_NAMES: tuple[str, ...] = (*(s.name for s in SOURCES), MANIFEST)
# Any CSV file may also come as Parquet with the same columns.
SUFFIXES = (".csv", ".parquet")
# Names starting with these are the deliverer's own (the generator's answer key): not reported.
IGNORED_PREFIXES = ("_", ".")


def by_stem(stem: str) -> Source:
    return next(source for source in SOURCES if source.stem == stem)


# Snapshots: what the import keeps for the analysis, per delivery, in the data folder:
# `snapshots/levering-<id>/<stem>.parquet`, every value as delivered text.
SNAPSHOTS = "snapshots"
SNAPSHOT_FOLDER_PREFIX = "levering-"
# Each dwelling's areas as the import placed it (the BAG export has no area column).
OBJECTEN = "objecten"
OBJECTEN_COLUMNS = ("object_id", "buurtcode", "wijkcode", "gemeentecode")
# Each snapshot row carries the line of the delivered file it came from.
LINE_COLUMN = "regel"


def snapshot_root(data_dir: Path | str) -> Path:
    return Path(data_dir) / SNAPSHOTS


def snapshot_folder(data_dir: Path | str, levering_pk: int) -> Path:
    """The snapshot files of one delivery: `<stem>.parquet` per file, and `objecten.parquet`."""
    return snapshot_root(data_dir) / f"{SNAPSHOT_FOLDER_PREFIX}{levering_pk}"
