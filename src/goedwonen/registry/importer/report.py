"""What an import says about each file: counts, and every rejected row with line and reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# What the delivery record keeps per file; the full list goes to the report file on disk.
KEPT_IN_RECORD = 200


@dataclass
class Problem:
    line: int
    reason: str


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

    def reject(self, line: int, reason: str) -> None:
        self.rejected.append(Problem(line, reason))

    def warn(self, line: int, reason: str) -> None:
        self.warnings.append(Problem(line, reason))

    def counts(self, inserted: int, updated: int, unchanged: int) -> None:
        self.inserted += inserted
        self.updated += updated
        self.unchanged += unchanged

    def summary(self) -> str:
        return (
            f"{self.file}: {self.read} gelezen, {self.inserted} nieuw, {self.updated} gewijzigd, "
            f"{self.unchanged} ongewijzigd, {len(self.rejected)} afgewezen"
            + (f", {len(self.warnings)} waarschuwingen" if self.warnings else "")
            + (f" ({self.note})" if self.note else "")
        )

    def as_record(self) -> dict[str, object]:
        record = asdict(self)
        record["rejected_count"] = len(self.rejected)
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
        return sum(len(f.rejected) for f in self.files)

    @property
    def exit_code(self) -> int:
        """0: every row accepted; 1: some rows rejected; 2: nothing could be imported."""
        if self.fatal:
            return 2
        return 1 if self.rejected else 0
