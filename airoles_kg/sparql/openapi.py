"""The OpenAPI 3.1 document of the JSON API (:mod:`airoles_kg.sparql.api`), served at
``/api/v1/openapi.json``.

Its response schemas are the shipped JSON Schemas (:mod:`airoles_kg.core.schemas`), embedded so that the
document stands alone (nothing to fetch from w3id.org): each schema's ``$defs`` are lifted into
``components/schemas`` as ``<schema>.<definition>`` and the references rewritten to point there. Each named
query is an operation of its own, with its declared parameters, so a client (or schemathesis) sees exactly
what each takes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from airoles_kg import __version__
from airoles_kg.core.schemas import SCHEMA_BASE, load_schema, schema_file
from airoles_kg.core.search import SEARCHED_KINDS
from airoles_kg.sparql.api import (
    API_PREFIX,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    MAX_SEARCH_LIMIT,
    MAX_SUGGEST_LIMIT,
    MAX_TEXT,
    PROBLEM,
    SEARCH_LIMIT,
    SUGGEST_LIMIT,
)
from airoles_kg.sparql.library import NamedQuery

# Schemas of the responses, by the name of their file in schemas/.
RESPONSE_SCHEMAS = ("api-resource", "api-search", "api-suggest", "api-queries", "api-query-result", "problem")
# An absolute IRI as RFC 3986 writes one in ASCII (characters beyond it percent-encoded; no user or IPv6
# host): what the parameters that take an IRI promise to accept. A CURIE (airoles:Role) has that form too.
_CHAR = r"A-Za-z0-9\-._~!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"([{_CHAR}:@]|{_PCT})"
IRI_PATTERN = (
    rf"^[A-Za-z][A-Za-z0-9+.-]*:(//([{_CHAR}]|{_PCT})*(:[0-9]*)?(/{_PCHAR}*)*|({_PCHAR}+(/{_PCHAR}*)*)?)"
    rf"(\?({_PCHAR}|[/?])*)?(#({_PCHAR}|[/?])*)?$"
)
_WORDS = r"\S"  # at least one character that is not a space


def _lifted(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema ``name`` without its ``$defs`` (its references rewritten), and those definitions."""
    schema = load_schema(name)
    definitions = schema.pop("$defs", {})
    schema.pop("$schema", None)

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: (
                    f"#/components/schemas/{name}.{value[len('#/$defs/') :]}"
                    if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                    else rewrite(value)
                )
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    return rewrite(schema), {f"{name}.{key}": rewrite(value) for key, value in definitions.items()}


def _query_parameter(
    name: str, description: str, schema: dict[str, Any], required: bool = False, example: Any = None
) -> dict[str, Any]:
    parameter: dict[str, Any] = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }
    if example is not None:
        parameter["example"] = example
    return parameter


_LANGUAGE = _query_parameter(
    "language",
    "The language of the labels (the other one when a node has no label in it).",
    {"type": "string", "enum": list(LANGUAGES), "default": DEFAULT_LANGUAGE},
)
_TEXT = _query_parameter(
    "text",
    "Words of a name, in French or English, in any order; a word may be the start of a longer one or have "
    "a typo.",
    {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": _WORDS},
    required=True,
    example="chef projet",
)


def _type_parameter(kinds: Sequence[str]) -> dict[str, Any]:
    one = "|".join(kinds)
    return _query_parameter(
        "type",
        "Only nodes of these kinds, separated by commas.",
        {"type": "string", "pattern": f"^({one})(,({one}))*$"},
        example="role,skill",
    )


def _responses(schema: str, description: str, missing: str | None = None) -> dict[str, Any]:
    """The responses of an operation: 200 with ``schema``, and the problems it may answer."""

    def failure(text: str) -> dict[str, Any]:
        return {
            "description": text,
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/problem"}}},
        }

    responses: dict[str, Any] = {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "400": failure("A parameter is missing, unknown, given twice or malformed."),
    }
    if missing:
        responses["404"] = failure(missing)
    responses["429"] = failure("Too many requests at once from this client address; retry later.")
    responses["503"] = failure("The query ran past the time limit, or the store is restarting; retry later.")
    return responses


def _parameter_schema(kind: str) -> dict[str, Any]:
    if kind == "integer":
        return {"type": "integer"}
    if kind == "iri":
        return {"type": "string", "pattern": IRI_PATTERN}
    return {"type": "string", "minLength": 1, "pattern": _WORDS}


def _query_operation(query: NamedQuery) -> dict[str, Any]:
    parameters = [
        _query_parameter(
            param.name,
            f"{param.meaning} ({param.kind})",
            _parameter_schema(param.kind),
            required=True,
            example=(int(param.example) if param.kind == "integer" else param.example)
            if param.example
            else None,
        )
        for param in query.params
    ]
    return {
        "get": {
            "operationId": f"query-{query.name}",
            "tags": ["named queries"],
            "summary": query.title,
            "description": query.description,
            "parameters": parameters,
            "responses": _responses(
                "api-query-result",
                "The parameters as bound and the rows (W3C SPARQL JSON results).",
                "A role, skill or sector given by name is not in the graph.",
            ),
        }
    }


def openapi_document(
    queries: Sequence[NamedQuery], kinds: Sequence[str] = SEARCHED_KINDS, server_url: str | None = None
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API with ``queries`` as operations and ``kinds`` as what the search
    finds; ``server_url`` is the base the paths are relative to (None: the document's own server)."""
    kind = _type_parameter(kinds)
    components: dict[str, Any] = {}
    for name in RESPONSE_SCHEMAS:
        schema, definitions = _lifted(name)
        components[name] = schema
        components.update(definitions)
    paths: dict[str, Any] = {
        f"{API_PREFIX}/resource": {
            "get": {
                "operationId": "resource",
                "tags": ["resources"],
                "summary": "A resource by its IRI",
                "description": "What the graph says of a role, skill, sector, term of the ontology or ESCO "
                "concept, and what points to it; each linked resource with its label and API link.",
                "parameters": [
                    _query_parameter(
                        "uri",
                        "The resource's IRI.",
                        {"type": "string", "pattern": IRI_PATTERN},
                        required=True,
                        example="https://w3id.org/airoles/id/role/chef-de-projet-ia",
                    ),
                    _LANGUAGE,
                ],
                "responses": _responses(
                    "api-resource", "The resource.", "The graph says nothing of this IRI."
                ),
            }
        },
        f"{API_PREFIX}/search": {
            "get": {
                "operationId": "search",
                "tags": ["search"],
                "summary": "Search by words",
                "description": "Nodes whose labels or alternative labels hold the words, best first.",
                "parameters": [
                    _TEXT,
                    kind,
                    _LANGUAGE,
                    _query_parameter(
                        "offset", "Results to skip.", {"type": "integer", "minimum": 0, "maximum": 100_000}
                    ),
                    _query_parameter(
                        "limit",
                        "Results per page.",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_SEARCH_LIMIT,
                            "default": SEARCH_LIMIT,
                        },
                    ),
                ],
                "responses": _responses("api-search", "One page of results."),
            }
        },
        f"{API_PREFIX}/suggest": {
            "get": {
                "operationId": "suggest",
                "tags": ["search"],
                "summary": "Suggestions for an autocompletion box",
                "parameters": [
                    _TEXT,
                    kind,
                    _LANGUAGE,
                    _query_parameter(
                        "limit",
                        "At most this many suggestions.",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_SUGGEST_LIMIT,
                            "default": SUGGEST_LIMIT,
                        },
                    ),
                ],
                "responses": _responses("api-suggest", "The best matches."),
            }
        },
        f"{API_PREFIX}/queries": {
            "get": {
                "operationId": "queries",
                "tags": ["named queries"],
                "summary": "The named queries and their parameters",
                "parameters": [_LANGUAGE],
                "responses": _responses("api-queries", "Every named query."),
            }
        },
    }
    for query in sorted(queries, key=lambda q: q.name):
        paths[f"{API_PREFIX}/queries/{query.name}"] = _query_operation(query)
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "airoles API",
            "version": __version__,
            "summary": "AI jobs as linked data: resources, search and named queries in JSON.",
            "description": "A read-only JSON API over the airoles knowledge graph, beside its SPARQL "
            f"endpoint (/query). Response schemas: {SCHEMA_BASE}<name>.schema.json (also served at "
            "/schema/v1/). Errors are RFC 9457 problem details.",
            # What the API answers is the data's (LICENSE-DATA.md): CC BY 4.0, ESCO's included.
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(components.items()))},
    }
    if server_url is not None:
        document["servers"] = [{"url": server_url}]
    return document


def openapi_bytes(
    queries: Sequence[NamedQuery], kinds: Sequence[str] = SEARCHED_KINDS, server_url: str | None = None
) -> bytes:
    """:func:`openapi_document` as key-sorted JSON."""
    document = openapi_document(queries, kinds, server_url)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1).encode()


def schema_path(name: str) -> str:
    """Where the endpoint serves the schema ``name``."""
    return f"/schema/{SCHEMA_BASE.rstrip('/').rsplit('/', 1)[1]}/{schema_file(name)}"
