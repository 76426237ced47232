"""What an import says about each file: counts, and every rejected row with line and reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# What the delivery record keeps per file; the full list goes to the report file on disk.
KEPT_IN_RECORD = 200


@dataclass
class Problem:
    line: int
    reason: str  # "column: what is wrong", in Dutch
    column: str = ""  # the contract's column, where one cell is at fault


@dataclass
class FileReport:
    file: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    note: str = ""

    def reject(self, line: int, reason: str, column: str = "") -> None:
        """One problem of a rejected row; a row with several bad cells has one for each."""
        self.rejected.append(Problem(line, reason, column))

    def warn(self, line: int, reason: str, column: str = "") -> None:
        self.warnings.append(Problem(line, reason, column))

    @property
    def rejected_rows(self) -> int:
        return len({problem.line for problem in self.rejected})

    def counts(self, inserted: int, updated: int, unchanged: int) -> None:
        self.inserted += inserted
        self.updated += updated
        self.unchanged += unchanged

    def summary(self) -> str:
        return (
            f"{self.file}: {self.read} gelezen, {self.inserted} nieuw, {self.updated} gewijzigd, "
            f"{self.unchanged} ongewijzigd, {self.rejected_rows} afgewezen"
            + (f", {len(self.warnings)} waarschuwingen" if self.warnings else "")
            + (f" ({self.note})" if self.note else "")
        )

    def as_record(self) -> dict[str, object]:
        record = asdict(self)
        record["rejected_count"] = self.rejected_rows
        record["rejected_problems"] = len(self.rejected)
        record["warning_count"] = len(self.warnings)
        record["rejected"] = record["rejected"][:KEPT_IN_RECORD]
        record["warnings"] = record["warnings"][:KEPT_IN_RECORD]
        return record


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    levering_id: int | None = None

    @property
    def rejected(self) -> int:
        """Rows rejected, over all files."""
        return sum(f.rejected_rows for f in self.files)

    @property
    def exit_code(self) -> int:
        """0: every row accepted; 1: some rows rejected; 2: nothing could be imported."""
        if self.fatal:
            return 2
        return 1 if self.rejected else 0
