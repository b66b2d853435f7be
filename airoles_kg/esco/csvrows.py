"""Reading the rows of a table file, with the line each starts on; malformed rows become
:class:`Problem`\\ s."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from airoles_kg.core.errors import AirolesError
from airoles_kg.esco.discovery import CsvFile


@dataclass(frozen=True)
class Problem:
    """A row that was rejected (or a file that could not be read to its end), and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Row:
    """One CSV record: the logical fields of its table, and the line it starts on."""

    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        """The field, stripped (empty when the column is absent)."""
        return self.values.get(name, "").strip()


def _bad_utf8_lines(data: bytes) -> set[int]:
    try:
        data.decode("utf-8")
        return set()
    except UnicodeDecodeError:
        pass
    bad = set()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
    return bad


def read_rows(file: CsvFile, problems: list[Problem]) -> Iterator[Row]:
    """The records of ``file`` as :class:`Row`\\ s; malformed records go to ``problems`` and are skipped.

    Columns are found by name in the header (extra or reordered columns are fine; a UTF-8 byte order mark is
    dropped). Raises AirolesError when the header lacks a required column: the file is not the table its name
    says, and importing the rest would lose it.
    """
    data = file.read_bytes()
    bad_lines = _bad_utf8_lines(data)
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    table, layout = file.table, file.layout
    columns = table.columns(layout)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise AirolesError(f"{file.display}:1: empty file (expected a CSV header)") from None
    except csv.Error as exc:
        raise AirolesError(f"{file.display}:1: unreadable CSV header: {exc}") from exc
    missing = [columns[name] for name in table.required(layout) if columns[name] not in header]
    if missing:
        raise AirolesError(
            f"{file.display}:1: missing column(s) {', '.join(missing)} for the {layout} layout "
            f"(header: {', '.join(header) or 'empty'})"
        )
    index = [(name, header.index(column)) for name, column in columns.items() if column in header]
    width = len(header)
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(
                Problem(file.display, reader.line_num, f"unreadable CSV, rest of the file skipped: {exc}")
            )
            return
        end = previous_end = reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # blank line
        if bad_lines and any(line in bad_lines for line in range(start, end + 1)):
            problems.append(Problem(file.display, start, "not valid UTF-8"))
            continue
        if len(record) < width and table.ragged:
            record += [""] * (width - len(record))
        if len(record) != width:
            problems.append(
                Problem(file.display, start, f"expected {width} fields (as the header), found {len(record)}")
            )
            continue
        yield Row(start, {name: record[i] for name, i in index})
