"""The rule-based materialisation over a pyoxigraph store (large catalogues: HermiT takes minutes there)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from airoles_kg.core import loader, paths
from airoles_kg.core.store import view_graph
from airoles_kg.reasoning.inference import published
from airoles_kg.reasoning.rules import entailments
from airoles_kg.reasoning.tbox import read_tbox


def materialise_store(store: ox.Store, ontology: Graph | None = None) -> ox.Store:
    """The triples the rule-based materialisation infers from ``store`` and it does not hold, in a new store.

    The same triples as :func:`airoles_kg.reasoning.inference.materialise_rules` (same rules, same choice of
    published
    triples; the tests compare them), but each candidate is looked up in the store instead of in a Python
    set of the whole graph, and the result is a store, not an rdflib graph: at 30,000 roles that is
    millions of triples neither copied nor converted. ``ontology``: the graph to read the axioms from
    (default: the ontology file; the small ontology graph is faster to read than the view of a big store).
    """
    tbox = read_tbox(ontology if ontology is not None else loader.parse_rdf_file(paths.ONTOLOGY_FILE))
    facts = entailments(view_graph(store), tbox)
    inferred = ox.Store()
    nodes: dict[str, ox.NamedNode] = {}

    def node(iri: URIRef) -> ox.NamedNode:
        found = nodes.get(iri)
        if found is None:
            found = nodes[iri] = ox.NamedNode(iri)
        return found

    default = ox.DefaultGraph()
    batch: list[ox.Quad] = []
    for triple in facts.triples():
        if published(triple):
            quad = ox.Quad(node(triple[0]), node(triple[1]), node(triple[2]), default)
            if quad not in store:
                batch.append(quad)
                if len(batch) >= 100_000:
                    inferred.extend(batch)
                    batch = []
    inferred.extend(batch)
    return inferred
