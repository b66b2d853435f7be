"""Linked data at the endpoint (issue 18): our IRIs answer, and the endpoint describes itself.

* ``GET /id/<kind>/<slug>``: what the graph says of ``https://w3id.org/airoles/id/<kind>/<slug>`` (a SPARQL
  ``DESCRIBE``: its triples, and those of its blank nodes), as an HTML page for a browser or as Turtle,
  N-Triples, N-Quads, JSON-LD or RDF/XML (``Accept`` negotiated, ``Vary: Accept``; ``?format=`` overrides
  it, for a link). The same for the vocabulary's terms, ``GET /Role``, and for the ontology itself: ``GET /``
  with an RDF ``Accept``. A name the graph says nothing of is ``404``. So ``https://w3id.org/airoles/id/role/x``
  resolves wherever ``w3id.org/airoles`` redirects to a running endpoint (``docs/w3id/.htaccess``).
* ``GET /query`` with no query: the SPARQL 1.1 Service Description of the endpoint (``sd:Service``), in the
  negotiated RDF format.

The resource's IRI is built from a path that matched a strict pattern (a kind of
:data:`airoles_kg.core.namespaces.KINDS` and a lower-case slug, or a term name) and written into the query
by pyoxigraph's own term writer, which checks it: nothing else of the request reaches the query.
"""

from __future__ import annotations

import html
import re

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS

from airoles_kg.core.namespaces import AIROLES, ID_BASE, KINDS
from airoles_kg.sparql.engine import default_prefixes
from airoles_kg.sparql.protocol import GRAPH_TYPES, Limits, Reply, negotiate, render, run_query, text
from airoles_kg.sparql.upstream import Answer

HTML = "text/html"
# ?format= values, for links (a browser cannot choose its Accept header).
FORMATS = {
    "html": HTML,
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}
# Paths of the endpoint itself, never read as a term of the vocabulary.
RESERVED = frozenset({"query", "sparql", "update", "healthz"})
_INDIVIDUAL = re.compile(r"/id/(?P<kind>[a-z]+)/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)")
_TERM = re.compile(r"/(?P<term>[A-Za-z][A-Za-z0-9]*)")
AIROLES_BASE = str(AIROLES)
_LABELS = (str(SKOS.prefLabel), str(RDFS.label))
SD = "http://www.w3.org/ns/sparql-service-description#"


def resource_iri(path: str) -> str | None:
    """The IRI a request path names: ``/id/<kind>/<slug>`` an individual, ``/<Term>`` a term of the
    vocabulary; None for any other path (and for the endpoint's own paths)."""
    individual = _INDIVIDUAL.fullmatch(path)
    if individual:
        return f"{ID_BASE}{path[len('/id/') :]}" if individual["kind"] in KINDS else None
    term = _TERM.fullmatch(path)
    if term and term["term"].lower() not in RESERVED:
        return f"{AIROLES_BASE}{term['term']}"
    return None


def wants_rdf(accept: str | None, query_format: str | None) -> bool:
    """Whether a request for ``/`` asks for the ontology in RDF rather than for the endpoint's page."""
    return _media_type(accept, query_format) not in (None, HTML)


def _media_type(accept: str | None, query_format: str | None) -> str | None:
    """The media type ``?format=`` names, else the one ``Accept`` prefers among HTML and the RDF formats."""
    if query_format:
        return FORMATS.get(query_format.lower())
    return negotiate(accept, [HTML, *GRAPH_TYPES])


def describe(limits: Limits, iri: str, accept: str | None, query_format: str | None, host: str) -> Reply:
    """What the graph says of ``iri``, in the format asked for; 404 when it says nothing, 406 when no format
    is acceptable. Blocks (the query goes to the Oxigraph server): run it in a worker thread."""
    media_type = _media_type(accept, query_format)
    if media_type is None:
        offered = ", ".join(f"{name} ({media})" for name, media in sorted(FORMATS.items()))
        if query_format:
            return text(400, f"unknown format {query_format!r}; known: {offered}\n", reason="bad format")
        return text(406, f"cannot answer as {accept}; available: {offered}\n", reason="not acceptable")
    query = f"DESCRIBE {ox.NamedNode(iri)}"
    answer = run_query(limits, [("query", query)], host)
    if isinstance(answer, Reply):
        return answer
    if not answer.payload.strip():
        message = f"the graph says nothing of <{iri}>; search it with SPARQL at /query\n"
        return text(404, message, reason="not found")
    if media_type == HTML:
        reply = Reply(200, resource_page(iri, answer), {"Content-Type": "text/html; charset=utf-8"})
    else:
        reply = render(answer, media_type, limits.limit)
    reply.headers["Vary"] = "Accept"
    reply.headers["Link"] = links(iri)
    return reply


def links(iri: str) -> str:
    """The ``Link`` header of a description (RFC 8288): the thing it describes, and the same description in
    each other format (so that a client that got one finds the others)."""
    path = local_path(iri) or ""
    alternates = [
        f'<{path}?format={name}>; rel="alternate"; type="{FORMATS[name]}"'
        for name in ("html", "ttl", "nt", "nq", "jsonld", "rdf")
    ]
    return ", ".join([f'<{iri}>; rel="describes"', *alternates])


def local_path(iri: str) -> str | None:
    """The endpoint's path for one of our IRIs (so that a page links within the endpoint), else None."""
    if iri.startswith(AIROLES_BASE):
        path = "/" + iri[len(AIROLES_BASE) :]
        return path if resource_iri(path) is not None or path == "/" else None
    return None


def _short(iri: str, prefixes: dict[str, str]) -> str:
    """A CURIE for ``iri`` when one of the default prefixes fits, else the IRI."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _term_html(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, prefixes: dict[str, str]) -> str:
    """One term as HTML: a link for an IRI (within the endpoint for ours), a literal with its language."""
    if isinstance(term, ox.NamedNode):
        shown = html.escape(_short(term.value, prefixes))
        href = html.escape(local_path(term.value) or term.value, quote=True)
        return f'<a href="{href}">{shown}</a>'
    if isinstance(term, ox.Literal):
        value = html.escape(term.value)
        if term.language:
            lang = html.escape(term.language, quote=True)
            return f'<span lang="{lang}">{value}</span> <small>@{lang}</small>'
        datatype = term.datatype.value
        if datatype.endswith("#string"):
            return value
        return f"{value} <small>{html.escape(_short(datatype, prefixes))}</small>"
    return html.escape(str(term))


def resource_page(iri: str, answer: Answer) -> bytes:
    """The HTML page of a resource: its name, then each property with its values (sorted, so the same graph
    gives the same page), and links to the same description in RDF."""
    prefixes = default_prefixes()
    triples = list(ox.parse(answer.payload, ox.RdfFormat.N_TRIPLES))
    names = {
        (t.predicate.value, t.object.language or ""): t.object.value
        for t in triples
        if t.subject == ox.NamedNode(iri)
        and t.predicate.value in _LABELS
        and isinstance(t.object, ox.Literal)
    }
    title = next(
        (names[(p, lang)] for lang in ("en", "fr", "") for p in _LABELS if (p, lang) in names),
        _short(iri, prefixes),
    )
    rows: dict[tuple[str, str], list[str]] = {}
    for triple in triples:
        subject = "" if triple.subject == ox.NamedNode(iri) else str(triple.subject)
        rows.setdefault((subject, triple.predicate.value), []).append(_term_html(triple.object, prefixes))
    body = []
    for (subject, predicate), values in sorted(rows.items()):
        owner = f"{html.escape(subject)} " if subject else ""
        shown = "<br>".join(sorted(values))
        name = _term_html(ox.NamedNode(predicate), prefixes)
        body.append(f"<tr><th scope=row>{owner}{name}</th><td>{shown}</td></tr>")
    path = local_path(iri) or ""
    formats = " · ".join(
        f'<a href="{html.escape(path, quote=True)}?format={name}">{label}</a>'
        for name, label in (
            ("ttl", "Turtle"),
            ("nt", "N-Triples"),
            ("nq", "N-Quads"),
            ("jsonld", "JSON-LD"),
            ("rdf", "RDF/XML"),
        )
    )
    page = (
        '<!doctype html><html lang="en"><meta charset=utf-8>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} — airoles</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}"
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem;"
        "border-bottom:1px solid #ddd}th{width:30%;font-weight:600}a{color:#0b4f9c}small{color:#555}</style>"
        f"<h1>{html.escape(title)}</h1><p><code>{html.escape(iri)}</code></p>"
        f"<table>{''.join(body)}</table>"
        f"<p>The same description in {formats}; the whole graph at <a href=/query>/query</a> (SPARQL).</p>"
        "</html>"
    )
    return page.encode("utf-8")


def service_description(url: str, limits: Limits, accept: str | None) -> Reply:
    """The SPARQL 1.1 Service Description of the endpoint at ``url``, in the RDF format ``accept`` prefers."""
    service = ox.BlankNode("service")
    sd = ox.NamedNode
    triples = [
        ox.Triple(service, sd(str(RDF.type)), sd(f"{SD}Service")),
        ox.Triple(service, sd(f"{SD}endpoint"), sd(url)),
        ox.Triple(service, sd(f"{SD}supportedLanguage"), sd(f"{SD}SPARQL11Query")),
    ]
    if limits.allowed_services:  # SERVICE clauses only towards the endpoints allowed
        triples.append(ox.Triple(service, sd(f"{SD}feature"), sd(f"{SD}BasicFederatedQuery")))
    formats = {
        "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
        "http://www.w3.org/ns/formats/SPARQL_Results_XML",
        "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
        "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
        "http://www.w3.org/ns/formats/Turtle",
        "http://www.w3.org/ns/formats/N-Triples",
        "http://www.w3.org/ns/formats/N-Quads",
        "http://www.w3.org/ns/formats/JSON-LD",
        "http://www.w3.org/ns/formats/RDF_XML",
    }
    triples += [ox.Triple(service, sd(f"{SD}resultFormat"), sd(f)) for f in sorted(formats)]
    comment = (
        f"airoles knowledge graph, read-only: {limits.timeout:g} s per query, at most {limits.limit} rows or "
        "triples per result (header Airoles-Truncated: true when a result is cut)."
    )
    triples.append(ox.Triple(service, sd(str(RDFS.comment)), ox.Literal(comment, language="en")))
    payload = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return document(payload or b"", accept, limits.limit)


def document(ntriples: bytes, accept: str | None, limit: int) -> Reply:
    """A description the endpoint holds (not a query's result: no result-limit headers), given as
    N-Triples, in the RDF format ``accept`` prefers."""
    reply = render(Answer("graph", ntriples), accept, limit)
    reply.headers.pop("Airoles-Result-Limit", None)
    reply.headers.pop("Airoles-Truncated", None)
    return reply
