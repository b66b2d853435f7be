"""The rule-based materialisation over a pyoxigraph store (large catalogues: HermiT takes minutes there)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from airoles_kg.core import loader, paths
from airoles_kg.core.store import view_graph
from airoles_kg.reasoning.inference import published_facts
from airoles_kg.reasoning.rules import entail, read_facts
from airoles_kg.reasoning.tbox import read_tbox

_RDF_TYPE = str(RDF.type)


def materialise_store(store: ox.Store, ontology: Graph | None = None) -> ox.Store:
    """The triples the rule-based materialisation infers from ``store`` and it does not hold, in a new store.

    The same triples as :func:`airoles_kg.reasoning.inference.materialise_rules` (same rules, same choice of
    published triples; the tests compare them), but the facts are read straight from the store
    (:func:`airoles_kg.core.store.pairs`), those read are set aside so that only new candidates are looked up
    in the store, and the result is a store, not an rdflib graph: at 30,000 roles that is millions of
    triples neither copied nor converted. ``ontology``: the graph to read the axioms from
    (default: the ontology file; the small ontology graph is faster to read than the view of a big store).
    """
    tbox = read_tbox(ontology if ontology is not None else loader.parse_rdf_file(paths.ONTOLOGY_FILE))
    for iri in tbox.terms:  # the new facts' IRIs are the store's (pyoxigraph checked them) or these
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise ValueError(f"the ontology's IRI <{iri}> is not a valid IRI: {exc}") from None
    asserted = read_facts(view_graph(store), tbox)
    facts = entail(asserted.copy(), tbox)
    inferred = ox.Store()
    nodes: dict[str, ox.NamedNode] = {}

    def node(iri: URIRef) -> ox.NamedNode:
        found = nodes.get(iri)
        if found is None:
            found = nodes[iri] = ox.NamedNode(iri)
        return found

    default = ox.DefaultGraph()
    batch: list[tuple[URIRef, URIRef, URIRef]] = []  # new facts, written as N-Triples a batch at a time
    looked_up: list[ox.Quad] = []
    # Every type, and every value of a declared object property, that the store holds between IRIs was read
    # into `asserted`: a fact of theirs not there is new. Only values of other properties (derived through
    # an inverse or a chain, say) may still be in the store unread: those are looked up.
    read_whole = {RDF.type, *tbox.object_properties}
    for s, p, objects in published_facts(facts):
        # Most facts were read from the store: a set look-up skips them (building a quad for each and looking
        # it up took a third of the time at 30,000 roles).
        is_type = str.__eq__(p, _RDF_TYPE)
        stated = asserted.types.get(s) if is_type else asserted.values.get(p, {}).get(s)
        news = objects if stated is None else [o for o in objects if o not in stated]
        if not news:
            continue
        if p in read_whole:
            batch.extend([(s, p, o) for o in news])
            if len(batch) >= 100_000:
                _add_triples(inferred, batch)
                batch = []
        else:
            subject, predicate = node(s), node(p)
            for o in news:
                quad = ox.Quad(subject, predicate, node(o), default)
                if quad not in store:
                    looked_up.append(quad)
    _add_triples(inferred, batch)
    inferred.extend(looked_up)
    return inferred


def _add_triples(store: ox.Store, triples: list[tuple[URIRef, URIRef, URIRef]]) -> None:
    """Add triples of three IRIs to ``store``, written as N-Triples text that pyoxigraph parses: building a
    pyoxigraph quad term by term in Python was a third of the rules' output time. Parsed without checking
    the IRIs again (a fifth of the parse): each is the store's or the ontology's, all checked before."""
    if triples:
        text = "".join([f"<{s}> <{p}> <{o}> .\n" for s, p, o in triples])
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
