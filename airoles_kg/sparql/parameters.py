"""The parameters of a query as RDF terms, from the text a user gives (:func:`bind_parameters`).

Each value is read by the kind its query declares (:class:`airoles_kg.sparql.library.NamedQuery`): a role,
skill or sector by label, IRI or CURIE (:data:`KIND_CLASSES`), an IRI or CURIE (:func:`expand_iri`), a whole
number, a string. :mod:`airoles_kg.sparql.engine` then binds the terms to the query's variables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import PREFIXES, ROLE, SECTOR, SKILL
from airoles_kg.core.resolve import resolve
from airoles_kg.sparql.library import NamedQuery

# Parameter kind -> class its value must be an instance of (resolved by label, IRI or CURIE).
KIND_CLASSES: dict[str, URIRef] = {"role": ROLE, "skill": SKILL, "sector": SECTOR}


def expand_iri(value: str, graph: Graph | None = None) -> URIRef:
    """``value`` as an IRI: ``<...>``, an absolute IRI (``scheme:...``) or a CURIE with a known prefix.

    Known prefixes are the airoles ones plus the graph's. Raises AirolesError for anything else.
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        namespaces = {p: str(ns) for p, ns in PREFIXES.items()}
        if graph is not None:
            namespaces.update({p: str(ns) for p, ns in graph.namespace_manager.namespaces() if p})
        if sep and prefix in namespaces and not local.startswith("//"):
            text = namespaces[prefix] + local
    try:
        ox.NamedNode(text)  # validates: absolute IRI, no spaces or forbidden characters
    except ValueError as exc:
        raise AirolesError(f"{value!r} is not an IRI or a CURIE with a known prefix ({exc})") from exc
    return URIRef(text)


def bind_parameters(graph: Graph, query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Turn the user's ``values`` (name -> text) into RDF terms, following the query's declared kinds.

    role/skill/sector: :func:`airoles_kg.core.resolve.resolve` (label in any language, IRI or CURIE)
    restricted
    to
    that class; iri: an IRI or CURIE; integer: a whole number; string: a plain literal, whatever it holds.
    Missing or undeclared parameters raise AirolesError.
    """
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        expected = ", ".join(f"{p.name} ({p.kind})" for p in query.params) or "none"
        raise AirolesError(
            f"{query.where}: unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"this query takes: {expected}"
        )
    missing = [p for p in query.params if p.name not in values]
    if missing:
        hints = "; ".join(
            f"--param {p.name}=... ({p.kind}: {p.meaning}{f'; e.g. {p.example!r}' if p.example else ''})"
            for p in missing
        )
        raise AirolesError(f"{query.where}: missing parameter{'s' if len(missing) > 1 else ''}: {hints}")
    bound: dict[str, Node] = {}
    for name, raw in values.items():
        kind = declared[name].kind
        try:
            bound[name] = _bind_one(graph, kind, raw)
        except AirolesError as exc:
            raise AirolesError(f"parameter {name} ({kind}): {exc}") from exc
    return bound


def _bind_one(graph: Graph, kind: str, raw: str) -> Node:
    if kind in KIND_CLASSES:
        return resolve(graph, raw, KIND_CLASSES[kind])
    if kind == "iri":
        return expand_iri(raw, graph)
    if kind == "integer":
        text = raw.strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise AirolesError(f"{raw!r} is not a whole number")
        return Literal(int(text), datatype=XSD.integer)
    if kind == "string":
        return Literal(raw)
    raise AirolesError(f"unknown parameter kind {kind!r}")
