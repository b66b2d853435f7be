"""Role profiles (airoles_kg.profiles.profile) on a fixture graph, and on the real knowledge base once it
exists."""

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph, parse_rdf_file
from airoles_kg.core.namespaces import AIROLES, id_iri
from airoles_kg.profiles.profile import list_roles, role_profile, source_info

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "mini-kb.ttl"
CDP = id_iri("role", "chef-de-projet-ia")


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = parse_rdf_file(paths.ONTOLOGY_FILE)
    g += parse_rdf_file(FIXTURE)
    return g


@pytest.fixture(scope="module")
def profile(graph: Graph):
    return role_profile(graph, CDP)


def test_labels_both_languages_and_alt_labels(profile) -> None:
    assert profile.labels == {"fr": "Chef de projet IA", "en": "AI project manager"}
    assert profile.label("en") == "AI project manager"
    assert profile.alt_labels["fr"] == ["chef de projet en intelligence artificielle"]
    assert "Supervise les projets" in profile.definitions["fr"]


def test_missions_in_article_order_whichever_direction_they_are_stated(profile) -> None:
    # mission 03 is linked only by missionOf (from the mission to the role).
    assert [m.order for m in profile.missions] == [1, 2, 3]
    assert [m.labels["fr"] for m in profile.missions] == [
        "Définir le projet",
        "Piloter l'équipe",
        "Rendre compte",
    ]
    first = profile.missions[0]
    assert first.description["en"] == "Scope the needs and goals of the AI project."
    assert [c.iri for c in first.categories] == [AIROLES.ProjectCoordination]
    assert [s.iri for s in first.provenance.sources] == [id_iri("source", "guide-cyber")]
    assert first.provenance.excerpts == {"fr": ["définir le projet"]}


def test_skill_requirements_with_kind_importance_data_flag_and_alignment(profile) -> None:
    by_skill = {r.skill.label("en"): r for r in profile.skills}
    assert set(by_skill) == {"Python", "SQL", "TensorFlow", "Communication"}
    python = by_skill["Python"]
    assert python.kind.iri == AIROLES.Tool and python.subkind.iri == AIROLES.ProgrammingLanguage
    assert python.importance.iri == AIROLES.Essential and python.data_skill
    assert [m.target.iri for m in python.skill_matches] == [
        URIRef("http://data.europa.eu/esco/skill/fixture-python")
    ]
    assert by_skill["TensorFlow"].importance.iri == AIROLES.Optional
    assert not by_skill["TensorFlow"].data_skill
    communication = by_skill["Communication"]
    assert communication.kind.iri == AIROLES.SoftSkill and communication.subkind is None
    # Essential requirements come first.
    assert profile.skills[-1].skill.label("en") == "TensorFlow"
    assert {s.iri for s in by_skill["Communication"].provenance.sources} == {
        id_iri("source", "guide-cyber"),
        id_iri("source", "blog-cdp"),
    }


def test_education_levels_fields_and_credential_categories(profile) -> None:
    bac5, pmp = profile.education
    assert bac5.importance.iri == AIROLES.Essential
    levels = [(d.term.label("fr"), d.eqf_level, d.rncp_levels) for d in bac5.degree_levels]
    assert levels == [("Bac+5", 7, [7])]
    assert [f.label("en") for f in bac5.fields] == ["computer science"]
    assert [c.category.iri for c in bac5.credentials] == [AIROLES.Diploma]
    assert [c.category.iri for c in pmp.credentials] == [AIROLES.Certification]


def test_salaries_keep_disagreeing_sources_apart(profile) -> None:
    rows = [
        (s.level.label("en"), s.amount, s.min_amount, s.max_amount, [x.iri for x in s.provenance.sources])
        for s in profile.salaries
    ]
    guide, blog = id_iri("source", "guide-cyber"), id_iri("source", "blog-cdp")
    assert ("beginner", Decimal("2950.0"), None, None, [guide]) in rows
    assert ("intermediate", None, Decimal("3750.0"), Decimal("4600.0"), [guide]) in rows
    assert ("confirmed", Decimal("6600.0"), None, None, [guide]) in rows
    assert ("confirmed", Decimal("6650.0"), None, None, [blog]) in rows  # stated with salaryOf only
    assert [s.level.label("en") for s in profile.salaries][0] == "beginner"
    first = profile.salaries[0]
    assert (first.currency, first.period.iri, first.basis.iri, first.country) == (
        "EUR",
        AIROLES.PerMonth,
        AIROLES.Gross,
        "FR",
    )
    assert first.notes == {"fr": ["environ"]}


def test_codes_and_matches(profile) -> None:
    (rome,) = profile.codes
    assert (rome.notation, rome.kind.iri, rome.scheme.label("fr")) == ("M1802", AIROLES.RomeCode, "ROME")
    assert [(m.relation, m.target.iri) for m in profile.matches] == [
        (SKOS.exactMatch, URIRef("http://data.europa.eu/esco/occupation/fixture-ai-project-manager"))
    ]


def test_sectors_employers_boards(profile) -> None:
    (opp,) = profile.sectors
    assert [s.label("en") for s in opp.sectors] == ["banking"]
    assert opp.employer_types == {"en": ["banks"], "fr": ["banques"]}
    (hiring,) = profile.hiring
    assert [e.label("fr") for e in hiring.employers] == ["Acme"] and hiring.year == "2024"
    (board,) = profile.job_boards
    assert board.urls == ["https://www.welcometothejungle.com/"]


def test_teams_and_organisation_models_through_profile_groups(profile) -> None:
    (team,) = profile.teams_led
    assert [m.label("fr") for m in team.members] == ["Data scientist"]
    (model,) = profile.organisation_models
    assert model.term.iri == id_iri("orgmodel", "data-hub")
    assert model.via.iri == id_iri("group", "data-hub-business")
    assert CDP in [m.iri for m in model.members]


def test_considerations_assessments_transitions(profile) -> None:
    (risk,) = profile.considerations
    assert risk.kind.iri == AIROLES.Risk
    (assessment,) = profile.assessments
    assert (assessment.aspect.label("en"), assessment.rating.label("en")) == ("employability", "excellent")
    (out,) = profile.transitions_out
    assert (out.other.label("fr"), out.kind.iri) == ("Responsable IA", AIROLES.Promotion)
    assert out.conditions["en"] == ["with experience"]
    assert [c.iri for c in out.credentials] == [id_iri("credential", "master-ia")]
    (incoming,) = profile.transitions_in
    assert (incoming.other.label("fr"), incoming.kind.iri) == ("Data scientist", AIROLES.LateralMove)


def test_profile_sources_collect_every_fact(profile) -> None:
    assert {s.iri for s in profile.sources} == {id_iri("source", "guide-cyber"), id_iri("source", "blog-cdp")}


def test_families_flag_asserted_versus_inferred(graph: Graph) -> None:
    inferred = Graph()
    for triple in graph:
        inferred.add(triple)
    inferred.add((CDP, RDF.type, AIROLES.ManagementRole))  # as the reasoner would conclude
    families = {f.iri: f.asserted for f in role_profile(inferred, CDP, asserted=graph).families}
    assert families == {AIROLES.ProjectRole: True, AIROLES.ManagementRole: False}


def test_unknown_role_gives_an_empty_profile(graph: Graph) -> None:
    empty = role_profile(graph, id_iri("role", "no-such-role"))
    assert empty.labels == {} and empty.missions == [] and empty.salaries == []


def test_list_roles_with_families_and_sectors(graph: Graph) -> None:
    roles = {r.label("fr"): r for r in list_roles(graph)}
    assert set(roles) == {"Chef de projet IA", "Data scientist", "Responsable IA"}
    assert [f.iri for f in roles["Chef de projet IA"].families] == [AIROLES.ProjectRole]
    assert [s.label("en") for s in roles["Chef de projet IA"].sectors] == ["banking"]
    assert roles["Responsable IA"].sectors == []


def test_source_info(graph: Graph) -> None:
    info = source_info(graph, id_iri("source", "guide-cyber"))
    assert info.title == {"fr": "Chef de projet IA : missions, compétences, salaire"}
    assert info.identifiers == ["001_7a272abff14a9352.txt"] and info.dates == ["2024"]
    assert info.kind.iri == AIROLES.SourceDocument


def _kb_exists() -> bool:
    return paths.KB_DIR.is_dir() and any(paths.KB_DIR.rglob("*.ttl"))


@pytest.mark.skipif(not _kb_exists(), reason="the knowledge base (ontology/kb/*.ttl) is not written yet")
def test_real_kb_chef_de_projet_ia_profile() -> None:
    graph = load_graph()
    if (CDP, None, None) not in graph:
        pytest.skip("the knowledge base does not describe role:chef-de-projet-ia yet")
    profile = role_profile(graph, CDP)
    assert profile.labels.get("fr", "").lower().startswith("chef de projet")
    assert profile.missions and all(m.provenance.sources for m in profile.missions)
    skills = {r.skill.label("en").lower() for r in profile.skills}
    assert {"python", "sql", "tensorflow"} <= skills
    amounts = {(s.amount, s.min_amount, s.max_amount) for s in profile.salaries}
    assert (Decimal(2950), None, None) in amounts
    assert (None, Decimal(3750), Decimal(4600)) in amounts
    confirmed = {s.amount for s in profile.salaries if s.level and s.level.iri == AIROLES.Confirmed}
    assert {Decimal(6600), Decimal(6650)} <= confirmed
    assert "M1802" in {c.notation for c in profile.codes}


def test_statistics_about_the_role(profile) -> None:
    (stat,) = profile.statistics
    assert (stat.value, stat.unit) == (Decimal("80"), "percent")
    assert stat.measures["en"] == ["share of companies hiring"]
