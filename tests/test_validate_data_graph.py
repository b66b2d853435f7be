"""The data graph of a validation (:class:`airoles_kg.shacl.data_graph.IndexedStore`) answers as rdflib's own
``Memory`` store does: every triple pattern, additions and removals, prefixes, SPARQL, pyshacl."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from airoles_kg.core import paths
from airoles_kg.core.namespaces import bind_prefixes
from airoles_kg.shacl import fast as fastshacl
from airoles_kg.shacl import load_shapes, validate_graph
from airoles_kg.shacl.data_graph import IndexedStore, indexed_graph, indexed_store

FIXTURES = Path(__file__).parent / "fixtures" / "shacl"
MISSING = URIRef("https://example.org/nowhere")


@pytest.fixture(scope="module")
def memory() -> Graph:
    graph = Graph().parse(paths.ONTOLOGY_FILE).parse(FIXTURES / "world.ttl")
    return bind_prefixes(graph.parse(FIXTURES / "user-with-errors.ttl"))


def indexed_copy(graph: Graph) -> Graph:
    copy = bind_prefixes(indexed_graph())
    copy += graph
    return copy


def test_every_triple_pattern_gives_the_triples_memory_gives(memory):
    indexed = indexed_copy(memory)
    assert len(indexed) == len(memory) and set(indexed) == set(memory)
    patterns = {(None, None, None), (MISSING, None, None), (None, MISSING, None), (None, None, Literal("x"))}
    for triple in memory:
        for keep in product((True, False), repeat=3):
            patterns.add(tuple(term if k else None for term, k in zip(triple, keep, strict=True)))
            patterns.add(tuple(term if k else MISSING for term, k in zip(triple, keep, strict=True)))
    for pattern in patterns:
        assert set(indexed.triples(pattern)) == set(memory.triples(pattern)), pattern
    assert indexed.all_nodes() == memory.all_nodes()
    assert indexed_store(indexed).subjects() == set(memory.subjects())
    assert indexed_store(indexed).objects() == set(memory.objects())


def test_adding_and_removing_keep_every_index(memory):
    indexed = indexed_copy(memory)
    store = indexed_store(indexed)
    assert store is not None and indexed_store(memory) is None
    subject = next(iter(memory.subjects(RDF.type, None)))
    assert set(indexed.predicate_objects(subject))  # builds the subject index
    assert set(indexed.subject_predicates(RDFS.Class)) == set(memory.subject_predicates(RDFS.Class))
    extra = (subject, RDFS.comment, Literal("added"))
    size = len(indexed)
    indexed.add(extra)
    indexed.add(extra)  # once only
    assert len(indexed) == size + 1 and extra in indexed
    assert (subject, RDFS.comment, Literal("added")) in set(indexed.triples((None, None, Literal("added"))))
    for triple in list(indexed.triples((subject, None, None))):  # removing while the pattern is read
        indexed.remove(triple)
    assert not list(indexed.triples((subject, None, None)))
    assert not list(indexed.triples((None, None, Literal("added"))))
    expected = {t for t in memory if t[0] != subject}
    assert set(indexed) == expected and len(indexed) == len(expected)
    for pattern in [(None, RDF.type, None), (None, None, RDFS.Class), (None, None, None)]:
        assert set(indexed.triples(pattern)) == {t for t in memory.triples(pattern) if t[0] != subject}
    indexed.remove((None, None, None))
    assert len(indexed) == 0 and not store.pso and store.backward(RDF.type) == {} and not store.objects()


def test_a_backward_index_built_late_follows_every_change(memory):
    """A predicate's object -> subjects index is built when first asked for: the same before and after,
    whatever was added or removed on either side of that moment."""
    indexed = indexed_copy(memory)
    store = indexed_store(indexed)
    assert store is not None
    node, other = URIRef("https://example.org/late"), URIRef("https://example.org/other")
    indexed.add((node, RDFS.label, Literal("late")))  # before RDFS.label's index exists
    by_label = store.backward(RDFS.label)
    assert by_label[Literal("late")] == {node}
    indexed.add((other, RDFS.label, Literal("late")))  # after: one at a time, then in bulk
    store.add_triples([(other, RDFS.label, Literal("bulk")), (node, RDFS.comment, Literal("late"))])
    indexed.remove((node, RDFS.label, None))
    expected = {(s, o) for s, o in memory.subject_objects(RDFS.label)}
    expected |= {(other, Literal("late")), (other, Literal("bulk"))}
    assert {(s, o) for o, subjects in store.backward(RDFS.label).items() for s in subjects} == expected
    assert set(indexed.subjects(RDFS.label, Literal("late"))) == {other}
    assert set(indexed.triples((None, None, Literal("late")))) == {
        (other, RDFS.label, Literal("late")),
        (node, RDFS.comment, Literal("late")),
    }
    assert store.objects() == set(indexed.objects())


def test_prefixes_bind_as_in_memory():
    binds = [
        ("ex", "https://example.org/", True, False),
        ("ex", "https://example.org/other/", True, True),
        ("ex2", "https://example.org/", False, False),
        ("rdfs", "https://example.org/not-rdfs/", True, False),
        ("", "https://example.org/default/", True, False),
    ]
    graphs = [Graph(), indexed_graph()]
    for graph in graphs:
        for prefix, namespace, override, replace in binds:
            graph.bind(prefix, namespace, override=override, replace=replace)
        graph.add((URIRef("https://example.org/a"), RDFS.label, Literal("a", lang="en")))
        graph.add((URIRef("https://example.org/other/b"), RDFS.seeAlso, BNode("b")))
    memory, indexed = graphs
    assert list(indexed.namespaces()) == list(memory.namespaces())
    assert indexed.serialize(format="turtle") == memory.serialize(format="turtle")


def test_sparql_and_pyshacl_read_it_as_they_read_memory(memory):
    indexed = indexed_copy(memory)
    query = "SELECT ?s ?o WHERE { ?s a ?c . OPTIONAL { ?s rdfs:label ?o } FILTER(?c != owl:Class) }"
    assert {tuple(r) for r in indexed.query(query)} == {tuple(r) for r in memory.query(query)}
    shapes = load_shapes()
    for method in ("pyshacl", "narrowed"):
        expected = validate_graph(memory, shapes, method=method).report_graph
        found = validate_graph(indexed, shapes, method=method).report_graph
        assert fastshacl.result_keys(found, shapes) == fastshacl.result_keys(expected, shapes), method


def test_it_holds_one_graph():
    store = IndexedStore()
    assert store.context_aware and store.graph_aware  # what pyshacl's Dataset view of the data graph asserts
    assert list(store.contexts()) == []
