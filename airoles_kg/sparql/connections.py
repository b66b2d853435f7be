"""The connections of the endpoint's HTTP front (:mod:`airoles_kg.sparql.front`): uvicorn's h11 protocol with
a deadline for each request head and ``TCP_NODELAY`` (:class:`DeadlineProtocol`), and how many connections
the open-file limit allows (:func:`connection_bound`)."""

from __future__ import annotations

import asyncio
import resource
import socket
import time

from uvicorn.protocols.http.h11_impl import H11Protocol

from airoles_kg.sparql.access import AccessLog

DEFAULT_MAX_CONNECTIONS = 4096


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


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head.

    uvicorn arms its keep-alive timer only once a response is complete, and cancels it at the first byte
    received: a connection that never sends anything, or sends its head a byte at a time, would stay open for
    good and count against the connection bound. Here a timer runs from the connection's start, and again
    after each response, until a whole request head has arrived; when it fires, the connection is closed.
    """

    _head_deadline: asyncio.TimerHandle | None = None
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

    def send_400_response(self, msg: str) -> None:
        """h11 refused the request head (``Content-Length: -1``...): the application never sees this request,
        so it is logged here."""
        super().send_400_response(msg)
        if self.refused_log is not None:
            client = self.client[0] if self.client else None
            self.refused_log.request(
                client, None, None, 400, len(msg), time.time(), reason="malformed request"
            )

    def _expire(self) -> None:
        self._head_deadline = None
        if not self._answering() and not self.transport.is_closing():
            self.transport.close()
