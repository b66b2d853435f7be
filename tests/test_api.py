"""The JSON API of ``airoles serve`` (issue 18): a resource by IRI, search, suggest, the named queries as GET,
its OpenAPI document and the versioned JSON Schemas of its answers. Over HTTP on 127.0.0.1, against the shared
endpoint (the ``server`` fixture of tests/conftest.py: at most ROW_CAP rows per result)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from support.serving import ROW_CAP, Server

from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import KINDS
from airoles_kg.core.schemas import SCHEMA_BASE, load_schema, schema_names
from airoles_kg.profiles.search import ALL_KINDS
from airoles_kg.sparql.engine import QueryEngine
from airoles_kg.sparql.library import named_queries
from airoles_kg.sparql.openapi import openapi_bytes, openapi_document

CHEF = "https://w3id.org/airoles/id/role/chef-de-projet-ia"
BANKING = "https://w3id.org/airoles/id/sector/banque"
FINANCE = "https://w3id.org/airoles/id/sector/finance"
ESCO_DATA_SCIENTIST = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"


def base(server: Server) -> str:
    return urljoin(server.url, "/")


def get(server: Server, path: str, **params: Any) -> requests.Response:
    return requests.get(urljoin(server.url, path), params=params, timeout=60)


def valid(document: object, schema_name: str) -> None:
    """``document`` is valid under the shipped schema ``schema_name`` (formats checked too)."""
    schema = load_schema(schema_name)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


# ---------------------------------------------------------------------------------------------------------
# Search and suggest
# ---------------------------------------------------------------------------------------------------------


def test_search_finds_a_role_by_some_of_its_words_best_first(server: Server):
    response = get(server, "/api/v1/search", text="chef projet", type="role")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    valid(body, "api-search")
    assert body["results"][0]["uri"] == CHEF
    assert body["results"][0]["label"] == "AI project manager"  # English unless asked otherwise
    assert {hit["kind"] for hit in body["results"]} == {"role"}
    assert body["total"] >= len(body["results"]) > 1


def test_search_forgives_a_typo_and_answers_in_french_when_asked(server: Server):
    body = get(server, "/api/v1/search", text="chef projte IA", language="fr").json()
    assert body["results"][0]["uri"] == CHEF
    assert body["results"][0]["label"] == "chef de projet IA"


def test_search_pages_follow_each_other_without_gap_or_overlap(server: Server):
    first = get(server, "/api/v1/search", text="données", limit=5).json()
    assert first["total"] > 5
    second = requests.get(urljoin(server.url, first["_links"]["next"]["href"]), timeout=60).json()
    everything = get(server, "/api/v1/search", text="données", limit=10).json()
    paged = [hit["uri"] for hit in first["results"] + second["results"]]
    assert paged == [hit["uri"] for hit in everything["results"]]
    assert second["offset"] == 5


def test_search_finds_esco_occupations_after_our_roles(server: Server):
    """The search of `airoles search`: our nodes, then ESCO's occupations and skills."""
    both = get(server, "/api/v1/search", text="data scientist", type="role,esco-occupation").json()
    valid(both, "api-search")
    kinds = [hit["kind"] for hit in both["results"]]
    assert kinds[0] == "role" and "esco-occupation" in kinds
    assert kinds.index("esco-occupation") > kinds.index("role")
    esco = get(server, "/api/v1/search", text="data scientist", type="esco-occupation").json()
    assert esco["results"][0]["uri"] == ESCO_DATA_SCIENTIST
    skill = get(server, "/api/v1/suggest", text="machine learn", type="esco-skill").json()
    assert skill["results"] and all(
        hit["uri"].startswith("http://data.europa.eu/esco/skill/") for hit in skill["results"]
    )


def test_suggest_completes_the_start_of_a_word(server: Server):
    response = get(server, "/api/v1/suggest", text="ingé", language="fr", type="role")
    body = response.json()
    valid(body, "api-suggest")
    labels = [hit["label"] for hit in body["results"]]
    assert labels and all(hit["kind"] == "role" for hit in body["results"])
    assert any(label.startswith("ingénieur") for label in labels)
    assert len(labels) <= 10


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, "missing parameter text"),
        ({"text": "x", "type": "planet"}, "unknown type 'planet'"),
        ({"text": "x", "type": "role, skill"}, "unknown type ' skill'"),
        ({"text": "x", "language": "de"}, "language must be one of en, fr"),
        ({"text": "x", "limit": "0"}, "limit must be a whole number from 1 to 100"),
        ({"text": "x", "colour": "red"}, "unknown parameter colour"),
    ],
)
def test_a_bad_search_is_a_problem_that_says_what_is_wrong(
    server: Server, params: dict[str, str], words: str
):
    response = get(server, "/api/v1/search", **params)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json()
    valid(body, "problem")
    assert words in body["detail"]


# ---------------------------------------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------------------------------------


def test_a_resource_has_its_labels_types_and_neighbours_each_with_a_link(server: Server):
    response = get(server, "/api/v1/resource", uri=BANKING)
    assert response.status_code == 200
    body = response.json()
    valid(body, "api-resource")
    assert body["kind"] == "sector"
    assert body["labels"] == {"en": "banking", "fr": "banque"}
    assert "https://w3id.org/airoles/Sector" in {t["uri"] for t in body["types"]}
    broader = next(p for p in body["properties"] if p["curie"] == "skos:broader")
    assert [(v["uri"], v["label"]) for v in broader["values"]] == [(FINANCE, "finance")]
    assert body["_links"]["describedBy"] == {"href": "/id/sector/banque"}
    # The link of a neighbour is the neighbour's resource.
    finance = requests.get(urljoin(server.url, broader["values"][0]["_links"]["self"]["href"]), timeout=60)
    assert finance.json()["uri"] == FINANCE
    narrower_of_finance = [
        v["uri"] for p in finance.json()["referencedBy"] if p["curie"] == "skos:broader" for v in p["values"]
    ]
    assert BANKING in narrower_of_finance


def test_an_esco_occupation_is_a_resource_too(server: Server):
    body = get(server, "/api/v1/resource", uri=ESCO_DATA_SCIENTIST, language="fr").json()
    valid(body, "api-resource")
    assert body["kind"] is None
    assert body["label"] == "scientifique des données"
    assert body["labels"]["en"] == "data scientist"


def test_a_large_resource_is_cut_at_the_endpoint_limit_and_says_so(server: Server):
    response = get(server, "/api/v1/resource", uri=CHEF)
    body = response.json()
    valid(body, "api-resource")
    assert body["truncated"] is True
    assert response.headers["Airoles-Truncated"] == "true"


def test_an_unknown_or_malformed_iri_is_a_problem(server: Server):
    unknown = get(server, "/api/v1/resource", uri="https://w3id.org/airoles/id/role/astronaut")
    assert unknown.status_code == 404
    assert "says nothing of" in unknown.json()["detail"]
    malformed = get(server, "/api/v1/resource", uri="not an iri")
    assert malformed.status_code == 400
    assert "not an absolute IRI" in malformed.json()["detail"]
    nowhere = get(server, "/api/v1/nothing")
    assert nowhere.status_code == 404
    assert nowhere.headers["Content-Type"] == "application/problem+json"


# ---------------------------------------------------------------------------------------------------------
# Named queries
# ---------------------------------------------------------------------------------------------------------


def test_the_query_list_is_the_library_with_its_parameters(server: Server):
    body = get(server, "/api/v1/queries", language="fr").json()
    valid(body, "api-queries")
    library = {query.name: query for query in named_queries()}
    assert [q["name"] for q in body["queries"]] == sorted(library)
    role_skills = next(q for q in body["queries"] if q["name"] == "role-skills")
    assert role_skills["title"] == library["role-skills"].title_fr
    assert [p["name"] for p in role_skills["parameters"]] == ["role"]


@pytest.fixture(scope="module")
def engine() -> QueryEngine:
    return QueryEngine.load()


@pytest.mark.parametrize("query", named_queries(), ids=lambda query: query.name)
def test_each_named_query_answers_over_the_api_what_the_cli_answers(
    server: Server, engine: QueryEngine, query: Any
):
    """The API sends the parameters to the store as a VALUES clause (an HTTP query carries no bindings);
    the CLI binds them in pyoxigraph. The rows must be the same, in the same order, to the same cut."""
    values = {param.name: param.example for param in query.params}
    assert all(values.values()), f"{query.name}: every parameter has an example"
    response = get(server, f"/api/v1/queries/{query.name}", **values)
    assert response.status_code == 200, response.text
    body = response.json()
    valid(body, "api-query-result")
    expected = json.loads(engine.run_named(query, values, limit=ROW_CAP).data)
    assert body["head"]["vars"] == expected["head"]["vars"]
    assert body["results"]["bindings"] == expected["results"]["bindings"]


def test_a_named_query_takes_a_role_by_name_and_says_which_iri_it_chose(server: Server):
    body = get(server, "/api/v1/queries/role-skills", role="chef de projet IA").json()
    assert body["parameters"] == {"role": {"type": "uri", "value": CHEF}}
    assert {row["role"]["value"] for row in body["results"]["bindings"]} == {CHEF}


def test_a_named_query_refuses_what_it_cannot_bind_in_the_words_of_the_api(server: Server):
    missing = get(server, "/api/v1/queries/role-skills")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "missing parameter role"
    unknown = get(server, "/api/v1/queries/role-skills", role="astronaute")
    assert unknown.status_code == 404
    detail = unknown.json()["detail"]
    assert "unknown role" in detail and "--param" not in detail and str(paths.QUERIES_DIR) not in detail
    extra = get(server, "/api/v1/queries/role-skills", role="chef de projet IA", colour="red")
    assert extra.status_code == 400
    assert get(server, "/api/v1/queries/no-such-query").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# OpenAPI and the schemas
# ---------------------------------------------------------------------------------------------------------


def test_the_schemas_are_versioned_and_served_as_shipped(server: Server):
    names = schema_names()
    assert {"careers", "api-resource", "api-search", "api-suggest", "api-queries", "problem"} <= set(names)
    for name in names:
        schema = load_schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"{SCHEMA_BASE}{name}.schema.json"
        response = get(server, f"/schema/v1/{name}.schema.json")
        assert response.status_code == 200
        assert response.content == (paths.SCHEMAS_DIR / f"{name}.schema.json").read_bytes()
    assert get(server, "/schema/v1/nothing.schema.json").status_code == 404


def test_w3id_sends_each_schema_iri_to_where_the_endpoint_serves_it(server: Server):
    """docs/w3id/.htaccess: the schema's $id, once w3id.org applies the redirects, is the served file."""
    rules = re.findall(
        r"^RewriteRule (\S+) (\S+) \[R=(\d+),L\]$",
        (paths.REPO_ROOT / "docs" / "w3id" / ".htaccess").read_text(encoding="utf-8"),
        re.M,
    )
    for name in schema_names():
        local = f"{SCHEMA_BASE}{name}.schema.json".removeprefix("https://w3id.org/airoles/")
        target = next(
            match.expand(target.replace("$", "\\"))
            for pattern, target, _ in rules
            if (match := re.fullmatch(pattern.strip("^$"), local))
        )
        path = urlsplit(target).path
        assert get(server, path).content == (paths.SCHEMAS_DIR / f"{name}.schema.json").read_bytes()


def test_a_missing_schema_is_a_clear_error_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "SCHEMAS_DIR", tmp_path / "schemas")
    with pytest.raises(AirolesError, match=r"schemas/api-search\.schema\.json: cannot read the JSON Schema"):
        load_schema("api-search")


def test_the_schemas_know_every_kind_of_node():
    kinds = load_schema("api-resource")["$defs"]["kind"]["enum"]
    assert kinds == [*KINDS, None]
    for name in ("api-search", "api-suggest"):
        hit = load_schema(name)["properties"]["results"]["items"]["properties"]["kind"]
        assert hit["enum"] == list(ALL_KINDS), name


def test_the_schemas_really_constrain():
    """A schema that accepts anything checks nothing: each refuses a number, an empty object and a document
    with one more property."""
    for name in schema_names():
        validator = jsonschema.Draft202012Validator(load_schema(name))
        assert not validator.is_valid(42), name
        assert not validator.is_valid({}), name
    search = {"text": "x", "types": None, "language": "en", "results": [], "colour": "red"}
    assert not jsonschema.Draft202012Validator(load_schema("api-suggest")).is_valid(search)
    del search["colour"]
    assert jsonschema.Draft202012Validator(load_schema("api-suggest")).is_valid(search)


def test_the_openapi_document_describes_every_operation(server: Server):
    response = get(server, "/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    operations = {path for path in document["paths"]}
    assert {"/api/v1/resource", "/api/v1/search", "/api/v1/suggest", "/api/v1/queries"} <= operations
    assert {f"/api/v1/queries/{query.name}" for query in named_queries()} <= operations
    role_skills = document["paths"]["/api/v1/queries/role-skills"]["get"]
    assert [(p["name"], p["required"]) for p in role_skills["parameters"]] == [("role", True)]
    # Self-contained: every reference points inside the document.
    references = [ref for ref in _refs(document)]
    assert references and all(ref.startswith("#/components/schemas/") for ref in references)
    for ref in references:
        assert ref.removeprefix("#/components/schemas/") in document["components"]["schemas"], ref


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


# The document the endpoint serves (test_the_served_openapi_document_is_the_one_tested checks it), loaded at
# collection so that each operation is a test of its own; the requests go to the shared endpoint.
schema = schemathesis.openapi.from_dict(openapi_document(named_queries(), ALL_KINDS))


def test_the_served_openapi_document_is_the_one_tested(server: Server):
    assert get(server, "/api/v1/openapi.json").content == openapi_bytes(named_queries(), ALL_KINDS)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_what_its_openapi_document_promises(case: Any, server: Server) -> None:
    """schemathesis: requests drawn from the document (valid and invalid ones) get the statuses, media types
    and bodies it promises, never a server error."""
    # A generous read timeout: on a loaded 2-core machine the first search may wait for the index.
    case.call_and_validate(base_url=base(server).rstrip("/"), timeout=120)
