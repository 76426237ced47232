"""The scoring engine: every indicator for every dwelling of an area in one pass, on DuckDB.

The engine builds one row per dwelling (`woning`, the columns in `COLUMNS`) from the analytic
store: the Parquet snapshots of the latest deliveries plus the events exported from the
operational database (`store.py`). Each indicator of the catalogue is an SQL expression over
those columns giving a signal between 0 and 1; a dwelling's score is the weighted sum of its
signals, and every indicator's contribution is kept beside it, so each score explains itself.

Everything the engine reads is named in its input (`Store`), and it reads nothing else: the
same store, catalogue and parameters give the same scores.
"""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from duckdb.func import FunctionNullHandling, PythonUDFType

from goedwonen.checks.huurprijstabel import huurprijstabel
from goedwonen.checks.parameters import AANVRAAG_VOOR_LEVERING_DAGEN
from goedwonen.core.exports import sql_neutralised
from goedwonen.registry import contract

# What an indicator may use: the dwelling's columns, with their meaning (the catalogue page
# shows them). Nothing about persons: counts per address and facts about the owner's property.
COLUMNS: dict[str, str] = {
    "object_id": "BAG-id van het verblijfsobject",
    "buurtcode": "CBS-buurtcode",
    "wijkcode": "CBS-wijkcode",
    "straat": "Straatnaam",
    "postcode": "Postcode",
    "oppervlakte": "Gebruiksoppervlakte in m² (BAG)",
    "bouwjaar": "Bouwjaar van het pand (BAG)",
    "brp_bekend": "Er is een BRP-telling voor het adres",
    "ingeschrevenen": "Ingeschreven personen op het adres (BRP, aantal)",
    "volwassenen": "Ingeschreven volwassenen (BRP, aantal)",
    "minderjarigen": "Ingeschreven minderjarigen (BRP, aantal)",
    "achternamen": "Verschillende achternamen op het adres (BRP, aantal)",
    "inschrijvingen_12m": "Inschrijvingen in de 12 maanden voor de BRP-peildatum",
    "uitschrijvingen_12m": "Uitschrijvingen in de 12 maanden voor de BRP-peildatum",
    "briefadres": "Het adres is een briefadres (BRP)",
    "eigenaar_soort": "Soort eigenaar (BRK): natuurlijk persoon, rechtspersoon, ...",
    "eigenaar_postcode": "Postcode van het adres van de eigenaar (BRK)",
    "verkregen_op": "Datum waarop de huidige eigenaar het object verkreeg (BRK)",
    "portefeuille": "Aantal objecten van de eigenaar in de levering (BRK)",
    "woz": "WOZ-waarde op de laatste peildatum (euro)",
    "elektriciteit_kwh": "Elektriciteitsverbruik in het laatste jaar (kWh)",
    "gas_m3": "Gasverbruik in het laatste jaar (m³)",
    "energie_verhouding": "Elektriciteitsverbruik gedeeld door het verwachte verbruik voor de "
    "oppervlakte (mediaan per m² van de gescoorde woningen)",
    "verhuurvergunning_plicht": "Het gebied valt onder de verhuurvergunning (aanwijzing)",
    "verhuurvergunning": (
        "Er is een geldige verhuurvergunning, aangevraagd door de huidige eigenaar"
    ),
    "opkoop_grens": "WOZ-grens van de opkoopbescherming op de datum van verkrijging (euro)",
    "opkoop_vergunning": "Er is een opkoopvergunning, aangevraagd door de huidige eigenaar",
    "kamerverhuur_max": "Meeste kamerhuurders zonder vergunning in het gebied (aanwijzing)",
    "opgegeven_huur": "Kale huur opgegeven in de laatste vergunningaanvraag (euro per maand)",
    "meldingen_24m": "Meldingen over het adres in de 24 maanden voor de peildatum",
    "overtredingen_4j": "Controles met een overtreding op het adres in de 4 jaar voor de peildatum",
    "handhavingen_4j": "Handhavingsbesluiten op het adres in de 4 jaar voor de peildatum",
    "eigenaar_handhavingen_4j": "Handhavingsbesluiten tegen de eigenaar in 4 jaar (alle objecten)",
    "eigenaar_objecten_overtreding_4j": "Objecten van de eigenaar met een overtreding bij een "
    "controle in 4 jaar",
    "peildatum": "De peildatum van de run",
}

# Functions an indicator may call; anything else (table functions, subqueries, windows) is
# refused by the catalogue, so an indicator can only compute on its own dwelling's row.
# In a reason's sentence, `{singular|plural}`: the form that goes with the value.
REASON_CHOICE = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")
FUNCTIONS = frozenset(
    {
        *("+", "-", "*", "/", "%", "//"),
        *("least", "greatest", "coalesce", "nullif", "abs", "ln", "log10", "sqrt", "round"),
        *("floor", "ceil", "date_diff", "year", "left", "right", "substr", "length", "lower"),
        *("starts_with", "contains", "maximale_huur", "try_cast", "date_add", "to_years"),
        *("to_months", "to_days"),
    }
)

# The delivery snapshots a run reads (named as the data contract names them), and the events
# exported from the operational database for it, with their columns (all text).
SOURCES = (
    contract.BAG.stem,
    contract.OBJECTEN,
    contract.BRP.stem,
    contract.BRK.stem,
    contract.WOZ.stem,
    contract.ENERGIE.stem,
    contract.VERGUNNINGEN.stem,
    contract.GEBIEDSAANWIJZINGEN.stem,
)
EVENTS: dict[str, tuple[str, ...]] = {
    "meldingen": ("object_id", "datum"),
    "controles": ("object_id", "datum", "overtreding"),
    "handhavingen": ("object_id", "eigenaar_id", "datum"),
}
# Up to this many dwellings in the store, a run keeps its tables in memory (a city: about
# 330 thousand); beyond it, in a throwaway database file, so they can leave memory.
IN_MEMORY_DWELLINGS = 1_000_000


@dataclass(frozen=True)
class Store:
    """The Parquet files a run reads: the delivery snapshots (`SOURCES`; absent ones count as
    empty, except the BAG and the areas of its objects) and the exported events (`EVENTS`)."""

    files: dict[str, Path]

    def path(self, name: str) -> Path | None:
        return self.files.get(name)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    berekening: str
    waarde: str
    reden: str
    gewicht: float
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    path: Path
    dwellings: int
    digest: str


class EngineError(Exception):
    """A store or catalogue the engine cannot score with; the message says what is missing."""


# Columns of each input: a snapshot has its file's columns, as delivered text.
_SCHEMAS: dict[str, tuple[str, ...]] = {
    **{source.stem: source.column_names for source in contract.CSV_SOURCES},
    contract.OBJECTEN: contract.OBJECTEN_COLUMNS,
    **EVENTS,
}


def _relation(con: duckdb.DuckDBPyConnection, store: Store, name: str) -> str:
    """A view on the named input: its Parquet file, or an empty table of the same columns."""
    path = store.path(name)
    if path is not None:
        con.execute(f"CREATE TEMP VIEW src_{name} AS SELECT * FROM read_parquet({_literal(path)})")
    else:
        columns = ", ".join(f"NULL::VARCHAR AS {c}" for c in _SCHEMAS[name])
        con.execute(f"CREATE TEMP VIEW src_{name} AS SELECT {columns} WHERE false")
    return f"src_{name}"


def _rent_function(con: duckdb.DuckDBPyConnection) -> None:
    """`maximale_huur(punten)`: the 2026 maximum bare rent of a self-contained dwelling, looked
    up in the checks' table for a whole column at once."""
    tabel = huurprijstabel()
    amounts = np.array([float(tabel.maximale_huur(p, zelfstandig=True)) for p in range(251)])
    step = amounts[250] - amounts[249]

    def maximale_huur(punten: pa.Array) -> pa.Array:
        values = punten.to_numpy(zero_copy_only=False).astype(float)  # nulls become NaN
        known = ~np.isnan(values)
        rounded = np.round(np.where(known, values, 0))
        within = amounts[np.clip(rounded, 0, 250).astype(np.int64)]
        result = np.where(rounded > 250, amounts[250] + (rounded - 250) * step, within)
        return pa.array(result, mask=~known)

    con.create_function(
        "maximale_huur",
        maximale_huur,
        ["DOUBLE"],
        "DOUBLE",
        type=PythonUDFType.ARROW,
        null_handling=FunctionNullHandling.SPECIAL,
        side_effects=False,
    )


# The dwelling rows, step by step: what several steps use is made once.
_STEPS = (
    """
    -- One row per dwelling: written so by the import (from the registry's own table).
    CREATE TABLE obj AS
    SELECT object_id, buurtcode, wijkcode, gemeentecode
    FROM src_objecten
    WHERE $alle OR list_contains($buurten, buurtcode)
    """,
    """
    -- The main address of each dwelling: a verblijfsobject has exactly one (BAG).
    CREATE TABLE bag AS
    SELECT b.object_id, b.nummeraanduiding, b.openbareruimte AS straat,
           b.huisnummer || b.huisletter ||
               CASE WHEN b.huisnummertoevoeging <> '' THEN '-' || b.huisnummertoevoeging
                    ELSE '' END AS huisnummer,
           b.postcode,
           TRY_CAST(NULLIF(b.oppervlakteverblijfsobject, '') AS INTEGER) AS oppervlakte,
           TRY_CAST(NULLIF(b.pandbouwjaar, '') AS INTEGER) AS bouwjaar,
           TRY_CAST(NULLIF(b.lon, '') AS DOUBLE) AS lon,
           TRY_CAST(NULLIF(b.lat, '') AS DOUBLE) AS lat
    FROM src_bag_adressen b SEMI JOIN obj USING (object_id)
    WHERE b.nevenadres = 'f' AND b.object_type = 'VBO'
      AND contains(b.verblijfsobjectgebruiksdoel, 'woonfunctie')
    """,
    """
    CREATE TABLE eigendom AS
    SELECT object_id, eigenaar_id, eigenaar_soort, eigenaar_postcode,
           TRY_CAST(NULLIF(verkregen_op, '') AS DATE) AS verkregen_op,
           coalesce(TRY_CAST(split_part(aandeel, '/', 1) AS DOUBLE)
                    / NULLIF(TRY_CAST(split_part(aandeel, '/', 2) AS DOUBLE), 0), 1) AS deel
    FROM src_brk_eigendom
    """,
    """
    -- The owner with the largest share; ties go by a fixed hash of the owner's id, so every
    -- run on the same delivery picks the same owner.
    CREATE TABLE hoofdeigenaar AS
    SELECT object_id, unnest(hoofd), verkregen_op
    FROM (
        SELECT object_id,
               arg_max({'eigenaar_id': eigenaar_id, 'eigenaar_soort': eigenaar_soort,
                        'eigenaar_postcode': eigenaar_postcode},
                       CAST(round(deel * 1000000) AS BIGINT) * 1000000000
                       + CAST(hash(eigenaar_id) % 1000000000 AS BIGINT)) AS hoofd,
               max(verkregen_op) AS verkregen_op
        FROM eigendom /*binnen*/ SEMI JOIN obj USING (object_id) /**/
        GROUP BY object_id
    )
    """,
    """
    CREATE TABLE aanwijzing AS
    SELECT gebiedscode, regeling,
           TRY_CAST(NULLIF(geldig_van, '') AS DATE) AS geldig_van,
           TRY_CAST(NULLIF(geldig_tot, '') AS DATE) AS geldig_tot,
           TRY_CAST(NULLIF(parameter, '') AS DOUBLE) AS parameter
    FROM src_gebiedsaanwijzingen
    """,
    """
    -- Designations apply to a buurt directly or through its wijk or gemeente: resolved once
    -- per buurt, not per dwelling.
    CREATE TABLE buurtregels AS
    WITH buurten AS (SELECT DISTINCT buurtcode, wijkcode, gemeentecode FROM obj)
    SELECT b.buurtcode, a.regeling, a.geldig_van, a.geldig_tot, a.parameter
    FROM buurten b
    JOIN aanwijzing a ON a.gebiedscode IN (b.buurtcode, b.wijkcode, b.gemeentecode)
    """,
    """
    -- The latest count at or before the run's date, as one row per address (cast after
    -- choosing, so only the rows kept are converted).
    CREATE TABLE brp AS
    SELECT nummeraanduiding,
           TRY_CAST(l.ingeschrevenen AS INTEGER) AS ingeschrevenen,
           TRY_CAST(l.volwassenen AS INTEGER) AS volwassenen,
           TRY_CAST(l.minderjarigen AS INTEGER) AS minderjarigen,
           TRY_CAST(l.achternamen AS INTEGER) AS achternamen,
           TRY_CAST(l.inschrijvingen_12m AS INTEGER) AS inschrijvingen_12m,
           TRY_CAST(l.uitschrijvingen_12m AS INTEGER) AS uitschrijvingen_12m,
           l.briefadres = 'ja' AS briefadres
    FROM (
        SELECT nummeraanduiding,
               arg_max({
                   'ingeschrevenen': ingeschrevenen, 'volwassenen': volwassenen,
                   'minderjarigen': minderjarigen, 'achternamen': achternamen,
                   'inschrijvingen_12m': inschrijvingen_12m,
                   'uitschrijvingen_12m': uitschrijvingen_12m, 'briefadres': briefadres
               }, peildatum) AS l
        FROM src_brp_bewoning /*binnen*/ SEMI JOIN bag USING (nummeraanduiding) /**/
        WHERE peildatum <= $peil_tekst
        GROUP BY nummeraanduiding
    )
    """,
    """
    CREATE TABLE woz AS
    SELECT object_id, TRY_CAST(arg_max(waarde, peildatum) AS BIGINT) AS woz
    FROM src_woz /*binnen*/ SEMI JOIN bag USING (object_id) /**/
    WHERE peildatum <= $peil_tekst
    GROUP BY object_id
    """,
    """
    CREATE TABLE energie_alle AS
    SELECT nummeraanduiding, unnest(laatste)
    FROM (
        SELECT nummeraanduiding,
               arg_max({
                   'elektriciteit_kwh': TRY_CAST(elektriciteit_kwh AS DOUBLE),
                   'gas_m3': TRY_CAST(gas_m3 AS DOUBLE)
               }, jaar) AS laatste
        FROM src_energie /*binnen*/ SEMI JOIN bag USING (nummeraanduiding) /**/
        WHERE TRY_CAST(jaar AS INTEGER) <= year($peil)
        GROUP BY nummeraanduiding
    )
    """,
    """
    CREATE TABLE woning AS
    WITH
    portefeuille AS (
        -- One row per object and owner in the BRK delivery.
        SELECT eigenaar_id, count(*) AS portefeuille
        FROM eigendom GROUP BY eigenaar_id
    ),
    vergunningen AS (
        -- A permit belongs to the owner who applied: one applied for before the current
        -- owner acquired the object does not count.
        SELECT v.object_id,
               bool_or(v.soort = 'verhuurvergunning' AND v.status = 'verleend'
                       AND v.geldig_van <= $peil
                       AND (v.geldig_tot IS NULL OR v.geldig_tot > $peil)) AS verhuurvergunning,
               bool_or(v.soort = 'opkoopbescherming' AND v.status = 'verleend')
                   AS opkoop_vergunning,
               arg_max(v.huurprijs, v.aangevraagd_op) FILTER (WHERE v.huurprijs IS NOT NULL)
                   AS opgegeven_huur
        FROM (
            SELECT object_id, soort, status,
                   TRY_CAST(NULLIF(aangevraagd_op, '') AS DATE) AS aangevraagd_op,
                   TRY_CAST(NULLIF(geldig_van, '') AS DATE) AS geldig_van,
                   TRY_CAST(NULLIF(geldig_tot, '') AS DATE) AS geldig_tot,
                   TRY_CAST(NULLIF(huurprijs, '') AS DOUBLE) AS huurprijs
            FROM src_vergunningen SEMI JOIN bag USING (object_id)
        ) v
        LEFT JOIN hoofdeigenaar h USING (object_id)
        WHERE h.verkregen_op IS NULL
           OR v.aangevraagd_op >= h.verkregen_op - to_days($aanvraag_marge_dagen)
        GROUP BY v.object_id
    ),
    regels_nu AS (
        SELECT buurtcode,
               bool_or(regeling = 'verhuurvergunning') AS verhuurvergunning_plicht,
               min(parameter) FILTER (WHERE regeling = 'kamerverhuur') AS kamerverhuur_max
        FROM buurtregels
        WHERE geldig_van <= $peil AND (geldig_tot IS NULL OR geldig_tot > $peil)
        GROUP BY buurtcode
    ),
    opkoop AS (
        -- Buy-to-let protection as it applied on the day the current owner acquired it.
        SELECT h.object_id, max(r.parameter) AS opkoop_grens
        FROM hoofdeigenaar h
        JOIN obj USING (object_id)
        JOIN buurtregels r ON r.buurtcode = obj.buurtcode AND r.regeling = 'opkoopbescherming'
             AND r.geldig_van <= h.verkregen_op
             AND (r.geldig_tot IS NULL OR r.geldig_tot > h.verkregen_op)
        GROUP BY h.object_id
    ),
    meldingen AS (
        SELECT object_id, count(*) AS meldingen_24m
        FROM src_meldingen
        WHERE TRY_CAST(datum AS DATE) > $peil - INTERVAL 24 MONTH
          AND TRY_CAST(datum AS DATE) <= $peil
        GROUP BY object_id
    ),
    controles AS (
        SELECT object_id, TRY_CAST(datum AS DATE) AS datum, overtreding
        FROM src_controles
        WHERE TRY_CAST(datum AS DATE) > $peil - INTERVAL 4 YEAR
          AND TRY_CAST(datum AS DATE) <= $peil
    ),
    handhavingen AS (
        SELECT object_id, eigenaar_id, TRY_CAST(datum AS DATE) AS datum
        FROM src_handhavingen
        WHERE TRY_CAST(datum AS DATE) > $peil - INTERVAL 4 YEAR
          AND TRY_CAST(datum AS DATE) <= $peil
    ),
    eigenaar_overtredingen AS (
        SELECT e.eigenaar_id, count(DISTINCT c.object_id) AS objecten
        FROM controles c JOIN eigendom e USING (object_id)
        WHERE c.overtreding = 'ja'
        GROUP BY e.eigenaar_id
    ),
    verbruik_per_m2 AS (
        -- What a dwelling uses per m², the median over the dwellings scored.
        SELECT median(e.elektriciteit_kwh / b.oppervlakte) AS kwh_per_m2
        FROM energie_alle e JOIN bag b USING (nummeraanduiding)
        WHERE b.oppervlakte > 0 AND e.elektriciteit_kwh > 0
    )
    SELECT
        bag.object_id, obj.buurtcode, obj.wijkcode, obj.gemeentecode, bag.straat,
        bag.huisnummer, bag.postcode, bag.oppervlakte, bag.bouwjaar, bag.lon, bag.lat,
        brp.nummeraanduiding IS NOT NULL AS brp_bekend,
        brp.ingeschrevenen, brp.volwassenen, brp.minderjarigen, brp.achternamen,
        brp.inschrijvingen_12m, brp.uitschrijvingen_12m, brp.briefadres,
        h.eigenaar_id, h.eigenaar_soort, h.eigenaar_postcode, h.verkregen_op,
        p.portefeuille,
        woz.woz,
        en.elektriciteit_kwh, en.gas_m3,
        en.elektriciteit_kwh
            / NULLIF((SELECT kwh_per_m2 FROM verbruik_per_m2) * bag.oppervlakte, 0)
            AS energie_verhouding,
        coalesce(rn.verhuurvergunning_plicht, false) AS verhuurvergunning_plicht,
        coalesce(v.verhuurvergunning, false) AS verhuurvergunning,
        ok.opkoop_grens,
        coalesce(v.opkoop_vergunning, false) AS opkoop_vergunning,
        rn.kamerverhuur_max,
        v.opgegeven_huur,
        coalesce(m.meldingen_24m, 0) AS meldingen_24m,
        coalesce(c.overtredingen_4j, 0) AS overtredingen_4j,
        coalesce(ha.handhavingen_4j, 0) AS handhavingen_4j,
        coalesce(he.handhavingen, 0) AS eigenaar_handhavingen_4j,
        coalesce(eo.objecten, 0) AS eigenaar_objecten_overtreding_4j,
        $peil AS peildatum
    FROM bag
    JOIN obj USING (object_id)
    LEFT JOIN brp USING (nummeraanduiding)
    LEFT JOIN hoofdeigenaar h USING (object_id)
    LEFT JOIN portefeuille p ON p.eigenaar_id = h.eigenaar_id
    LEFT JOIN woz USING (object_id)
    LEFT JOIN energie_alle en ON en.nummeraanduiding = bag.nummeraanduiding
    LEFT JOIN vergunningen v USING (object_id)
    LEFT JOIN regels_nu rn ON rn.buurtcode = obj.buurtcode
    LEFT JOIN opkoop ok USING (object_id)
    LEFT JOIN meldingen m USING (object_id)
    LEFT JOIN (SELECT object_id, count(*) FILTER (WHERE overtreding = 'ja') AS overtredingen_4j
               FROM controles GROUP BY object_id) c USING (object_id)
    LEFT JOIN (SELECT object_id, count(*) AS handhavingen_4j
               FROM handhavingen GROUP BY object_id) ha USING (object_id)
    LEFT JOIN (SELECT eigenaar_id, count(*) AS handhavingen
               FROM handhavingen WHERE eigenaar_id <> '' GROUP BY eigenaar_id) he
           ON he.eigenaar_id = h.eigenaar_id
    LEFT JOIN eigenaar_overtredingen eo ON eo.eigenaar_id = h.eigenaar_id
    """,
)


def prepare(
    con: duckdb.DuckDBPyConnection,
    store: Store,
    *,
    peildatum: date,
    buurten: Sequence[str] | None,
) -> None:
    """Create the `woning` table: one row per dwelling of `buurten` (all when None)."""
    for name in (*SOURCES, *EVENTS):
        _relation(con, store, name)
    _rent_function(con)
    if buurten:
        (outside,) = con.execute(
            "SELECT count(*) FROM src_objecten WHERE NOT list_contains(?, buurtcode)",
            [list(buurten)],
        ).fetchone() or (0,)
        if not outside:
            buurten = None  # the area holds every dwelling of the store: nothing to narrow
    values = {
        "peil": peildatum,
        "peil_tekst": peildatum.isoformat(),
        "alle": buurten is None,
        "buurten": list(buurten or []),
        "aanvraag_marge_dagen": AANVRAAG_VOOR_LEVERING_DAGEN.waarde,
    }
    for step in _STEPS:
        if buurten is None:  # every dwelling: no need to narrow the sources to the area first
            step = re.sub(r"/\*binnen\*/.*?/\*\*/", "", step)
        used = set(re.findall(r"\$([a-z_]+)", step))
        con.execute(step, {name: value for name, value in values.items() if name in used})


def prepare_empty(con: duckdb.DuckDBPyConnection, store: Store) -> None:
    """An empty `woning` table with the engine's column types (to check expressions)."""
    prepare(con, store, peildatum=date(2000, 1, 1), buurten=[])


def _spill_folder() -> Path:
    from django.conf import settings

    spill = Path(settings.DATA_DIR) / "analytics" / "tmp"
    spill.mkdir(parents=True, exist_ok=True)
    return spill


def connect(
    *, memory_limit: str | None = None, threads: int | None = None, database: Path | None = None
) -> Any:
    """A DuckDB that stays within the configured memory (GOEDWONEN_ANALYTICS_MEMORY) and spills
    what does not fit into the data folder. With `database` its tables live in that file, so
    even the intermediate tables of a national run can leave memory."""
    from django.conf import settings

    con = duckdb.connect(str(database) if database else ":memory:")
    con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
    con.execute("SET memory_limit = ?", [memory_limit or settings.ANALYTICS_MEMORY_LIMIT])
    con.execute("SET temp_directory = ?", [str(_spill_folder())])
    con.execute("SET preserve_insertion_order = false")
    return con


_process_database: tuple[int, Any] | None = None
_process_lock = threading.Lock()


def process_cursor() -> Any:
    """A cursor of this process's own in-memory DuckDB (as `connect` makes one), for the
    small reads a page makes of a run's files: a new DuckDB costs about 20 ms, a cursor well
    under one. Each cursor is a connection of its own to it, with its own temporary tables,
    so threads and requests do not share one. Close it after. Made again after a fork."""
    global _process_database
    with _process_lock:
        if _process_database is None or _process_database[0] != os.getpid():
            _process_database = (os.getpid(), connect())
        return _process_database[1].cursor()


@contextmanager
def _working_database(memory_limit: str | None, *, on_disk: bool) -> Iterator[Any]:
    """A connection for one run: in memory, or on a throwaway database file in the spill
    folder (removed afterwards) when the store is too big for its tables to stay in memory."""
    if not on_disk:
        con = connect(memory_limit=memory_limit)
        try:
            yield con
        finally:
            con.close()
        return
    path = _spill_folder() / f"run-{uuid.uuid4().hex}.duckdb"
    con = connect(memory_limit=memory_limit, database=path)
    try:
        yield con
    finally:
        con.close()
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _parameter_name(code: str, name: str) -> str:
    return f"{code}__{name}"


def bind(expression: str, code: str) -> str:
    """The expression with its `$name` parameters renamed to `$code__name` (unique per run)."""
    return re.sub(
        r"\$([A-Za-z_][A-Za-z0-9_]*)", lambda m: "$" + _parameter_name(code, m[1]), expression
    )


def score(
    *,
    store: Store,
    indicators: Sequence[IndicatorSpec],
    peildatum: date,
    buurten: Sequence[str] | None,
    out: Path,
    memory_limit: str | None = None,
) -> Result:
    """Score every dwelling in `buurten` (all when None) and write the run's Parquet file:
    one row per dwelling with its score, rank, reasons and each indicator's signal."""
    for required in (contract.BAG.stem, contract.OBJECTEN):
        if store.path(required) is None:
            raise EngineError(
                f"Geen {required} in de analyse-opslag: importeer eerst een BAG-levering."
            )
    if not indicators:
        raise EngineError("De catalogus heeft geen actieve indicatoren.")
    on_disk = pq.ParquetFile(store.files[contract.OBJECTEN]).metadata.num_rows > IN_MEMORY_DWELLINGS
    with _working_database(memory_limit, on_disk=on_disk) as con:
        prepare(con, store, peildatum=peildatum, buurten=buurten)
        values: dict[str, Any] = {}
        selects, contributions, reasons = [], [], []  # per indicator, in catalogue order
        for spec in indicators:
            for name, parameter in spec.parameters.items():
                values[_parameter_name(spec.code, name)] = parameter["waarde"]
            signal = (
                f"least(greatest(coalesce(CAST(({bind(spec.berekening, spec.code)}) AS DOUBLE),"
                " 0), 0), 1)"
            )
            selects.append(f'{signal} AS "s_{spec.code}"')
            selects.append(f'CAST(({bind(spec.waarde, spec.code)}) AS DOUBLE) AS "w_{spec.code}"')
            contributions.append(f'{spec.gewicht!r} * "s_{spec.code}"')
            reasons.append(
                "{'bijdrage': "
                f"{spec.gewicht!r} * \"s_{spec.code}\", 'code': '{spec.code}', "
                f"'tekst': {_reason_sql(spec)}"
                "}"
            )
        score_sql = " + ".join(contributions)
        con.execute(
            f"""
            CREATE TABLE gescoord AS
            SELECT *, round({score_sql}, 6) AS score,
                   list_transform(
                       list_sort(
                           list_filter([{", ".join(reasons)}], lambda r: r.bijdrage > 0),
                           'DESC'),
                       lambda r: r.tekst) AS redenen
            FROM (
                SELECT object_id, buurtcode, wijkcode, straat, huisnummer, postcode, lon, lat,
                       eigenaar_id, {", ".join(selects)}
                FROM woning
            )
            """,
            values,
        )
        # Ranked on the two columns it needs, not the whole row; ties by object id.
        con.execute(
            "CREATE TABLE rang AS SELECT object_id, "
            "row_number() OVER (ORDER BY score DESC, object_id) AS rank FROM gescoord"
        )
        con.execute(
            "COPY (SELECT g.*, r.rank FROM gescoord g JOIN rang r USING (object_id)) "
            f"TO {_literal(out)} (FORMAT parquet)"
        )
        dwellings, digest = con.execute(
            "SELECT count(*), coalesce(bit_xor(hash(object_id, score, rank)), 0) "
            "FROM read_parquet(?)",
            [str(out)],
        ).fetchone()
    return Result(path=out, dwellings=int(dwellings), digest=f"{int(digest):016x}")


def _reason_sql(spec: IndicatorSpec) -> str:
    """The reason's sentence: `{waarde}` filled in, and each `{singular|plural}` chosen by
    whether the value is 1 ('1 melding', '3 meldingen')."""
    value = f'"w_{spec.code}"'
    shown = (
        f"CASE WHEN {value} IS NULL THEN '' WHEN {value} = round({value}) "
        f"THEN CAST(CAST({value} AS BIGINT) AS VARCHAR) "
        f"ELSE replace(printf('%.1f', {value}), '.', ',') END"
    )

    def filled(template: str) -> str:
        quoted = template.replace("'", "''")
        return f"replace('{quoted}', '{{waarde}}', {shown})"

    singular, plural = REASON_CHOICE.sub(r"\1", spec.reden), REASON_CHOICE.sub(r"\2", spec.reden)
    text = (
        filled(plural)
        if singular == plural
        else f"CASE WHEN {value} = 1 THEN {filled(singular)} ELSE {filled(plural)} END"
    )
    # Built only for the indicators that contributed: most dwellings have few.
    return f'CASE WHEN "s_{spec.code}" > 0 THEN {text} END'


def _literal(path: Path) -> str:
    """A file name as an SQL string literal (DuckDB cannot bind parameters in DDL or COPY)."""
    return "'" + str(path).replace("'", "''") + "'"


def write_csv(run_file: Path, out: Path) -> int:
    """`object_id,score,rank,reasons` for every scored dwelling, best first.

    A file for programs (commas, numbers as numbers), but people open it in a spreadsheet too,
    and the reasons are text from the catalogue's templates: they are neutralised as in every
    export (goedwonen.core.exports)."""
    reasons = sql_neutralised("array_to_string(redenen, '; ')")
    con = connect()
    try:
        con.execute(
            f"""
            COPY (
                SELECT object_id, score, rank, {reasons} AS reasons
                FROM read_parquet(?) ORDER BY rank
            ) TO {_literal(out)} (HEADER, DELIMITER ',')
            """,
            [str(run_file)],
        )
        return int(
            con.execute("SELECT count(*) FROM read_parquet(?)", [str(run_file)]).fetchone()[0]
        )
    finally:
        con.close()
