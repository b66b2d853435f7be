"""The connections of the endpoint's HTTP front (:mod:`airoles_kg.sparql.front`): uvicorn's httptools protocol
with a deadline and a size bound for each request head and ``TCP_NODELAY`` (:class:`DeadlineProtocol`), and
how many connections the open-file limit allows (:func:`connection_bound`)."""

from __future__ import annotations

import asyncio
import resource
import socket
import time

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from airoles_kg.sparql.access import AccessLog

DEFAULT_MAX_CONNECTIONS = 4096
MAX_HEAD = 64 * 1024  # bytes of request line + headers; a longer GET query should be POSTed


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


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (the llhttp parser, in C) with a deadline and a size bound for each
    request head.

    httptools rather than h11: under 200 clients the pure-Python h11 parser took a large share of the
    front's one core (scripts/bench_load.py: 778 -> 917 requests/s, p99 320 -> 277 ms). uvicorn bounds a
    head only with h11 (``h11_max_incomplete_event_size``): here a head past :data:`MAX_HEAD` bytes gets 431
    and the connection is closed, before httptools has gathered more of it.

    uvicorn arms its keep-alive timer only once a response is complete, and cancels it at the first byte
    received: a connection that never sends anything, or sends its head a byte at a time, would stay open for
    good and count against the connection bound. Here a timer runs from the connection's start, and again
    after each response, until a whole request head has arrived; when it fires, the connection is closed.
    """

    _head_deadline: asyncio.TimerHandle | None = None
    _head_bytes = 0  # bytes received while the current request's head is incomplete
    _head_size = 0  # bytes of the current head the parser has read (request line and headers)
    _too_large = False
    _in_head = True
    refused_log: AccessLog | None = None  # set on the subclass each Front makes (Front.__init__)

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
        super().data_received(data)  # the parser's callbacks count the head and say where it ends
        if self._answering():
            self._disarm()
        if self._in_head and not self.transport.is_closing():
            self._head_bytes += len(data)  # a head still incomplete: httptools holds its bytes meanwhile
            if self._head_bytes > MAX_HEAD:
                self._refuse_large_head()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes, self._head_size, self._too_large = True, 0, 0, False

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)  # "name: value\r\n"
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def _count(self, size: int) -> None:
        """Count a part of the head; past :data:`MAX_HEAD`, stop the parser (uvicorn then calls
        :meth:`send_400_response`, which answers 431 instead)."""
        self._head_size += size
        if self._head_size > MAX_HEAD:
            self._too_large = True
            raise ValueError("request head too large")  # httptools raises HttpParserCallbackError

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

    def send_400_response(self, msg: str) -> None:
        """The parser refused the request head (``Content-Length: -1``...): the application never sees this
        request, so it is logged here."""
        if self._too_large:
            self._refuse_large_head()
            return
        super().send_400_response(msg)
        self._log_refusal(400, len(msg), "malformed request")

    def _refuse_large_head(self) -> None:
        self._refuse(431, "Request Header Fields Too Large", "request head too large")

    def _refuse(self, status: int, phrase: str, reason: str) -> None:
        """Answer ``status`` with a one-line text and close the connection (the request is not read on)."""
        body = f"{phrase}\n".encode("ascii")
        head = f"HTTP/1.1 {status} {phrase}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        head += f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        self.transport.write(head.encode("ascii") + body)
        self.transport.close()
        self._log_refusal(status, len(body), reason)

    def _log_refusal(self, status: int, size: int, reason: str) -> None:
        if self.refused_log is not None:
            client = self.client[0] if self.client else None
            self.refused_log.request(client, None, None, status, size, time.time(), reason=reason)

    def _expire(self) -> None:
        self._head_deadline = None
        if not self._answering() and not self.transport.is_closing():
            self.transport.close()
