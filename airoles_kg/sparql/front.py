"""The HTTP front of the SPARQL endpoint: a Starlette application served by uvicorn (httptools).

What it promises, beyond the SPARQL protocol itself (:mod:`airoles_kg.sparql.protocol`):

* the queries never block the event loop: ``GET /query``, the busiest request, waits for the Oxigraph
  server on the loop without holding it (:mod:`airoles_kg.sparql.exchange`); every other query (the
  upstream HTTP call, then the rendering) runs in a worker thread; at most :data:`QUERY_THREADS` queries
  are in flight at once either way (further queries wait for a place);
* at most ``max_per_client`` queries running at once per client address: beyond, ``429 Too Many Requests``
  with ``Retry-After``, while other clients are answered. A query whose client has gone still counts until
  it ends (at the latest at the time limit), so leaving does not free a slot early;
* at most ``max_connections`` connections: beyond, ``503`` (counted as uvicorn's ``limit_concurrency``
  does, but answered here, so that the access log sees it); a listen backlog of :data:`BACKLOG` for bursts
  of connections;
* a connection that sends no complete request head within ``idle_timeout`` seconds is closed, after a
  response as before the first one (uvicorn alone never closes a connection that sends nothing, or a
  head a byte at a time: :class:`airoles_kg.sparql.connections.DeadlineProtocol`);
* a request head of at most :data:`airoles_kg.sparql.connections.MAX_HEAD` bytes (``431``), a body of at
  most :data:`MAX_BODY` bytes (``413``) received within :data:`BODY_TIMEOUT` seconds (``408``); a malformed
  request (``Content-Length: -1``, ``abc``) gets ``400`` from the parser, never a traceback;
* one line of access log per request, JSON, with the reason of any refusal (:mod:`airoles_kg.sparql.access`;
  none when the endpoint is given no log);
* the JSON API under ``/api/v1/`` (:mod:`airoles_kg.sparql.api`; its OpenAPI document at
  ``/api/v1/openapi.json``) and the JSON Schemas at ``/schema/v1/``, its queries held to the same slots,
  threads and limits as a SPARQL query;
* ``HEAD`` answers as ``GET`` without the body; ``/healthz`` answers ``200 ok`` while the Oxigraph server
  runs and accepts connections (no query is run), else ``503``.
"""

from __future__ import annotations

import asyncio
import codecs
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

import anyio
import uvicorn
from rdflib import Graph
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from airoles_kg.core.schemas import schema_bytes, schema_names
from airoles_kg.core.search import SEARCHED_KINDS
from airoles_kg.sparql.access import LOG_CONFIG, AccessLog, Logged, note
from airoles_kg.sparql.api import API_PREFIX, PROBLEM, Api, SearchSource, problem
from airoles_kg.sparql.connections import DEFAULT_MAX_CONNECTIONS, DeadlineProtocol
from airoles_kg.sparql.connections import connection_bound as connection_bound
from airoles_kg.sparql.exchange import Connections, answer_query_async
from airoles_kg.sparql.library import named_queries
from airoles_kg.sparql.linked import (
    AIROLES_BASE,
    describe,
    document,
    resource_iri,
    service_description,
    wants_rdf,
)
from airoles_kg.sparql.openapi import openapi_bytes, schema_path
from airoles_kg.sparql.protocol import (
    EXPOSED_HEADERS,
    PREFIXES_PATH,
    YASGUI_FILES,
    Limits,
    Reply,
    answer_query,
    info_page,
    prefixes_json,
    public_host,
    text,
)
from airoles_kg.sparql.upstream import bundled_file

VOID_PATH = "/.well-known/void"  # RFC 8615 and the VoID guide (section 7)
BACKLOG = 2048  # pending connections the kernel queues (capped by net.core.somaxconn)
MAX_BODY = 1 << 20  # bytes accepted in a POST body
BODY_TIMEOUT = 10.0  # seconds to receive a whole POST body
IDLE_TIMEOUT = 5  # seconds a connection may stay without a complete request head
QUERY_THREADS = 32  # queries in flight at once (threads, or on the loop); each mostly waits on Oxigraph
DEFAULT_MAX_PER_CLIENT = 4
GRACEFUL_SHUTDOWN = 3  # seconds running queries get to finish when the endpoint stops
QUERY_PATHS = ("/query", "/sparql")
_ALLOWED = "GET, HEAD, POST, OPTIONS"


@dataclass(frozen=True)
class Settings:
    """The front's configuration: the query limits and the HTTP ones."""

    limits: Limits
    url: str  # the public query URL, e.g. http://127.0.0.1:7878/query
    max_per_client: int = DEFAULT_MAX_PER_CLIENT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    idle_timeout: int = IDLE_TIMEOUT
    access_log: AccessLog | None = None  # None: no access log
    description: bytes = b""  # the dataset's VoID + DCAT description, N-Triples (empty: none)
    graph: Graph | None = None  # what the JSON API resolves names against (None: no JSON API)
    search: SearchSource | None = None  # what its search answers from (None: the nodes of graph)


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


def _respond(scope: Scope, reply: Reply) -> Response:
    """The Starlette response of ``reply``; its reason goes to the access log."""
    note(scope, reason=reply.reason)
    return Response(reply.body, status_code=reply.status, headers=reply.headers)


async def send_reply(scope: Scope, send: Send, reply: Reply) -> None:
    """Send ``reply`` as the ASGI response to the request of ``scope`` (no body for HEAD); its reason goes
    to the access log. What Starlette's ``Response`` sends, without building one."""
    note(scope, reason=reply.reason)
    headers = [(b"content-length", str(len(reply.body)).encode())]
    headers += [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in reply.headers.items()
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    body = b"" if scope["method"] == "HEAD" else reply.body
    await send({"type": "http.response.body", "body": body})


class _Guard:
    """The ASGI layer before routing: CORS headers on every answer, preflight answers, the read-only methods
    and the connection bound.

    ``OPTIONS`` (any path) gets the CORS preflight answer; any method but GET, HEAD, POST and OPTIONS gets
    405 (PUT, DELETE, PATCH: the Graph Store Protocol's writes); a request while ``overloaded()`` gets 503.
    """

    def __init__(
        self,
        app: Callable[[Scope, Receive, Send], Awaitable[None]],
        overloaded: Callable[[], bool],
        fast: Callable[[Scope, Send], Awaitable[bool]] | None = None,
    ) -> None:
        self.app = app
        self.overloaded = overloaded
        self.fast = fast  # answers some requests itself (True), before the routing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # lifespan is off, websockets are not served
            return
        if self.overloaded():
            message = "too many connections are open; retry later\n"
            reply = text(503, message, {"Retry-After": "1", "Connection": "close"}, "too many connections")
            await _respond(scope, reply)(scope, receive, self._with_cors(send))
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
            await _respond(scope, reply)(scope, receive, self._with_cors(send))
            return
        if method not in ("GET", "HEAD", "POST"):
            reply = text(
                405, "this SPARQL endpoint is read-only\n", {"Allow": _ALLOWED}, "method not allowed"
            )
            await _respond(scope, reply)(scope, receive, self._with_cors(send))
            return
        send = self._with_cors(send)
        if method != "POST" and self.fast is not None and await self.fast(scope, send):
            return
        await self.app(scope, receive, send)

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
    """The routes' handlers (async; the blocking work goes to the worker threads, except GET /query's)."""

    def __init__(self, settings: Settings, fallback_host: str) -> None:
        self.settings = settings
        self.limits = settings.limits
        self.fallback_host = fallback_host
        self.slots = ClientSlots(settings.max_per_client)
        self.threads = anyio.CapacityLimiter(QUERY_THREADS)
        self.connections = Connections()  # to the Oxigraph server, for the queries answered on the loop
        self.editor_files: dict[str, bytes] = {}
        queries = named_queries()
        graph, search = settings.graph, settings.search
        self.api = Api(graph, settings.limits, queries, search) if graph is not None else None
        if self.api is not None:
            self.api.warm()
        self.openapi = openapi_bytes(queries, self.api.search_source.kinds if self.api else SEARCHED_KINDS)

    async def info(self, request: Request) -> Response:
        """``/``: the endpoint's page, or the ontology (whose IRI is the base's) for an RDF ``Accept``."""
        limits = self.limits
        accept, query_format = request.headers.get("accept"), request.query_params.get("format")
        if wants_rdf(accept, query_format):
            return await self._describe(request, AIROLES_BASE)
        return _respond(
            request.scope,
            info_page(self.settings.url, limits.timeout, limits.limit, self.settings.max_per_client),
        )

    async def editor_file(self, request: Request) -> Response:
        """A file of the YASGUI editor, as the Oxigraph server bundles it (read from it once, then kept)."""
        path = request.url.path
        if path not in self.editor_files:
            port = self.limits.upstream.alive()
            body = None if port is None else await anyio.to_thread.run_sync(bundled_file, port, path)
            if body is None:
                message = "the query editor's files are not available (the SPARQL server is not running)\n"
                return _respond(request.scope, text(503, message, {"Retry-After": "1"}, "upstream down"))
            self.editor_files[path] = body
        headers = {"Content-Type": YASGUI_FILES[path], "Cache-Control": "public, max-age=86400"}
        return _respond(request.scope, Reply(200, self.editor_files[path], headers))

    async def void(self, request: Request) -> Response:
        """``/.well-known/void``: the dataset's VoID and DCAT description, in the negotiated RDF format."""
        if not self.settings.description:
            return _respond(request.scope, _not_found(request.url.path))
        reply = document(self.settings.description, request.headers.get("accept"), self.limits.limit)
        return _respond(request.scope, reply)

    async def api_answer(self, request: Request) -> Response:
        """``/api/v1/...``: the JSON API (:mod:`airoles_kg.sparql.api`); every error as problem details."""
        if request.method == "POST":  # the API reads; its operations are GETs (OPTIONS, PUT...: _Guard)
            refusal = problem(405, "the JSON API answers GET (and HEAD) only", extra={"Allow": "GET, HEAD"})
            return _respond(request.scope, refusal)
        if self.api is None:
            return _respond(request.scope, problem(404, "this endpoint serves no JSON API"))
        api, path = self.api, request.url.path
        params = parse_qs(
            request.scope["query_string"].decode("utf-8", errors="replace"), keep_blank_values=True
        )
        host = public_host(request.headers.get("host"), self.fallback_host)
        response = await self._in_thread(request, lambda: api.answer(path, params, host))
        if response.status_code >= 400 and response.headers.get("content-type") != PROBLEM:
            # A refusal of the endpoint's own (429, a time limit's 503): the same words, as problem details.
            reply = problem(response.status_code, bytes(response.body).decode("utf-8").strip())
            for header in ("retry-after",):
                if header in response.headers:
                    reply.headers[header.title()] = response.headers[header]
            return _respond(request.scope, reply)
        return response

    async def openapi_document(self, request: Request) -> Response:
        """``/api/v1/openapi.json``: the OpenAPI 3.1 document of the JSON API."""
        reply = Reply(200, self.openapi, {"Content-Type": "application/json"})
        return _respond(request.scope, reply)

    async def schema(self, request: Request) -> Response:
        """``/schema/v1/<name>.schema.json``: a JSON Schema of airoles, as shipped."""
        name = request.path_params["name"]
        if name not in schema_names():
            return _respond(request.scope, _not_found(request.url.path))
        reply = Reply(200, schema_bytes(name), {"Content-Type": "application/schema+json"})
        return _respond(request.scope, reply)

    async def health(self, request: Request) -> Response:
        port = self.limits.upstream.alive()
        if port is not None:
            try:
                async with asyncio.timeout(2):  # a liveness check: connect, send nothing
                    _, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.close()
                    await writer.wait_closed()
                return _respond(request.scope, text(200, "ok\n"))
            except (OSError, TimeoutError):
                pass
        message = "the SPARQL server is not running (it may be restarting)\n"
        return _respond(request.scope, text(503, message, {"Retry-After": "1"}, "upstream down"))

    async def dispatch(self, request: Request) -> Response:
        """GET, HEAD and POST on any path but ``/`` and ``/healthz``: the query operation, or a refusal."""
        path = request.url.path
        params = parse_qs(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if request.method != "POST":
            if path == "/update" or "update" in params:
                return _respond(request.scope, _update_refused())
            if path in QUERY_PATHS and not params:  # the endpoint itself: its service description
                accept = request.headers.get("accept")
                return _respond(request.scope, service_description(self.settings.url, self.limits, accept))
            iri = resource_iri(path)
            if iri is not None:  # one of our IRIs, dereferenced
                return await self._describe(request, iri)
            if path not in QUERY_PATHS:
                return _respond(request.scope, _not_found(path))
            return await self._query(request, params)
        body = await self._body(request)
        if isinstance(body, Reply):
            return _respond(request.scope, body)
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if path == "/update" or content_type == "application/sparql-update" or "update" in params:
            return _respond(request.scope, _update_refused())
        if path not in QUERY_PATHS:
            return _respond(request.scope, _not_found(path))
        if content_type == "application/x-www-form-urlencoded":
            # Its characters and its percent-escapes are in the charset (UTF-8 unless one is named).
            charset = _charset(request.headers.get("content-type"))
            if isinstance(charset, Reply):
                return _respond(request.scope, charset)
            try:
                form = parse_qs(
                    body.decode(charset), keep_blank_values=True, encoding=charset, errors="strict"
                )
            except UnicodeDecodeError as exc:
                return _respond(request.scope, _not_decoded(exc, charset, "form"))
            if "update" in form:
                return _respond(request.scope, _update_refused())
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            charset = _charset(request.headers.get("content-type"), body)
            if isinstance(charset, Reply):
                return _respond(request.scope, charset)
            try:
                params.setdefault("query", []).append(body.decode(charset))
            except UnicodeDecodeError as exc:
                return _respond(request.scope, _not_decoded(exc, charset, "query"))
        else:
            message = "POST a query as application/x-www-form-urlencoded or application/sparql-query\n"
            return _respond(request.scope, text(415, message, reason="unsupported media type"))
        return await self._query(request, params)

    async def _body(self, request: Request) -> bytes | Reply:
        """The request body, or the reply refusing it (too large, too slow, malformed)."""
        # The connection cannot be reused once a body is left unread: the refusals close it.
        close = {"Connection": "close"}
        too_large = text(413, f"request body larger than {MAX_BODY} bytes\n", close, "body too large")
        declared = request.headers.get("content-length")
        if declared is not None:
            # The parser has refused a Content-Length that is not a number (400) before we get here.
            if not declared.strip().isdigit():
                return text(400, "malformed Content-Length\n", close, "malformed request")
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
            message = f"the request body did not arrive within {BODY_TIMEOUT:g} s\n"
            return text(408, message, close, "body timeout")
        except ClientDisconnect:
            return text(400, "the client disconnected before the end of the body\n", close, "client left")
        return b"".join(chunks)

    async def _query(self, request: Request, params: dict[str, list[str]]) -> Response:
        queries = params.get("query", [])
        if len(queries) == 1:
            note(request.scope, query=queries[0])
        host = public_host(request.headers.get("host"), self.fallback_host)
        accept = request.headers.get("accept")
        return await self._in_thread(request, lambda: answer_query(self.limits, params, accept, host))

    async def _describe(self, request: Request, iri: str) -> Response:
        """What the graph says of ``iri`` (a query like any other: same slots, threads and limits)."""
        host = public_host(request.headers.get("host"), self.fallback_host)
        accept, query_format = request.headers.get("accept"), request.query_params.get("format")
        return await self._in_thread(request, lambda: describe(self.limits, iri, accept, query_format, host))

    async def _in_thread(self, request: Request, work: Callable[[], Reply]) -> Response:
        """``work()`` (a blocking call to the Oxigraph server) in a worker thread, counted against the
        client's slots (429 when it has its maximum running)."""
        return _respond(request.scope, await self.counted(request.scope, work))

    async def counted(self, scope: Scope, work: Callable[[], Reply]) -> Reply:
        """The reply of ``work()`` run in a worker thread, counted against the slots of the client of
        ``scope`` (429 when it has its maximum running)."""
        # abandon_on_cancel: at shutdown the task may be cancelled; the thread then runs its course (its time
        # limit and the restart of a runaway query's server included) without holding it.
        return await self._slotted(
            scope, lambda: anyio.to_thread.run_sync(work, abandon_on_cancel=True, limiter=self.threads)
        )

    async def _slotted(self, scope: Scope, work: Callable[[], Awaitable[Reply]]) -> Reply:
        """The reply ``work()`` awaits, counted against the slots of the client of ``scope`` (429 when it has
        its maximum running)."""
        peer = scope.get("client")
        client = peer[0] if peer else "unknown"
        if not self.slots.take(client):
            message = (
                f"too many queries at once from {client}: at most {self.slots.per_client} run at the same "
                "time per client address; retry when one of them has ended\n"
            )
            return text(429, message, {"Retry-After": "1"}, "too many per client")
        try:
            return await work()
        finally:
            self.slots.give(client)

    async def _on_loop(
        self, params: dict[str, list[str]], accept: str | None, host: str, encoded: bytes
    ) -> Reply:
        """The query of ``params`` (form-encoded: ``encoded``) answered from the event loop, holding one of
        the :data:`QUERY_THREADS` places as a worker thread would (the same bound on queries in flight)."""
        async with self.threads:
            return await answer_query_async(self.limits, self.connections, params, accept, host, encoded)

    async def fast_query(self, scope: Scope, send: Send) -> bool:
        """``GET /query?query=...`` (and HEAD), the endpoint's busiest request, answered here without
        Starlette's routing, request and response objects (about a tenth of a millisecond of the front's
        CPU per query, measured); False when the request is not of that form (then routed as any other)."""
        if scope["path"] not in QUERY_PATHS or not scope["query_string"]:
            return False
        params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if "update" in params:
            return False  # refused by dispatch, as every other form of update
        queries = params.get("query", [])
        if len(queries) == 1:
            note(scope, query=queries[0])
        headers = dict(scope["headers"])
        raw_host, raw_accept = headers.get(b"host"), headers.get(b"accept")
        host = public_host(raw_host.decode("latin-1") if raw_host else None, self.fallback_host)
        accept = raw_accept.decode("latin-1") if raw_accept is not None else None
        encoded = scope["query_string"]
        reply = await self._slotted(scope, lambda: self._on_loop(params, accept, host, encoded))
        await send_reply(scope, send, reply)
        return True


def _charset(content_type: str | None, body: bytes = b"") -> str | Reply:
    """The charset a request body is in: the ``charset`` of its ``Content-Type``, else UTF-16 when the body
    opens with a UTF-16 byte order mark (a Windows editor's "Unicode"), else UTF-8 (SPARQL's own encoding).
    A charset Python does not know is refused (415)."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip('"')
            try:
                return codecs.lookup(name).name
            except LookupError:
                message = f"unknown charset {name!r} in Content-Type; send the query in UTF-8\n"
                return text(415, message, reason="unknown charset")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def _not_decoded(exc: UnicodeDecodeError, charset: str, what: str) -> Reply:
    message = (
        f"the {what} is not valid {charset} (byte {exc.start}: {exc.reason}); send it in UTF-8, or name its "
        "charset in Content-Type (e.g. application/sparql-query; charset=utf-16)\n"
    )
    return text(400, message, reason="bad encoding")


def _update_refused() -> Reply:
    return text(403, "this SPARQL endpoint is read-only: SPARQL Update is refused\n", reason="update refused")


def _not_found(path: str) -> Reply:
    return text(404, f"no such resource {path}; the SPARQL endpoint is /query\n", reason="not found")


def application(
    settings: Settings, fallback_host: str, overloaded: Callable[[], bool] = lambda: False
) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The ASGI application of the endpoint; ``fallback_host`` (``host:port``) is the base's host for a
    request whose ``Host`` header is missing or unusable; ``overloaded()`` says when to refuse a request for
    too many connections (503)."""
    handlers = _Handlers(settings, fallback_host)
    methods = ["GET", "POST"]  # HEAD is added by Starlette with GET
    routes = [
        Route("/", handlers.info, methods=["GET"]),
        Route("/healthz", handlers.health, methods=["GET"]),
        *(Route(path, handlers.editor_file, methods=["GET"]) for path in YASGUI_FILES),
        Route(VOID_PATH, handlers.void, methods=["GET"]),
        Route(f"{API_PREFIX}/openapi.json", handlers.openapi_document, methods=["GET"]),
        Route(API_PREFIX + "/{rest:path}", handlers.api_answer, methods=["GET", "POST"]),
        Route(schema_path("{name}"), handlers.schema, methods=["GET"]),
        Route(PREFIXES_PATH, lambda request: _respond(request.scope, prefixes_json()), methods=["GET"]),
        Route("/{path:path}", handlers.dispatch, methods=methods),
    ]
    app = _Guard(Starlette(routes=routes), overloaded, handlers.fast_query)
    return Logged(app, settings.access_log) if settings.access_log is not None else app


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
        self.max_connections = settings.max_connections

        class Protocol(DeadlineProtocol):
            refused_log = settings.access_log  # the requests the parser refuses are logged by the protocol

        config = uvicorn.Config(
            application(settings, fallback_host, self._overloaded),
            http=Protocol,
            ws="none",
            lifespan="off",
            loop="asyncio",
            interface="asgi3",
            backlog=BACKLOG,
            timeout_keep_alive=settings.idle_timeout,
            # No limit_concurrency: uvicorn would answer 503 itself, unseen by the access log (_overloaded).
            # A backstop: the queries end once the Oxigraph server stops (_Server.shutdown).
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN + 10,
            # Client addresses are the TCP peers': X-Forwarded-For is not trusted (a client would choose
            # the address the per-client limit counts).
            proxy_headers=False,
            server_header=False,
            headers=[("Server", "airoles-sparql")],
            log_config=LOG_CONFIG,
            log_level=None,
            access_log=False,  # ours: airoles_kg.sparql.access
        )
        self.server = _Server(config, settings.limits.upstream.close)
        self._serving: threading.Thread | None = None
        self._done = threading.Event()

    def _overloaded(self) -> bool:
        """More connections or requests than :attr:`max_connections`: uvicorn's ``limit_concurrency`` test,
        made from inside the application (where the request's own task is already counted)."""
        state = self.server.server_state
        bound = self.max_connections
        return len(state.connections) >= bound or len(state.tasks) > bound

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
