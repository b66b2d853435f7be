"""``airoles import-esco DIR``: turn an ESCO CSV download into a SKOS graph loaded beside airoles."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from airoles.esco.importer import MAX_LISTED_PROBLEMS, ImportReport, default_output, import_esco

# Exit status when the graph was written but some rows were skipped (2 stays "nothing done, bad input").
SKIPPED_ROWS_EXIT_CODE = 1

_COUNT_NAMES = (
    ("occupations", "occupations"),
    ("isco_groups", "ISCO-08 groups"),
    ("skill_groups", "skill groups"),
    ("skills", "skills"),
    ("occupation_hierarchy_links", "occupation broader links"),
    ("skill_hierarchy_links", "skill broader links"),
    ("skill_relations", "skill-skill relations"),
    ("occupation_skill_relations", "occupation-skill relations"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-esco",
        help="import an ESCO CSV download (occupations, ISCO-08, skills) as SKOS beside airoles",
        description="Read an ESCO CSV download — ESCO's own (occupations_<lang>.csv, "
        "ISCOGroups_<lang>.csv, broaderRelationsOccPillar_<lang>.csv, skills_<lang>.csv, ...) or the "
        "tabiya layout (occupations.csv, ISCOGroups.csv, occupations_hierarchy.csv, skillGroups.csv, ...) — "
        "and write it as SKOS N-Triples (atomically). Queries and the explorer then show the ESCO "
        "neighbours of the roles aligned to ESCO.",
        epilog="Malformed rows are listed on stderr as FILE:LINE: reason and skipped; the rest is imported. "
        f"Exit status: 0 imported, {SKIPPED_ROWS_EXIT_CODE} imported with skipped rows, 2 nothing imported "
        "(not an ESCO download, missing columns, unwritable output).",
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="the directory of the CSV files")
    parser.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help=f"output N-Triples file (default: {default_output()}, which the loader picks up)",
    )
    parser.add_argument(
        "--language",
        metavar="LANG",
        help="language of the labels: the file suffix to read in ESCO's layout (default: the only one "
        "present), the language tag to give in the tabiya layout (default: en)",
    )
    parser.set_defaults(func=run)


def _summary(report: ImportReport, seconds: float) -> str:
    counts = ", ".join(f"{report.counts[key]} {name}" for key, name in _COUNT_NAMES if report.counts.get(key))
    return (
        f"imported {counts} from {report.directory} ({report.layout} layout, labels @{report.language})\n"
        f"wrote {report.output} ({report.triples} triples) in {seconds:.1f} s"
    )


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    report = import_esco(args.directory, args.out, args.language)
    print(_summary(report, time.perf_counter() - start))
    for note in report.notes:
        print(f"note: {note}")
    if not report.problems:
        return 0
    for problem in report.problems[:MAX_LISTED_PROBLEMS]:
        print(problem, file=sys.stderr)
    hidden = len(report.problems) - MAX_LISTED_PROBLEMS
    if hidden > 0:
        print(f"... and {hidden} more", file=sys.stderr)
    skipped = len(report.problems)
    print(f"airoles: {skipped} row(s) skipped (listed above); the rest was imported", file=sys.stderr)
    return SKIPPED_ROWS_EXIT_CODE
