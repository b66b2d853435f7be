"""The data graph of a validation: an in-memory rdflib store indexed per predicate, filled in bulk.

A catalogue of 3,000 roles is 617,000 triples. rdflib's default ``Memory`` store keeps, beside its three
indexes, the contexts of every triple, and asks for them at every triple read: adding the catalogue took
10 s of CPU, and a good part of every later read (the fast path's dictionaries, pyshacl, the report) went to
context bookkeeping for a graph that has one context. :class:`IndexedStore` holds one graph:

* per predicate, subject -> objects (``pso``) and object -> subjects (:meth:`IndexedStore.backward`, built
  for a predicate when first asked for: a catalogue's excerpts, labels and provenance links, most of its
  triples, are never looked up by their object, and a literal is a Python-hashed key); the dictionaries
  :class:`airoles_kg.shacl.fast_data._Data` reads, so the fast path uses them as they are instead of
  building its own copy;
* subject -> predicate -> objects and object -> subject -> predicates, built on first use (a pattern with
  no predicate: rarer).

It answers every triple pattern as rdflib's stores do (the same triples; only the order of iteration may
differ, which no result depends on). It says it is context- and graph-aware because pyshacl wraps the data
graph in a :class:`rdflib.Dataset` view that asserts it; it holds one graph all the same (the one
:class:`rdflib.Graph` over it: never share it between graphs).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rdflib import Graph, URIRef
from rdflib.store import Store
from rdflib.term import Node
from rdflib.util import _coalesce

if TYPE_CHECKING:
    from rdflib.graph import _ContextType, _TriplePatternType, _TripleType

Index = dict[Node, dict[Node, set[Node]]]
_NO_CONTEXTS: tuple[()] = ()


class IndexedStore(Store):
    """An in-memory rdflib store of one graph, indexed per predicate (see the module docstring)."""

    context_aware = True  # for pyshacl's Dataset view of the data graph (it asserts both); one graph only
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier: Node | None = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self.pso: Index = {}  # predicate -> subject -> objects
        self._pos: Index = {}  # predicate -> object -> subjects, for the predicates asked for (backward)
        self._spo: Index | None = None  # subject -> predicate -> objects (the pso sets), on first use
        self._osp: Index | None = None  # object -> subject -> predicates, on first use
        self._count = 0
        self._namespace: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    # -- adding and removing --------------------------------------------------------------------------------

    def add(self, triple: _TripleType, context: _ContextType | None = None, quoted: bool = False) -> None:
        s, p, o = triple
        forward = self.pso.get(p)
        if forward is None:
            forward = self.pso[p] = {}
        objects = forward.get(s)
        if objects is None:
            objects = forward[s] = set()
            if self._spo is not None:
                self._spo.setdefault(s, {})[p] = objects
        elif o in objects:
            return
        objects.add(o)
        backward = self._pos.get(p)
        if backward is not None:
            backward.setdefault(o, set()).add(s)
        if self._osp is not None:
            self._osp.setdefault(o, {}).setdefault(s, set()).add(p)
        self._count += 1

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:  # noqa: N802 - rdflib's name
        self.add_triples((s, p, o) for s, p, o, _ in quads)

    def add_triples(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Add many triples (the fast way: grouped by predicate, the indexes filled one predicate at a
        time; a backward index only where one was built already)."""
        if self._spo is not None or self._osp is not None:
            for triple in triples:
                self.add(triple)
            return
        by_predicate: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in triples:
            pairs = by_predicate.get(p)
            if pairs is None:
                by_predicate[p] = [(s, o)]
            else:
                pairs.append((s, o))
        count = self._count
        for p, pairs in by_predicate.items():
            forward = self.pso.get(p)
            if forward is None:
                forward = self.pso[p] = {}
            backward = self._pos.get(p)
            get_objects = forward.get
            if backward is None:
                for s, o in pairs:
                    objects = get_objects(s)
                    if objects is None:
                        forward[s] = {o}
                        count += 1
                    elif o not in objects:
                        objects.add(o)
                        count += 1
                continue
            get_subjects = backward.get
            for s, o in pairs:
                objects = get_objects(s)
                if objects is None:
                    forward[s] = {o}
                elif o in objects:
                    continue
                else:
                    objects.add(o)
                count += 1
                subjects = get_subjects(o)
                if subjects is None:
                    backward[o] = {s}
                else:
                    subjects.add(s)
        self._count = count

    def remove(self, triple: _TriplePatternType, context: _ContextType | None = None) -> None:
        for (s, p, o), _ in list(self.triples(triple)):
            forward, backward = self.pso[p], self._pos.get(p)
            objects = forward[s]
            objects.discard(o)
            if not objects:
                del forward[s]
                if self._spo is not None:
                    del self._spo[s][p]
                    if not self._spo[s]:
                        del self._spo[s]
            if backward is not None:
                subjects = backward[o]
                subjects.discard(s)
                if not subjects:
                    del backward[o]
            if not forward:
                del self.pso[p]
                self._pos.pop(p, None)
            if self._osp is not None:
                predicates = self._osp[o][s]
                predicates.discard(p)
                if not predicates:
                    del self._osp[o][s]
                    if not self._osp[o]:
                        del self._osp[o]
            self._count -= 1

    # -- reading --------------------------------------------------------------------------------------------

    def backward(self, p: Node) -> dict[Node, set[Node]]:
        """Object -> subjects of predicate ``p`` (built on first use, then kept up to date; an empty
        dictionary for a predicate the graph does not hold). Not to be changed by the caller."""
        backward = self._pos.get(p)
        if backward is None:
            forward = self.pso.get(p)
            if forward is None:
                return {}
            backward = self._pos[p] = {}
            get_subjects = backward.get
            for s, objects in forward.items():
                for o in objects:
                    subjects = get_subjects(o)
                    if subjects is None:
                        backward[o] = {s}
                    else:
                        subjects.add(s)
        return backward

    def _spo_index(self) -> Index:
        if self._spo is None:
            spo: Index = {}
            for p, forward in self.pso.items():
                for s, objects in forward.items():
                    by_p = spo.get(s)
                    if by_p is None:
                        spo[s] = {p: objects}
                    else:
                        by_p[p] = objects
            self._spo = spo
        return self._spo

    def _osp_index(self) -> Index:
        if self._osp is None:
            osp: Index = {}
            for p, forward in self.pso.items():
                for s, objects in forward.items():
                    for o in objects:
                        by_s = osp.get(o)
                        if by_s is None:
                            osp[o] = {s: {p}}
                            continue
                        predicates = by_s.get(s)
                        if predicates is None:
                            by_s[s] = {p}
                        else:
                            predicates.add(p)
            self._osp = osp
        return self._osp

    def triples(  # type: ignore[override] # the contexts: an empty tuple, not a new iterator each time
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Iterator[tuple[_TripleType, tuple[()]]]:
        """The triples matching the pattern (None: any), each with no contexts (one graph). Each set is
        copied before it is read: the caller may add or remove triples meanwhile."""
        s, p, o = triple_pattern
        if p is not None:
            if s is not None:
                objects = self.pso.get(p, {}).get(s)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield (s, p, o), _NO_CONTEXTS
                    return
                for obj in tuple(objects):
                    yield (s, p, obj), _NO_CONTEXTS
            elif o is not None:
                for subject in tuple(self.backward(p).get(o, ())):
                    yield (subject, p, o), _NO_CONTEXTS
            else:
                for subject, objects in list(self.pso.get(p, {}).items()):
                    for obj in tuple(objects):
                        yield (subject, p, obj), _NO_CONTEXTS
        elif s is not None:
            by_p = self._spo_index().get(s)
            if by_p is None:
                return
            for predicate, objects in list(by_p.items()):
                if o is None:
                    for obj in tuple(objects):
                        yield (s, predicate, obj), _NO_CONTEXTS
                elif o in objects:
                    yield (s, predicate, o), _NO_CONTEXTS
        elif o is not None:
            for subject, predicates in list(self._osp_index().get(o, {}).items()):
                for predicate in tuple(predicates):
                    yield (subject, predicate, o), _NO_CONTEXTS
        else:
            for predicate, forward in list(self.pso.items()):
                for subject, objects in list(forward.items()):
                    for obj in tuple(objects):
                        yield (subject, predicate, obj), _NO_CONTEXTS

    def __len__(self, context: _ContextType | None = None) -> int:
        return self._count

    def contexts(self, triple: _TripleType | None = None) -> Generator[_ContextType, None, None]:
        yield from ()

    def subjects(self) -> set[Node]:
        """Every subject of the graph."""
        return set().union(*self.pso.values())

    def objects(self) -> set[Node]:
        """Every object of the graph."""
        objects: set[Node] = set()
        for p, forward in self.pso.items():
            backward = self._pos.get(p)
            if backward is not None:
                objects.update(backward)
            else:
                objects.update(*forward.values())
        return objects

    # -- namespaces (as rdflib's Memory store binds them) ---------------------------------------------------

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        bound_namespace = self._namespace.get(prefix)
        bound_prefix = _coalesce(
            self._prefix.get(namespace),
            self._prefix.get(bound_namespace),  # type: ignore[arg-type]
        )
        if override:
            if bound_prefix is not None:
                del self._namespace[bound_prefix]
            if bound_namespace is not None:
                del self._prefix[bound_namespace]
            self._prefix[namespace] = prefix
            self._namespace[prefix] = namespace
        else:
            self._prefix[_coalesce(bound_namespace, namespace)] = _coalesce(  # type: ignore[index]
                bound_prefix, default=prefix
            )
            self._namespace[_coalesce(bound_prefix, prefix)] = _coalesce(  # type: ignore[index]
                bound_namespace, default=namespace
            )

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespace.items())


def indexed_graph() -> Graph:
    """A new, empty rdflib Graph over an :class:`IndexedStore`."""
    return Graph(store=IndexedStore())


def indexed_store(graph: Graph) -> IndexedStore | None:
    """The :class:`IndexedStore` under ``graph``, if that is its store."""
    store = graph.store
    return store if isinstance(store, IndexedStore) else None
