"""Computed moves as RDF: typed and sourced as derived (``airoles:SkillBasedMove``), never as an article's
transition, with stable IRIs (``id/move/v1-<from>-to-<to>``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from airoles_kg.careers.moves import ESCO_SOURCE, METHOD, Move
from airoles_kg.core.namespaces import AIROLES, ID_BASE, KIND_NS, bind_prefixes

MOVE_VERSION = "v1"  # in the IRIs: a new scoring method mints new IRIs, never reuses these


def _slug(iri: str) -> str:
    """The slug of a place in a move's IRI: our role's slug, or ``esco-<uuid>`` for an ESCO occupation."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return tail if iri.startswith(ID_BASE) else f"esco-{tail.lower()}"


def move_iri(move: Move) -> URIRef:
    """The stable IRI of a computed move: ``id/move/v1-<from>-to-<to>``."""
    return KIND_NS["move"][f"{MOVE_VERSION}-{_slug(move.source.iri)}-to-{_slug(move.target.iri)}"]


def moves_graph(moves: Iterable[Move], label: Callable[[str, str], str] | None = None) -> Graph:
    """The moves as RDF: each an ``airoles:SkillBasedMove`` with its start, end, score (``xsd:decimal``, 3
    places), method and ``prov:wasDerivedFrom`` ESCO v1.1.1 — typed and sourced as derived, never as an
    article's transition. Unscored moves (no ESCO skills) are left out. ``label(iri, lang)`` names the places
    in French and English (default: the labels the moves carry, in the language they were asked in)."""
    graph = bind_prefixes(Graph())
    graph.bind("move", KIND_NS["move"])
    for move in moves:
        if not move.scored:
            continue
        node = move_iri(move)
        graph.add((node, RDF.type, AIROLES.SkillBasedMove))
        graph.add((node, AIROLES.moveFrom, URIRef(move.source.iri)))
        graph.add((node, AIROLES.moveTo, URIRef(move.target.iri)))
        value = Decimal(str(round(move.score, 3))).quantize(Decimal("0.001"))
        graph.add((node, AIROLES.overlapScore, Literal(value, datatype=XSD.decimal)))
        graph.add((node, AIROLES.scoringMethod, Literal(METHOD)))
        graph.add((node, PROV.wasDerivedFrom, ESCO_SOURCE))
        for lang, computed in (("fr", "calculé"), ("en", "computed")):
            frm = label(move.source.iri, lang) if label else move.source.label
            to = label(move.target.iri, lang) if label else move.target.label
            text = f"{frm} → {to} ({computed})"
            graph.add((node, RDFS.label, Literal(text, lang=lang)))
    return graph
