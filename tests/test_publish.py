"""``airoles publish``: one Graph Store Protocol PUT into a real Oxigraph server and a real Virtuoso started
here (and stopped), read back and compared; ``Expect: 100-continue`` against a recording server (a refusal
costs no body bytes); credentials from the environment, Basic and Digest; clear errors."""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import shutil
import socket
import socketserver
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from support.requirements import require

from airoles_kg.cli import main
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.endpoint import free_port, oxigraph_binary
from airoles_kg.sparql.engine import query_graph
from airoles_kg.sparql.publish import (
    EXPECT_WAIT,
    PASSWORD_VARIABLE,
    USER_VARIABLE,
    publish,
    target_url,
)

GRAPH_IRI = "https://w3id.org/airoles/graph/test"


@pytest.fixture(scope="module")
def store_url() -> Iterator[str]:
    """A read-write, in-memory Oxigraph server on a free loopback port; its Graph Store URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the oxigraph server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/store"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def source() -> Graph:
    return query_graph()


def same_graph(a: Graph, b: Graph) -> bool:
    """``rdflib.compare.isomorphic``, made fast: the triples without blank nodes must be equal and the parts
    with blank nodes isomorphic (rdflib's isomorphism over the whole 6,000-triple graph takes minutes)."""

    def split(graph: Graph) -> tuple[set, Graph]:
        ground, with_bnodes = set(), Graph()
        for triple in graph:
            if any(isinstance(term, BNode) for term in triple):
                with_bnodes.add(triple)
            else:
                ground.add(triple)
        return ground, with_bnodes

    (ground_a, bnodes_a), (ground_b, bnodes_b) = split(a), split(b)
    return ground_a == ground_b and isomorphic(bnodes_a, bnodes_b)


def read_back(store_url: str, graph_iri: str | None) -> Graph:
    params = {"graph": graph_iri} if graph_iri else None
    url = store_url if graph_iri else store_url + "?default"
    response = requests.get(url, params=params, headers={"Accept": "application/n-triples"}, timeout=60)
    response.raise_for_status()
    return Graph().parse(data=response.text, format="nt")


def test_publish_a_named_graph_and_read_it_back(store_url: str, source: Graph, capsys):
    # Something stale in the target graph: the PUT must replace it, not add to it.
    stale = '<http://example.org/stale> <http://example.org/p> "old" .'
    requests.put(
        store_url,
        params={"graph": GRAPH_IRI},
        data=stale,
        headers={"Content-Type": "application/n-triples"},
        timeout=30,
    ).raise_for_status()
    code = main(["publish", "--endpoint", store_url, "--graph", GRAPH_IRI])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"published {len(source)} triples" in out
    published = read_back(store_url, GRAPH_IRI)
    assert (URIRef("http://example.org/stale"), None, None) not in published
    # Exactly what we sent: the knowledge base writes no integer type a store would not keep (Oxigraph
    # returns "4"^^xsd:positiveInteger as "4"^^xsd:integer, oxigraph issue #1413).
    assert same_graph(published, source)


def test_publish_sends_the_graph_unchanged(fake_store, source: Graph):
    url, handler = fake_store
    handler.status = 201
    publish(source, url, GRAPH_IRI)
    ((content_type, body),) = handler.bodies
    assert content_type.startswith("text/turtle")
    assert same_graph(Graph().parse(data=body, format="turtle"), source)


def test_publish_the_default_graph(store_url: str):
    small = Graph()
    small.add(
        (
            URIRef("https://w3id.org/airoles/id/role/x"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("rôle x", lang="fr"),
        )
    )
    done = publish(small, store_url)
    assert done.url.endswith("?default")
    assert isomorphic(read_back(store_url, None), small)
    # Publishing again replaces the whole default graph.
    other = Graph()
    other.add(
        (
            URIRef("https://w3id.org/airoles/id/role/y"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("y"),
        )
    )
    publish(other, store_url)
    assert isomorphic(read_back(store_url, None), other)


def test_graph_may_be_a_curie(store_url: str):
    small = Graph()
    small.add(
        (
            URIRef("https://w3id.org/airoles/id/role/z"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("z"),
        )
    )
    done = publish(small, store_url, "role:published")
    assert "graph=https%3A%2F%2Fw3id.org%2Fairoles%2Fid%2Frole%2Fpublished" in done.url
    assert isomorphic(read_back(store_url, "https://w3id.org/airoles/id/role/published"), small)


def test_target_url():
    assert target_url("http://h:1/store", None) == "http://h:1/store?default"
    assert (
        target_url("http://h:1/ds/data?x=1&graph=old", "http://g")
        == "http://h:1/ds/data?x=1&graph=http%3A%2F%2Fg"
    )
    with pytest.raises(AirolesError, match="do not put credentials in the URL"):
        target_url("http://user:secret@h:1/store", None)
    with pytest.raises(AirolesError, match="expected the http"):
        target_url("ftp://h/store", None)


# --- errors and credentials, against a tiny fake store ------------------------------------------


class FakeStore(BaseHTTPRequestHandler):
    """Answers every PUT with the configured status and body; remembers the Authorization header."""

    status = 401
    body = b""
    seen: list[str | None] = []
    expects: list[str | None] = []
    bodies: list[tuple[str, bytes]] = []

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append(self.headers.get("Authorization"))
        type(self).expects.append(self.headers.get("Expect"))
        type(self).bodies.append((self.headers.get("Content-Type", ""), body))
        self.send_response(self.status)
        if self.status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_store() -> Iterator[tuple[str, type[FakeStore]]]:
    handler = type("Handler", (FakeStore,), {"seen": [], "expects": [], "bodies": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def tiny() -> Graph:
    graph = Graph()
    graph.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o")))
    return graph


def test_credentials_come_from_the_environment(fake_store):
    url, handler = fake_store
    handler.status, handler.body = 204, b""
    publish(tiny(), url, environ={USER_VARIABLE: "alice", PASSWORD_VARIABLE: "s3cret"})
    assert handler.seen == ["Basic " + base64.b64encode(b"alice:s3cret").decode()]
    publish(tiny(), url, environ={})
    assert handler.seen[-1] is None


def test_refused_credentials_exit_2_without_leaking_them(fake_store, monkeypatch, capsys):
    url, handler = fake_store
    handler.status = 401
    monkeypatch.setenv(USER_VARIABLE, "alice")
    monkeypatch.setenv(PASSWORD_VARIABLE, "s3cret")
    code = main(["publish", "--endpoint", url, "--asserted"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "HTTP 401" in err and "credentials in the environment were refused" in err
    assert "s3cret" not in err + out and "Traceback" not in err


def test_missing_credentials_are_explained(fake_store):
    url, handler = fake_store
    handler.status = 401
    with pytest.raises(AirolesError, match=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}"):
        publish(tiny(), url, environ={})
    with pytest.raises(AirolesError, match=f"{PASSWORD_VARIABLE} is not set"):
        publish(tiny(), url, environ={USER_VARIABLE: "alice"})


def test_server_errors_show_an_excerpt_of_the_body(fake_store):
    url, handler = fake_store
    handler.status, handler.body = 500, b"Internal error: \n  the disk is full" + b" x" * 500
    with pytest.raises(AirolesError) as caught:
        publish(tiny(), url)
    message = str(caught.value)
    assert "HTTP 500" in message and "Internal error: the disk is full" in message
    assert len(message) < 500
    handler.status, handler.body = 415, b"Unsupported Media Type"
    with pytest.raises(AirolesError, match="HTTP 415.*Unsupported Media Type"):
        publish(tiny(), url)


def test_connection_refused_exits_2(capsys):
    port = free_port()  # nothing listens there
    code = main(["publish", "--endpoint", f"http://127.0.0.1:{port}/store", "--asserted"])
    _, err = capsys.readouterr()
    assert code == 2
    assert f"cannot reach http://127.0.0.1:{port}/store: connection refused" in err


# --- Expect: 100-continue, against a recording server ------------------------------------------------------
# Before issue 18 the PUT (requests) sent the whole body with its head: this store, which reads on after its
# refusal, received all of it (1,474,553 bytes for the knowledge base). Now the body waits for "100 Continue",
# and a refusal answered to the head means the body is never sent.

LOGIN = ("alice", "s3cret")


def basic(login: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(":".join(login).encode()).decode()


@dataclass
class Arrival:
    """One request as the recording store received it."""

    method: str
    target: str
    headers: dict[str, str]  # names in lower case
    head_at: float  # time.monotonic() when the head had arrived
    body: bytes = b""  # every byte received after the head, before and after the store's answer
    body_at: float | None = None  # when the first of them arrived


@dataclass
class Behaviour:
    login: tuple[str, str] | None = None  # the credentials the store requires (None: none), as Basic
    protect_head: bool = False  # whether HEAD needs the credentials too
    send_continue: bool = True  # whether it answers Expect: 100-continue with 100 Continue
    # Digest's algorithm, when PUT (and a protected HEAD) ask for Digest, checked by RFC 7616 §3.4.1
    digest: str | None = None
    continue_first: bool = False  # 100 Continue before the credentials are checked (Virtuoso 7.2)
    challenge: str | None = None  # another WWW-Authenticate than Basic's or Digest's
    silent: bool = False  # never answers
    moved_to: str | None = None  # answers every request with 308 Permanent Redirect to this Location
    status: int = 204
    arrivals: list[Arrival] = field(default_factory=list)


NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"


def digest_valid(
    authorization: str, method: str, target: str, login: tuple[str, str], algorithm: str
) -> bool:
    """Whether ``authorization`` answers the store's Digest challenge (realm "test", NONCE, qop auth)."""
    if not authorization.startswith("Digest "):
        return False
    fields = {k.lower(): v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', authorization)}

    def h(text: str) -> str:
        return hashlib.new({"MD5": "md5", "SHA-256": "sha256"}[algorithm], text.encode()).hexdigest()

    ha1, ha2 = h(f"{login[0]}:test:{login[1]}"), h(f"{method}:{target}")
    expected = h(f"{ha1}:{NONCE}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
    return (fields.get("username"), fields.get("realm"), fields.get("nonce"), fields.get("uri")) == (
        login[0],
        "test",
        NONCE,
        target,
    ) and (fields.get("qop"), fields.get("response")) == ("auth", expected)


class RecordingStore(socketserver.StreamRequestHandler):
    """A raw HTTP/1.1 server that writes down what arrives. Like a store that checks credentials on a
    request's head, it answers a refusal before reading any body, then counts what still comes on the
    connection (nothing, when the client honours its own Expect)."""

    behaviour: Behaviour

    def handle(self) -> None:
        line = self.rfile.readline()
        if not line:
            return
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while (header := self.rfile.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        arrival = Arrival(method, target, headers, head_at=time.monotonic())
        behaviour = self.behaviour
        behaviour.arrivals.append(arrival)
        if behaviour.silent:
            self.receive(arrival, None)
            return
        if behaviour.moved_to:
            self.answer(308, location=behaviour.moved_to)
            return
        authorisation = headers.get("authorization", "")
        if behaviour.login is None:
            authorised = True
        elif behaviour.digest:
            authorised = digest_valid(authorisation, method, target, behaviour.login, behaviour.digest)
        else:
            authorised = authorisation == basic(behaviour.login)
        challenge = behaviour.challenge or (
            f'Digest realm="test", nonce="{NONCE}", qop="auth", algorithm={behaviour.digest}'
            if behaviour.digest
            else None
        )
        if method == "HEAD":
            self.answer(401 if behaviour.protect_head and not authorised else 200, challenge)
            return
        length = int(headers.get("content-length", 0))
        expects = headers.get("expect", "").lower() == "100-continue" and behaviour.send_continue
        if expects and behaviour.continue_first:
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            self.receive(arrival, length)
        if not authorised:
            self.answer(401, challenge)
            self.receive(arrival, None)  # what the client sends after the refusal, until it closes
            return
        if expects and not behaviour.continue_first:
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.receive(arrival, length)
        self.answer(behaviour.status)

    def receive(self, arrival: Arrival, length: int | None) -> None:
        self.connection.settimeout(5)
        try:
            while length is None or len(arrival.body) < length:
                data = self.rfile.read1(65536 if length is None else length - len(arrival.body))
                if not data:
                    break
                if arrival.body_at is None:
                    arrival.body_at = time.monotonic()
                arrival.body += data
        except TimeoutError:
            pass

    def answer(self, status: int, challenge: str | None = None, location: str | None = None) -> None:
        offered = challenge or 'Basic realm="test"'
        asks = f"WWW-Authenticate: {offered}\r\n" if status == 401 else ""
        asks += f"Location: {location}\r\n" if location else ""
        head = f"HTTP/1.1 {status} Status {status}\r\n{asks}Content-Length: 0\r\nConnection: close\r\n\r\n"
        self.wfile.write(head.encode())

    def log_message(self, *args: object) -> None:
        pass


class TLSServer(socketserver.ThreadingTCPServer):
    tls: ssl.SSLContext

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        return self.tls.wrap_socket(sock, server_side=True), address


@pytest.fixture
def recording_store() -> Iterator[Callable[..., tuple[str, Behaviour]]]:
    """Starts recording stores (``Behaviour`` fields as keywords): their Graph Store URL and behaviour."""
    servers: list[socketserver.ThreadingTCPServer] = []

    def start(tls: ssl.SSLContext | None = None, **options: object) -> tuple[str, Behaviour]:
        behaviour = Behaviour(**options)
        handler = type("Handler", (RecordingStore,), {"behaviour": behaviour})
        server = (
            TLSServer(("127.0.0.1", 0), handler)
            if tls
            else socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        )
        server.daemon_threads = True
        if tls:
            server.tls = tls
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/store", behaviour

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def body_of(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def test_a_put_refused_on_its_head_receives_no_body(recording_store, source: Graph):
    # HEAD is open, PUT needs credentials: the refusal comes as an answer to the PUT's head.
    url, store = recording_store(login=LOGIN)
    with pytest.raises(AirolesError, match="HTTP 401 .*credentials in the environment were refused"):
        publish(source, url, environ={USER_VARIABLE: "alice", PASSWORD_VARIABLE: "wrong"})
    head, put = store.arrivals
    assert (head.method, put.method) == ("HEAD", "PUT")
    assert put.headers["expect"] == "100-continue"
    assert int(put.headers["content-length"]) == len(body_of(source)) > 1_000_000
    assert put.body == b""  # not one byte of the 1.4 MB
    with pytest.raises(AirolesError, match=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}"):
        publish(source, url, environ={})
    assert store.arrivals[-1].method == "PUT" and store.arrivals[-1].body == b""


def test_refused_credentials_are_learnt_before_the_put(recording_store, capsys, monkeypatch):
    # A store that protects HEAD too (Virtuoso does): the credentials are checked there, and no PUT is made.
    url, store = recording_store(login=LOGIN, protect_head=True)
    monkeypatch.setenv(USER_VARIABLE, "alice")
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    code = main(["publish", "--endpoint", url, "--asserted"])
    out, err = capsys.readouterr()
    assert code == 2 and "credentials in the environment were refused" in err
    assert "wrong" not in out + err
    assert [(a.method, a.headers.get("authorization")) for a in store.arrivals] == [
        ("HEAD", None),
        ("HEAD", basic(("alice", "wrong"))),
    ]
    monkeypatch.setenv(PASSWORD_VARIABLE, LOGIN[1])
    assert main(["publish", "--endpoint", url, "--asserted"]) == 0
    assert [a.method for a in store.arrivals[2:]] == ["HEAD", "HEAD", "PUT"]
    assert len(store.arrivals[-1].body) == int(store.arrivals[-1].headers["content-length"])


def test_a_store_that_asks_for_digest_on_put_only(recording_store):
    url, store = recording_store(login=LOGIN, digest="MD5")
    done = publish(tiny(), url, environ={USER_VARIABLE: LOGIN[0], PASSWORD_VARIABLE: LOGIN[1]})
    assert (done.status, done.uploads) == (204, 1)
    head, basic_put, digest_put = store.arrivals
    assert head.method == "HEAD" and "authorization" not in head.headers
    assert basic_put.headers["authorization"] == basic(LOGIN) and basic_put.body == b""
    assert 'uri="/store?default"' in digest_put.headers["authorization"]
    assert digest_put.body == body_of(tiny())


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_a_digest_store_gets_one_put_body(recording_store, source: Graph, algorithm: str):
    # Like Virtuoso: Digest on HEAD and PUT, and 100 Continue to every PUT before the credentials are checked
    # (a PUT that learnt of Digest or of a wrong password by itself would upload first). libcurl computes the
    # Digest answers; the store checks them (RFC 7616 §3.4.1).
    url, store = recording_store(login=LOGIN, protect_head=True, digest=algorithm, continue_first=True)
    with pytest.raises(AirolesError, match="HTTP 401 .*credentials in the environment were refused"):
        publish(source, url, GRAPH_IRI, environ={USER_VARIABLE: LOGIN[0], PASSWORD_VARIABLE: "wrong"})
    assert [a.method for a in store.arrivals] == ["HEAD", "HEAD"]  # no PUT, no body
    assert (
        store.arrivals[1].headers["authorization"].startswith(f'Digest username="{LOGIN[0]}", realm="test"')
    )
    del store.arrivals[:]
    done = publish(source, url, GRAPH_IRI, environ={USER_VARIABLE: LOGIN[0], PASSWORD_VARIABLE: LOGIN[1]})
    assert (done.status, done.uploads) == (204, 1)
    challenge, check, put = store.arrivals
    assert (challenge.method, check.method, put.method) == ("HEAD", "HEAD", "PUT")
    assert "authorization" not in challenge.headers
    assert f"algorithm={algorithm}" in check.headers["authorization"]
    assert put.headers["authorization"].startswith("Digest ") and put.headers["expect"] == "100-continue"
    assert put.body == body_of(source)  # once: 1.4 MB received in all


def test_a_scheme_other_than_basic_and_digest_is_named(recording_store):
    url, store = recording_store(login=LOGIN, protect_head=True, challenge='Bearer realm="test"')
    with pytest.raises(
        AirolesError, match="asks for bearer authentication; airoles publish speaks Basic and Digest"
    ):
        publish(tiny(), url, environ={USER_VARIABLE: LOGIN[0], PASSWORD_VARIABLE: LOGIN[1]})
    assert [a.method for a in store.arrivals] == ["HEAD"]


def test_a_redirect_is_refused_and_named(recording_store):
    url, store = recording_store(moved_to="/other/store?graph=x")
    moved = url.removesuffix("/store") + "/other/store?graph=x"
    environ = {USER_VARIABLE: LOGIN[0], PASSWORD_VARIABLE: LOGIN[1]}
    with pytest.raises(AirolesError, match=f"HTTP 308 .*: the store redirects to {re.escape(moved)}; give"):
        publish(tiny(), url, environ=environ)
    assert [(a.method, a.target) for a in store.arrivals] == [("HEAD", "/store?default")]  # not followed


def test_a_silent_store_times_out(recording_store):
    url, store = recording_store(silent=True)
    started = time.monotonic()
    with pytest.raises(AirolesError, match=r"^http://127\.0\.0\.1:\d+/store did not answer within 1 s$"):
        publish(tiny(), url, timeout=1, environ={})
    assert time.monotonic() - started < 4
    assert [a.method for a in store.arrivals] == ["HEAD"]


def test_a_store_that_sends_100_gets_the_body_at_once(recording_store, source: Graph):
    url, store = recording_store(send_continue=True, status=201)
    done = publish(source, url, GRAPH_IRI, environ={})
    assert (done.status, done.uploads) == (201, 1)
    put = store.arrivals[-1]
    assert put.body == body_of(source)
    assert put.body_at is not None and put.body_at - put.head_at < EXPECT_WAIT / 2


def test_a_store_that_never_sends_100_gets_the_body_after_the_wait(recording_store):
    url, store = recording_store(send_continue=False)
    started = time.monotonic()
    done = publish(tiny(), url, environ={})
    assert done.status == 204
    put = store.arrivals[-1]
    assert put.body == body_of(tiny())
    assert put.headers["expect"] == "100-continue"  # a small body too (libcurl's own threshold is 1 MB)
    assert put.body_at is not None
    waited = put.body_at - put.head_at
    assert EXPECT_WAIT - 0.05 <= waited < EXPECT_WAIT + 1.5, waited
    assert time.monotonic() - started < EXPECT_WAIT + 3


def test_no_expect_towards_an_http_1_0_store(fake_store):
    # http.server's default: HTTP/1.0, which ignores Expect (RFC 9110 §10.1.1); its HEAD answer tells.
    url, handler = fake_store
    handler.status = 204
    started = time.monotonic()
    publish(tiny(), url, environ={})
    assert time.monotonic() - started < EXPECT_WAIT
    assert handler.bodies[-1][1] == body_of(tiny())
    assert handler.expects == [None]


@pytest.fixture(scope="module")
def certificate() -> Iterator[Path]:
    """A self-signed certificate for 127.0.0.1 (its key beside it, as key.pem), made with openssl."""
    openssl = shutil.which("openssl")
    require(openssl is not None, "openssl is missing (Debian's openssl package)")
    assert openssl is not None
    directory = Path(tempfile.mkdtemp(prefix="airoles-tls-"))
    try:
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
            + ["-addext", "subjectAltName=IP:127.0.0.1"]
            + ["-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem")],
            check=True,
            capture_output=True,
        )
        yield directory / "cert.pem"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("send_continue", [True, False])
def test_https(recording_store, certificate: Path, monkeypatch, send_continue: bool):
    # TLS 1.3 sends session tickets after the handshake: data to read that is not an answer, while the PUT's
    # head waits for 100 Continue.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, certificate.with_name("key.pem"))
    url, store = recording_store(tls=context, login=LOGIN, send_continue=send_continue)
    environ = {USER_VARIABLE: LOGIN[0], PASSWORD_VARIABLE: LOGIN[1]}
    with pytest.raises(AirolesError, match="cannot reach .*: TLS: .*self-signed certificate"):
        publish(tiny(), url, environ=environ)
    # publish trusts what Python's ssl trusts: SSL_CERT_FILE (and SSL_CERT_DIR), else the system's authorities
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    assert publish(tiny(), url, environ=environ).status == 204
    put = store.arrivals[-1]
    assert put.body == body_of(tiny()) and put.headers["authorization"] == basic(LOGIN)
    assert put.body_at is not None
    assert (put.body_at - put.head_at < EXPECT_WAIT / 2) == send_continue


def test_through_a_proxy(recording_store, monkeypatch):
    proxy, store = recording_store()
    done = publish(tiny(), "http://store.invalid:8080/data", GRAPH_IRI, environ={"http_proxy": proxy})
    assert done.status == 204
    put = store.arrivals[-1]
    assert (
        put.target == "http://store.invalid:8080/data?graph=https%3A%2F%2Fw3id.org%2Fairoles%2Fgraph%2Ftest"
    )
    assert put.headers["host"] == "store.invalid:8080"
    # no_proxy (names, domains, networks, *) sends straight to the store: the proxy named does not listen.
    url, direct = recording_store()
    dead = f"http://127.0.0.1:{free_port()}"
    for no_proxy in ("localhost,127.0.0.1", "10.0.0.0/8, 127.0.0.0/8", "*"):
        assert publish(tiny(), url, environ={"HTTP_PROXY": dead, "NO_PROXY": no_proxy}).status == 204
    assert [a.target for a in direct.arrivals] == ["/store?default"] * 6  # each a HEAD and a PUT
    with pytest.raises(AirolesError, match="connection refused"):  # to the proxy
        publish(tiny(), url, environ={"http_proxy": dead, "no_proxy": "localhost,.example.org"})
    assert len(direct.arrivals) == 6
    # Only what ``environ`` names: a proxy in os.environ is not used.
    monkeypatch.setenv("http_proxy", dead)
    assert publish(tiny(), url, environ={}).status == 204


# --- Oxigraph answers 100 Continue ------------------------------------------------------------------------


class Relay:
    """A TCP relay from a free loopback port to ``port`` that keeps every byte each way."""

    def __init__(self, port: int) -> None:
        self.sent = bytearray()  # client to store
        self.answered = bytearray()  # store to client
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._upstream = port
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            store = socket.create_connection(("127.0.0.1", self._upstream))
            self._sockets += [client, store]
            threading.Thread(target=self._pump, args=(client, store, self.sent), daemon=True).start()
            threading.Thread(target=self._pump, args=(store, client, self.answered), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, log: bytearray) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    log += data
                sink.sendall(data)
        except OSError:
            pass
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        self._listener.close()
        for sock in self._sockets:
            sock.close()


@pytest.fixture
def relay() -> Iterator[Callable[[int], Relay]]:
    relays: list[Relay] = []

    def start(port: int) -> Relay:
        relays.append(Relay(port))
        return relays[-1]

    yield start
    for each in relays:
        each.close()


def test_oxigraph_answers_100_continue(store_url: str, relay):
    port = int(store_url.split(":")[2].split("/")[0])
    through = relay(port)
    done = publish(tiny(), f"http://127.0.0.1:{through.port}/store", GRAPH_IRI + "/continue", environ={})
    assert done.status in (201, 204)
    assert b"Expect: 100-continue" in through.sent
    assert through.answered.count(b"HTTP/1.1 100 Continue\r\n") == 1
    assert isomorphic(read_back(store_url, GRAPH_IRI + "/continue"), tiny())


# --- Oxigraph behind Basic authentication ----------------------------------------------------------------
# The Oxigraph server has no accounts: it is published to behind a reverse proxy that asks for them (nginx's
# auth_basic, Caddy's basicauth). This one answers 401 to a head without the right credentials, before any
# body (it never sends 100 Continue then), and passes an authorised request on to Oxigraph.


class _BasicAuthProxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = 0  # the Oxigraph server's port
    expected = "Basic " + base64.b64encode(b"publisher:s3cret").decode()
    bodies: list[int] = []  # body bytes read per request, refused ones included (none)

    def log_message(self, *args: object) -> None:
        pass

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") == self.expected:
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="airoles"')
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.bodies.append(0)
        return False

    def handle_expect_100(self) -> bool:  # the head has arrived, the body not yet
        return self._authorised() and super().handle_expect_100()

    def _forward(self) -> None:
        if self.command == "HEAD" and not self._authorised():
            return
        if self.command == "PUT" and "Expect" not in self.headers and not self._authorised():
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.bodies.append(len(body))
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        connection.request(
            self.command, self.path, body=body if self.command == "PUT" else None, headers=headers
        )
        answer = connection.getresponse()
        payload = answer.read()
        self.send_response(answer.status)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        connection.close()

    do_HEAD = do_PUT = _forward


@pytest.fixture
def guarded_oxigraph(store_url: str) -> Iterator[tuple[str, type[_BasicAuthProxy]]]:
    """Oxigraph (the module's server) behind a Basic-auth proxy: the proxy's Graph Store URL, its handler."""
    handler = type("Handler", (_BasicAuthProxy,), {"bodies": []})
    handler.upstream = int(store_url.split(":")[2].split("/")[0])
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    finally:
        server.shutdown()
        server.server_close()


def test_publish_to_oxigraph_behind_authentication(guarded_oxigraph, store_url: str, monkeypatch, capsys):
    url, handler = guarded_oxigraph
    graph = GRAPH_IRI + "/guarded"
    monkeypatch.setenv(USER_VARIABLE, "publisher")
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    assert main(["publish", "--endpoint", url, "--graph", graph, "--asserted"]) == 2
    _, err = capsys.readouterr()
    assert "credentials in the environment were refused" in err and "wrong" not in err
    assert sum(handler.bodies) == 0  # refused before any of the 1.4 MB was sent
    monkeypatch.setenv(PASSWORD_VARIABLE, "s3cret")
    assert main(["publish", "--endpoint", url, "--graph", graph, "--asserted"]) == 0
    published = query_graph(asserted=True)
    assert [size for size in handler.bodies if size] == [
        len(published.serialize(format="nt", encoding="utf-8"))
    ]
    assert same_graph(read_back(store_url, graph), published)  # the body went once, and all of it


# --- Virtuoso: Digest on /sparql-graph-crud-auth ------------------------------------------------------------
# Virtuoso 7.2 (Debian's virtuoso-opensource) answers "100 Continue" to every PUT before it checks the
# credentials, and only Digest opens /sparql-graph-crud-auth (Basic is refused): without publish's HEADs a
# wrong password, and Digest's first challenge-fetching request, would each start an upload (libcurl left to
# itself: up to 227,289 bytes of body before the 401, measured, depending on when it arrives).
#
# What Virtuoso 7.2.5 keeps of a graph: IRIs, blank-node structure, plain strings (newlines, quotes,
# characters outside the BMP), xsd:string, every integer type as sent (xsd:positiveInteger, xsd:int, ...),
# booleans, doubles, floats, dates and dateTimes with or without a zone, gYear, custom datatypes, rdf:HTML.
# It changes three things: language tags come back in lower case ("en-GB" as "en-gb"), xsd:decimal in its
# shortest form ("1.50" as "1.5", "10.0" as "10"), and an xsd:duration of years-months only or days-time only
# comes back as a number of months or seconds, no longer a valid xsd:duration ("P1Y2M" as "14", "P1D" as
# "86400.0"; "P1Y2M3DT4H" is kept). The knowledge base has none of them: it comes back exactly as sent.

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
"""


@dataclass(frozen=True)
class Virtuoso:
    port: int
    started_in: float  # seconds from launch to the first SPARQL answer

    @property
    def crud(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql-graph-crud-auth"

    def read_back(self, graph_iri: str) -> Graph:
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        response = requests.get(
            f"http://127.0.0.1:{self.port}/sparql",
            params={"query": query},
            headers={"Accept": "application/n-triples"},
            timeout=120,
        )
        response.raise_for_status()
        return Graph().parse(data=response.text, format="nt")


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[Virtuoso]:
    """A private Virtuoso (fresh database in a temporary directory, loopback ports), stopped and removed
    after the module. A fresh database's dba/dba may use /sparql-graph-crud-auth: no grant is needed."""
    binary = shutil.which("virtuoso-t")
    require(binary is not None, "virtuoso-t is missing (Debian's virtuoso-opensource-7-bin package)")
    assert binary is not None
    directory = Path(tempfile.mkdtemp(prefix="airoles-virtuoso-"))
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port))
    process = None
    try:
        with open(directory / "console.log", "wb") as console:
            started = time.monotonic()
            process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)],
                cwd=directory,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
            )
        deadline = started + 120
        while True:
            try:
                requests.get(f"http://127.0.0.1:{http_port}/sparql", params={"query": "ASK {}"}, timeout=5)
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (directory / "console.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"virtuoso did not start:\n{log}") from None
                time.sleep(0.1)
        yield Virtuoso(http_port, time.monotonic() - started)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(directory, ignore_errors=True)


DBA = {USER_VARIABLE: "dba", PASSWORD_VARIABLE: "dba"}


def test_publish_to_virtuoso_and_read_it_back(virtuoso: Virtuoso, source: Graph, relay, monkeypatch, capsys):
    publish(tiny(), virtuoso.crud, GRAPH_IRI, environ=DBA)  # something stale to replace
    through = relay(virtuoso.port)
    monkeypatch.setenv(USER_VARIABLE, "dba")
    monkeypatch.setenv(PASSWORD_VARIABLE, "dba")
    endpoint = f"http://127.0.0.1:{through.port}/sparql-graph-crud-auth"
    code = main(["publish", "--endpoint", endpoint, "--graph", GRAPH_IRI])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"published {len(source)} triples" in out and "(HTTP 200)" in out
    assert same_graph(virtuoso.read_back(GRAPH_IRI), source)
    # HEAD (the Digest challenge), HEAD (the credentials checked), PUT: the body went once.
    assert through.sent.count(b"Authorization: Digest ") == 2
    assert b"Authorization: Basic" not in through.sent and b"dba:dba" not in through.sent
    assert len(body_of(source)) < len(through.sent) < len(body_of(source)) + 4000


def test_virtuoso_keeps_typed_literals_but_normalises_some(virtuoso: Virtuoso):
    from rdflib.namespace import RDF, XSD  # not at module level: pytest's collection pokes at namespaces

    ex = "http://example.org/"
    sent = [
        Literal("4", datatype=XSD.positiveInteger),
        Literal("42", datatype=XSD.int),
        Literal("-3", datatype=XSD.long),
        Literal("1", datatype=XSD.unsignedByte),
        Literal("true", datatype=XSD.boolean),
        Literal("2.5", datatype=XSD.decimal),
        Literal("2950", datatype=XSD.decimal),
        Literal("3.14", datatype=XSD.float),
        Literal("1.0E0", datatype=XSD.double),
        Literal("2024", datatype=XSD.gYear),
        Literal("2024-05-01", datatype=XSD.date),
        Literal("2024-05-01T10:00:00+02:00", datatype=XSD.dateTime),
        Literal("2024-05-01T10:00:00", datatype=XSD.dateTime),
        Literal("P1Y2M3DT4H", datatype=XSD.duration),
        Literal("typed string", datatype=XSD.string),
        Literal("plain"),
        Literal(""),
        Literal("rôle", lang="fr"),
        Literal('emoji 🤖 𝔸, line\nbreak, "quotes" \\ backslash'),
        Literal("custom", datatype=URIRef(ex + "myType")),
        Literal("<b>x</b>", datatype=RDF.HTML),
    ]
    changed = [  # (what is sent, what Virtuoso 7.2.5 gives back)
        (Literal("colour", lang="en-GB"), Literal("colour", lang="en-gb")),
        (Literal("1.50", datatype=XSD.decimal), Literal("1.5", datatype=XSD.decimal)),
        (Literal("10.0", datatype=XSD.decimal), Literal("10", datatype=XSD.decimal)),
        (Literal("P1Y2M", datatype=XSD.duration), Literal("14", datatype=XSD.duration)),
        (Literal("P1D", datatype=XSD.duration), Literal("86400.0", datatype=XSD.duration)),
    ]
    graph, expected = Graph(), Graph()
    pairs = [(value, value) for value in sent] + changed
    for number, (value, kept) in enumerate(pairs):
        graph.add((URIRef(f"{ex}s{number}"), URIRef(ex + "p"), value))
        expected.add((URIRef(f"{ex}s{number}"), URIRef(ex + "p"), kept))
    node = BNode()
    for target in (graph, expected):
        target.add((URIRef(ex + "r"), URIRef(ex + "q"), node))
        target.add((node, URIRef(ex + "p"), Literal("in a blank node")))
    publish(graph, virtuoso.crud, ex + "typed", environ=DBA)

    def lexical(graph: Graph) -> set[tuple[str, ...]]:  # rdflib's == on literals compares values, not forms
        return {
            (str(s), str(p), str(o), str(getattr(o, "datatype", "")), str(getattr(o, "language", "")))
            for s, p, o in graph
            if not isinstance(s, BNode) and not isinstance(o, BNode)
        }

    back = virtuoso.read_back(ex + "typed")
    assert lexical(back) == lexical(expected)
    assert isomorphic(back, expected)


def test_virtuoso_refuses_a_wrong_password_before_any_body(virtuoso: Virtuoso, relay, monkeypatch, capsys):
    through = relay(virtuoso.port)
    endpoint = f"http://127.0.0.1:{through.port}/sparql-graph-crud-auth"
    monkeypatch.setenv(USER_VARIABLE, "dba")
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-the-password")
    code = main(["publish", "--endpoint", endpoint, "--graph", GRAPH_IRI])
    out, err = capsys.readouterr()
    assert code == 2
    assert "HTTP 401 Unauthorized: the credentials in the environment were refused" in err
    assert "not-the-password" not in out + err and "Traceback" not in err
    assert b"PUT " not in through.sent and len(through.sent) < 2000  # two HEADs, no body
    monkeypatch.delenv(USER_VARIABLE)
    monkeypatch.delenv(PASSWORD_VARIABLE)
    code = main(["publish", "--endpoint", endpoint, "--graph", GRAPH_IRI])
    _, err = capsys.readouterr()
    assert code == 2 and f"the store asks for credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}" in err
    assert b"PUT " not in through.sent


def test_virtuoso_has_no_default_graph_there(virtuoso: Virtuoso):
    with pytest.raises(AirolesError, match=r"\?default: HTTP 500 .*contains \"default\" param"):
        publish(tiny(), virtuoso.crud, environ=DBA)
