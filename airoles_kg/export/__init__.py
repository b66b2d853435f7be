"""Exports of the knowledge graph for other systems: RDF serializations, schema.org JSON-LD, CSV tables.

:func:`render` turns a graph into the bytes of one format (a dict of file name -> bytes for ``csv``, which
is a folder); :func:`write_export` writes them atomically. The release artefacts of ``airoles build`` are in
:mod:`airoles_kg.export.release`.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.errors import AirolesError
from airoles_kg.export.folder import atomic_write_folder
from airoles_kg.export.rdf import RDF_FORMATS, serialize
from airoles_kg.export.schemaorg import serialize_schemaorg
from airoles_kg.export.tables import TABLES, csv_tables

FORMATS: dict[str, str] = {
    "turtle": "the whole graph as Turtle",
    "ntriples": "the whole graph as N-Triples",
    "rdfxml": "the whole graph as RDF/XML",
    "jsonld": "the whole graph as JSON-LD (prefix map inlined as @context)",
    "schemaorg": "roles as schema.org Occupations (JSON-LD, context inline)",
    "csv": "a folder of CSV tables (roles, role_skills, missions, transitions, salaries, ...)",
    "csv-excel": "the same CSV tables for spreadsheets: a UTF-8 byte order mark, ';' between fields, CRLF "
    "(Excel in French and other ';' locales)",
}
FOLDER_FORMATS = ("csv", "csv-excel")
LANGS = ("fr", "en")


def check_format(fmt: str) -> None:
    """AirolesError (exit 2) naming the known formats when ``fmt`` is not one of them."""
    if fmt not in FORMATS:
        raise AirolesError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")


def render(graph: Graph, fmt: str, lang: str = "fr") -> bytes | dict[str, bytes]:
    """The export of ``graph`` in ``fmt``: bytes, or file name -> bytes for a folder format."""
    check_format(fmt)
    if lang not in LANGS:
        raise AirolesError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}")
    if fmt in RDF_FORMATS:
        return serialize(graph, fmt)
    if fmt == "schemaorg":
        return serialize_schemaorg(graph, lang)
    return csv_tables(graph, spreadsheet=fmt == "csv-excel")


def is_table_file(path: Path) -> bool:
    """A file a CSV export may replace: one of the tables it writes."""
    return path.name in {f"{name}.csv" for name in TABLES}


def write_export(data: bytes | dict[str, bytes], out: str | os.PathLike[str]) -> list[Path]:
    """Write rendered data atomically to ``out`` (a file, or a folder for a dict); returns the files."""
    if isinstance(data, dict):
        return atomic_write_folder(out, data, replaceable=is_table_file)
    target = Path(out)
    if target.is_dir():
        raise AirolesError(f"cannot write {target}: it is a directory; give a file name")
    return [atomic_write_bytes(target, data)]
