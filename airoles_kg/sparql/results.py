"""Render a :class:`airoles_kg.sparql.engine.Result` for people (an aligned table) or programs (W3C formats,
RDF).

SELECT: ``table`` (default), ``csv``, ``tsv``, ``json``, ``xml`` (the W3C SPARQL 1.1 results formats).
ASK: ``true``/``false`` (``json``/``xml``: the W3C boolean result). CONSTRUCT/DESCRIBE: ``turtle``
(default), ``jsonld`` (compacted, with an inline ``@context``: nothing is fetched), ``nt``, or ``table``
(one row per triple).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.store import serialized
from airoles_kg.core.terms import to_oxigraph_triple
from airoles_kg.sparql.engine import Result, default_prefixes

SELECT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS: tuple[str, ...] = ("turtle", "jsonld", "nt")
FORMATS: tuple[str, ...] = ("table", *SELECT_FORMATS, *GRAPH_FORMATS)

_XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN_DATATYPES = {f"{_XSD}{name}" for name in ("string", "integer", "decimal", "double", "boolean")}


def render(result: Result, fmt: str | None = None, prefixes: Mapping[str, str] | None = None) -> bytes:
    """The bytes to print for ``result`` in format ``fmt`` (None: the default for the query form)."""
    prefixes = dict(prefixes) if prefixes is not None else default_prefixes()
    if fmt is not None and fmt not in FORMATS:
        raise AirolesError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if result.kind == "ask":
        if fmt in ("json", "xml"):
            answer = ox.parse_query_results(result.data, ox.QueryResultsFormat.JSON)
            return serialized(answer.serialize(format=SELECT_FORMATS[fmt]))
        if fmt in GRAPH_FORMATS:
            raise AirolesError(
                f"--format {fmt} is for CONSTRUCT/DESCRIBE results; an ASK query answers true/false"
            )
        return b"true\n" if result.boolean else b"false\n"
    if result.kind == "select":
        if fmt in GRAPH_FORMATS:
            raise AirolesError(
                f"--format {fmt} is for CONSTRUCT/DESCRIBE results; a SELECT query gives "
                "table, csv, tsv, json or xml"
            )
        if fmt in SELECT_FORMATS:
            return serialized(result.solutions().serialize(format=SELECT_FORMATS[fmt]))
        solutions = result.solutions()
        header = [f"?{v.value}" for v in solutions.variables]
        rows = [[cell(term, prefixes) for term in solution] for solution in solutions]
        return table(header, rows).encode("utf-8")
    # CONSTRUCT / DESCRIBE
    if fmt in SELECT_FORMATS:
        raise AirolesError(
            f"--format {fmt} is for SELECT results; a CONSTRUCT/DESCRIBE query gives "
            "turtle, jsonld, nt or table"
        )
    if fmt == "nt":
        return result.data
    triples = result.triples()
    if fmt == "table":
        rows = [[cell(term, prefixes) for term in (t.subject, t.predicate, t.object)] for t in triples]
        return table(["subject", "predicate", "object"], rows).encode("utf-8")
    if fmt == "jsonld":
        return jsonld(result.graph(), prefixes)
    used = used_prefixes(triples, prefixes)
    return serialized(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used))


def jsonld(graph: Graph, prefixes: Mapping[str, str]) -> bytes:
    """Compacted JSON-LD with an inline ``@context`` holding the prefixes the graph uses (nothing remote)."""
    triples = [to_oxigraph_triple(s, p, o) for s, p, o in graph]
    context = used_prefixes(triples, prefixes)
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=2)
    json.loads(text)  # a sanity check: the output must be JSON
    return (text.rstrip("\n") + "\n").encode("utf-8")


def used_prefixes(triples: Sequence[ox.Triple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes that shorten at least one IRI of ``triples`` to a CURIE (so the output stays short)."""
    iris: set[str] = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and not term.language:
                iris.add(term.datatype.value)
    used = {curie(iri, prefixes).partition(":")[0] for iri in iris}
    return {p: ns for p, ns in prefixes.items() if p in used}


def curie(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` as ``prefix:local`` using the longest matching namespace, else ``<iri>``."""
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            local = iri[len(ns) :]
            if local and all(ch.isalnum() or ch in "-_." for ch in local) and not local.endswith("."):
                best = prefix
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else f"<{iri}>"


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def cell(term: Term | None, prefixes: Mapping[str, str]) -> str:
    """One table cell: IRIs as CURIEs, literals as their text (``@lang`` after language-tagged ones)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        text = " ".join(term.value.split())  # one line per row: newlines and tabs become spaces
        if term.language:
            return f"{text} @{term.language}"
        if term.datatype.value in _PLAIN_DATATYPES:
            return text
        return f"{text} ^^{curie(term.datatype.value, prefixes)}"
    if isinstance(term, ox.Triple):
        inner = " ".join(cell(t, prefixes) for t in (term.subject, term.predicate, term.object))
        return f"<< {inner} >>"
    return str(term)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned text table with a rule under the header and a row count."""
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"
