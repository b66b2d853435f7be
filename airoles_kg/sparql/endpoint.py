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
"""

from __future__ import annotations

import gzip
import html
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.core import cache
from airoles_kg.core.errors import AirolesError, InputError
from airoles_kg.core.loader import format_for
from airoles_kg.core.store import serialized
from airoles_kg.sparql.engine import default_prefixes, solutions_json
from airoles_kg.sparql.results import jsonld, used_prefixes

DEFAULT_HOST = "127.0.0.1"
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
_UPSTREAM_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_EXPOSED = "Airoles-Result-Limit, Airoles-Truncated"


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable of this Python environment (else on PATH); AirolesError if missing."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise AirolesError(
        "the oxigraph server is not installed: pip install oxigraph (the version pinned in pyproject.toml)"
    )


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


# airoles_kg.core.loader's format names -> the media types ``oxigraph load --format`` takes.
_LOAD_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
}


def _oxigraph_load(location: Path, path: Path, media_type: str, base: str | None = None) -> None:
    command = [
        oxigraph_binary(),
        "load",
        "--location",
        str(location),
        "--file",
        str(path),
        "--format",
        media_type,
    ]
    if base is not None:
        command += ["--base", base]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AirolesError(f"oxigraph load failed: {done.stderr.strip() or done.stdout.strip()}")


def load_store(graph: Graph, location: Path, extra_files: Sequence[Path] = ()) -> float:
    """Write ``graph``, then the RDF files ``extra_files`` (the external graphs, e.g. an ESCO import, read by
    oxigraph itself), into a new Oxigraph store at ``location`` (``oxigraph load``); returns the seconds."""
    start = time.perf_counter()
    data = location.parent / f"{location.name}.nt"
    data.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    try:
        _oxigraph_load(location, data, _LOAD_TYPES["nt"])
    finally:
        data.unlink(missing_ok=True)
    for path in extra_files:
        if path.name.endswith(".nt.gz"):  # e.g. the shipped ESCO layer: oxigraph reads it decompressed
            plain = location.parent / path.name.removesuffix(".gz")
            try:
                plain.write_bytes(gzip.decompress(path.read_bytes()))
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise InputError(f"{path}: cannot read: {exc}") from exc
            try:
                _oxigraph_load(location, plain, _LOAD_TYPES["nt"], path.resolve().as_uri())
            finally:
                plain.unlink(missing_ok=True)
            continue
        _oxigraph_load(location, path, _LOAD_TYPES[format_for(path)], path.resolve().as_uri())
    return time.perf_counter() - start


# ---------------------------------------------------------------------------------------------------------
# The Oxigraph server process
# ---------------------------------------------------------------------------------------------------------


class Upstream:
    """``oxigraph serve-read-only`` on a private loopback port; restartable to kill a runaway query."""

    def __init__(self, location: Path, timeout: float, log: Path) -> None:
        self.location = location
        self.timeout = timeout
        self.log = log
        self.port = 0
        self.generation = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the server and wait until it accepts connections (AirolesError if it does not)."""
        self.port = free_port()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    oxigraph_binary(),
                    "serve-read-only",
                    "--location",
                    str(self.location),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout-s",
                    str(max(1, round(self.timeout))),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-500:]
                raise AirolesError(
                    f"the oxigraph server stopped at start (exit {self.process.returncode}): {tail}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AirolesError("the oxigraph server did not start within 20 s")

    def stop(self) -> None:
        """Stop the server process (terminate, then kill after 5 s)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self, generation: int) -> None:
        """Restart the server unless someone already did since ``generation`` (one restart per runaway)."""
        with self._lock:
            if generation != self.generation:
                return
            self.generation += 1
            self.stop()
            self.start()

    def address(self) -> tuple[int, int]:
        """(port, generation) to send a request to, read together."""
        with self._lock:
            return self.port, self.generation


# ---------------------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Answer:
    """What the upstream server answered, cut to the limit."""

    kind: str  # "select", "ask", "graph" or "error"
    payload: bytes  # W3C JSON (select/ask), N-Triples (graph), the server's message (error)
    truncated: bool = False
    status: int = 200


class QueryTimedOut(Exception):
    """The deadline passed before the upstream answer was complete."""


def fetch(port: int, form: Sequence[tuple[str, str]], timeout: float, limit: int) -> Answer:
    """Send the query to the upstream server and read at most ``limit`` rows/triples within ``timeout``.

    Raises :class:`QueryTimedOut` when the time is up (the connection is shut down to unblock the read).
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 1)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        connection.request(
            "POST",
            "/query",
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": _UPSTREAM_ACCEPT},
        )
        response = connection.getresponse()
        content_type = response.getheader("Content-Type", "").split(";")[0].strip()
        if response.status != 200:
            answer = Answer("error", response.read(64 * 1024), status=response.status)
        elif content_type == "application/n-triples":
            answer = _read_triples(response, limit)
        else:
            answer = _read_solutions(response, limit)
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise QueryTimedOut() from exc
        raise
    except (SyntaxError, ValueError) as exc:
        # A body cut short: the deadline shut the connection, or the server stopped the query while
        # streaming (its own --timeout-s) and appended its message to a 200 response.
        raise QueryTimedOut() from exc
    finally:
        timer.cancel()
        connection.close()
    if expired.is_set():  # a shut-down socket can also look like a normal end of stream
        raise QueryTimedOut()
    return answer


def _read_solutions(response: http.client.HTTPResponse, limit: int) -> Answer:
    results = ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        return Answer("ask", serialized(results.serialize(format=ox.QueryResultsFormat.JSON)))
    variables = [v.value for v in results.variables]
    rows = list(islice(results, limit + 1))
    return Answer("select", solutions_json(variables, rows[:limit]), truncated=len(rows) > limit)


def _read_triples(response: http.client.HTTPResponse, limit: int) -> Answer:
    lines: list[bytes] = []
    truncated = False
    for line in response:
        if not line.strip() or line.lstrip().startswith(b"#"):
            continue
        if len(lines) == limit:
            truncated = True
            break
        lines.append(line)
    data = b"".join(lines)
    for _ in ox.parse(data, ox.RdfFormat.N_TRIPLES):  # a body cut short fails here
        pass
    return Answer("graph", data, truncated=truncated)


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
        form = [("query", queries[0])]
        for key in ("default-graph-uri", "named-graph-uri"):
            form += [(key, value) for value in params.get(key, [])]
        upstream = self.server.upstream
        port, generation = upstream.address()
        try:
            answer = fetch(port, form, self.server.timeout_s, self.server.limit)
        except QueryTimedOut:
            self._text(
                503,
                f"the query exceeded the time limit of {self.server.timeout_s:g} s and was stopped\n",
                extra={"Retry-After": "1"},
            )
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
    ) -> None:
        if timeout <= 0:
            raise AirolesError(f"--timeout must be positive, not {timeout:g}")
        if limit <= 0:
            raise AirolesError(f"--limit must be positive, not {limit}")
        self.graph = graph
        self.extra_files = [Path(p) for p in extra_files]
        self.host, self.port = host, port
        self.timeout, self.limit = timeout, limit
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
            self.upstream.stop()
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
