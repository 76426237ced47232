"""Parquet snapshots of each delivered file's accepted rows, for the analytics engine (DuckDB).

Values stay as delivered text (ids keep their leading zeros); the analytic queries cast. After
a file is imported, its accepted rows are written: read again by pyarrow's CSV reader in C++
when every record sits on one line (then record i is line i + 2), else from the records kept
in batches while importing. Memory stays flat at any scale.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from goedwonen.registry.contract import LINE_COLUMN, OBJECTEN_COLUMNS

from .reading import Record, sniff_delimiter
from .report import FileReport


def _read_one_record_per_line(path: Path, header: list[str], records: int) -> pa.Table | None:
    """The whole CSV as text columns, or None when a record spans lines or a line is blank."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        delimiter = sniff_delimiter(handle.readline())
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return table if table.num_rows == records else None


class Snapshot:
    def __init__(self, path: Path, source: Path, columns: list[str], report: FileReport) -> None:
        self.path = path
        self.source = source
        self.columns = columns
        self.report = report
        self.kept: list[Record] = []
        self.lines: list[int] = []
        self.spans_lines = False

    def tee(self, records: Iterator[Record]) -> Iterator[Record]:
        """Pass records through; note whether any record spans more than one line."""
        expected = 2
        for record in records:
            if record.line != expected:
                self.spans_lines = True
            expected = record.line + 1
            self.report.read += 1
            yield record

    def write(self) -> None:
        rejected = np.array(sorted({p.line for p in self.report.rejected}), dtype=np.int64)
        table = None
        if not self.spans_lines and self.source.suffix == ".csv":
            table = _read_one_record_per_line(self.source, self.columns, self.report.read)
        if table is None:
            self._write_slowly(rejected)
            return
        lines = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
        table = table.add_column(0, LINE_COLUMN, lines)
        if len(rejected):
            table = table.filter(pc.invert(pc.is_in(lines, value_set=pa.array(rejected))))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, self.path, compression="zstd")

    def _write_slowly(self, rejected: np.ndarray) -> None:
        """A file with multi-line records or Parquet input: read it once more, record by record."""
        from .reading import read_records

        _, records, _ = read_records(self.source)
        skip = set(rejected.tolist())
        schema = pa.schema([(LINE_COLUMN, pa.int64()), *((c, pa.string()) for c in self.columns)])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(self.path, schema, compression="zstd") as writer:
            batch: list[Record] = []
            for record in records:
                if record.line not in skip:
                    batch.append(record)
                if len(batch) >= 100_000:
                    writer.write_table(self._table(batch, schema))
                    batch = []
            if batch:
                writer.write_table(self._table(batch, schema))

    def _table(self, batch: list[Record], schema: pa.Schema) -> pa.Table:
        arrays = [pa.array([r.line for r in batch], pa.int64())] + [
            pa.array([r.values.get(c, "") for r in batch], pa.string()) for c in self.columns
        ]
        return pa.Table.from_arrays(arrays, schema=schema)


def write_objects_snapshot(path: Path) -> None:
    """Each dwelling's buurt, wijk and gemeente as the import placed it (the BAG export has no
    area column; the areas come from point-in-polygon), for the analytics engine."""
    from django.db import connection

    from goedwonen.registry.models import Gebied, Verblijfsobject

    objects, areas = Verblijfsobject._meta.db_table, Gebied._meta.db_table
    query = f"""
        SELECT o.object_id, b.code, w.code, g.code
        FROM {objects} o
        JOIN {areas} b ON b.id = o.buurt_id
        LEFT JOIN {areas} w ON w.id = b.bovenliggend_id
        LEFT JOIN {areas} g ON g.id = w.bovenliggend_id
        WHERE o.is_woning
    """  # noqa: S608 - table names from the models
    schema = pa.schema([(name, pa.string()) for name in OBJECTEN_COLUMNS])
    path.parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor, pq.ParquetWriter(path, schema, compression="zstd") as out:
        cursor.execute(query)
        while rows := cursor.fetchmany(100_000):
            columns = list(zip(*rows, strict=True))
            out.write_table(
                pa.Table.from_arrays([pa.array(c, pa.string()) for c in columns], schema=schema)
            )
