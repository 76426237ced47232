"""Reading source files: CSV (either delimiter, BOM or not, LF or CRLF, quoted newlines) or
Parquet with the same column names. Every record comes with the physical line it starts on,
the header being line 1."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from goedwonen.registry.contract import SUFFIXES

# Fields can be long (descriptions); the csv module's default limit is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)


class UnreadableFile(Exception):
    """The file cannot be read at all (encoding, no header, not Parquet)."""


class Record(NamedTuple):  # a NamedTuple: millions are made per import, and it is cheap
    line: int
    values: dict[str, str]


def find_source(folder: Path, stem: str) -> Path | None:
    """The file for a contract name: `<stem>.csv` or `<stem>.parquet`."""
    for suffix in SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def _normalise_header(names: list[str]) -> list[str]:
    return [name.strip().lower() for name in names]


def sniff_delimiter(header_line: str) -> str:
    """`;` or `,`: whichever splits the header into more columns."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_records(path: Path) -> tuple[list[str], Iterator[Record], int]:
    """Header, records and about how many records there are (for progress)."""
    if path.suffix == ".parquet":
        return _read_parquet(path)
    return _read_csv(path)


def _read_csv(path: Path) -> tuple[list[str], Iterator[Record], int]:
    size = _count_lines(path) - 1
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the iterator
        first = handle.readline()
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"geen UTF-8 ({error.reason} op byte {error.start})") from None
    if not first.strip():
        handle.close()
        raise UnreadableFile("het bestand is leeg of heeft geen kopregel")
    delimiter = sniff_delimiter(first)
    header = _normalise_header(next(csv.reader([first], delimiter=delimiter)))

    def records() -> Iterator[Record]:
        with handle:
            reader = csv.reader(handle, delimiter=delimiter)
            # reader.line_num counts lines read by this reader; the header was line 1.
            previous_end = 1
            try:
                for row in reader:
                    start = previous_end + 1
                    previous_end = reader.line_num + 1
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue
                    yield Record(start, dict(zip(header, map(str.strip, row), strict=False)))
            except UnicodeDecodeError as error:
                raise UnreadableFile(
                    f"geen UTF-8 na regel {previous_end} ({error.reason})"
                ) from None

    return header, records(), size


def _count_lines(path: Path) -> int:
    count = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _read_parquet(path: Path) -> tuple[list[str], Iterator[Record], int]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for a bad file
        raise UnreadableFile(f"geen leesbaar Parquet-bestand ({error})") from None
    header = _normalise_header(parquet.schema_arrow.names)
    rows = parquet.metadata.num_rows

    def records() -> Iterator[Record]:
        line = 1
        for batch in parquet.iter_batches(batch_size=50_000):
            columns = [
                ["" if value is None else str(value) for value in column.to_pylist()]
                for column in batch.columns
            ]
            for values in zip(*columns, strict=True):
                line += 1
                yield Record(line, dict(zip(header, values, strict=True)))

    return header, records(), rows


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"geen UTF-8 ({error.reason} op byte {error.start})") from None
