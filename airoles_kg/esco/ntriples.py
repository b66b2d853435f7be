"""The graph an import writes, as N-Triples lines, and writing it (sorted, optionally gzipped, atomically).

The converter adds lines to a :class:`TripleSet` (a set: a row repeated, or the same fact read from two
languages' files, adds nothing). Labels are gathered per concept and language and written at the end, so that
each concept has at most one ``skos:prefLabel`` per language (the one of its own table wins over a collection
file's) and its alternative and hidden labels are disjoint from it, as SKOS requires.

Lines are built as text rather than through an RDF library: building an rdflib Graph of the same triples
and serialising it takes three to four times as long as the whole import (``scripts/bench_esco.py``), and
sorting the lines gives byte-identical output for the same input.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.namespaces import ESCO_BASE

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _skos(name: str) -> str:
    return f"<{SKOS}{name}>"


CONCEPT = _skos("Concept")
CONCEPT_SCHEME = _skos("ConceptScheme")
COLLECTION = _skos("Collection")
PREF_LABEL = _skos("prefLabel")
ALT_LABEL = _skos("altLabel")
HIDDEN_LABEL = _skos("hiddenLabel")
NOTATION = _skos("notation")
DEFINITION = _skos("definition")
SCOPE_NOTE = _skos("scopeNote")
IN_SCHEME = _skos("inScheme")
BROADER = _skos("broader")
BROADER_TRANSITIVE = _skos("broaderTransitive")
MEMBER = _skos("member")
# What --compact leaves out: the long texts and the search-only labels (about half of the full graph) —
# but for the occupations' descriptions, which a role card and an export show beside the mapped occupation.
LONG_TEXTS = frozenset({DEFINITION, SCOPE_NOTE})
KEPT_TEXTS_OF = f"{ESCO_BASE}occupation/"  # subjects whose definition --compact keeps

# An absolute IRI as N-Triples accepts it (IRIREF: no space, control character or <>"{}|^`\).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# The canonical N-Triples escapes (RDF 1.2): ECHAR for \b \t \n \f \r " \\, UCHAR for the other controls.
_ESCAPES = {
    ord(c): e
    for c, e in zip('\b\t\n\f\r"\\', ("\\b", "\\t", "\\n", "\\f", "\\r", '\\"', "\\\\"), strict=True)
}
_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _ESCAPES})


def is_iri(value: str) -> bool:
    """Whether ``value`` can be written as an IRI (absolute, no character N-Triples forbids)."""
    return _IRI.fullmatch(value) is not None


def literal(text: str, language: str | None = None) -> str:
    """``text`` as an N-Triples literal, language-tagged when ``language`` is given."""
    quoted = '"' + text.translate(_ESCAPES) + '"'
    return f"{quoted}@{language}" if language else quoted


class TripleSet:
    """The triples of an import, as N-Triples lines, with the labels gathered per concept and language."""

    def __init__(self, compact: bool = False) -> None:
        self.compact = compact
        self.lines: set[str] = set()
        # (iri, language) -> (rank, label): the lowest rank wins, then the first read.
        self._pref: dict[tuple[str, str], tuple[int, str]] = {}
        self._alt: dict[tuple[str, str], set[str]] = {}
        self._hidden: dict[tuple[str, str], set[str]] = {}

    def link(self, subject: str, predicate: str, obj: str) -> str:
        """Add ``<subject> predicate <obj>`` (``predicate`` already in angle brackets); returns the line."""
        line = f"<{subject}> {predicate} <{obj}> ."
        self.lines.add(line)
        return line

    def text(self, subject: str, predicate: str, value: str, language: str | None = None) -> None:
        """Add a literal value; descriptions, definitions and scope notes are left out when compact (but for
        an occupation's description)."""
        if self.compact and predicate in LONG_TEXTS:
            if not (predicate == DEFINITION and subject.startswith(KEPT_TEXTS_OF)):
                return
        self.lines.add(f"<{subject}> {predicate} {literal(value, language)} .")

    def pref_label(self, iri: str, language: str, label: str, rank: int = 0) -> None:
        key = (iri, language)
        current = self._pref.get(key)
        if current is None or rank < current[0]:
            self._pref[key] = (rank, label)

    def alt_labels(self, iri: str, language: str, labels: set[str]) -> None:
        if labels:
            self._alt.setdefault((iri, language), set()).update(labels)

    def hidden_labels(self, iri: str, language: str, labels: set[str]) -> None:
        if labels and not self.compact:
            self._hidden.setdefault((iri, language), set()).update(labels)

    def has_pref_label(self, iri: str) -> bool:
        return any(key[0] == iri for key in self._pref)

    def sorted_lines(self) -> list[str]:
        """Every line, labels included, in code-point order (the output's order)."""
        lines = self.lines
        for (iri, language), (_, label) in self._pref.items():
            lines.add(f"<{iri}> {PREF_LABEL} {literal(label, language)} .")
        # SKOS: prefLabel, altLabel and hiddenLabel are pairwise disjoint (ESCO often repeats the preferred
        # label among the alternative ones, and an alternative one among the hidden ones).
        alts_by_key: dict[tuple[str, str], set[str]] = {}
        for key, alts in self._alt.items():
            ranked = self._pref.get(key)
            kept = alts - {ranked[1]} if ranked else alts
            alts_by_key[key] = kept
            for alt in kept:
                lines.add(f"<{key[0]}> {ALT_LABEL} {literal(alt, key[1])} .")
        for key, hidden in self._hidden.items():
            ranked = self._pref.get(key)
            kept = hidden - alts_by_key.get(key, set()) - ({ranked[1]} if ranked else set())
            for label in kept:
                lines.add(f"<{key[0]}> {HIDDEN_LABEL} {literal(label, key[1])} .")
        self._pref.clear()
        self._alt.clear()
        self._hidden.clear()
        return sorted(lines)


def serialize(lines: list[str]) -> bytes:
    """The N-Triples document of ``lines`` (already sorted), UTF-8, one triple a line."""
    if not lines:
        return b""
    return ("\n".join(lines) + "\n").encode("utf-8")


def is_gzip_path(path: str | os.PathLike[str]) -> bool:
    return Path(path).name.lower().endswith(".gz")


def write(path: str | os.PathLike[str], data: bytes) -> int:
    """Write ``data`` to ``path`` atomically, gzipped when its name ends in ``.gz``; returns the size written.

    The gzip header carries no file name and a zero time stamp, so the same graph gives the same bytes.
    """
    if is_gzip_path(path):
        data = gzip.compress(data, compresslevel=9, mtime=0)
    atomic_write_bytes(path, data)
    return len(data)
