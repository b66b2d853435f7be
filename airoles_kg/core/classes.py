"""Class membership computed in Python over rdfs:subClassOf (never with SPARQL property paths,
which recurse too deeply on large graphs)."""

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from airoles_kg.core.closure import reachable


def subclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class below it through ``rdfs:subClassOf*`` (named classes only; cycle-safe)."""
    return reachable(cls, lambda c: (s for s in graph.subjects(RDFS.subClassOf, c) if isinstance(s, URIRef)))


def instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    """Named individuals typed with ``cls`` or one of its subclasses."""
    return {s for c in subclasses(graph, cls) for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
