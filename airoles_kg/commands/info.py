"""``airoles info``: how many roles, skills, missions, ... the knowledge graph holds."""

import argparse
import json

from airoles_kg.commands import SUMMARIES
from airoles_kg.core.loader import load_graph
from airoles_kg.profiles.counts import summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "info",
        help=SUMMARIES["info"],
        description="Count the instances of the main classes (subclasses included) and the triples.",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    counts = summary(load_graph())
    if args.format == "json":
        print(json.dumps(counts, indent=2))
    else:
        width = max(map(len, counts))
        for name, value in counts.items():
            print(f"{name:<{width}}  {value}")
    return 0
