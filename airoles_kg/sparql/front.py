"""The HTTP front of the SPARQL endpoint: a Starlette application served by uvicorn (h11).

What it promises, beyond the SPARQL protocol itself (:mod:`airoles_kg.sparql.protocol`):

* the queries never block the event loop: each one (the upstream HTTP call, then the rendering) runs in a
  worker thread, at most :data:`QUERY_THREADS` at once (further queries wait for a thread);
* at most ``max_per_client`` queries running at once per client address: beyond, ``429 Too Many Requests``
  with ``Retry-After``, while other clients are answered. A query whose client has gone still counts until
  it ends (at the latest at the time limit), so leaving does not free a slot early;
* at most ``max_connections`` connections (uvicorn's ``limit_concurrency``): beyond, ``503``; a listen
  backlog of :data:`BACKLOG` for bursts of connections;
* a connection that sends no complete request head within ``idle_timeout`` seconds is closed, after a
  response as before the first one (uvicorn alone never closes a connection that sends nothing, or a
  head a byte at a time: :class:`_Protocol`);
* a request head of at most :data:`MAX_HEAD` bytes, a body of at most :data:`MAX_BODY` bytes (``413``)
  received within :data:`BODY_TIMEOUT` seconds (``408``); a malformed request (``Content-Length: -1``,
  ``abc``) gets ``400`` from h11, logged as one warning line, never a traceback;
* ``HEAD`` answers as ``GET`` without the body; ``/healthz`` answers ``200 ok`` while the Oxigraph server
  runs and accepts connections (no query is run), else ``503``.
"""

from __future__ import annotations

import asyncio
import resource
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from airoles_kg.sparql.protocol import (
    EXPOSED_HEADERS,
    Limits,
    Reply,
    answer_query,
    info_page,
    public_host,
    text,
)

BACKLOG = 2048  # pending connections the kernel queues (capped by net.core.somaxconn)
MAX_BODY = 1 << 20  # bytes accepted in a POST body
MAX_HEAD = 64 * 1024  # bytes of request line + headers (h11); a longer GET query should be POSTed
BODY_TIMEOUT = 10.0  # seconds to receive a whole POST body
IDLE_TIMEOUT = 5  # seconds a connection may stay without a complete request head
QUERY_THREADS = 32  # worker threads for queries; each mostly waits on the Oxigraph server
DEFAULT_MAX_PER_CLIENT = 4
DEFAULT_MAX_CONNECTIONS = 4096
GRACEFUL_SHUTDOWN = 3  # seconds running queries get to finish when the endpoint stops
QUERY_PATHS = ("/query", "/sparql")
_ALLOWED = "GET, HEAD, POST, OPTIONS"

# uvicorn's loggers only, on stderr: one line per request (as http.server wrote), warnings for refused
# requests, errors with their traceback. The rest of the process's logging is left alone.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {
            "()": "uvicorn.logging.DefaultFormatter",
            "fmt": "%(levelname)s %(message)s",
            "use_colors": False,
        },
        "access": {
            "()": "uvicorn.logging.AccessFormatter",
            "fmt": '%(asctime)s %(client_addr)s "%(request_line)s" %(status_code)s',
            "use_colors": False,
        },
    },
    "handlers": {
        "default": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"level": "WARNING"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


@dataclass(frozen=True)
class Settings:
    """The front's configuration: the query limits and the HTTP ones."""

    limits: Limits
    url: str  # the public query URL, e.g. http://127.0.0.1:7878/query
    max_per_client: int = DEFAULT_MAX_PER_CLIENT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    idle_timeout: int = IDLE_TIMEOUT


def connection_bound(wanted: int = DEFAULT_MAX_CONNECTIONS) -> int:
    """``wanted``, or fewer if the open-file limit cannot hold that many connections.

    Raises the soft limit first, towards the hard one (a server's usual start-up step): at 1024, a common
    default, the accept loop would fail with EMFILE long before ``wanted``. Half the descriptors are kept
    for the rest: a connection to the Oxigraph server per running query, the store's files.
    """
    needed = 2 * wanted + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(64, min(wanted, soft // 2))


class ClientSlots:
    """How many queries each client address has running; at most ``per_client`` at once.

    Used from the event loop only (one thread), hence no lock.
    """

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self.running: dict[str, int] = {}

    def take(self, client: str) -> bool:
        """Count one more query for ``client``; False (nothing counted) when it has its maximum running."""
        count = self.running.get(client, 0)
        if count >= self.per_client:
            return False
        self.running[client] = count + 1
        return True

    def give(self, client: str) -> None:
        """One query of ``client`` has ended."""
        count = self.running.get(client, 0) - 1
        if count > 0:
            self.running[client] = count
        else:
            self.running.pop(client, None)


class _Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head.

    uvicorn arms its keep-alive timer only once a response is complete, and cancels it at the first byte
    received: a connection that never sends anything, or sends its head a byte at a time, would stay open for
    good and count against the connection bound. Here a timer runs from the connection's start, and again
    after each response, until a whole request head has arrived; when it fires, the connection is closed.
    """

    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        # asyncio disables Nagle's algorithm only on sockets whose proto is IPPROTO_TCP, and a listening
        # socket made by socket.create_server (proto 0) accepts sockets with proto 0: each response (head,
        # then body: two writes) then waited for the client's delayed ACK, 40 ms per request on a kept-alive
        # connection (scripts/bench_endpoint.py).
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass  # the connection is already gone
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._answering():
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self._answering():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _answering(self) -> bool:
        """A request head has arrived and its response is not complete yet."""
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.timeout_keep_alive, self._expire)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _expire(self) -> None:
        self._head_deadline = None
        if not self._answering() and not self.transport.is_closing():
            self.transport.close()


def _response(reply: Reply) -> Response:
    return Response(reply.body, status_code=reply.status, headers=reply.headers)


class _Guard:
    """The outer ASGI layer: CORS headers on every answer, preflight answers, and the read-only methods.

    ``OPTIONS`` (any path) gets the CORS preflight answer; any method but GET, HEAD, POST and OPTIONS gets
    405 (PUT, DELETE, PATCH: the Graph Store Protocol's writes), before any routing.
    """

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan is off, websockets are not served
            return
        method = scope["method"]
        if method == "OPTIONS":
            requested = dict(scope["headers"]).get(b"access-control-request-headers", b"").decode("latin-1")
            reply = Reply(
                204,
                b"",
                {
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": requested or "Content-Type, Accept",
                    "Access-Control-Max-Age": "86400",
                },
            )
            await _response(reply)(scope, receive, self._with_cors(send))
            return
        if method not in ("GET", "HEAD", "POST"):
            reply = text(405, "this SPARQL endpoint is read-only\n", extra={"Allow": _ALLOWED})
            await _response(reply)(scope, receive, self._with_cors(send))
            return
        await self.app(scope, receive, self._with_cors(send))

    @staticmethod
    def _with_cors(send: Send) -> Send:
        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"access-control-allow-origin", b"*"),
                    (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        return sender


class _Handlers:
    """The routes' handlers (async; the blocking work goes to the worker threads)."""

    def __init__(self, settings: Settings, fallback_host: str) -> None:
        self.settings = settings
        self.limits = settings.limits
        self.fallback_host = fallback_host
        self.slots = ClientSlots(settings.max_per_client)
        self.threads = anyio.CapacityLimiter(QUERY_THREADS)

    async def info(self, request: Request) -> Response:
        limits = self.limits
        return _response(
            info_page(self.settings.url, limits.timeout, limits.limit, self.settings.max_per_client)
        )

    async def health(self, request: Request) -> Response:
        port = self.limits.upstream.alive()
        if port is not None:
            try:
                async with asyncio.timeout(2):  # a liveness check: connect, send nothing
                    _, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.close()
                    await writer.wait_closed()
                return _response(text(200, "ok\n"))
            except (OSError, TimeoutError):
                pass
        return _response(
            text(503, "the SPARQL server is not running (it may be restarting)\n", {"Retry-After": "1"})
        )

    async def dispatch(self, request: Request) -> Response:
        """GET, HEAD and POST on any path but ``/`` and ``/healthz``: the query operation, or a refusal."""
        path = request.url.path
        params = parse_qs(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if request.method != "POST":
            if path == "/update" or "update" in params:
                return _response(_update_refused())
            if path not in QUERY_PATHS:
                return _response(_not_found(path))
            return await self._query(request, params)
        body = await self._body(request)
        if isinstance(body, Reply):
            return _response(body)
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if path == "/update" or content_type == "application/sparql-update" or "update" in params:
            return _response(_update_refused())
        if path not in QUERY_PATHS:
            return _response(_not_found(path))
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in form:
                return _response(_update_refused())
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", errors="replace"))
        else:
            message = "POST a query as application/x-www-form-urlencoded or application/sparql-query\n"
            return _response(text(415, message))
        return await self._query(request, params)

    async def _body(self, request: Request) -> bytes | Reply:
        """The request body, or the reply refusing it (too large, too slow, malformed)."""
        # The connection cannot be reused once a body is left unread: the refusals close it.
        close = {"Connection": "close"}
        too_large = text(413, f"request body larger than {MAX_BODY} bytes\n", extra=close)
        declared = request.headers.get("content-length")
        if declared is not None:
            # h11 has refused a Content-Length that is not a number (400) before we get here.
            if not declared.strip().isdigit():
                return text(400, "malformed Content-Length\n", extra=close)
            if int(declared) > MAX_BODY:
                return too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(BODY_TIMEOUT):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_BODY:  # chunked bodies declare no length
                        return too_large
                    chunks.append(chunk)
        except TimeoutError:
            return text(408, f"the request body did not arrive within {BODY_TIMEOUT:g} s\n", extra=close)
        except ClientDisconnect:
            return text(400, "the client disconnected before the end of the body\n", extra=close)
        return b"".join(chunks)

    async def _query(self, request: Request, params: dict[str, list[str]]) -> Response:
        client = request.client.host if request.client is not None else "unknown"
        if not self.slots.take(client):
            message = (
                f"too many queries at once from {client}: at most {self.slots.per_client} run at the same "
                "time per client address; retry when one of them has ended\n"
            )
            return _response(text(429, message, extra={"Retry-After": "1"}))
        try:
            host = public_host(request.headers.get("host"), self.fallback_host)
            # abandon_on_cancel: at shutdown the task may be cancelled; the thread then runs its course
            # (its time limit and the restart of a runaway query's server included) without holding it.
            reply = await anyio.to_thread.run_sync(
                answer_query,
                self.limits,
                params,
                request.headers.get("accept"),
                host,
                abandon_on_cancel=True,
                limiter=self.threads,
            )
        finally:
            self.slots.give(client)
        return _response(reply)


def _update_refused() -> Reply:
    return text(403, "this SPARQL endpoint is read-only: SPARQL Update is refused\n")


def _not_found(path: str) -> Reply:
    return text(404, f"no such resource {path}; the SPARQL endpoint is /query\n")


def application(settings: Settings, fallback_host: str) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The ASGI application of the endpoint; ``fallback_host`` (``host:port``) is the base's host for a
    request whose ``Host`` header is missing or unusable."""
    handlers = _Handlers(settings, fallback_host)
    methods = ["GET", "POST"]  # HEAD is added by Starlette with GET
    routes = [
        Route("/", handlers.info, methods=["GET"]),
        Route("/healthz", handlers.health, methods=["GET"]),
        Route("/{path:path}", handlers.dispatch, methods=methods),
    ]
    return _Guard(Starlette(routes=routes))


class _Server(uvicorn.Server):
    """uvicorn's server, whose shutdown stops the Oxigraph server once running queries had their moment.

    A running query would hold the shutdown until it ends (at the latest at its time limit), and uvicorn
    then cancels it, which logs a traceback per query. So :data:`GRACEFUL_SHUTDOWN` seconds into the
    shutdown, ``stop_upstream`` runs: the queries still running fail at once and their clients get 503.
    """

    def __init__(self, config: uvicorn.Config, stop_upstream: Callable[[], None]) -> None:
        super().__init__(config)
        self.stop_upstream = stop_upstream

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        loop = asyncio.get_running_loop()
        later = loop.call_later(GRACEFUL_SHUTDOWN, loop.run_in_executor, None, self.stop_upstream)
        try:
            await super().shutdown(sockets)
        finally:
            later.cancel()


class Front:
    """uvicorn serving :func:`application` on an already listening socket (so that the port is known, and a
    busy one reported, before the store is loaded)."""

    def __init__(self, settings: Settings, sock: socket.socket, fallback_host: str) -> None:
        self.sock = sock
        config = uvicorn.Config(
            application(settings, fallback_host),
            http=_Protocol,
            ws="none",
            lifespan="off",
            loop="asyncio",
            interface="asgi3",
            backlog=BACKLOG,
            timeout_keep_alive=settings.idle_timeout,
            limit_concurrency=settings.max_connections,
            h11_max_incomplete_event_size=MAX_HEAD,
            # A backstop: the queries end once the Oxigraph server stops (_Server.shutdown).
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN + 10,
            # Client addresses are the TCP peers': X-Forwarded-For is not trusted (a client would choose
            # the address the per-client limit counts).
            proxy_headers=False,
            server_header=False,
            headers=[("Server", "airoles-sparql")],
            log_config=LOG_CONFIG,
            log_level=None,
        )
        self.server = _Server(config, settings.limits.upstream.close)
        self._serving: threading.Thread | None = None
        self._done = threading.Event()

    def serve_forever(self) -> None:
        """Answer requests until SIGINT/SIGTERM (uvicorn stops gracefully, then re-raises the signal) or
        :meth:`close` from another thread."""
        self._serving = threading.current_thread()
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self._done.set()

    def close(self) -> None:
        """Stop the server: running queries get :data:`GRACEFUL_SHUTDOWN` seconds. Called from another thread
        than the serving one, waits until it has stopped (the caller then closes the socket and the Oxigraph
        server, which the event loop must no longer be using)."""
        self.server.should_exit = True
        serving = self._serving
        if serving is not None and serving is not threading.current_thread():
            self._done.wait(GRACEFUL_SHUTDOWN + 20)
