"""``airoles reason``: check consistency, classify, and write the graph with everything it entails."""

import argparse
import json
from pathlib import Path

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import add_output
from airoles_kg.core import console, paths
from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.loader import load_graph
from airoles_kg.export.build import serialize_turtle
from airoles_kg.reasoning.inference import (
    ENGINES,
    KINDS,
    ReasoningReport,
    cache_key,
    reason,
    store_cached,
    with_inferences,
)

DEFAULT_OUTPUT = "airoles-inferred.ttl"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reason",
        help=SUMMARIES["reason"],
        description="Run the reasoner on the ontology and knowledge base (plus FILEs, to check a "
        "contribution): report consistency, the inferred triples by kind and the roles newly classified "
        "into families, and "
        f"write asserted + inferred triples to dist/{DEFAULT_OUTPUT}. Exit status: 0 consistent, "
        "1 inconsistent (with an explanation), 2 unreadable input.",
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="extra RDF files merged with the project graph"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default: text)"
    )
    add_output(parser, f"inferred graph, Turtle (default: {paths.DIST_DIR / DEFAULT_OUTPUT})", metavar="PATH")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="hermit: complete OWL check; rules: fast designed inferences, partial consistency check; "
        "auto (default): rules above 5,000 individuals, else hermit",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    graph = load_graph(extra_files=args.files)
    with console.progress(f"reasoning over {len(graph):,} triples"):
        report = reason(graph, engine=args.engine)
    out = args.output if args.output is not None else paths.DIST_DIR / DEFAULT_OUTPUT
    written = None
    if report.ok:
        written = atomic_write_bytes(out, serialize_turtle(with_inferences(graph, report.inferred)))
        # Later queries and exports of the same graph go through inferred_graph(): spare them the reasoner.
        store_cached(cache_key(None if not args.files else graph), report.inferred)
    if args.format == "json":
        print(
            json.dumps(
                {**report.to_dict(), "output": str(written) if written else None},
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(render_text(report, written))
    return 0 if report.ok else 1


def render_text(report: ReasoningReport, written: Path | None) -> str:
    """The human-readable report."""
    engine = "HermiT" if report.engine == "hermit" else "rules"
    state = "consistent" if report.ok else ("INCONSISTENT" if not report.consistent else "INCOHERENT")
    lines = [f"{state} ({engine}, {report.individuals} individuals, {report.seconds:.1f} s)"]
    if not report.ok:
        lines.append(report.explanation())
    else:
        lines.append(f"inferred triples: {len(report.inferred)}")
        width = max(map(len, KINDS))
        lines += [f"  {kind:<{width}}  {report.counts.get(kind, 0)}" for kind in KINDS]
        lines.append(f"roles newly classified into families: {len(report.classified)}")
        for role in report.classified:
            families = ", ".join(name for _, name in role.families)
            lines.append(f"  {role.label} ({role.curie}): {families}")
    if report.warnings:
        lines.append(f"warnings: {len(report.warnings)}")
        lines += [f"  - {w.message}" for w in report.warnings]
    lines += [f"note: {note}" for note in report.notes]
    if written is not None:
        lines.append(f"wrote {written}")
    return "\n".join(lines)
