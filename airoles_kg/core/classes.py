"""Class membership computed in Python over rdfs:subClassOf (never with SPARQL property paths,
which recurse too deeply on large graphs)."""

from collections import deque

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS


def subclasses(graph: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class below it through ``rdfs:subClassOf*`` (named classes only; cycle-safe)."""
    seen: set[URIRef] = {cls}
    queue = deque([cls])
    while queue:
        current = queue.popleft()
        for sub in graph.subjects(RDFS.subClassOf, current):
            if isinstance(sub, URIRef) and sub not in seen:
                seen.add(sub)
                queue.append(sub)
    return seen


def instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    """Named individuals typed with ``cls`` or one of its subclasses."""
    return {s for c in subclasses(graph, cls) for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
