"""Name resolution: turn what a user types (a label, an IRI or a CURIE) into a node of the graph.

Labels match in any language, ignoring case, accents, apostrophe styles and extra spaces, and
alternative labels count. The same normalisation is used everywhere a name is compared.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.stores.memory import Memory

from airoles_kg.core import cache
from airoles_kg.core.classes import instances
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.search import LABEL_PROPERTIES as LABEL_PROPERTIES  # re-exported
from airoles_kg.core.search import SearchIndex
from airoles_kg.core.store import OxigraphView, texts_of
from airoles_kg.core.text import normalise as normalise  # re-exported: the one normalisation

AMBIGUOUS_SHOWN = 8  # candidates listed for an ambiguous name
# The last part of our IRIs (role/data-scientist): what the explorer's addresses carry (?role=data-scientist),
# so that a name copied from one of them works in a command too.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class NameIndex:
    """Normalised labels of a set of candidate nodes, built once and reused for many look-ups."""

    by_name: dict[str, set[URIRef]] = field(default_factory=dict)
    display: dict[URIRef, str] = field(default_factory=dict)
    _words: SearchIndex | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, graph: Graph, candidates: Iterable[URIRef]) -> NameIndex:
        """Index every label, prefLabel and altLabel of ``candidates``; each is shown by its
        :func:`label`.

        The label values of each candidate are read once, straight from the store behind a view
        (:func:`airoles_kg.core.store.texts_of`), and :func:`label` is answered from them: a fresh
        ``airoles query --data`` over 3,000 roles spent 1.7 s reading each role's labels twice through
        rdflib's triple patterns, an rdflib term made for every part of every triple."""
        index = cls()
        for node in candidates:
            values: dict[URIRef, list[tuple[str, str | None]]] = {}
            for prop in LABEL_PROPERTIES:
                found = values[prop] = list(texts_of(graph, node, prop))
                for text, _ in found:
                    index.by_name.setdefault(normalise(text), set()).add(node)
            shown = _label_of(values, "fr")
            index.display[node] = shown if shown is not None else graph.namespace_manager.normalizeUri(node)
        return index

    @classmethod
    def from_names(cls, entries: dict[str, tuple[str, list[str]]]) -> NameIndex:
        """An index of nodes named outside an rdflib graph: IRI -> (display label, every name it answers
        to)."""
        index = cls()
        for iri, (display, names) in entries.items():
            node = URIRef(iri)
            for name in names:
                index.by_name.setdefault(normalise(name), set()).add(node)
            index.display[node] = display
        return index

    def __getstate__(self) -> dict[str, object]:
        """What is pickled (a stored graph's names are cached): the names, not the word index built from
        them on first use."""
        return {**self.__dict__, "_words": None}

    def find(self, name: str, kind: str = "entity") -> URIRef:
        """The one node called ``name`` (normalised as :func:`normalise`), else the one whose IRI ends with
        ``/name`` when ``name`` is written as a slug (``data-scientist``); :class:`AirolesError` (exit 2)
        when no node or several are: an ambiguous name lists its candidates, an unknown one the closest."""
        matches = self.by_name.get(normalise(name), set())
        if len(matches) == 1:
            return next(iter(matches))
        if len(matches) > 1:
            ordered = sorted(matches, key=lambda m: (normalise(self.display.get(m, "")), str(m)))
            shown = "; ".join(f"{self.display.get(m, m)} <{m}>" for m in ordered[:AMBIGUOUS_SHOWN])
            more = f" and {len(ordered) - AMBIGUOUS_SHOWN} more" if len(ordered) > AMBIGUOUS_SHOWN else ""
            raise AirolesError(
                f"ambiguous {kind} name {name!r}: it could be {shown}{more}. Use an IRI or CURIE."
            )
        slug = name.strip()
        if SLUG.match(slug):  # only on a miss: one pass over the candidates
            by_slug = [m for m in self.display if str(m).rstrip("/").rsplit("/", 1)[-1] == slug]
            if len(by_slug) == 1:
                return by_slug[0]
        suggestions = self.closest(name)
        hint = f" Closest matches: {'; '.join(suggestions)}." if suggestions else ""
        raise AirolesError(f"unknown {kind} {name!r}.{hint}")

    def closest(self, name: str, limit: int = 5) -> list[str]:
        """Display labels (with their IRI) of the candidates whose names look most like ``name``: first
        those holding its words (in any order, words missing or misspelt: :mod:`airoles_kg.core.search`),
        then those spelt alike as a whole (difflib)."""
        seen: list[URIRef] = [URIRef(hit.iri) for hit in self.words().search(name, limit=limit)]
        wanted = normalise(name)
        names = difflib.get_close_matches(wanted, list(self.by_name), n=limit * 3, cutoff=0.5)
        for candidate in names:
            for node in sorted(self.by_name[candidate]):
                if node not in seen:
                    seen.append(node)
        return [f"{self.display.get(node, node)} <{node}>" for node in seen[:limit]]

    def words(self) -> SearchIndex:
        """The same names as a word index (built on first use)."""
        if self._words is None:
            names: dict[URIRef, list[str]] = {}
            for name, nodes in sorted(self.by_name.items()):
                for node in nodes:
                    names.setdefault(node, []).append(name)
            self._words = SearchIndex()
            for node in sorted(names):
                self._words.add(str(node), "entity", {"": self.display.get(node, str(node))}, names[node])
        return self._words


def label(graph: Graph, node: URIRef, lang: str = "fr") -> str:
    """The best human label of ``node``: prefLabel then rdfs:label in ``lang``, then English, then any
    (:func:`_label_of`); else its CURIE."""
    values: dict[URIRef, list[tuple[str, str | None]]] = {}
    for prop in (SKOS.prefLabel, RDFS.label):
        if isinstance(node, URIRef):
            values[prop] = list(texts_of(graph, node, prop))
        else:  # a blank node: looked up through rdflib (a store cannot be asked by another's blank node)
            values[prop] = [(str(v), v.language) for v in graph.objects(node, prop) if isinstance(v, Literal)]
    shown = _label_of(values, lang)
    if shown is not None:
        return shown
    return graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) else str(node)


def _label_of(values: dict[URIRef, list[tuple[str, str | None]]], lang: str) -> str | None:
    """The label :func:`label` shows, chosen among a node's label values (property -> (text, language)),
    or None when there is none: skos:prefLabel, then rdfs:label; in each, ``lang``, then English, French,
    any; among several values, the first in rdflib's order of literals (untagged first, then by language
    tag, then by text)."""
    for prop in (SKOS.prefLabel, RDFS.label):
        found = values.get(prop)
        if found:
            for wanted in (lang, "en", "fr", None):
                matching = [v for v in found if wanted is None or v[1] == wanted]
                if matching:
                    return min(matching, key=lambda v: (v[1] is not None, v[1] or "", v[0]))[0]
    return None


def _as_iri(graph: Graph, name: str) -> URIRef | None:
    """``name`` as an IRI when it is written as one (``<...>``, ``http(s)://...``) or as a known CURIE."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^https?://", text):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and " " not in text and prefix and "/" not in local[:1]:
        for bound_prefix, namespace in graph.namespace_manager.namespaces():
            if bound_prefix == prefix:
                return URIRef(str(namespace) + local)
    return None


@dataclass
class _Names:
    """What resolving names in one graph needs, per class: its instances and their name index. Built on
    first use and kept with the graph (:data:`_BY_GRAPH`) while the graph keeps its size."""

    size: int
    instances: dict[URIRef | None, set[URIRef]] = field(default_factory=dict)
    indexes: dict[URIRef | None, NameIndex] = field(default_factory=dict)
    kinds: dict[URIRef | None, str] = field(default_factory=dict)
    # The cache entry of a stored graph's names (see _stored): per class, its instances and name index.
    entry: Path | None = None


# The cache entries of the names of stored graphs (airoles_kg.core.cache): a fresh `airoles query --data`
# over 3,000 roles spent 0.8 s reading the roles' labels to resolve one name, 8 s at 30,000.
_NAMES_KIND = "names"


# One entry per graph, dropped with the graph; rebuilt when the graph's size changes (triples added or
# removed). A graph whose triples change at constant size is not expected here: loaded graphs are read-only.
_BY_GRAPH: weakref.WeakKeyDictionary[Graph, _Names] = weakref.WeakKeyDictionary()


def _size(graph: Graph) -> int:
    """The graph's size where it costs nothing (rdflib's in-memory store); -1 for other stores, such as the
    read-only views of pyoxigraph stores (:mod:`airoles_kg.core.store`), whose size is a count of millions
    of triples and which cannot change anyway."""
    return len(graph) if isinstance(graph.store, Memory) else -1


def _names(graph: Graph) -> _Names:
    size = _size(graph)
    found = _BY_GRAPH.get(graph)
    if found is None or found.size != size:
        found = _BY_GRAPH[graph] = _Names(size)
        _stored(graph, found)
    return found


def _stored(graph: Graph, names: _Names) -> None:
    """Fill ``names`` from the cache when ``graph`` is a view of a stored graph whose content a cache key
    names (:class:`airoles_kg.core.store.OxigraphView` ``key``): the classes a previous run resolved names
    in, with their instances and name index. A missing or damaged entry is rebuilt, never trusted."""
    store = graph.store
    key = store.key if isinstance(store, OxigraphView) else None
    if key is None:
        return
    names.entry = cache.entry(_NAMES_KIND, cache.key(_NAMES_KIND, (), key), ".pickle")
    stored = cache.read_pickle(names.entry, dict) or {}
    for cls, value in stored.items():
        if isinstance(cls, URIRef) and isinstance(value, tuple) and len(value) == 2:
            members, index = value
            if isinstance(members, set) and isinstance(index, NameIndex):
                names.instances[cls], names.indexes[cls] = members, index


def _store(names: _Names) -> None:
    """Write the names of every class resolved so far in a stored graph (see :func:`_stored`)."""
    if names.entry is None:
        return
    stored = {
        cls: (names.instances[cls], index)
        for cls, index in names.indexes.items()
        if cls is not None and cls in names.instances
    }
    cache.write_pickle(names.entry, stored, kind=_NAMES_KIND)


def resolve(graph: Graph, name: str, cls: URIRef | None = None, index: NameIndex | None = None) -> URIRef:
    """Resolve a user-supplied ``name`` (label in any language, IRI or CURIE; for a class, also the last
    part of its IRI, as in the explorer's addresses: ``data-scientist``) to one node.

    When ``cls`` is given only instances of it (or of its subclasses) qualify. An unknown or
    ambiguous name raises :class:`AirolesError` (exit code 2) that lists the closest matches.
    The instances and the :class:`NameIndex` of each class are built once per graph and reused by later
    calls (``index`` may still be given, e.g. one built over names outside the graph).
    """
    names = _names(graph)
    if cls not in names.kinds:
        names.kinds[cls] = label(graph, cls, "en") if cls is not None else "entity"
    kind = names.kinds[cls]
    iri = _as_iri(graph, name)
    if iri is not None:
        if cls is None:
            known = (iri, None, None) in graph
        else:
            known = iri in _instances(graph, names, cls)
        if known:
            return iri
        raise AirolesError(f"unknown {kind} IRI: {iri}")
    if index is None:
        index = names.indexes.get(cls)
        if index is None:
            if cls is None:
                candidates = {s for s in graph.subjects() if isinstance(s, URIRef)}
            else:
                candidates = _instances(graph, names, cls)
            index = names.indexes[cls] = NameIndex.build(graph, candidates)
            if cls is not None:
                _store(names)
    return index.find(name, kind)


def _instances(graph: Graph, names: _Names, cls: URIRef) -> set[URIRef]:
    found = names.instances.get(cls)
    if found is None:
        found = names.instances[cls] = instances(graph, cls)
    return found
