"""SHACL validation of large graphs with exactly pyshacl's results, in seconds rather than minutes.

pyshacl checks every shape on every focus node in Python: on the ontology + knowledge base + a synthetic
catalogue of 3,000 roles (623,000 triples, 612,000 shape–focus-node pairs) it takes nine to twelve minutes,
although almost every focus node conforms. Here pyshacl only sees the focus nodes that might not conform:

1. each top-level shape's focus nodes are computed here: class, subjects-of, objects-of and node targets in
   Python over the data graph (``rdf:type/rdfs:subClassOf*``, as pyshacl asks), SPARQL-based targets
   (SHACL-AF) with pyoxigraph;
2. a *sound over-approximation* keeps the focus nodes that might fail. Shapes are evaluated on sets of nodes
   over per-predicate dictionaries of the data graph, each constraint component deciding per value the way
   pyshacl's own component does (cardinalities, classes, datatypes, patterns, languages, lists, values,
   ranges); ``sh:node``, ``sh:and``, ``sh:or``, ``sh:not`` and qualified counts combine an upper bound of
   failure with an upper bound of conformance; a SPARQL-based constraint runs once for all nodes in
   pyoxigraph, relaxed (:func:`relax`: its OPTIONAL blocks and the FILTERs reading their variables removed,
   which can only add solutions). A construct this module does not know keeps every focus node of its shape.
3. pyshacl then validates, with the options of :mod:`airoles_kg.shacl.validate` (``method="pyshacl"``: the
shapes
   are narrowed already), against a copy of the shapes whose targets are replaced by those candidates
   (``sh:targetNode``).

Every result and message therefore comes from pyshacl itself; a focus node left out is one that cannot fail.
``tests/test_fastshacl.py`` and ``scripts/bench.py`` compare the results with plain pyshacl's.

Where the time goes (ontology + knowledge base + 3,000 synthetic roles: 623,000 triples, 612,309 shape–focus
pairs, 56 results, the same set as plain pyshacl's; :func:`validate_graph`, median of 3 runs, 2 cores):

* was 15.1 s: pyshacl 9.2 s on 3,043 candidates, 3,001 of them salary observations kept only because
  ``sh:lessThanOrEquals`` was bounded loosely (any node with both amounts "may fail"); narrowing 6.7 s, of
  which 1.7 s of full garbage collections walking the data graph's millions of objects;
* now 3.7 s (4.8 s CPU): ``sh:lessThan``/``sh:lessThanOrEquals`` are decided per pair as pyshacl decides
  them (40 candidates; pyshacl 0.05 s); narrowing runs with the cyclic GC paused (:func:`_gc_paused`); the
  SPARQL targets' and constraints' SELECTs (1.0 s in pyoxigraph, mostly the "every IRI of our namespace"
  target) run on a worker thread that writes TSV without the GIL (:meth:`_Compiler.prefetch`), their 200,000
  IRIs mapped back to the data graph's own URIRefs by string (0.3 s). What remains is the set-based
  evaluation in Python: about 2.5 s, of which 0.45 s building the per-predicate dictionaries; rdflib's
  Python-level ``__eq__``/``Literal.__hash__`` on equal-but-distinct term objects is a good part of it.

Tried and not kept: ``gc.freeze()`` instead of pausing the GC (no faster than leaving it on: 6.6 s against
6.3 s); building the forward dictionaries from rdflib's subject index in one pass (0.43 s, as now); giving
pyshacl a data graph reduced to what the candidates reach: pyshacl takes 0.05 s on the 40 candidates, and
nothing is left to gain there.
"""

from __future__ import annotations

import datetime
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from airoles_kg.core.store import serialized
from airoles_kg.shacl.shapes import named_shape, path_text

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
# Shape properties that constrain nothing (or that the constraint they belong to reads).
_PASSIVE = {
    RDF.type,
    SH.path,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.flags,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.deactivated,
    *TARGETS,
    SH.prefixes,
    SH.declare,
    RDFS.label,
    RDFS.comment,
}
_SH = str(SH)
_RANGES = (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive)


class _Unsupported(Exception):
    """A path or construct this module does not evaluate: the shape keeps all its focus nodes."""


# ---------------------------------------------------------------------------------------------------------
# The data graph, indexed per predicate
# ---------------------------------------------------------------------------------------------------------


class _Data:
    """Forward and backward dictionaries per predicate (built on first use, through rdflib's public
    ``subject_objects``, which reads the store's predicate index), and class closures."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._forward: dict[Node, dict[Node, set[Node]]] = {}
        self._backward: dict[Node, dict[Node, set[Node]]] = {}
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
        """Subject -> objects of predicate ``p``."""
        if p not in self._forward:
            self._index(p)
        return self._forward[p]

    def backward(self, p: Node) -> dict[Node, set[Node]]:
        """Object -> subjects of predicate ``p``."""
        if p not in self._backward:
            self._index(p)
        return self._backward[p]

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
            nodes: list[Node] = list(self.graph.all_nodes())
            nodes += self.forward(RDF.type)  # last, so they win: the objects instances() gives
            self._iris = {str(n): n for n in nodes if type(n) is URIRef}
        found = self._iris.get(text)
        return URIRef(text) if found is None else found

    def subclasses(self, cls: Node) -> set[Node]:
        """``cls`` and everything below it through ``rdfs:subClassOf*`` in the data graph."""
        found = self._subclasses.get(cls)
        if found is None:
            below = self.backward(RDFS.subClassOf)
            found, stack = {cls}, [cls]
            while stack:
                for sub in below.get(stack.pop(), ()):
                    if sub not in found:
                        found.add(sub)
                        stack.append(sub)
            self._subclasses[cls] = found
        return found

    def instances(self, cls: Node) -> set[Node]:
        """The nodes typed ``cls`` or a subclass (``rdf:type/rdfs:subClassOf*``, as pyshacl asks)."""
        found = self._instances.get(cls)
        if found is None:
            by_type = self.backward(RDF.type)
            found = self._instances[cls] = {s for c in self.subclasses(cls) for s in by_type.get(c, ())}
        return found


# ---------------------------------------------------------------------------------------------------------
# Shapes evaluated on sets of nodes: (may fail, may pass) bound what pyshacl would decide
# ---------------------------------------------------------------------------------------------------------

Bounds = tuple[set[Node], set[Node]]  # (nodes that may fail, nodes that may conform)
# focus node -> value nodes (None: each node is its own value); a node without values shares one frozenset
ValueMap = dict[Node, AbstractSet[Node]] | None


@dataclass
class _Compiler:
    """Evaluates shapes on sets of nodes. For a set N, :meth:`bounds` gives ``(F, P)``: every node of N that
    pyshacl would report is in F, every node it would find conforming is in P (a node may be in both when
    this module cannot decide: it then goes to pyshacl)."""

    data: _Data
    shapes: Graph
    store: ox.Store | None
    unsupported: list[str] = field(default_factory=list)
    _stack: set[Node] = field(default_factory=set)
    _paths: dict[Node, dict[Node, set[Node]]] = field(default_factory=dict)
    _prefetched: dict[tuple[str, tuple[tuple[str, str], ...]], Future[bytes]] = field(default_factory=dict)
    # (component, parameter) -> id(value) -> (value, passes?)
    _memo: dict[tuple, dict[int, tuple[Node, bool]]] = field(default_factory=dict)

    # -- paths ----------------------------------------------------------------------------------------------

    def path(self, node: Node) -> dict[Node, set[Node]]:
        """The value nodes of a SHACL path for every node that has some (SHACL set semantics), cached."""
        found = self._paths.get(node)
        if found is None:
            found = self._paths[node] = self._path(node)
        return found

    def _path(self, node: Node) -> dict[Node, set[Node]]:
        g = self.shapes
        if isinstance(node, URIRef):
            return self.data.forward(node)
        inverse = g.value(node, SH.inversePath)
        if inverse is not None:
            if isinstance(inverse, URIRef):
                return self.data.backward(inverse)
            inverted: dict[Node, set[Node]] = {}
            for x, values in self.path(inverse).items():
                for v in values:
                    inverted.setdefault(v, set()).add(x)
            return inverted
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            merged: dict[Node, set[Node]] = {}
            for part in Collection(g, alternatives):
                for x, values in self.path(part).items():
                    merged.setdefault(x, set()).update(values)
            return merged
        if g.value(node, RDF.first) is not None:
            steps = [self.path(p) for p in Collection(g, node)]
            if not steps:
                raise _Unsupported("an empty sequence path")
            current = steps[0]
            for step in steps[1:]:
                composed: dict[Node, set[Node]] = {}
                for x, middles in current.items():
                    reached: set[Node] = set()
                    for m in middles:
                        reached.update(step.get(m, ()))
                    if reached:
                        composed[x] = reached
                current = composed
            return current
        raise _Unsupported(f"path {node!r}")

    # -- shapes ---------------------------------------------------------------------------------------------

    def bounds(self, shape: Node, nodes: set[Node]) -> Bounds:
        """``(may fail, may pass)`` of ``shape`` for each of ``nodes`` as focus node."""
        if shape in self._stack:  # a recursive shape: undecided
            return set(nodes), set(nodes)
        self._stack.add(shape)
        try:
            return self._bounds(shape, nodes)
        except _Unsupported as exc:
            self.unsupported.append(f"{shape}: {exc}")
            return set(nodes), set(nodes)
        finally:
            self._stack.discard(shape)

    def _bounds(self, shape: Node, nodes: set[Node]) -> Bounds:
        g = self.shapes
        if g.value(shape, SH.deactivated) == Literal(True):
            return set(), set(nodes)
        path_node = g.value(shape, SH.path)
        vmap: ValueMap = None
        if path_node is not None:
            values, empty = self.path(path_node), frozenset[Node]()
            vmap = {x: values.get(x, empty) for x in nodes}
        fail: set[Node] = set()
        passes: set[Node] = set(nodes)
        for p in set(g.predicates(shape)):
            if not isinstance(p, URIRef) or p in _PASSIVE or not str(p).startswith(_SH):
                continue
            f, ok = self._component(shape, p, list(g.objects(shape, p)), nodes, vmap)
            fail |= f
            passes &= ok
        return fail, passes

    def _universe(self, nodes: set[Node], vmap: ValueMap) -> set[Node]:
        return set(nodes) if vmap is None else set().union(*vmap.values()) if vmap else set()

    def _bad_values(self, key: tuple, universe: set[Node], ok: Callable[[Node], bool]) -> set[Node]:
        """The values of ``universe`` that fail a per-value test (memoised per component and parameter, by
        object identity: rdflib's ``Literal.__hash__`` and ``__eq__`` are Python calls, and the graph holds
        many equal literals; the entry keeps its node, so the id cannot be reused by another object)."""
        memo = self._memo.setdefault(key, {})
        bad = set()
        for v in universe:
            entry = memo.get(id(v))
            if entry is None or entry[0] is not v:
                entry = memo[id(v)] = (v, ok(v))
            if not entry[1]:
                bad.add(v)
        return bad

    def _component(
        self, shape: Node, p: URIRef, objects: list[Node], nodes: set[Node], vmap: ValueMap
    ) -> Bounds:
        """One constraint parameter's bounds over ``nodes``."""
        g, data = self.shapes, self.data

        def by_value(bad: set[Node]) -> Bounds:  # an exact per-value test: any bad value fails the node
            return _lift(nodes, vmap, bad, None)

        def per_node(failing: Callable[[Node, AbstractSet[Node]], bool]) -> Bounds:  # an exact per-node test
            fail = {x for x in nodes if failing(x, {x} if vmap is None else vmap[x])}
            return fail, set(nodes) - fail

        if p == SH.minCount:
            n = int(str(objects[0]))
            return per_node(lambda x, vs: len(vs) < n)
        if p == SH.maxCount:
            n = int(str(objects[0]))
            return per_node(lambda x, vs: len(vs) > n)
        universe = self._universe(nodes, vmap)
        if p == SH["class"]:
            bad: set[Node] = set()
            for c in objects:
                bad |= universe - data.instances(c)
            return by_value(bad)
        if p == SH.datatype:
            bad = set()
            for d in objects:
                bad |= self._bad_values(("datatype", d), universe, partial(_datatype_matches, rule=d))
            return by_value(bad)
        if p == SH.pattern:
            flags = g.value(shape, SH.flags)
            bad = set().union(
                *(
                    self._bad_values(("pattern", o, flags), universe, _pattern_matcher(o, flags))
                    for o in objects
                )
            )
            return by_value(bad)
        if p == SH.languageIn:
            bad = set()
            for o in objects:
                allowed = {str(lang).lower() for lang in Collection(g, o)}
                bad |= self._bad_values(("languageIn", o), universe, partial(_language_ok, allowed=allowed))
            return by_value(bad)
        if p == SH.uniqueLang:
            if objects != [Literal(True)]:
                raise _Unsupported("sh:uniqueLang other than true")
            return per_node(lambda x, vs: _duplicate_language(vs))
        if p == SH["in"]:
            bad = set()
            for o in objects:
                bad |= universe - set(Collection(g, o))
            return by_value(bad)
        if p == SH.hasValue:
            return per_node(lambda x, vs: any(w not in vs for w in objects))
        if p == SH.disjoint:
            if not all(isinstance(o, URIRef) for o in objects):
                raise _Unsupported("sh:disjoint with a non-IRI")
            others = [data.forward(o) for o in objects]
            return per_node(lambda x, vs: any(not vs.isdisjoint(o.get(x, ())) for o in others))
        if p in _RANGES:
            bad = set()
            for b in objects:
                bad |= self._bad_values(("range", p, b), universe, partial(_in_range, p=p, bound=b))
            return by_value(bad)
        if p in (SH.lessThan, SH.lessThanOrEquals):
            if not all(isinstance(o, URIRef) for o in objects):
                raise _Unsupported(f"{p} with a non-IRI")
            others = [data.forward(o) for o in objects]
            or_equal = p == SH.lessThanOrEquals
            # A node passes when every (value, other value) pair compares as pyshacl's comparison says it
            # conforms; any other pair (a failure, an error pyshacl raises) leaves the node to pyshacl.
            fail = {
                x
                for x in nodes
                if not all(
                    _ordered(v, w, or_equal)
                    for v in ({x} if vmap is None else vmap[x])
                    for o in others
                    for w in o.get(x, ())
                )
            }
            return fail, set(nodes) - fail
        if p == SH.nodeKind:
            bad = set()
            for k in objects:
                bad |= self._bad_values(("nodeKind", k), universe, partial(_node_kind_ok, kind=k))
            return by_value(bad)
        if p in (SH.node, SH["and"], SH["or"], SH["not"]):
            value_fail, value_pass = self._logical(p, objects, universe)
            return _lift(nodes, vmap, value_fail, value_pass)
        if p == SH.property:
            if vmap is None:  # under a node shape: the property shapes have the same focus nodes
                fail, passes = set(), set(nodes)
                for o in objects:
                    f, ok = self.bounds(o, set(nodes))
                    fail |= f
                    passes &= ok
                return fail, passes
            value_fail, value_pass = self._logical(SH["and"], objects, universe, listed=False)
            return _lift(nodes, vmap, value_fail, value_pass)
        if p == SH.qualifiedValueShape:
            return self._qualified(shape, objects, nodes, vmap, universe)
        if p == SH.sparql:
            return self._sparql_constraint(shape, objects, nodes)
        raise _Unsupported(f"constraint parameter {p}")

    def _logical(self, p: URIRef, objects: list[Node], universe: set[Node], listed: bool = True) -> Bounds:
        """Bounds over single values: ``sh:node`` (all of the shapes), ``sh:and``, ``sh:or``, ``sh:not``."""
        if p == SH.node or not listed:
            groups = [[o] for o in objects]
            p = SH["and"]
        else:
            groups = [list(Collection(self.shapes, o)) if p != SH["not"] else [o] for o in objects]
        fail, passes = set(), set(universe)
        for members in groups:
            results = [self.bounds(m, set(universe)) for m in members]
            if p == SH["and"]:
                for f, ok in results:
                    fail |= f
                    passes &= ok
            elif p == SH["or"]:  # fails when every member fails
                fail |= set.intersection(*(f for f, _ in results)) if results else set(universe)
                passes &= set().union(*(ok for _, ok in results))
            else:  # sh:not: fails exactly when the value conforms
                f, ok = results[0]
                fail |= ok
                passes &= f
        return fail, passes

    def _qualified(
        self, shape: Node, objects: list[Node], nodes: set[Node], vmap: ValueMap, universe: set[Node]
    ) -> Bounds:
        g = self.shapes
        if g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True) or len(objects) != 1:
            raise _Unsupported("disjoint or several qualified value shapes")
        value_fail, value_pass = self.bounds(objects[0], universe)
        low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
        low_n = int(str(low)) if low is not None else None
        high_n = int(str(high)) if high is not None else None
        fail, passes = set(), set()
        for x in nodes:
            vs = {x} if vmap is None else vmap[x]
            sure = len(vs - value_fail)  # values certainly conforming
            maybe = len(vs & value_pass)  # values possibly conforming
            if (low_n is not None and sure < low_n) or (high_n is not None and maybe > high_n):
                fail.add(x)
            if (low_n is None or maybe >= low_n) and (high_n is None or sure <= high_n):
                passes.add(x)
        return fail, passes

    def _sparql_constraint(self, shape: Node, objects: list[Node], nodes: set[Node]) -> Bounds:
        """The focus nodes a SPARQL-based constraint may report: its SELECT, relaxed (OPTIONAL blocks and the
        FILTERs that read their variables removed: only more solutions), run once in pyoxigraph for all the
        nodes (pyshacl runs it once per focus node, in rdflib)."""
        if self.store is None:
            raise _Unsupported("a SPARQL constraint without a pyoxigraph store")
        found: set[Node] = set()
        for constraint in objects:
            query = self._constraint_query(constraint)
            if query is not None:
                found |= self.select_this(*query)
        fail = set(nodes) & found
        return fail, set(nodes)

    # -- SPARQL (targets and constraints) through pyoxigraph ------------------------------------------------

    def _constraint_query(self, constraint: Node) -> tuple[str, dict[str, str]] | None:
        """The relaxed SELECT of a SPARQL-based constraint and its prefixes (None: deactivated)."""
        if self.shapes.value(constraint, SH.deactivated) == Literal(True):
            return None
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise _Unsupported("a SPARQL constraint without sh:select")
        text = str(select)
        if re.search(r"\$(shapesGraph|currentShape|PATH)\b", text):
            raise _Unsupported("a SPARQL constraint using $shapesGraph, $currentShape or $PATH")
        return relax(text) or text, self._prefixes_of(constraint)

    def prefetch(self, pool: ThreadPoolExecutor, top: Iterable[Node]) -> None:
        """Start the SELECTs of the SPARQL-based constraints, then of the SPARQL targets of ``top``, on
        ``pool``: pyoxigraph evaluates and serializes them (TSV) without holding the GIL, while this thread
        evaluates the other shapes. :meth:`select_this` then reads the results."""
        if self.store is None:
            return
        queries: list[tuple[str, dict[str, str]]] = []
        for constraint in sorted(set(self.shapes.objects(None, SH.sparql)), key=str):
            try:
                query = self._constraint_query(constraint)
            except _Unsupported:
                continue
            if query is not None:
                queries.append(query)
        for shape in top:
            for target in self.shapes.objects(shape, SH.target):
                select = self.shapes.value(target, SH.select)
                if select is not None and (target, RDF.type, SH.SPARQLTarget) in self.shapes:
                    queries.append((str(select), self._prefixes_of(target)))
        store = self.store
        for text, prefixes in queries:
            key = (text, tuple(sorted(prefixes.items())))
            if key not in self._prefetched:
                self._prefetched[key] = pool.submit(_select_tsv, store, text, prefixes)

    def _prefetched_this(self, text: str, prefixes: dict[str, str]) -> set[Node] | None:
        """``?this`` of a prefetched SELECT, read from its TSV results; None if it was not prefetched, failed,
        or has a ``?this`` other than an IRI (:meth:`select_this` then runs it here)."""
        future = self._prefetched.pop((text, tuple(sorted(prefixes.items()))), None)
        if future is None:
            return None
        try:
            lines = future.result().decode("utf-8").split("\n")
        except Exception:  # the same query, run again by select_this, raises as it would have
            return None
        header = lines[0].split("\t")
        if "?this" not in header:
            return None
        column, iri = header.index("?this"), self.data.iri
        found: set[Node] = set()
        for line in lines[1:]:
            cell = line.split("\t")[column] if line else ""
            if not cell:
                continue  # ?this unbound, or the last line break
            if cell[0] != "<" or cell[-1] != ">":
                return None
            found.add(iri(cell[1:-1]))
        return found

    def _prefixes_of(self, node: Node) -> dict[str, str]:
        """The prefixes a SPARQL target or constraint declares (``sh:prefixes`` → ``sh:declare``)."""
        declared: dict[str, str] = {}
        for ontology in self.shapes.objects(node, SH.prefixes):
            for declaration in self.shapes.objects(ontology, SH.declare):
                prefix = self.shapes.value(declaration, SH.prefix)
                namespace = self.shapes.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    declared[str(prefix)] = str(namespace)
        return declared

    def select_this(self, text: str, prefixes: dict[str, str]) -> set[Node]:
        """The values of ``?this`` in the solutions of a SELECT, evaluated by pyoxigraph."""
        from airoles_kg.core.terms import to_rdflib

        assert self.store is not None
        prefetched = self._prefetched_this(text, prefixes)
        if prefetched is not None:
            return prefetched
        this = ox.Variable("this")
        found: set[Node] = set()
        intern, iri = self.data.intern, self.data.iri
        results = self.store.query(text, prefixes=prefixes)
        assert isinstance(results, ox.QuerySolutions), "a SELECT"
        for solution in results:
            term = solution[this]
            if type(term) is ox.NamedNode:
                found.add(iri(term.value))
            elif term is not None:
                found.add(intern(to_rdflib(term)))
        return found

    def focus_nodes(self, shape: Node) -> set[Node]:
        """The focus nodes of a top-level shape (its targets), as pyshacl computes them."""
        g, data = self.shapes, self.data
        focus: set[Node] = set(g.objects(shape, SH.targetNode))
        for cls in g.objects(shape, SH.targetClass):
            focus |= data.instances(cls)
        for p in g.objects(shape, SH.targetSubjectsOf):
            focus |= set(data.forward(p))
        for p in g.objects(shape, SH.targetObjectsOf):
            focus |= set(data.backward(p))
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if self.store is None or select is None or (target, RDF.type, SH.SPARQLTarget) not in g:
                raise _Unsupported("a target other than a SPARQL target")
            focus |= self.select_this(str(select), self._prefixes_of(target))
        return focus


def _select_tsv(store: ox.Store, text: str, prefixes: dict[str, str]) -> bytes:
    """A SELECT's results as SPARQL TSV (pyoxigraph evaluates and writes them without holding the GIL)."""
    results = store.query(text, prefixes=prefixes)
    assert isinstance(results, ox.QuerySolutions), "a SELECT"
    return serialized(results.serialize(format=ox.QueryResultsFormat.TSV))


def _lift(nodes: set[Node], vmap: ValueMap, value_fail: set[Node], value_pass: set[Node] | None) -> Bounds:
    """Bounds over values to bounds over focus nodes: a node may fail if one of its values may fail, and may
    pass if all its values may pass (``value_pass`` None: an exact test, the complement of the failures)."""
    if vmap is None:
        fail = nodes & value_fail
        return fail, (nodes - fail) if value_pass is None else (nodes & value_pass)
    fail = {x for x, vs in vmap.items() if not vs.isdisjoint(value_fail)}
    if value_pass is None:
        return fail, set(nodes) - fail
    return fail, {x for x, vs in vmap.items() if vs <= value_pass}


# ---------------------------------------------------------------------------------------------------------
# Relaxing a SPARQL constraint (a superset of its solutions' ?this)
# ---------------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[{}()]|[?$][A-Za-z_0-9]+|[A-Za-z_]+|\s+|.",
    re.DOTALL,
)


def relax(text: str) -> str | None:
    """``text`` with its OPTIONAL blocks removed, and every FILTER that mentions a variable no triple pattern
    outside FILTERs binds: the solutions can only grow (a left join keeps each left solution; a filter only
    removes). None when the query has constructs this does not handle (UNION, subqueries, GRAPH, MINUS,
    SERVICE, VALUES, BIND); the caller then runs the query as it is."""
    tokens = [t for t in _TOKEN.findall(text) if not t.startswith("#")]
    words = {t.upper() for t in tokens if t[:1].isalpha()}
    if words & {"UNION", "GRAPH", "MINUS", "SERVICE", "VALUES", "BIND", "GROUP", "HAVING"}:
        return None
    upper = [t.upper() for t in tokens]
    where = next((i for i, t in enumerate(upper) if t == "WHERE"), None)
    if where is None or "SELECT" in upper[where:]:
        return None
    head, body = tokens[: where + 1], tokens[where + 1 :]
    pieces: list[tuple[str, list[str]]] = []  # ("keep" | "optional" | "filter", tokens)
    i = 0
    while i < len(body):
        word = body[i].upper()
        if word in ("OPTIONAL", "FILTER"):
            j = i + 1
            while j < len(body) and body[j].isspace():
                j += 1
            end = _balanced_end(body, j, word)
            if end is None:
                return None
            pieces.append((word.lower(), body[i:end]))
            i = end
        else:
            pieces.append(("keep", [body[i]]))
            i += 1
    bound = {t[1:] for kind, toks in pieces if kind == "keep" for t in toks if t[:1] in "?$"}
    out = list(head)
    for kind, toks in pieces:
        if kind == "keep":
            out += toks
        elif kind == "filter" and all(t[1:] in bound for t in toks if t[:1] in "?$"):
            if any(t.upper() == "EXISTS" for t in toks):
                continue  # an inner pattern may bind its own variables: removed, to stay simple
            out += toks
    return "".join(out)


def _balanced_end(tokens: list[str], start: int, word: str) -> int | None:
    """The index after the group opening at ``start``: ``{...}`` for OPTIONAL, ``(...)`` or
    ``[NOT] EXISTS {...}`` for FILTER."""
    if start >= len(tokens):
        return None
    j = start
    if word == "FILTER" and tokens[j].upper() in ("NOT", "EXISTS"):
        while j < len(tokens) and tokens[j] != "{":
            j += 1
    opening = tokens[j] if j < len(tokens) else ""
    if opening not in ("{", "("):
        return None
    closing = "}" if opening == "{" else ")"
    depth = 0
    for k in range(j, len(tokens)):
        if tokens[k] == opening:
            depth += 1
        elif tokens[k] == closing:
            depth -= 1
            if depth == 0:
                return k + 1
    return None


# ---------------------------------------------------------------------------------------------------------
# Value tests, as pyshacl's own constraint components decide them
# ---------------------------------------------------------------------------------------------------------

_STRINGS = (XSD.string, RDF.langString)
_LITERAL, _DATATYPE, _XSD_STRING, _LANG_STRING = RDFS.Literal, RDFS.Datatype, XSD.string, RDF.langString
_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}


def _datatype_matches(v: Node, rule: Node) -> bool:
    """pyshacl's DatatypeConstraintComponent (literal of that datatype, not ill-typed, right Python value)."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        if getattr(v, "ill_typed", None) is True:
            return False
        return _actual_datatype(v, rule)
    if rule == _LITERAL:
        return True
    if rule == _DATATYPE and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == _XSD_STRING:
        return _actual_datatype(v, rule)
    if rule == _LANG_STRING and v.language:
        return _actual_datatype(v, rule)
    return False


def _actual_datatype(v: Literal, rule: Node) -> bool:
    expected = _PYTHON_TYPES.get(rule)
    return True if expected is None else isinstance(v.value, expected)


def _pattern_matcher(pattern: Node, flags: Node | None) -> Callable[[Node], bool]:
    """pyshacl's PatternConstraintComponent: flags i and m only; ``match`` then ``search``; no blank node."""
    re_flags = 0
    if flags is not None:
        text = str(flags.value if isinstance(flags, Literal) else flags).lower()
        re_flags |= re.I if "i" in text else 0
        re_flags |= re.M if "m" in text else 0
    source = (
        str(pattern.value)
        if isinstance(pattern, Literal) and pattern.value is not None and len(pattern.value) > 1
        else str(pattern)
    )
    matcher = re.compile(source, re_flags)

    def matches(v: Node) -> bool:
        if isinstance(v, BNode):
            return False
        if isinstance(v, Literal) and v.value is not None and (v.datatype is None or v.datatype in _STRINGS):
            text = str(v.value)
        else:
            text = str(v)
        return bool(matcher.match(text) or matcher.search(text))

    return matches


def _language_ok(v: Node, allowed: set[str]) -> bool:
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in allowed or lang in allowed or lang.split("-")[0] in allowed


def _duplicate_language(vs: AbstractSet[Node]) -> bool:
    seen: set[str] = set()
    for v in vs:
        if isinstance(v, Literal) and v.language:
            lang = str(v.language).lower()
            if lang in seen:
                return True
            seen.add(lang)
    return False


def _in_range(v: Node, p: URIRef, bound: Node) -> bool:
    """pyshacl's value-range components: literals only, strings against strings, compare_literal."""
    if not isinstance(v, Literal) or not isinstance(bound, Literal):
        return False
    if isinstance(v.value, str) != isinstance(bound.value, str):
        return False
    try:
        cmp = compare_literal(v, bound)
    except (TypeError, NotImplementedError):
        return False
    if p == SH.minInclusive:
        return cmp >= 0
    if p == SH.minExclusive:
        return cmp > 0
    if p == SH.maxInclusive:
        return cmp <= 0
    return cmp < 0


def _comparable(v: Node) -> tuple[str | Literal, bool]:
    """A node as pyshacl's sh:lessThan(OrEquals) compares it: IRIs and string literals as Python strings,
    other literals as rdflib compares them."""
    if isinstance(v, URIRef):
        return str(v), True
    if isinstance(v, Literal):
        return (v.value, True) if isinstance(v.value, str) else (v, False)
    raise TypeError(f"pyshacl refuses to compare {v!r}")  # a blank node (a value is no other kind of node)


def _ordered(v: Node, w: Node, or_equal: bool) -> bool:
    """True when pyshacl's sh:lessThan (``or_equal``: sh:lessThanOrEquals) certainly accepts the value ``v``
    against the other property's value ``w`` (the same conversions and Python comparison as pyshacl)."""
    try:
        left, left_string = _comparable(v)
        right, right_string = _comparable(w)
        if left_string != right_string:
            return False
        return bool(left <= right if or_equal else left < right)
    except Exception:  # pyshacl would raise (or decide) here: let it
        return False


def _node_kind_ok(v: Node, kind: Node) -> bool:
    kinds: dict[Node, tuple[type[Node], ...]] = {
        SH.IRI: (URIRef,),
        SH.BlankNode: (BNode,),
        SH.Literal: (Literal,),
        SH.BlankNodeOrIRI: (BNode, URIRef),
        SH.BlankNodeOrLiteral: (BNode, Literal),
        SH.IRIOrLiteral: (URIRef, Literal),
    }
    allowed = kinds.get(kind)
    return allowed is not None and isinstance(v, allowed)


# ---------------------------------------------------------------------------------------------------------
# Narrowing the shapes and validating
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Narrowed:
    """The shapes with their targets replaced by the candidate focus nodes, and what was found."""

    shapes: Graph
    focus: int  # focus nodes of the top-level shapes, in all
    candidates: int  # those kept for pyshacl
    kept_whole: list[str]  # shapes left as they are (a construct this module does not evaluate)


def store_of(graph: Graph) -> ox.Store:
    """A pyoxigraph store holding ``graph`` (for the SPARQL-based targets and constraints)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (back as it was after).

    Evaluating the shapes allocates millions of small objects (sets, tuples) that create no reference cycles;
    each time they trigger a full collection, it walks every object of the data graph: 1.7 s of 6.8 s at
    3,000 roles. (``gc.freeze()`` instead was no faster than leaving the GC on.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def narrow(data: Graph, shapes: Graph, store: ox.Store | None = None) -> Narrowed:
    """A copy of ``shapes`` in which each top-level shape targets only its focus nodes that might fail.

    ``store``: the data graph in pyoxigraph, if the caller has it (else it is built from ``data``).
    """
    with _gc_paused():
        return _narrow(data, shapes, store)


def _narrow(data: Graph, shapes: Graph, store: ox.Store | None) -> Narrowed:
    store = store_of(data) if store is None else store
    compiler = _Compiler(_Data(data), shapes, store)
    out = Graph()
    for prefix, namespace in shapes.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in shapes:
        out.add(triple)
    top = sorted({s for p in TARGETS for s in shapes.subjects(p, None)}, key=str)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fastshacl-sparql") as pool:
        compiler.prefetch(pool, top)
        # the shapes without a SPARQL target first: their evaluation overlaps the queries
        order = sorted(top, key=lambda shape: (shapes.value(shape, SH.target) is not None, str(shape)))
        return _narrow_shapes(compiler, shapes, out, order)


def _narrow_shapes(compiler: _Compiler, shapes: Graph, out: Graph, top: list[Node]) -> Narrowed:
    focus_total = kept = 0
    kept_whole: list[str] = []
    for shape in top:
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue  # pyshacl skips it; leave it as it is
        if any((shape, RDF.type, c) in shapes for c in (RDFS.Class, OWL.Class)):
            kept_whole.append(f"{shape}: an implicit class target")
            continue
        try:
            focus = compiler.focus_nodes(shape)
        except _Unsupported as exc:
            kept_whole.append(f"{shape}: {exc}")
            continue
        candidates = sorted(compiler.bounds(shape, focus)[0], key=str)
        focus_total += len(focus)
        kept += len(candidates)
        for p in TARGETS:
            out.remove((shape, p, None))
        for node in candidates:
            out.add((shape, SH.targetNode, node))
    kept_whole.sort()  # in the shapes' order, whatever the evaluation order
    kept_whole += compiler.unsupported
    return Narrowed(out, focus_total, kept, kept_whole)


def result_keys(report: Graph, shapes: Graph | None = None) -> set[tuple]:
    """The results of a SHACL report graph as ``(focus, path, shape, severity, value)`` tuples, comparable
    across runs: paths as SPARQL-like text, blank-node shapes by their nearest named shape and path."""
    keys = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.result, result) not in report:
            continue  # a nested sh:detail result
        shape = report.value(result, SH.sourceShape)
        if isinstance(shape, URIRef):
            shape_key = str(shape)
        else:
            shape_key = _shape_key(shapes, shape) if shapes and shape is not None else "_"
        path = report.value(result, SH.resultPath)
        # pyshacl copies a complex path's top blank node from the shapes graph, but not all of its nesting.
        where = shapes if shapes is not None and (path, None, None) in shapes else report
        keys.add(
            (
                report.value(result, SH.focusNode),
                str(path) if isinstance(path, URIRef) else path_text(where, path),
                shape_key,
                report.value(result, SH.resultSeverity),
                report.value(result, SH.value),
                report.value(result, SH.sourceConstraintComponent),
            )
        )
    return keys


def _shape_key(shapes: Graph, shape: Node) -> str:
    """A blank-node shape as its nearest named shape and its path."""
    path = path_text(shapes, shapes.value(shape, SH.path))
    return f"{named_shape(shapes, shape)} {path}"


def candidates_of(data: Graph, shapes: Graph, nodes: Iterable[Node]) -> set[Node]:
    """Of ``nodes``, those some top-level shape might report (for tests)."""
    narrowed = narrow(data, shapes)
    wanted = set(nodes)
    return {o for o in narrowed.shapes.objects(None, SH.targetNode) if o in wanted}
