"""``airoles export``: the knowledge graph as Turtle, N-Triples, RDF/XML, JSON-LD, schema.org or CSV."""

import argparse
import json
import sys

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import add_output
from airoles_kg.core import console
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import load_graph
from airoles_kg.export import FOLDER_FORMATS, FORMATS, LANGS, check_format, render, write_export


def register(subparsers: argparse._SubParsersAction) -> None:
    formats = "; ".join(f"{name}: {what}" for name, what in FORMATS.items())
    parser = subparsers.add_parser(
        "export",
        help=SUMMARIES["export"],
        description=f"Export the knowledge graph. Formats — {formats}. Output is written atomically; "
        "without -o/--output, file formats go to standard output.",
    )
    # Checked by check_format (not argparse choices) so the message lists the formats with their meaning.
    parser.add_argument("--format", required=True, metavar="FORMAT", help=f"one of: {', '.join(FORMATS)}")
    add_output(parser, "output file (a folder for csv)", metavar="PATH")
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="fr",
        help="language of generated texts in schemaorg (responsibilities, descriptions); "
        "labels are always given in both languages (default: fr)",
    )
    parser.add_argument(
        "--inferred", action="store_true", help="export the asserted graph plus what the reasoner infers"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    check_format(args.format)
    if args.format in FOLDER_FORMATS and args.output is None:
        raise AirolesError(f"the {args.format} format writes a folder of files: give it with -o/--output DIR")
    graph = load_graph()
    if args.inferred:
        from airoles_kg.reasoning.inference import inferred_graph  # imported lazily: it pulls in the reasoner

        graph = inferred_graph(graph)
    data = render(graph, args.format, args.lang)
    if args.format == "schemaorg" and isinstance(data, bytes):  # what an HR system will find, said once
        from airoles_kg.export.schemaorg import coverage_line

        console.notice(coverage_line(json.loads(data)))
    if args.output is None:
        assert isinstance(data, bytes)
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    for path in write_export(data, args.output):
        console.notice(f"wrote {path}")
    return 0
