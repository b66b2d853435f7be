"""Publish the graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT`` of the whole graph to ``URL?graph=IRI`` (or ``URL?default``) replaces that graph in a single
request, so readers see the old graph or the new one, never half of it (Fuseki, GraphDB, Virtuoso, Oxigraph
apply a PUT in one transaction). Credentials come from the environment only (``AIROLES_PUBLISH_USER``,
``AIROLES_PUBLISH_PASSWORD``), never from the command line, and are never printed.

A refusal should cost no upload, so the body goes last:

1. a body-less ``HEAD`` of the same URL asks whether the store wants credentials (a 401 and its
   ``WWW-Authenticate`` challenge: Basic, or Digest as Virtuoso asks) and, with credentials set, a second
   ``HEAD`` carrying them checks that they are accepted. Virtuoso needs this: it answers ``100 Continue`` to
   every PUT before it looks at the credentials, so without the HEADs a wrong password (and Digest's first,
   challenge-fetching request) would each cost a whole upload there;
2. the ``PUT`` carries ``Expect: 100-continue`` (RFC 9110 §10.1.1) and sends only its head, then waits for
   the store's interim ``100 Continue`` or its final answer (401, 403, 413, ...: then the body is never sent).
   A store that says neither within ``EXPECT_WAIT`` seconds gets the body anyway (many never send 100; RFC
   9110: a client should not wait indefinitely). No Expect to a store that answered the HEAD in HTTP/1.0.

``requests``/urllib3 (and httpx) cannot do step 2: they send the body with the head (urllib3 and http.client
skip interim answers only once the body is sent; psf/requests#713, python/cpython#42550). So this module
drives ``http.client`` itself: the connection (TLS with certificate checks, a CONNECT tunnel through a proxy)
and the request head come from http.client, the body is sent on its socket once the store said go (or said
nothing in time), and the final answer is parsed by ``http.client.HTTPResponse`` (lengths, chunks). Proxies
come from ``http_proxy``/``https_proxy``/``all_proxy``/``no_proxy`` as they did with requests.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import ipaddress
import os
import re
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from rdflib import Graph

from airoles_kg import __version__
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.engine import expand_iri

USER_VARIABLE = "AIROLES_PUBLISH_USER"
PASSWORD_VARIABLE = "AIROLES_PUBLISH_PASSWORD"
# N-Triples is a subset of Turtle: sent as text/turtle, the RDF type every Graph Store implementation reads.
CONTENT_TYPE = "text/turtle; charset=utf-8"
DEFAULT_TIMEOUT = 300.0
# How long the PUT's head waits for "100 Continue" (or a refusal) before the body goes anyway: curl's default.
EXPECT_WAIT = 1.0
USER_AGENT = f"airoles-kg/{__version__}"
_MAX_HEAD = 64 * 1024  # a response head longer than this is not a Graph Store's
_MAX_ERROR_BODY = 64 * 1024  # what is read of an error answer, for its excerpt


@dataclass(frozen=True)
class Published:
    """The outcome of a successful publication."""

    url: str
    triples: int
    status: int
    # How many times the body was sent: 2 when the PUT itself was challenged (for Digest, or a stale nonce).
    uploads: int = 1


def target_url(endpoint: str, graph_iri: str | None) -> str:
    """``endpoint`` with ``graph=IRI`` (or ``default``) added to its query string.

    Raises AirolesError for a URL that is not http(s), or that carries credentials (use the environment).
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AirolesError(
            f"--endpoint {endpoint!r}: expected the http:// or https:// URL of a Graph Store endpoint"
        )
    if parts.username is not None or parts.password is not None:
        raise AirolesError(
            f"--endpoint: do not put credentials in the URL; set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
    kept = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in kept if k not in ("graph", "default")]
    query_string = urlencode(query + [("graph", graph_iri)]) if graph_iri else urlencode(query)
    if not graph_iri:
        query_string = f"{query_string}&default" if query_string else "default"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query_string, ""))


def credentials(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(user, password) from the environment, None when neither is set; AirolesError when only one is."""
    env = os.environ if environ is None else environ
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user is None and password is None:
        return None
    if user is None or password is None:
        missing = USER_VARIABLE if user is None else PASSWORD_VARIABLE
        raise AirolesError(
            f"{missing} is not set (set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither)"
        )
    return user, password


def publish(
    graph: Graph,
    endpoint: str,
    graph_iri: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    environ: Mapping[str, str] | None = None,
    expect_wait: float = EXPECT_WAIT,
) -> Published:
    """Replace the graph ``graph_iri`` (None: the default graph) at ``endpoint`` with ``graph``, in one PUT.

    ``graph_iri`` may be a CURIE with an airoles prefix. ``environ`` (default: ``os.environ``) gives the
    credentials and the proxy settings. Raises AirolesError (exit 2) when the store cannot be reached, refuses
    the credentials (401/403) or answers another error (with an excerpt of its message).
    """
    iri = str(expand_iri(graph_iri, graph)) if graph_iri else None
    url = target_url(endpoint, iri)
    env = os.environ if environ is None else environ
    login = credentials(env)
    target = _target(url, env)
    body = graph.serialize(format="nt", encoding="utf-8")
    try:
        answer, uploads, auth = _put(target, body, login, timeout=timeout, expect_wait=expect_wait)
    except ConnectionRefusedError as exc:
        raise AirolesError(f"cannot reach {endpoint}: connection refused") from exc
    except TimeoutError as exc:
        raise AirolesError(f"{endpoint} did not answer within {timeout:g} s") from exc
    except http.client.RemoteDisconnected as exc:
        raise AirolesError(f"cannot publish to {endpoint}: the store closed the connection") from exc
    except ssl.SSLError as exc:
        raise AirolesError(f"cannot reach {endpoint}: TLS: {_short(exc)}") from exc
    except OSError as exc:
        raise AirolesError(f"cannot reach {endpoint}: {_short(exc)}") from exc
    except http.client.HTTPException as exc:
        raise AirolesError(f"cannot publish to {endpoint}: {_short(exc)}") from exc
    if answer.status in (401, 403):
        hint = (
            "the credentials in the environment were refused"
            if auth
            else f"the store asks for credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
        raise AirolesError(f"{url}: HTTP {answer.status} {answer.reason}: {hint}")
    if not 200 <= answer.status < 300:
        raise AirolesError(f"{url}: HTTP {answer.status} {answer.reason}: {_excerpt(answer.text)}")
    return Published(url=url, triples=len(graph), status=answer.status, uploads=uploads)


# --- the exchange: HEAD (challenge, credentials), then PUT with Expect: 100-continue --------------------


def _put(
    target: _Target, body: bytes, login: tuple[str, str] | None, *, timeout: float, expect_wait: float
) -> tuple[_Answer, int, _Auth | None]:
    """The final answer to the PUT (or to the HEAD that refused the credentials), how many times the body was
    sent, and the credentials used (None: none)."""
    auth: _Auth | None = None
    probe = _exchange(target, "HEAD", None, None, body=None, timeout=timeout, expect_wait=None)
    _refuse_redirect(target, probe)
    if probe.status == 401:
        if login is None:
            return probe, 0, None
        auth = _Auth(*login)
        auth.take_challenge(probe, target)
        check = _exchange(target, "HEAD", None, auth, body=None, timeout=timeout, expect_wait=None)
        if check.status == 401 and auth.take_challenge(check, target):  # a stale nonce, renewed
            check = _exchange(target, "HEAD", None, auth, body=None, timeout=timeout, expect_wait=None)
        if check.status == 401:
            return check, 0, auth
    elif login is not None:
        # Basic, with the PUT: the store asked for nothing to HEAD (its writes may need more: see below).
        auth = _Auth(*login)
    # RFC 9110 §10.1.1: no 100-continue expectation without content, nor towards an HTTP/1.0 server.
    wait = expect_wait if body and probe.version >= 11 else None
    uploads = 0
    for attempt in (1, 2):
        answer = _exchange(target, "PUT", CONTENT_TYPE, auth, body=body, timeout=timeout, expect_wait=wait)
        uploads += int(answer.body_sent)
        _refuse_redirect(target, answer)
        # A store that asks for Digest on PUT only (the HEAD passed with Basic, or none), or a stale nonce.
        if attempt == 1 and answer.status == 401 and auth is not None and auth.take_challenge(answer, target):
            continue
        return answer, uploads, auth
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Answer:
    status: int
    reason: str
    version: int  # 10 for HTTP/1.0, 11 for HTTP/1.1
    headers: http.client.HTTPMessage
    text: str  # the first _MAX_ERROR_BODY bytes of an error answer's body, decoded; "" otherwise
    body_sent: bool = False


def _exchange(
    target: _Target,
    method: str,
    content_type: str | None,
    auth: _Auth | None,
    *,
    body: bytes | None,
    timeout: float,
    expect_wait: float | None,
) -> _Answer:
    """One request on a connection of its own. With ``expect_wait``, the body waits for ``100 Continue``, or
    for ``expect_wait`` seconds of silence; a final answer received before it means the body is never sent."""
    connection = _connection(target, timeout)
    try:
        connection.putrequest(method, target.request_target, skip_accept_encoding=True)
        connection.putheader("User-Agent", USER_AGENT)
        if content_type:
            connection.putheader("Content-Type", content_type)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
            if expect_wait is not None:
                connection.putheader("Expect", "100-continue")
        if auth is not None:
            connection.putheader("Authorization", auth.header(method, target.origin_form, body))
        connection.endheaders()  # connects (TLS, proxy tunnel) and sends the head alone
        sock = connection.sock
        received = bytearray()  # what came from the store and is not parsed yet
        sent = False
        if body is not None:
            answered = expect_wait is not None and _answered_before_body(sock, received, expect_wait, timeout)
            if not answered:
                try:
                    sock.sendall(body)
                    sent = True
                except (BrokenPipeError, ConnectionResetError):
                    if not received:  # it stopped reading mid-body: it may have said why (413...)
                        received += _recv_what_is_left(sock)
                    if not received:
                        raise
        answer = _final_answer(sock, received, method, timeout)
        answer.body_sent = sent
        return answer
    finally:
        connection.close()


def _answered_before_body(sock: socket.socket, received: bytearray, wait: float, timeout: float) -> bool:
    """Wait up to ``wait`` s for ``100 Continue`` (False: send the body) or a final answer (True: do not)."""
    deadline = time.monotonic() + wait
    try:
        while True:
            status = _receive_head(sock, received, deadline)
            if status is None:  # silence: many stores never send 100
                return False
            if not 100 <= status < 200 or status == 101:  # a final answer (or a broken one: reported)
                return True
            del received[: _head_end(received)]  # an interim answer: 100 means go on, 102/103 mean wait
            if status == 100:
                return False
    finally:
        sock.settimeout(timeout)


def _final_answer(sock: socket.socket, received: bytearray, method: str, timeout: float) -> _Answer:
    sock.settimeout(timeout)
    while (
        (status := _receive_head(sock, received, None)) is not None and 100 <= status < 200 and status != 101
    ):
        del received[: _head_end(received)]  # 100 after the wait, 102, 103 (http.client skips only 100)
    response = http.client.HTTPResponse(cast(socket.socket, _Received(bytes(received), sock)), method=method)
    response.begin()
    text = ""
    if method != "HEAD" and not 200 <= response.status < 300:
        try:
            data = response.read(_MAX_ERROR_BODY)
        except http.client.IncompleteRead as exc:
            data = exc.partial
        try:
            text = data.decode(response.headers.get_content_charset() or "utf-8", errors="replace")
        except LookupError:
            text = data.decode("utf-8", errors="replace")
    return _Answer(response.status, response.reason, response.version, response.headers, text)


_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_STATUS_LINE = re.compile(rb"HTTP/1\.\d +(\d{3})\b")


def _head_end(received: bytes | bytearray) -> int:
    match = _BLANK_LINE.search(received)
    return match.end() if match else -1


def _receive_head(sock: socket.socket, received: bytearray, deadline: float | None) -> int | None:
    """Read until ``received`` starts with a whole response head; its status. None: ``deadline`` (a
    ``time.monotonic()`` value) came first (no deadline: the socket's timeout raises TimeoutError)."""
    while _head_end(received) < 0:
        if len(received) > _MAX_HEAD:
            raise http.client.LineTooLong("the store's answer head")
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            if deadline is None:
                raise
            return None
        if not chunk:
            if received:  # a head cut short: let http.client say what is wrong with it
                return 0
            raise http.client.RemoteDisconnected("the store closed the connection without answering")
        received += chunk
    match = _STATUS_LINE.match(received)
    if not match:
        raise http.client.BadStatusLine(bytes(received[:80]).decode("latin-1").splitlines()[0])
    return int(match.group(1))


def _recv_what_is_left(sock: socket.socket) -> bytes:
    """What the store sent before it stopped reading, if the socket still holds it."""
    try:
        return sock.recv(65536)
    except OSError:
        return b""


class _Received(io.RawIOBase):
    """The answer as http.client.HTTPResponse reads it (through ``makefile``): the bytes already received,
    then the rest from the socket."""

    def __init__(self, received: bytes, sock: socket.socket) -> None:
        super().__init__()
        self._received = bytearray(received)
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._received:
            size = min(len(view), len(self._received))
            view[:size] = self._received[:size]
            del self._received[:size]
            return size
        return self._sock.recv_into(view)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self)


def _refuse_redirect(target: _Target, answer: _Answer) -> None:
    """A redirect is not followed (credentials and a body would go where the user did not point): named."""
    if 300 <= answer.status < 400 and answer.headers.get("Location"):
        location = urljoin(target.url, answer.headers["Location"])
        raise AirolesError(
            f"{target.url}: HTTP {answer.status} {answer.reason}: the store redirects to {location}; "
            "give that endpoint as --endpoint"
        )


# --- where to connect: the store, or a proxy ---------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    origin_form: str  # path?query: the request line's target (Digest's "uri")
    proxy: tuple[str, int, str | None] | None = None  # host, port, Proxy-Authorization

    @property
    def request_target(self) -> str:
        # Through a proxy, plain http asks for the absolute URL; https goes through a CONNECT tunnel.
        return self.url if self.proxy and self.scheme == "http" else self.origin_form


def _target(url: str, env: Mapping[str, str]) -> _Target:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    origin_form = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(url, parts.scheme, host, port, origin_form, _proxy(parts.scheme, host, env))


def _proxy(scheme: str, host: str, env: Mapping[str, str]) -> tuple[str, int, str | None] | None:
    """The proxy the environment names for ``scheme`` (lower-case names first, as curl and requests read
    them), unless ``no_proxy`` exempts ``host``."""

    def variable(name: str) -> str:
        return env.get(name) or env.get(name.upper()) or ""

    proxy = variable(f"{scheme}_proxy") or variable("all_proxy")
    if not proxy or _no_proxy(host, variable("no_proxy")):
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if parts.scheme != "http" or not parts.hostname:
        raise AirolesError(f"proxy {parts.scheme}://{parts.hostname}: only http:// proxies are supported")
    authorization = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(pair).decode("ascii")
    return parts.hostname, parts.port or 80, authorization


def _no_proxy(host: str, no_proxy: str) -> bool:
    """Whether ``no_proxy`` (``*``, or names, domains, addresses, networks, with commas) names ``host``."""
    host = host.lower().rstrip(".")
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        try:
            if ipaddress.ip_address(host) in ipaddress.ip_network(entry.strip("[]"), strict=False):
                return True
            continue
        except ValueError:
            pass
        name = entry.lstrip(".").rsplit(":", 1)[0] if entry.count(":") == 1 else entry.lstrip(".")
        if host == name or host.endswith("." + name):
            return True
    return False


def _connection(target: _Target, timeout: float) -> http.client.HTTPConnection:
    if target.proxy is None:
        if target.scheme == "https":
            context = ssl.create_default_context()
            return http.client.HTTPSConnection(target.host, target.port, timeout=timeout, context=context)
        return http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    host, port, authorization = target.proxy
    if target.scheme == "https":
        tunnel = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        tunnel.set_tunnel(
            target.host,
            target.port,
            headers={"Proxy-Authorization": authorization} if authorization else None,
        )
        return tunnel
    proxied = _ProxiedConnection(host, port, timeout=timeout)
    proxied.proxy_authorization = authorization
    return proxied


class _ProxiedConnection(http.client.HTTPConnection):
    """Plain http through a proxy: the proxy's own credentials go with the request head."""

    proxy_authorization: str | None = None

    def endheaders(self, message_body: Any = None, *, encode_chunked: bool = False) -> None:
        if self.proxy_authorization:
            self.putheader("Proxy-Authorization", self.proxy_authorization)
        super().endheaders(message_body, encode_chunked=encode_chunked)


# --- credentials: Basic, or Digest (RFC 7616) when the store's challenge asks for it ----------------------


_AUTH_PARAM = re.compile(r'\s*,?\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*))?')
_DIGEST_HASHES: dict[str, Callable[[bytes], Any]] = {
    "MD5": hashlib.md5,
    "SHA-256": hashlib.sha256,
}


def challenges(headers: http.client.HTTPMessage) -> list[tuple[str, dict[str, str]]]:
    """The ``WWW-Authenticate`` challenges of an answer: (scheme in lower case, parameters), in order."""
    found: list[tuple[str, dict[str, str]]] = []
    for value in headers.get_all("WWW-Authenticate") or []:
        for match in _AUTH_PARAM.finditer(value):
            name, raw = match.group(1), match.group(2)
            if raw is None:  # a scheme name starts a challenge
                found.append((name.lower(), {}))
            elif found:
                quoted = raw.startswith('"') and raw.endswith('"') and len(raw) >= 2
                found[-1][1][name.lower()] = re.sub(r"\\(.)", r"\1", raw[1:-1]) if quoted else raw
    return found


@dataclass
class _Auth:
    user: str
    password: str = field(repr=False)
    digest: dict[str, str] | None = None  # the Digest challenge answered; None: Basic
    count: int = 0  # Digest's nonce count

    def take_challenge(self, refusal: _Answer, target: _Target) -> bool:
        """Take up the challenge of a 401: Digest when offered (SHA-256 first), else Basic. True when this
        changes what is sent (Basic becomes Digest, a stale nonce is renewed): worth another try; False: the
        credentials, as they are, were refused. AirolesError for a store that speaks neither scheme."""
        offered = challenges(refusal.headers)
        digests = [params for scheme, params in offered if scheme == "digest" and _digest_usable(params)]
        # SHA-256 first when both are offered (RFC 7616 §3.7); the challenge order otherwise.
        digests.sort(key=lambda params: params.get("algorithm", "MD5").upper().startswith("MD5"))
        if digests:
            changed = self.digest is None or digests[0].get("stale", "").lower() == "true"
            self.digest, self.count = digests[0], 0
            return changed
        if offered and not any(scheme == "basic" for scheme, _ in offered):
            schemes = ", ".join(sorted({scheme for scheme, _ in offered}))
            raise AirolesError(
                f"{target.url}: the store asks for {schemes} authentication; airoles publish speaks Basic "
                "and Digest (MD5, SHA-256)"
            )
        return False

    def header(self, method: str, uri: str, body: bytes | None) -> bytes:
        """The Authorization header's value (bytes: a password need not be Latin-1)."""
        if self.digest is None:
            return b"Basic " + base64.b64encode(f"{self.user}:{self.password}".encode())
        challenge = self.digest
        algorithm = challenge.get("algorithm", "MD5")
        hash_function = _DIGEST_HASHES[algorithm.upper().removesuffix("-SESS")]

        def h(text: str | bytes) -> str:
            return str(hash_function(text.encode() if isinstance(text, str) else text).hexdigest())

        realm, nonce = challenge.get("realm", ""), challenge["nonce"]
        self.count += 1
        nc, cnonce = f"{self.count:08x}", _cnonce()
        ha1 = h(f"{self.user}:{realm}:{self.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        qops = {qop.strip().lower() for qop in challenge.get("qop", "").split(",") if qop.strip()}
        qop = "auth" if "auth" in qops else "auth-int" if "auth-int" in qops else None
        ha2 = h(f"{method}:{uri}:{h(body or b'')}") if qop == "auth-int" else h(f"{method}:{uri}")
        if qop:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
        else:  # RFC 2069, before qop
            response = h(f"{ha1}:{nonce}:{ha2}")
        fields = [
            f"username={_quote(self.user)}",
            f"realm={_quote(realm)}",
            f"nonce={_quote(nonce)}",
            f"uri={_quote(uri)}",
            f"response={_quote(response)}",
            f"algorithm={algorithm}",
        ]
        if "opaque" in challenge:
            fields.append(f"opaque={_quote(challenge['opaque'])}")
        if qop:
            fields += [f"qop={qop}", f"nc={nc}", f"cnonce={_quote(cnonce)}"]
        return ("Digest " + ", ".join(fields)).encode()


def _cnonce() -> str:
    return os.urandom(16).hex()


def _digest_usable(params: Mapping[str, str]) -> bool:
    algorithm = params.get("algorithm", "MD5").upper().removesuffix("-SESS")
    qops = {qop.strip().lower() for qop in params.get("qop", "").split(",") if qop.strip()}
    return (
        "nonce" in params and algorithm in _DIGEST_HASHES and (not qops or bool(qops & {"auth", "auth-int"}))
    )


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _excerpt(text: str, size: int = 300) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "(empty body)"
    return flat if len(flat) <= size else flat[:size] + "…"


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"
