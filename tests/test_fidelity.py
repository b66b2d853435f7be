"""The articles, said exactly (issue 20): each distortion found in the knowledge base has a test that asks the
user's question and would have caught it.

Runs on the real knowledge graph (ontology + KB, with inferences) through the commands a user types.
"""

from __future__ import annotations

import csv
import json

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from airoles_kg.cli import main
from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import AIROLES, KIND_NS
from airoles_kg.core.resolve import normalise
from airoles_kg.sparql.engine import QueryEngine, query_graph
from airoles_kg.sparql.library import get_query

ROLE = KIND_NS["role"]


def run_json(capsys, *args: str) -> dict:
    code = main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def inferred() -> QueryEngine:
    return QueryEngine(query_graph())


# --- training content is what a programme teaches, not what a role requires ------------------------------


def test_web_skills_of_a_bachelor_do_not_make_a_project_manager(capsys):
    # 001: "les étudiants maîtrisent ... (HTML5, CSS3, PHP, MySQL)" is the Guardia bachelor's content; read as
    # requirements it made these skills match the chef de projet IA.
    answer = run_json(capsys, "match", "--skill", "HTML5", "--skill", "CSS3", "--skill", "PHP")
    roles = {m["role"]["iri"] for m in answer["matches"]}
    assert str(ROLE["chef-de-projet-ia"]) not in roles


def test_the_bachelor_teaches_what_its_students_master():
    graph = load_graph()
    bachelor = KIND_NS["credential"]["guardia-bachelor"]
    taught = {str(s).rsplit("/", 1)[1] for s in graph.objects(bachelor, AIROLES.teaches)}
    assert {"c", "cpp", "python", "html5", "css3", "php", "mysql"} <= taught


# --- an example path is not a requirement -------------------------------------------------------------------


def test_an_mba_given_as_an_example_is_not_a_required_credential(capsys):
    # 000: "avec un cursus spécialisé type MBA en part-time" gives an example; `path` printed it as required.
    answer = run_json(capsys, "path", "data analyst", "responsable IA")
    step = answer["paths"][0]["steps"][0]
    assert step["credentials"] == []
    assert [c["iri"].rsplit("/", 1)[1] for c in step["suggested_credentials"]] == ["mba-part-time"]


def test_no_transition_requires_a_credential_an_article_only_suggests():
    graph = load_graph()
    assert not set(graph.subject_objects(AIROLES.requiresCredential))
    assert len(set(graph.subjects(AIROLES.suggestedCredential, None))) == 5


# --- one name, one role ------------------------------------------------------------------------------------


def test_head_of_ai_names_one_role_and_the_path_to_it_is_found(capsys):
    answer = run_json(capsys, "path", "chef de projet IA", "head of AI", "--lang", "en")
    assert answer["to"]["iri"] == str(ROLE["directeur-ia"])
    assert answer["count"] >= 1


def test_no_english_or_french_name_is_shared_by_two_roles():
    graph = load_graph()
    owners: dict[str, set[URIRef]] = {}
    for role in graph.subjects(RDF.type, AIROLES.Role):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for name in graph.objects(role, prop):
                owners.setdefault(normalise(str(name)), set()).add(role)
    shared = {name: sorted(map(str, roles)) for name, roles in owners.items() if len(roles) > 1}
    assert shared == {}


# --- role families ------------------------------------------------------------------------------------------


def families(engine: QueryEngine, family: str) -> set[str]:
    rows = engine.run_named(get_query("roles-in-family"), {"family": f"airoles:{family}"}).bindings()
    return {str(r["role"]).rsplit("/", 1)[1] for r in rows}


def test_every_role_has_a_family(inferred: QueryEngine):
    rows = inferred.run(
        "PREFIX airoles: <https://w3id.org/airoles/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?role WHERE { ?role a airoles:Role . FILTER NOT EXISTS { ?role a ?family . "
        "?family rdfs:subClassOf airoles:Role FILTER(?family != airoles:Role) } } ORDER BY ?role"
    ).bindings()
    assert [str(r["role"]) for r in rows] == []


def test_data_and_engineering_roles_are_the_technical_experts(inferred: QueryEngine):
    data = families(inferred, "DataRole")
    # 004: "les experts techniques (data scientists, ingénieurs data, développeurs, DevOps)"; "ingénieur ML".
    assert {"data-scientist", "data-engineer", "developpeur", "devops", "ingenieur-ml"} <= data
    # They need to know data, but the articles describe them as managing, not doing the data work.
    assert not {"chef-de-projet-ia", "responsable-ia", "directeur-ia"} & data


def test_management_roles_are_those_that_lead(inferred: QueryEngine):
    assert {"responsable-ia", "directeur-ia", "chief-data-officer"} <= families(inferred, "ManagementRole")
    assert not {"data-scientist", "developpeur", "data-analyst"} & families(inferred, "ManagementRole")


# --- IRIs are never reused ---------------------------------------------------------------------------------


def test_retired_iris_are_documented_and_never_reused():
    with paths.RETIRED_IRIS_FILE.open(encoding="utf-8", newline="") as handle:
        retired = list(csv.DictReader(handle, delimiter="\t"))
    assert retired, "ontology/retired-iris.tsv lists the IRIs withdrawn from the graph"
    graph = load_graph()
    used = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    for row in retired:
        assert row["iri"] not in used, f"{row['iri']} was retired in {row['retired_in']}: never reuse it"
        assert row["reason"] and row["retired_in"]
        assert not row["replaced_by"] or row["replaced_by"] in used


# --- facts no article states are marked as ours ------------------------------------------------------------


def test_every_country_and_framework_level_is_covered_by_a_curation_decision():
    from airoles_kg.shacl import validate_graph

    report = validate_graph(load_graph())
    curated_shapes = {"CuratedCountryShape", "CuratedLevelShape", "CurationShape"}
    flagged = [r for r in report.results if str(r.shape).rsplit("/", 1)[-1] in curated_shapes]
    assert flagged == []
    graph = load_graph()
    covered = {
        (node, prop)
        for decision in graph.subjects(RDF.type, AIROLES.Curation)
        for node in graph.objects(decision, AIROLES.curates)
        for prop in graph.objects(decision, AIROLES.curatedProperty)
    }
    for prop in (AIROLES.country, AIROLES.eqfLevel):
        valued = set(graph.subjects(prop, None))
        assert valued, f"the KB has {prop} values"
        # A country is stated only where an excerpt names it (002: "en France"); the rest needs a decision.
        stated = {n for n in valued if any("France" in str(e) for e in graph.objects(n, AIROLES.excerpt))}
        assert {(n, prop) for n in valued - stated} <= covered
    named = {str(n).rsplit("/", 1)[1] for n in graph.subjects(AIROLES.country, None)} - {
        str(n).rsplit("/", 1)[1] for n, p in covered if p == AIROLES.country
    }
    assert named == {"chef-de-projet-ia-002-debutant", "chef-de-projet-ia-002-confirme"}


def test_a_curated_country_is_shown_as_ours_with_its_justification():
    from airoles_kg.profiles.profile import role_profile

    profile = role_profile(query_graph(), ROLE["chef-de-projet-ia"])
    salaries = [s for s in profile.salaries if s.country and "-001-" in str(s.iri)]
    assert salaries
    for salary in salaries:  # 001 names no country; 002's salaries say "en France" and are not curated
        (fact,) = salary.provenance.curated
        assert fact.prop.iri == AIROLES.country
        assert str(fact.decision.iri).endswith("/curation/marche-francais")
        assert any("euros" in text for text in fact.justification["fr"])


def test_the_csv_export_says_which_values_are_curated(tmp_path, capsys):
    assert main(["export", "--format", "csv", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    with (tmp_path / "salaries.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(
        "https://w3id.org/airoles/country https://w3id.org/airoles/id/curation/marche-francais"
        in r["curated"]
        for r in rows
        if r["country"] and "-001-" in r["salary_iri"]
    )
    assert all(not r["curated"] for r in rows if "-002-" in r["salary_iri"])  # "en France": stated


def test_a_salary_year_comes_from_the_source_else_the_article_date():
    # The articles date no salary; a catalogue that does (observedIn) gets that year, "stated".
    graph = query_graph()
    extra = """
    @prefix airoles: <https://w3id.org/airoles/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix role: <https://w3id.org/airoles/id/role/> .
    <https://hr.example.org/salaire-2024> airoles:salaryOf role:data-analyst ;
        airoles:amount 3100 ; airoles:currency "EUR" ; airoles:observedIn "2024"^^xsd:gYear ;
        airoles:figureKind airoles:MeanFigure ;
        prov:wasDerivedFrom <https://w3id.org/airoles/id/source/comment-devenir-responsable-ia> .
    <https://hr.example.org/salaire-date-article> airoles:salaryOf role:data-analyst ;
        airoles:amount 3000 ; airoles:currency "EUR" ;
        prov:wasDerivedFrom <https://w3id.org/airoles/id/source/comment-devenir-responsable-ia> .
    """
    graph.parse(data=extra, format="turtle")
    rows = (
        QueryEngine(graph).run_named(get_query("salary-figures-by-year"), {"role": "data analyst"}).bindings()
    )
    years = {str(r["salary"]).rsplit("/", 1)[1]: (int(r["year"]), str(r["yearBasis"])) for r in rows}
    # 000, the source both cite, is dated 14 October 2021.
    assert years == {"salaire-2024": (2024, "stated"), "salaire-date-article": (2021, "article date")}


# --- the articles, said fully ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "words"),
    [
        # 000: "dont la définition varie beaucoup selon les organisations et leur maturité digitale"
        ("role/responsable-ia", "maturité digitale"),
        # 000: "le responsable IA contribue directement à la création de valeur ajoutée"
        ("consideration/responsable-ia-creation-valeur-ajoutee", "création de valeur ajoutée"),
        # 001: "la teneur et l’importance de chacune de ces missions dépend de la nature ... du projet"
        ("role/chef-de-projet-ia", "importance de chacune de ces missions"),
        # 001: "garder un œil avisé sur ce qui est fait"
        ("requirement/chef-de-projet-ia-comprehension-technique", "œil avisé"),
        # 002: "une coordination entre les équipes techniques, scientifiques et commerciales"
        ("role/chef-de-projet-ia", "scientifiques et commerciales"),
        # 004: "une double casquette : ambassadeur de l’IA auprès de la direction"
        ("mission/architecte-ecosysteme-ia-11", "ambassadeur de l’IA"),
        # 004: "questionnaires d’auto-évaluation, d’entretiens individuels et de tests"
        ("mission/architecte-ecosysteme-ia-05", "questionnaires d’auto-évaluation"),
        # 004: "alignées avec la stratégie marketing de l’entreprise"
        ("mission/architecte-ecosysteme-ia-08", "stratégie marketing"),
    ],
)
def test_a_fact_the_first_pass_missed_is_in_the_graph_with_the_article_s_words(node: str, words: str):
    graph = load_graph()
    subject = URIRef(f"https://w3id.org/airoles/id/{node}")
    excerpts = [str(e) for e in graph.objects(subject, AIROLES.excerpt)]
    assert any(words in e for e in excerpts), excerpts


def test_the_role_card_says_what_the_articles_say_of_the_role_as_a_whole():
    from airoles_kg.profiles.profile import role_profile

    profile = role_profile(query_graph(), ROLE["responsable-ia"])
    assert any("maturité digitale" in n for n in profile.scope_notes["fr"])
    assert any("digital maturity" in n for n in profile.scope_notes["en"])


# --- quote, don't republish -------------------------------------------------------------------------------

# The share of each article the excerpts and their selectors quote, as measured when the excerpts were cut to
# the words that state each fact (issue 20; tests/test_quotations.py holds every article under 20 %). It may
# only go down.
QUOTED_AT_MOST = {
    "000_a953b97b8b0af8d5.txt": 0.196,  # was 0.67
    "001_7a272abff14a9352.txt": 0.194,  # was 0.67
    "002_b9ff23e77abe6280.txt": 0.199,  # was 0.73
    "003_2abbcc7364a59daf.txt": 0.186,  # was 0.75
    "004_3902c219ee263417.txt": 0.198,  # was 0.66
}


def test_no_article_is_quoted_more_than_before():
    from support.requirements import require

    from airoles_kg.core.quotes import coverage

    require(paths.SEEDS_DIR.is_dir(), f"seed articles not found at {paths.SEEDS_DIR}")
    figures = {c.file: c.share for c in coverage(load_graph(), paths.SEEDS_DIR)}
    assert set(figures) == set(QUOTED_AT_MOST)
    grown = {f: round(s, 3) for f, s in figures.items() if s > QUOTED_AT_MOST[f]}
    assert grown == {}, (
        "excerpts quote more of these articles than before: quote only the words that state a fact"
    )
