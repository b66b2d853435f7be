"""THE loader: reads the ontology and knowledge-base files into one rdflib Graph.

Every component (CLI, build, explorer, tests) loads the graph through :func:`load_graph`.
Input problems raise :class:`airoles_kg.core.errors.InputError` naming the file (and line/column for syntax
errors).

External graphs: RDF files a user brings beside airoles (an ESCO download imported by ``airoles import-esco``
lands in ``ontology/external/esco.nt``) are listed by :func:`external_files` and loaded only on request
(``load_graph(external=True)``): they are not airoles (``build``, the reasoner and ``validate`` keep to the
ontology and knowledge base) and they are big (ESCO: ~58,000 triples, ~3 s into an rdflib Graph).
"""

import json
import os
import xml.sax
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from airoles_kg.core import paths
from airoles_kg.core.errors import InputError
from airoles_kg.core.namespaces import bind_missing, bind_prefixes
from airoles_kg.core.terms import OxQuadTerm, memoised_to_rdflib

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}

_FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML", "json-ld": "JSON-LD"}


def source_files() -> list[Path]:
    """The files that make up airoles: the ontology, then ``ontology/kb/**/*.ttl`` sorted by path.

    The ontology file is always listed (loading fails with a clear error if it is missing).
    """
    files = [paths.ONTOLOGY_FILE]
    kb_dir = paths.KB_DIR
    if kb_dir.is_dir():
        files += sorted(
            (p for p in kb_dir.rglob("*.ttl") if p.is_file()), key=lambda p: p.relative_to(kb_dir).as_posix()
        )
    return files


def external_dir() -> Path:
    """``<data dir>/external/``: the graphs the user imported (e.g. ESCO), loaded beside ours on request
    (:func:`airoles_kg.core.paths.data_dir`)."""
    return paths.data_dir() / "external"


def external_files() -> list[Path]:
    """The RDF files in :func:`external_dir` (known extensions, sorted by name); ``[]`` if none."""
    directory = external_dir()
    if not directory.is_dir():
        return []
    return sorted(
        (p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in FORMAT_BY_SUFFIX),
        key=lambda p: p.name,
    )


def format_for(path: str | os.PathLike[str]) -> str:
    """The rdflib format name for a file, from its extension; InputError for unknown extensions."""
    p = Path(path)
    fmt = FORMAT_BY_SUFFIX.get(p.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMAT_BY_SUFFIX))
        raise InputError(f"{p}: unknown RDF file extension {p.suffix or '(none)'!r}; expected one of {known}")
    return fmt


UTF8_BOM = b"\xef\xbb\xbf"


def starts_with_bom(path: Path) -> bool:
    """Whether the file opens with a UTF-8 byte order mark (which pyoxigraph's parsers refuse)."""
    with open(path, "rb") as start:
        return start.read(len(UTF8_BOM)) == UTF8_BOM


def _check_is_file(path: Path) -> None:
    """InputError for a missing file or a directory (the messages every reader gives)."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected an RDF file")


def check_not_empty(path: Path) -> None:
    """InputError when ``path`` is missing, a directory, or holds nothing but white space (read only when
    small: a large file is not read here)."""
    _check_is_file(path)
    size = path.stat().st_size
    if size == 0 or (size < 65536 and not path.read_bytes().removeprefix(UTF8_BOM).strip()):
        raise InputError(f"{path}: file is empty")


def _read_utf8(path: Path) -> bytes:
    """Read a file, checking it exists, is a regular file, is non-empty and is valid UTF-8."""
    _check_is_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if data.startswith(UTF8_BOM):  # written by some Windows editors; riot and rapper accept it too
        data = data[len(UTF8_BOM) :]
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}:{line}:{col}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    return data


def _line_text(data: bytes, line: int) -> str:
    lines = data.decode("utf-8").splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _syntax_error(path: Path, fmt: str, data: bytes, exc: Exception) -> InputError:
    """Turn a parser exception into an InputError naming file, line and (where known) column."""
    what = _FORMAT_NAMES.get(fmt, fmt)
    line: int | None = None
    col: int | None = None
    reason = str(exc).strip() or type(exc).__name__
    if isinstance(exc, BadSyntax):
        text: bytes | str = exc._str  # the whole document as parsed
        i = exc._i
        line = exc.lines + 1
        line_start = (text.rfind(b"\n", 0, i) if isinstance(text, bytes) else text.rfind("\n", 0, i)) + 1
        col = i - line_start + 1
        reason = exc._why
    elif isinstance(exc, xml.sax.SAXParseException):
        column = exc.getColumnNumber()  # None when the parser does not know it
        line, col = exc.getLineNumber(), None if column is None else column + 1
        reason = exc.getMessage()
    elif isinstance(exc, json.JSONDecodeError):
        line, col, reason = exc.lineno, exc.colno, exc.msg
    elif fmt == "nt":
        line = _first_bad_ntriples_line(data)
    where = f"{path}:{line}:{col}" if line and col else f"{path}:{line}" if line else f"{path}"
    message = f"{where}: invalid {what}: {reason}"
    snippet = _line_text(data, line) if line else ""
    if snippet:
        message += f"\n    {snippet[:200]}"
    return InputError(message)


def _first_bad_ntriples_line(data: bytes) -> int | None:
    """N-Triples is line-based and rdflib's error does not say where: find the first line that fails."""
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith(b"#"):
            continue
        try:
            Graph().parse(data=raw + b"\n", format="nt")
        except Exception:
            return number
    return None


# From this size, N-Triples and Turtle are parsed by pyoxigraph (measured on a 94 MB catalogue of 617,584
# triples: 9.7 s including the conversion to rdflib terms, against 14.5 s for rdflib's parser). Smaller files
# keep rdflib's parser: the difference is milliseconds there.
FAST_PARSE_FROM = 1_000_000  # bytes
_FAST_FORMATS = ("nt", "turtle")
# Our format names (FORMAT_BY_SUFFIX) -> pyoxigraph's parsers, for every module that parses with pyoxigraph.
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class FastParse:
    """What :func:`parse_into` says of a file pyoxigraph's parser read."""

    blank_nodes: bool  # whether the file has a blank node (each parse of it names them anew)


def parse_into(graph: Graph, path: str | os.PathLike[str], format: str | None = None) -> FastParse | None:
    """Add one RDF file to ``graph`` (format from the extension unless given), as :func:`parse_rdf_file`
    reads it; the InputErrors of :func:`parse_rdf_file`.

    Returns a :class:`FastParse` when pyoxigraph's parser read the file (a large N-Triples or Turtle file,
    see :data:`FAST_PARSE_FROM`: a caller that loads the same file into a pyoxigraph store learns whether
    the store's blank nodes are the graph's), else None (rdflib's parser read it).
    """
    path = Path(path)
    _check_is_file(path)
    fmt = format or format_for(path)  # after the checks above: a directory has no "unknown extension"
    if _read_fast(path, fmt):
        parsed = _parse_fast(graph, path, fmt)
        if parsed is not None:
            return parsed
    data = _read_utf8(path)
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated exception types for bad input
        raise _syntax_error(path, fmt, data, exc) from exc
    return None


def _read_fast(path: Path, fmt: str) -> bool:
    """Whether pyoxigraph's parser reads the file first: a large N-Triples or Turtle file (see
    :data:`FAST_PARSE_FROM`) that does not open with a byte order mark (rdflib's path strips it)."""
    return fmt in _FAST_FORMATS and path.stat().st_size >= FAST_PARSE_FROM and not starts_with_bom(path)


def fast_format(path: str | os.PathLike[str], format: str | None = None) -> ox.RdfFormat | None:
    """pyoxigraph's format for the file when :func:`parse_into` reads it with pyoxigraph's parser first
    (it then returns a :class:`FastParse`), else None (also for a path that is no readable file:
    :func:`parse_into` reports that). Its base IRI is :func:`base_iri`."""
    path = Path(path)
    try:
        fmt = format or format_for(path)
        return OX_FORMATS[fmt] if path.is_file() and _read_fast(path, fmt) else None
    except (InputError, OSError):
        return None


def base_iri(path: str | os.PathLike[str]) -> str:
    """The base IRI a file is parsed with: its ``file:`` URI."""
    return Path(path).resolve().as_uri()


def parse_rdf_file(path: str | os.PathLike[str], format: str | None = None) -> Graph:
    """Parse one RDF file into a new Graph (format from the extension unless given).

    Raises InputError for a missing file, a directory, an unknown extension, an empty file,
    non-UTF-8 bytes or a syntax error (the message names the file, and the line and column where known).
    """
    graph = bind_prefixes(Graph())
    parse_into(graph, path, format)
    return graph


def _parse_fast(graph: Graph, path: Path, fmt: str) -> FastParse | None:
    """Add a large N-Triples or Turtle file to ``graph`` through pyoxigraph's parser, with the file's
    prefixes bound.

    None, with nothing added, when pyoxigraph rejects the file: rdflib's parser then reads it, so that an
    error is reported the usual way (file, line, column) and what rdflib accepts is still accepted.
    """
    seen: dict[OxQuadTerm, Node] = {}
    term = memoised_to_rdflib(seen)
    try:
        parser = ox.parse(path=path, format=OX_FORMATS[fmt], base_iri=base_iri(path))
        # Each quad converted as it is read (none kept: 617,000 of them at 3,000 roles), the triples added
        # only once the whole file has parsed.
        triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in parser]
        prefixes = parser.prefixes
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError, MemoryError):
        # MemoryError: pyoxigraph's parser buffers at most 16 MiB per line; rdflib has no such limit.
        return None
    # Straight to the store: what Graph.addN does, without its per-triple checks (terms made here).
    graph.store.addN((s, p, o, graph) for s, p, o in triples)
    bind_missing(graph, prefixes.items())
    return FastParse(blank_nodes=any(type(node) is BNode for node in seen.values()))


def load_graph(extra_files: Iterable[str | os.PathLike[str]] = (), external: bool = False) -> Graph:
    """Merge :func:`source_files` (then ``extra_files``) into one Graph with the airoles prefixes bound.

    ``external``: also load the :func:`external_files` (an imported ESCO graph, ...), when there are any.
    """
    graph = Graph()
    for path in [*source_files(), *(Path(p) for p in extra_files)]:
        parse_into(graph, path)
    for path in external_files() if external else ():
        parse_into(graph, path)
    return bind_prefixes(graph)
