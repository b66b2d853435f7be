"""The OWL axioms that the rule-based materialisation and the inconsistency diagnosis rely on.

Nothing here is specific to airoles: every axiom is read from the Turtle (``owl:inverseOf``,
``owl:propertyChainAxiom``, ``owl:equivalentClass`` definitions, ...), so the code follows the ontology when
it changes. Only the OWL constructs the airoles ontology uses are understood; a class definition that uses
another construct becomes :class:`Unsupported` and is reported, never silently misread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from airoles_kg.core.closure import reachable

# --- class expressions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A named class."""

    iri: URIRef


@dataclass(frozen=True)
class And:
    """``owl:intersectionOf``."""

    parts: tuple[ClassExpr, ...]


@dataclass(frozen=True)
class Or:
    """``owl:unionOf``."""

    parts: tuple[ClassExpr, ...]


@dataclass(frozen=True)
class Some:
    """``owl:someValuesFrom`` on an object property (``inverse``: the property is ``[owl:inverseOf p]``)."""

    prop: URIRef
    filler: ClassExpr
    inverse: bool = False


@dataclass(frozen=True)
class HasValue:
    """``owl:hasValue`` on an object property."""

    prop: URIRef
    value: URIRef
    inverse: bool = False


@dataclass(frozen=True)
class OneOf:
    """``owl:oneOf``: a closed list of individuals."""

    members: frozenset[URIRef]


@dataclass(frozen=True)
class Unsupported:
    """A construct this module does not evaluate (cardinalities, ``allValuesFrom``, ...)."""

    why: str


ClassExpr = Named | And | Or | Some | HasValue | OneOf | Unsupported

Step = tuple[URIRef, bool]  # (property, inverted?) — one link of a property chain


@dataclass
class TBox:
    """The axioms of one graph, indexed for rule application and diagnosis."""

    object_properties: set[URIRef] = field(default_factory=set)
    datatype_properties: set[URIRef] = field(default_factory=set)
    # named class -> itself and every named class above it (rdfs:subClassOf / named owl:equivalentClass)
    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    # named class -> the named classes an axiom declares disjoint from it
    disjoint: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    # property -> its inverse properties (both directions of every owl:inverseOf)
    inverses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    # (property, chain) for every owl:propertyChainAxiom
    chains: list[tuple[URIRef, tuple[Step, ...]]] = field(default_factory=list)
    transitive: set[URIRef] = field(default_factory=set)
    # property -> itself and every property above it (rdfs:subPropertyOf, named only)
    superproperties: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    # property -> declared domains / ranges (a named class or a union of named classes)
    domains: dict[URIRef, list[ClassExpr]] = field(default_factory=dict)
    ranges: dict[URIRef, list[ClassExpr]] = field(default_factory=dict)
    datatype_ranges: dict[URIRef, list[URIRef]] = field(default_factory=dict)  # data property -> datatypes
    functional: set[URIRef] = field(default_factory=set)
    # class -> closed list of its members (owl:equivalentClass [ owl:oneOf (...) ])
    enumerations: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    # individual -> individuals declared different from it (owl:AllDifferent, owl:differentFrom)
    different: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    # named class -> its non-enumeration definitions (owl:equivalentClass to a class expression)
    definitions: dict[URIRef, list[ClassExpr]] = field(default_factory=dict)
    # every IRI above -> the one object that stands for it everywhere in this TBox (see `_interned`)
    terms: dict[URIRef, URIRef] = field(default_factory=dict)

    def supers(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and its named superclasses."""
        return self.superclasses.get(cls, {cls})

    def are_disjoint(self, a: URIRef, b: URIRef) -> bool:
        """Whether an axiom declares the named classes ``a`` and ``b`` disjoint."""
        return b in self.disjoint.get(a, ())

    def are_different(self, a: Node, b: Node) -> bool:
        """Whether ``a`` and ``b`` are declared different individuals."""
        return isinstance(a, URIRef) and b in self.different.get(a, ())


def _rdf_list(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _property_ref(graph: Graph, node: Node) -> Step | None:
    """A named property, or ``[owl:inverseOf p]``, as (property, inverted)."""
    if isinstance(node, URIRef):
        return node, False
    inner = graph.value(node, OWL.inverseOf)
    if isinstance(inner, URIRef):
        return inner, True
    return None


def class_expression(graph: Graph, node: Node) -> ClassExpr:
    """Read the class expression at ``node`` (a named class or an anonymous OWL construct)."""
    if isinstance(node, URIRef):
        return Named(node)
    parts = graph.value(node, OWL.intersectionOf)
    if parts is not None:
        return And(tuple(class_expression(graph, p) for p in _rdf_list(graph, parts)))
    parts = graph.value(node, OWL.unionOf)
    if parts is not None:
        return Or(tuple(class_expression(graph, p) for p in _rdf_list(graph, parts)))
    members = graph.value(node, OWL.oneOf)
    if members is not None:
        listed = _rdf_list(graph, members)
        if all(isinstance(m, URIRef) for m in listed):
            return OneOf(frozenset(listed))  # type: ignore[arg-type]
        return Unsupported("owl:oneOf with literals or blank nodes")
    on_property = graph.value(node, OWL.onProperty)
    if on_property is not None:
        ref = _property_ref(graph, on_property)
        if ref is None:
            return Unsupported("restriction on an unnamed property expression")
        prop, inverted = ref
        filler = graph.value(node, OWL.someValuesFrom)
        if filler is not None:
            return Some(prop, class_expression(graph, filler), inverted)
        value = graph.value(node, OWL.hasValue)
        if isinstance(value, URIRef):
            return HasValue(prop, value, inverted)
        kinds = sorted(
            graph.qname(p)
            for p in graph.predicates(node)
            if isinstance(p, URIRef) and p not in (RDF.type, OWL.onProperty)
        )
        return Unsupported(f"restriction using {', '.join(kinds) or 'nothing'}")
    if graph.value(node, OWL.complementOf) is not None:
        return Unsupported("owl:complementOf")
    return Unsupported("unrecognised class expression")


def _closure(direct: dict[URIRef, set[URIRef]], nodes: Iterable[URIRef]) -> dict[URIRef, set[URIRef]]:
    """Reflexive-transitive closure of ``direct`` from each node (iterative: no recursion limit)."""
    return {start: reachable(start, direct) for start in nodes}


def _add_pairwise(target: dict[URIRef, set[URIRef]], members: list[Node]) -> None:
    named = [m for m in members if isinstance(m, URIRef)]
    for a in named:
        for b in named:
            if a != b:
                target.setdefault(a, set()).add(b)


def read_tbox(graph: Graph) -> TBox:
    """Index the OWL axioms of ``graph`` (usually the ontology plus the knowledge base)."""
    tbox = TBox()
    tbox.object_properties = {
        p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)
    }
    tbox.object_properties |= {
        p for p in graph.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)
    }
    tbox.datatype_properties = {
        p for p in graph.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)
    }
    tbox.functional = {p for p in graph.subjects(RDF.type, OWL.FunctionalProperty) if isinstance(p, URIRef)}
    tbox.transitive = {p for p in graph.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)}

    for cls, definition in graph.subject_objects(OWL.equivalentClass):
        if not isinstance(cls, URIRef) or isinstance(definition, URIRef):
            continue
        expr = class_expression(graph, definition)
        if isinstance(expr, OneOf):
            tbox.enumerations[cls] = expr.members
        else:
            tbox.definitions.setdefault(cls, []).append(expr)

    # Class hierarchy: subClassOf between named classes; a named equivalence counts both ways, and so does
    # the named conjunct of a definition (ManagementRole ≡ Role ⊓ ... makes ManagementRole a Role).
    up: dict[URIRef, set[URIRef]] = {}
    classes: set[URIRef] = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    for cls, exprs in tbox.definitions.items():
        for expr in exprs:
            for part in expr.parts if isinstance(expr, And) else (expr,):
                if isinstance(part, Named):
                    up.setdefault(cls, set()).add(part.iri)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            up.setdefault(sub, set()).add(sup)
            classes |= {sub, sup}
    for a, b in graph.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            up.setdefault(a, set()).add(b)
            up.setdefault(b, set()).add(a)
            classes |= {a, b}
    tbox.superclasses = _closure(up, classes)

    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        _add_pairwise(tbox.disjoint, _rdf_list(graph, graph.value(axiom, OWL.members)))
    for a, b in graph.subject_objects(OWL.disjointWith):
        _add_pairwise(tbox.disjoint, [a, b])

    for axiom in graph.subjects(RDF.type, OWL.AllDifferent):
        members = graph.value(axiom, OWL.distinctMembers) or graph.value(axiom, OWL.members)
        _add_pairwise(tbox.different, _rdf_list(graph, members))
    for a, b in graph.subject_objects(OWL.differentFrom):
        _add_pairwise(tbox.different, [a, b])

    for p, q in graph.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            tbox.inverses.setdefault(p, set()).add(q)
            tbox.inverses.setdefault(q, set()).add(p)

    for prop, head in graph.subject_objects(OWL.propertyChainAxiom):
        steps = [_property_ref(graph, s) for s in _rdf_list(graph, head)]
        if isinstance(prop, URIRef) and steps and all(s is not None for s in steps):
            tbox.chains.append((prop, tuple(steps)))  # type: ignore[arg-type]
    tbox.chains.sort()

    sub_up: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            sub_up.setdefault(sub, set()).add(sup)
    tbox.superproperties = _closure(sub_up, set(sub_up) | tbox.object_properties | tbox.datatype_properties)

    for prop, dom in graph.subject_objects(RDFS.domain):
        if isinstance(prop, URIRef):
            tbox.domains.setdefault(prop, []).append(class_expression(graph, dom))
    for prop, rng in graph.subject_objects(RDFS.range):
        if isinstance(prop, URIRef) and prop in tbox.object_properties:
            tbox.ranges.setdefault(prop, []).append(class_expression(graph, rng))
        elif isinstance(prop, URIRef) and prop in tbox.datatype_properties and isinstance(rng, URIRef):
            tbox.datatype_ranges.setdefault(prop, []).append(rng)

    return _interned(tbox)


def _interned(tbox: TBox) -> TBox:
    """``tbox`` with one URIRef object per IRI throughout, listed in :attr:`TBox.terms`.

    Why: rdflib's ``URIRef.__eq__`` is Python code, and a set or dictionary calls it whenever two equal IRIs
    are distinct objects (the same object is recognised without it). The rules add each class's superclasses
    to millions of type sets and look classes up in them: with the readers of the facts mapping the classes
    they read to these objects (:func:`airoles_kg.reasoning.rules.read_facts`), those are identity checks.
    """
    terms: dict[URIRef, URIRef] = {}

    def one(iri: URIRef) -> URIRef:
        return terms.setdefault(iri, iri)

    def expr(e: ClassExpr) -> ClassExpr:
        if isinstance(e, Named):
            return Named(one(e.iri))
        if isinstance(e, And):
            return And(tuple(expr(p) for p in e.parts))
        if isinstance(e, Or):
            return Or(tuple(expr(p) for p in e.parts))
        if isinstance(e, Some):
            return Some(one(e.prop), expr(e.filler), e.inverse)
        if isinstance(e, HasValue):
            return HasValue(one(e.prop), one(e.value), e.inverse)
        if isinstance(e, OneOf):
            return OneOf(frozenset(one(m) for m in e.members))
        return e

    def sets(index: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
        return {one(k): {one(v) for v in vs} for k, vs in index.items()}

    def exprs(index: dict[URIRef, list[ClassExpr]]) -> dict[URIRef, list[ClassExpr]]:
        return {one(k): [expr(e) for e in es] for k, es in index.items()}

    # replace(): a field added to TBox later and not listed here keeps its value (only not interned).
    return replace(
        tbox,
        object_properties={one(p) for p in tbox.object_properties},
        datatype_properties={one(p) for p in tbox.datatype_properties},
        superclasses=sets(tbox.superclasses),
        disjoint=sets(tbox.disjoint),
        inverses=sets(tbox.inverses),
        chains=[(one(p), tuple((one(q), inv) for q, inv in steps)) for p, steps in tbox.chains],
        transitive={one(p) for p in tbox.transitive},
        superproperties=sets(tbox.superproperties),
        domains=exprs(tbox.domains),
        ranges=exprs(tbox.ranges),
        datatype_ranges={one(p): [one(d) for d in ds] for p, ds in tbox.datatype_ranges.items()},
        functional={one(p) for p in tbox.functional},
        enumerations={one(c): frozenset(one(m) for m in ms) for c, ms in tbox.enumerations.items()},
        different=sets(tbox.different),
        definitions=exprs(tbox.definitions),
        terms=terms,
    )
