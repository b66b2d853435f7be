"""Build the distributable artefacts under ``dist/``.

:func:`build_artifacts` is the one entry point; it returns the files it wrote. To add an artefact, add a
writer to :data:`WRITERS`: a function ``(graph, out_dir) -> list[Path]`` writing via
:mod:`airoles_kg.core.atomic`.
"""

import os
from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Graph

from airoles_kg.core import paths
from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import bind_prefixes
from airoles_kg.export import rdf as export_rdf
from airoles_kg.export.release import RELEASE_WRITERS, write_checksums
from airoles_kg.export.void import write_description

MERGED_TTL = "airoles.ttl"


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` whose blank nodes have content-derived labels, so serializations are reproducible.

    Returns ``graph`` itself when it has no blank nodes. (RDFC-1.0 through pyoxigraph: see
    :func:`airoles_kg.export.rdf.canonical_graph`.)
    """
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    return export_rdf.canonical_graph(graph)


def serialize_turtle(graph: Graph) -> bytes:
    """Deterministic Turtle: same triples in, same bytes out (sorted output, canonical blank nodes).

    Written by :mod:`airoles_kg.export.rdf` (pyoxigraph), which keeps every literal's lexical form.
    """
    return export_rdf.serialize(graph, "turtle")


def write_merged_turtle(graph: Graph, out_dir: Path) -> list[Path]:
    """``<out_dir>/airoles.ttl``: ontology + knowledge base in one Turtle file."""
    return [atomic_write_bytes(out_dir / MERGED_TTL, serialize_turtle(bind_prefixes(graph)))]


WRITERS: list[Callable[[Graph, Path], list[Path]]] = [write_merged_turtle, *RELEASE_WRITERS]


def build_artifacts(out_dir: str | os.PathLike[str] | None = None, graph: Graph | None = None) -> list[Path]:
    """Load the graph (unless given) and write every artefact into ``out_dir`` (default ``dist/``).

    Returns the written files, in order; the last is ``SHA256SUMS``, the checksums of all the others.
    """
    target = Path(out_dir) if out_dir is not None else paths.DIST_DIR
    if graph is None:
        graph = load_graph()
    written: list[Path] = []
    for writer in WRITERS:
        written += writer(graph, target)
    written += write_description(graph, written, target)  # the dumps' sizes and checksums: after them
    written += write_checksums(written, target)
    return written
