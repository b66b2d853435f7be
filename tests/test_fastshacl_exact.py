"""The fast SHACL path is exact or steps aside: on shapes it does not fully decide, `method="narrowed"` gives
plain pyshacl's results; shapes whose SPARQL would read from elsewhere are refused before anything runs."""

from __future__ import annotations

import socket
import threading

import pytest
from rdflib import Graph

from airoles_kg.core.errors import InputError
from airoles_kg.shacl import validate_graph
from airoles_kg.shacl.fast import result_keys

PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DATA = (
    PREFIXES
    + """\
ex:ada a ex:Person ; rdfs:label "Ada" .
ex:bob a ex:Person ; rdfs:label "Robert the builder" .
ex:cyd a ex:Person .
"""
)


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def both(shapes: str, more: str = "") -> tuple[set[tuple], set[tuple]]:
    """The results of plain pyshacl and of the fast path forced on (on DATA and ``more`` triples), as
    comparable keys."""
    shapes_graph = graph(shapes)
    plain = validate_graph(graph(DATA + more), shapes_graph, method="pyshacl")
    narrowed = validate_graph(graph(DATA + more), shapes_graph, method="narrowed")
    return result_keys(plain.report_graph, shapes_graph), result_keys(narrowed.report_graph, shapes_graph)


def focus(keys: set[tuple]) -> set[str]:
    return {str(k[0]).rsplit("/", 1)[-1] for k in keys}


def test_a_declared_constraint_component_is_left_to_pyshacl():
    shapes = (
        PREFIXES
        + """\
ex:MaxLengthComponent a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:maxLength ] ;
    sh:propertyValidator [ a sh:SPARQLSelectValidator ;
        sh:select '''SELECT $this ?value WHERE {
            $this $PATH ?value . FILTER (STRLEN(STR(?value)) > $maxLength) }''' ] .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path rdfs:label ; ex:maxLength 5 ] .
"""
    )
    plain, narrowed = both(shapes)
    assert focus(plain) == {"bob"}  # "Robert the builder" is longer than 5
    assert narrowed == plain


def test_this_only_in_a_filter_is_left_to_pyshacl():
    shapes = (
        PREFIXES
        + """\
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:sparql [ sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this rdfs:label ?l } }" ;
                sh:prefixes ex: ] .
ex: sh:declare [ sh:prefix "rdfs" ; sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .
"""
    )
    plain, narrowed = both(shapes)
    assert focus(plain) == {"cyd"}
    assert narrowed == plain


def test_pyshacls_default_prefixes_need_no_declaration():
    shapes = (
        PREFIXES
        + """\
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:sparql [ sh:select "SELECT $this ?l WHERE { $this rdfs:label ?l . FILTER (STRLEN(?l) > 5) }" ] .
"""
    )
    plain, narrowed = both(shapes)
    assert focus(plain) == {"bob"}
    assert narrowed == plain


@pytest.mark.parametrize("method", ["pyshacl", "narrowed"])
def test_forbidden_sparql_is_a_clear_error(method):
    shapes = (
        PREFIXES
        + """\
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this a ex:Person . MINUS { $this rdfs:label ?l } }" ] .
"""
    )
    with pytest.raises(InputError, match="the shapes cannot be used: .*MINUS"):
        validate_graph(graph(DATA), graph(shapes), method=method)


@pytest.fixture
def listener():
    """A local TCP listener that counts the connections it is offered (it never answers)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("method", ["pyshacl", "narrowed"])
@pytest.mark.parametrize(
    "where",
    [
        'sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <{url}> { $this ?p ?o } }" ]',
        'sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this FROM <{url}> WHERE { ?this ?p ?o }" ]',
    ],
    ids=["service-in-a-constraint", "from-in-a-target"],
)
def test_no_request_leaves_the_machine(listener, method, where):
    port, accepted = listener
    url = f"http://127.0.0.1:{port}/sparql"
    shapes = (
        PREFIXES
        + f"ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n    {where.replace('{url}', url)} .\n"
    )
    with pytest.raises(InputError, match="makes no request"):
        validate_graph(graph(DATA), graph(shapes), method=method)
    assert accepted == []


def test_service_as_a_word_or_a_name_is_not_refused():
    shapes = (
        PREFIXES
        + """\
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this rdfs:label ?l . FILTER (?l = 'from service') }" ] .
"""
    )
    plain, narrowed = both(shapes)
    assert plain == narrowed == set()


def test_a_malformed_path_is_left_to_pyshacl():
    """A path node that is a list and has sh:inversePath too (W3C path-strange-001): pyshacl reads it as a
    sequence; the fast path does not guess."""
    shapes = PREFIXES + (
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;\n"
        "    sh:property [ sh:path _:p ; sh:minCount 1 ] .\n"
        "_:p rdf:first rdfs:label ; rdf:rest ( ex:next ) ; sh:inversePath ex:knows .\n"
    )
    plain, narrowed = both(shapes, "ex:ada ex:knows ex:bob .\n")
    assert focus(plain) == {"ada", "bob", "cyd"}  # as a sequence rdfs:label/ex:next: no value for anyone
    assert narrowed == plain
