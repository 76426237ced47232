"""Parquet snapshots of each delivered file's accepted rows, for the analytics engine (DuckDB).

Values stay as delivered text (ids keep their leading zeros); the analytic queries cast.
Written while the file is imported, in batches, so memory stays flat at any scale.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .reading import Record
from .report import FileReport

BATCH = 100_000


class Snapshot:
    def __init__(self, path: Path, columns: list[str], report: FileReport) -> None:
        self.path = path
        self.columns = ["regel", *columns]
        self.report = report
        self.buffer: list[Record] = []
        self.writer: pq.ParquetWriter | None = None
        self.schema = pa.schema([("regel", pa.int64()), *((c, pa.string()) for c in columns)])
        self.written = 0

    def tee(self, records: Iterator[Record]) -> Iterator[Record]:
        for record in records:
            yield record
            self.buffer.append(record)
            if len(self.buffer) >= BATCH:
                self._flush()

    def _flush(self) -> None:
        if not self.buffer:
            return
        rejected = {problem.line for problem in self.report.rejected}
        kept = [r for r in self.buffer if r.line not in rejected]
        self.buffer = []
        if not kept:
            return
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        arrays = [pa.array([r.line for r in kept], pa.int64())] + [
            pa.array([r.values.get(c, "") for r in kept], pa.string()) for c in self.columns[1:]
        ]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.written += len(kept)

    def close(self) -> None:
        self._flush()
        if self.writer is not None:
            self.writer.close()

    def discard(self) -> None:
        self.buffer = []
        if self.writer is not None:
            self.writer.close()
        self.path.unlink(missing_ok=True)
