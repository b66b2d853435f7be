"""The data graph of the fast SHACL path (:mod:`airoles_kg.shacl.fast`), indexed per predicate.

:class:`_Data` holds forward and backward dictionaries per predicate and the class closures the shapes read;
:class:`_Unsupported` is what every part of the fast path raises on a path or construct it does not evaluate.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from airoles_kg.core.closure import reachable
from airoles_kg.shacl.data_graph import indexed_store


class _Unsupported(Exception):
    """A path or construct this module does not evaluate: the shape keeps all its focus nodes."""


# ---------------------------------------------------------------------------------------------------------
# The data graph, indexed per predicate
# ---------------------------------------------------------------------------------------------------------


class _Data:
    """Forward and backward dictionaries per predicate, and class closures.

    On an :class:`~airoles_kg.shacl.data_graph.IndexedStore` graph the dictionaries are the store's own
    indexes (read, never changed); on any other graph they are built on first use, through rdflib's public
    ``subject_objects``, which reads the store's predicate index."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        indexed = indexed_store(graph)
        self._forward: dict[Node, dict[Node, set[Node]]] = {} if indexed is None else indexed.pso
        self._backward: dict[Node, dict[Node, set[Node]]] = {}  # on an IndexedStore: the store's own
        self._indexed = indexed
        self._subclasses: dict[Node, set[Node]] = {}
        self._instances: dict[Node, set[Node]] = {}
        self._interned: dict[Node, Node] | None = None
        self._iris: dict[str, URIRef] | None = None

    def _index(self, p: Node) -> None:
        forward: dict[Node, set[Node]] = {}
        backward: dict[Node, set[Node]] = {}
        for s, o in self.graph.subject_objects(p):
            objects = forward.get(s)
            if objects is None:
                forward[s] = {o}
            else:
                objects.add(o)
            subjects = backward.get(o)
            if subjects is None:
                backward[o] = {s}
            else:
                subjects.add(s)
        self._forward[p], self._backward[p] = forward, backward

    def forward(self, p: Node) -> dict[Node, set[Node]]:
        """Subject -> objects of predicate ``p`` (not to be changed)."""
        found = self._forward.get(p)
        if found is None:
            if self._indexed is not None:
                return {}  # no such predicate in the graph
            self._index(p)
            found = self._forward[p]
        return found

    def backward(self, p: Node) -> dict[Node, set[Node]]:
        """Object -> subjects of predicate ``p`` (not to be changed)."""
        found = self._backward.get(p)
        if found is None:
            if self._indexed is not None:
                return self._indexed.backward(p)
            self._index(p)
            found = self._backward[p]
        return found

    def intern(self, node: Node) -> Node:
        """The data graph's own object for a typed ``node`` (dictionary look-ups then hit by identity, much
        faster than rdflib's ``__eq__``)."""
        if self._interned is None:
            self._interned = {s: s for s in self.forward(RDF.type)}
        return self._interned.get(node, node)

    def iri(self, text: str) -> URIRef:
        """The data graph's own URIRef for an IRI given as text (a SPARQL solution). Looked up by a plain
        string: a new URIRef would cost a Python ``__eq__`` call at every later dictionary look-up."""
        if self._iris is None:
            if self._indexed is not None:
                nodes: list[Node] = [*self._indexed.subjects(), *self._indexed.objects()]
            else:
                nodes = list(self.graph.all_nodes())
            nodes += self.forward(RDF.type)  # last, so they win: the objects instances() gives
            self._iris = {str(n): n for n in nodes if type(n) is URIRef}
        found = self._iris.get(text)
        return URIRef(text) if found is None else found

    def subclasses(self, cls: Node) -> set[Node]:
        """``cls`` and everything below it through ``rdfs:subClassOf*`` in the data graph."""
        found = self._subclasses.get(cls)
        if found is None:
            found = self._subclasses[cls] = reachable(cls, self.backward(RDFS.subClassOf))
        return found

    def instances(self, cls: Node) -> set[Node]:
        """The nodes typed ``cls`` or a subclass (``rdf:type/rdfs:subClassOf*``, as pyshacl asks)."""
        found = self._instances.get(cls)
        if found is None:
            by_type = self.backward(RDF.type)
            found = self._instances[cls] = {s for c in self.subclasses(cls) for s in by_type.get(c, ())}
        return found
