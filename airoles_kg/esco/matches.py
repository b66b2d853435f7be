"""The ESCO and ISCO-08 matches of an airoles role or skill, read from our graph (and an ESCO import beside
it).

:func:`esco_matches` reads a role's SKOS mappings to ESCO with what the graph knows around them (ESCO's labels
and codes, the occupation's ISCO-08 unit group and the other occupations of that group);
:func:`graph_with_external` gives it our graph with the imported ESCO graph, read-only and without copying.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.store import Store

from airoles_kg.esco.tables import ESCO_BASE

if TYPE_CHECKING:
    from rdflib.graph import _ContextType, _TriplePatternType, _TripleType

MATCH_RELATIONS: tuple[URIRef, ...] = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
_AIROLES_CODE = URIRef("https://w3id.org/airoles/hasOccupationCode")


@dataclass(frozen=True)
class EscoConcept:
    """An ESCO concept: its IRI, its label (ESCO's preferred label when imported, else ours) and its code."""

    iri: URIRef
    label: str | None
    code: str | None


@dataclass(frozen=True)
class EscoMatch:
    """One SKOS mapping from an airoles node to an ESCO concept, with what the graph knows around it."""

    relation: str
    """``exactMatch``, ``closeMatch``, ``broadMatch`` or ``narrowMatch``."""
    target: EscoConcept
    kind: str
    """``occupation``, ``isco`` (an ISCO-08 group), ``skill`` (a skill or skill group) or ``other``."""
    isco: EscoConcept | None
    """The ISCO-08 unit group of an occupation (from the imported ESCO graph, else the role's ISCO code)."""
    justification: str | None
    """Our note explaining the mapping (``skos:note`` @en on the airoles node), when one names this target."""
    neighbours: tuple[EscoConcept, ...] = ()
    """Other ESCO occupations of the same ISCO-08 unit group (only with an imported ESCO graph)."""


def _kind(iri: URIRef) -> str:
    for kind, prefix in (
        ("occupation", "occupation/"),
        ("isco", "isco/"),
        ("skill", "skill/"),
        ("skill", "isced-f/"),
    ):
        if str(iri).startswith(ESCO_BASE + prefix):
            return kind
    return "other"


def _label(graph: Graph, node: URIRef, lang: str) -> str | None:
    for prop in (SKOS.prefLabel, RDFS.label):
        values = sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal))
        for wanted in (lang, "en", None):
            for value in values:
                if wanted is None or value.language == wanted:
                    return str(value)
    return None


def _notation(graph: Graph, node: URIRef) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, SKOS.notation))
    return values[0] if values else None


def _concept(graph: Graph, node: URIRef, lang: str) -> EscoConcept:
    return EscoConcept(node, _label(graph, node, lang), _notation(graph, node))


def esco_matches(graph: Graph, node: URIRef, lang: str = "en") -> list[EscoMatch]:
    """The ESCO and ISCO-08 concepts ``node`` (a role or skill) is mapped to, strongest relation first.

    Works on the project graph alone (labels from our alignments, ISCO group from the role's
    ``airoles:hasOccupationCode``) and is richer with an imported ESCO graph loaded beside it (ESCO's labels
    and codes, the occupation's ISCO-08 unit group, and the other occupations of that group as
    ``neighbours``).
    """
    notes = sorted(str(n) for n in graph.objects(node, SKOS.note) if isinstance(n, Literal))
    role_isco = [
        target
        for code in graph.objects(node, _AIROLES_CODE)
        for target in graph.objects(code, SKOS.exactMatch)
        if isinstance(target, URIRef) and _kind(target) == "isco"
    ]
    found: list[EscoMatch] = []
    for relation in MATCH_RELATIONS:
        name = relation.split("#")[-1]
        for target in sorted(t for t in graph.objects(node, relation) if isinstance(t, URIRef)):
            kind = _kind(target)
            if kind == "other":
                continue
            concept = _concept(graph, target, lang)
            isco_node: URIRef | None = None
            if kind == "isco":
                isco_node = target
            elif kind == "occupation":
                groups = sorted(
                    g
                    for g in graph.objects(target, SKOS.broaderTransitive)
                    if isinstance(g, URIRef) and _kind(g) == "isco"
                )
                isco_node = groups[0] if groups else (role_isco[0] if len(role_isco) == 1 else None)
            isco = None
            if isco_node is not None:
                isco = _concept(graph, isco_node, lang)
                if isco.code is None:  # no ESCO import: our code node carries the notation
                    ours = next(
                        (c for c in graph.subjects(SKOS.exactMatch, isco_node) if isinstance(c, URIRef)), None
                    )
                    if ours is not None:
                        isco = EscoConcept(
                            isco_node, isco.label or _label(graph, ours, lang), _notation(graph, ours)
                        )
            neighbours: tuple[EscoConcept, ...] = ()
            if isco_node is not None:
                members = {
                    m
                    for m in graph.subjects(SKOS.broaderTransitive, isco_node)
                    if isinstance(m, URIRef) and m != target
                }
                neighbours = tuple(
                    sorted(
                        (_concept(graph, m, lang) for m in members),
                        key=lambda c: ((c.label or "").casefold(), str(c.iri)),
                    )
                )
            mention = f"'{concept.label}'" if concept.label else None
            justification = next(
                (n for n in notes if n.startswith(f"skos:{name} ") and mention and mention in n), None
            )
            found.append(EscoMatch(name, concept, kind, isco, justification, neighbours))
    return found


# ---------------------------------------------------------------------------------------------------------
# Our graph and the imported ESCO graph together, for the reading commands (airoles next)
# ---------------------------------------------------------------------------------------------------------


def concept_dict(concept: EscoConcept) -> dict[str, str | None]:
    """``{"iri", "label", "code"}`` of an ESCO concept (label and code may be null)."""
    return {"iri": str(concept.iri), "label": concept.label, "code": concept.code}


def match_dict(match: EscoMatch) -> dict[str, object]:
    """An :class:`EscoMatch` as JSON: relation, kind, target, isco, justification and every neighbour."""
    return {
        "relation": match.relation,
        "kind": match.kind,
        "target": concept_dict(match.target),
        "isco": concept_dict(match.isco) if match.isco is not None else None,
        "justification": match.justification,
        "neighbours": [concept_dict(n) for n in match.neighbours],
    }


class _StoreView(Store):
    """A read-only rdflib store over a pyoxigraph store: triples become rdflib terms only when read."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self._store = store

    def triples(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        from airoles_kg.core.terms import to_oxigraph, to_rdflib

        s, p, o = (None if t is None else to_oxigraph(t) for t in triple_pattern)
        # A literal subject or a non-IRI predicate matches nothing (pyoxigraph would refuse the pattern).
        if isinstance(s, ox.Literal) or not (p is None or isinstance(p, ox.NamedNode)):
            return
        for quad in self._store.quads_for_pattern(s, p, o):
            subject, obj = quad.subject, quad.object
            if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
                continue  # RDF-star triple terms: rdflib has no counterpart
            triple = (to_rdflib(subject), to_rdflib(quad.predicate), to_rdflib(obj))
            yield triple, iter(())

    def __len__(self, context: _ContextType | None = None) -> int:
        return len(self._store)


def graph_with_external(external: Sequence[str | os.PathLike[str]]) -> Graph:
    """Our graph as written (ontology + knowledge base) and the ``external`` RDF files (an ESCO import), as a
    read-only rdflib Graph for :func:`esco_matches`.

    The files go into one pyoxigraph store that the Graph reads without copying (rdflib would take ~2 s to
    parse ESCO): the on-disk store :func:`airoles_kg.sparql.stores.persisted_store` keeps for the asserted
    graph and the import (the one ``airoles query --asserted`` opens), built once per import (about 0.75 s
    of every call before); in memory when the cache cannot be written.
    """
    from airoles_kg.core.loader import load_graph, source_files
    from airoles_kg.sparql.stores import load_rdf_files, persisted_store

    files = [Path(f) for f in external]
    store = persisted_store(load_graph, files, None, asserted=True)
    if store is None:
        store = ox.Store()
        load_rdf_files(store, [*source_files(), *files])
    return Graph(store=_StoreView(store))
