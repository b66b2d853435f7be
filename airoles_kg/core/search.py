"""Search by words: what a person types into a search box (``chef projet``, ``ingénieur données``) matched
against every name of every node, in French and English.

:func:`airoles_kg.core.resolve.resolve` wants one exact name; a search box must be kinder. Here a query and
each name are cut into words, folded like :func:`airoles_kg.core.resolve.normalise` (case, accents,
apostrophes), and the little words of both languages (``de``, ``la``, ``of``...) are left out. A name matches
when it holds the query's words in any order; a word may be the start of a longer one (``ingé`` finds
``ingénieur``), may have a typo (``projte``), and some words of the query may be missing from the name. The
score is the share of the query's words found (a typo counts less), so ``chef projet`` ranks *chef de projet
IA* above *chargé de projet IA*.

One :class:`SearchIndex` serves the explorer's search box, the ``airoles search`` command and the closest
matches that an unknown name in any command suggests (:meth:`airoles_kg.core.resolve.NameIndex.closest`).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from airoles_kg.core.namespaces import ID_BASE, KINDS
from airoles_kg.core.text import normalise

# What names a node: its labels (shown) and alternative labels (found, not shown).
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel)
# The kinds of knowledge-base nodes a person looks for, in the order results of equal score are shown; the
# others (requirements, salaries, transitions...) are facts about these and are reached from their pages.
SEARCHED_KINDS: tuple[str, ...] = (
    "role",
    "skill",
    "sector",
    "employer",
    "orgmodel",
    "team",
    "group",
    "credential",
    "degree",
    "field",
    "provider",
    "orgkind",
    "size",
    "code",
    "board",
    "mission",
    "study",
    "source",
)

# Words that carry no meaning in a job or skill name, in both languages. "ia", "ai", "it" are kept: they
# tell an AI role from any other.
STOP_WORDS = frozenset(
    "a à au aux d de des du en et l la le les un une ou pour par sur dans avec "
    "an and as at by for in of on or the to with".split()
)
_WORD = re.compile(r"[0-9a-z]+")
MIN_SCORE = 0.5  # at least half of the query's words must be found
FUZZY_CUTOFF = 0.8  # difflib ratio for a typo (one wrong letter in a word of five)
FUZZY_WEIGHT = 0.8  # a word found only through a typo counts this much
PREFIX_WEIGHT = 0.9  # a word that only starts a longer one
MIN_PREFIX = 3  # shorter words match whole words only: "ai" must not find "airport"


def words(text: str) -> list[str]:
    """The meaningful words of ``text``, folded (``"Chef de projet IA"`` -> ``["chef", "projet", "ia"]``).
    A text made only of little words keeps them (``"à"`` is still a query)."""
    found = _WORD.findall(normalise(text).replace("'", " "))
    kept = [w for w in found if w not in STOP_WORDS]
    return kept or found


@dataclass(frozen=True)
class Hit:
    """One search result: the node, its kind, the name that matched and how well (1.0: every word)."""

    iri: str
    kind: str
    label: str
    name: str
    score: float

    def to_dict(self) -> dict[str, object]:
        """The hit as JSON-ready data."""
        return {
            "iri": self.iri,
            "kind": self.kind,
            "label": self.label,
            "name": self.name,
            "score": round(self.score, 3),
        }


@dataclass
class _Entry:
    iri: str
    kind: str
    labels: dict[str, str]
    rank: int  # the kinds' order given to the index: earlier kinds first when scores tie


@dataclass
class SearchIndex:
    """Names of nodes cut into words, with an inverted index from each word to the names holding it.

    Entries are added with :meth:`add`; :meth:`search` ranks them for a query. Kinds are free strings
    (``role``, ``skill``, ``esco-occupation``...); their order of first :meth:`add` breaks ties.
    """

    _entries: list[_Entry] = field(default_factory=list)
    # entry, name, its words, the name folded whole
    _names: list[tuple[int, str, tuple[str, ...], str]] = field(default_factory=list)
    _by_word: dict[str, list[int]] = field(default_factory=dict)  # word -> indexes into _names
    _vocabulary: list[str] = field(default_factory=list)  # sorted words, for prefixes
    _kinds: dict[str, int] = field(default_factory=dict)
    _by_iri: dict[str, int] = field(default_factory=dict)
    _seen: dict[int, set[str]] = field(default_factory=dict)  # entry -> the names already indexed
    _last: frozenset[str] = frozenset()  # kinds shown after the others (:meth:`rank_last`)

    def add(self, iri: str, kind: str, labels: dict[str, str], names: Iterable[str]) -> None:
        """Index a node: ``labels`` by language (what a result shows) and every ``name`` it answers to.
        A node added twice keeps its first kind and gains the new names."""
        if iri in self._by_iri:
            position = self._by_iri[iri]
        else:
            rank = self._kinds.setdefault(kind, len(self._kinds))
            position = self._by_iri[iri] = len(self._entries)
            self._entries.append(_Entry(iri, kind, dict(labels), rank))
        seen = self._seen.setdefault(position, set())
        for name in sorted(set(names) | set(labels.values())):
            if not name or name in seen:
                continue
            seen.add(name)
            tokens = tuple(words(name))
            if not tokens:
                continue
            number = len(self._names)
            self._names.append((position, name, tokens, normalise(name)))
            for token in set(tokens):
                self._by_word.setdefault(token, []).append(number)
        self._vocabulary = []  # rebuilt on the next search

    def rank_last(self, *kinds: str) -> None:
        """Show ``kinds`` after every other kind when scores tie, even when their names are shorter (ESCO's
        after the knowledge base's)."""
        others = [k for k in self.kinds() if k not in kinds]
        self._kinds = {kind: i for i, kind in enumerate([*others, *(k for k in kinds if k in self._kinds)])}
        self._last = frozenset(kinds)
        for entry in self._entries:
            entry.rank = self._kinds[entry.kind]

    def __len__(self) -> int:
        return len(self._entries)

    def kinds(self) -> list[str]:
        """The kinds indexed, in their order."""
        return sorted(self._kinds, key=self._kinds.__getitem__)

    def _matches(self, token: str) -> dict[str, float]:
        """Indexed words that ``token`` finds, with their weight: itself, longer words it starts, typos."""
        if not self._vocabulary:
            self._vocabulary = sorted(self._by_word)
        found: dict[str, float] = {}
        if token in self._by_word:
            found[token] = 1.0
        if len(token) >= MIN_PREFIX:
            start = bisect.bisect_left(self._vocabulary, token)
            for word in self._vocabulary[start:]:
                if not word.startswith(token):
                    break
                found.setdefault(word, PREFIX_WEIGHT)
        if not found and len(token) >= 4:
            # A typo: only when nothing matched exactly, because scanning the vocabulary costs (about
            # 30 ms for ESCO's 40,000 words).
            for word in difflib.get_close_matches(token, self._vocabulary, n=5, cutoff=FUZZY_CUTOFF):
                found[word] = FUZZY_WEIGHT
        return found

    def search(
        self, text: str, limit: int | None = 20, kinds: Iterable[str] | None = None, lang: str = "fr"
    ) -> list[Hit]:
        """Nodes whose names hold the words of ``text``, best first: by score, then whole-name matches, then
        labels before alternative labels, then kinds not ranked last, then shorter names, then the kinds'
        order, then the label in
        ``lang`` and the IRI (so the order is the same on every run). ``kinds`` keeps only those kinds;
        ``limit`` None returns every hit."""
        query = words(text)
        if not query:
            return []
        wanted_kinds = set(kinds) if kinds is not None else None
        folded = normalise(text)
        per_name: dict[int, list[float]] = {}
        for i, token in enumerate(query):
            for word, weight in self._matches(token).items():
                for number in self._by_word[word]:
                    weights = per_name.setdefault(number, [0.0] * len(query))
                    weights[i] = max(weights[i], weight)
        # Per node, its best-matching name: highest score, then the whole name typed, then a label rather
        # than an alternative label, then the shortest name.
        best: dict[int, tuple[float, int, int, int, str]] = {}
        for number, weights in per_name.items():
            score = sum(weights) / len(query)
            if score < MIN_SCORE:
                continue
            position, name, tokens, whole = self._names[number]
            entry = self._entries[position]
            if wanted_kinds is not None and entry.kind not in wanted_kinds:
                continue
            key = (
                score,
                0 if whole == folded else 1,
                0 if name in entry.labels.values() else 1,
                len(tokens),
                name,
            )
            current = best.get(position)
            if current is None or (-key[0], *key[1:]) < (-current[0], *current[1:]):
                best[position] = key
        ranked = sorted(
            best.items(),
            key=lambda item: (
                -item[1][0],
                *item[1][1:3],
                self._entries[item[0]].kind in self._last,
                item[1][3],
                self._entries[item[0]].rank,
                normalise(self._label(self._entries[item[0]], lang)),
                self._entries[item[0]].iri,
            ),
        )
        if limit is not None:
            ranked = ranked[:limit]
        return [
            Hit(entry.iri, entry.kind, self._label(entry, lang), name, score)
            for entry, (score, _, _, _, name) in ((self._entries[p], key) for p, key in ranked)
        ]

    @staticmethod
    def _label(entry: _Entry, lang: str) -> str:
        for wanted in (lang, "en", "fr"):
            if entry.labels.get(wanted):
                return entry.labels[wanted]
        return next(iter(sorted(entry.labels.values())), entry.iri)


def kind_of(iri: str) -> str | None:
    """The kind of a knowledge-base IRI (``.../id/skill/python`` -> ``skill``), else None."""
    if not iri.startswith(ID_BASE):
        return None
    kind, sep, slug = iri[len(ID_BASE) :].partition("/")
    return kind if sep and slug and "/" not in slug and kind in KINDS else None


def index_graph(
    graph: Graph, kinds: Iterable[str] = SEARCHED_KINDS, index: SearchIndex | None = None
) -> SearchIndex:
    """A :class:`SearchIndex` of the knowledge-base nodes of ``kinds`` in ``graph``, by their labels and
    alternative labels (a new index, or ``index`` extended)."""
    index = index if index is not None else SearchIndex()
    wanted = tuple(kinds)
    found: dict[str, dict[str, tuple[dict[str, str], list[str]]]] = {kind: {} for kind in wanted}
    for prop in LABEL_PROPERTIES:
        for node, value in graph.subject_objects(prop):
            if not isinstance(node, URIRef) or not isinstance(value, Literal):
                continue
            kind = kind_of(str(node))
            if kind not in found:
                continue
            labels, names = found[kind].setdefault(str(node), ({}, []))
            names.append(str(value))
            if prop != SKOS.altLabel:
                lang = value.language or ""
                if lang not in labels or str(value) < labels[lang]:  # the same label on every run
                    labels[lang] = str(value)
    for kind in wanted:
        for iri in sorted(found[kind]):
            labels, names = found[kind][iri]
            index.add(iri, kind, labels, names)
    return index
