"""The endpoint's HTTP front (Starlette on uvicorn): per-client and connection limits, protocol edges,
idle connections, the base of relative IRIs. Real requests on real sockets; no timing is asserted (the
generous timeouts below only keep a broken front from hanging the suite).

The shared ``airoles serve`` (the ``server`` fixture, tests/conftest.py) answers most; the limits that need
other settings run on an :class:`Endpoint` in this process, over a small generated graph."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from support.serving import Server, running

from airoles_kg.cli import main
from airoles_kg.sparql.endpoint import MAX_BODY
from airoles_kg.sparql.front import ClientSlots
from airoles_kg.sparql.protocol import public_host

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A cartesian product of the graph with itself, counted: runs until the time limit, in little memory.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOWER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # for 300 triples


def get(url: str, query: str, source: str = "127.0.0.1", method: str = "GET") -> tuple[int, str, str]:
    """(status, Retry-After, body) of one query sent from the loopback address ``source`` (Linux routes
    all of 127/8 to the loopback: each address is another client for the endpoint)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=120, source_address=(source, 0)
    )
    try:
        connection.request(method, f"{parts.path}?{urlencode({'query': query})}")
        response = connection.getresponse()
        return response.status, response.getheader("Retry-After", ""), response.read().decode()
    finally:
        connection.close()


def raw(url: str, request: bytes) -> bytes:
    """What the endpoint answers to ``request`` sent as bytes, up to when it closes (or 30 s)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            answer += chunk
            if b"\r\n\r\n" in answer and b"connection: close" not in answer.lower():
                break  # a kept-alive connection: the head is enough
        return answer


def value(response: requests.Response, name: str) -> str:
    return response.json()["results"]["bindings"][0][name]["value"]


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the endpoint closes ``sock`` (waits up to 30 s)."""
    sock.settimeout(30)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


# --- protocol edges, on the shared server ------------------------------------------------------------


def test_head_answers_as_get_without_a_body(server: Server):
    got = requests.get(server.url, params={"query": COUNT}, timeout=30)
    head = requests.head(server.url, params={"query": COUNT}, timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert head.headers["Content-Length"] == str(len(got.content))
    assert head.headers["Airoles-Truncated"] == "false"
    page = requests.head(server.url.rsplit("/", 1)[0] + "/", timeout=30)
    assert page.status_code == 200 and page.content == b""
    assert page.headers["Content-Type"].startswith("text/html")


def test_healthz_says_ok(server: Server):
    response = requests.get(server.url.rsplit("/", 1)[0] + "/healthz", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text == "ok\n"


@pytest.mark.parametrize("length", ["-1", "abc"])
def test_a_malformed_content_length_is_400_and_the_server_goes_on(server: Server, length: str):
    request = (
        "POST /query HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {length}\r\n\r\nquery=ASK%7B%7D"
    ).encode()
    answer = raw(server.url, request)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert get(server.url, "ASK {}")[0] == 200
    assert "Traceback" not in server.log.read_text(encoding="utf-8", errors="replace")


def test_a_request_head_over_the_cap_is_431_and_a_large_body_is_not_a_large_head(server: Server):
    """A head past 64 KiB (one long header, or a GET query that should have been POSTed) is refused before
    the server gathers more of it; a POST whose body arrives with its head is read as usual."""
    from airoles_kg.sparql.connections import MAX_HEAD

    long_header = b"GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: " + b"a" * (MAX_HEAD + 10) + b"\r\n\r\n"
    assert raw(server.url, long_header).startswith(b"HTTP/1.1 431 ")
    endless = long_header[: MAX_HEAD + 100]  # never ends: refused once 64 KiB of it are in, not held on to
    assert raw(server.url, endless).startswith(b"HTTP/1.1 431 ")
    query = "ASK { ?s ?p ?o }" + " " * (MAX_HEAD // 2)  # a body of 32 KiB sent with its head in one write
    body = urlencode({"query": query}).encode()
    post = (
        b"POST /query HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    answer = raw(server.url, post)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    assert get(server.url, "ASK {}")[0] == 200
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "request head too large" in log and "Traceback" not in log


def test_a_body_over_the_cap_is_413(server: Server):
    declared = (
        "POST /query HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {MAX_BODY + 1}\r\n\r\n"
    ).encode()
    assert raw(server.url, declared).startswith(b"HTTP/1.1 413 ")
    # A chunked body declares no length: it is counted as it arrives.
    chunk = b"x" * 65536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_BODY // len(chunk) + 1))
    chunked = (
        b"POST /query HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + chunks
    )
    answer = raw(server.url, chunked)
    assert answer.startswith(b"HTTP/1.1 413 ") and f"larger than {MAX_BODY} bytes".encode() in answer
    assert get(server.url, "ASK {}")[0] == 200


def test_other_methods_are_405(server: Server):
    response = requests.request("TRACE", server.url, timeout=30)
    assert response.status_code == 405
    assert "OPTIONS" in response.headers["Allow"] and "PUT" not in response.headers["Allow"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


ACCENTED = 'SELECT ?s WHERE { BIND("ingénieur données" AS ?s) }'


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (ACCENTED.encode("utf-8"), "application/sparql-query"),
        (ACCENTED.encode("utf-16"), "application/sparql-query"),  # with its byte order mark
        (ACCENTED.encode("utf-16-le"), "application/sparql-query; charset=utf-16-le"),
        (ACCENTED.encode("latin-1"), "application/sparql-query; charset=ISO-8859-1"),
        (
            urlencode({"query": ACCENTED}, encoding="latin-1").encode(),
            "application/x-www-form-urlencoded; charset=latin-1",
        ),
        (b"query=" + ACCENTED.encode("utf-8"), "application/x-www-form-urlencoded"),  # curl -d, not encoded
    ],
)
def test_a_query_body_is_read_in_its_charset(server: Server, body: bytes, content_type: str):
    response = requests.post(server.url, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 200, response.text
    assert value(response, "s") == "ingénieur données"


def test_a_body_not_in_its_charset_says_so_rather_than_a_syntax_error(server: Server):
    latin = requests.post(
        server.url,
        data=ACCENTED.encode("latin-1"),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert latin.status_code == 400
    assert "not valid utf-8" in latin.text and "charset" in latin.text
    unknown = requests.post(
        server.url,
        data=b"ASK {}",
        headers={"Content-Type": "application/sparql-query; charset=klingon"},
        timeout=30,
    )
    assert unknown.status_code == 415 and "unknown charset 'klingon'" in unknown.text


def test_relative_iris_resolve_against_the_public_url_not_the_private_port(server: Server):
    base = server.url.rsplit("/", 1)[0]  # http://127.0.0.1:PORT
    query = 'SELECT (IRI("x") AS ?i) ?b WHERE { BIND(<y> AS ?b) }'
    response = requests.get(server.url, params={"query": query}, timeout=30)
    assert (value(response, "i"), value(response, "b")) == (f"{base}/x", f"{base}/y")
    based = requests.get(server.url, params={"query": "BASE <http://e.org/d/> " + query}, timeout=30)
    assert (value(based, "i"), value(based, "b")) == ("http://e.org/d/x", "http://e.org/d/y")
    # The host the client addressed (e.g. through a reverse proxy that keeps it) is the base's host...
    named = requests.get(
        server.url, params={"query": query}, headers={"Host": "sparql.example:8080"}, timeout=30
    )
    assert value(named, "i") == "http://sparql.example:8080/x"
    # ...when it is a plain host[:port]; else the endpoint's own.
    odd = requests.get(server.url, params={"query": query}, headers={"Host": "a/b@c"}, timeout=30)
    assert value(odd, "i") == f"{base}/x"


def test_the_hosts_taken_as_the_base():
    assert public_host("example.org:8080", "h:1") == "example.org:8080"
    assert public_host("[::1]:7878", "h:1") == "[::1]:7878"
    assert public_host(" localhost ", "h:1") == "localhost"
    for bad in (None, "", "a b", "a/b", "user@host", "host:port", "h:123456"):
        assert public_host(bad, "h:1") == "h:1", bad


# --- per-client limit, on the shared server ------------------------------------------------------------


def test_a_fifth_query_at_once_from_one_client_is_429_while_others_are_answered(server: Server):
    """Five slow queries at once from one address: four run (until the time limit), the fifth gets 429 with
    Retry-After at once, whichever arrives last; another address is answered meanwhile, and /healthz too
    (the slow queries block no event loop)."""
    one, other = "127.0.0.3", "127.0.0.4"  # addresses of their own: the other tests use 127.0.0.1
    answers: list[tuple[int, str, str]] = []
    slow = [
        threading.Thread(target=lambda: answers.append(get(server.url, SLOW, source=one))) for _ in range(5)
    ]
    for thread in slow:
        thread.start()
    while not answers and any(t.is_alive() for t in slow):
        time.sleep(0.05)  # the refused one is answered at once
    answered = [get(server.url, COUNT, source=other)[0] for _ in range(3)]
    overlapped = any(t.is_alive() for t in slow)
    health = requests.get(server.url.rsplit("/", 1)[0] + "/healthz", timeout=30).status_code
    for thread in slow:
        thread.join(120)
    assert sorted(status for status, _, _ in answers) == [429, 503, 503, 503, 503]  # 503: the time limit
    [(_, retry_after, body)] = [answer for answer in answers if answer[0] == 429]
    assert retry_after == "1"
    assert f"too many queries at once from {one}: at most 4 run at the same time" in body
    assert overlapped, "the slow queries were still running while the other client was answered"
    assert 200 in answered and health == 200
    assert get(server.url, "ASK {}", source=one)[0] == 200  # the slots are free again


def test_slots_are_counted_per_client():
    slots = ClientSlots(2)
    assert slots.take("a") and slots.take("a") and not slots.take("a")
    assert slots.take("b")
    slots.give("a")
    assert slots.take("a")
    slots.give("a")
    slots.give("a")
    slots.give("b")
    assert slots.running == {}


def test_max_per_client_must_be_positive(capsys):
    assert main(["serve", "--port", "0", "--max-per-client", "0", "--asserted", "--no-external"]) == 2
    assert "--max-per-client must be positive" in capsys.readouterr().err


# --- connections: bounds and idle timeouts, on endpoints of this process ------------------------------


def open_idle(url: str, count: int) -> list[socket.socket]:
    parts = urlsplit(url)
    return [socket.create_connection((parts.hostname, parts.port), timeout=30) for _ in range(count)]


def test_connections_past_the_bound_get_503_then_answers_again(tmp_path: Path):
    with running(tmp_path, max_connections=20, idle_timeout=60) as endpoint:
        idle = open_idle(endpoint.url, 20)
        try:
            for _ in range(100):  # until the endpoint has accepted them all
                status = get(endpoint.url, "ASK {}")[0]
                if status == 503:
                    break
                time.sleep(0.1)
            assert status == 503
        finally:
            for sock in idle:
                sock.close()
        for _ in range(100):  # until it has seen them closed
            status = get(endpoint.url, "ASK {}")[0]
            if status == 200:
                break
            time.sleep(0.1)
        assert status == 200


def test_idle_connections_are_closed_and_do_not_stop_the_others(tmp_path: Path):
    """300 connections that send nothing, one that sends half a request head a byte at a time, one kept
    alive after a response: a query is answered meanwhile, and the endpoint closes each of them."""
    with running(tmp_path, idle_timeout=1) as endpoint:
        idle = open_idle(endpoint.url, 300)
        slow_head = open_idle(endpoint.url, 1)[0]
        kept = http.client.HTTPConnection(
            urlsplit(endpoint.url).hostname, urlsplit(endpoint.url).port, timeout=30
        )
        try:
            kept.request("GET", "/query?" + urlencode({"query": "ASK {}"}))
            assert kept.getresponse().read() and kept.sock is not None
            status, _, body = get(endpoint.url, COUNT)
            assert status == 200 and '"300"' in body
            dripped = 0
            for byte in b"GET /query?query=ASK":
                try:
                    slow_head.send(bytes([byte]))
                    dripped += 1
                except OSError:
                    break
                time.sleep(0.2)
            assert closed_by_server(slow_head), (
                f"a head sent a byte at a time ({dripped} bytes) kept its connection"
            )
            assert closed_by_server(kept.sock), "a kept-alive connection stayed open"
            assert all(closed_by_server(sock) for sock in idle), "an idle connection stayed open"
            assert get(endpoint.url, "ASK {}")[0] == 200
        finally:
            for sock in [*idle, slow_head]:
                sock.close()
            kept.close()


def test_stopping_the_endpoint_answers_a_running_query_with_503(tmp_path: Path):
    """A query still running when the endpoint stops gets 503 "stopping" (its Oxigraph server is stopped
    after a grace period), instead of holding the shutdown until its time limit or being cut without an
    answer."""
    answers: list[tuple[int, str, str]] = []
    with running(tmp_path, timeout=60) as endpoint:
        client = threading.Thread(target=lambda: answers.append(get(endpoint.url, SLOWER)))
        client.start()
        assert endpoint.front is not None
        tasks = endpoint.front.server.server_state.tasks  # uvicorn's running requests
        for _ in range(300):
            if tasks:
                break
            time.sleep(0.1)
        assert tasks, "the query did not arrive"
    client.join(60)
    [(status, _, body)] = answers
    assert (status, body) == (503, "the endpoint is stopping\n")


def test_an_oxigraph_server_that_died_is_restarted(tmp_path: Path):
    """The Oxigraph server killed under the endpoint (out of memory, a crash): the next query gets 503 with
    Retry-After and starts another server; the one after is answered."""
    with running(tmp_path) as endpoint:
        assert endpoint.upstream is not None and endpoint.upstream.process is not None
        dead = endpoint.upstream.process
        dead.kill()
        dead.wait(30)
        status, retry_after, body = get(endpoint.url, COUNT)
        assert (status, retry_after) == (503, "1")
        assert body == "the SPARQL server had stopped and was restarted; please retry\n"
        assert endpoint.upstream.process is not dead
        status, _, body = get(endpoint.url, COUNT)
        assert status == 200 and '"300"' in body
