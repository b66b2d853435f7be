"""Importing an ESCO CSV download as SKOS N-Triples: :func:`import_esco`.

The import reads every table of the download (:mod:`airoles_kg.esco.tables`), found by
:func:`~airoles_kg.esco.discovery.discover` in folders or zip archives, one language or several; converts the
rows (:mod:`airoles_kg.esco.convert`); and writes one sorted N-Triples file (gzipped if its name ends in .gz),
atomically, by default :func:`default_output` (``<data dir>/external/esco.nt``, which the reading commands —
``airoles query``, ``serve``, ``next``, the explorer's SPARQL page — load beside the project graph).

Nothing is written when a table is missing (unless allowed), when every row of a table is rejected, or for
input that is not an ESCO download: a lost table is never reported as a success.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from airoles_kg.core.errors import AirolesError
from airoles_kg.esco import ntriples
from airoles_kg.esco.convert import Converter
from airoles_kg.esco.discovery import Inventory, discover
from airoles_kg.esco.report import ImportFailed, ImportReport
from airoles_kg.esco.tables import TABLE_NAMES, TABLES, expected_tables

MAX_LISTED_PROBLEMS = 20  # per table, the CLI lists this many rejected rows, then only counts the rest

PathArg = str | os.PathLike[str]


def default_output() -> Path:
    """Where an import goes by default: ``esco.nt`` in the user's external graphs
    (:func:`airoles_kg.core.loader.external_dir`), which the reading commands load."""
    from airoles_kg.core.loader import external_dir

    return external_dir() / "esco.nt"


def missing_tables(inventory: Inventory) -> list[str]:
    """The tables a complete download of each layout found has, but no file of ``inventory`` holds."""
    missing = []
    for layout in inventory.layouts():
        present = {f.table.name for f in inventory.files if f.layout == layout}
        missing += [
            t.name for t in expected_tables(layout) if t.name not in present and t.name not in missing
        ]
    return missing


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def import_esco(
    paths: PathArg | Sequence[PathArg],
    out: PathArg | None = None,
    language: str | Sequence[str] | None = None,
    *,
    allow_missing: Iterable[str] = (),
    compact: bool = False,
) -> ImportReport:
    """Import the ESCO download in ``paths`` (folders, zip archives; one language or several) into ``out``.

    ``out`` defaults to :func:`default_output`; a name ending in ``.gz`` is gzipped. ``language``: the label
    languages to read (default all; for the tabiya layout, the one to tag its labels with, default ``en``).
    ``allow_missing``: table names (:data:`~airoles_kg.esco.tables.TABLE_NAMES`) whose absence, or whose rows'
    rejection, is accepted. ``compact``: leave out descriptions, definitions (but the occupations'), scope
    notes and hidden labels.

    Returns the report; rejected rows are in ``report.problems``. Raises :class:`ImportFailed` (an
    AirolesError holding the report) when a table is missing or all its rows are rejected, and AirolesError
    for input that is not an ESCO download, a file of the wrong layout or an unwritable output: nothing is
    written then (the previous output, if any, is left as it was).
    """
    inputs = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    if not inputs:
        raise AirolesError("no ESCO download given")
    languages = [language] if isinstance(language, str) else list(language or ())
    for tag in languages:
        if not ntriples.LANGUAGE_TAG.fullmatch(tag):
            raise AirolesError(f"--language {tag!r}: not a language tag (e.g. en, fr, pt)")
    allowed = set(allow_missing)
    unknown = sorted(allowed - set(TABLE_NAMES))
    if unknown:
        raise AirolesError(f"unknown table(s) {', '.join(unknown)}: the tables are {', '.join(TABLE_NAMES)}")

    inventory = discover(inputs, languages)
    report = ImportReport(inputs, inventory.layouts(), inventory.languages(), compact=compact)
    report.ignored = inventory.ignored
    if not inventory.files:
        raise ImportFailed(
            f"{_names(inputs)}: no ESCO table found (expected ESCO's CSV download — occupations_<lang>.csv, "
            "skills_<lang>.csv, occupationSkillRelations.csv, ... — or the tabiya layout: occupations.csv, "
            "ISCOGroups.csv, ...)",
            report,
        )
    missing = missing_tables(inventory)
    for name in missing:
        report.table(name).missing = True
        report.table(name).allowed = name in allowed
    refused = [name for name in missing if name not in allowed]
    if refused:
        layout = inventory.layouts()[0] if len(inventory.layouts()) == 1 else "esco"
        hints = {t.name: t.file_hint(layout) for t in TABLES}
        options = " ".join(f"--allow-missing {name}" for name in refused)
        raise ImportFailed(
            f"{_names(inputs)}: missing table(s): "
            + "; ".join(f"{name} ({hints[name]})" for name in refused)
            + f"; nothing written (to import without, add {options})",
            report,
        )

    triples = Converter(inventory, report, compact).run()
    report.tables = {t.name: report.tables[t.name] for t in TABLES if t.name in report.tables}
    for table in report.tables.values():
        table.allowed = table.name in allowed
    lost = [t for t in report.tables.values() if t.lost and t.name not in allowed]
    if lost:
        where = "; ".join(f"{t.name} ({t.rows} rows, {', '.join(t.files)})" for t in lost)
        raise ImportFailed(f"every row of {where} was rejected; nothing written", report)

    lines = triples.sorted_lines()
    target = Path(out) if out is not None else default_output()
    report.size = ntriples.write(target, ntriples.serialize(lines))
    report.triples = len(lines)
    report.output = target
    return report
