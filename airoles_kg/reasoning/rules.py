"""Rule-based materialisation: the inferences the ontology is designed for, without a DL reasoner.

HermiT takes minutes on graphs beyond ~10,000 individuals. The ontology's designed inferences only need a
handful of rule kinds, applied to a fixpoint in plain Python over dictionaries (no SPARQL property paths,
which hit Python's recursion limit on long chains):

* sub-properties (``canBecome`` ⊑ ``canEventuallyBecome``), inverses (``owl:inverseOf``), property chains
  (``owl:propertyChainAxiom``) and transitive properties (closure through strongly connected components);
* types: declared domains and ranges, the class hierarchy, closed enumerations (``owl:oneOf``) and defined
  classes (``owl:equivalentClass`` to an intersection / union / someValuesFrom / hasValue expression).

Every rule is read from the ontology (:mod:`airoles_kg.reasoning.tbox`); none names an airoles term.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from airoles_kg.core.store import pairs
from airoles_kg.reasoning.tbox import (
    And,
    ClassExpr,
    HasValue,
    Named,
    OneOf,
    Or,
    Some,
    TBox,
    Unsupported,
    read_tbox,
)

Index = dict[URIRef, set[URIRef]]  # subject -> objects, for one property

_META_NAMESPACES = (str(OWL), str(RDF), str(RDFS))


@dataclass
class Facts:
    """The individuals' property values and named types, as indexes the rules extend in place."""

    values: dict[URIRef, Index] = field(default_factory=dict)  # property -> subject -> objects
    types: dict[URIRef, set[URIRef]] = field(default_factory=dict)  # individual -> named classes
    data_subjects: dict[URIRef, set[URIRef]] = field(default_factory=dict)  # datatype property -> subjects
    unsupported: set[str] = field(default_factory=set)  # definitions that could not be evaluated

    def index(self, prop: URIRef) -> Index:
        return self.values.setdefault(prop, {})

    def size(self) -> int:
        """How many facts there are (the rules' fixpoint test: nothing was added when it has not grown)."""
        # map(len, ...) runs in C: at 30,000 roles the fixpoints count millions of sets a dozen times.
        return sum(sum(map(len, idx.values())) for idx in self.values.values()) + sum(
            map(len, self.types.values())
        )

    def copy(self) -> Facts:
        """A copy whose indexes and sets can be extended without changing these facts."""
        return Facts(
            {p: {s: set(objs) for s, objs in idx.items()} for p, idx in self.values.items()},
            {s: set(classes) for s, classes in self.types.items()},
            {p: set(subjects) for p, subjects in self.data_subjects.items()},
            set(self.unsupported),
        )


def read_facts(graph: Graph, tbox: TBox) -> Facts:
    """The asserted individual-level facts of ``graph``: object property values between IRIs, named types."""
    facts = Facts()
    # class -> the object it is kept as (the TBox's own, see tbox._interned), None for an OWL/RDF/RDFS term
    # (a few hundred classes, each looked up once)
    classes: dict[URIRef, URIRef | None] = {}
    terms = tbox.terms
    for s, c in pairs(graph, RDF.type):
        if isinstance(s, URIRef) and isinstance(c, URIRef):
            if c not in classes:
                classes[c] = None if str.startswith(c, _META_NAMESPACES) else terms.get(c, c)
            kept = classes[c]
            if kept is not None:
                facts.types.setdefault(s, set()).add(kept)
    for prop in tbox.object_properties:
        index = facts.index(prop)
        for s, o in pairs(graph, prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                index.setdefault(s, set()).add(o)
        if not index:
            del facts.values[prop]  # as before: a property without values has no index
    for prop in tbox.datatype_properties:
        subjects = {s for s, o in pairs(graph, prop) if isinstance(s, URIRef) and isinstance(o, Literal)}
        if subjects:
            facts.data_subjects[prop] = subjects
    return facts


def inverse_index(index: Index) -> Index:
    """object -> subjects."""
    inverted: Index = {}
    for s, objs in index.items():
        for o in objs:
            inverted.setdefault(o, set()).add(s)
    return inverted


def _merge(target: Index, source: Index) -> None:
    for s, objs in source.items():
        target.setdefault(s, set()).update(objs)


def transitive_closure(index: Index) -> Index:
    """Pairs (a, c) linked by one or more steps of ``index``. Strongly connected components are collapsed,
    and reachability is computed once per component on the condensed DAG with integer bitsets."""
    digraph = nx.DiGraph()
    for s, objs in index.items():
        for o in objs:
            digraph.add_edge(s, o)
    condensed = nx.condensation(digraph)
    members: dict[int, list[URIRef]] = {c: sorted(condensed.nodes[c]["members"]) for c in condensed}
    order = {node: i for i, node in enumerate(sorted(digraph.nodes))}
    nodes = sorted(digraph.nodes)
    bits = {c: sum(1 << order[m] for m in members[c]) for c in condensed}
    reach: dict[int, int] = {}
    for comp in reversed(list(nx.topological_sort(condensed))):
        acc = 0
        for succ in condensed.successors(comp):
            acc |= bits[succ] | reach[succ]
        # Inside a cycle (or with a self loop) every member reaches every member, itself included.
        if len(members[comp]) > 1 or digraph.has_edge(members[comp][0], members[comp][0]):
            acc |= bits[comp]
        reach[comp] = acc
    closure: Index = {}
    for comp, mask in reach.items():
        if not mask:
            continue
        targets = {nodes[i] for i in _set_bits(mask)}
        for m in members[comp]:
            closure[m] = set(targets)
    return closure


def _set_bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _compose(left: Index, right: Index) -> Index:
    out: Index = {}
    for s, mids in left.items():
        found: set[URIRef] = set()
        for m in mids:
            found |= right.get(m, set())
        if found:
            out[s] = found
    return out


def _count(facts: Facts, prop: URIRef) -> int:
    """How many values ``prop`` has."""
    return sum(map(len, facts.values.get(prop, {}).values()))


def _apply_property_rules(
    facts: Facts, tbox: TBox, seen: dict[object, tuple[int, ...]] | None = None
) -> None:
    """Sub-properties, inverses, chains and transitivity, to a fixpoint.

    ``seen``: for each rule, how many values its input properties had when it last ran (kept across calls
    by :func:`entail`). Facts only grow, so an input of the same size is the same input: the rule would
    add nothing, and is skipped (at 30,000 roles, flipping every inverse property again in each round took
    a quarter of the rules' time).
    """
    seen = {} if seen is None else seen

    def changed(rule: object, *props: URIRef) -> bool:
        sizes = tuple(_count(facts, prop) for prop in props)
        if seen.get(rule) == sizes:
            return False
        seen[rule] = sizes
        return True

    while True:
        before = facts.size()
        for prop, supers in tbox.superproperties.items():
            for sup in supers - {prop}:
                if (
                    prop in facts.values
                    and sup in tbox.object_properties
                    and changed(("sub", prop, sup), prop)
                ):
                    _merge(facts.index(sup), facts.values[prop])
        for prop, inverses in tbox.inverses.items():
            if prop in facts.values and changed(("inverse", prop), prop):
                flipped = inverse_index(facts.values[prop])
                for inv in inverses:
                    _merge(facts.index(inv), flipped)
        for target, steps in tbox.chains:
            if not changed(("chain", target, steps), *(p for p, _ in steps)):
                continue
            relations = [
                inverse_index(facts.values.get(p, {})) if inverted else facts.values.get(p, {})
                for p, inverted in steps
            ]
            composed = relations[0]
            for rel in relations[1:]:
                composed = _compose(composed, rel)
            _merge(facts.index(target), composed)
        for prop in tbox.transitive:
            if facts.values.get(prop) and changed(("transitive", prop), prop):
                _merge(facts.index(prop), transitive_closure(facts.values[prop]))
                seen[("transitive", prop)] = (_count(facts, prop),)  # closed: the same size next time
        if facts.size() == before:
            return


def _holds(expr: ClassExpr, node: URIRef, facts: Facts, inverse_cache: dict[URIRef, Index]) -> bool:
    """Whether ``node`` is known to be an instance of ``expr`` (closed over the named individuals)."""
    if isinstance(expr, Named):
        return expr.iri in facts.types.get(node, ())
    if isinstance(expr, And):
        return all(_holds(p, node, facts, inverse_cache) for p in expr.parts)
    if isinstance(expr, Or):
        return any(_holds(p, node, facts, inverse_cache) for p in expr.parts)
    if isinstance(expr, OneOf):
        return node in expr.members
    if isinstance(expr, Some | HasValue):
        if expr.inverse:
            if expr.prop not in inverse_cache:
                inverse_cache[expr.prop] = inverse_index(facts.values.get(expr.prop, {}))
            neighbours = inverse_cache[expr.prop].get(node, set())
        else:
            neighbours = facts.values.get(expr.prop, {}).get(node, set())
        if isinstance(expr, HasValue):
            return expr.value in neighbours
        return any(_holds(expr.filler, n, facts, inverse_cache) for n in neighbours)
    return False


def _unsupported(expr: ClassExpr) -> list[str]:
    if isinstance(expr, Unsupported):
        return [expr.why]
    if isinstance(expr, And | Or):
        return [why for p in expr.parts for why in _unsupported(p)]
    if isinstance(expr, Some):
        return _unsupported(expr.filler)
    return []


def _add_types(facts: Facts, nodes: Iterable[URIRef], cls: URIRef, tbox: TBox) -> None:
    """Type each of ``nodes`` with ``cls`` and its superclasses (looked up once: domains type millions of
    nodes)."""
    classes, types = tbox.supers(cls), facts.types
    for node in nodes:
        found = types.get(node)
        if found is None:
            types[node] = set(classes)
        else:
            found |= classes


def _anchor(expr: ClassExpr) -> URIRef | None:
    """A named class every instance of ``expr`` must have (its own, or one of its conjuncts'), if any."""
    if isinstance(expr, Named):
        return expr.iri
    if isinstance(expr, And):
        for part in expr.parts:
            if isinstance(part, Named):
                return part.iri
    return None


def _apply_type_rules(facts: Facts, tbox: TBox) -> None:
    """Domains and ranges, hierarchy, enumerations and defined classes, to a fixpoint."""
    for prop, exprs in tbox.domains.items():
        subjects = set(facts.values.get(prop, {})) | facts.data_subjects.get(prop, set())
        for expr in exprs:
            if isinstance(expr, Named):
                _add_types(facts, subjects, expr.iri, tbox)
    for prop, exprs in tbox.ranges.items():
        objects = {o for objs in facts.values.get(prop, {}).values() for o in objs}
        for expr in exprs:
            if isinstance(expr, Named):
                _add_types(facts, objects, expr.iri, tbox)
    for cls, enumerated in tbox.enumerations.items():
        _add_types(facts, enumerated, cls, tbox)
    for node in list(facts.types):
        for cls in list(facts.types[node]):
            facts.types[node] |= tbox.supers(cls)
    for cls, exprs in tbox.definitions.items():
        for expr in exprs:
            for why in _unsupported(expr):
                facts.unsupported.add(f"{cls}: {why}")
    individuals = set(facts.types) | {s for idx in facts.values.values() for s in idx}
    # A definition that requires a named class is tried on that class's members only (30,000 Role
    # instances, not 1.2 million individuals); anything else on every individual. Members are nodes with
    # types, so individuals already.
    anchors: dict[ClassExpr, URIRef] = {}
    for exprs in tbox.definitions.values():
        for expr in exprs:
            anchor = _anchor(expr)
            if anchor is not None:
                anchors[expr] = anchor
    while True:
        before = facts.size()
        cache: dict[URIRef, Index] = {}
        members: dict[URIRef, list[URIRef]] = {a: [] for a in anchors.values()}
        for node, classes in facts.types.items():
            for anchor, found in members.items():
                if anchor in classes:
                    found.append(node)
        for cls, exprs in tbox.definitions.items():
            for expr in exprs:
                anchored = anchors.get(expr)
                candidates = members[anchored] if anchored is not None else individuals
                holding = [
                    node
                    for node in candidates
                    if cls not in facts.types.get(node, ()) and _holds(expr, node, facts, cache)
                ]
                _add_types(facts, holding, cls, tbox)
        if facts.size() == before:
            return


def _apply_definition_values(facts: Facts, tbox: TBox) -> bool:
    """``C ≡ ... ⊓ (p hasValue v)``: every member of C has ``p v``. Returns whether anything was added."""
    before = facts.size()
    members: dict[URIRef, set[URIRef]] = {}
    for node, classes in facts.types.items():
        for cls in classes:
            members.setdefault(cls, set()).add(node)
    for cls, exprs in tbox.definitions.items():
        for expr in exprs:
            for part in expr.parts if isinstance(expr, And) else (expr,):
                if isinstance(part, HasValue):
                    for node in members.get(cls, ()):
                        if part.inverse:
                            facts.index(part.prop).setdefault(part.value, set()).add(node)
                        else:
                            facts.index(part.prop).setdefault(node, set()).add(part.value)
    return facts.size() != before


def entailments(graph: Graph, tbox: TBox | None = None) -> Facts:
    """Every fact the rules entail from ``graph`` (asserted facts included)."""
    tbox = tbox or read_tbox(graph)
    return entail(read_facts(graph, tbox), tbox)


def entail(facts: Facts, tbox: TBox) -> Facts:
    """Extend ``facts`` in place with everything the rules entail from them; return them."""
    seen: dict[object, tuple[int, ...]] = {}
    while True:
        _apply_property_rules(facts, tbox, seen)
        _apply_type_rules(facts, tbox)
        if not _apply_definition_values(facts, tbox):
            return facts
