"""``airoles info``: how many roles, skills, missions, ... the knowledge graph holds."""

import argparse
import json

from rdflib import Graph, URIRef

from airoles.classes import instances
from airoles.loader import load_graph
from airoles.namespaces import CAREER_TRANSITION, MISSION, ROLE, SECTOR, SKILL, SOURCE_DOCUMENT

# Reported name -> class (instances of subclasses declared in the graph count too).
COUNTED_CLASSES: dict[str, URIRef] = {
    "roles": ROLE,
    "skills": SKILL,
    "missions": MISSION,
    "sectors": SECTOR,
    "transitions": CAREER_TRANSITION,
    "sources": SOURCE_DOCUMENT,
}


def summary(graph: Graph) -> dict[str, int]:
    """Counts per :data:`COUNTED_CLASSES` entry, plus ``triples``."""
    counts = {name: len(instances(graph, cls)) for name, cls in COUNTED_CLASSES.items()}
    counts["triples"] = len(graph)
    return counts


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "info",
        help="count roles, skills, missions, sectors, transitions, sources and triples",
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
