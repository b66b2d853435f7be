"""Explain, in words, why a graph is inconsistent.

HermiT only says *that* the graph is inconsistent. These checks find the usual causes and
name the individuals (by label and CURIE) and the axioms involved:

* an individual that belongs to two classes the ontology declares disjoint — from its declared types, or the
  domain or range of a property it is used with;
* an individual used with a property whose domain or range is a union of classes it is disjoint from;
* a functional property with two values that the ontology declares different (two transition kinds, two
  experience levels, two different numbers);
* a literal the reasoner cannot read, or a data property value outside the property's range
  (:mod:`airoles_kg.core.datatypes`);
* an individual of a closed list (``owl:oneOf``) that is declared different from every member.

A functional property with two values *not* known to differ is not a contradiction — the reasoner concludes
that the two values are the same individual — but it is almost always a mistake: it is reported as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from airoles_kg.core.datatypes import range_problem, render, unusable
from airoles_kg.core.resolve import label
from airoles_kg.reasoning.rules import Facts, read_facts
from airoles_kg.reasoning.tbox import ClassExpr, Named, Or, TBox


@dataclass(frozen=True)
class Problem:
    """One finding: ``kind`` (disjoint, domain, range, functional, enumeration, unsatisfiable, unknown), a
    one-sentence ``message`` and the IRIs of the ``nodes`` involved."""

    kind: str
    message: str
    nodes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "message": self.message, "nodes": list(self.nodes)}


def curie(graph: Graph, node: Node) -> str:
    """``prefix:local`` when a prefix is bound, else ``<iri>``; literals as written in Turtle."""
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return node.n3()


def describe(graph: Graph, node: Node) -> str:
    """An individual as a user knows it: ``role:x « Its label »`` (the CURIE alone when it has no label)."""
    name = curie(graph, node)
    if isinstance(node, URIRef):
        text = label(graph, node)
        if text and text != name:
            return f"{name} « {text} »"
    return name


class _Typing:
    """Each individual's named classes, each with the reason it has it (for the explanation)."""

    def __init__(self, graph: Graph, tbox: TBox, facts: Facts, asserted: dict[URIRef, set[URIRef]]):
        self.graph = graph
        self.tbox = tbox
        self.reasons: dict[URIRef, dict[URIRef, str]] = {}
        for node, classes in asserted.items():
            for cls in classes:
                self._add(node, cls, "declared")
        # Stated values first, so that the reason given is the triple the user wrote when there is one.
        for source, note in ((read_facts(graph, tbox), ""), (facts, " (entailed)")):
            for prop, exprs in tbox.domains.items():
                subjects = sorted(set(source.values.get(prop, {})) | source.data_subjects.get(prop, set()))
                for expr in exprs:
                    if isinstance(expr, Named):
                        for s in subjects:
                            self._add(
                                s,
                                expr.iri,
                                f"subject of {curie(graph, prop)}{note}, whose domain is "
                                f"{curie(graph, expr.iri)}",
                            )
            for prop, exprs in tbox.ranges.items():
                objects = sorted({o for objs in source.values.get(prop, {}).values() for o in objs})
                for expr in exprs:
                    if isinstance(expr, Named):
                        for o in objects:
                            self._add(
                                o,
                                expr.iri,
                                f"value of {curie(graph, prop)}{note}, whose range is "
                                f"{curie(graph, expr.iri)}",
                            )

    def _add(self, node: URIRef, cls: URIRef, why: str) -> None:
        mine = self.reasons.setdefault(node, {})
        for sup in sorted(self.tbox.supers(cls)):
            if sup not in mine:
                if sup == cls:
                    mine[sup] = why
                elif why == "declared":
                    mine[sup] = f"declared {curie(self.graph, cls)}, a subclass of {curie(self.graph, sup)}"
                else:
                    mine[sup] = f"{why}, a subclass of {curie(self.graph, sup)}"

    def classes(self, node: URIRef) -> dict[URIRef, str]:
        return self.reasons.get(node, {})


def _disjoint_problems(graph: Graph, tbox: TBox, typing: _Typing) -> list[Problem]:
    problems = []
    for node in sorted(typing.reasons):
        classes = typing.classes(node)
        for a in sorted(classes):
            for b in sorted(classes):
                if a < b and tbox.are_disjoint(a, b):
                    problems.append(
                        Problem(
                            "disjoint",
                            f"{describe(graph, node)} is both {curie(graph, a)} ({classes[a]}) and "
                            f"{curie(graph, b)} ({classes[b]}), which the ontology says are disjoint classes",
                            (str(node), str(a), str(b)),
                        )
                    )
    return problems


def _union_problems(graph: Graph, tbox: TBox, facts: Facts, typing: _Typing) -> list[Problem]:
    """A property whose domain (or range) is a union: the node must fit one member of the union."""
    problems = []
    for side, axioms in (("domain", tbox.domains), ("range", tbox.ranges)):
        for prop in sorted(axioms):
            values = facts.values.get(prop, {})
            if side == "domain":
                nodes = set(values) | facts.data_subjects.get(prop, set())
            else:
                nodes = {o for objs in values.values() for o in objs}
            for expr in axioms[prop]:
                options = _union_members(expr)
                if not options:
                    continue
                for node in sorted(nodes):
                    classes = typing.classes(node)
                    clash = [
                        next((c for c in sorted(classes) if tbox.are_disjoint(c, opt)), None)
                        for opt in options
                    ]
                    if classes and all(clash):
                        first = clash[0]
                        assert first is not None
                        role = "subject" if side == "domain" else "value"
                        problems.append(
                            Problem(
                                side,
                                f"{describe(graph, node)} is used as the {role} of {curie(graph, prop)}, "
                                f"whose {side} is {' or '.join(curie(graph, o) for o in options)}, but it is "
                                f"{curie(graph, first)} ({classes[first]}), which the ontology says is "
                                f"disjoint from {'each of them' if len(options) > 1 else 'it'}",
                                (str(node), str(prop)),
                            )
                        )
    return problems


def _union_members(expr: ClassExpr) -> list[URIRef]:
    if isinstance(expr, Or) and all(isinstance(p, Named) for p in expr.parts):
        return [p.iri for p in expr.parts]  # type: ignore[union-attr]
    return []


def _known_different(tbox: TBox, facts: Facts, a: Node, b: Node) -> bool:
    if tbox.are_different(a, b):
        return True
    types_a, types_b = facts.types.get(a, set()), facts.types.get(b, set())  # type: ignore[call-overload]
    return any(tbox.are_disjoint(x, y) for x in types_a for y in types_b)


def _literal_values_differ(a: Literal, b: Literal) -> bool:
    """Numbers compare by value (1 = 1.0); other literals by lexical form, datatype and language."""
    va, vb = a.toPython(), b.toPython()
    numbers = (int, float, Decimal)
    if isinstance(va, numbers) and isinstance(vb, numbers):
        return bool(va != vb)
    return (str(a), a.datatype, a.language) != (str(b), b.datatype, b.language)


def _functional_findings(graph: Graph, tbox: TBox, facts: Facts) -> tuple[list[Problem], list[Problem]]:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for prop in sorted(tbox.functional):
        if prop in tbox.object_properties:
            for s, objs in sorted(facts.values.get(prop, {}).items()):
                if len(objs) < 2:
                    continue
                values = sorted(objs)
                listed = " and ".join(describe(graph, v) for v in values)
                different = [
                    (a, b)
                    for i, a in enumerate(values)
                    for b in values[i + 1 :]
                    if _known_different(tbox, facts, a, b)
                ]
                nodes = (str(s), str(prop), *map(str, values))
                if different:
                    a, b = different[0]
                    problems.append(
                        Problem(
                            "functional",
                            f"{describe(graph, s)} has {len(values)} values for {curie(graph, prop)}, which "
                            f"allows only one: {listed} — and the ontology says {curie(graph, a)} and "
                            f"{curie(graph, b)} are different",
                            nodes,
                        )
                    )
                else:
                    warnings.append(
                        Problem(
                            "functional",
                            f"{describe(graph, s)} has {len(values)} values for {curie(graph, prop)}, which "
                            f"allows only one: {listed} — the reasoner concludes they are one individual",
                            nodes,
                        )
                    )
        else:
            for s in sorted({s for s in graph.subjects(prop) if isinstance(s, URIRef)}):
                literals = sorted(o for o in graph.objects(s, prop) if isinstance(o, Literal))
                clash = [
                    (a, b)
                    for i, a in enumerate(literals)
                    for b in literals[i + 1 :]
                    if _literal_values_differ(a, b)
                ]
                if clash:
                    first, second = clash[0]
                    problems.append(
                        Problem(
                            "functional",
                            f"{describe(graph, s)} has {len(literals)} different values for "
                            f"{curie(graph, prop)}, which allows only one: {first.n3()} and {second.n3()}",
                            (str(s), str(prop)),
                        )
                    )
    return problems, warnings


def _enumeration_problems(graph: Graph, tbox: TBox, facts: Facts) -> list[Problem]:
    problems = []
    for cls, members in sorted(tbox.enumerations.items()):
        for node, classes in sorted(facts.types.items()):
            if cls in classes and node not in members and all(tbox.are_different(node, m) for m in members):
                problems.append(
                    Problem(
                        "enumeration",
                        f"{describe(graph, node)} is a {curie(graph, cls)}, but the ontology lists every "
                        f"{curie(graph, cls)} ({', '.join(curie(graph, m) for m in sorted(members))}) and "
                        f"declares {curie(graph, node)} different from each of them",
                        (str(node), str(cls)),
                    )
                )
    return problems


def literal_problems(graph: Graph, tbox: TBox) -> list[Problem]:
    """Literals the reasoner cannot read (kind ``datatype``: HermiT would refuse the graph) and data property
    values outside the property's range (kind ``range``: inconsistent)."""
    problems = []
    for s, p, o in graph:
        if not isinstance(o, Literal):
            continue
        why = unusable(o, p in tbox.datatype_properties)
        if why is None and p in tbox.datatype_properties:
            for wanted in tbox.datatype_ranges.get(p, []):  # type: ignore[call-overload]
                why = range_problem(o, wanted)
                if why:
                    break
            kind = "range"
        else:
            kind = "datatype"
        if why:
            problems.append(
                Problem(
                    kind,
                    f"{describe(graph, s)} has {curie(graph, p)} {render(o)}: {why}",
                    (str(s), str(p)),
                )
            )
    return sorted(problems, key=lambda p: p.message)


def diagnose(graph: Graph, tbox: TBox, facts: Facts) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of ``graph``. ``facts`` are the rule-based entailments (so that a value stated
    through an inverse property counts too); types are re-derived here with their reasons."""
    asserted = {
        node: {c for c in classes if c in tbox.superclasses or c in tbox.disjoint}
        for node, classes in _asserted_types(graph, facts).items()
    }
    typing = _Typing(graph, tbox, facts, asserted)
    problems = _disjoint_problems(graph, tbox, typing)
    problems += _union_problems(graph, tbox, facts, typing)
    functional_problems, warnings = _functional_findings(graph, tbox, facts)
    problems += functional_problems
    problems += _enumeration_problems(graph, tbox, facts)
    problems += literal_problems(graph, tbox)
    return problems, warnings


def _asserted_types(graph: Graph, facts: Facts) -> dict[URIRef, set[URIRef]]:
    found: dict[URIRef, set[URIRef]] = {}
    for node in facts.types:
        found[node] = {c for c in graph.objects(node, RDF.type) if isinstance(c, URIRef)}
    return found
