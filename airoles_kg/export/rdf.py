"""Deterministic RDF serializations: Turtle, N-Triples, RDF/XML and JSON-LD (with an inline ``@context``).

Reproducible output: blank nodes get content-derived labels (:func:`canonical_graph`, RDFC-1.0) and
triples are written in sorted order, so the same triples always give the same bytes. Turtle, N-Triples and
RDF/XML are written by pyoxigraph (fast, literals written exactly as read), JSON-LD by
:func:`jsonld_document` (below): one node object per subject, compact IRIs from the graph's prefixes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import PREFIXES
from airoles_kg.core.store import serialized
from airoles_kg.core.terms import to_oxigraph, to_rdflib

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF export format: CLI name, file extension, media type."""

    name: str
    extension: str
    media_type: str


RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("turtle", "ttl", "text/turtle"),
        RdfFormat("ntriples", "nt", "application/n-triples"),
        RdfFormat("rdfxml", "rdf", "application/rdf+xml"),
        RdfFormat("jsonld", "jsonld", "application/ld+json"),
    )
}


class CanonicalGraph:
    """A graph prepared once for several serializations: canonical blank nodes, sorted triples, prefixes."""

    def __init__(self, graph: Graph) -> None:
        self.triples: list[Triple] = sorted(canonical_triples(graph), key=_sort_key)
        # The graph's prefixes, overridden by ours (as bind_prefixes does); one prefix per namespace.
        ours = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        prefixes = {
            prefix: str(ns)
            for prefix, ns in graph.namespaces()
            if prefix and prefix not in ours and str(ns) not in ours.values()
        }
        self.prefixes: dict[str, str] = dict(sorted({**prefixes, **ours}.items()))

    def serialize(self, fmt: str) -> bytes:
        """The graph in ``fmt`` (a key of :data:`RDF_FORMATS`)."""
        if fmt == "turtle":
            # pyoxigraph, not rdflib: rdflib's Turtle rewrites "10"^^xsd:decimal as 10.0, another literal.
            used = self._used_prefixes()
            return serialized(
                ox.serialize(_to_oxigraph(self.triples), format=ox.RdfFormat.TURTLE, prefixes=used)
            )
        if fmt == "ntriples":
            return serialized(ox.serialize(_to_oxigraph(self.triples), format=ox.RdfFormat.N_TRIPLES))
        if fmt == "rdfxml":
            used = self._used_prefixes()
            return serialized(
                ox.serialize(_to_oxigraph(self.triples), format=ox.RdfFormat.RDF_XML, prefixes=used)
            )
        if fmt == "jsonld":
            document = jsonld_document(self.triples, self._used_prefixes())
            return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        raise ValueError(f"unknown RDF format {fmt!r}")

    def _used_prefixes(self) -> dict[str, str]:
        """The bound prefixes that some IRI of the graph starts with (an unused prefix only adds noise)."""
        iris = {str(t) for triple in self.triples for t in triple if isinstance(t, URIRef)}
        iris |= {str(o.datatype) for _, _, o in self.triples if isinstance(o, Literal) and o.datatype}
        namespaces = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        used: set[str] = set()
        for iri in iris:
            for prefix, ns in namespaces:
                if iri.startswith(ns):
                    used.add(prefix)
                    break
        return {p: ns for p, ns in self.prefixes.items() if p in used}


def canonical_triples(graph: Graph) -> list[Triple]:
    """The triples of ``graph`` with canonical blank-node labels (``c14n0``, ...), unsorted.

    Only the triples with a blank node are canonicalised, with the W3C RDF Dataset Canonicalization
    algorithm (RDFC-1.0, pyoxigraph): milliseconds where rdflib's ``to_canonical_graph`` takes seconds
    on the ontology's class expressions, and labels that do not depend on the library version.
    """
    triples: list[Triple] = []
    with_bnodes: list[Triple] = []
    for triple in graph:
        (with_bnodes if any(isinstance(term, BNode) for term in triple) else triples).append(triple)
    if with_bnodes:
        dataset = ox.Dataset(ox.Quad(*triple) for triple in _to_oxigraph(with_bnodes))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        triples += [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in dataset]
    return triples


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` (prefixes included) with canonical blank-node labels: :func:`canonical_triples`."""
    copy = Graph()
    for prefix, ns in graph.namespaces():
        copy.bind(prefix, ns, override=True, replace=True)
    for triple in canonical_triples(graph):
        copy.add(triple)
    return copy


def serialize(graph: Graph, fmt: str) -> bytes:
    """``graph`` serialized reproducibly in ``fmt`` (``turtle``, ``ntriples``, ``rdfxml`` or ``jsonld``)."""
    return CanonicalGraph(graph).serialize(fmt)


def _term_key(term: Node) -> tuple[int, str, str, str]:
    if isinstance(term, Literal):
        return (2, str(term), term.language or "", str(term.datatype or ""))
    return (1 if isinstance(term, BNode) else 0, str(term), "", "")


def _sort_key(triple: Triple) -> tuple[tuple[int, str, str, str], ...]:
    """IRIs, then blank nodes, then literals; by text (cheaper than N-Triples forms, just as total)."""
    return (_term_key(triple[0]), _term_key(triple[1]), _term_key(triple[2]))


# --- pyoxigraph conversion -----------------------------------------------------------------------------


def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    try:
        return to_oxigraph(term)
    except ValueError as exc:  # pyoxigraph refuses malformed IRIs and language tags
        shown = f"<{term}>" if isinstance(term, URIRef) else repr(str(term))
        raise AirolesError(f"cannot serialize {shown}: {exc}") from exc


def _to_oxigraph(triples: Iterable[Triple]) -> list[ox.Triple]:
    return [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in triples]  # type: ignore[arg-type]


# --- JSON-LD --------------------------------------------------------------------------------------------


def _compactor(prefixes: dict[str, str]):
    """A function IRI -> compact IRI (``prefix:local``) using the longest matching namespace."""
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, ns in namespaces:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns) :]
                if not local.startswith("//"):  # "p://x" would read as an absolute IRI
                    return f"{prefix}:{local}"
        return iri

    return compact


def jsonld_document(triples: Iterable[Triple], prefixes: dict[str, str]) -> dict[str, Any]:
    """A JSON-LD document for ``triples`` with the prefix map inlined as ``@context`` (no remote context).

    One node object per subject, in the order the triples come (sorted by the caller); literal lexical
    forms are kept as strings with their datatype, so reading it back gives exactly the same triples.
    """
    compact = _compactor(prefixes)
    nodes: dict[Node, dict[str, Any]] = {}
    for s, p, o in triples:
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": _node_id(s, compact)}
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(_node_id(o, compact))
            continue
        node.setdefault(compact(str(p)), []).append(_value(o, compact))
    return {"@context": dict(prefixes), "@graph": list(nodes.values())}


def _node_id(term: Node, compact) -> str:
    return f"_:{term}" if isinstance(term, BNode) else compact(str(term))


def _value(term: Node, compact) -> dict[str, str]:
    if isinstance(term, Literal):
        value: dict[str, str] = {"@value": str(term)}
        if term.language:
            value["@language"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            value["@type"] = compact(str(term.datatype))
        return value
    return {"@id": _node_id(term, compact)}
