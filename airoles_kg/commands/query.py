"""``airoles query``: run a named query, a ``.rq`` file or an inline query over the (inferred) graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import add_allow_service
from airoles_kg.core import console
from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.engine import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_TIMEOUT,
    TIMEOUT_EXIT_CODE,
    QueryEngine,
    QueryTimeout,
)
from airoles_kg.sparql.library import NamedQuery, get_query, named_queries, parse_query, read_query_file
from airoles_kg.sparql.results import FORMATS, render, table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help=SUMMARIES["query"],
        description="Run a SPARQL 1.1 query over the ontology + knowledge base, with the reasoner's "
        "inferences (unless --asserted). QUERY is the name of a query in queries/ (see --list) or a .rq "
        "file; -e gives the query inline. Parameters declared in the query header are bound with --param "
        "NAME=VALUE (roles, skills and sectors by label, IRI or CURIE). The airoles prefixes (airoles:, "
        "role:, skill:, skos:, ...) need no PREFIX line. An imported ESCO graph (airoles import-esco, in "
        "ontology/external/) is queried too, unless --no-external.",
        epilog="Exit status: 0 success (an ASK query prints true or false), 2 bad input (syntax error, "
        f"unknown query or parameter value), {TIMEOUT_EXIT_CODE} the query exceeded --timeout and was "
        "stopped.",
    )
    parser.add_argument("query", nargs="?", metavar="QUERY", help="a named query or a .rq file")
    parser.add_argument("-e", "--expression", metavar="SPARQL", help="the query text itself")
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help='bind a declared parameter (repeatable), e.g. --param role="chef de projet IA"',
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format: table (default for SELECT), csv, tsv, json, xml (W3C results formats); "
        "turtle (default for CONSTRUCT/DESCRIBE), jsonld, nt",
    )
    parser.add_argument(
        "--asserted", action="store_true", help="query the asserted triples only (no inferences)"
    )
    parser.add_argument(
        "--no-external",
        action="store_true",
        help="leave out the external graphs of ontology/external/ (an ESCO import): our graph only",
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="an RDF file of your own catalogue, in the airoles vocabulary, queried with our graph "
        "(repeatable). It is loaded through pyoxigraph with the rule-based inferences (HermiT takes minutes "
        "at catalogue scale) and kept as an on-disk store in the user cache directory "
        "(or $AIROLES_CACHE_DIR): later runs open it at once",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the query after this many seconds (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument("--limit", type=_positive_int, metavar="N", help="keep at most N rows (or triples)")
    parser.add_argument(
        "--max-memory",
        type=_positive_float,
        default=DEFAULT_MEMORY_LIMIT / 1024**3,
        metavar="GIB",
        help=f"stop a query that needs more memory (default: {DEFAULT_MEMORY_LIMIT / 1024**3:g} GiB)",
    )
    add_allow_service(parser)
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the result to FILE (atomically)"
    )
    parser.set_defaults(func=run)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["role=chef de projet IA"]`` -> ``{"role": "chef de projet IA"}``; a name given twice is an error."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise AirolesError(f"--param {pair!r}: expected NAME=VALUE")
        if name in values:
            raise AirolesError(f"--param {name} is given twice")
        values[name] = value
    return values


def select_query(args: argparse.Namespace) -> NamedQuery:
    """The query the arguments designate: -e text, a .rq file, or a library query by name."""
    if args.expression is not None:
        if args.query:
            raise AirolesError("give either QUERY or -e SPARQL, not both")
        return parse_query(args.expression, "-e")
    if not args.query:
        raise AirolesError("no query: give a query name (see airoles query --list), a .rq file or -e SPARQL")
    candidate = Path(args.query)
    if args.query.endswith(".rq") or "/" in args.query or candidate.is_file():
        return read_query_file(candidate)
    return get_query(args.query)


def list_queries(lang: str = "en") -> str:
    """The library as a table: name, title in ``lang`` (`airoles query --list`: English), parameters."""
    rows = [
        [q.name, q.title_in(lang), ", ".join(f"{p.name} ({p.kind})" for p in q.params) or "-"]
        for q in named_queries()
    ]
    return table(["name", "title", "parameters"], rows)


def load_engine(data: list[str], asserted: bool, external: bool) -> QueryEngine:
    """The engine over our graph (and the external graphs unless not ``external``); with ``data`` files,
    over all of it loaded by :mod:`airoles_kg.catalogue.fastload` (inferred by the rules unless
    ``asserted``)."""
    if not data:
        return QueryEngine.load(asserted=asserted, external=external)
    from airoles_kg.catalogue import fastload  # only for --data: pyoxigraph loading and its caches

    files = fastload.project_files(data, external=external)
    return fastload.load(files, reasoning=not asserted, persistent=True).engine()


def run(args: argparse.Namespace) -> int:
    if args.list:
        if args.query or args.expression:
            raise AirolesError("--list takes no query")
        sys.stdout.write(list_queries())
        return 0
    query = select_query(args)
    values = parse_params(args.param)
    with console.progress("loading the graph"):
        engine = load_engine(args.data, asserted=args.asserted, external=not args.no_external)
    engine.allowed_services = tuple(args.allow_service)
    engine.memory_limit = int(args.max_memory * 1024**3)
    try:
        with console.progress(f"running {query.name}"):
            result = engine.run_named(query, values, timeout=args.timeout, limit=args.limit)
    except QueryTimeout as exc:  # the CLI's own way out, which the explorer and the endpoint do not offer
        raise QueryTimeout(f"{exc}; or raise the limit with --timeout SECONDS") from None
    output = render(result, args.format)
    if args.output is not None:
        atomic_write_bytes(args.output, output)
    else:
        sys.stdout.buffer.write(output)
        sys.stdout.flush()
    if result.truncated:
        console.notice(f"result cut at --limit {args.limit}")
    return 0
