"""Name resolution: labels in any language, accents, case, CURIEs, IRIs, unknown and ambiguous names."""

import pytest
from rdflib import Graph, URIRef

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import ROLE, SKILL, bind_prefixes
from airoles_kg.core.resolve import NameIndex, label, normalise, resolve

DATA = """
@prefix airoles: <https://w3id.org/airoles/> .
@prefix role: <https://w3id.org/airoles/id/role/> .
@prefix skill: <https://w3id.org/airoles/id/skill/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
airoles:ManagementRole rdfs:subClassOf airoles:Role .
role:chef-de-projet-ia a airoles:Role ; skos:prefLabel "chef de projet IA"@fr , "AI project manager"@en ;
    skos:altLabel "chef de projet en intelligence artificielle"@fr .
role:directeur-ia a airoles:ManagementRole ; skos:prefLabel "directeur de l’IA"@fr , "chief AI officer"@en .
role:data-analyst a airoles:Role ; skos:prefLabel "data analyst"@fr , "data analyst"@en .
skill:analyse a airoles:Skill ; skos:prefLabel "data analyst"@fr .
skill:python a airoles:Skill ; skos:prefLabel "Python"@fr , "Python"@en .
"""
ROLE_NS = "https://w3id.org/airoles/id/role/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return bind_prefixes(Graph()).parse(data=DATA, format="turtle")


def test_normalise_folds_case_accents_apostrophes_and_spaces():
    assert normalise("  Directeur de l’IA ") == normalise("directeur de l'ia")
    assert normalise("Éàç  Ô") == "eac o"


@pytest.mark.parametrize(
    "name",
    [
        "chef de projet IA",
        "CHEF DE PROJET ia",
        "AI project manager",
        "chef de projet en intelligence artificielle",
    ],
)
def test_labels_in_any_language_and_alt_labels_resolve(graph, name):
    assert resolve(graph, name, ROLE) == URIRef(ROLE_NS + "chef-de-projet-ia")


def test_accents_and_apostrophes_are_ignored_and_subclass_instances_count(graph):
    assert resolve(graph, "directeur de l'ia", ROLE) == URIRef(ROLE_NS + "directeur-ia")


def test_curie_and_iri(graph):
    assert resolve(graph, "role:data-analyst", ROLE) == URIRef(ROLE_NS + "data-analyst")
    assert resolve(graph, f"<{ROLE_NS}data-analyst>", ROLE) == URIRef(ROLE_NS + "data-analyst")
    assert resolve(graph, f"{ROLE_NS}data-analyst") == URIRef(ROLE_NS + "data-analyst")


def test_class_restriction_disambiguates(graph):
    assert resolve(graph, "data analyst", SKILL).endswith("skill/analyse")
    assert resolve(graph, "data analyst", ROLE).endswith("role/data-analyst")


def test_ambiguous_name_lists_both(graph):
    with pytest.raises(AirolesError) as err:
        resolve(graph, "data analyst")
    assert err.value.exit_code == 2
    assert (
        "ambiguous" in str(err.value)
        and "skill/analyse" in str(err.value)
        and "role/data-analyst" in str(err.value)
    )


def test_unknown_name_suggests_closest(graph):
    with pytest.raises(AirolesError) as err:
        resolve(graph, "chef de projt IA", ROLE)
    assert err.value.exit_code == 2
    assert "chef de projet IA" in str(err.value)


def test_unknown_iri_of_wrong_class_is_refused(graph):
    with pytest.raises(AirolesError, match="unknown"):
        resolve(graph, "skill:python", ROLE)


def test_label_prefers_language_then_falls_back(graph):
    node = URIRef(ROLE_NS + "chef-de-projet-ia")
    assert label(graph, node, "en") == "AI project manager"
    assert label(graph, node, "fr") == "chef de projet IA"
    assert label(graph, URIRef(ROLE_NS + "nothing")) == "role:nothing"


def test_index_is_reusable(graph):
    from airoles_kg.core.classes import instances

    index = NameIndex.build(graph, instances(graph, ROLE))
    assert resolve(graph, "Chef de projet IA", ROLE, index=index).endswith("chef-de-projet-ia")


def test_the_index_is_built_once_per_graph_and_follows_its_changes(monkeypatch):
    graph = bind_prefixes(Graph()).parse(data=DATA, format="turtle")
    built = []
    original = NameIndex.build.__func__

    def counting(cls, g, candidates):
        built.append(len(list(candidates)) if not isinstance(candidates, set) else len(candidates))
        return original(cls, g, candidates)

    monkeypatch.setattr(NameIndex, "build", classmethod(counting))
    for _ in range(3):
        assert resolve(graph, "chef de projet IA", ROLE).endswith("chef-de-projet-ia")
    assert built == [3]  # the three roles, indexed once for three look-ups
    graph.parse(
        data="@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/airoles/id/role/new> a <https://w3id.org/airoles/Role> ;\n"
        '    skos:prefLabel "new role"@en .',
        format="turtle",
    )
    assert resolve(graph, "new role", ROLE) == URIRef(ROLE_NS + "new")  # a graph that grew is re-indexed
    assert built == [3, 4]


def test_the_last_part_of_an_iri_names_it_as_in_the_explorers_addresses(graph):
    """`?role=data-scientist` in the explorer's address: the same word works in a command."""
    role_class = URIRef("https://w3id.org/airoles/Role")
    assert resolve(graph, "chef-de-projet-ia", role_class) == URIRef(ROLE_NS + "chef-de-projet-ia")
    assert resolve(graph, "directeur-ia", role_class) == URIRef(ROLE_NS + "directeur-ia")  # a subclass's
    with pytest.raises(AirolesError, match="unknown"):
        resolve(graph, "chef-de-projet", role_class)  # the whole last part, not a start of it
    with pytest.raises(AirolesError, match="unknown"):
        resolve(graph, "python", role_class)  # a skill's slug is no role
