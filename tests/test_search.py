"""Search by words (``airoles search``, the explorer's search box, the closest matches of an unknown name):
what a person types finds what they mean, in either language, in any order, misspelt or incomplete."""

import json

import pytest

from airoles_kg import cli
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import ROLE
from airoles_kg.core.resolve import resolve
from airoles_kg.core.search import SearchIndex, kind_of, words
from airoles_kg.profiles.search import search_index

ROLE_ID = "https://w3id.org/airoles/id/role/"
CHEF_IA = ROLE_ID + "chef-de-projet-ia"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return search_index(load_graph())  # ESCO: the layer shipped with airoles


def top(index: SearchIndex, text: str, n: int = 3, **kwargs) -> list[str]:
    return [hit.iri for hit in index.search(text, limit=n, **kwargs)]


def test_words_fold_case_accents_and_little_words():
    assert words("Chef de projet IA") == ["chef", "projet", "ia"]
    assert words("L'Ingénieur des Données") == ["ingenieur", "donnees"]
    assert words("de la") == ["de", "la"]  # only little words: still a query


@pytest.mark.parametrize(
    "typed",
    [
        "chef projet",  # a word missing: the exact resolver found 0 of 28 roles
        "PROJET chef",  # order and case
        "chef de projte IA",  # a typo
        "chef projet intelligence artificielle",  # an alternative label's words
    ],
)
def test_chef_de_projet_ia_is_found(index, typed):
    assert CHEF_IA in top(index, typed), index.search(typed, limit=5)


def test_every_word_found_ranks_above_some(index):
    hits = index.search("chef projet intelligence artificielle", limit=5)
    assert hits[0].iri == CHEF_IA and hits[0].score == 1.0
    assert all(h.score < 1.0 for h in hits[1:])


def test_a_short_word_is_not_the_start_of_another(index):
    """'AI' is a word, not the start of 'airport'."""
    hits = index.search("head of AI", limit=5)
    assert hits[0].iri == ROLE_ID + "directeur-ia"
    assert not [h for h in hits if "airport" in h.name.lower()]


def test_prefix_of_a_long_word(index):
    assert ROLE_ID + "ingenieur-ml" in top(index, "ingé ML")


def test_every_kind_of_thing_and_esco(index):
    kinds = {h.kind for h in index.search("banque", limit=10)}
    assert {"sector", "orgkind"} <= kinds
    assert index.search("data hub", limit=1)[0].kind == "orgmodel"
    assert index.search("Guardia", limit=1)[0].kind == "provider"
    baker = index.search("boulanger", limit=3)
    assert baker[0].kind == "esco-occupation" and baker[0].iri.startswith(
        "http://data.europa.eu/esco/occupation/"
    )
    python = index.search("python", limit=2)
    assert [h.kind for h in python] == ["skill", "esco-skill"]  # ours first, then ESCO's


def test_kinds_filter_and_nothing(index):
    assert {h.kind for h in index.search("projet", limit=50, kinds=["role"])} == {"role"}
    assert index.search("xyzzy") == []
    assert index.search("   ") == []


def test_labels_in_the_language_asked(index):
    (hit,) = index.search("chef de projet IA", limit=1, kinds=["role"], lang="en")
    assert hit.label == "AI project manager"


def test_same_order_every_time(index):
    first = [h.to_dict() for h in index.search("projet", limit=None)]
    again = search_index(load_graph())
    assert [h.to_dict() for h in again.search("projet", limit=None)] == first


def test_kind_of_iri():
    assert kind_of(ROLE_ID + "data-analyst") == "role"
    assert kind_of("https://w3id.org/airoles/id/nonsense/x") is None
    assert kind_of("http://data.europa.eu/esco/skill/x") is None


def test_unknown_name_suggests_by_words():
    """The CLI's resolver suggests what the search box would find."""
    with pytest.raises(AirolesError) as caught:
        resolve(load_graph(), "chef projet", ROLE)
    message = str(caught.value)
    assert message.startswith("unknown role 'chef projet'.")
    assert f"chef de projet IA <{CHEF_IA}>" in message


def test_search_command_text_and_json(capsys):
    assert cli.main(["search", "chef", "projet", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "chef de projet IA" in out and CHEF_IA in out
    assert cli.main(["search", "python", "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "python"
    assert data["results"][0] == {
        "iri": "https://w3id.org/airoles/id/skill/python",
        "kind": "skill",
        "label": "Python",
        "name": "Python",
        "score": 1.0,
    }
    assert cli.main(["search", "python", "--no-esco", "--format", "json"]) == 0
    assert {r["kind"] for r in json.loads(capsys.readouterr().out)["results"]} == {"skill"}


def test_search_command_errors(capsys):
    assert cli.main(["search", "x", "--limit", "0"]) == 2
    assert "--limit must be at least 1" in capsys.readouterr().err
    assert cli.main(["search", "xyzzy"]) == 0
    assert "nothing found for 'xyzzy'" in capsys.readouterr().out
