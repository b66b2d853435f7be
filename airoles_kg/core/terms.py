"""Conversion of RDF terms between rdflib (our interchange layer) and pyoxigraph (our fast engine).

One place for it, so every module that crosses the boundary reads literals the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
# What a pyoxigraph quad may hold in subject or object position: RDF-star adds quoted triples, which rdflib
# cannot represent (the converters below raise TypeError for them).
OxQuadTerm = OxTerm | ox.Triple


def to_oxigraph(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term (pyoxigraph raises ValueError for a malformed IRI or tag)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to a pyoxigraph term")


def to_oxigraph_triple(s: Node, p: Node, o: Node) -> ox.Triple:
    """An rdflib triple as a pyoxigraph triple (TypeError for a literal subject or a predicate that is no IRI,
    which pyoxigraph cannot hold)."""
    subject, predicate = to_oxigraph(s), to_oxigraph(p)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise TypeError(f"cannot convert ({s!r}, {p!r}, {o!r}) to a pyoxigraph triple")
    return ox.Triple(subject, predicate, to_oxigraph(o))


def to_rdflib(term: OxQuadTerm) -> Node:
    """A pyoxigraph term as an rdflib term; ``"x"^^xsd:string`` becomes rdflib's plain ``"x"`` (RDF 1.1)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def interning_to_rdflib() -> Callable[[OxQuadTerm], Node]:
    """:func:`to_rdflib` that returns one :class:`~rdflib.URIRef` per IRI (for converting many triples: the
    thousands of triples about one node then share one object, in memory and in rdflib's indexes)."""
    iris: dict[str, URIRef] = {}

    def convert(term: OxQuadTerm) -> Node:
        if type(term) is ox.NamedNode:
            iri = iris.get(term.value)
            if iri is None:
                iri = iris[term.value] = URIRef(term.value)
            return iri
        return to_rdflib(term)

    return convert


def memoised_to_rdflib(seen: dict[OxQuadTerm, Node] | None = None) -> Callable[[OxQuadTerm], Node]:
    """:func:`to_rdflib` once per distinct term, for converting a whole file at once: a catalogue repeats its
    IRIs and many of its literals (3,000 synthetic roles: 232,000 distinct terms in 1.85 million places), and
    the same term then gives the same (immutable) rdflib object, in memory and in rdflib's indexes; a typed
    literal's datatype is one URIRef per datatype. It keeps every term it has seen: for a long-lived reader,
    :func:`interning_to_rdflib` (IRIs only). ``seen``: the dictionary it keeps them in (pyoxigraph's term ->
    rdflib's), for a caller that reads the distinct terms afterwards."""
    seen = {} if seen is None else seen
    datatypes: dict[str, URIRef | None] = {XSD_STRING: None}  # "x"^^xsd:string is rdflib's plain "x"
    get = seen.get

    def convert(term: OxQuadTerm) -> Node:
        found = get(term)
        if found is None:
            if type(term) is ox.Literal and not term.language:
                iri = term.datatype.value
                if iri not in datatypes:
                    datatypes[iri] = URIRef(iri)
                found = Literal(term.value, datatype=datatypes[iri])
            else:
                found = to_rdflib(term)
            seen[term] = found
        return found

    return convert
