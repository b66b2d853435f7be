"""The release artefacts ``airoles build`` writes into ``dist/`` (listed in
:data:`airoles_kg.export.build.WRITERS`).

Each writer is ``(graph, out_dir) -> list[Path]`` and writes atomically. Every file is a pure function of
the sources: sorted triples, canonical blank-node labels, no timestamps — two builds give identical bytes,
which :func:`write_checksums` records in ``SHA256SUMS`` (``sha256sum -c`` format).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Graph

from airoles_kg import __version__
from airoles_kg.core import paths
from airoles_kg.core.atomic import atomic_write_bytes, atomic_write_text
from airoles_kg.core.errors import AirolesError
from airoles_kg.export.docs_html import ontology_html
from airoles_kg.export.folder import atomic_write_folder
from airoles_kg.export.rdf import RDF_FORMATS, CanonicalGraph
from airoles_kg.export.schemaorg import serialize_schemaorg
from airoles_kg.export.tables import csv_tables

ASSERTED_STEM = "airoles"
INFERRED_STEM = "airoles-inferred"
SCHEMAORG_FILE = "airoles-schemaorg.jsonld"
CSV_DIR = "csv"
SHAPES_DIR = "shapes"
DOCS_FILE = "docs.html"
VERSION_FILE = "VERSION"
CHECKSUMS_FILE = "SHA256SUMS"


def _write_rdf(graph: Graph, out_dir: Path, stem: str, formats: list[str]) -> list[Path]:
    canonical = CanonicalGraph(graph)  # canonicalised once for all the formats
    return [
        atomic_write_bytes(out_dir / f"{stem}.{RDF_FORMATS[fmt].extension}", canonical.serialize(fmt))
        for fmt in formats
    ]


def write_asserted_rdf(graph: Graph, out_dir: Path) -> list[Path]:
    """``airoles.nt``, ``airoles.rdf``, ``airoles.jsonld`` (``airoles.ttl``: the merged-Turtle writer)."""
    return _write_rdf(graph, out_dir, ASSERTED_STEM, ["ntriples", "rdfxml", "jsonld"])


def write_inferred_rdf(graph: Graph, out_dir: Path) -> list[Path]:
    """``airoles-inferred.{ttl,nt,rdf,jsonld}``: the graph plus what the reasoner infers (cached)."""
    from airoles_kg.reasoning.inference import inferred_graph  # lazily: it pulls in the reasoner

    return _write_rdf(inferred_graph(graph), out_dir, INFERRED_STEM, list(RDF_FORMATS))


def write_schemaorg(graph: Graph, out_dir: Path) -> list[Path]:
    """``airoles-schemaorg.jsonld``: the roles as schema.org Occupations (texts in French)."""
    return [atomic_write_bytes(out_dir / SCHEMAORG_FILE, serialize_schemaorg(graph, "fr"))]


def write_csv(graph: Graph, out_dir: Path) -> list[Path]:
    """``csv/*.csv``: the tables for spreadsheets, the folder replaced as a whole."""
    tables = csv_tables(graph)
    return atomic_write_folder(out_dir / CSV_DIR, tables, replaceable=lambda p: p.suffix == ".csv")


def write_shapes(graph: Graph, out_dir: Path) -> list[Path]:
    """``shapes/*.ttl``: a copy of the SHACL shapes, to validate data against the same rules."""
    source = paths.SHAPES_DIR
    files = sorted(source.glob("*.ttl")) if source.is_dir() else []
    try:
        contents = {f.name: f.read_bytes() for f in files}
    except OSError as exc:
        raise AirolesError(f"cannot read the shapes in {source}: {exc.strerror or exc}") from exc
    if not contents:
        return []
    return atomic_write_folder(out_dir / SHAPES_DIR, contents, replaceable=lambda p: p.suffix == ".ttl")


def write_docs(graph: Graph, out_dir: Path) -> list[Path]:
    """``docs.html``: the ontology's documentation, one self-contained page."""
    return [atomic_write_text(out_dir / DOCS_FILE, ontology_html(graph))]


def write_version(graph: Graph, out_dir: Path) -> list[Path]:
    """``VERSION``: the package version the release was built with."""
    return [atomic_write_text(out_dir / VERSION_FILE, f"{__version__}\n")]


RELEASE_WRITERS = [
    write_asserted_rdf,
    write_inferred_rdf,
    write_schemaorg,
    write_csv,
    write_shapes,
    write_docs,
    write_version,
]


def checksums_text(files: list[Path], out_dir: Path) -> str:
    """``<sha256>  <path relative to out_dir>`` lines sorted by path (``sha256sum -c`` reads them)."""
    root = out_dir.resolve()
    lines: list[str] = []
    for path in sorted({f.resolve() for f in files}, key=lambda p: p.relative_to(root).as_posix()):
        relative = path.relative_to(root).as_posix()
        if relative == CHECKSUMS_FILE:
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {relative}")
    return "\n".join(lines) + "\n"


def write_checksums(files: list[Path], out_dir: Path) -> list[Path]:
    """``SHA256SUMS`` over ``files`` (the files the build wrote)."""
    return [atomic_write_text(out_dir / CHECKSUMS_FILE, checksums_text(files, out_dir))]
