"""pyoxigraph stores read through rdflib: files parsed by pyoxigraph's fast parsers, and a read-only rdflib
:class:`~rdflib.Graph` view of a store (no copy: each triple becomes rdflib terms only when it is read).

The one store wrapper of airoles: everything that reads a pyoxigraph store with rdflib's API goes through
:func:`view_graph`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.store import Store as RdflibStore
from rdflib.term import Node

from airoles_kg.core import cache, loader
from airoles_kg.core.errors import InputError
from airoles_kg.core.namespaces import bind_prefixes
from airoles_kg.core.terms import OxTerm, interning_to_rdflib, to_oxigraph

if TYPE_CHECKING:
    from rdflib.graph import _ContextType, _TriplePatternType, _TripleType

# ---------------------------------------------------------------------------------------------------------
# An rdflib view of a pyoxigraph store
# ---------------------------------------------------------------------------------------------------------


class OxigraphView(RdflibStore):
    """A read-only rdflib store over the default graph of a pyoxigraph store, plus the default graph of an
    ``extra`` store (which must not repeat the first one's triples: they would be seen twice), minus the
    triples of an ``exclude`` store.

    Use it through :func:`view_graph`. Terms are converted on the fly; IRIs are interned so that the
    thousands of triples about one node share one :class:`~rdflib.URIRef`.
    """

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(
        self,
        store: ox.Store,
        extra: ox.Store | None = None,
        exclude: ox.Store | None = None,
        key: str | None = None,
    ) -> None:
        super().__init__()
        self.sources = [store] if extra is None else [store, extra]
        self.exclude = exclude
        # A cache key (airoles_kg.core.cache) naming exactly what the view shows, when the caller has one:
        # what is derived from the view (airoles_kg.core.resolve's name indexes) may then be cached under it.
        self.key = key
        self._rdflib = interning_to_rdflib()  # a node's thousands of triples share one URIRef
        self._prefixes: dict[str, URIRef] = {}
        self._namespaces: dict[URIRef, str] = {}

    def quads(
        self,
        s: ox.NamedNode | ox.BlankNode | None = None,
        p: ox.NamedNode | None = None,
        o: OxTerm | None = None,
    ) -> Iterator[ox.Quad]:
        """The matching quads of the view's default graphs (pyoxigraph terms or None as the pattern)."""
        exclude = self.exclude
        for source in self.sources:
            for quad in source.quads_for_pattern(s, p, o, ox.DefaultGraph()):
                if exclude is None or quad not in exclude:
                    yield quad

    def triples(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        try:
            s, p, o = (None if t is None else to_oxigraph(t) for t in triple_pattern)
        except TypeError:  # a term pyoxigraph cannot hold (e.g. a path) matches nothing here
            return
        if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode | None):
            return  # a literal subject or a non-IRI predicate: nothing in a store matches
        convert = self._rdflib
        for quad in self.quads(s, p, o):
            yield (convert(quad.subject), convert(quad.predicate), convert(quad.object)), iter(())

    def pairs(self, predicate: URIRef) -> Iterator[tuple[Node, Node]]:
        """(subject, object) of the view's triples with ``predicate``, as rdflib terms (see :func:`pairs`)."""
        convert = self._rdflib
        for quad in self.quads(None, ox.NamedNode(predicate), None):
            yield convert(quad.subject), convert(quad.object)

    def string_pairs(self, predicate: URIRef) -> Iterator[tuple[str, str]]:
        """(subject, object) of the view's triples with ``predicate``, as strings (see
        :func:`string_pairs`)."""
        for quad in self.quads(None, ox.NamedNode(predicate), None):
            s, o = quad.subject, quad.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                raise TypeError(f"cannot convert {quad!r} to an rdflib triple")  # as to_rdflib would
            yield s.value, o.value

    def texts(self, predicate: URIRef) -> Iterator[tuple[str, str, str | None]]:
        """(subject, text, language) of the view's literal values of ``predicate`` (see :func:`texts`)."""
        for quad in self.quads(None, ox.NamedNode(predicate), None):
            subject, value = quad.subject, quad.object
            if type(value) is ox.Literal and not isinstance(subject, ox.Triple):
                yield subject.value, value.value, value.language

    def texts_of(self, subject: URIRef, predicate: URIRef) -> Iterator[tuple[str, str | None]]:
        """(text, language) of the view's literal values of ``predicate`` on ``subject`` (see
        :func:`texts_of`)."""
        for quad in self.quads(ox.NamedNode(subject), ox.NamedNode(predicate), None):
            value = quad.object
            if type(value) is ox.Literal:
                yield value.value, value.language

    def __len__(self, context: _ContextType | None = None) -> int:
        return sum(1 for _ in self.quads())

    def bind(self, prefix: str, namespace: str, override: bool = True, replace: bool = False) -> None:
        namespace = URIRef(str(namespace))
        if not override and (prefix in self._prefixes or namespace in self._namespaces):
            return
        old = self._prefixes.pop(prefix, None)
        if old is not None:
            self._namespaces.pop(old, None)
        self._namespaces.pop(namespace, None)
        self._prefixes[prefix] = namespace
        self._namespaces[namespace] = prefix

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: str) -> str | None:
        return self._namespaces.get(URIRef(str(namespace)))

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._prefixes.items())

    def add(self, triple: _TripleType, context: _ContextType | None = None, quoted: bool = False) -> None:
        raise TypeError("this graph is a read-only view of a pyoxigraph store")

    def remove(self, triple: _TriplePatternType, context: _ContextType | None = None) -> None:
        raise TypeError("this graph is a read-only view of a pyoxigraph store")


def view_graph(
    store: ox.Store, extra: ox.Store | None = None, exclude: ox.Store | None = None, key: str | None = None
) -> Graph:
    """An rdflib :class:`~rdflib.Graph` reading ``store``'s default graph (and ``extra``'s, minus
    ``exclude``'s), airoles prefixes bound. Read-only: adding or removing triples raises ``TypeError``.
    Not for pyshacl (which wants plain in-memory rdflib graphs). ``key``: a cache key naming exactly what
    the view shows (see :class:`OxigraphView`)."""
    return bind_prefixes(Graph(store=OxigraphView(store, extra, exclude, key)))


def pairs(graph: Graph, predicate: URIRef) -> Iterator[tuple[Node, Node]]:
    """``graph.subject_objects(predicate)``, read straight from the store when ``graph`` is a view.

    The scans of a whole graph by predicate (the rules' facts, the career index) read millions of triples
    from a large catalogue: through rdflib's generators each triple passes four of them and has its three
    terms converted; here only the subject and the object are, in one loop.
    """
    store = graph.store
    if isinstance(store, OxigraphView):
        return store.pairs(predicate)
    return graph.subject_objects(predicate)


def string_pairs(graph: Graph, predicate: URIRef) -> Iterator[tuple[str, str]]:
    """``(str(s), str(o))`` for ``graph.subject_objects(predicate)``: an IRI as itself, a blank node as its
    identifier, a literal as its lexical form, for readers that keep nodes as strings (the career index).

    Through a view the strings are read from pyoxigraph's terms as they are: no rdflib term is made, or
    copied by ``str()`` (the career index of 30,000 roles: 29–34 s → 26–27 s).
    """
    store = graph.store
    if isinstance(store, OxigraphView):
        return store.string_pairs(predicate)
    return ((str(s), str(o)) for s, o in graph.subject_objects(predicate))


def texts(graph: Graph, predicate: URIRef) -> Iterator[tuple[str, str, str | None]]:
    """(subject as in :func:`string_pairs`, lexical form, language or None) of every literal value of
    ``predicate`` in ``graph``.

    What the readers of labels and excerpts need, without building an rdflib :class:`~rdflib.Literal` for
    each (the costliest part of reading the labels of a large catalogue through a view).
    """
    store = graph.store
    if isinstance(store, OxigraphView):
        return store.texts(predicate)
    return (
        (str(s), str(o), o.language) for s, o in graph.subject_objects(predicate) if isinstance(o, Literal)
    )


def texts_of(graph: Graph, subject: URIRef, predicate: URIRef) -> Iterator[tuple[str, str | None]]:
    """(lexical form, language or None) of every literal value of ``predicate`` on ``subject``: what
    :func:`texts` gives for one subject, looked up directly (a few values of each of a few thousand nodes,
    in a graph of millions of labels), without an rdflib term for the subject's triples."""
    store = graph.store
    if isinstance(store, OxigraphView):
        return store.texts_of(subject, predicate)
    return ((str(o), o.language) for o in graph.objects(subject, predicate) if isinstance(o, Literal))


# ---------------------------------------------------------------------------------------------------------
# Loading files into a store
# ---------------------------------------------------------------------------------------------------------


class LineTooLong(InputError):
    """A file rdflib reads but pyoxigraph cannot: one line longer than its parser's 16 MiB buffer."""


def load_files(
    files: Iterable[str | os.PathLike[str]], store: ox.Store | None = None, *, bulk: bool = False
) -> ox.Store:
    """Parse RDF files into ``store`` (a new in-memory store by default) with pyoxigraph's parsers.

    A file pyoxigraph rejects is read again by :mod:`airoles_kg.core.loader`, whose :class:`InputError` names
    the file, line and column (the same messages as everywhere else); nothing of it is added then.
    ``bulk``: through pyoxigraph's bulk loader (an on-disk store being built: it streams the files and writes
    its tables directly, instead of one transaction per file).
    """
    store = ox.Store() if store is None else store
    add = store.bulk_load if bulk else store.load
    for f in files:
        path = Path(f)
        fmt = loader.format_for(path)
        if not path.is_file():
            loader.parse_rdf_file(path)  # raises the loader's message (missing, directory, ...)
        try:
            base = path.resolve().as_uri()
            if loader.starts_with_bom(path):  # pyoxigraph refuses it: give it the bytes after it
                data = path.read_bytes()[len(loader.UTF8_BOM) :]
                add(data, format=loader.OX_FORMATS[fmt], base_iri=base)
            else:
                add(path=str(path), format=loader.OX_FORMATS[fmt], base_iri=base)
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError, MemoryError) as exc:
            loader.parse_rdf_file(path, format=fmt)  # raises InputError with the line and column
            if isinstance(exc, MemoryError):  # pyoxigraph buffers at most 16 MiB of one line
                raise LineTooLong(f"{path}: a line is longer than pyoxigraph reads (16 MiB): {exc}") from exc
            raise InputError(f"{path}: pyoxigraph cannot read it: {exc}") from exc
    return store


# ---------------------------------------------------------------------------------------------------------
# On-disk stores in the cache
# ---------------------------------------------------------------------------------------------------------

COMPLETE = "COMPLETE"  # the marker file of a finished on-disk store (its text: what the builder noted)


def open_persisted(directory: Path) -> tuple[ox.Store, str] | None:
    """The finished on-disk store at ``directory`` opened read-only, with its marker's text; None when there
    is none, or it is unfinished or unreadable (the caller builds it again: a cache is never trusted)."""
    try:
        note = (directory / COMPLETE).read_text(encoding="ascii")
        return ox.Store.read_only(str(directory)), note
    except (OSError, UnicodeDecodeError):
        return None


def persist(
    directory: Path, fill: Callable[[ox.Store], bool | None], note: str | Callable[[], str] = ""
) -> ox.Store:
    """Build an on-disk store at ``directory`` with ``fill`` (aside, then renamed into place: see
    :func:`airoles_kg.core.cache.build_directory`, so a reader never opens a half-built store and an error in
    ``fill`` leaves nothing) and return it opened read-only. ``note``: what :func:`open_persisted` reads back
    (or a function giving it once ``fill`` is done). ``fill`` returns False to abandon the build: the
    database is closed, what it wrote removed, and :class:`BuildAbandoned` raised."""
    with cache.build_directory(directory) as building:
        disk = ox.Store(str(building))
        if fill(disk) is False:
            del disk  # closed before its directory is removed (RocksDB would write into it again)
            raise BuildAbandoned(f"{directory}: the build was abandoned")
        disk.flush()
        del disk  # closes the database before it is renamed
        (building / COMPLETE).write_text(note() if callable(note) else note, encoding="ascii")
    return ox.Store.read_only(str(directory))


class BuildAbandoned(Exception):
    """The ``fill`` of :func:`persist` gave the build up (nothing of it is left)."""


# ---------------------------------------------------------------------------------------------------------
# pyoxigraph output
# ---------------------------------------------------------------------------------------------------------


def serialized(data: bytes | None) -> bytes:
    """The bytes of a pyoxigraph ``serialize()`` called without ``output``: they are returned then, but the
    stubs declare ``bytes | None`` for every call (None is what a call given an ``output`` returns)."""
    if data is None:
        raise TypeError("serialize() was given an output: it returned no bytes")
    return data
