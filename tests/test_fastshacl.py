"""airoles_kg.shacl.fast gives exactly plain pyshacl's results (it only decides which focus nodes pyshacl
sees):
on every violating fixture of the shapes, on the project graph, on a synthetic catalogue with defects
planted, and on shapes with a construct it does not evaluate."""

from __future__ import annotations

import functools
import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
from support.synthetic import Plan, synthetic_graph

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import AIROLES, bind_prefixes
from airoles_kg.shacl import fast as fastshacl
from airoles_kg.shacl import load_shapes, validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shacl"
CASES = [
    *sorted((FIXTURES / "violations").glob("*.ttl")),
    FIXTURES / "user-with-errors.ttl",
    FIXTURES / "user-warnings-only.ttl",
]


@functools.cache
def shapes() -> Graph:
    return load_shapes()


def world(*extra: Path) -> Graph:
    graph = Graph().parse(paths.ONTOLOGY_FILE).parse(FIXTURES / "world.ttl")
    for path in extra:
        graph.parse(path)
    return bind_prefixes(graph)


def plain(data: Graph, shapes_graph: Graph) -> set[tuple]:
    """pyshacl with its defaults (advanced=True: the shapes use SHACL-AF targets)."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True)
    return fastshacl.result_keys(report, shapes_graph)


def fast(data: Graph, shapes_graph: Graph) -> set[tuple]:
    report = validate_graph(data, shapes_graph, method="narrowed")
    return fastshacl.result_keys(report.report_graph, shapes_graph)


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: p.stem)
def test_same_results_as_pyshacl_on_each_fixture(fixture):
    data = world(fixture)
    expected = plain(data, shapes())
    assert expected, "the fixture violates something"
    assert fast(data, shapes()) == expected


def test_same_results_on_the_project_graph():
    data = load_graph()
    assert fast(data, shapes()) == plain(data, shapes())


@pytest.fixture(scope="module")
def damaged() -> Graph:
    """Ontology + a synthetic catalogue of 24 roles, with a defect of each kind planted."""
    plan = Plan(24, 3)
    data = Graph().parse(paths.ONTOLOGY_FILE)
    data += synthetic_graph(24, 3)
    a, b = (URIRef(plan.role(r)) for r in plan.example_roles())
    transition = next(data.subjects(AIROLES.fromRole, a))
    data.set((transition, AIROLES.toRole, a))  # a transition from a role to itself (SPARQL constraint)
    missions = sorted(data.subjects(AIROLES.missionOf, b))
    data.set((missions[1], AIROLES.missionOrder, Literal(1)))  # two first missions from one article
    requirement = next(data.subjects(AIROLES.requirementOf, b))
    data.remove((requirement, AIROLES.importance, None))  # a link without importance
    data.add((URIRef(plan.skill(5)), RDF.type, AIROLES.SoftSkill))  # two disjoint kinds
    # a second French preferred label, with a trailing space
    data.add((URIRef(plan.skill(6)), SKOS.prefLabel, Literal("second label ", lang="fr")))
    data.add((URIRef(plan.role(2)), AIROLES.hasMission, URIRef(plan.role(3))))  # a role as a mission
    data.add((URIRef("https://w3id.org/airoles/id/roles/typo"), RDFS.label, Literal("x")))  # no such kind
    data.add((URIRef(plan.sector(1)), SKOS.broader, BNode()))
    return bind_prefixes(data)


def test_same_results_on_a_damaged_catalogue(damaged):
    expected = plain(damaged, shapes())
    shapes_reporting = {key[2].split(" ")[0].rsplit("/", 1)[-1] for key in expected}
    assert {
        "TransitionDistinctRolesShape",
        "MissionOrderUniqueShape",
        "SkillRequirementImportanceShape",
        "SoftSkillShape",
        "IdIriShape",
    } <= shapes_reporting
    assert fast(damaged, shapes()) == expected


def test_pyshacl_sees_only_a_few_focus_nodes(damaged):
    narrowed = fastshacl.narrow(damaged, shapes())
    assert narrowed.focus > 5000
    assert 0 < narrowed.candidates < narrowed.focus / 50
    assert narrowed.kept_whole == []


def test_a_construct_it_does_not_evaluate_keeps_every_focus_node(damaged):
    closed = Graph()
    for triple in shapes():
        closed.add(triple)
    shape = URIRef("https://w3id.org/airoles/shapes/SkillRequirementShape")
    closed.add((shape, SH.closed, Literal(True)))  # sh:closed is not evaluated here
    closed.add((shape, SH.ignoredProperties, RDF.nil))
    narrowed = fastshacl.narrow(damaged, closed)
    assert any(str(shape) in why for why in narrowed.kept_whole)
    requirements = set(damaged.subjects(RDF.type, AIROLES.SkillRequirement))
    assert requirements <= set(narrowed.shapes.objects(shape, SH.targetNode))
    assert fast(damaged, closed) == plain(damaged, closed)


MISSION_QUERY = """
    SELECT $this (airoles:hasMission AS ?path) ?value ?twin ?order WHERE {
        $this airoles:hasMission|^airoles:missionOf ?value .
        ?value airoles:missionOrder ?order .   # a comment with { braces } and "quotes"
        $this airoles:hasMission|^airoles:missionOf ?twin .
        ?twin airoles:missionOrder ?twinOrder .
        FILTER(?value != ?twin && ?order = ?twinOrder)
        OPTIONAL { ?value prov:wasDerivedFrom ?source . ?twin prov:wasDerivedFrom ?twinSource .
                   FILTER(?source = ?twinSource) }
        FILTER(BOUND(?source) || NOT EXISTS { ?value prov:wasDerivedFrom ?a })
    }"""


def test_relax_drops_optional_blocks_and_the_filters_that_read_them():
    relaxed = fastshacl.relax(MISSION_QUERY)
    assert relaxed is not None
    assert "OPTIONAL" not in relaxed and "BOUND" not in relaxed and "comment" not in relaxed
    assert "FILTER(?value != ?twin && ?order = ?twinOrder)" in relaxed
    assert relaxed.count("missionOrder") == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT $this WHERE { { $this a ?x } UNION { $this a ?y } }",
        "SELECT $this WHERE { $this ?p ?o . MINUS { $this a ?t } }",
        "SELECT $this WHERE { { SELECT $this WHERE { $this ?p ?o } } }",
        "SELECT $this WHERE { $this ?p ?o . BIND(?o AS ?x) }",
    ],
)
def test_relax_refuses_what_it_does_not_handle(query):
    assert fastshacl.relax(query) is None


PAIR_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:LessShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:low ; sh:lessThan ex:high ] , [ sh:path ex:from ; sh:lessThanOrEquals ex:to ] .
"""

PAIR_DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ordered a ex:Thing ; ex:low 1 ; ex:high 2.5 ;
    ex:from "2024-01-01"^^xsd:date ; ex:to "2024-06-01"^^xsd:date .
ex:equal a ex:Thing ; ex:low 3 ; ex:high 3 ; ex:from 3 ; ex:to 3.0 .
ex:inverted a ex:Thing ; ex:low 5 ; ex:high 4 ; ex:from 7 ; ex:to 6 .
ex:strings a ex:Thing ; ex:low "a" ; ex:high "b" ; ex:from "b" ; ex:to "a" .
ex:mixed a ex:Thing ; ex:low "1" ; ex:high 2 ; ex:from ex:x ; ex:to "ex" .
ex:several a ex:Thing ; ex:low 1 , 9 ; ex:high 5 , 10 .
ex:alone a ex:Thing ; ex:low 8 ; ex:to 1 .
"""


def test_less_than_pairs_are_decided_as_pyshacl_decides_them():
    """sh:lessThan / sh:lessThanOrEquals: only the nodes with a pair pyshacl rejects go to pyshacl (a range
    in order is no longer a candidate: it made 3,000 salaries of the synthetic catalogue candidates)."""
    shapes_graph = Graph().parse(data=PAIR_SHAPES, format="turtle")
    data = Graph().parse(data=PAIR_DATA, format="turtle")
    ex = "http://example.org/"
    candidates = fastshacl.candidates_of(data, shapes_graph, data.subjects(RDF.type, URIRef(ex + "Thing")))
    assert candidates == {URIRef(ex + name) for name in ("equal", "inverted", "strings", "mixed", "several")}
    expected = plain(data, shapes_graph)
    assert {key[0] for key in expected} == candidates
    assert fast(data, shapes_graph) == expected


PREFETCH_DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b , "text"@en , [ ex:q ex:c ] .
ex:b ex:p ex:a .
"""


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?this WHERE { ?this ex:p ?o }",
        "SELECT ?o ?this WHERE { ?s ex:p ?o . ?o ex:p ?this }",
        "SELECT ?this WHERE { ?s ex:p ?this }",  # a literal and a blank node: read from the solutions instead
        "SELECT ?this WHERE { ?s ex:p ?o OPTIONAL { ?o ex:q ?this } }",  # unbound ?this
        "SELECT ?this WHERE { ?this ex:nothing ?o }",
        "ASK { ?s ?p ?o }",
    ],
)
def test_a_prefetched_select_gives_the_nodes_its_solutions_give(query):
    data = Graph().parse(data=PREFETCH_DATA, format="turtle")
    store = fastshacl.store_of(data)
    prefixes = {"ex": "http://example.org/"}

    def compiler() -> fastshacl._Compiler:
        return fastshacl._Compiler(fastshacl._Data(data), Graph(), store)

    try:
        expected = compiler().select_this(query, prefixes)
    except Exception as exc:  # an ASK has no solutions to read: the same error either way
        expected = type(exc)
    prefetching = compiler()
    with ThreadPoolExecutor(max_workers=1) as pool:
        prefetching._prefetched[(query, tuple(prefixes.items()))] = pool.submit(
            fastshacl._select_tsv, store, query, prefixes
        )
        try:
            got = prefetching.select_this(query, prefixes)
        except Exception as exc:
            got = type(exc)
    assert not prefetching._prefetched, "the prefetched results were read"
    assert got == expected
    if isinstance(got, set):  # the data graph's own IRI objects (look-ups by identity later)
        held = {id(term) for triple in data for term in triple}
        assert all(id(n) in held for n in got if isinstance(n, URIRef))


def test_narrowing_pauses_the_garbage_collector_and_restores_it(damaged):
    seen = []
    original = fastshacl._Compiler.focus_nodes

    def spy(self, shape):
        seen.append(gc.isenabled())
        return original(self, shape)

    fastshacl._Compiler.focus_nodes = spy
    try:
        assert gc.isenabled()
        fastshacl.narrow(damaged, shapes())
        assert gc.isenabled() and seen and not any(seen)
        gc.disable()
        fastshacl.narrow(damaged, shapes())
        assert not gc.isenabled()
    finally:
        gc.enable()
        fastshacl._Compiler.focus_nodes = original


def test_validate_graph_narrows_once(damaged, monkeypatch):
    """airoles_kg.shacl.validate narrows large graphs itself ("auto"): fastshacl asks it not to narrow
    again."""
    from airoles_kg.shacl import validate as validation

    calls = []
    original = fastshacl.narrow
    monkeypatch.setattr(validation, "NARROW_FROM", 0)
    monkeypatch.setattr(fastshacl, "narrow", lambda *args: calls.append(1) or original(*args))
    validate_graph(damaged, shapes(), method="narrowed")
    assert len(calls) == 1


SPARQL_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:NoSelfLink a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/link> $this }" ] .
"""


def test_a_sparql_constraint_is_parsed_once_not_once_per_focus_node(monkeypatch) -> None:  # noqa: ANN001
    """pyshacl asks rdflib to parse the same SPARQL text for every focus node (4,460 times for a 3,000-role
    catalogue: most of `airoles validate`'s time). The validation parses it once and reports the same."""
    from rdflib.plugins.sparql import processor

    data = Graph()
    for i in range(40):
        data.parse(
            data=f"<http://example.org/t{i}> a <http://example.org/Thing> ; "
            f"<http://example.org/link> <http://example.org/t{i - i % 2}> .",
            format="turtle",
        )
    shapes = Graph().parse(data=SPARQL_SHAPES, format="turtle")
    parses = []
    real = processor.parseQuery
    monkeypatch.setattr(processor, "parseQuery", lambda text: parses.append(text) or real(text))
    report = validate_graph(data, shapes, method="pyshacl")
    assert len(parses) == 1
    assert sorted(str(r.focus_node) for r in report.results) == sorted(
        f"http://example.org/t{i}" for i in range(0, 40, 2)
    )
    assert "query" not in vars(data)  # the graph's own method again
    monkeypatch.setattr(processor, "parseQuery", real)
    plain = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)[1]
    assert sorted(str(f) for f in plain.objects(None, SH.focusNode)) == sorted(
        str(r.focus_node) for r in report.results
    )


def test_a_sparql_constraint_is_checked_once_not_once_per_focus_node(monkeypatch) -> None:  # noqa: ANN001
    """pyshacl checks the text of a SPARQL constraint for what SHACL forbids (nine regular expressions) before
    each focus node's query: the validation checks each text once, and a forbidden one is still refused."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    from airoles_kg.core.errors import InputError
    from airoles_kg.shacl import validate as validation

    data = Graph()
    for i in range(40):
        data.add((URIRef(f"http://example.org/t{i}"), RDF.type, URIRef("http://example.org/Thing")))
        data.add(
            (
                URIRef(f"http://example.org/t{i}"),
                URIRef("http://example.org/link"),
                URIRef(f"http://example.org/t{i - i % 2}"),
            )
        )
    shapes = Graph().parse(data=SPARQL_SHAPES, format="turtle")
    checks = []
    minus = SPARQLQueryHelper.has_minus_regex  # the first of the check's expressions

    class Spy:
        def search(self, text: str) -> object:
            checks.append(text)
            return minus.search(text)

    monkeypatch.setattr(SPARQLQueryHelper, "has_minus_regex", Spy())
    report = validate_graph(data, shapes, method="pyshacl")
    assert len(checks) == 1 and len(report.results) == 20
    assert SPARQLQueryHelper.check_invalid_sparql is validation._CHECK_INVALID_SPARQL  # pyshacl's own again
    values = Graph().parse(data=SPARQL_SHAPES.replace("WHERE {", "WHERE { VALUES ?x { 1 } "), format="turtle")
    with pytest.raises(InputError, match="VALUES"):
        validate_graph(data, values, method="pyshacl")
