"""The Oxigraph server behind the SPARQL endpoint (:mod:`airoles_kg.sparql.endpoint`), and its answers.

``oxigraph load`` writes the graph (and the external RDF files) into a store directory (:func:`load_store`);
:class:`Upstream` runs ``oxigraph serve-read-only`` on it on a private loopback port, restartable to stop a
runaway query; :func:`fetch` sends it a query and reads at most ``limit`` rows or triples of the answer within
the time limit (:class:`Answer`, :class:`QueryTimedOut`).

Relative IRIs: the server resolves them (``<x>``, ``IRI("x")``) against the URL it was asked at, which it
builds from the ``Host`` header. :func:`fetch` sends the public endpoint's host there, so a query sees
``http://PUBLIC-HOST/query`` as its base, never the private port (the query text is not rewritten).
"""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from rdflib import Graph

from airoles_kg.core.errors import AirolesError, InputError
from airoles_kg.core.loader import format_for
from airoles_kg.sparql.counting import CutShort, JsonRows, LineRows
from airoles_kg.sparql.keepalive import DEADLINES, ConnectionPool

DEFAULT_HOST = "127.0.0.1"
UPSTREAM_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


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


def _die_with_parent(command: list[str]) -> list[str]:
    """``command`` run so that it is killed when the thread that started it ends (Linux: util-linux's
    ``setpriv --pdeathsig KILL``, which sets PR_SET_PDEATHSIG and execs). ``kill -9`` of ``airoles serve``
    then takes the oxigraph server with it instead of leaving it running for good. Where setpriv is missing
    the command runs as it is (the stale runs are still reaped at the next start)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or not sys.platform.startswith("linux"):
        return command
    return [setpriv, "--pdeathsig", "KILL", "--", *command]


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
    """``oxigraph serve-read-only`` on a private loopback port; restartable to kill a runaway query.

    The server runs without ``--timeout-s``: the time limit is the caller's (:func:`fetch`, then
    :meth:`restart`). Oxigraph 0.5.13 enforces ``--timeout-s`` with a thread per query that sleeps for the
    whole limit, however soon the query ends: under a sustained load of R queries/s, R × limit threads
    (15,000 at 500 queries/s and 30 s, 280 MB), and at about 16,000 (a 2-core machine, 24 GiB) thread
    creation fails, the server answers 500, then aborts (measured with scripts/bench_load.py).
    """

    def __init__(self, location: Path, log: Path) -> None:
        self.location = location
        self.log = log
        self.port = 0
        self.generation = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.closed = False
        self._lock = threading.Lock()
        self.pool = ConnectionPool()  # kept-alive connections to the running server (fetch)
        # The parent-death signal fires when the *thread* that forked the child ends; a request thread that
        # restarts the server after a runaway query ends soon after, so one long-lived thread forks them all.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="oxigraph-spawner")

    def start(self) -> None:
        """Start the server and wait until it accepts connections (AirolesError if it does not)."""
        self.port = free_port()
        command = [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(self.location),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        self.process = self._spawner.submit(self._spawn, _die_with_parent(command)).result()
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

    def _spawn(self, command: list[str]) -> subprocess.Popen[bytes]:
        with open(self.log, "ab") as log:
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)

    def close(self) -> None:
        """Stop the server and the thread that starts it; no restart happens afterwards."""
        with self._lock:
            # A query thread that outlived the HTTP front (abandoned at shutdown) may still time out and ask
            # for a restart: it must not start a server that nobody would stop.
            self.closed = True
            self.stop()
        self._spawner.shutdown(wait=False)

    def stop(self) -> None:
        """Stop the server process (terminate, then kill after 5 s)."""
        process, self.process = self.process, None
        # Its kept-alive connections die with it: none is reused across a restart (the pool also checks the
        # generation, for the connections queries of the old server give back late).
        self.pool.clear()
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
            if generation != self.generation or self.closed:
                return
            self.generation += 1
            self.stop()
            self.start()

    def address(self) -> tuple[int, int]:
        """(port, generation) to send a request to, read together (waits while a restart is under way)."""
        with self._lock:
            return self.port, self.generation

    def address_now(self) -> tuple[int, int] | None:
        """:meth:`address` without waiting: None while a restart is under way (the event loop's form)."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return self.port, self.generation
        finally:
            self._lock.release()

    def alive(self) -> int | None:
        """The port of the server if its process is running, else None. Never waits (no lock: the event
        loop of the HTTP front calls it for ``/healthz``); during a restart it may say None."""
        process, port = self.process, self.port
        if process is None or process.poll() is not None:
            return None
        return port


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


def fetch(
    port: int,
    form: Sequence[tuple[str, str]],
    timeout: float,
    limit: int,
    host: str | None = None,
    pool: ConnectionPool | None = None,
    generation: int = 0,
) -> Answer:
    """Send the query to the upstream server and read at most ``limit`` rows/triples within ``timeout``.

    ``host`` (``name:port``) is sent as the ``Host`` header: the server resolves relative IRIs against
    ``http://HOST/query``. Raises :class:`QueryTimedOut` when the time is up (the connection is shut down to
    unblock the read). ``pool``: where to take a kept-alive connection to the server of ``generation`` and
    give it back once its answer is read to the end (None: a connection for this query only).
    """
    body = urlencode(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": UPSTREAM_ACCEPT}
    if host is not None:
        headers["Host"] = host  # http.client then sends no Host of its own
    if pool is None:
        connection, reused = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 1), False
    else:
        connection, reused = pool.get(port, generation, timeout + 1)

    def expire() -> None:
        sock = connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    deadline = DEADLINES.arm(timeout, expire)
    keep = False
    try:
        try:
            connection.request("POST", "/query", body=body, headers=headers)
            response = connection.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
            if not reused or deadline.fired:
                raise
            # The server closed this idle connection since its last answer: once more on a new one (a
            # query is read-only; nothing of it has run).
            connection.close()
            connection.request("POST", "/query", body=body, headers=headers)
            response = connection.getresponse()
        answer, keep = _read(response, limit)
    except (OSError, http.client.HTTPException) as exc:
        if deadline.fired:
            raise QueryTimedOut() from exc
        raise
    except CutShort as exc:
        # A body cut short: the deadline shut the connection (or, with a --timeout-s, the server stopped the
        # query while streaming and appended its message to a 200 response).
        raise QueryTimedOut() from exc
    finally:
        # A connection the deadline has shut (or may be shutting) is never reused, nor one left mid-answer.
        if deadline.cancel() and keep and pool is not None:
            pool.put(port, generation, connection)
        else:
            connection.close()
    if deadline.fired:  # a shut-down socket can also look like a normal end of stream
        raise QueryTimedOut()
    return answer


_CHUNK = 64 * 1024


def _read(response: http.client.HTTPResponse, limit: int) -> tuple[Answer, bool]:
    """The answer of ``response``, and whether it was read to its end (its connection reusable)."""
    content_type = response.getheader("Content-Type", "").split(";")[0].strip().lower()
    if response.status != 200:
        message = response.read(_CHUNK)
        return Answer("error", message, status=response.status), response.isclosed()
    rows = rows_reader(content_type, limit)
    while chunk := response.read1(_CHUNK):
        if rows.feed(chunk):
            break  # past the cap: the rest is not read, the connection is dropped
    else:
        # With a Content-Length, read1 says b"" at the end without marking the response closed (which
        # http.client requires before the connection's next request): read() does.
        response.read()
    return answer_of(rows), not rows.truncated and response.isclosed()


def rows_reader(content_type: str, limit: int) -> JsonRows | LineRows:
    """What counts the rows of a 200 answer of ``content_type`` (its media type, lower case)."""
    return LineRows(limit) if content_type == "application/n-triples" else JsonRows(limit)


def answer_of(rows: JsonRows | LineRows) -> Answer:
    """The :class:`Answer` that ``rows`` has read to its end or cut (CutShort: the document is incomplete)."""
    payload = rows.document()
    if isinstance(rows, LineRows):
        return Answer("graph", payload, truncated=rows.truncated)
    kind = "ask" if not rows.truncated and rows.is_boolean() else "select"
    return Answer(kind, payload, truncated=rows.truncated)


def bundled_file(port: int, path: str) -> bytes | None:
    """GET ``path`` from the Oxigraph server on ``port`` (a file it bundles); None unless it answers 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return body if response.status == 200 else None
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()
