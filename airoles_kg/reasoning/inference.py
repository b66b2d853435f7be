"""Reasoning: consistency, classification and the knowledge the ontology's axioms entail.

* :func:`reason` checks a graph (ontology + knowledge base) with HermiT — or with rules, see below — and
  returns a :class:`ReasoningReport`: consistent or not (with an explanation in words), the inferred triples
  counted by kind, and the roles newly classified into the defined families.
* :func:`inferred_graph` returns asserted + inferred triples, cached under ``.cache/`` so that queries, career
  paths and exports do not wait for Java each time.
* :func:`materialise_rules` computes the same designed inferences with plain Python rules;
  :func:`inferred_graph` uses it for graphs of more than :data:`RULES_THRESHOLD` individuals, where HermiT
  takes minutes.

Only triples about our own terms and individuals are published: rdf:type towards airoles or SKOS classes, and
airoles / SKOS / PROV property values between IRIs (no owl:Thing, owl:NamedIndividual or schema.org noise).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from airoles_kg.core import cache
from airoles_kg.core.closure import reachable
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import load_graph, source_files
from airoles_kg.core.namespaces import AIROLES, ROLE, bind_prefixes
from airoles_kg.core.quotes import without_quotations
from airoles_kg.core.resolve import label
from airoles_kg.reasoning.diagnosis import Problem, curie, describe, diagnose
from airoles_kg.reasoning.hermit import HermitResult, run_hermit
from airoles_kg.reasoning.rules import Facts, entailments
from airoles_kg.reasoning.tbox import TBox, read_tbox

# Above this many individuals, inferred_graph() (engine "auto") uses the rules instead of HermiT.
RULES_THRESHOLD = 5000
# Bump when what is materialised changes, so that old cache files are not reused.

ENGINES = ("auto", "hermit", "rules")
KINDS = ("types", "inverses", "chains", "transitive", "subproperties", "other")

_TYPE_NAMESPACES = (str(AIROLES), str(SKOS))
_VALUE_NAMESPACES = (str(AIROLES), str(SKOS), str(PROV))
_META_NAMESPACES = (str(OWL), str(RDF), str(RDFS))


@dataclass
class ClassifiedRole:
    """A role that the reasoner placed in families its knowledge-base entry does not state."""

    iri: URIRef
    curie: str
    label: str
    families: list[tuple[URIRef, str]]  # (family class, its English label)


@dataclass
class ReasoningReport:
    """The outcome of :func:`reason`."""

    consistent: bool
    engine: str  # "hermit" or "rules"
    seconds: float
    individuals: int
    inferred: Graph = field(default_factory=Graph)  # inferred triples only (empty when inconsistent)
    counts: dict[str, int] = field(default_factory=dict)  # inferred triples per kind (see KINDS)
    classified: list[ClassifiedRole] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)  # classes that can have no instance, described
    problems: list[Problem] = field(default_factory=list)  # why the graph is inconsistent / incoherent
    warnings: list[Problem] = field(default_factory=list)  # suspicious but consistent (e.g. merged values)
    notes: list[str] = field(default_factory=list)  # limits of the run (rules: constructs not evaluated)

    @property
    def ok(self) -> bool:
        """Consistent and without unsatisfiable classes."""
        return self.consistent and not self.unsatisfiable

    def explanation(self) -> str:
        """A few lines a user can act on: what is contradictory and why (empty when :attr:`ok`)."""
        if self.ok:
            return ""
        lines = [
            "the knowledge graph is inconsistent:"
            if not self.consistent
            else "the ontology has classes that can have no instance:"
        ]
        lines += [f"  - {p.message}" for p in self.problems]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "consistent": self.consistent,
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "individuals": self.individuals,
            "inferred": {**self.counts, "total": len(self.inferred)},
            "classified_roles": [
                {
                    "iri": str(c.iri),
                    "curie": c.curie,
                    "label": c.label,
                    "families": [{"iri": str(f), "label": name} for f, name in c.families],
                }
                for c in self.classified
            ],
            "unsatisfiable_classes": self.unsatisfiable,
            "problems": [p.to_dict() for p in self.problems],
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": self.notes,
        }


# --- which inferred triples are published -------------------------------------------------------------


_AIROLES = str(AIROLES)
_RDF_TYPE = str(RDF.type)


def published(triple: tuple[URIRef, URIRef, URIRef]) -> bool:
    """Whether an inferred triple is one airoles publishes: about our own nodes, a type from our (or a
    standard) namespace or a value of one of our properties."""
    # str methods directly: rdflib's own startswith/__eq__ overrides cost more than the test itself.
    s, p, o = triple
    if not isinstance(s, URIRef) or not isinstance(o, URIRef) or not str.startswith(s, _AIROLES):
        return False
    if str.__eq__(p, _RDF_TYPE):
        return str.startswith(o, _TYPE_NAMESPACES)
    return str.startswith(p, _VALUE_NAMESPACES)


def published_facts(facts: Facts) -> Iterator[tuple[URIRef, URIRef, list[URIRef]]]:
    """The facts :func:`published` keeps, grouped as (subject, property, objects): the same test, made once
    per property and subject instead of once per triple (millions of facts at 30,000 roles)."""
    for prop, index in facts.values.items():
        if str.startswith(prop, _VALUE_NAMESPACES):
            for s, objs in index.items():
                if isinstance(s, URIRef) and str.startswith(s, _AIROLES):
                    kept = [o for o in objs if isinstance(o, URIRef)]
                    if kept:
                        yield s, prop, kept
    for s, classes in facts.types.items():
        if isinstance(s, URIRef) and str.startswith(s, _AIROLES):
            kept = [c for c in classes if isinstance(c, URIRef) and str.startswith(c, _TYPE_NAMESPACES)]
            if kept:
                yield s, RDF.type, kept


def _published_triples(facts: Facts) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """:func:`published_facts` one triple at a time."""
    for s, p, objs in published_facts(facts):
        for o in objs:
            yield s, p, o


def _new_triples(asserted: Graph, candidates: Iterable[tuple[URIRef, URIRef, URIRef]]) -> Graph:
    """The ``candidates`` (published triples) that ``asserted`` does not hold."""
    kept = list(candidates)
    # One pass over the graph into a set beats rdflib's per-triple membership test past a few thousand.
    stated = set(asserted) if len(kept) > 1000 else None
    inferred = bind_prefixes(Graph())
    for triple in kept:
        if (triple not in stated) if stated is not None else (triple not in asserted):
            inferred.add(triple)
    return inferred


def hermit_entailments(result: HermitResult) -> set[tuple[URIRef, URIRef, URIRef]]:
    """HermiT's conclusions as triples: each direct type with all its superclasses, each property value with
    all its super-properties (HermiT prints only the most specific ones)."""
    triples: set[tuple[URIRef, URIRef, URIRef]] = set()
    for node, classes in result.types.items():
        for cls in classes:
            for sup in reachable(cls, result.superclasses):
                triples.add((node, RDF.type, sup))
    for prop, index in result.values.items():
        supers = reachable(prop, result.superproperties)
        for s, objs in index.items():
            for o in objs:
                for sup in supers:
                    triples.add((s, sup, o))
    return triples


def materialise_rules(graph: Graph, tbox: TBox | None = None) -> Graph:
    """The triples the designed axioms entail from ``graph`` and it does not state, computed with Python rules
    (:mod:`airoles_kg.reasoning.rules`) instead of HermiT: fast at any size, same result on the designed
    inferences
    (inverses, property chains, the transitive ``canEventuallyBecome``, the defined role families, types from
    domains, ranges and the class hierarchy). It does not check consistency (see :func:`reason`)."""
    facts = entailments(graph, tbox)
    return _new_triples(graph, _published_triples(facts))


# --- reporting -------------------------------------------------------------------------------------------


def kind_of(triple: tuple[URIRef, URIRef, URIRef], tbox: TBox) -> str:
    """Which designed axiom an inferred triple comes from (one of :data:`KINDS`), judged by its predicate."""
    _, p, _ = triple
    if p == RDF.type:
        return "types"
    if any(target == p for target, _ in tbox.chains):
        return "chains"
    if p in tbox.transitive:
        return "transitive"
    if p in tbox.inverses:
        return "inverses"
    if any(p in sups and p != sub for sub, sups in tbox.superproperties.items()):
        return "subproperties"
    return "other"


def count_individuals(graph: Graph) -> int:
    """IRIs typed with a class that is not an OWL/RDF(S) meta-class."""
    return len(
        {
            s
            for s, c in graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and isinstance(c, URIRef) and not str(c).startswith(_META_NAMESPACES)
        }
    )


def _classified_roles(graph: Graph, inferred: Graph, tbox: TBox) -> list[ClassifiedRole]:
    found: dict[URIRef, list[tuple[URIRef, str]]] = {}
    for node, cls in inferred.subject_objects(RDF.type):
        if cls != ROLE and ROLE in tbox.supers(cls):  # type: ignore[arg-type]
            found.setdefault(node, []).append((cls, label(graph, cls, "en")))  # type: ignore[arg-type]
    return [
        ClassifiedRole(node, curie(graph, node), label(graph, node), sorted(found[node], key=lambda f: f[1]))
        for node in sorted(found, key=lambda n: (label(graph, n).casefold(), str(n)))
    ]


def _finish(report: ReasoningReport, graph: Graph, tbox: TBox) -> ReasoningReport:
    counts = Counter(kind_of(t, tbox) for t in report.inferred)  # type: ignore[arg-type]
    report.counts = {kind: counts.get(kind, 0) for kind in KINDS}
    report.classified = _classified_roles(graph, report.inferred, tbox)
    return report


def reason(graph: Graph, engine: str = "hermit") -> ReasoningReport:
    """Check ``graph`` (ontology + knowledge base) and compute what it entails.

    ``engine``: ``"hermit"`` (a complete OWL 2 DL check), ``"rules"`` (Python rules: the designed inferences,
    and a consistency check limited to disjoint classes, domains/ranges, functional properties, closed lists
    and data values) or ``"auto"`` (rules above :data:`RULES_THRESHOLD` individuals). The report explains an
    inconsistency by naming the individuals (label and CURIE) and the axioms involved; it does not raise.
    """
    if engine not in ENGINES:
        raise AirolesError(f"unknown reasoning engine {engine!r}; expected one of {', '.join(ENGINES)}")
    start = time.perf_counter()
    graph = bind_prefixes(graph)
    tbox = read_tbox(graph)
    individuals = count_individuals(graph)
    if engine == "auto":
        engine = "rules" if individuals > RULES_THRESHOLD else "hermit"
    facts = entailments(graph, tbox)
    problems, warnings = diagnose(graph, tbox, facts)
    report = ReasoningReport(
        consistent=True, engine=engine, seconds=0.0, individuals=individuals, warnings=warnings
    )
    report.notes = [f"not evaluated by the rules: {why}" for why in sorted(facts.unsupported)]
    if engine == "hermit" and any(p.kind == "datatype" for p in problems):
        # Literals HermiT cannot read: it would stop with a Java error naming none of them.
        report.consistent = False
        report.problems = problems
        report.notes.append("HermiT was not run: it cannot read the literals listed above")
    elif engine == "hermit":
        # Where each excerpt is (quotations.ttl) is left out: it entails nothing and doubles HermiT's time.
        result = run_hermit(without_quotations(graph))
        report.consistent = result.consistent
        if result.consistent:
            report.inferred = _new_triples(graph, filter(published, hermit_entailments(result)))
            report.unsatisfiable = [describe(graph, c) for c in sorted(result.unsatisfiable)]
            report.problems = [
                Problem(
                    "unsatisfiable",
                    f"the class {describe(graph, c)} can have no instance: its axioms contradict each other",
                    (str(c),),
                )
                for c in sorted(result.unsatisfiable)
            ]
        else:
            report.problems = problems or [_unexplained(graph)]
    else:
        report.consistent = not problems
        report.problems = problems
        if report.consistent:
            report.inferred = _new_triples(graph, _published_triples(facts))
        report.notes.append(
            "rules engine: consistency checked for disjoint classes, domains and ranges, functional "
            "properties, closed lists and data values only (not a complete OWL check)"
        )
    report.seconds = time.perf_counter() - start
    return _finish(report, graph, tbox)


def _unexplained(graph: Graph) -> Problem:
    tbox_only = Graph()
    for triple in graph:
        if not str(triple[0]).startswith(str(AIROLES) + "id/"):
            tbox_only.add(triple)
    where = (
        "the ontology alone is already inconsistent"
        if not run_hermit(tbox_only).consistent
        else "the ontology alone is consistent, so the cause is in the knowledge base"
    )
    return Problem(
        "unknown",
        "HermiT finds the graph inconsistent, but the checks for disjoint classes, "
        f"domains and ranges, functional properties and closed lists did not locate why; {where}",
    )


# --- cache ---------------------------------------------------------------------------------------------


def fingerprint_graph(graph: Graph) -> str:
    """A sha256 of the graph's content, independent of blank-node labels and triple order.

    Triples without blank nodes are hashed as sorted N-Triples lines; only the (small) part with blank nodes
    goes through rdflib's canonicalisation, which labels blank nodes from their content.
    """
    ground: list[str] = []
    with_bnodes = Graph()
    for triple in graph:
        if any(isinstance(t, BNode) for t in triple):
            with_bnodes.add(triple)
        else:
            ground.append(" ".join(t.n3() for t in triple))
    lines = sorted(ground) + sorted(" ".join(t.n3() for t in tr) for tr in to_canonical_graph(with_bnodes))
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def cache_key(asserted: Graph | None = None) -> str:
    """The cache key of the inferences of the project's files (``asserted`` None) or of a given graph."""
    if asserted is None:
        return cache.key("inferred", source_files(), RULES_THRESHOLD)
    return cache.key("inferred", (), RULES_THRESHOLD, fingerprint_graph(asserted))


def cache_path(key: str) -> Path:
    """The cache file of the inferred triples under ``key``."""
    return cache.entry("inferred", key, ".nt")


def store_cached(key: str, inferred: Graph) -> Path:
    """Write the ``inferred`` triples to the cache (:mod:`airoles_kg.core.cache`: atomic, pruned).

    Only the inferred triples are stored: rdflib reads Turtle sources faster than N-Triples, so caching the
    asserted triples too would make a cache hit slower, not faster.
    """
    path = cache_path(key)
    cache.write_bytes(path, inferred.serialize(format="nt", encoding="utf-8"), kind="inferred")
    return path


def _load_cached(key: str) -> Graph | None:
    data = cache.read_bytes(cache_path(key))
    if data is None:
        return None
    try:
        return Graph().parse(data=data, format="nt")
    except Exception:  # a damaged cache file is recomputed, never trusted
        return None


def with_inferences(asserted: Graph, inferred: Graph) -> Graph:
    """A new graph: ``asserted`` plus the ``inferred`` triples, with the airoles prefixes bound."""
    merged = Graph()
    for prefix, ns in asserted.namespaces():
        merged.bind(prefix, ns, override=True, replace=True)
    for triple in asserted:
        merged.add(triple)
    for triple in inferred:
        merged.add(triple)
    return bind_prefixes(merged)


def inferred_graph(asserted: Graph | None = None) -> Graph:
    """``asserted`` (default: the project's ontology + knowledge base) plus every inferred triple.

    The inferred triples are cached on disk under ``.cache/inferred-<key>.nt``, the key being a fingerprint of
    the source files (or of the given graph's content): a change to any source gives a new key. The engine is
    HermiT, or the rules for graphs of more than :data:`RULES_THRESHOLD` individuals. An inconsistent graph
    raises :class:`AirolesError` (exit code 1) with the explanation; nothing is cached then.
    ``asserted`` itself is not modified.
    """
    key = cache_key(asserted)
    graph = load_graph() if asserted is None else asserted
    inferred = _load_cached(key)
    if inferred is None:
        report = reason(graph, engine="auto")
        if not report.ok:
            raise AirolesError(report.explanation(), exit_code=1)
        inferred = report.inferred
        store_cached(key, inferred)
    if asserted is None:  # our own freshly loaded graph: extend it rather than copy it
        for triple in inferred:
            graph.add(triple)
        return graph
    return with_inferences(graph, inferred)
