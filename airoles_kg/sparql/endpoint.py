"""A read-only SPARQL 1.1 Protocol endpoint: the ``oxigraph`` server behind a front that keeps promises.

The Oxigraph server (the ``oxigraph`` PyPI package) answers the queries: :class:`Endpoint` loads the graph
into a store directory under ``.cache/endpoint/`` (``oxigraph load``) and runs ``oxigraph serve-read-only``
on a private loopback port. In front of it, an HTTP front adds what the server lacks, as measured with
oxigraph 0.5.13:

* a result cap: the server has no option for it. The front reads at most ``limit + 1`` rows (or triples)
  from the server's stream, then closes it; a cut result carries the header ``Airoles-Truncated: true``.
* a hard time limit: ``--timeout-s`` is checked only between evaluation steps (a 1 s limit stopped an
  ``ORDER BY`` over a cartesian product after 31 s and 1 GB), a query stopped while streaming still
  answers ``200`` with a broken body, and each query's timer is a thread that lives for the whole limit
  (the server aborted under sustained load: :class:`airoles_kg.sparql.upstream.Upstream`), so the server
  runs without it. The front answers ``503`` when the time is up and restarts the read-only server (about
  a tenth of a second; the data stays on disk) so the runaway query stops at once, whether or not its
  client is still connected. Queries running at that moment on the same endpoint fail with ``503`` too,
  and may be retried. A server that has died (killed, crashed) is restarted the same way.
* read-only by construction, refused up front: SPARQL Update (``/update``, ``update=``,
  ``application/sparql-update``) gets ``403``; ``PUT``/``DELETE``/``PATCH`` get ``405``.
* CORS for browser clients (YASGUI...), and content negotiation of the W3C result formats.
* the limits of a server facing the public: queries per client address (``429``), connections (``503``),
  request head and body sizes (``400``, ``413``), idle and slow connections closed
  (:mod:`airoles_kg.sparql.front`);
* an access log: one JSON line per request, with the reason of each refusal (:mod:`airoles_kg.sparql.access`).

Protocol: ``GET /query?query=...``, ``POST /query`` with ``application/x-www-form-urlencoded``
(``query=...``) or ``application/sparql-query``; ``default-graph-uri``/``named-graph-uri`` are passed on.

The modules: :mod:`airoles_kg.sparql.upstream` (the Oxigraph server process, its store, the reading of its
answers), :mod:`airoles_kg.sparql.protocol` (the query operation: checks, forwarding, formats),
:mod:`airoles_kg.sparql.front` (Starlette on uvicorn); this one puts them together in :class:`Endpoint`.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph

from airoles_kg.core import cache
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.access import AccessLog
from airoles_kg.sparql.api import SearchSource
from airoles_kg.sparql.front import (
    BACKLOG,
    IDLE_TIMEOUT,
    Front,
    Settings,
    connection_bound,
)
from airoles_kg.sparql.front import DEFAULT_MAX_PER_CLIENT as DEFAULT_MAX_PER_CLIENT
from airoles_kg.sparql.front import MAX_BODY as MAX_BODY
from airoles_kg.sparql.protocol import ASK_TYPES as ASK_TYPES
from airoles_kg.sparql.protocol import GRAPH_TYPES as GRAPH_TYPES
from airoles_kg.sparql.protocol import SELECT_TYPES as SELECT_TYPES
from airoles_kg.sparql.protocol import Limits
from airoles_kg.sparql.protocol import negotiate as negotiate
from airoles_kg.sparql.upstream import DEFAULT_HOST, Upstream, load_store

# free_port, oxigraph_binary, negotiate and the media type tables: re-exported, this module's face.
from airoles_kg.sparql.upstream import free_port as free_port
from airoles_kg.sparql.upstream import oxigraph_binary as oxigraph_binary

# DEFAULT_HOST (127.0.0.1) is defined in airoles_kg.sparql.upstream, whose free_port takes it.
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_LIMIT = 10_000


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (0: a free port); AirolesError when that is not possible."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=BACKLOG)
    except OSError as exc:
        raise AirolesError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} (choose another --port or --host)"
        ) from exc


# ---------------------------------------------------------------------------------------------------------
# The whole endpoint
# ---------------------------------------------------------------------------------------------------------


class Endpoint:
    """Load ``graph`` (then the RDF files ``extra_files``) into a fresh store, start the Oxigraph server and
    the HTTP front; :meth:`close` undoes all.

    Use as a context manager. ``port`` 0 picks a free port (see :attr:`url`). ``max_per_client`` queries may
    run at once per client address; ``max_connections`` (default: as many as the open-file limit allows,
    at most 4096) connections may be open; ``idle_timeout`` seconds close a connection without a request.
    ``access_log``: where each request is logged (None: nowhere); the caller opens it and closes it.
    ``describe(url)``: the dataset's VoID description as N-Triples, given the query URL, answered at
    ``/.well-known/void`` (None: that path is 404). ``search``: what the JSON API's search answers from
    (None: the nodes of ``graph``).
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
        max_per_client: int = DEFAULT_MAX_PER_CLIENT,
        max_connections: int | None = None,
        idle_timeout: int = IDLE_TIMEOUT,
        access_log: AccessLog | None = None,
        describe: Callable[[str], bytes] | None = None,
        search: SearchSource | None = None,
    ) -> None:
        if timeout <= 0:
            raise AirolesError(f"--timeout must be positive, not {timeout:g}")
        if limit <= 0:
            raise AirolesError(f"--limit must be positive, not {limit}")
        if max_per_client <= 0:
            raise AirolesError(f"--max-per-client must be positive, not {max_per_client}")
        self.graph = graph
        self.extra_files = [Path(p) for p in extra_files]
        self.host, self.port = host, port
        self.timeout, self.limit = timeout, limit
        self.allowed_services = tuple(allowed_services)
        self.max_per_client = max_per_client
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self.access_log = access_log
        self.describe = describe
        self.search = search
        self.cache_dir = cache_dir or cache.root()
        self.workdir: Path | None = None
        self.upstream: Upstream | None = None
        self.sock: socket.socket | None = None
        self.front: Front | None = None
        self.load_seconds = 0.0

    @property
    def url(self) -> str:
        """The query URL, e.g. ``http://127.0.0.1:7878/query``."""
        return f"http://{self._authority}/query"

    @property
    def _authority(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def start(self) -> Endpoint:
        """Load the data, start the Oxigraph server; the front's socket is listening when this returns (and
        connections wait in its backlog until :meth:`serve_forever`)."""
        # Listen first: a busy port is reported before the store is loaded, and port 0 gets its number.
        self.sock = listen(self.host, self.port)
        self.port = int(self.sock.getsockname()[1])
        try:
            base = self.cache_dir / "endpoint"
            base.mkdir(parents=True, exist_ok=True)
            _remove_stale_runs(base)
            self.workdir = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=base))
            self.load_seconds = load_store(self.graph, self.workdir / "store", self.extra_files)
            self.upstream = Upstream(self.workdir / "store", self.workdir / "oxigraph.log")
            self.upstream.start()
            limits = Limits(self.upstream, self.timeout, self.limit, self.allowed_services)
            settings = Settings(
                limits,
                self.url,
                max_per_client=self.max_per_client,
                max_connections=self.max_connections or connection_bound(),
                idle_timeout=self.idle_timeout,
                access_log=self.access_log,
                description=self.describe(self.url) if self.describe is not None else b"",
                graph=self.graph,
                search=self.search,
            )
            self.front = Front(settings, self.sock, fallback_host=self._authority)
        except BaseException:
            self.close()
            raise
        return self

    def serve_forever(self) -> None:
        """Answer requests until interrupted (SIGINT, SIGTERM: the signal's own handler then runs, e.g.
        KeyboardInterrupt) or :meth:`close` from another thread."""
        assert self.front is not None, "start() first"
        self.front.serve_forever()

    def close(self) -> None:
        """Stop the front and the Oxigraph server and delete the store directory."""
        if self.front is not None:
            self.front.close()
            self.front = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None
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
