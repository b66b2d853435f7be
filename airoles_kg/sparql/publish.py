"""Publish the graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT`` of the whole graph to ``URL?graph=IRI`` (or ``URL?default``) replaces that graph in a single
request, so readers see the old graph or the new one, never half of it (Fuseki, GraphDB, Virtuoso, Oxigraph
apply a PUT in one transaction). Credentials come from the environment only (``AIROLES_PUBLISH_USER``,
``AIROLES_PUBLISH_PASSWORD``), never from the command line, and are never printed.

libcurl (pycurl) does the exchange, so that a refusal costs no upload: a body-less ``HEAD`` learns whether
the store wants credentials (Basic, or Digest as Virtuoso asks) and checks them, then the ``PUT`` sends
``Expect: 100-continue`` and its body only after ``100 Continue`` or ``EXPECT_WAIT`` s of silence (a final
answer to its head means no body). The HEAD is for Virtuoso 7.2, which answers 100 to every PUT before it
checks the credentials: a PUT left to learn of Digest or of a wrong password sent it up to 230 KB of body.
"""

from __future__ import annotations

import email.message
import errno
import io
import math
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pycurl
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
_MAX_ERROR_BODY = 64 * 1024  # what is kept of an error answer, for its excerpt
_SCHEMES = pycurl.HTTPAUTH_BASIC | pycurl.HTTPAUTH_DIGEST
_TLS_ERRORS = {pycurl.E_SSL_CONNECT_ERROR, pycurl.E_PEER_FAILED_VERIFICATION, pycurl.E_SSL_CACERT_BADFILE}
_UNREACHABLE = {pycurl.E_COULDNT_RESOLVE_PROXY, pycurl.E_COULDNT_RESOLVE_HOST, pycurl.E_COULDNT_CONNECT}


@dataclass(frozen=True)
class Published:
    """The outcome of a successful publication."""

    url: str
    triples: int
    status: int
    # How many times the body was sent: 2 when the PUT itself was challenged (a stale Digest nonce).
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
    credentials and the proxy settings. ``timeout`` bounds the connection and any stall of the exchange.
    Raises AirolesError (exit 2) when the store cannot be reached, refuses the credentials (401/403) or
    answers another error (with an excerpt of its message).
    """
    iri = str(expand_iri(graph_iri, graph)) if graph_iri else None
    url = target_url(endpoint, iri)
    env = os.environ if environ is None else environ
    login = credentials(env)
    body = _Body(graph.serialize(format="nt", encoding="utf-8"))
    curl = _curl(url, env, timeout, login)
    try:
        answer = _exchange(curl, url, body, login is not None, expect_wait)
    except pycurl.error as exc:
        raise _failure(endpoint, timeout, curl, exc) from exc
    finally:
        curl.close()
    if answer.status in (401, 403):
        hint = (
            "the credentials in the environment were refused"
            if login
            else f"the store asks for credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
        raise AirolesError(f"{url}: HTTP {answer.status} {answer.reason}: {hint}")
    if not 200 <= answer.status < 300:
        raise AirolesError(f"{url}: HTTP {answer.status} {answer.reason}: {_excerpt(answer.text)}")
    return Published(url=url, triples=len(graph), status=answer.status, uploads=body.uploads)


def _curl(url: str, env: Mapping[str, str], timeout: float, login: tuple[str, str] | None) -> pycurl.Curl:
    curl = pycurl.Curl()
    curl.setopt(pycurl.URL, url)
    curl.setopt(pycurl.USERAGENT, USER_AGENT)
    curl.setopt(pycurl.HTTP_VERSION, pycurl.CURL_HTTP_VERSION_1_1)
    curl.setopt(pycurl.FOLLOWLOCATION, 0)
    curl.setopt(pycurl.NOSIGNAL, 1)
    # The authorities Python's ssl trusts (SSL_CERT_FILE, SSL_CERT_DIR, else the system's): the wheel's
    # libcurl would look for Red Hat's bundle (/etc/pki/tls/certs/ca-bundle.crt).
    authorities = ssl.get_default_verify_paths()
    curl.setopt(pycurl.CAINFO, authorities.cafile)
    curl.setopt(pycurl.CAPATH, authorities.capath)
    # ``timeout`` to connect, then to any stall (under 1 byte/s): a long upload that moves is not cut.
    curl.setopt(pycurl.CONNECTTIMEOUT_MS, max(1, round(timeout * 1000)))
    curl.setopt(pycurl.LOW_SPEED_LIMIT, 1)
    curl.setopt(pycurl.LOW_SPEED_TIME, max(1, math.ceil(timeout)))

    # The proxy that ``env`` names (libcurl would read os.environ), lower-case names first: "" for none.
    def variable(name: str) -> str:
        return env.get(name) or env.get(name.upper()) or ""

    curl.setopt(pycurl.PROXY, variable(f"{urlsplit(url).scheme}_proxy") or variable("all_proxy"))
    curl.setopt(pycurl.NOPROXY, variable("no_proxy"))
    if login is not None:
        curl.setopt(pycurl.USERNAME, login[0].encode())
        curl.setopt(pycurl.PASSWORD, login[1].encode())
        curl.setopt(pycurl.HTTPAUTH, _SCHEMES)  # asked first, then answered: Digest when offered
    return curl


def _exchange(curl: pycurl.Curl, url: str, body: _Body, login: bool, expect_wait: float) -> _Answer:
    """The final answer to the PUT, or to the HEAD that asked for the credentials or refused them."""
    curl.setopt(pycurl.NOBODY, 1)
    probe = _perform(curl, url, login)
    if probe.status == 401:
        return probe
    # The scheme that passed the HEAD (libcurl keeps Digest's nonce), else Basic at once with the PUT.
    digest = _offered(curl, pycurl.HTTPAUTH_DIGEST)
    if login:
        curl.setopt(pycurl.HTTPAUTH, pycurl.HTTPAUTH_DIGEST if digest else pycurl.HTTPAUTH_BASIC)
    # Forced (libcurl adds it to bodies over 1 MB only), but none without content or to HTTP/1.0 (RFC 9110).
    expect = "Expect: 100-continue" if body.size and probe.version >= 11 else "Expect:"
    curl.setopt(pycurl.HTTPHEADER, [f"Content-Type: {CONTENT_TYPE}", expect])
    curl.setopt(pycurl.EXPECT_100_TIMEOUT_MS, max(1, round(expect_wait * 1000)))
    curl.setopt(pycurl.NOBODY, 0)
    curl.setopt(pycurl.UPLOAD, 1)
    curl.setopt(pycurl.INFILESIZE_LARGE, body.size)
    curl.setopt(pycurl.READFUNCTION, body.read)
    curl.setopt(pycurl.SEEKFUNCTION, body.seek)  # to send it again, for a stale nonce
    answer = _perform(curl, url, login)
    # A store that asks for Digest on PUT only refuses the Basic one on its head (no body went): again.
    if answer.status == 401 and login and not digest and _offered(curl, pycurl.HTTPAUTH_DIGEST):
        curl.setopt(pycurl.HTTPAUTH, pycurl.HTTPAUTH_DIGEST)
        answer = _perform(curl, url, login)
    return answer


@dataclass
class _Answer:
    """The last answer libcurl saw: its status line, its challenges, the start of its body if an error."""

    status: int = 0
    reason: str = ""
    version: int = 11  # 10 for HTTP/1.0, 11 for HTTP/1.1
    challenges: list[str] = field(default_factory=list)  # the WWW-Authenticate values
    body: bytearray = field(default_factory=bytearray)
    text: str = ""  # the body decoded, for its excerpt

    def header(self, line: bytes) -> None:
        text = line.decode("latin-1").strip()
        if text.startswith("HTTP/"):  # a new answer: 100 Continue, a challenge, the final one
            protocol, code, self.reason = (text.split(None, 2) + [""])[:3]
            self.status, self.version = int(code), 10 if protocol == "HTTP/1.0" else 11
            self.challenges, self.body = [], bytearray()
        elif text.lower().startswith("www-authenticate:"):
            self.challenges.append(text.partition(":")[2].strip())

    def write(self, data: bytes) -> None:
        if not 200 <= self.status < 300 and len(self.body) < _MAX_ERROR_BODY:
            self.body += data[: _MAX_ERROR_BODY - len(self.body)]


def _perform(curl: pycurl.Curl, url: str, login: bool) -> _Answer:
    """One request (two when libcurl answers a challenge). AirolesError for a redirect (credentials and body
    would go where the user did not point) or a challenge neither Basic nor Digest, with credentials set."""
    answer = _Answer()
    curl.setopt(pycurl.HEADERFUNCTION, answer.header)
    curl.setopt(pycurl.WRITEFUNCTION, answer.write)
    curl.perform()
    message = email.message.Message()
    message["Content-Type"] = curl.getinfo(pycurl.CONTENT_TYPE) or ""
    try:
        answer.text = answer.body.decode(message.get_content_charset() or "utf-8", errors="replace")
    except LookupError:
        answer.text = answer.body.decode("utf-8", errors="replace")
    if 300 <= answer.status < 400 and (location := curl.getinfo(pycurl.REDIRECT_URL)):
        raise AirolesError(
            f"{url}: HTTP {answer.status} {answer.reason}: the store redirects to {location}; "
            "give that endpoint as --endpoint"
        )
    schemes = sorted({challenge.split()[0].lower() for challenge in answer.challenges if challenge.strip()})
    if answer.status == 401 and login and schemes and not _offered(curl, _SCHEMES):
        raise AirolesError(
            f"{url}: the store asks for {', '.join(schemes)} authentication; airoles publish speaks Basic "
            "and Digest"
        )
    return answer


def _offered(curl: pycurl.Curl, schemes: int) -> bool:
    """Whether the challenges libcurl last saw offer one of ``schemes``."""
    return bool(curl.getinfo(pycurl.HTTPAUTH_AVAIL) & schemes)


class _Body:
    """The body as libcurl reads it, from memory: ``uploads`` counts the times it was started."""

    def __init__(self, data: bytes) -> None:
        self.size, self.uploads, self._stream = len(data), 0, io.BytesIO(data)

    def read(self, size: int) -> bytes:
        self.uploads += self._stream.tell() == 0 and size > 0 and self.size > 0
        return self._stream.read(size)

    def seek(self, offset: int, origin: int) -> int:
        self._stream.seek(offset, origin)
        return int(pycurl.SEEKFUNC_OK)


def _failure(endpoint: str, timeout: float, curl: pycurl.Curl, exc: pycurl.error) -> AirolesError:
    code, message = exc.args
    if code == pycurl.E_COULDNT_CONNECT and curl.getinfo(pycurl.OS_ERRNO) == errno.ECONNREFUSED:
        return AirolesError(f"cannot reach {endpoint}: connection refused")
    if code == pycurl.E_OPERATION_TIMEDOUT:
        return AirolesError(f"{endpoint} did not answer within {timeout:g} s")
    if code == pycurl.E_GOT_NOTHING:
        return AirolesError(f"cannot publish to {endpoint}: the store closed the connection")
    short = message if len(message) <= 200 else message[:200] + "…"
    if code in _TLS_ERRORS or code in _UNREACHABLE:
        return AirolesError(f"cannot reach {endpoint}: {'TLS: ' if code in _TLS_ERRORS else ''}{short}")
    return AirolesError(f"cannot publish to {endpoint}: {short}")


def _excerpt(text: str, size: int = 300) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "(empty body)"
    return flat if len(flat) <= size else flat[:size] + "…"
