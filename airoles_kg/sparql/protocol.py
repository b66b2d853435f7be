"""The SPARQL 1.1 Protocol's query operation, as plain functions: what the endpoint answers, not how.

:func:`answer_query` checks a query, sends it to the Oxigraph server
(:func:`airoles_kg.sparql.upstream.fetch`), restarts that server when the query ran past the time limit, and
renders the answer in the negotiated format (:func:`negotiate`): the server's own bytes for SPARQL JSON
results and N-Triples (what it is asked for), a conversion of at most ``limit`` rows for the other formats.
It blocks (an upstream HTTP call, then any conversion), so the HTTP front (:mod:`airoles_kg.sparql.front`)
runs it in a worker thread, never on its event loop; and because the restart happens here, in that thread,
it happens whether or not the client is still there to be told. Its busiest request, ``GET /query``, takes
the same steps from the event loop instead (:func:`airoles_kg.sparql.exchange.answer_query_async`, built of
:func:`query_form`, :func:`failure`, :func:`checked` and :func:`render`). Everything returns a
:class:`Reply`; the front adds the CORS headers.
"""

from __future__ import annotations

import html
import http.client
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.core.store import serialized
from airoles_kg.sparql.engine import default_prefixes
from airoles_kg.sparql.federation import FederationRefused, refuse_federation
from airoles_kg.sparql.results import jsonld, used_prefixes
from airoles_kg.sparql.upstream import Answer, QueryTimedOut, Upstream, fetch

# Media types offered, in order of preference when the client accepts anything.
SELECT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
ASK_TYPES: dict[str, ox.QueryResultsFormat] = {
    k: v for k, v in SELECT_TYPES.items() if v in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
}
GRAPH_TYPES: dict[str, ox.RdfFormat | None] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    # The default graph's triples, one N-Quads line each (the N-Triples lines), written by pyoxigraph.
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": None,  # JSON-LD compacted with an inline context
    # (airoles_kg.sparql.results.jsonld)
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
EXPOSED_HEADERS = "Airoles-Result-Limit, Airoles-Truncated"

# A Host header we pass on to the Oxigraph server as the base of relative IRIs: a DNS name or an IP literal,
# with an optional port. Anything else (a path, spaces, userinfo) is replaced by the endpoint's own address.
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)


@dataclass
class Reply:
    """An HTTP answer: status, body, and the headers besides the CORS ones."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None  # why a 4xx/5xx, for the access log (airoles_kg.sparql.access)


@dataclass(frozen=True)
class Limits:
    """What every query of one endpoint is held to."""

    upstream: Upstream
    timeout: float
    limit: int
    allowed_services: tuple[str, ...] = ()


def text(
    status: int, message: str, extra: Mapping[str, str] | None = None, reason: str | None = None
) -> Reply:
    """A ``text/plain`` reply (``message`` ends with a newline); ``reason``: why, for the access log."""
    headers = {"Content-Type": "text/plain; charset=utf-8", **(extra or {})}
    return Reply(status, message.encode("utf-8"), headers, reason)


def public_host(header: str | None, fallback: str) -> str:
    """The ``Host`` the client addressed if it is a plain host[:port], else ``fallback`` (the endpoint's)."""
    if header and _HOST.fullmatch(header.strip()):
        return header.strip()
    return fallback


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header prefers (None: nothing acceptable)."""
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q))
    best: tuple[float, int, str] | None = None
    for index, media_type in enumerate(offered):
        main = media_type.split("/")[0]
        # The most specific matching range decides the quality of this type.
        matches = [
            (3 if m == media_type else 2 if m == f"{main}/*" else 1, q)
            for m, q in ranges
            if m in (media_type, f"{main}/*", "*/*")
        ]
        if not matches:
            continue
        q = max(matches)[1]
        if q > 0 and (best is None or q > best[0]):
            best = (q, index, media_type)
    return best[2] if best else None


def query_form(limits: Limits, params: Mapping[str, list[str]]) -> list[tuple[str, str]] | Reply:
    """The protocol form to send upstream for ``params`` (``query``, ``default-graph-uri``,
    ``named-graph-uri``), or the 400 that says why there is none (no query, several, a refused
    ``SERVICE``)."""
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        return text(400, "give exactly one non-empty 'query' parameter\n", reason="no query")
    try:
        refuse_federation(queries[0], limits.allowed_services)
    except FederationRefused as exc:
        return text(400, f"{exc}\n", reason="federation refused")
    form = [("query", queries[0])]
    for key in ("default-graph-uri", "named-graph-uri"):
        form += [(key, value) for value in params.get(key, [])]
    return form


def answer_query(limits: Limits, params: Mapping[str, list[str]], accept: str | None, host: str) -> Reply:
    """Run the query of ``params`` (``query``, ``default-graph-uri``, ``named-graph-uri``) on the Oxigraph
    server and render its answer for ``accept``; ``host`` is the base's host (:func:`public_host`).

    Blocks: run it in a worker thread. A query past the time limit gets 503, and the server running it is
    restarted before this returns, so the runaway query stops even when nobody reads the 503.
    (:func:`airoles_kg.sparql.exchange.answer_query_async` is the same from the event loop.)
    """
    form = query_form(limits, params)
    if isinstance(form, Reply):
        return form
    answer = run_query(limits, form, host)
    if isinstance(answer, Reply):
        return answer
    return render(answer, accept, limits.limit)


def run_query(limits: Limits, form: list[tuple[str, str]], host: str) -> Answer | Reply:
    """Send the protocol ``form`` (``query``, and any ``default-graph-uri`` / ``named-graph-uri``) to the
    Oxigraph server: its answer, or the :class:`Reply` that says why there is none (time limit, server
    restarted or unreachable, the query's own error). Blocks; restarts a runaway query's server first.
    """
    upstream = limits.upstream
    port, generation = upstream.address()
    try:
        answer = fetch(
            port, form, limits.timeout, limits.limit, host=host, pool=upstream.pool, generation=generation
        )
    except (QueryTimedOut, OSError, http.client.HTTPException) as exc:
        return failure(limits, generation, exc)
    return checked(answer)


def failure(limits: Limits, generation: int, exc: Exception) -> Reply:
    """The reply to a query sent to the server of ``generation`` that failed with ``exc``
    (:class:`QueryTimedOut`, OSError or an HTTP error). Blocks: restarts the server first when the query ran
    past the time limit, or when the server has died."""
    upstream = limits.upstream
    if upstream.closed:
        return text(503, "the endpoint is stopping\n", reason="stopping")
    if isinstance(exc, QueryTimedOut):
        # Restart first, reply after: the reply may go nowhere (the client left), the restart must happen.
        upstream.restart(generation)
        return text(
            503,
            f"the query exceeded the time limit of {limits.timeout:g} s and was stopped\n",
            extra={"Retry-After": "1"},
            reason="timeout",
        )
    if upstream.address()[1] != generation:
        return text(
            503,
            "the SPARQL server was restarted to stop a runaway query; please retry\n",
            extra={"Retry-After": "1"},
            reason="restarted for a runaway query",
        )
    if upstream.alive() is None:
        # The server has died (killed, out of memory): start another for the next queries, as after a
        # runaway one (restart does nothing if another thread has already restarted it).
        upstream.restart(generation)
        message = "the SPARQL server had stopped and was restarted; please retry\n"
        return text(503, message, {"Retry-After": "1"}, reason="upstream died")
    return text(502, f"the SPARQL server did not answer: {exc}\n", reason="upstream unreachable")


def checked(answer: Answer) -> Answer | Reply:
    """``answer``, or the reply carrying the server's own error message when it is one."""
    if answer.kind == "error":
        # Oxigraph's 400 is the query's fault (a syntax error, an unknown prefix); anything else is its own.
        why = "query error" if 400 <= answer.status < 500 else "upstream error"
        message = answer.payload.decode("utf-8", errors="replace").rstrip("\n") + "\n"
        return text(answer.status, message, reason=why)
    return answer


# What the Oxigraph server is asked for (SPARQL JSON results, N-Triples): sent on as it came, not converted.
_AS_SERVED = (ox.QueryResultsFormat.JSON, ox.RdfFormat.N_TRIPLES)


def _negotiated(answer: Answer, accept: str | None) -> tuple[str, object] | Reply:
    """The media type of ``answer``'s kind that ``accept`` prefers and its pyoxigraph format (None: JSON-LD),
    or the 406 when none is acceptable."""
    by_kind: dict[str, Mapping[str, object]] = {
        "select": SELECT_TYPES,
        "ask": ASK_TYPES,
        "graph": GRAPH_TYPES,
    }
    offered = by_kind[answer.kind]
    media_type = negotiate(accept, list(offered))
    if media_type is None:
        message = f"cannot answer this query as {accept}; available: {', '.join(offered)}\n"
        return text(406, message, reason="not acceptable")
    return media_type, offered[media_type]


def passes_through(answer: Answer, accept: str | None) -> bool:
    """Whether :func:`render` sends ``answer`` as the server wrote it for ``accept`` (no conversion: cheap
    enough for the event loop), rather than converting it (a worker thread's job)."""
    negotiated = _negotiated(answer, accept)
    return isinstance(negotiated, Reply) or negotiated[1] in _AS_SERVED


def render(answer: Answer, accept: str | None, limit: int) -> Reply:
    """``answer`` in the format ``accept`` prefers (406 when none is acceptable)."""
    negotiated = _negotiated(answer, accept)
    if isinstance(negotiated, Reply):
        return negotiated
    media_type, fmt = negotiated
    if fmt in _AS_SERVED:
        body = answer.payload
    elif fmt is None:  # JSON-LD, written by rdflib from the N-Triples
        graph = Graph()
        if answer.payload.strip():
            graph.parse(data=answer.payload, format="nt")
        body = jsonld(graph, default_prefixes())
    elif isinstance(fmt, ox.RdfFormat):
        triples = list(ox.parse(answer.payload, ox.RdfFormat.N_TRIPLES))
        used = used_prefixes(triples, default_prefixes())
        body = serialized(ox.serialize(triples, format=fmt, prefixes=used))
    else:
        assert isinstance(fmt, ox.QueryResultsFormat)
        results = ox.parse_query_results(answer.payload, ox.QueryResultsFormat.JSON)
        body = serialized(results.serialize(format=fmt))
    textual = media_type.startswith("text/") or "json" in media_type or "xml" in media_type
    charset = "; charset=utf-8" if textual else ""
    headers = {
        "Content-Type": f"{media_type}{charset}",
        "Vary": "Accept",
        "Airoles-Result-Limit": str(limit),
        "Airoles-Truncated": "true" if answer.truncated else "false",
    }
    return Reply(200, body, headers)


# The files of the YASGUI editor that the Oxigraph server bundles (offline), passed through by the front.
YASGUI_FILES = {
    "/yasgui.min.js": "application/javascript",
    "/yasgui.min.css": "text/css",
    "/logo.svg": "image/svg+xml",
}
# The prefixes declared in YASGUI's first query (the endpoint knows them all: docs/sparql.md).
_EDITOR_PREFIXES = ("airoles", "rdf", "rdfs", "skos", "prov", "dcterms", "role", "skill", "esco")
# Where YASGUI's prefix autocompletion reads its prefixes (prefix.cc's format), instead of prefix.cc.
PREFIXES_PATH = "/prefixes.json"
# YASGUI's first query in a new tab (the prefixes are added before it).
_FIRST_QUERY = """SELECT ?role ?name WHERE {
  ?role a airoles:Role ; skos:prefLabel ?name .
  FILTER(lang(?name) = "en")
}
ORDER BY ?name ?role
LIMIT 50"""


def _script_json(value: object) -> str:
    """``value`` as JSON that can sit inside a ``<script>`` element (no ``</script>`` can end it early)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def info_page(url: str, timeout: float, limit: int, max_per_client: int) -> Reply:
    """The HTML page at ``/``: the YASGUI query editor (the copy the Oxigraph server bundles, served from
    here: nothing is fetched elsewhere), pointed at ``url`` with our prefixes, above the endpoint's limits."""
    prefixes = default_prefixes()
    shown = [name for name in _EDITOR_PREFIXES if name in prefixes]
    declared = "".join(f"PREFIX {name}: <{prefixes[name]}>\n" for name in shown)
    config = {
        "requestConfig": {"endpoint": url, "method": "POST"},
        # Only our endpoint; no autocompleter that asks a remote service: the prefixes are ours
        # (PREFIXES_PATH, not prefix.cc), and the class and property ones (LOV) are left out.
        "endpointCatalogueOptions": {"keys": []},
        "copyEndpointOnNewTab": False,
        "yasqe": {
            "value": declared + "\n" + _FIRST_QUERY,
            "autocompleters": ["variables", "prefixes"],
            "prefixCcApi": PREFIXES_PATH,
        },
        "persistenceId": "airoles",
    }
    body = (
        '<!doctype html><html lang="en"><head><meta charset=utf-8>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>airoles SPARQL endpoint</title>"
        '<link href="/yasgui.min.css" rel="stylesheet" type="text/css">'
        '<script src="/yasgui.min.js"></script><link rel="icon" type="image/svg+xml" href="/logo.svg">'
        "<style>body{font-family:sans-serif;margin:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}"
        "code,pre{background:#f3f3f3}</style></head><body>"
        "<h1>airoles SPARQL endpoint</h1>"
        f"<p>SPARQL 1.1 Protocol, read-only: <code>{html.escape(url)}</code> (GET or POST). "
        f"Limits: {timeout:g} s per query, {limit} rows or triples per result (header "
        f"<code>Airoles-Truncated: true</code> when a result is cut), {max_per_client} queries at once per "
        "client address (429 beyond). Our IRIs answer here too: <code>/id/role/chef-de-projet-ia</code>.</p>"
        '<div id="yasgui"></div>'
        f"<script>new Yasgui(document.getElementById('yasgui'), {_script_json(config)});</script>"
        f"<pre>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' "
        f"{html.escape(url)}</pre></body></html>"
    ).encode()
    return Reply(200, body, {"Content-Type": "text/html; charset=utf-8"})


def prefixes_json() -> Reply:
    """The prefixes the endpoint knows, as prefix.cc's ``{"prefix": "namespace"}`` (for YASGUI)."""
    body = json.dumps(dict(sorted(default_prefixes().items())), indent=1).encode()
    return Reply(200, body, {"Content-Type": "application/json"})
