"""Publish the graph to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT`` of the whole graph to ``URL?graph=IRI`` (or ``URL?default``) replaces that graph in a single
request, so readers see the old graph or the new one, never half of it (Fuseki, GraphDB, Virtuoso, Oxigraph
apply a PUT in one transaction). Credentials come from the environment only (``AIROLES_PUBLISH_USER``,
``AIROLES_PUBLISH_PASSWORD``), never from the command line, and are never printed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from rdflib import Graph

from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.engine import expand_iri

USER_VARIABLE = "AIROLES_PUBLISH_USER"
PASSWORD_VARIABLE = "AIROLES_PUBLISH_PASSWORD"
# N-Triples is a subset of Turtle: sent as text/turtle, the RDF type every Graph Store implementation reads.
CONTENT_TYPE = "text/turtle; charset=utf-8"
DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class Published:
    """The outcome of a successful publication."""

    url: str
    triples: int
    status: int


def target_url(endpoint: str, graph_iri: str | None) -> str:
    """``endpoint`` with ``graph=IRI`` (or ``default``) added to its query string.

    Raises AirolesError for a URL that is not http(s), or that carries credentials (use the environment).
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AirolesError(
            f"--endpoint {endpoint!r}: expected the http:// or https:// URL of a Graph Store endpoint"
        )
    if parts.username is not None or parts.password is not None:
        raise AirolesError(
            f"--endpoint: do not put credentials in the URL; set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
    kept = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in kept if k not in ("graph", "default")]
    query_string = urlencode(query + [("graph", graph_iri)]) if graph_iri else urlencode(query)
    if not graph_iri:
        query_string = f"{query_string}&default" if query_string else "default"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query_string, ""))


def credentials(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(user, password) from the environment, None when neither is set; AirolesError when only one is."""
    env = os.environ if environ is None else environ
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user is None and password is None:
        return None
    if user is None or password is None:
        missing = USER_VARIABLE if user is None else PASSWORD_VARIABLE
        raise AirolesError(
            f"{missing} is not set (set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither)"
        )
    return user, password


def publish(
    graph: Graph,
    endpoint: str,
    graph_iri: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    environ: Mapping[str, str] | None = None,
) -> Published:
    """Replace the graph ``graph_iri`` (None: the default graph) at ``endpoint`` with ``graph``, in one PUT.

    ``graph_iri`` may be a CURIE with an airoles prefix. Raises AirolesError (exit 2) when the store cannot be
    reached, refuses the credentials (401/403) or answers another error (with an excerpt of its message).
    """
    iri = str(expand_iri(graph_iri, graph)) if graph_iri else None
    url = target_url(endpoint, iri)
    auth = credentials(environ)
    body = graph.serialize(format="nt", encoding="utf-8")
    try:
        response = requests.put(
            url, data=body, headers={"Content-Type": CONTENT_TYPE}, auth=auth, timeout=timeout
        )
    except requests.exceptions.ConnectionError as exc:
        reason = "connection refused" if "refused" in str(exc).lower() else _short(exc)
        raise AirolesError(f"cannot reach {endpoint}: {reason}") from exc
    except requests.exceptions.Timeout as exc:
        raise AirolesError(f"{endpoint} did not answer within {timeout:g} s") from exc
    except requests.exceptions.RequestException as exc:
        raise AirolesError(f"cannot publish to {endpoint}: {_short(exc)}") from exc
    if response.status_code in (401, 403):
        hint = (
            "the credentials in the environment were refused"
            if auth
            else f"the store asks for credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
        raise AirolesError(f"{url}: HTTP {response.status_code} {response.reason}: {hint}")
    if not 200 <= response.status_code < 300:
        raise AirolesError(f"{url}: HTTP {response.status_code} {response.reason}: {_excerpt(response.text)}")
    return Published(url=url, triples=len(graph), status=response.status_code)


def _excerpt(text: str, size: int = 300) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "(empty body)"
    return flat if len(flat) <= size else flat[:size] + "…"


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"
