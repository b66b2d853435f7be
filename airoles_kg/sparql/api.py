"""The JSON API of ``airoles serve`` (issue 18), in the spirit of ESCO's web service: JSON for developers who
do not write SPARQL.

* ``GET /api/v1/resource?uri=IRI[&language=en|fr]``: a resource (ours, the ontology's, ESCO's) with its
  labels, types, properties and the resources that point to it, each linked resource with its label and its
  own API link (HAL's ``_links``, as ESCO's API gives);
* ``GET /api/v1/search?text=...[&type=role,skill][&language=][&offset=][&limit=]``: the nodes whose names
  hold the words of ``text`` (the fuzzy matching of :mod:`airoles_kg.core.search`: any order, word starts,
  typos), best first, with the total count for paging;
* ``GET /api/v1/suggest?text=...``: the same matching, cut short for an autocompletion box;
* ``GET /api/v1/queries``: the named queries and their parameters; ``GET /api/v1/queries/NAME?param=...``:
  one named query, its parameters resolved as the CLI resolves them (a role by its French or English name,
  an IRI or a CURIE), its rows in the W3C SPARQL JSON results form;
* ``GET /api/v1/openapi.json``: the OpenAPI 3.1 document of all this (:mod:`airoles_kg.sparql.openapi`),
  whose response schemas are the versioned JSON Schemas of ``schemas/`` (also served, at ``/schema/v1/``).

Errors are RFC 9457 problem details (``application/problem+json``), never a traceback. The queries go to the
Oxigraph server behind the endpoint with the endpoint's limits (time, rows, per-client slots): the API is one
more way in, not a way round them. A parameter value never becomes query text: IRIs and literals are written
by pyoxigraph's term writer from validated terms (:func:`airoles_kg.sparql.values.with_values`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.search import SEARCHED_KINDS, SearchIndex, index_graph, kind_of
from airoles_kg.core.terms import to_oxigraph
from airoles_kg.sparql.engine import default_prefixes
from airoles_kg.sparql.library import NamedQuery, named_queries
from airoles_kg.sparql.linked import local_path
from airoles_kg.sparql.parameters import KIND_CLASSES, bind_parameters
from airoles_kg.sparql.protocol import Limits, Reply, run_query
from airoles_kg.sparql.results import curie
from airoles_kg.sparql.values import with_values

API_PREFIX = "/api/v1"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
SEARCH_LIMIT = 20  # results per page of a search, unless asked otherwise
MAX_SEARCH_LIMIT = 100
SUGGEST_LIMIT = 10
MAX_SUGGEST_LIMIT = 50
MAX_TEXT = 200  # characters of a search text
PROBLEM = "application/problem+json"
JSON = "application/json"
_LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# What a resource is called and is: kept first in its description (see _resource_query).
_FIRST = (
    *_LABELS,
    _TYPE,
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#definition",
)


class ApiProblem(Exception):
    """A request the API cannot answer: its HTTP status and what to tell the client."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


_TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable"}


def problem(
    status: int, detail: str, reason: str | None = None, extra: Mapping[str, str] | None = None
) -> Reply:
    """An RFC 9457 problem details reply."""
    body = {"type": "about:blank", "title": _TITLES.get(status, "Error"), "status": status, "detail": detail}
    headers = {"Content-Type": PROBLEM, **(extra or {})}
    return Reply(status, _dump(body), headers, reason or _TITLES.get(status, "error").lower())


def _dump(value: object) -> bytes:
    """Compact, key-sorted JSON (the same bytes for the same answer) with the text left readable."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _ok(value: object, truncated: bool | None = None) -> Reply:
    headers = {"Content-Type": JSON}
    if truncated is not None:
        headers["Airoles-Truncated"] = "true" if truncated else "false"
    return Reply(200, _dump(value), headers)


def resource_href(iri: str, language: str | None = None) -> str:
    """The API path of the resource ``iri``."""
    query = [("uri", iri)] + ([("language", language)] if language and language != DEFAULT_LANGUAGE else [])
    return f"{API_PREFIX}/resource?{urlencode(query)}"


@dataclass(frozen=True)
class _Params:
    """The query string of a request, read strictly: each parameter at most once, none unknown."""

    values: Mapping[str, list[str]]

    def check_known(self, known: Sequence[str]) -> None:
        unknown = sorted(set(self.values) - set(known))
        if unknown:
            raise ApiProblem(
                400,
                f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                f"this operation takes: {', '.join(known) or 'none'}",
            )

    def one(self, name: str, default: str | None = None) -> str | None:
        values = self.values.get(name)
        if not values:
            return default
        if len(values) > 1:
            raise ApiProblem(400, f"give {name} at most once")
        return values[0]

    def required(self, name: str) -> str:
        value = self.one(name)
        if value is None or not value.strip():
            raise ApiProblem(400, f"missing parameter {name}")
        return value

    def language(self) -> str:
        value = self.one("language", DEFAULT_LANGUAGE)
        if value not in LANGUAGES:
            raise ApiProblem(400, f"language must be one of {', '.join(LANGUAGES)}, not {value!r}")
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        value = self.one(name)
        if value is None:
            return default
        if not value.isdigit() or not low <= int(value) <= high:
            raise ApiProblem(400, f"{name} must be a whole number from {low} to {high}, not {value!r}")
        return int(value)

    def text(self) -> str:
        value = self.required("text")
        if len(value) > MAX_TEXT:
            raise ApiProblem(400, f"text is longer than {MAX_TEXT} characters")
        return value

    def kinds(self, known: Sequence[str]) -> list[str] | None:
        value = self.one("type")
        if value is None:
            return None
        kinds = value.split(",")
        unknown = [kind for kind in kinds if kind not in known]
        if unknown:
            raise ApiProblem(
                400,
                f"unknown type {', '.join(map(repr, unknown))}; give kinds separated by commas, among: "
                f"{', '.join(known)}",
            )
        return sorted(set(kinds), key=list(known).index)


@dataclass(frozen=True)
class SearchSource:
    """What the search answers from: ``build()`` makes the index (called once, on the first search), whose
    nodes are of ``kinds`` (the values ``type`` may take, in the order results of equal score come)."""

    build: Callable[[], SearchIndex]
    kinds: tuple[str, ...]


class Api:
    """The JSON API over one endpoint: ``graph`` (what parameters and searches are resolved against; the
    graph the endpoint serves, without its external files) and ``limits`` (the endpoint's Oxigraph server and
    limits). :meth:`answer` blocks (it may query the server): call it from a worker thread."""

    def __init__(
        self,
        graph: Graph,
        limits: Limits,
        queries: Sequence[NamedQuery] | None = None,
        search: SearchSource | None = None,
    ) -> None:
        self.graph = graph
        self.limits = limits
        # The search's index and kinds: given by the caller (airoles serve: the one of `airoles search`, ESCO
        # included), else the graph's own nodes.
        self.search_source = search or SearchSource(lambda: index_graph(graph), SEARCHED_KINDS)
        self.queries = {query.name: query for query in (queries if queries is not None else named_queries())}
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()
        self._routes: dict[str, Callable[[_Params, str], Reply]] = {
            "/resource": self.resource,
            "/search": self.search,
            "/suggest": self.suggest,
            "/queries": self.list_queries,
        }

    def answer(self, path: str, params: Mapping[str, list[str]], host: str) -> Reply:
        """The reply to ``GET path`` (a path under :data:`API_PREFIX`) with the query string ``params``."""
        local = path[len(API_PREFIX) :]
        try:
            handler = self._routes.get(local)
            if handler is not None:
                return handler(_Params(params), host)
            if local.startswith("/queries/"):
                return self.run_query(local[len("/queries/") :], _Params(params), host)
            raise ApiProblem(404, f"no API operation at {path}; see {API_PREFIX}/openapi.json")
        except ApiProblem as exc:
            return problem(exc.status, exc.detail)

    # -- search --------------------------------------------------------------------------------------------

    def warm(self) -> threading.Thread:
        """Build the search index in a background thread now (ESCO's part takes seconds the first time), so
        that the first search does not wait for it; a search that comes sooner waits for the same build."""
        thread = threading.Thread(target=self.index, name="airoles-search-index", daemon=True)
        thread.start()
        return thread

    def index(self) -> SearchIndex:
        """The search index of the graph's nodes, built on first use (once, whichever thread asks first)."""
        with self._lock:
            if self._index is None:
                self._index = self.search_source.build()
            return self._index

    def search(self, params: _Params, host: str) -> Reply:
        """``/search``: the nodes whose names hold the words of ``text``, best first, a page at a time."""
        params.check_known(("text", "type", "language", "offset", "limit"))
        text, kinds, language = params.text(), params.kinds(self.search_source.kinds), params.language()
        offset = params.integer("offset", 0, 0, 100_000)
        limit = params.integer("limit", SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT)
        hits = self.index().search(text, limit=None, kinds=kinds, lang=language)
        page = hits[offset : offset + limit]
        results = [
            {
                "uri": hit.iri,
                "kind": hit.kind,
                "label": hit.label,
                "matched": hit.name,
                "score": round(hit.score, 3),
                "_links": {"self": {"href": resource_href(hit.iri, language)}},
            }
            for hit in page
        ]
        base = [("text", text)] + ([("type", ",".join(kinds))] if kinds else []) + [("language", language)]
        links: dict[str, Any] = {
            "self": {
                "href": f"{API_PREFIX}/search?{urlencode(base + [('offset', offset), ('limit', limit)])}"
            }
        }
        if offset + limit < len(hits):
            query = urlencode(base + [("offset", offset + limit), ("limit", limit)])
            links["next"] = {"href": f"{API_PREFIX}/search?{query}"}
        body = {
            "text": text,
            "types": kinds,
            "language": language,
            "offset": offset,
            "limit": limit,
            "total": len(hits),
            "results": results,
            "_links": links,
        }
        return _ok(body)

    def suggest(self, params: _Params, host: str) -> Reply:
        """``/suggest``: a few names for an autocompletion box (the search's best hits, their labels)."""
        params.check_known(("text", "type", "language", "limit"))
        text, kinds, language = params.text(), params.kinds(self.search_source.kinds), params.language()
        limit = params.integer("limit", SUGGEST_LIMIT, 1, MAX_SUGGEST_LIMIT)
        hits = self.index().search(text, limit=limit, kinds=kinds, lang=language)
        results = [{"uri": hit.iri, "kind": hit.kind, "label": hit.label} for hit in hits]
        return _ok({"text": text, "types": kinds, "language": language, "results": results})

    # -- resources -----------------------------------------------------------------------------------------

    def resource(self, params: _Params, host: str) -> Reply:
        """``/resource``: what the graph says of ``uri``, and what points to it; 404 when it says nothing."""
        params.check_known(("uri", "language"))
        raw, language = params.required("uri").strip(), params.language()
        try:
            node = ox.NamedNode(raw)
        except ValueError as exc:
            raise ApiProblem(400, f"uri {raw!r} is not an absolute IRI ({exc})") from exc
        answer = run_query(self.limits, [("query", _resource_query(node))], host)
        if isinstance(answer, Reply):
            return answer
        solutions = ox.parse_query_results(answer.payload, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions), "a SELECT answers solutions"
        rows = [
            (int(row["direction"].value), row["p"], row["o"], row["label"], row["propertyLabel"])
            for row in solutions
        ]
        if not rows:
            raise ApiProblem(
                404, f"the graph says nothing of <{raw}>; find a resource with {API_PREFIX}/search"
            )
        return _ok(_resource_body(node.value, rows, language, answer.truncated), truncated=answer.truncated)

    # -- named queries -------------------------------------------------------------------------------------

    def list_queries(self, params: _Params, host: str) -> Reply:
        """``/queries``: every named query, with its title, description and parameters."""
        params.check_known(("language",))
        language = params.language()
        queries = [self._describe_query(query, language) for name, query in sorted(self.queries.items())]
        return _ok({"language": language, "queries": queries})

    @staticmethod
    def _describe_query(query: NamedQuery, language: str) -> dict[str, Any]:
        return {
            "name": query.name,
            "title": query.title_in(language),
            "description": query.description_in(language),
            "parameters": [
                {
                    "name": param.name,
                    "kind": param.kind,
                    "description": param.meaning_in(language),
                    "example": param.example,
                    "required": True,
                }
                for param in query.params
            ],
            "_links": {"self": {"href": f"{API_PREFIX}/queries/{query.name}"}},
        }

    def run_query(self, name: str, params: _Params, host: str) -> Reply:
        """``/queries/NAME``: the named query run with the request's parameters."""
        query = self.queries.get(name)
        if query is None:
            raise ApiProblem(404, f"no named query {name!r}; the list is at {API_PREFIX}/queries")
        declared = [param.name for param in query.params]
        params.check_known(declared)
        values = {param: params.required(param) for param in declared}
        try:
            bound = bind_parameters(self.graph, query, values)
        except AirolesError as exc:
            # A role, skill or sector the graph does not hold is a resource not found; any other value
            # (an IRI that is not one, a number that is not one) is a malformed request.
            named = any(
                p.kind in KIND_CLASSES and str(exc).startswith(f"parameter {p.name} ") for p in query.params
            )
            raise ApiProblem(404 if named else 400, _without_cli_words(str(exc), query)) from exc
        substitutions = {ox.Variable(param): to_oxigraph(term) for param, term in bound.items()}
        text = with_values(query.text, substitutions)
        if text == query.text and substitutions:
            # with_values found no safe place for the values: an HTTP query cannot carry substitutions.
            raise ApiProblem(400, f"the named query {name!r} cannot be run with parameters over HTTP")
        answer = run_query(self.limits, [("query", text)], host)
        if isinstance(answer, Reply):
            return answer
        results = json.loads(answer.payload)
        body = {
            "query": name,
            "title": query.title,
            "parameters": {param: _term_json(substitutions[ox.Variable(param)]) for param in declared},
            "head": results["head"],
            "results": results["results"],
            "truncated": answer.truncated,
            "_links": {
                "self": {
                    "href": f"{API_PREFIX}/queries/{name}?{urlencode(values)}"
                    if values
                    else f"{API_PREFIX}/queries/{name}"
                }
            },
        }
        return _ok(body, truncated=answer.truncated)


def _without_cli_words(message: str, query: NamedQuery) -> str:
    """A parameter error told to an API client: no ``--param`` (a CLI option), no local file path."""
    return message.replace(query.where, query.name).replace("--param ", "")


def _resource_query(node: ox.NamedNode) -> str:
    """A SELECT of what the graph says of ``node`` (direction 0) and of what points to it (direction 1),
    with the label of each other resource and of each property (``node`` written by pyoxigraph). Its names,
    types and definitions come first, so that a description cut at the result limit still has them."""
    labels = " | ".join(f"<{iri}>" for iri in _LABELS)
    first = ", ".join(f"<{iri}>" for iri in _FIRST)
    return f"""SELECT ?direction ?p ?o ?label ?propertyLabel WHERE {{
  {{ BIND(0 AS ?direction) {node} ?p ?o }} UNION {{ BIND(1 AS ?direction) ?o ?p {node} }}
  BIND(IF(?direction = 0 && ?p IN ({first}), 0, 1) AS ?rank)
  OPTIONAL {{ ?o {labels} ?label FILTER(isLiteral(?label)) }}
  OPTIONAL {{ ?p {labels} ?propertyLabel FILTER(isLiteral(?propertyLabel)) }}
}}
ORDER BY ?direction ?rank ?p ?o ?label ?propertyLabel"""


def _term_json(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple | None) -> dict[str, str]:
    """A parameter's value as a W3C SPARQL JSON term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        value = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            value["datatype"] = term.datatype.value
        return value
    return {"type": "bnode", "value": str(term)}


def _curie(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` as a CURIE with one of our prefixes, else the IRI itself (without angle brackets)."""
    short = curie(iri, prefixes)
    return iri if short.startswith("<") else short


def _pick(labels: Mapping[str, set[str]], language: str) -> str | None:
    """The label in ``language``, else English, else French, else any (the least, for a stable answer)."""
    for wanted in (language, "en", "fr"):
        if labels.get(wanted):
            return min(labels[wanted])
    rest = sorted(value for values in labels.values() for value in values)
    return rest[0] if rest else None


Row = tuple[int, Any, Any, Any, Any]


def _resource_body(iri: str, rows: Sequence[Row], language: str, truncated: bool) -> dict[str, Any]:
    """The API's JSON of a resource from the rows of :func:`_resource_query`."""
    prefixes = default_prefixes()
    # (direction, property) -> values in order; label sets per other resource and per property.
    values: dict[tuple[int, str], dict[str, dict[str, Any]]] = {}
    object_labels: dict[str, dict[str, set[str]]] = {}
    property_labels: dict[str, dict[str, set[str]]] = {}
    own_labels: dict[str, set[str]] = {}
    for direction, prop, obj, label, prop_label in rows:
        key = (direction, prop.value)
        if isinstance(obj, ox.NamedNode):
            value_key = f"<{obj.value}>"
            values.setdefault(key, {}).setdefault(value_key, {"type": "uri", "uri": obj.value})
            if isinstance(label, ox.Literal):
                object_labels.setdefault(obj.value, {}).setdefault(label.language or "", set()).add(
                    label.value
                )
        elif isinstance(obj, ox.Literal):
            value = {"type": "literal", "value": obj.value}
            if obj.language:
                value["language"] = obj.language
            elif obj.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                value["datatype"] = obj.datatype.value
            values.setdefault(key, {}).setdefault(str(obj), value)
            if direction == 0 and prop.value in _LABELS:
                own_labels.setdefault(obj.language or "", set()).add(obj.value)
        else:
            values.setdefault(key, {}).setdefault(str(obj), {"type": "bnode", "id": str(obj)})
        if isinstance(prop_label, ox.Literal):
            property_labels.setdefault(prop.value, {}).setdefault(prop_label.language or "", set()).add(
                prop_label.value
            )

    def finished(value: dict[str, Any]) -> dict[str, Any]:
        if value["type"] == "uri":
            return {
                **value,
                "label": _pick(object_labels.get(value["uri"], {}), language),
                "_links": {"self": {"href": resource_href(value["uri"], language)}},
            }
        return value

    def group(direction: int) -> list[dict[str, Any]]:
        return [
            {
                "uri": prop,
                "curie": _curie(prop, prefixes),
                "label": _pick(property_labels.get(prop, {}), language),
                "values": [finished(value) for _, value in sorted(found.items())],
            }
            for (way, prop), found in sorted(values.items())
            if way == direction
        ]

    outgoing = group(0)
    types: list[dict[str, Any]] = next((entry["values"] for entry in outgoing if entry["uri"] == _TYPE), [])
    links: dict[str, Any] = {"self": {"href": resource_href(iri, language)}}
    described = local_path(iri)  # our IRIs are dereferenced by the endpoint too
    if described is not None:
        links["describedBy"] = {"href": described}
    return {
        "uri": iri,
        "kind": kind_of(iri),
        "language": language,
        "label": _pick(own_labels, language),
        "labels": {lang: min(found) for lang, found in sorted(own_labels.items()) if lang},
        "types": [{"uri": t["uri"], "label": t.get("label")} for t in types if t["type"] == "uri"],
        "properties": outgoing,
        "referencedBy": group(1),
        "truncated": truncated,
        "_links": links,
    }
