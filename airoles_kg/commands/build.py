"""``airoles build``: write the merged graph (and other artefacts) into ``dist/``."""

import argparse
import json

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import add_output
from airoles_kg.core import console, paths
from airoles_kg.core.loader import load_graph, source_files
from airoles_kg.export.build import build_artifacts


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help=SUMMARIES["build"],
        description="Merge ontology/airoles.ttl and ontology/kb/**/*.ttl and write the release into dist/: "
        "the graph in Turtle, N-Triples, RDF/XML and JSON-LD (asserted and inferred), the schema.org "
        "Occupations, CSV tables, the SHACL shapes, docs.html, VERSION and SHA256SUMS. Deterministic "
        "(two builds give identical bytes) and written atomically.",
    )
    add_output(parser, f"output directory (default: {paths.DIST_DIR})", metavar="DIR")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="what to print (default: text)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sources = source_files()
    graph = load_graph()
    with console.progress("building the release"):
        written = build_artifacts(args.output, graph)
    if args.format == "json":
        data = {"files": [str(p) for p in written], "triples": len(graph), "sources": len(sources)}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for path in written:
        print(f"wrote {path}")
    print(f"{len(graph)} triples from {len(sources)} source file{'' if len(sources) == 1 else 's'}")
    return 0
