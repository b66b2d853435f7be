"""The narrowed validation's per-node SPARQL queries answered by pyoxigraph (``fast.StoreAnswers``), the
store loaded beside the parse (``validate._StoreLoading``) and pyshacl's text report left out: the results
stay plain pyshacl's, literal for literal and blank node for blank node."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl.constraints.constraint_component import ConstraintComponent
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import processor

from airoles_kg.core import loader
from airoles_kg.shacl import fast, validate_graph
from airoles_kg.shacl import validate as validation
from airoles_kg.shacl.fast_sparql import bound_at_top

EX = "http://example.org/"
SHAPES = """\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:LevelShape a sh:NodeShape ;
    sh:targetSubjectsOf ex:level ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:message "Level {?value} is over 2"@en ;
        sh:prefixes ex: ;
        sh:select \"\"\"SELECT $this ?value WHERE { $this ex:level ?value . FILTER (?value > 2) }\"\"\" ] .
"""


def shapes() -> Graph:
    return Graph().parse(data=SHAPES, format="turtle")


def levels(*values: Literal, blank: bool = False) -> Graph:
    """One node per level (blank nodes if asked), each ``ex:level`` the given literal."""
    data = Graph()
    for i, value in enumerate(values):
        node = BNode(f"n{i}") if blank else URIRef(f"{EX}n{i}")
        data.add((node, URIRef(f"{EX}level"), value))
    return data


def reported(data: Graph, method: str) -> list[tuple[str, Literal]]:
    report = validate_graph(data, shapes(), method=method)
    return sorted((str(r.focus_node), r.value) for r in report.results)  # type: ignore[misc]


def count_rdflib_queries(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    real = processor.evalQuery
    monkeypatch.setattr(processor, "evalQuery", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_the_constraint_is_answered_by_pyoxigraph_with_pyshacls_results(monkeypatch):
    data = levels(*(Literal(i) for i in range(6)))
    calls = count_rdflib_queries(monkeypatch)
    plain = reported(data, "pyshacl")
    assert len(calls) == 6  # rdflib: once per focus node
    calls.clear()
    narrowed = reported(data, "narrowed")
    assert calls == []  # pyoxigraph answered each candidate's query
    assert narrowed == plain == [(f"{EX}n{i}", Literal(i)) for i in (3, 4, 5)]
    assert "query" not in vars(data)  # the graph's own method again


def test_a_literal_the_store_rewrites_is_reported_as_the_data_writes_it(monkeypatch):
    """pyoxigraph reads ``"04"^^xsd:integer`` back as ``"4"`` and ``"5"^^xsd:positiveInteger`` as
    ``"5"^^xsd:integer``: the results still name the data's literals."""
    data = levels(Literal("04", datatype=XSD.integer), Literal("5", datatype=XSD.positiveInteger))
    calls = count_rdflib_queries(monkeypatch)
    narrowed = reported(data, "narrowed")
    assert calls == []
    assert narrowed == reported(data, "pyshacl")
    assert [value for _, value in narrowed] == [
        Literal("04", datatype=XSD.integer),
        Literal("5", datatype=XSD.positiveInteger),
    ]


def test_a_literal_that_stands_for_two_of_the_data_goes_to_rdflib(monkeypatch):
    """``"4"^^xsd:positiveInteger`` and ``"4"^^xsd:integer`` are one value in the store: rdflib answers the
    queries whose solutions hold it, and each node gets its own literal."""
    data = levels(Literal("4", datatype=XSD.positiveInteger), Literal("4", datatype=XSD.integer))
    calls = count_rdflib_queries(monkeypatch)
    narrowed = reported(data, "narrowed")
    assert len(calls) == 2
    assert narrowed == reported(data, "pyshacl")
    assert {value.datatype for _, value in narrowed} == {XSD.positiveInteger, XSD.integer}


@pytest.mark.parametrize(
    ("query", "join_is_prebinding"),
    [
        ("SELECT $this ?value WHERE { $this ex:p ?value . FILTER (?value > 2) }", True),
        ("SELECT $this WHERE { $this ex:p ?v FILTER NOT EXISTS { ?d ex:q $this } }", True),
        ("SELECT $this WHERE { $this ex:p ?v FILTER (?v != 1 || NOT EXISTS { $this ex:q ?w }) }", True),
        # the W3C SHACL pre-binding tests 003 to 005: a join and pre-binding differ there
        ("SELECT $this WHERE { { { FILTER ($this = ex:a) } FILTER bound($this) } FILTER (true) }", False),
        ("SELECT $this WHERE { BIND ($this AS ?that) . FILTER (?that = ex:a) }", False),
        ('SELECT $this WHERE { { FILTER (bound($this)) } $this ex:p "Label" . }', False),
        ("SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?v } }", False),  # no pattern binds $this
        ("SELECT $this WHERE { OPTIONAL { $this ex:p ?v } ?x ex:q $this }", False),
        ("SELECT $this WHERE { $this ex:p ?v { SELECT ?v WHERE { ?v ex:q ?w } } }", False),
    ],
)
def test_pyoxigraph_answers_only_where_its_join_is_pre_binding(query, join_is_prebinding):
    assert bound_at_top(query, ["this"]) is join_is_prebinding


def test_pyshacls_text_report_is_back_after_the_validation():
    own = ConstraintComponent.make_v_result_description
    report = validate_graph(levels(Literal(3)), shapes(), method="narrowed")
    assert ConstraintComponent.make_v_result_description is own
    assert report.results[0].messages == {"en": "Level 3 is over 2"}


def large(tmp_path: Path, data: Graph, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``data`` as an N-Triples file that the loader treats as large (pyoxigraph's parser first)."""
    monkeypatch.setattr(loader, "FAST_PARSE_FROM", 0)
    path = tmp_path / "data.nt"
    data.serialize(path, format="nt", encoding="utf-8")
    return path


def stores_built_from_triples(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    real = fast.store_of_triples
    monkeypatch.setattr(fast, "store_of_triples", lambda *a: calls.append(1) or real(*a))
    return calls


def test_a_large_file_is_loaded_into_the_store_beside_its_parse(tmp_path, monkeypatch):
    path = large(tmp_path, levels(*(Literal(i) for i in range(6))), monkeypatch)
    built = stores_built_from_triples(monkeypatch)
    report = validation.validate_files([path], shapes=shapes(), method="narrowed", with_ours=False)
    assert built == []  # the store the worker loaded from the file
    assert sorted(str(r.focus_node) for r in report.results) == [f"{EX}n{i}" for i in (3, 4, 5)]


def test_a_large_file_with_blank_nodes_has_the_data_graphs_own_in_the_store(tmp_path, monkeypatch):
    """Each parse names blank nodes anew: in the store the worker loaded, the triples with a blank node are
    replaced by the data graph's, and the blank nodes the constraint reports are the data graph's; the
    nodes with an IRI are reported as before."""
    data = levels(*(Literal(i) for i in range(6)), blank=True)
    data += levels(*(Literal(i) for i in range(2, 5)))  # ex:n0..ex:n2 at levels 2, 3, 4
    path = large(tmp_path, data, monkeypatch)
    built = stores_built_from_triples(monkeypatch)
    report = validation.validate_files([path], shapes=shapes(), method="narrowed", with_ours=False)
    assert built == []  # the store the worker loaded, not one converted from the data graph
    plain = validation.validate_files([path], shapes=shapes(), method="pyshacl", with_ours=False)
    assert sorted(map(str, (r.value for r in report.results))) == ["3", "3", "4", "4", "5"]
    blank = [r.focus_node for r in report.results if isinstance(r.focus_node, BNode)]
    assert len(blank) == 3 and set(blank) <= set(report.data_graph.subjects())
    assert {str(r.focus_node) for r in report.results} - {str(b) for b in blank} == {f"{EX}n1", f"{EX}n2"}
    assert len(plain.results) == len(report.results)
