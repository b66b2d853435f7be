"""Queries sent to the Oxigraph server from the HTTP front's event loop, without a worker thread.

:func:`airoles_kg.sparql.upstream.fetch` does the same exchange in a blocking call, which the front runs in a
worker thread. Under load, that hop was most of the front's CPU (scripts/bench_load.py at 200 clients, a
py-spy profile of the front): waking a thread and coming back to the loop for each query, two threads
contending for the GIL, and http.client reading each response head with the ``email`` package. Here one
kept-alive connection per query in flight is an :class:`asyncio.Protocol` whose responses llhttp parses (the
``httptools`` parser uvicorn already uses for the requests), and the rows are counted and cut as in
:func:`~airoles_kg.sparql.upstream.fetch` (:mod:`airoles_kg.sparql.counting`), chunk by chunk, as they come.

The time limit is ``asyncio.timeout``: past it, the connection is dropped and :class:`QueryTimedOut` raised;
the caller then restarts the server (in a thread: that blocks), whether or not its client is still there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import cast
from urllib.parse import urlencode

import anyio
import httptools

from airoles_kg.sparql.counting import CutShort, JsonRows, LineRows
from airoles_kg.sparql.protocol import Limits, Reply, checked, failure, passes_through, query_form, render
from airoles_kg.sparql.upstream import UPSTREAM_ACCEPT, Answer, QueryTimedOut, answer_of, rows_reader

MAX_IDLE = 64  # idle connections kept (the front runs at most QUERY_THREADS queries at once)
# Body bytes gathered before they are counted: Oxigraph writes its answers in many small chunks, and each
# count has a fixed cost (the profile's largest item before this).
_BATCH = 64 * 1024
_ERROR_BYTES = 64 * 1024  # of a non-200 answer, the server's message: what is kept of it
_PROTOCOL_PARAMETERS = {"query", "default-graph-uri", "named-graph-uri"}


class _Connection(asyncio.Protocol):
    """One HTTP/1.1 connection to the Oxigraph server of one generation; one exchange at a time."""

    def __init__(self, port: int, generation: int) -> None:
        self.port = port
        self.generation = generation
        self.transport: asyncio.Transport | None = None
        self.lost = False
        self.received = False  # whether any byte of the current exchange's answer has come
        self._parser = httptools.HttpResponseParser(self)
        self._done: asyncio.Future[tuple[Answer, bool]] | None = None
        self._limit = 0
        self._status = 0
        self._content_type = ""
        self._rows: JsonRows | LineRows | None = None
        self._pending = bytearray()  # body bytes not counted yet (less than _BATCH)
        self._error = bytearray()

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A TCP transport (asyncio's, or uvloop's, which is not a subclass of asyncio.Transport).
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self.received = True
        if self._done is None or self._done.done():
            return  # the rest of an answer cut after its last row (the connection is being closed)
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(ConnectionError(f"the SPARQL server sent a malformed answer: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self._done is not None and not self._done.done():
            if self.received:
                # Mid-answer: the server died, or closed the connection. (Never the time limit's doing: that
                # ends the wait itself, in Connections.fetch.)
                self._done.set_exception(ConnectionError("the SPARQL server broke off its answer"))
            else:
                self._done.set_exception(ConnectionError("the SPARQL server closed the connection"))

    # httptools callbacks (llhttp calls them from feed_data)

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"content-type":
            self._content_type = value.decode("latin-1").split(";")[0].strip().lower()

    def on_headers_complete(self) -> None:
        self._status = self._parser.get_status_code()
        if self._status == 200:
            self._rows = rows_reader(self._content_type, self._limit)

    def on_body(self, body: bytes) -> None:
        if self._rows is None:
            self._error += body[: _ERROR_BYTES - len(self._error)]
            return
        self._pending += body
        if len(self._pending) >= _BATCH:
            self._count()

    def on_message_complete(self) -> None:
        if self._done is None or self._done.done():
            return
        if self._rows is not None and self._count():
            return  # the cap was crossed in the last bytes
        self._finish(reusable=self._parser.should_keep_alive())

    def _count(self) -> bool:
        """Count the pending body bytes; True when that crossed the cap (the exchange is then finished)."""
        assert self._rows is not None
        pending, self._pending = bytes(self._pending), bytearray()
        if pending and self._rows.feed(pending):
            self._finish(reusable=False)  # past the cap: the rest is not read, the connection is dropped
            return True
        return False

    # the exchange

    def _finish(self, reusable: bool) -> None:
        assert self._done is not None
        rows = self._rows
        if rows is None:
            answer = Answer("error", bytes(self._error), status=self._status)
            self._done.set_result((answer, reusable))
            return
        try:
            answer = answer_of(rows)
        except CutShort as exc:  # a complete HTTP answer whose document is not
            self._done.set_exception(ConnectionError(f"the SPARQL server sent an incomplete answer: {exc}"))
            return
        self._done.set_result((answer, reusable and not rows.truncated))

    def _fail(self, exc: Exception) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_exception(exc)
        self.close()

    async def exchange(self, request: bytes, limit: int) -> tuple[Answer, bool]:
        """Send ``request`` and wait for its answer: (answer, whether the connection can be reused)."""
        assert self.transport is not None
        self._done = asyncio.get_running_loop().create_future()
        self._limit, self._status, self._content_type = limit, 0, ""
        self._rows, self.received = None, False
        self._error.clear()
        self._pending.clear()
        self.transport.write(request)
        return await self._done

    def close(self) -> None:
        """Drop the connection (at once: a query cut or past its limit is not read to its end)."""
        self.lost = True
        if self.transport is not None:
            self.transport.abort()


class Connections:
    """Kept-alive connections to the Oxigraph server, for queries sent from the event loop.

    Used from the front's event loop only (no lock). A connection is reused only for the server generation it
    was opened to: one to a server since restarted is closed, never sent a request.
    """

    def __init__(self) -> None:
        self._idle: list[_Connection] = []

    async def _open(self, port: int, generation: int) -> _Connection:
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(lambda: _Connection(port, generation), "127.0.0.1", port)
        return connection

    def _take(self, port: int, generation: int) -> _Connection | None:
        while self._idle:
            connection = self._idle.pop()
            if (connection.port, connection.generation) == (port, generation) and not connection.lost:
                return connection
            connection.close()
        return None

    def _give(self, connection: _Connection) -> None:
        if len(self._idle) < MAX_IDLE and not connection.lost:
            self._idle.append(connection)
        else:
            connection.close()

    def close(self) -> None:
        """Close the idle connections."""
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    async def fetch(
        self,
        port: int,
        generation: int,
        form: list[tuple[str, str]] | bytes,
        timeout: float,
        limit: int,
        host: str | None = None,
    ) -> Answer:
        """What :func:`airoles_kg.sparql.upstream.fetch` answers (the same request, rows, cut and errors),
        without blocking: at most ``limit`` rows or triples within ``timeout`` seconds, else
        :class:`QueryTimedOut`; OSError when the server cannot be reached. ``form``: the protocol's
        parameters, or already form-encoded."""
        body = form if isinstance(form, bytes) else urlencode(form).encode()
        head = (
            "POST /query HTTP/1.1\r\n"
            f"Host: {host if host is not None else f'127.0.0.1:{port}'}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Accept: {UPSTREAM_ACCEPT}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        request = head.encode("latin-1") + body
        connection: _Connection | None = None
        keep = False
        try:
            async with asyncio.timeout(timeout):
                connection = self._take(port, generation)
                reused = connection is not None
                if connection is None:
                    connection = await self._open(port, generation)
                try:
                    answer, keep = await connection.exchange(request, limit)
                except ConnectionError:
                    if not reused or connection.received:
                        raise
                    # The server closed this idle connection since its last answer: once more on a new one
                    # (a query is read-only; nothing of it has run).
                    connection.close()
                    connection = await self._open(port, generation)
                    answer, keep = await connection.exchange(request, limit)
        except TimeoutError as exc:
            raise QueryTimedOut() from exc
        finally:
            if connection is not None:
                if keep:
                    self._give(connection)
                else:
                    connection.close()
        return answer


async def answer_query_async(
    limits: Limits,
    connections: Connections,
    params: Mapping[str, list[str]],
    accept: str | None,
    host: str,
    encoded: bytes | None = None,
) -> Reply:
    """:func:`airoles_kg.sparql.protocol.answer_query` from the event loop: the same checks, request, limits
    and replies. What blocks runs in a worker thread: reading the server's address while a restart is under
    way, the restart after a runaway query (it happens even if this task is cancelled), and converting an
    answer to a format other than the server's own. ``encoded``: ``params`` as the client form-encoded them,
    sent upstream as they are when ``params`` has only the protocol's query parameters (not encoded again:
    that was a tenth of the front's CPU per query)."""
    form = query_form(limits, params)
    if isinstance(form, Reply):
        return form
    # The check read the text Python decoded, and the server decodes the same bytes: both turn "+" and
    # %XX into the same bytes, and a SERVICE keyword is ASCII letters, which read alike either way.
    sent: list[tuple[str, str]] | bytes = form
    if encoded is not None and set(params) <= _PROTOCOL_PARAMETERS:
        sent = encoded
    upstream = limits.upstream
    address = upstream.address_now()
    if address is None:  # a restart is under way: wait for it without holding the loop
        address = await anyio.to_thread.run_sync(upstream.address)
    port, generation = address
    try:
        answer = await connections.fetch(port, generation, sent, limits.timeout, limits.limit, host)
    except (QueryTimedOut, OSError) as exc:
        # abandon_on_cancel: should this task be cancelled (at shutdown), the restart still runs its course.
        return await anyio.to_thread.run_sync(failure, limits, generation, exc, abandon_on_cancel=True)
    checked_answer = checked(answer)
    if isinstance(checked_answer, Reply):
        return checked_answer
    if passes_through(checked_answer, accept):
        return render(checked_answer, accept, limits.limit)
    return await anyio.to_thread.run_sync(render, checked_answer, accept, limits.limit)
