"""The SHACL shapes: coverage of the ontology, consistency with it, and, for every shape, a conforming and a
violating fixture (tests/fixtures/shacl/). Each violating fixture lists every result it must produce."""

import functools
import re
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH

from airoles_kg.core import paths
from airoles_kg.core.classes import instances, subclasses
from airoles_kg.core.namespaces import AIROLES, ID_BASE, KINDS, bind_prefixes
from airoles_kg.shacl import (
    SHAPES,
    curie,
    load_shapes,
    path_text,
    validate_graph,
    validate_project,
    value_text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "shacl"
WORLD = FIXTURES / "world.ttl"
VIOLATIONS = sorted((FIXTURES / "violations").glob("*.ttl"))
EX = "https://hr.example.org/"
EXPECT = re.compile(r"^# expect: (.*)$", re.MULTILINE)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(paths.ONTOLOGY_FILE)


@functools.cache
def fixture_report(fixture: Path):
    """The report on the world plus one violating fixture (validated once per test session)."""
    return validate_graph(world_graph(fixture), load_shapes())


def world_graph(*extra: Path) -> Graph:
    graph = Graph().parse(paths.ONTOLOGY_FILE).parse(WORLD)
    for path in extra:
        graph.parse(path)
    graph = bind_prefixes(graph)
    graph.bind("ex", EX)
    return graph


def airoles_classes(ontology: Graph) -> set[URIRef]:
    return {
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and c.startswith(str(AIROLES))
    }


def result_line(graph: Graph, report, result) -> str:
    value = value_text(graph, result.value, None) if result.value is not None else "-"
    value = value.replace("\t", "\\t").replace("\n", "\\n")
    path = path_text(report.report_graph, result.path) or "-"
    shape = curie(report.shapes_graph, result.shape)
    return f"{result.severity} | {shape} | {curie(graph, result.focus_node)} | {path} | {value}"


# --- Coverage and consistency with the ontology ---------------------------------------------------------


def test_every_ontology_class_is_the_target_of_a_shape(ontology, shapes):
    classes = airoles_classes(ontology)
    assert len(classes) > 40  # the ontology was read, not an empty graph
    targeted = set(shapes.objects(None, SH.targetClass))
    assert sorted(classes - targeted) == []


def test_every_reporting_shape_has_a_severity_and_one_message_in_french_and_english(shapes):
    reporting = set(shapes.subjects(SH.severity, None))
    targeting = {s for p in TARGETS for s in shapes.subjects(p, None)}
    property_shapes = {p for s in targeting for p in shapes.objects(s, SH.property)}
    property_shapes |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert property_shapes - reporting == set(), "every property shape states its severity"
    for shape in reporting:
        sparql = list(shapes.objects(shape, SH.sparql))
        carriers = sparql or [shape]  # a SPARQL constraint carries its own message
        for carrier in carriers:
            languages = Counter(
                m.language for m in shapes.objects(carrier, SH.message) if isinstance(m, Literal)
            )
            assert languages == Counter({"fr": 1, "en": 1}), (
                f"{curie(shapes, shape)}: messages {dict(languages)}"
            )
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info)


def test_shapes_graph_is_valid_shacl(shapes):
    conforms, _, text = pyshacl.validate(
        shapes, shacl_graph="http://www.w3.org/ns/shacl-shacl", inference="none", max_validation_depth=40
    )
    assert conforms, text


def test_fact_classes_are_the_ontology_entities_other_than_source_documents(ontology, shapes):
    entities = {c for c in ontology.subjects(RDFS.subClassOf, PROV.Entity) if c.startswith(str(AIROLES))}
    facts = entities - {AIROLES.SourceDocument}
    assert set(shapes.objects(SHAPES.FactExcerptShape, SH.targetClass)) == facts
    assert set(shapes.objects(SHAPES.SourcedNodeShape, SH.targetClass)) == facts | {AIROLES.Role}


def _one_of(ontology: Graph, cls: URIRef) -> set[URIRef] | None:
    for equivalent in ontology.objects(cls, OWL.equivalentClass):
        members = ontology.value(equivalent, OWL.oneOf)
        if members is not None:
            return set(Collection(ontology, members))
    return None


def test_closed_lists_match_the_ontology(ontology, shapes):
    closed = {c: _one_of(ontology, c) for c in airoles_classes(ontology)}
    closed = {c: members for c, members in closed.items() if members}
    assert AIROLES.TransitionKind in closed and AIROLES.Importance in closed
    checked = 0
    for shape, values in shapes.subject_objects(SH["in"]):
        listed = set(Collection(shapes, values))
        target = shapes.value(shape, SH.targetClass)
        path = shapes.value(shape, SH.path)
        if target in closed:  # the class's own shape: no new member
            assert listed == closed[target], curie(shapes, shape)
            checked += 1
        elif (
            isinstance(path, URIRef) and ontology.value(path, RDFS.range) in closed
        ):  # a property into the list
            assert listed == closed[ontology.value(path, RDFS.range)], curie(shapes, shape)
            checked += 1
    # one shape per closed class, and at least the 6 properties whose range is a closed class
    assert checked >= len(closed) + 6


def test_integer_ranges_are_checked_by_the_shapes(ontology, shapes):
    # The knowledge base writes its whole numbers as xsd:integer, which every store keeps (Oxigraph returns
    # "4"^^xsd:positiveInteger as "4"^^xsd:integer); the ontology's narrower range still holds, checked by
    # SHACL: each property ranging over positive (or non-negative) integers has a shape with the lower bound.
    from rdflib.namespace import XSD  # here: pytest's collection trips over the namespace at module level

    lowest = {XSD.positiveInteger: 1, XSD.nonNegativeInteger: 0}
    ranged = {prop: lowest[r] for prop, r in ontology.subject_objects(RDFS.range) if r in lowest}
    assert len(ranged) >= 5  # missionOrder, levelOrder, targetSize, eqfLevel, rncpLevel
    for prop, bound in sorted(ranged.items()):
        minima = [shapes.value(shape, SH.minInclusive) for shape in shapes.subjects(SH.path, prop)]
        assert any(m is not None and int(m) >= bound for m in minima), f"{curie(shapes, prop)}: no minimum"


def test_iri_convention_uses_the_kinds_of_the_namespace_module_and_of_contributing(shapes):
    pattern = str(shapes.value(SHAPES.IdIriShape, SH.pattern))
    assert pattern == f"^{ID_BASE}({'|'.join(KINDS)})/[a-z0-9]+(-[a-z0-9]+)*$"
    contributing = (paths.REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    listed = re.search(r"`<kind>` is one of\s+`([^`]+)`", contributing)
    assert listed is not None
    assert listed.group(1).split() == list(KINDS)


def test_iri_convention_accepts_and_rejects(shapes):
    pattern = re.compile(str(shapes.value(SHAPES.IdIriShape, SH.pattern)))
    assert pattern.fullmatch(f"{ID_BASE}role/chef-de-projet-ia")
    assert pattern.fullmatch(f"{ID_BASE}mission/chef-de-projet-ia-01")
    for bad in (
        "role/Chef-de-projet",
        "role/chef_de_projet",
        "role/chef--projet",
        "metier/chef",
        "role/",
        "role/é",
    ):
        assert not pattern.fullmatch(f"{ID_BASE}{bad}"), bad


# --- The conforming world ------------------------------------------------------------------------------


def _focus_nodes(shapes: Graph, data: Graph, shape) -> set:
    """The focus nodes of ``shape``'s own targets in ``data`` (SHACL target semantics)."""
    nodes: set = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        nodes |= {s for c in subclasses(data, cls) for s in data.subjects(RDF.type, c)}
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(p, None))
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, p))
    prefixes = "".join(
        f"PREFIX {d.value(SH.prefix)}: <{d.value(SH.namespace)}>\n"
        for d in (shapes.resource(x) for x in shapes.objects(SHAPES[""], SH.declare))
    )
    for target in shapes.objects(shape, SH.target):
        nodes |= {row[0] for row in data.query(prefixes + str(shapes.value(target, SH.select)))}
    return nodes


def test_world_conforms_without_any_result():
    report = validate_graph(world_graph())
    assert [result_line(report.data_graph, report, r) for r in report.results] == []
    assert report.conforms()


def test_every_targeting_shape_has_conforming_focus_nodes_in_the_world(shapes):
    world = world_graph()
    targeting = {s for p in TARGETS for s in shapes.subjects(p, None)}
    assert len(targeting) > 60
    empty = [curie(shapes, s) for s in targeting if not _focus_nodes(shapes, world, s)]
    assert empty == []


# --- Violating fixtures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", VIOLATIONS, ids=lambda p: p.stem)
def test_violation_fixture_reports_exactly_what_it_expects(fixture, shapes):
    expected = EXPECT.findall(fixture.read_text(encoding="utf-8"))
    assert expected, f"{fixture.name} declares no expected result"
    report = fixture_report(fixture)
    actual = [result_line(report.data_graph, report, r) for r in report.results]
    assert sorted(actual) == sorted(expected)
    for result in report.results:  # every result can be read in both languages
        assert {"fr", "en"} <= set(result.messages), result_line(report.data_graph, report, result)
        assert result.message("fr") != result.message("en")
    assert report.passes() == (not any(line.startswith("Violation") for line in expected))


def test_every_reporting_shape_is_violated_by_some_fixture():
    # Reported shapes are compared by IRI, or, for a blank-node property shape, by its named parent and path
    # (blank node ids differ between two parses of the shapes file).
    def key(graph: Graph, shape) -> str:
        if isinstance(shape, URIRef):
            return curie(graph, shape)
        parent = next(graph.subjects(SH.property, shape))
        return f"{curie(graph, parent)} [{path_text(graph, graph.value(shape, SH.path))}]"

    shapes = load_shapes()
    reporting = {key(shapes, s) for s in shapes.subjects(SH.severity, None)}
    reported = set()
    for fixture in VIOLATIONS:
        report = fixture_report(fixture)
        reported |= {
            key(report.shapes_graph, report.report_graph.value(r.node, SH.sourceShape))
            for r in report.results
        }
    missing = reporting - reported
    assert sorted(missing) == []


def test_mission_order_may_repeat_across_articles_not_within_one(shapes):
    world = world_graph()
    first = URIRef(f"{ID_BASE}mission/chef-de-projet-ia-01")
    other_article = URIRef(f"{ID_BASE}mission/chef-de-projet-ia-03")
    # In the world both have order 1, from two articles: no result (test_world_conforms_without_any_result).
    orders = {world.value(m, AIROLES.missionOrder).toPython() for m in (first, other_article)}
    assert orders == {1}
    world.set((other_article, PROV.wasDerivedFrom, URIRef(f"{ID_BASE}source/article-a")))
    report = validate_graph(world, shapes)
    assert {(r.shape, r.value) for r in report.results} == {
        (SHAPES.MissionOrderUniqueShape, first),
        (SHAPES.MissionOrderUniqueShape, other_article),
    }
    assert "(1)" in report.results[0].message("fr")


def test_role_families_are_classified_without_reasoning_over_inverse_links(shapes):
    # The world writes some links from the other side (hasMission, hasSkillRequirement/requiredBy,
    # hasOutgoingTransition/hasIncomingTransition, hasSalaryObservation): they count.
    world = world_graph()
    assert (None, AIROLES.hasMission, None) in world and (None, AIROLES.requiredBy, None) in world
    assert validate_graph(world, shapes).results == []


def test_untyped_blank_nodes_and_foreign_iris_are_outside_the_naming_convention(shapes):
    world = world_graph()
    world.add((BNode(), RDFS.label, Literal("note")))
    world.add((URIRef(f"{EX}Not_Our_Convention"), RDFS.label, Literal("x")))
    assert validate_graph(world, shapes).results == []


# --- Our own graph ---------------------------------------------------------------------------------------

needs_kb = pytest.mark.skipif(
    not any(paths.KB_DIR.glob("*.ttl")), reason="the knowledge base (ontology/kb/*.ttl) is not written yet"
)

# Shapes that state the conventions of CONTRIBUTING.md (labels, schemes, excerpts): our KB meets them all,
# even though they are only warnings for others' data.
CONVENTION_SHAPES = {
    SHAPES.ConceptPrefLabelFrShape,
    SHAPES.ConceptPrefLabelEnShape,
    SHAPES.ConceptLabelFrShape,
    SHAPES.ConceptLabelEnShape,
    SHAPES.KbConceptSchemeShape,
    SHAPES.FactExcerptFrShape,
    SHAPES.FactLabelPresentShape,
    SHAPES.SalaryBasisPresentShape,
    SHAPES.SalaryExperiencePresentShape,
    SHAPES.TransitionKindPresentShape,
}


@pytest.fixture(scope="module")
def project_report():
    return validate_project()


@needs_kb
def test_our_graph_conforms(project_report):
    report = project_report
    violations = [
        result_line(report.data_graph, report, r) for r in report.results if r.severity == "Violation"
    ]
    assert violations == []
    assert len(instances(report.data_graph, AIROLES.Role)) > 5  # the KB was validated, not only the ontology


@needs_kb
def test_our_graph_follows_the_label_excerpt_and_completeness_conventions(project_report):
    report = project_report
    broken = [
        result_line(report.data_graph, report, r) for r in report.results if r.shape in CONVENTION_SHAPES
    ]
    assert broken == []
