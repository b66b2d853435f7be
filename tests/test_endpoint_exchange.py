"""Queries sent to the Oxigraph server from the front's event loop (:mod:`airoles_kg.sparql.exchange`) give
what the blocking :func:`airoles_kg.sparql.upstream.fetch` gives: the same answers, cuts, errors and time
limit, over kept-alive connections. The "server" here is a scripted loopback one, so that each way an
answer can come (in small chunks, cut, late, never, broken off) is played exactly."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from airoles_kg.sparql.exchange import Connections
from airoles_kg.sparql.keepalive import ConnectionPool
from airoles_kg.sparql.upstream import Answer, QueryTimedOut, fetch

FORM = [("query", "SELECT * WHERE { ?s ?p ?o }")]
Answering = Callable[[socket.socket], object]  # writes the answer to one request (CLOSE: then close)


def results(rows: int) -> bytes:
    """A SPARQL JSON results document of ``rows`` rows, written as Oxigraph writes it (compact)."""
    bindings = [{"s": {"type": "uri", "value": f"http://e/{i}"}} for i in range(rows)]
    return json.dumps(
        {"head": {"vars": ["s"]}, "results": {"bindings": bindings}}, separators=(",", ":")
    ).encode()


def chunked(body: bytes, size: int) -> bytes:
    """``body`` in HTTP/1.1 chunks of ``size`` bytes, as Oxigraph streams its answers."""
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def response(
    body: bytes, status: str = "200 OK", content_type: str = "application/sparql-results+json"
) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head.encode() + chunked(body, 7)


@dataclass
class Scripted:
    """A loopback HTTP server that answers the n-th request with ``answers[n](connection)``."""

    answers: list[Answering]
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    port: int = 0


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


@pytest.fixture
def scripted() -> Iterator[Callable[[list[Answering]], Scripted]]:
    servers: list[socketserver.ThreadingTCPServer] = []

    def start(answers: list[Answering]) -> Scripted:
        state = Scripted(answers)
        lock = threading.Lock()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                with lock:
                    state.connections += 1
                try:
                    while (request := _read_request(self.request)) is not None:
                        with lock:
                            state.requests.append(request)
                            n = len(state.requests)
                        if n > len(state.answers) or state.answers[n - 1](self.request) is CLOSE:
                            return  # the connection is closed (an unscripted request gets nothing)
                except OSError:
                    pass  # the client has gone (a cut answer, a time-out): as a real server, carry on

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        state.port = server.server_address[1]
        return state

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


CLOSE = "close"  # what an answer returns to have its connection closed after it


def send(data: bytes) -> Answering:
    return lambda sock: sock.sendall(data)


def send_then_close(data: bytes) -> Answering:
    def answer(sock: socket.socket) -> str:
        sock.sendall(data)
        return CLOSE  # without reading what may follow (a next request is never seen, hence never answered)

    return answer


def never(sock: socket.socket) -> None:
    time.sleep(3)


def run_async(port: int, times: int, limit: int = 100, timeout: float = 5.0) -> list[Answer | Exception]:
    """``times`` queries in a row through one :class:`Connections` (an exception is returned, not raised)."""

    async def main() -> list[Answer | Exception]:
        connections = Connections()
        found: list[Answer | Exception] = []
        for _ in range(times):
            try:
                found.append(await connections.fetch(port, 0, FORM, timeout, limit, "example.org:80"))
            except Exception as exc:  # noqa: BLE001 (the test compares the exception)
                found.append(exc)
        connections.close()
        return found

    return asyncio.run(main())


def run_blocking(port: int, times: int, limit: int = 100, timeout: float = 5.0) -> list[Answer | Exception]:
    pool = ConnectionPool()
    found: list[Answer | Exception] = []
    for _ in range(times):
        try:
            found.append(fetch(port, FORM, timeout, limit, host="example.org:80", pool=pool))
        except Exception as exc:  # noqa: BLE001
            found.append(exc)
    pool.clear()
    return found


BOTH = pytest.mark.parametrize("run", [run_async, run_blocking], ids=["event-loop", "blocking"])


@BOTH
def test_an_answer_in_small_chunks_comes_whole_and_the_connection_is_kept(scripted, run):
    body = results(40)
    server = scripted([send(response(body)), send(response(body))])
    first, second = run(server.port, 2)
    assert first == second == Answer("select", body, truncated=False)
    assert server.connections == 1, "the second query reused the first one's connection"
    request = server.requests[0]
    assert request.startswith(b"POST /query HTTP/1.1\r\n") and b"\r\nHost: example.org:80\r\n" in request
    assert request.endswith(b"query=SELECT+%2A+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D")


@BOTH
def test_an_answer_past_the_cap_is_cut_to_exactly_the_cap_and_its_connection_dropped(scripted, run):
    server = scripted([send(response(results(500))), send(response(results(3)))])
    cut, small = run(server.port, 2, limit=25)
    assert isinstance(cut, Answer) and cut.truncated and cut.kind == "select"
    assert json.loads(cut.payload) == json.loads(results(25))
    assert small == Answer("select", results(3))
    assert server.connections == 2, "a connection left mid-answer is not reused"


@BOTH
def test_an_error_is_the_servers_status_and_message(scripted, run):
    message = b"Parser error at 1:10: expected a variable"
    server = scripted([send(response(message, "400 Bad Request", "text/plain"))])
    [answer] = run(server.port, 1)
    assert answer == Answer("error", message, status=400)


@BOTH
def test_n_triples_are_counted_by_line(scripted, run):
    lines = b"".join(b"<http://e/%d> <http://e/p> <http://e/o> .\n" % i for i in range(30))
    server = scripted([send(response(lines, content_type="application/n-triples"))])
    [answer] = run(server.port, 1, limit=10)
    assert isinstance(answer, Answer) and answer.kind == "graph" and answer.truncated
    assert answer.payload == b"".join(lines.splitlines(keepends=True)[:10])


@BOTH
def test_a_server_that_does_not_answer_in_time_is_a_timeout(scripted, run):
    server = scripted([never, send(response(results(1)))])
    start = time.monotonic()
    timed_out, after = run(server.port, 2, timeout=0.5)
    assert isinstance(timed_out, QueryTimedOut)
    assert time.monotonic() - start < 2.5
    assert after == Answer("select", results(1)), "the next query is answered, on a new connection"
    assert server.connections == 2


@BOTH
def test_an_answer_broken_off_is_an_error_not_a_short_answer(scripted, run):
    # Not a time-out either: protocol.failure then asks whether the server is alive (502, or 503 and a
    # restart when it has died), the same for both ways.
    whole = response(results(50))
    server = scripted([send_then_close(whole[: len(whole) // 2])])
    [broken] = run(server.port, 1)
    assert isinstance(broken, (OSError, http.client.HTTPException))


@BOTH
def test_a_kept_connection_the_server_closed_is_replaced_once(scripted, run):
    # The server answers, then closes the connection it said it would keep: the next query finds it closed
    # before any answer, and is sent once more on a new connection (nothing of it ran).
    body = results(2)
    server = scripted([send_then_close(response(body)), send(response(body))])
    first, second = run(server.port, 2)
    assert first == second == Answer("select", body)
    assert server.connections == 2 and len(server.requests) == 2


def test_the_event_loop_is_free_while_a_query_runs(scripted):
    # The point of the event loop's exchange: while one query waits for the server, the loop runs others.
    server = scripted([never])

    async def main() -> tuple[int, BaseException | None]:
        connections = Connections()
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        try:
            await connections.fetch(server.port, 0, FORM, 0.5, 10)
        except QueryTimedOut as exc:
            found: BaseException | None = exc
        else:
            found = None
        ticker.cancel()
        return ticks, found

    ticks, found = asyncio.run(main())
    assert isinstance(found, QueryTimedOut)
    assert ticks >= 20, f"the loop ran only {ticks} times in 0.5 s"


def test_a_connection_to_a_restarted_server_is_not_reused(scripted):
    body = results(1)
    server = scripted([send(response(body)), send(response(body))])

    async def main() -> list[Answer]:
        connections = Connections()
        first = await connections.fetch(server.port, 0, FORM, 5, 10)
        second = await connections.fetch(server.port, 1, FORM, 5, 10)  # a new generation
        connections.close()
        return [first, second]

    assert asyncio.run(main()) == [Answer("select", body)] * 2
    assert server.connections == 2


def test_a_form_already_encoded_is_sent_as_it_is(scripted):
    server = scripted([send(response(results(1)))])
    encoded = b"query=SELECT%20%2A%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D"

    async def main() -> Answer:
        connections = Connections()
        try:
            return await connections.fetch(server.port, 0, encoded, 5, 10)
        finally:
            connections.close()

    asyncio.run(main())
    assert server.requests[0].endswith(b"\r\n\r\n" + encoded)
    assert b"Content-Length: %d\r\n" % len(encoded) in server.requests[0]
