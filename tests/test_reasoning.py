"""Reasoning: consistency, the designed inferences, explained contradictions, rules = HermiT, cache, CLI.

HermiT runs once per graph (module-scoped fixtures): the ontology alone, ontology + fixture, ontology + KB.
"""

import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from airoles_kg import cli
from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import load_graph, parse_rdf_file, source_files
from airoles_kg.core.namespaces import AIROLES, KIND_NS
from airoles_kg.reasoning import inference as reasoning
from airoles_kg.reasoning.hermit import _java_reason, parse_output
from airoles_kg.reasoning.inference import inferred_graph, materialise_rules, reason
from airoles_kg.reasoning.rules import transitive_closure

FIXTURES = Path(__file__).parent / "fixtures" / "reasoning"
ROLE, MISSION, TRANSITION, SKILL, SECTOR = (
    KIND_NS[k] for k in ("role", "mission", "transition", "skill", "sector")
)
ORGMODEL, GROUP, TEAM = KIND_NS["orgmodel"], KIND_NS["group"], KIND_NS["team"]
FAMILIES = (AIROLES.ManagementRole, AIROLES.ProjectRole)  # the defined ones: DataRole is stated

PREFIXES = """
@prefix airoles: <https://w3id.org/airoles/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix role: <https://w3id.org/airoles/id/role/> .
@prefix mission: <https://w3id.org/airoles/id/mission/> .
@prefix requirement: <https://w3id.org/airoles/id/requirement/> .
@prefix salary: <https://w3id.org/airoles/id/salary/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def ontology() -> Graph:
    return parse_rdf_file(paths.ONTOLOGY_FILE)


def with_ontology(*files: Path, turtle: str | None = None) -> Graph:
    graph = ontology()
    for f in files:
        graph += parse_rdf_file(f)
    if turtle is not None:
        graph.parse(data=PREFIXES + turtle, format="turtle")
    return graph


def kb_present() -> bool:
    return any(p != paths.ONTOLOGY_FILE for p in source_files())


@pytest.fixture(scope="module")
def ontology_report():
    return reason(ontology())


@pytest.fixture(scope="module")
def families_graph():
    return with_ontology(FIXTURES / "families.ttl")


@pytest.fixture(scope="module")
def families_report(families_graph):
    return reason(families_graph)


@pytest.fixture(scope="module")
def kb_graph():
    if not kb_present():
        pytest.skip("the knowledge base (ontology/kb/*.ttl) is not there yet")
    return load_graph()


@pytest.fixture(scope="module")
def kb_report(kb_graph):
    return reason(kb_graph)


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Project = the ontology alone (empty KB dir), cache and dist under tmp_path: CLI runs stay small."""
    kb = tmp_path / "kb"
    kb.mkdir()
    monkeypatch.setattr(paths, "KB_DIR", kb)
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def ground(graph: Graph) -> set:
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def types_of(graph: Graph, node: URIRef) -> set:
    return set(graph.objects(node, RDF.type))


# --- consistency --------------------------------------------------------------------------------------------


def test_the_ontology_alone_is_consistent_and_coherent(ontology_report):
    assert ontology_report.consistent
    assert ontology_report.unsatisfiable == []
    assert ontology_report.problems == []


def test_unsatisfiable_class_is_reported_by_name(isolated, capsys):
    extra = isolated / "unsatisfiable.ttl"
    extra.write_text(
        PREFIXES
        + """airoles:RoleSkill a owl:Class ; rdfs:label "role that is a skill"@en ;
            rdfs:subClassOf airoles:Role , airoles:Skill .\n""",
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "reason", str(extra), "-o", str(isolated / "o.ttl"))
    assert code == 1
    assert "INCOHERENT" in out
    assert "airoles:RoleSkill « role that is a skill »" in out and "can have no instance" in out
    assert_no_java_trace(out + err)


def test_ontology_plus_knowledge_base_is_consistent(kb_report):
    assert kb_report.ok, kb_report.explanation()
    assert kb_report.engine == "hermit"


def test_knowledge_base_has_no_functional_property_with_two_values(kb_report):
    # Consistent, but HermiT would silently merge the two values into one individual.
    assert [w.message for w in kb_report.warnings] == []


# --- designed inferences on the fixture ---------------------------------------------------------------------


def test_roles_land_in_the_defined_families_they_are_never_asserted_in(families_graph, families_report):
    for family in FAMILIES:
        assert not set(families_graph.subjects(RDF.type, family)), "the fixture must not assert any family"
    inferred = families_report.inferred
    # responsable IA: leads a team and has a budget mission (stated from the mission side, missionOf).
    assert AIROLES.ManagementRole in types_of(inferred, ROLE["responsable-ia"])
    # chef de projet IA: a project-coordination mission. Its essential data skill (Python) no longer makes it
    # a data and engineering role: that family is stated where an article lists the role among the experts.
    assert AIROLES.ProjectRole in types_of(inferred, ROLE["chef-de-projet-ia"])
    assert AIROLES.DataRole not in types_of(inferred, ROLE["chef-de-projet-ia"])
    # consultant IA: a strategy mission and an *optional* data skill only — no family.
    assert not set(FAMILIES) & types_of(inferred, ROLE["consultant-ia"])
    assert AIROLES.ManagementRole not in types_of(inferred, ROLE["chef-de-projet-ia"])


def test_report_names_the_newly_classified_roles_by_label(families_report):
    classified = {c.label: sorted(name for _, name in c.families) for c in families_report.classified}
    assert classified == {
        "Responsable IA": ["management role"],
        "Chef de projet IA": ["project and product role"],
    }


def test_two_step_transition_gives_can_eventually_become(families_report):
    inferred = families_report.inferred
    consultant, chef, directeur = ROLE["consultant-ia"], ROLE["chef-de-projet-ia"], ROLE["directeur-ia"]
    assert (consultant, AIROLES.canBecome, chef) in inferred
    assert (chef, AIROLES.canBecome, directeur) in inferred
    assert (consultant, AIROLES.canBecome, directeur) not in inferred  # no stated transition
    assert (consultant, AIROLES.canEventuallyBecome, directeur) in inferred
    assert (consultant, AIROLES.canEventuallyBecome, chef) in inferred  # one step counts too
    assert (directeur, AIROLES.canEventuallyBecome, consultant) not in inferred


def test_inverse_properties_are_materialised(families_report):
    inferred = families_report.inferred
    chef = ROLE["chef-de-projet-ia"]
    assert (chef, AIROLES.hasOutgoingTransition, TRANSITION["chef-de-projet-ia-directeur-ia"]) in inferred
    assert (chef, AIROLES.hasIncomingTransition, TRANSITION["consultant-ia-chef-de-projet-ia"]) in inferred
    assert (ROLE["responsable-ia"], AIROLES.hasMission, MISSION["responsable-ia-01"]) in inferred
    assert (MISSION["chef-de-projet-ia-01"], AIROLES.missionOf, chef) in inferred
    assert (TEAM["equipe-ia"], AIROLES.ledBy, ROLE["responsable-ia"]) in inferred


def test_property_chains_are_materialised(families_report):
    inferred = families_report.inferred
    assert (ROLE["chef-de-projet-ia"], AIROLES.hasSkill, SKILL["python"]) in inferred
    # The chain starts from a requirement stated from the requirement side (requirementOf).
    assert (ROLE["consultant-ia"], AIROLES.hasSkill, SKILL["sql"]) in inferred
    assert (ROLE["chef-de-projet-ia"], AIROLES.worksInSector, SECTOR["sante"]) in inferred
    assert (ORGMODEL["data-hub"], AIROLES.hasMemberRole, ROLE["consultant-ia"]) in inferred


def test_only_new_triples_about_our_namespaces_are_published(families_graph, families_report):
    inferred = families_report.inferred
    assert len(inferred) > 0
    for s, p, o in inferred:
        assert (s, p, o) not in families_graph
        assert str(s).startswith(str(AIROLES))
        assert o not in (OWL.Thing, OWL.NamedIndividual)
    assert sum(families_report.counts.values()) == len(inferred)
    assert all(families_report.counts[k] > 0 for k in ("types", "inverses", "chains", "transitive"))


def test_rules_give_exactly_hermits_inferences_on_the_fixture(families_graph, families_report):
    assert set(materialise_rules(families_graph)) == set(families_report.inferred)


# --- the real knowledge base --------------------------------------------------------------------------------


def test_kb_roles_are_classified_into_families(kb_graph, kb_report):
    inferred = kb_report.inferred
    assert AIROLES.ManagementRole in types_of(inferred, ROLE["responsable-ia"])
    assert (ROLE["chef-de-projet-ia"], RDF.type, AIROLES.ProjectRole) in inferred
    assert (ROLE["chef-de-projet-ia"], RDF.type, AIROLES.ProjectRole) not in kb_graph


def test_kb_transition_gives_can_become(kb_report):
    assert (ROLE["chef-de-projet-ia"], AIROLES.canBecome, ROLE["directeur-ia"]) in kb_report.inferred


def test_kb_inverses_and_chains(kb_graph, kb_report):
    full = kb_graph + kb_report.inferred
    chef = ROLE["chef-de-projet-ia"]
    outgoing = set(full.objects(chef, AIROLES.hasOutgoingTransition))
    assert outgoing == set(kb_graph.subjects(AIROLES.fromRole, chef)) | set(
        kb_graph.objects(chef, AIROLES.hasOutgoingTransition)
    )
    assert outgoing
    skills = set(full.objects(chef, AIROLES.hasSkill))
    stated = {
        s
        for req in set(full.objects(chef, AIROLES.hasSkillRequirement))
        for s in kb_graph.objects(req, AIROLES.requiresSkill)
    }
    assert skills == stated and skills


def test_rules_give_exactly_hermits_inferences_on_the_kb(kb_graph, kb_report):
    by_rules = set(materialise_rules(kb_graph))
    by_hermit = set(kb_report.inferred)
    assert by_rules - by_hermit == set()
    assert by_hermit - by_rules == set()
    designed = {
        AIROLES.hasSkill,
        AIROLES.canBecome,
        AIROLES.canEventuallyBecome,
        AIROLES.hasOutgoingTransition,
    }
    assert designed <= {p for _, p, _ in by_hermit}


# --- contradictions -----------------------------------------------------------------------------------------


def run_cli(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_no_java_trace(text: str):
    assert "Traceback" not in text
    assert "\tat " not in text and "at org.semanticweb" not in text
    assert "Exception" not in text


def test_cli_explains_an_individual_that_is_both_role_and_skill(isolated, capsys):
    out_file = isolated / "inferred.ttl"
    code, out, err = run_cli(
        capsys, "reason", str(FIXTURES / "inconsistent-disjoint.ttl"), "-o", str(out_file)
    )
    assert code == 1
    assert "INCONSISTENT" in out
    assert "Développeur Python" in out and "role:developpeur-python" in out
    assert "airoles:Role" in out and "airoles:Skill" in out and "disjoint" in out
    assert_no_java_trace(out + err)
    assert not out_file.exists()


def test_cli_explains_a_salary_with_two_experience_levels(isolated, capsys):
    code, out, err = run_cli(
        capsys, "reason", str(FIXTURES / "inconsistent-functional.ttl"), "-o", str(isolated / "x.ttl")
    )
    assert code == 1
    assert "salary:data-analyste-debutant" in out and "Salaire d'un data analyste débutant" in out
    assert "airoles:experienceLevel" in out
    assert "airoles:Beginner" in out and "airoles:Confirmed" in out
    assert_no_java_trace(out + err)


def test_rules_engine_also_catches_the_contradictions():
    for name in ("inconsistent-disjoint.ttl", "inconsistent-functional.ttl"):
        report = reason(with_ontology(FIXTURES / name), engine="rules")
        assert not report.consistent and report.problems
        assert len(report.inferred) == 0


def test_domain_union_violation_is_explained():
    graph = with_ontology(
        turtle="""
        role:x a airoles:Role ; rdfs:label "Rôle X"@fr ; airoles:importance airoles:Essential .
        """
    )
    report = reason(graph, engine="rules")
    assert not report.consistent
    [problem] = report.problems
    assert problem.kind == "domain"
    assert "role:x « Rôle X »" in problem.message and "airoles:importance" in problem.message
    assert "airoles:SkillRequirement or airoles:EducationRequirement" in problem.message


def test_two_different_numbers_for_a_functional_data_property():
    graph = with_ontology(
        turtle='mission:m a airoles:Mission ; rdfs:label "M"@fr ; airoles:missionOrder 1, 2 .'
    )
    report = reason(graph, engine="rules")
    assert [p.kind for p in report.problems] == ["functional"]
    assert "airoles:missionOrder" in report.problems[0].message


def test_two_roles_for_one_mission_is_a_warning_not_a_contradiction():
    graph = with_ontology(
        turtle="""
        role:a a airoles:Role ; rdfs:label "A"@fr ; airoles:hasMission mission:m .
        role:b a airoles:Role ; rdfs:label "B"@fr ; airoles:hasMission mission:m .
        mission:m a airoles:Mission .
        """
    )
    report = reason(graph, engine="rules")
    assert report.consistent
    [warning] = report.warnings
    assert "mission:m" in warning.message and "airoles:missionOf" in warning.message
    assert "role:a" in warning.message and "role:b" in warning.message


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("AIROLES_JAVA", "/nonexistent/java")
    with pytest.raises(AirolesError, match="Java was not found") as caught:
        reason(ontology())
    assert caught.value.exit_code == 2
    assert "install a Java runtime" in str(caught.value)


def test_java_errors_are_reduced_to_one_line():
    text = (
        "Java error message is:\n"
        'Exception in thread "main" org.semanticweb.owlapi.model.OWLRuntimeException: '
        "Unsupported datatype xsd:gYear\n\tat org.semanticweb.HermiT.Reasoner.<init>(Reasoner.java:210)\n"
    )
    reason_line = _java_reason(text)
    assert "Unsupported datatype xsd:gYear" in reason_line
    assert "at org" not in reason_line


def test_hermit_output_parser_reads_types_hierarchy_and_values():
    result = parse_output(
        "SubClassOf( <https://w3id.org/airoles/Tool> <https://w3id.org/airoles/Skill> )\n"
        "EquivalentClasses( <https://w3id.org/airoles/X> <http://www.w3.org/2002/07/owl#Nothing> )\n"
        "<https://w3id.org/airoles/hasSkill> (known instances: (<https://w3id.org/airoles/id/role/a>, "
        "<https://w3id.org/airoles/id/skill/b>) | possible instances: ) \n"
        "Type( <https://w3id.org/airoles/id/skill/b> <https://w3id.org/airoles/Tool> )\n"
    )
    assert result.superclasses[AIROLES.Tool] == {AIROLES.Skill}
    assert result.unsatisfiable == {AIROLES.X}
    assert result.values[AIROLES.hasSkill] == {ROLE["a"]: {SKILL["b"]}}
    assert result.types[SKILL["b"]] == {AIROLES.Tool}


# --- rules --------------------------------------------------------------------------------------------------


def test_transitive_closure_handles_cycles_and_long_chains():
    a, b, c = (URIRef(f"urn:x:{n}") for n in "abc")
    closure = transitive_closure({a: {b}, b: {a, c}})
    assert closure[a] == {a, b, c} and closure[b] == {a, b, c} and c not in closure
    chain = [URIRef(f"urn:x:n{i}") for i in range(1500)]  # deeper than the recursion limit
    long = transitive_closure({chain[i]: {chain[i + 1]} for i in range(len(chain) - 1)})
    assert len(long[chain[0]]) == 1499 and long[chain[-2]] == {chain[-1]}


def test_rules_report_definitions_they_cannot_evaluate():
    graph = with_ontology(
        turtle="""
        airoles:OddRole a owl:Class ; owl:equivalentClass [ a owl:Restriction ;
            owl:onProperty airoles:hasMission ; owl:allValuesFrom airoles:Mission ] .
        """
    )
    report = reason(graph, engine="rules")
    assert any("OddRole" in note and "allValuesFrom" in note for note in report.notes)


def test_unknown_engine_is_a_user_error():
    with pytest.raises(AirolesError, match="unknown reasoning engine"):
        reason(ontology(), engine="pellet")


# --- inferred_graph and its cache ---------------------------------------------------------------------------


@pytest.fixture
def counting_reason(monkeypatch):
    """Count reasoner runs; use the rules so that cache tests do not start Java."""
    calls = []
    real = reasoning.reason

    def fake(graph, engine="hermit"):
        calls.append(engine)
        return real(graph, engine="rules")

    monkeypatch.setattr(reasoning, "reason", fake)
    return calls


def test_inferred_graph_is_cached_and_invalidated_by_content(isolated, counting_reason, families_graph):
    first = inferred_graph(families_graph)
    assert (ROLE["responsable-ia"], RDF.type, AIROLES.ManagementRole) in first
    assert len(first) > len(families_graph)
    cached = list((isolated / "cache").glob("inferred-*.nt"))
    assert len(cached) == 1
    again = inferred_graph(families_graph)
    assert len(counting_reason) == 1  # served from the cache
    assert len(again) == len(first)
    assert ground(again) == ground(first)  # blank nodes get new labels when the cache is read back
    changed = families_graph + Graph()
    changed.add((ROLE["directeur-ia"], AIROLES.leadsTeam, TEAM["equipe-ia"]))
    result = inferred_graph(changed)
    assert len(counting_reason) == 2
    assert (ROLE["directeur-ia"], RDF.type, AIROLES.ManagementRole) in result


def test_damaged_cache_file_is_recomputed(isolated, counting_reason, families_graph):
    inferred_graph(families_graph)
    [path] = (isolated / "cache").glob("inferred-*.nt")
    path.write_text("this is not N-Triples <\n", encoding="utf-8")
    result = inferred_graph(families_graph)
    assert len(counting_reason) == 2
    assert (ROLE["chef-de-projet-ia"], AIROLES.hasSkill, SKILL["python"]) in result


def test_project_cache_key_follows_the_source_files(isolated):
    kb_file = isolated / "kb" / "roles.ttl"
    kb_file.write_text((FIXTURES / "families.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    before = reasoning.cache_key()
    assert reasoning.cache_key() == before
    kb_file.write_text(kb_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert reasoning.cache_key() != before


def test_inferred_graph_of_the_project_uses_the_source_files(isolated, counting_reason):
    (isolated / "kb" / "roles.ttl").write_text(
        (FIXTURES / "families.ttl").read_text(encoding="utf-8"), encoding="utf-8"
    )
    graph = inferred_graph()
    assert (ROLE["chef-de-projet-ia"], RDF.type, AIROLES.ProjectRole) in graph
    inferred_graph()
    assert len(counting_reason) == 1


def test_inferred_graph_refuses_an_inconsistent_graph(isolated, counting_reason):
    graph = with_ontology(FIXTURES / "inconsistent-disjoint.ttl")
    with pytest.raises(AirolesError) as caught:
        inferred_graph(graph)
    assert caught.value.exit_code == 1
    assert "role:developpeur-python" in str(caught.value)
    assert not list((isolated / "cache").glob("inferred-*.nt"))


# --- CLI ----------------------------------------------------------------------------------------------------


def test_cli_writes_the_inferred_graph_and_reports_families(isolated, capsys):
    out_file = isolated / "dist" / "inferred.ttl"
    # The rules engine: HermiT's own results on this fixture are tested above, and the CLI's default
    # (HermiT) engine by the contradiction tests below.
    code, out, _ = run_cli(
        capsys, "reason", str(FIXTURES / "families.ttl"), "-o", str(out_file), "--engine", "rules"
    )
    assert code == 0, out
    assert out.startswith("consistent (rules")
    assert "Responsable IA (role:responsable-ia): management role" in out
    assert "transitive" in out and "chains" in out
    written = Graph().parse(out_file, format="turtle")
    assert (ROLE["responsable-ia"], RDF.type, AIROLES.ManagementRole) in written
    assert (ROLE["responsable-ia"], RDF.type, AIROLES.Role) in written  # asserted triples too


def test_cli_json_report(isolated, capsys):
    out_file = isolated / "out.ttl"
    code, out, _ = run_cli(
        capsys, "reason", str(FIXTURES / "families.ttl"), "--format", "json", "-o", str(out_file)
    )
    assert code == 0
    data = json.loads(out)
    assert data["consistent"] is True and data["engine"] == "hermit"
    assert data["inferred"]["total"] == sum(v for k, v in data["inferred"].items() if k != "total") > 0
    labels = {r["label"]: [f["label"] for f in r["families"]] for r in data["classified_roles"]}
    assert labels["Responsable IA"] == ["management role"]
    assert data["output"] == str(out_file) and out_file.is_file()


def test_cli_unreadable_input_exits_2(isolated, capsys):
    bad = isolated / "bad.ttl"
    bad.write_text("role:x a airoles:Role .\n", encoding="utf-8")  # undeclared prefixes
    code, out, err = run_cli(capsys, "reason", str(bad), "-o", str(isolated / "o.ttl"))
    assert code == 2
    assert str(bad) in err
    assert "Traceback" not in err
    code, _, err = run_cli(capsys, "reason", str(isolated / "missing.ttl"))
    assert code == 2 and "no such file" in err


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ('salary:s airoles:amount "45000" .', 'airoles:amount "45000": the range is xsd:decimal'),
        ('salary:s airoles:currency "EUR"@fr .', "a text with a language tag (@fr)"),
        ('mission:m airoles:missionOrder "-1"^^xsd:integer .', "xsd:positiveInteger, and -1 is out of it"),
        ('salary:s airoles:amount "4.5E4"^^xsd:double .', "^^xsd:double: the range is xsd:decimal"),
    ],
)
def test_data_values_outside_the_range_are_explained(statement, expected):
    graph = with_ontology(turtle=statement)
    report = reason(graph, engine="rules")
    assert not report.consistent
    assert [p.kind for p in report.problems] == ["range"]
    assert expected in report.problems[0].message


def test_a_literal_hermit_cannot_read_is_reported_without_running_java(monkeypatch):
    def no_java(graph):
        raise AssertionError("HermiT must not run")

    monkeypatch.setattr(reasoning, "run_hermit", no_java)
    graph = with_ontology(
        turtle='salary:s airoles:amount "2020"^^xsd:gYear . salary:t airoles:amount "abc"^^xsd:decimal .'
    )
    report = reason(graph, engine="hermit")
    assert not report.consistent
    messages = " | ".join(p.message for p in report.problems)
    assert 'salary:s has airoles:amount "2020"^^xsd:gYear: xsd:gYear is not an OWL 2 datatype' in messages
    assert "salary:t has airoles:amount \"abc\"^^xsd:decimal: 'abc' is not a valid xsd:decimal" in messages


def test_literal_values_are_compared_by_value():
    graph = with_ontology(turtle="mission:m a airoles:Mission ; airoles:missionOrder 1 .")
    graph.add(
        (
            URIRef(str(MISSION["m"])),
            AIROLES.missionOrder,
            Literal("1.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
        )
    )
    assert reason(graph, engine="rules").problems == []
