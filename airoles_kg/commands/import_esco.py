"""``airoles import-esco PATH...``: turn an ESCO CSV download into a SKOS graph loaded beside airoles."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import add_output
from airoles_kg.core import console
from airoles_kg.esco import (
    MAX_LISTED_PROBLEMS,
    TABLE_NAMES,
    ImportFailed,
    ImportReport,
    default_output,
    import_esco,
)

# Exit status when the graph was written but some rows were rejected (2 stays "nothing written, bad input").
REJECTED_ROWS_EXIT_CODE = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-esco",
        help=SUMMARIES["import-esco"],
        description="Read ESCO's CSV download as ESCO distributes it — a folder or a .zip of it, one "
        "language or several (e.g. .../en .../fr, or their parent folder): occupations_<lang>.csv, "
        "skills_<lang>.csv, ISCOGroups_<lang>.csv, skillGroups_<lang>.csv, skillsHierarchy_<lang>.csv, the "
        "collections, and the relation files occupationSkillRelations, broaderRelationsOccPillar, "
        "broaderRelationsSkillPillar, skillSkillRelations (with or without a _<lang> suffix) — or the "
        "tabiya layout (occupations.csv, ISCOGroups.csv, occupations_hierarchy.csv, ...), and write it as "
        "sorted SKOS N-Triples, atomically. Queries and the explorer then show the ESCO neighbours of the "
        "roles aligned to ESCO.",
        epilog="It prints, per table, the rows read, the concepts or links written and the rows rejected "
        "(FILE:LINE: reason on stderr). A missing table, or one whose every row is rejected, is an error "
        "unless allowed with --allow-missing. Tables: " + ", ".join(TABLE_NAMES) + ". Exit status: 0 "
        f"imported, {REJECTED_ROWS_EXIT_CODE} imported with rejected rows, 2 nothing written (not an ESCO "
        "download, a missing table, missing columns, unwritable output).",
    )
    parser.add_argument(
        "paths", type=Path, nargs="+", metavar="PATH", help="a folder, a .zip or a CSV file of the download"
    )
    add_output(
        parser,
        f"output N-Triples file, gzipped if it ends in .gz (default: {default_output()}, which the "
        "reading commands load)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="the report: text (a table per line; rejected rows on stderr) or json (everything on stdout)",
    )
    parser.add_argument(
        "--language",
        action="append",
        metavar="LANG",
        help="ESCO layout: read only this language's label files (repeatable; default: every language "
        "found); tabiya layout: the language of its labels (default: en)",
    )
    parser.add_argument(
        "--allow-missing",
        action="append",
        default=[],
        choices=TABLE_NAMES,
        metavar="TABLE",
        help="import even if TABLE is missing or all its rows are rejected (repeatable). TABLE is one of: "
        + ", ".join(TABLE_NAMES),
    )
    parser.add_argument(
        "--compact",
        action="store_true",
        help="leave out descriptions, definitions, scope notes and hidden labels (keep concepts, schemes, "
        "labels in every language, notations, hierarchies, skill types, relations and collections)",
    )
    parser.set_defaults(func=run)


def _number(n: int) -> str:
    return f"{n:,}"


def print_tables(report: ImportReport) -> None:
    """The per-table summary on stdout; the rejected rows on stderr, the first MAX_LISTED_PROBLEMS of each
    table."""
    width = max((len(name) for name in report.tables), default=5)
    print(f"{'table':<{width}}  {'rows read':>10}  {'written':>20}  {'rejected':>8}")
    for name, table in report.tables.items():
        if table.missing:
            status = "missing (allowed)" if table.allowed else "missing"
            print(f"{name:<{width}}  {'-':>10}  {status:>20}  {'-':>8}")
            continue
        written = f"{_number(table.written)} {table.unit}"
        print(f"{name:<{width}}  {_number(table.rows):>10}  {written:>20}  {_number(table.rejected):>8}")
    for name, table in report.tables.items():
        if not table.problems:
            continue
        print(f"{name}: {_number(table.rejected)} row(s) rejected:", file=sys.stderr)
        for problem in table.problems[:MAX_LISTED_PROBLEMS]:
            print(f"  {problem}", file=sys.stderr)
        hidden = table.rejected - MAX_LISTED_PROBLEMS
        if hidden > 0:
            print(f"  ... and {_number(hidden)} more", file=sys.stderr)
    for ignored in report.ignored:
        print(f"ignored: {ignored}")
    for note in report.notes:
        print(f"note: {note}")


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    try:
        with console.progress(f"importing ESCO from {', '.join(str(p) for p in args.paths)}"):
            report = import_esco(
                args.paths, args.output, args.language, allow_missing=args.allow_missing, compact=args.compact
            )
    except ImportFailed as exc:
        if args.format == "json":
            print(json.dumps({**exc.report.to_dict(), "error": str(exc)}, ensure_ascii=False, indent=2))
        elif exc.report.tables or exc.report.ignored:
            print_tables(exc.report)
        raise
    seconds = time.perf_counter() - start
    if args.format == "json":
        data = {**report.to_dict(), "seconds": round(seconds, 1)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return REJECTED_ROWS_EXIT_CODE if report.problems else 0
    languages = ", ".join(f"@{lang}" for lang in report.languages) or "no labels"
    inputs = ", ".join(str(p) for p in report.inputs)
    print(f"read {inputs} ({' and '.join(report.layouts)} layout, {languages})")
    print_tables(report)
    kind = "compact " if report.compact else ""
    print(
        f"wrote {report.output}: {_number(report.triples)} triples, {kind}{report.size / 1e6:.1f} MB, "
        f"in {seconds:.1f} s"
    )
    if not report.problems:
        return 0
    console.notice(f"{_number(len(report.problems))} row(s) rejected (listed above); the rest was imported")
    return REJECTED_ROWS_EXIT_CODE
