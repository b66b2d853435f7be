"""The SHACL shapes graph of airoles, and how shapes and results are written for people: shape names, property
paths in SPARQL syntax, values as Turtle. Used by :mod:`airoles_kg.shacl.validate` and
:mod:`airoles_kg.shacl.fast`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.extras.shacl import parse_shacl_path
from rdflib.term import Node

from airoles_kg.core import paths
from airoles_kg.core.errors import InputError
from airoles_kg.core.loader import parse_rdf_file
from airoles_kg.core.namespaces import bind_missing

SHAPES_FILE_NAME = "airoles-shapes.ttl"
SHAPES = Namespace("https://w3id.org/airoles/shapes/")
SHAPES_PREFIX = "airsh"


def shapes_file() -> Path:
    """The shapes file of the checkout (read from :mod:`airoles_kg.core.paths` at call time)."""
    return paths.SHAPES_DIR / SHAPES_FILE_NAME


def load_shapes(path: str | os.PathLike[str] | None = None) -> Graph:
    """Parse the shapes graph (default :func:`shapes_file`); InputError if it is missing or malformed."""
    graph = parse_rdf_file(path or shapes_file(), format="turtle")
    graph.bind(SHAPES_PREFIX, SHAPES, override=True, replace=True)
    return graph


def load_user_shapes(
    files: Sequence[str | os.PathLike[str]], format: str | None = None, with_ours: bool = False
) -> Graph:
    """Someone's own shapes files (any RDF syntax, by extension or ``format``), merged; with ``with_ours``,
    our shapes too. InputError (exit 2) for a file that cannot be read or holds no triple."""
    merged = load_shapes() if with_ours else Graph()
    for file in files:
        graph = parse_rdf_file(Path(file), format=format)
        if len(graph) == 0:
            raise InputError(f"{file}: no RDF triples in the shapes file")
        bind_missing(merged, graph.namespaces())
        merged += graph
    return merged


def named_shape(shapes: Graph, shape: Node) -> Node:
    """A blank-node shape's nearest named ancestor (via sh:property / sh:sparql / logical lists)."""
    seen: set[Node] = set()
    current = shape
    while isinstance(current, BNode) and current not in seen:
        seen.add(current)
        parent = next(iter(shapes.subjects(None, current)), None)
        if parent is None:
            break
        current = parent
    return current if isinstance(current, URIRef) else shape


# ---------------------------------------------------------------------------------------------------------
# Rendering helpers (the CLI and every other front end render results the same way)
# ---------------------------------------------------------------------------------------------------------


def curie(graph: Graph, node: Node) -> str:
    """``prefix:local`` when a bound prefix fits, else ``<iri>``; blank nodes as ``_:id``."""
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # rdflib refuses some IRIs as CURIEs
            return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def path_text(graph: Graph, path: Node | None) -> str | None:
    """A SHACL property path in SPARQL syntax (``airoles:requirementOf|^airoles:hasSkillRequirement``), read
    by rdflib's :func:`~rdflib.extras.shacl.parse_shacl_path`; a node that is no valid path is shown as is."""
    if path is None:
        return None
    try:
        parsed = parse_shacl_path(graph, path)
    except Exception:  # a malformed path: show the node rather than fail the report
        return curie(graph, path)
    return parsed.n3(graph.namespace_manager) if not isinstance(parsed, URIRef) else curie(graph, parsed)


def value_text(graph: Graph, value: Node | None, limit: int | None = 120) -> str | None:
    """A value as Turtle would write it (CURIE for IRIs), cut to ``limit`` characters when given."""
    if value is None:
        return None
    if isinstance(value, Literal):
        text = value.n3(graph.namespace_manager)
    else:
        text = curie(graph, value)
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text)} characters)"
    return text
