"""``airoles build``: write the merged graph (and other artefacts) into ``dist/``."""

import argparse
from pathlib import Path

from airoles import paths
from airoles.build import build_artifacts
from airoles.loader import load_graph, source_files


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="merge the ontology and knowledge base into dist/airoles.ttl",
        description="Merge ontology/airoles.ttl and ontology/kb/**/*.ttl into dist/airoles.ttl "
        "(deterministic Turtle, written atomically).",
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help=f"output directory (default: {paths.DIST_DIR})"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sources = source_files()
    graph = load_graph()
    for path in build_artifacts(args.out, graph):
        print(f"wrote {path}")
    print(f"{len(graph)} triples from {len(sources)} source file{'' if len(sources) == 1 else 's'}")
    return 0
