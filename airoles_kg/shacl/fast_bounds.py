"""Shapes evaluated on sets of nodes, for the fast SHACL path (:mod:`airoles_kg.shacl.fast`).

:class:`_Compiler` gives, for a shape and a set of focus nodes, ``(may fail, may pass)`` bounds of what
pyshacl would decide: SHACL paths over the per-predicate dictionaries of
:class:`airoles_kg.shacl.fast_data._Data`, every constraint component (the per-value tests of
:mod:`airoles_kg.shacl.fast_values`), the logical and qualified ones, SPARQL-based constraints (its base
class, :mod:`airoles_kg.shacl.fast_sparql`).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cache, partial

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from airoles_kg.shacl.fast_data import _Data, _Unsupported
from airoles_kg.shacl.fast_sparql import _SparqlQueries
from airoles_kg.shacl.fast_values import (
    _datatype_matches,
    _duplicate_language,
    _in_range,
    _language_ok,
    _node_kind_ok,
    _ordered,
    _pattern_matcher,
)

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
# What a blank path node may be: a sequence (a list) or one of the path operators.
_PATH_KINDS = (
    RDF.first,
    SH.inversePath,
    SH.alternativePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
)
_RANGES = (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive)


# ---------------------------------------------------------------------------------------------------------
# Shapes evaluated on sets of nodes: (may fail, may pass) bound what pyshacl would decide
# ---------------------------------------------------------------------------------------------------------

Bounds = tuple[set[Node], set[Node]]  # (nodes that may fail, nodes that may conform)
# focus node -> value nodes (None: each node is its own value); a node without values shares one frozenset
ValueMap = dict[Node, AbstractSet[Node]] | None


@dataclass
class _Compiler(_SparqlQueries):
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
    # (component, parameter) -> (the values tested, those that failed)
    _memo: dict[tuple, tuple[set[Node], set[Node]]] = field(default_factory=dict)
    _more_than: dict[tuple[Node, int], set[Node]] = field(default_factory=dict)  # (path, n) -> the nodes
    _component_parameters: set[Node] | None = None

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
        kinds = [p for p in _PATH_KINDS if g.value(node, p) is not None]
        if (
            len(kinds) > 1
        ):  # malformed (e.g. a list that also has sh:inversePath): engines read it differently
            raise _Unsupported(f"a path node with {' and '.join(str(k) for k in kinds)}")
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
        values: dict[Node, set[Node]] | None = None
        if path_node is not None:
            values, empty = self.path(path_node), frozenset[Node]()
            vmap = {x: values.get(x, empty) for x in nodes}
        # The values of all the nodes, once per shape whatever the number of its components that read them.
        universe = cache(lambda: self._universe(nodes, vmap))
        fail: set[Node] = set()
        passes: set[Node] = set(nodes)
        for p in set(g.predicates(shape)):
            if p in self._parameters():
                # A parameter of a constraint component the shapes declare (sh:ConstraintComponent): its
                # validator is SPARQL pyshacl runs per focus node; this path does not evaluate it.
                raise _Unsupported(f"a parameter of a declared constraint component ({p})")
            if not isinstance(p, URIRef) or p in _PASSIVE or not str(p).startswith(_SH):
                continue
            f, ok = self._component(shape, p, list(g.objects(shape, p)), nodes, vmap, values, universe)
            fail |= f
            passes &= ok
        return fail, passes

    def _parameters(self) -> set[Node]:
        """The paths of the parameters of every constraint component declared in the shapes graph."""
        if self._component_parameters is None:
            g = self.shapes
            self._component_parameters = {
                path for parameter in g.objects(None, SH.parameter) for path in g.objects(parameter, SH.path)
            }
        return self._component_parameters

    def _universe(self, nodes: set[Node], vmap: ValueMap) -> set[Node]:
        return set(nodes) if vmap is None else set().union(*vmap.values()) if vmap else set()

    def _bad_values(self, key: tuple, universe: set[Node], ok: Callable[[Node], bool]) -> set[Node]:
        """The values of ``universe`` that fail a per-value test, memoised per component and parameter as two
        sets, the values tested and those that failed. Only the values not tested yet are tested: the sets'
        differences and intersections run in C on the hashes the sets keep (rdflib's ``Literal.__hash__`` is
        a Python call, made once per value, when it enters a set). Equal terms (the same text, datatype and
        language) have the same test result, so a term may stand for an equal one."""
        tested, bad = self._memo.setdefault(key, (set(), set()))
        new = universe - tested
        if new:
            bad.update(v for v in new if not ok(v))
            tested |= new
        return universe & bad

    def _component(
        self,
        shape: Node,
        p: URIRef,
        objects: list[Node],
        nodes: set[Node],
        vmap: ValueMap,
        values: dict[Node, set[Node]] | None,
        universe_of: Callable[[], set[Node]],
    ) -> Bounds:
        """One constraint parameter's bounds over ``nodes``: ``vmap`` their values, ``values`` the path's
        value sets (None without a path), ``universe_of`` all their values."""
        g, data = self.shapes, self.data

        def by_value(bad: set[Node]) -> Bounds:  # an exact per-value test: any bad value fails the node
            return _lift(nodes, vmap, bad, None)

        def per_node(failing: Callable[[Node, AbstractSet[Node]], bool]) -> Bounds:  # an exact per-node test
            fail = {x for x in nodes if failing(x, {x} if vmap is None else vmap[x])}
            return fail, set(nodes) - fail

        if p == SH.minCount:
            n = int(str(objects[0]))
            if n == 1 and values is not None:  # the nodes without a value (a path's value set is not empty)
                fail = nodes.difference(values)
                return fail, nodes - fail
            return per_node(lambda x, vs: len(vs) < n)
        if p == SH.maxCount:
            n = int(str(objects[0]))
            path = g.value(shape, SH.path)
            if values is not None and path is not None:  # values: the path's (the shape has one)
                fail = nodes & self._more_than_values(path, values, n)
                return fail, nodes - fail
            return per_node(lambda x, vs: len(vs) > n)
        universe = universe_of()
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

    def _more_than_values(self, path: Node, values: dict[Node, set[Node]], n: int) -> set[Node]:
        """The nodes with more than ``n`` values on ``path`` (its ``values``), once per path and count."""
        found = self._more_than.get((path, n))
        if found is None:
            found = self._more_than[(path, n)] = {x for x, vs in values.items() if len(vs) > n}
        return found

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


def _lift(nodes: set[Node], vmap: ValueMap, value_fail: set[Node], value_pass: set[Node] | None) -> Bounds:
    """Bounds over values to bounds over focus nodes: a node may fail if one of its values may fail, and may
    pass if all its values may pass (``value_pass`` None: an exact test, the complement of the failures)."""
    if vmap is None:
        fail = nodes & value_fail
        return fail, (nodes - fail) if value_pass is None else (nodes & value_pass)
    # Most values pass: a node's values are then read only when some value may fail, or may not pass.
    fail = {x for x, vs in vmap.items() if not vs.isdisjoint(value_fail)} if value_fail else set()
    if value_pass is None:
        return fail, set(nodes) - fail
    return fail, {x for x, vs in vmap.items() if vs <= value_pass}
