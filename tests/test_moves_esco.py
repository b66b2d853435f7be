"""Career moves from real ESCO v1.1.1 occupations (the layer shipped in esco/, or an import of ESCO's
download): the answers make sense to a person who knows these jobs, through the CLI a person uses."""

from __future__ import annotations

import json

import pytest
from support.requirements import require

from airoles_kg.cli import main
from airoles_kg.esco.layer import load_layer, shipped_layer

OCC = "http://data.europa.eu/esco/occupation/"
R = "https://w3id.org/airoles/id/role/"
DATA_ANALYST = OCC + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
STATISTICIAN = OCC + "ac8b3cd1-a127-4e6a-8208-5cfcf7111955"
SOFTWARE_DEVELOPER = OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ICT_PROJECT_MANAGER = OCC + "8b6388a4-4904-471b-9331-d3b1211f5525"
CHEF = OCC + "1009be17-7efd-45f1-a033-566bf179c588"
BRICKLAYER = OCC + "05f321f8-055b-407d-bf19-e0ddabda56b7"


@pytest.fixture(scope="module", autouse=True)
def shipped() -> None:
    path = shipped_layer()
    require(path.is_file(), f"the ESCO layer {path} is missing (scripts/build_esco_layer.py)")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def moves(capsys, name: str, *extra: str) -> dict:
    code, out, err = run(capsys, "next", "--from", name, "--format", "json", "--lang", "en", *extra)
    assert code == 0, err
    return json.loads(out)


def test_the_shipped_layer_holds_all_of_esco_in_french_and_english():
    layer = load_layer([shipped_layer()])
    assert layer is not None
    assert len(layer.occupations) >= 3007 and len(layer.skills) >= 13896
    links = sum(map(len, layer.essential.values())) + sum(map(len, layer.optional.values()))
    assert links == 123855
    assert all({"fr", "en"} <= set(layer.occupations[o].labels) for o in layer.isco)
    assert layer.occupations[DATA_ANALYST].labels["fr"] == "analyste de données"


@pytest.mark.parametrize(
    "occupation, expected",
    [
        (DATA_ANALYST, {"data-analyst", "data-scientist", "data-engineer", "chief-data-officer"}),
        (STATISTICIAN, {"statisticien", "data-scientist", "data-engineer", "chercheur-ia"}),
        (
            SOFTWARE_DEVELOPER,
            {"developpeur", "software-engineer", "integrateur-ia", "architecte-solutions-ia"},
        ),
        (ICT_PROJECT_MANAGER, {"chef-de-projet-ia", "chef-de-projet-it", "charge-de-projet-ia"}),
    ],
)
def test_related_ai_roles_rank_high_from_related_occupations(capsys, occupation, expected):
    data = moves(capsys, occupation, "--limit", "6")
    assert data["from"]["kind"] == "occupation" and data["total"] >= 20
    top = {m["to"]["iri"].removeprefix(R) for m in data["moves"]}
    assert len(expected & top) >= 3, (data["from"]["label"], top)
    assert data["moves"][0]["score"] >= 0.5
    for move in data["moves"]:
        assert move["method"].startswith("airoles skill overlap") and not move["stated_by_an_article"]


@pytest.mark.parametrize("occupation", [CHEF, BRICKLAYER])
def test_from_a_chef_or_a_bricklayer_no_ai_role_scores_high(capsys, occupation):
    data = moves(capsys, occupation)
    assert data["total"] >= 20
    assert max(m["score"] for m in data["moves"]) < 0.2


def test_moves_are_explained_in_french_with_english_marked(capsys):
    code, out, _ = run(capsys, "next", "--from", "data analyst", "--limit", "3")
    assert code == 0
    # "data analyst" is our role (its label in French too): the article's transition comes first.
    lines = out.splitlines()
    assert "skill-based moves from data analyst (AI role), the best 3 shown" in lines[0]
    assert "responsable IA (AI role)" in lines[2]
    assert "(stated by an article; ESCO skills)" in lines[2]
    assert "shared:" in out and "to learn:" in out and "Derived from ESCO v1.1.1" in out


def test_other_esco_occupations_can_be_ranked_too(capsys):
    data = moves(capsys, DATA_ANALYST, "--occupations", "--limit", "5")
    assert data["total"] > 3000
    kinds = {m["to"]["kind"] for m in data["moves"]}
    assert "occupation" in kinds
    iris = [m["to"]["iri"] for m in data["moves"]]
    assert len(iris) == len(set(iris)) and DATA_ANALYST not in iris


def test_gap_between_an_esco_occupation_and_a_role(capsys):
    code, out, err = run(capsys, "gap", SOFTWARE_DEVELOPER, "ingénieur IA", "--lang", "en")
    assert code == 0, err
    assert out.splitlines()[0] == "software developer (ESCO occupation) → AI engineer (AI role)"
    assert "to learn:" in out and "(essential" in out


def test_gap_between_two_roles_adds_what_esco_says(capsys):
    code, out, _ = run(capsys, "gap", "data analyst", "data scientist", "--lang", "en")
    assert code == 0
    assert "ESCO (skills of the mapped ESCO occupations, not stated by the articles):" in out


def test_unknown_names_get_suggestions_from_both_worlds(capsys):
    code, _, err = run(capsys, "next", "--from", "bricklayr")
    assert code == 2 and "no role or ESCO occupation is called 'bricklayr'" in err and "bricklayer" in err
    code, _, err = run(capsys, "next", "--from", "data analyst", "data analyst")
    assert code == 2 and "not both" in err


def test_the_same_question_gives_the_same_answer(capsys):
    first = moves(capsys, CHEF, "--occupations", "--limit", "50")
    again = moves(capsys, CHEF, "--occupations", "--limit", "50")
    assert first == again


def test_computed_moves_are_data_typed_and_sourced_as_derived(capsys, tmp_path):
    """`next --from --format turtle`: every move an airoles:SkillBasedMove with its score, method and ESCO as
    source, never an airoles:CareerTransition; the file conforms to our shapes and answers SPARQL."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    from airoles_kg.core.namespaces import AIROLES
    from airoles_kg.shacl import validate_files

    code, out, err = run(capsys, "next", "--from", CHEF, "--format", "turtle")
    assert code == 0, err
    path = tmp_path / "moves.ttl"
    path.write_text(out, encoding="utf-8")
    graph = Graph().parse(path)
    moves = set(graph.subjects(RDF.type, AIROLES.SkillBasedMove))
    assert len(moves) >= 20 and not set(graph.subjects(RDF.type, AIROLES.CareerTransition))
    for move in moves:
        assert graph.value(move, AIROLES.moveFrom) == URIRef(CHEF)
        score = graph.value(move, AIROLES.overlapScore)
        assert isinstance(score, Literal) and score.datatype == XSD.decimal and 0 <= score.toPython() <= 1
        assert str(graph.value(move, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))).endswith(
            "esco-v1-1-1"
        )
        assert str(move).startswith("https://w3id.org/airoles/id/move/v1-esco-1009be17-")
    report = validate_files([path])
    assert not [r for r in report.results if r.severity == "Violation"], report.results[:3]
    rows = graph.query(
        "SELECT ?to ?score WHERE { ?m a airoles:SkillBasedMove ; airoles:moveTo ?to ;"
        " airoles:overlapScore ?score } ORDER BY DESC(?score) ?to LIMIT 1",
        initNs={"airoles": AIROLES},
    )
    assert len(list(rows)) == 1
    # The same question gives the same file, byte for byte.
    assert run(capsys, "next", "--from", CHEF, "--format", "turtle")[1] == out


def test_match_ranks_the_roles_by_their_esco_skills_too(capsys):
    # "Python, SQL, gestion de projet": the articles give one role; ESCO's skills rank every mapped role.
    code, out, err = run(
        capsys,
        "match",
        "--skill",
        "Python",
        "--skill",
        "SQL",
        "--skill",
        "gestion de projet",
        "--format",
        "json",
        "--limit",
        "0",
    )
    assert code == 0, err
    data = json.loads(out)
    assert len(data["matches"]) == 1
    assert data["esco"]["total"] >= 15
    best = data["esco"]["moves"][0]
    assert best["from"]["kind"] == "skills" and best["shared"]
    # An ESCO skill that is not ours is accepted; a name neither knows is refused, naming both.
    code, out, _ = run(capsys, "match", "--skill", "data mining", "--lang", "en")
    assert code == 0 and "none of these skills is one the articles name" in out and "data scientist" in out
    code, _, err = run(capsys, "match", "--skill", "pyton")
    assert code == 2 and "no skill of ours or ESCO's is called 'pyton'" in err and "Python" in err


def test_role_profile_tells_the_articles_and_esco_apart(capsys):
    code, out, err = run(capsys, "role", "data scientist", "--lang", "en")
    assert code == 0, err
    articles, esco = out.split("ESCO (what ESCO adds, not stated by the articles):")
    assert "Skills the articles give (1):" in articles
    assert "skos:exactMatch data scientist <" + OCC + "258e46f9-0075-4a2e-adae-1ff0477e0f30>" in esco
    assert "essential skills (" in esco and "optional skills (" in esco
    code, out, _ = run(capsys, "role", "référent IA", "--format", "json")
    data = json.loads(out)
    assert (
        code == 0
        and data["esco"]["essential"] == []
        and data["esco"]["occupations"][0]["relation"] == "relatedMatch"
    )


def test_the_role_profile_gives_escos_description_of_the_occupation(capsys):
    code, out, _ = run(capsys, "role", "data scientist", "--format", "json", "--lang", "fr")
    occupation = json.loads(out)["esco"]["occupations"][0]
    assert code == 0 and occupation["description"].startswith("Les spécialistes des données")
