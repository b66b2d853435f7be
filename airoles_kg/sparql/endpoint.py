"""A read-only SPARQL 1.1 Protocol endpoint: the ``oxigraph`` server behind a thin proxy that keeps promises.

The Oxigraph server (the ``oxigraph`` PyPI package) answers the queries: :class:`Endpoint` loads the graph
into a store directory under ``.cache/endpoint/`` (``oxigraph load``) and runs ``oxigraph serve-read-only``
on a private loopback port. In front of it, a small HTTP proxy (this module) adds what the server lacks,
as measured with oxigraph 0.5.13:

* a result cap: the server has no option for it. The proxy reads at most ``limit + 1`` rows (or triples)
  from the server's stream, then closes it; a cut result carries the header ``Airoles-Truncated: true``.
* a hard time limit: ``--timeout-s`` is checked only between evaluation steps (a 1 s limit stopped an
  ``ORDER BY`` over a cartesian product after 31 s and 1 GB), and a query stopped while streaming
  still answers ``200`` with a broken body. The proxy answers ``503`` when the time is up and restarts the
  read-only server (about a tenth of a second; the data stays on disk) so the runaway query stops at once.
  Queries running at that moment on the same endpoint fail with ``503`` too, and may be retried.
* read-only by construction, refused up front: SPARQL Update (``/update``, ``update=``,
  ``application/sparql-update``) gets ``403``; ``PUT``/``DELETE``/``PATCH`` get ``405``.
* CORS for browser clients (YASGUI...), and content negotiation of the W3C result formats.

Protocol: ``GET /query?query=...``, ``POST /query`` with ``application/x-www-form-urlencoded``
(``query=...``) or ``application/sparql-query``; ``default-graph-uri``/``named-graph-uri`` are passed on.

The Oxigraph server process, its store and the reading of its answers are in
:mod:`airoles_kg.sparql.upstream`; this module is the HTTP front and the whole :class:`Endpoint`.
"""

from __future__ import annotations

import html
import http.client
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.core import cache
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.store import serialized
from airoles_kg.sparql.engine import default_prefixes
from airoles_kg.sparql.federation import FederationRefused, refuse_federation
from airoles_kg.sparql.results import jsonld, used_prefixes
from airoles_kg.sparql.upstream import (  # free_port, oxigraph_binary: re-exported, this module's face
    DEFAULT_HOST,
    Answer,
    QueryTimedOut,
    Upstream,
    fetch,
    load_store,
)
from airoles_kg.sparql.upstream import free_port as free_port
from airoles_kg.sparql.upstream import oxigraph_binary as oxigraph_binary

# DEFAULT_HOST (127.0.0.1) is defined in airoles_kg.sparql.upstream, whose free_port takes it.
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000
MAX_BODY = 1 << 20  # bytes accepted in a POST body

# Media types offered, in order of preference when the client accepts anything.
SELECT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
ASK_TYPES: dict[str, ox.QueryResultsFormat] = {
    k: v for k, v in SELECT_TYPES.items() if v in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
}
GRAPH_TYPES: dict[str, ox.RdfFormat | None] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": None,  # JSON-LD compacted with an inline context
    # (airoles_kg.sparql.results.jsonld)
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
_EXPOSED = "Airoles-Result-Limit, Airoles-Truncated"


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header prefers (None: nothing acceptable)."""
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q))
    best: tuple[float, int, str] | None = None
    for index, media_type in enumerate(offered):
        main = media_type.split("/")[0]
        # The most specific matching range decides the quality of this type.
        matches = [
            (3 if m == media_type else 2 if m == f"{main}/*" else 1, q)
            for m, q in ranges
            if m in (media_type, f"{main}/*", "*/*")
        ]
        if not matches:
            continue
        q = max(matches)[1]
        if q > 0 and (best is None or q > best[0]):
            best = (q, index, media_type)
    return best[2] if best else None


# ---------------------------------------------------------------------------------------------------------
# The HTTP front
# ---------------------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # Once bound, the socket's own name: the host as text (the stub also allows the bytes a constructor may
    # be given), then the port (and, for IPv6, flow info and scope id).
    server_address: tuple[str, int] | tuple[str, int, int, int]
    upstream: Upstream
    timeout_s: float
    limit: int
    allowed_services: tuple[str, ...]


class Handler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol, query operation only."""

    server: _Server
    server_version = "airoles-sparql"
    protocol_version = "HTTP/1.1"

    # --- routing ---

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server naming)
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        self.send_header("Access-Control-Allow-Headers", requested or "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("", "/"):
            self._info_page()
        elif url.path == "/update" or "update" in params:
            self._refuse_update()
        elif url.path in ("/query", "/sparql"):
            self._query(params)
        else:
            self._text(404, f"no such resource {url.path}; the SPARQL endpoint is /query\n")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True  # the unread body would be taken for the next request
            self._text(413, f"request body larger than {MAX_BODY} bytes\n")
            return
        body = self.rfile.read(length) if length else b""
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if url.path == "/update" or content_type == "application/sparql-update" or "update" in params:
            self._refuse_update()
            return
        if url.path not in ("/query", "/sparql"):
            self._text(404, f"no such resource {url.path}; the SPARQL endpoint is /query\n")
            return
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                self._refuse_update()
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", errors="replace"))
        else:
            self._text(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query\n")
            return
        self._query(params)

    def _refuse_update(self) -> None:
        self._text(403, "this SPARQL endpoint is read-only: SPARQL Update is refused\n")

    def do_PUT(self) -> None:  # noqa: N802
        self._method_not_allowed()

    def do_DELETE(self) -> None:  # noqa: N802
        self._method_not_allowed()

    def do_PATCH(self) -> None:  # noqa: N802
        self._method_not_allowed()

    def _method_not_allowed(self) -> None:
        self._text(405, "this SPARQL endpoint is read-only\n", extra={"Allow": "GET, POST, OPTIONS"})

    # --- the query operation ---

    def _query(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._text(400, "give exactly one non-empty 'query' parameter\n")
            return
        try:
            refuse_federation(queries[0], self.server.allowed_services)
        except FederationRefused as exc:
            self._text(400, f"{exc}\n")
            return
        form = [("query", queries[0])]
        for key in ("default-graph-uri", "named-graph-uri"):
            form += [(key, value) for value in params.get(key, [])]
        upstream = self.server.upstream
        port, generation = upstream.address()
        try:
            answer = fetch(port, form, self.server.timeout_s, self.server.limit)
        except QueryTimedOut:
            try:
                self._text(
                    503,
                    f"the query exceeded the time limit of {self.server.timeout_s:g} s and was stopped\n",
                    extra={"Retry-After": "1"},
                )
            finally:
                # Even when the client has gone (the write fails): the runaway query must not go on.
                upstream.restart(generation)
            return
        except (OSError, http.client.HTTPException) as exc:
            if upstream.address()[1] != generation:
                self._text(
                    503,
                    "the SPARQL server was restarted to stop a runaway query; please retry\n",
                    extra={"Retry-After": "1"},
                )
            else:
                self._text(502, f"the SPARQL server did not answer: {exc}\n")
            return
        if answer.kind == "error":
            self._text(answer.status, answer.payload.decode("utf-8", errors="replace").rstrip("\n") + "\n")
            return
        self._send_answer(answer)

    def _send_answer(self, answer: Answer) -> None:
        accept = self.headers.get("Accept")
        by_kind: dict[str, Mapping[str, object]] = {
            "select": SELECT_TYPES,
            "ask": ASK_TYPES,
            "graph": GRAPH_TYPES,
        }
        offered = by_kind[answer.kind]
        media_type = negotiate(accept, list(offered))
        if media_type is None:
            self._text(406, f"cannot answer this query as {accept}; available: {', '.join(offered)}\n")
            return
        if answer.kind == "graph":
            fmt = GRAPH_TYPES[media_type]
            if fmt is None:
                graph = Graph()
                if answer.payload.strip():
                    graph.parse(data=answer.payload, format="nt")
                body = jsonld(graph, default_prefixes())
            elif fmt == ox.RdfFormat.N_TRIPLES:
                body = answer.payload
            else:
                triples = list(ox.parse(answer.payload, ox.RdfFormat.N_TRIPLES))
                used = used_prefixes(triples, default_prefixes())
                body = serialized(ox.serialize(triples, format=fmt, prefixes=used))
        else:
            results_format = SELECT_TYPES[media_type]  # offered is SELECT_TYPES or ASK_TYPES, a part of it
            if results_format == ox.QueryResultsFormat.JSON:
                body = answer.payload
            else:
                results = ox.parse_query_results(answer.payload, ox.QueryResultsFormat.JSON)
                body = serialized(results.serialize(format=results_format))
        textual = media_type.startswith("text/") or "json" in media_type or "xml" in media_type
        charset = "; charset=utf-8" if textual else ""
        self.send_response(200)
        self.send_header("Content-Type", f"{media_type}{charset}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("Airoles-Result-Limit", str(self.server.limit))
        self.send_header("Airoles-Truncated", "true" if answer.truncated else "false")
        self._cors()
        self.end_headers()
        self.wfile.write(body)

    # --- helpers ---

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", _EXPOSED)

    def _text(self, status: int, text: str, extra: dict[str, str] | None = None) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self._cors()
        self.end_headers()
        self.wfile.write(body)

    def _info_page(self) -> None:
        host, port = self.server.server_address[:2]
        url = f"http://{host}:{port}/query"
        body = (
            "<!doctype html><meta charset=utf-8><title>airoles SPARQL endpoint</title>"
            "<h1>airoles SPARQL endpoint</h1>"
            f"<p>SPARQL 1.1 Protocol, read-only: <code>{html.escape(url)}</code> (GET or POST).</p>"
            f"<p>Limits: {self.server.timeout_s:g} s per query, {self.server.limit} rows or triples per "
            "result (header <code>Airoles-Truncated: true</code> when a result is cut).</p>"
            f"<pre>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' "
            f"{html.escape(url)}</pre>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        self.end_headers()
        self.wfile.write(body)


# ---------------------------------------------------------------------------------------------------------
# The whole endpoint
# ---------------------------------------------------------------------------------------------------------


class Endpoint:
    """Load ``graph`` (then the RDF files ``extra_files``) into a fresh store, start the Oxigraph server and
    the proxy; :meth:`close` undoes all.

    Use as a context manager. ``port`` 0 picks a free port (see :attr:`url`).
    """

    def __init__(
        self,
        graph: Graph,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        limit: int = DEFAULT_LIMIT,
        cache_dir: Path | None = None,
        extra_files: Sequence[str | os.PathLike[str]] = (),
        allowed_services: Sequence[str] = (),
    ) -> None:
        if timeout <= 0:
            raise AirolesError(f"--timeout must be positive, not {timeout:g}")
        if limit <= 0:
            raise AirolesError(f"--limit must be positive, not {limit}")
        self.graph = graph
        self.extra_files = [Path(p) for p in extra_files]
        self.host, self.port = host, port
        self.timeout, self.limit = timeout, limit
        self.allowed_services = tuple(allowed_services)
        self.cache_dir = cache_dir or cache.root()
        self.workdir: Path | None = None
        self.upstream: Upstream | None = None
        self.server: _Server | None = None
        self.load_seconds = 0.0

    @property
    def url(self) -> str:
        """The query URL, e.g. ``http://127.0.0.1:7878/query``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def start(self) -> Endpoint:
        """Load the data, start both servers; the proxy is listening when this returns."""
        try:
            self.server = _Server((self.host, self.port), Handler)
        except OSError as exc:
            raise AirolesError(
                f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc} "
                "(choose another --port or --host)"
            ) from exc
        self.port = int(self.server.server_address[1])
        try:
            base = self.cache_dir / "endpoint"
            base.mkdir(parents=True, exist_ok=True)
            _remove_stale_runs(base)
            self.workdir = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=base))
            self.load_seconds = load_store(self.graph, self.workdir / "store", self.extra_files)
            self.upstream = Upstream(self.workdir / "store", self.timeout, self.workdir / "oxigraph.log")
            self.upstream.start()
        except BaseException:
            self.close()
            raise
        self.server.upstream = self.upstream
        self.server.timeout_s = self.timeout
        self.server.limit = self.limit
        self.server.allowed_services = self.allowed_services
        return self

    def serve_forever(self) -> None:
        """Answer requests until interrupted (KeyboardInterrupt) or :meth:`close`."""
        assert self.server is not None, "start() first"
        self.server.serve_forever(poll_interval=0.2)

    def close(self) -> None:
        """Stop the proxy and the Oxigraph server and delete the store directory."""
        if self.server is not None:
            self.server.server_close()
            self.server = None
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _remove_stale_runs(base: Path) -> None:
    """Delete store directories left by endpoints that are no longer running (crashed, killed)."""
    for run in base.glob("run-*-*"):
        try:
            pid = int(run.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(run, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
