"""``airoles publish``: push the graph into a triple store (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import argparse
import json

from airoles_kg.commands import SUMMARIES
from airoles_kg.core import console
from airoles_kg.sparql.engine import query_graph
from airoles_kg.sparql.publish import DEFAULT_TIMEOUT, PASSWORD_VARIABLE, USER_VARIABLE, publish


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "publish",
        help=SUMMARIES["publish"],
        description="Send the ontology + knowledge base with the reasoner's inferences (unless --asserted) "
        "to a store that speaks the SPARQL 1.1 Graph Store HTTP Protocol (Fuseki, GraphDB, Virtuoso, "
        "Oxigraph), replacing the named graph --graph (or the default graph) in a single PUT request. "
        f"Credentials are read from {USER_VARIABLE} and {PASSWORD_VARIABLE} (Basic, or Digest when the store "
        "asks for it). The body goes only where it is not refused: a HEAD first learns whether the store "
        "wants credentials (and checks them), then the PUT waits for 100 Continue (Expect: 100-continue), "
        "or 1 s.",
        epilog="Graph Store URLs: Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, "
        "GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service, "
        "Virtuoso http://HOST:8890/sparql-graph-crud-auth (with --graph: it has no default graph there).",
    )
    parser.add_argument("--endpoint", required=True, metavar="URL", help="the Graph Store endpoint URL")
    parser.add_argument(
        "--graph", metavar="IRI", help="the named graph to replace (IRI or CURIE; default: the default graph)"
    )
    parser.add_argument(
        "--asserted", action="store_true", help="publish the asserted triples only (no inferences)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up when the store has not answered after this long (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="what to print (default: text)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    graph = query_graph(asserted=args.asserted)
    with console.progress(f"publishing {len(graph):,} triples to {args.endpoint}"):
        done = publish(graph, args.endpoint, args.graph, timeout=args.timeout)
    if args.format == "json":
        data = {"triples": done.triples, "url": done.url, "status": done.status}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"published {done.triples} triples to {done.url} (HTTP {done.status})")
    return 0
