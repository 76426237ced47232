"""Fast conversions from numpy arrays to Arrow columns, and a streaming CSV file.

Everything here is vectorised: the national scale writes some hundred million rows, so no
per-row Python is allowed on the big paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

EPOCH = np.datetime64("1970-01-01", "D")


def day(iso: str) -> int:
    """Days since 1970-01-01 of an ISO date: the generator's internal date type."""
    return int((np.datetime64(iso, "D") - EPOCH).astype(np.int64))


def fixed_digits(values: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded strings of exactly `width` digits."""
    values = np.asarray(values, dtype=np.int64)
    if width > 18:
        raise ValueError("width above 18 digits does not fit an int64")
    count = len(values)
    padded = pc.cast(pa.array(values + 10**width), pa.string())
    # Every string is now "1" followed by `width` digits: drop the leading "1" of each by
    # viewing the contiguous character buffer as a (count, width + 1) matrix.
    chars = np.frombuffer(padded.buffers()[2], dtype=np.uint8, count=count * (width + 1))
    data = np.ascontiguousarray(chars.reshape(count, width + 1)[:, 1:])
    offsets = np.arange(0, width * (count + 1), width, dtype=np.int32)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data))


def bag_ids(gemeente: int, object_type: int, seq: np.ndarray) -> pa.Array:
    """BAG identifications: 4-digit gemeente, 2-digit object type, 10-digit sequence."""
    base = gemeente * 10**12 + object_type * 10**10
    return fixed_digits(base + np.asarray(seq, dtype=np.int64), 16)


def take(pool: Sequence[str] | pa.Array, index: np.ndarray, null: np.ndarray | None = None):
    """Strings from `pool` at `index`; where `null` is true the value is empty (unknown)."""
    array = pool if isinstance(pool, pa.Array) else pa.array(list(pool), pa.string())
    idx = pa.array(np.asarray(index, dtype=np.int64), mask=null)
    return array.take(idx)


def ints(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64), mask=null)


def dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(), mask=null)


def join(*parts: Any, sep: str = "") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep)


class CsvFile:
    """A CSV file written in chunks: exact header line, UTF-8, LF line endings.

    The header is written by hand because Arrow quotes header names; the real exports do not.
    `quote` decides whether string values are always quoted (files with free text) or never
    (identifiers and codes only; Arrow refuses a value that would then need quoting).
    """

    def __init__(self, path: Path, columns: Sequence[str], *, delimiter: str, quote: bool):
        self.path = path
        self.columns = list(columns)
        self.rows = 0
        self._sink = pa.OSFile(str(path), "wb")
        self._sink.write((delimiter.join(self.columns) + "\n").encode())
        self._options = pa_csv.WriteOptions(
            include_header=False,
            delimiter=delimiter,
            quoting_style="needed" if quote else "none",
            batch_size=65536,
        )

    def write(self, columns: dict[str, Any]) -> None:
        if list(columns) != self.columns:
            raise ValueError(f"{self.path.name}: columns {list(columns)} != {self.columns}")
        table = pa.table(columns)
        if table.num_rows:
            pa_csv.write_csv(table, self._sink, self._options)
            self.rows += table.num_rows

    def close(self) -> None:
        self._sink.close()

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def mix64(values: np.ndarray, key: int) -> np.ndarray:
    """A keyed bijection on 64-bit integers (splitmix64's finaliser): distinct in, distinct out."""
    z = np.asarray(values, dtype=np.uint64) ^ np.uint64(key & 0xFFFFFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def hex_ids(prefix: str, values: np.ndarray) -> pa.Array:
    """`prefix` followed by the 16 hexadecimal digits of each unsigned 64-bit value."""
    v = np.asarray(values, dtype=np.uint64)
    count = len(v)
    width = len(prefix) + 16
    data = np.empty((count, width), dtype=np.uint8)
    data[:, : len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    for i in range(16):
        shift = np.uint64(4 * (15 - i))
        data[:, len(prefix) + i] = _HEX[((v >> shift) & np.uint64(15)).astype(np.intp)]
    offsets = np.arange(0, width * (count + 1), width, dtype=np.int32)
    return pa.StringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data))


def group_starts(values: np.ndarray) -> np.ndarray:
    """True where a run of equal values begins (the first element always begins one)."""
    out = np.ones(len(values), dtype=bool)
    out[1:] = values[1:] != values[:-1]
    return out
