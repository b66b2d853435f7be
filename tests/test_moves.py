"""Career moves scored by ESCO skill overlap (airoles_kg.careers.moves) on a small ESCO layer whose
occupations
carry the real IRIs our roles are mapped to, and on the real ESCO v1.1.1 layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from airoles_kg.careers.index import load_index
from airoles_kg.careers.moves import NEAR_CREDIT, CareerMoves, score
from airoles_kg.core.errors import AirolesError
from airoles_kg.esco.layer import build_layer

OCC = "http://data.europa.eu/esco/occupation/"
SK = "http://data.europa.eu/esco/skill/"
R = "https://w3id.org/airoles/id/role/"
DATA_ANALYST = OCC + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
DATA_SCIENTIST = OCC + "258e46f9-0075-4a2e-adae-1ff0477e0f30"
ICT_PM = OCC + "8b6388a4-4904-471b-9331-d3b1211f5525"
CHEF = OCC + "test-chef"
PYTHON = SK + "ccd0a1d9-afda-43d9-b901-96344886e14d"  # skill:python's exactMatch
SKOS = "http://www.w3.org/2004/02/skos/core#"
MODEL = "http://data.europa.eu/esco/model#"


def _nt(lines: list[tuple[str, str, str]]) -> str:
    out = []
    for s, p, o in lines:
        obj = o if o.startswith('"') else f"<{o}>"
        out.append(f"<{s}> <{p}> {obj} .")
    return "\n".join(out) + "\n"


LAYER = [
    (DATA_ANALYST, SKOS + "prefLabel", '"data analyst"@en'),
    (DATA_ANALYST, SKOS + "prefLabel", '"analyste de données"@fr'),
    (DATA_ANALYST, SKOS + "altLabel", '"data analytics specialist"@en'),
    (DATA_ANALYST, SKOS + "notation", '"2511.3"'),
    (DATA_ANALYST, SKOS + "broaderTransitive", "http://data.europa.eu/esco/isco/C2511"),
    (DATA_SCIENTIST, SKOS + "prefLabel", '"data scientist"@en'),
    (ICT_PM, SKOS + "prefLabel", '"ICT project manager"@en'),
    (CHEF, SKOS + "prefLabel", '"chef"@en'),
    (CHEF, SKOS + "prefLabel", '"chef cuisinier"@fr'),
    (PYTHON, SKOS + "prefLabel", '"Python (computer programming)"@en'),
    (SK + "sql", SKOS + "prefLabel", '"SQL"@en'),
    (SK + "stat", SKOS + "prefLabel", '"statistics"@en'),
    (SK + "stat", SKOS + "prefLabel", '"statistiques"@fr'),
    (SK + "ml", SKOS + "prefLabel", '"machine learning"@en'),
    (SK + "pm", SKOS + "prefLabel", '"project management"@en'),
    (SK + "talk", SKOS + "prefLabel", '"communication"@en'),
    (SK + "cook", SKOS + "prefLabel", '"cook food"@en'),
    (SK + "hygiene", SKOS + "prefLabel", '"food hygiene"@en'),
    (SK + "g-data", SKOS + "prefLabel", '"working with data"@en'),
    *((SK + s, SKOS + "broader", SK + "g-data") for s in ("sql", "stat", "ml")),
    (PYTHON, SKOS + "broader", SK + "g-programming"),
    *((DATA_ANALYST, MODEL + "hasEssentialSkill", s) for s in (PYTHON, SK + "sql", SK + "stat")),
    (DATA_ANALYST, MODEL + "hasOptionalSkill", SK + "talk"),
    *((DATA_SCIENTIST, MODEL + "hasEssentialSkill", s) for s in (PYTHON, SK + "stat", SK + "ml")),
    (DATA_SCIENTIST, MODEL + "hasOptionalSkill", SK + "sql"),
    *((ICT_PM, MODEL + "hasEssentialSkill", s) for s in (SK + "pm", SK + "talk")),
    *((CHEF, MODEL + "hasEssentialSkill", s) for s in (SK + "cook", SK + "hygiene")),
    (CHEF, MODEL + "hasOptionalSkill", SK + "hygiene"),
]


@pytest.fixture(scope="module")
def layer(tmp_path_factory):
    path = tmp_path_factory.mktemp("esco-layer") / "esco.nt"
    path.write_text(_nt(LAYER), encoding="utf-8")
    return build_layer([path])


@pytest.fixture(scope="module")
def moves(layer):
    return CareerMoves(load_index(), layer)


def test_the_layer_holds_labels_codes_groups_and_links(layer):
    analyst = layer.occupations[DATA_ANALYST]
    assert analyst.label("fr") == "analyste de données" and analyst.label("en") == "data analyst"
    assert analyst.code == "2511.3" and layer.isco[DATA_ANALYST].endswith("C2511")
    assert layer.skills_of(DATA_ANALYST) == {
        PYTHON: "essential",
        SK + "sql": "essential",
        SK + "stat": "essential",
        SK + "talk": "optional",
    }
    assert layer.parents[SK + "ml"] == {SK + "g-data"}
    # A skill with no French label falls back to English, and says so.
    assert layer.skills[SK + "ml"].label("fr") == "machine learning"
    assert layer.skills[SK + "ml"].label_lang("fr") == "en"


def test_score_weighs_essential_over_optional_and_credits_near_skills(layer):
    # The data scientist asks python, stat, ml (essential) and sql (optional); the analyst has python, sql,
    # stat: ml is near (same parent as sql and stat).
    have = layer.skills_of(DATA_ANALYST)
    value, shared, near, missing = score(have, layer.skills_of(DATA_SCIENTIST), layer)
    assert value == pytest.approx((1 + 1 + NEAR_CREDIT * 1 + 0.5) / (1 + 1 + 1 + 0.5))
    assert {s for s, _, _ in shared} == {PYTHON, SK + "stat", SK + "sql"}
    assert [(s, n) for s, _, n in near] == [(SK + "ml", SK + "sql")] and missing == []
    # Nothing in common: 0.
    assert score({SK + "cook"}, layer.skills_of(DATA_SCIENTIST), layer)[0] == 0.0


def test_a_role_borrows_the_skills_of_its_esco_occupation_and_adds_its_own(moves):
    profile = moves.profile(R + "data-scientist")
    assert {PYTHON, SK + "stat", SK + "ml"} <= set(profile)
    assert moves.occupations_of(R + "data-scientist") == [DATA_SCIENTIST]
    # référent IA is only relatedMatch to an ISCO group: no occupation lends it skills.
    assert moves.occupations_of(R + "referent-ia") == []


def test_from_an_esco_data_analyst_the_data_roles_rank_first_and_a_chef_scores_low(moves):
    ranking = moves.moves(DATA_ANALYST, lang="en")
    source, ranked = ranking.source, ranking.moves
    assert ranking.total == len(ranked)
    assert source.kind == "occupation" and source.label == "data analyst"
    top = [m.target.iri for m in ranked[:3]]
    assert R + "data-analyst" in top and R + "data-scientist" in top
    assert all(0.0 <= m.score <= 1.0 for m in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    from_chef = moves.moves(CHEF, lang="en").moves
    assert max(m.score for m in from_chef) < 0.35
    # Only the best are explained when asked for a few; the ranking is the same.
    best = moves.moves(DATA_ANALYST, lang="en", limit=2)
    assert [m.target.iri for m in best.moves] == [m.target.iri for m in ranked[:2]] and best.total == len(
        ranked
    )


def test_each_move_explains_itself_essential_first(moves):
    gap = moves.gap(DATA_ANALYST, R + "data-scientist", lang="fr")
    assert gap.source.kind == "occupation" and gap.target.kind == "role"
    assert {s.iri for s in gap.shared} >= {PYTHON, SK + "stat"}
    assert [s.label for s in gap.near] == ["machine learning"] and gap.near[0].near == "SQL"
    statistics = next(s for s in gap.shared if s.iri == SK + "stat")
    assert statistics.label == "statistiques" and statistics.lang == "fr"
    data = gap.to_dict()
    assert data["stated_by_an_article"] is False and data["method"].startswith("airoles skill overlap")
    importances = [s.importance for s in gap.shared]
    assert importances == sorted(importances, key=lambda i: i != "essential")


def test_the_articles_transitions_come_first_from_one_of_our_roles(moves):
    ranked = moves.moves("analyste de données", lang="fr").moves  # our role (its French label)
    stated = [m for m in ranked if m.stated]
    assert [m.target.iri for m in stated] == [R + "responsable-ia"]
    assert ranked[0].stated


def test_names_resolve_to_our_roles_first_then_esco(moves):
    assert moves.resolve("data scientist").kind == "role"
    assert moves.resolve(DATA_SCIENTIST).kind == "occupation"
    assert moves.resolve("data analytics specialist").iri == DATA_ANALYST  # an ESCO alt label
    assert moves.resolve("2511.3").iri == DATA_ANALYST  # ESCO's code
    assert moves.resolve("chef cuisinier").iri == CHEF
    with pytest.raises(AirolesError, match=r"no role or ESCO occupation is called 'chef cuisiner'.*chef"):
        moves.resolve("chef cuisiner")


def test_a_place_without_esco_skills_says_so(moves):
    with pytest.raises(AirolesError, match="no ESCO skills known"):
        moves.moves("référent IA")


def test_a_broken_layer_file_names_the_file(tmp_path):
    bad = tmp_path / "esco.nt"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(AirolesError, match=r"esco\.nt: not N-Triples"):
        build_layer([bad])
    gz = tmp_path / "esco.nt.gz"
    gz.write_bytes(b"not gzip")
    with pytest.raises(AirolesError, match=r"esco\.nt\.gz: cannot read"):
        build_layer([gz])


def test_path_objects_are_accepted(layer):
    assert isinstance(layer.files[0], str) and Path(layer.files[0]).name == "esco.nt"


def test_the_ranking_scores_are_the_explained_scores(moves):
    for name in (DATA_ANALYST, CHEF):
        for move in moves.moves(name, lang="en", occupations=True).moves:
            value = score(moves.profile(move.source.iri), moves.profile(move.target.iri), moves.layer)[0]
            assert move.score == pytest.approx(value)
