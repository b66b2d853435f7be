"""What an ESCO import read, wrote and rejected, per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from airoles_kg.core.errors import AirolesError
from airoles_kg.esco.csvrows import Problem
from airoles_kg.esco.tables import TABLES


@dataclass
class TableReport:
    """One table: the files read, the rows read, what they wrote (distinct concepts, links or members) and the
    rows rejected."""

    name: str
    unit: str
    files: list[str] = field(default_factory=list)
    rows: int = 0
    written: int = 0
    problems: list[Problem] = field(default_factory=list)
    missing: bool = False
    """No file of this table was found."""
    allowed: bool = False
    """The user allowed this table to be missing or lost (``--allow-missing``)."""

    @property
    def rejected(self) -> int:
        return len(self.problems)

    @property
    def lost(self) -> bool:
        """Rows were read but none was written: the table would be lost."""
        return self.rows > 0 and self.written == 0 and bool(self.problems)

    def to_dict(self) -> dict[str, object]:
        """The table's counts and every rejected row (``FILE:LINE: reason``), for ``--format json``."""
        return {
            "files": list(self.files),
            "missing": self.missing,
            "allowed": self.allowed,
            "rows": self.rows,
            "written": self.written,
            "unit": self.unit,
            "rejected": self.rejected,
            "problems": [str(p) for p in self.problems],
        }


@dataclass
class ImportReport:
    """What an import read and wrote."""

    inputs: list[Path]
    layouts: list[str]
    languages: list[str]
    tables: dict[str, TableReport] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    triples: int = 0
    output: Path | None = None
    size: int = 0
    """Bytes written (compressed size for a ``.gz`` output)."""
    compact: bool = False

    def table(self, name: str) -> TableReport:
        """The report of table ``name`` (created on first use, in the order of :data:`TABLES`)."""
        if name not in self.tables:
            unit = next(t.unit for t in TABLES if t.name == name)
            self.tables[name] = TableReport(name, unit)
        return self.tables[name]

    def to_dict(self) -> dict[str, object]:
        """The whole report as JSON-ready data (``import-esco --format json``)."""
        return {
            "inputs": [str(p) for p in self.inputs],
            "layouts": list(self.layouts),
            "languages": list(self.languages),
            "tables": {name: table.to_dict() for name, table in self.tables.items()},
            "ignored": list(self.ignored),
            "notes": list(self.notes),
            "output": str(self.output) if self.output is not None else None,
            "triples": self.triples,
            "bytes": self.size,
            "compact": self.compact,
            "rejected": len(self.problems),
        }

    @property
    def problems(self) -> list[Problem]:
        """Every rejected row, table by table."""
        return [p for t in self.tables.values() for p in t.problems]

    @property
    def counts(self) -> dict[str, int]:
        """Table name -> concepts, links or members written (tables with none left out)."""
        return {name: t.written for name, t in self.tables.items() if t.written}


class ImportFailed(AirolesError):
    """An import that wrote nothing; ``report`` still holds what was read and every rejected row, so the
    reasons can be shown."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report
