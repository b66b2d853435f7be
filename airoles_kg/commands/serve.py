"""``airoles serve``: a read-only SPARQL 1.1 endpoint over the knowledge graph (Oxigraph + a proxy)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import add_allow_service
from airoles_kg.core import console
from airoles_kg.core.loader import external_files
from airoles_kg.export.void import description
from airoles_kg.profiles.search import ALL_KINDS, search_index
from airoles_kg.sparql.access import AccessLog
from airoles_kg.sparql.api import SearchSource
from airoles_kg.sparql.endpoint import (
    DEFAULT_HOST,
    DEFAULT_LIMIT,
    DEFAULT_MAX_PER_CLIENT,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    Endpoint,
)
from airoles_kg.sparql.engine import esco_layer_for, query_graph


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=SUMMARIES["serve"],
        description="Serve the ontology + knowledge base with the reasoner's inferences (unless --asserted) "
        "as a read-only SPARQL 1.1 Protocol endpoint at http://HOST:PORT/query: GET and POST queries, "
        "content negotiation (JSON, XML, CSV, TSV; Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML), CORS, a "
        "time limit per query, a cap on result rows and on the queries running at once per client. Runs the "
        "oxigraph server behind an HTTP front (Starlette on uvicorn). "
        "ESCO is served too, unless --no-external: an ESCO import (airoles import-esco, in the user data "
        "directory) when there is one, else the ESCO v1.1.1 layer shipped with airoles. Each request is "
        "logged on stderr as one JSON line (none with -q; --access-log FILE: in FILE instead). "
        "Stop it with Ctrl-C.",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per query (default: {DEFAULT_TIMEOUT:g}); past it the answer is 503",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N rows or triples per result (default: {DEFAULT_LIMIT}); a cut result has the "
        "header Airoles-Truncated: true",
    )
    parser.add_argument(
        "--max-per-client",
        type=int,
        default=DEFAULT_MAX_PER_CLIENT,
        metavar="N",
        help=f"at most N queries running at once per client address (default: {DEFAULT_MAX_PER_CLIENT}); "
        "beyond, the answer is 429 Too Many Requests",
    )
    parser.add_argument(
        "--asserted", action="store_true", help="serve the asserted triples only (no inferences)"
    )
    parser.add_argument(
        "--no-external",
        action="store_true",
        help="leave out ESCO and the other external graphs (imports, the shipped ESCO layer): our graph only",
    )
    parser.add_argument(
        "--access-log",
        type=Path,
        metavar="FILE",
        help="append the access log (one JSON line per request) to FILE, created if missing, instead of "
        "stderr; written even with -q",
    )
    add_allow_service(parser)
    parser.set_defaults(func=run)


def served_external() -> list[Path]:
    """What is served beside our graph: the user's imports, plus the shipped ESCO layer if none is ESCO."""
    files = external_files()
    layer = esco_layer_for(files)
    return [*files, layer] if layer is not None else files


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the endpoint like Ctrl-C does, so the servers and the store directory are cleaned up."""
    raise KeyboardInterrupt


def access_log(args: argparse.Namespace) -> AccessLog | None:
    """Where the requests are logged: ``--access-log FILE``, else stderr unless ``-q``."""
    if args.access_log is not None:
        return AccessLog.open(args.access_log)  # before the graph is loaded: a bad path fails at once
    return AccessLog.stderr() if console.verbosity() > console.QUIET else None


def run(args: argparse.Namespace) -> int:
    log = access_log(args)
    try:
        return _run(args, log)
    finally:
        if log is not None:
            log.close()


def _run(args: argparse.Namespace, log: AccessLog | None) -> int:
    graph = query_graph(asserted=args.asserted)
    external = [] if args.no_external else served_external()
    endpoint = Endpoint(
        graph,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        limit=args.limit,
        extra_files=external,
        allowed_services=args.allow_service,
        max_per_client=args.max_per_client,
        access_log=log,
        describe=lambda url: description(graph, endpoint=url).serialize(format="nt", encoding="utf-8"),
        # The JSON API searches what `airoles search` does: our nodes, then ESCO's (unless --no-external).
        search=SearchSource(lambda: search_index(graph, esco=not args.no_external), ALL_KINDS),
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _serve(endpoint, args, len(graph), external)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _serve(endpoint: Endpoint, args: argparse.Namespace, triples: int, external: list[Path]) -> int:
    with endpoint:
        what = "asserted" if args.asserted else "asserted + inferred"
        if external:
            what += f" triples, plus {', '.join(str(p) for p in external)}"
        else:
            what += " triples"
        print(
            f"airoles: SPARQL endpoint ready at {endpoint.url} ({triples} {what}, loaded in "
            f"{endpoint.load_seconds:.2f} s; read-only; {args.timeout:g} s and {args.limit} rows per query, "
            f"{args.max_per_client} queries at once per client). "
            "Ctrl-C stops it.",
            flush=True,
        )
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (_interrupt), re-raised by uvicorn once it has stopped
            pass
        # Also when the signal's handler was to ignore it (SIGINT in a background job): uvicorn has stopped.
        print("airoles: endpoint stopped", file=sys.stderr, flush=True)
    return 0
