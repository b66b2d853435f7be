"""Quote, don't republish (issue 20): how much of each article the excerpts quote, and where each excerpt is.

:func:`fold` is the one comparison of an excerpt with its article (white space folded, NFC): the tests
that check excerpts are verbatim, :func:`select` and :func:`coverage` all use it.

Every fact quotes its article with a short ``airoles:excerpt`` (a sentence at most). :func:`quotations`
finds each excerpt in its article and gives it a W3C Web Annotation pointer, so that anyone holding the
article can find the sentence::

    node airoles:quotation quotation:H .
    quotation:H a oa:SpecificResource ; oa:hasSource source:X ; oa:hasSelector selector:H .
    selector:H a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .

``H`` is the first 16 hexadecimal digits of the SHA-256 of ``node IRI \\n source IRI \\n exact``: the same
excerpt of the same node in the same article keeps its IRIs from one build to the next. ``oa:exact`` is the
excerpt, white space folded; the selector matches the folded article. ``oa:prefix`` and ``oa:suffix`` are the
words just before and after the excerpt, as few as make ``prefix + exact + suffix`` occur once in the
article (none when the excerpt alone does, or when the article repeats the passage word for word; at most
:data:`CONTEXT_LIMIT` characters each, cut at word boundaries): they are quoted text too, and :func:`coverage`
counts them. ``scripts/quotations.py`` writes
:func:`quotations_turtle` to ``ontology/kb/quotations.ttl``; ``scripts/quote_coverage.py`` prints the figures.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from airoles_kg.core.namespaces import AIROLES, ID_BASE, OA

# The most characters of context (oa:prefix, oa:suffix) a selector gives on each side.
CONTEXT_LIMIT = 32
# The most words of context tried on each side before giving up on a unique match.
_CONTEXT_WORDS = 8
QUOTATION_BASE = f"{ID_BASE}quotation/"
SELECTOR_BASE = f"{ID_BASE}selector/"


def fold(text: str) -> str:
    """White space folded (the seeds wrap lines and use no-break spaces), NFC."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


@dataclass(frozen=True)
class Selector:
    """An excerpt found in its (folded) article: the words around it that make it unique, and where it is."""

    exact: str
    prefix: str
    suffix: str
    start: int  # where ``exact`` starts in the folded article

    @property
    def span(self) -> tuple[int, int]:
        """The characters of the folded article that ``prefix + exact + suffix`` covers."""
        return self.start - len(self.prefix), self.start + len(self.exact) + len(self.suffix)


def occurrences(text: str, words: str) -> int:
    """How many times ``words`` occur in ``text`` (overlapping occurrences counted)."""
    count, start = 0, text.find(words)
    while words and start >= 0:
        count += 1
        start = text.find(words, start + 1)
    return count


def _contexts(before: str, after: str) -> tuple[list[str], list[str]]:
    """The prefixes (0, 1, 2… words that end ``before``) and suffixes (that start ``after``) to try."""
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", before)][::-1]
    prefixes = [""] + [before[s:] for s in starts[:_CONTEXT_WORDS]]
    ends = [m.end() for m in re.finditer(r"\S(?!\S)", after)]
    suffixes = [""] + [after[:e] for e in ends[:_CONTEXT_WORDS]]
    return (
        [p for p in prefixes if len(p) <= CONTEXT_LIMIT],
        [s for s in suffixes if len(s) <= CONTEXT_LIMIT],
    )


def unique_context(text: str, start: int, exact: str) -> tuple[str, str] | None:
    """The shortest (prefix, suffix) around ``text[start:start + len(exact)]`` that makes the quotation occur
    once in ``text`` (fewest characters, then fewest prefix words); None when no context within
    :data:`CONTEXT_LIMIT` does (the article repeats the passage word for word)."""
    prefixes, suffixes = _contexts(text[:start], text[start + len(exact) :])
    candidates = sorted(
        ((p, s) for p in prefixes for s in suffixes),
        key=lambda ps: (len(ps[0]) + len(ps[1]), len(ps[0]), len(ps[1])),
    )
    for prefix, suffix in candidates:
        if occurrences(text, prefix + exact + suffix) == 1:
            return prefix, suffix
    return None


def select(text: str, excerpt: str) -> Selector | None:
    """A text quote selector for ``excerpt`` in the folded article ``text`` (None when it is not there).

    The excerpt's first place in the article is the one pointed at, with the context of
    :func:`unique_context`. When the article repeats the passage so that no context tells the places apart,
    the selector gives none: every place it matches says the same words.
    """
    exact = fold(excerpt)
    start = text.find(exact)
    if not exact or start < 0:
        return None
    prefix, suffix = unique_context(text, start, exact) or ("", "")
    return Selector(exact, prefix, suffix, start)


@dataclass(frozen=True)
class Quotation:
    """One excerpt of one node, found in one article."""

    node: URIRef
    source: URIRef
    selector: Selector

    @property
    def key(self) -> str:
        """The hash that names the quotation and its selector (see the module's docstring)."""
        text = f"{self.node}\n{self.source}\n{self.selector.exact}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def iri(self) -> URIRef:
        """The quotation (an oa:SpecificResource)."""
        return URIRef(QUOTATION_BASE + self.key)

    @property
    def selector_iri(self) -> URIRef:
        """Its oa:TextQuoteSelector."""
        return URIRef(SELECTOR_BASE + self.key)


def articles(graph: Graph, seeds: Path) -> dict[URIRef, tuple[str, str]]:
    """The source documents whose text is in ``seeds``: source -> (file name, folded text)."""
    found = {}
    for source in graph.subjects(RDF.type, AIROLES.SourceDocument):
        name = graph.value(source, DCTERMS.identifier)
        file = seeds / str(name) if name else None
        if isinstance(source, URIRef) and file is not None and file.is_file():
            found[source] = (file.name, fold(file.read_text(encoding="utf-8")))
    return found


def _article_excerpts(graph: Graph, source: URIRef) -> Iterable[tuple[URIRef, str]]:
    """(node, excerpt) for every French excerpt of a node derived from ``source``."""
    for node in graph.subjects(PROV.wasDerivedFrom, source):
        if not isinstance(node, URIRef):
            continue
        for excerpt in graph.objects(node, AIROLES.excerpt):
            if isinstance(excerpt, Literal) and excerpt.language == "fr":
                yield node, str(excerpt)


def quotations(graph: Graph, seeds: Path) -> list[Quotation]:
    """Every (node, article, excerpt) whose excerpt is in the article, with its selector; sorted by IRI."""
    found = set()
    for source, (_name, text) in articles(graph, seeds).items():
        for node, excerpt in _article_excerpts(graph, source):
            selector = select(text, excerpt)
            if selector is not None:
                found.add(Quotation(node, source, selector))
    return sorted(found, key=lambda q: (str(q.node), str(q.source), q.selector.exact))


def _turtle_string(text: str) -> str:
    """A Turtle short string literal (pyoxigraph's N-Triples writer, which escapes what must be)."""
    return str(ox.Literal(text))


def quotations_turtle(graph: Graph, seeds: Path) -> str:
    """``ontology/kb/quotations.ttl``: the quotations of :func:`quotations` as Turtle, a block each.

    Written by hand rather than by rdflib's serializer so that the file is stable and reads in node order.
    """
    lines = [
        "# airoles knowledge base — where each excerpt is in its article (issue 20: quote, don't republish).",
        "#",
        "# GENERATED by scripts/quotations.py from the excerpts (airoles:excerpt) of ontology/kb/*.ttl",
        "# and the articles (../shared/seeds): do not edit; change an excerpt, then run",
        "# `python scripts/quotations.py`. tests/test_quotations.py checks that this file is up to date",
        "# and that every selector matches once. Each quotation is a W3C Web Annotation specific resource:",
        "# the article (oa:hasSource) and a text quote selector (oa:exact, with the fewest words before and",
        "# after, oa:prefix and oa:suffix, that make it unique in the article, white space folded).",
        "# IRIs: the SHA-256 of node, source and exact",
        "# (airoles_kg/core/quotes.py).",
        "",
        "@prefix airoles: <https://w3id.org/airoles/> .",
        "@prefix oa: <http://www.w3.org/ns/oa#> .",
        f"@prefix quotation: <{QUOTATION_BASE}> .",
        f"@prefix selector: <{SELECTOR_BASE}> .",
        f"@prefix source: <{ID_BASE}source/> .",
        "",
    ]
    for quote in quotations(graph, seeds):
        selector = quote.selector
        source = str(quote.source)
        source_term = (
            f"source:{source.removeprefix(ID_BASE + 'source/')}"
            if source.startswith(ID_BASE + "source/")
            else f"<{source}>"
        )
        lines.append(f"<{quote.node}> airoles:quotation quotation:{quote.key} .")
        lines.append(f"quotation:{quote.key} a oa:SpecificResource ;")
        lines.append(f"    oa:hasSource {source_term} ;")
        lines.append(f"    oa:hasSelector selector:{quote.key} .")
        lines.append(f"selector:{quote.key} a oa:TextQuoteSelector ;")
        parts = [f"oa:exact {_turtle_string(selector.exact)}"]
        if selector.prefix:
            parts.append(f"oa:prefix {_turtle_string(selector.prefix)}")
        if selector.suffix:
            parts.append(f"oa:suffix {_turtle_string(selector.suffix)}")
        lines.append("    " + " ;\n    ".join(parts) + " .")
        lines.append("")
    return "\n".join(lines)


def is_quotation_triple(triple: tuple[object, object, object]) -> bool:
    """Whether a triple is one of ``quotations.ttl``'s: an ``airoles:quotation`` link, or about a quotation
    or a selector."""
    subject, predicate, _ = triple
    return predicate == AIROLES.quotation or (
        isinstance(subject, URIRef) and str(subject).startswith((QUOTATION_BASE, SELECTOR_BASE))
    )


def without_quotations(graph: Graph) -> Graph:
    """``graph`` less the triples of :func:`is_quotation_triple` (a new graph; ``graph`` is left as is).

    The reasoner is given this: the ~1,100 quotation and selector individuals entail nothing about AI jobs,
    and HermiT takes twice as long with them (7.7 s against 3.4 s here). SHACL and the rule checks still see
    them.
    """
    kept = Graph()
    for prefix, namespace in graph.namespaces():
        kept.bind(prefix, namespace, override=True)
    for triple in graph:
        if not is_quotation_triple(triple):
            kept.add(triple)
    return kept


def stored_selectors(graph: Graph, source: URIRef) -> list[tuple[URIRef, str, str, str]]:
    """The quotations of ``graph`` on ``source``: (node, prefix, exact, suffix), sorted."""
    found = set()
    for node, quotation in graph.subject_objects(AIROLES.quotation):
        if not isinstance(node, URIRef) or (quotation, OA.hasSource, source) not in graph:
            continue
        for selector in graph.objects(quotation, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if exact is None:
                continue
            prefix = graph.value(selector, OA.prefix)
            suffix = graph.value(selector, OA.suffix)
            found.add((node, str(prefix or ""), str(exact), str(suffix or "")))
    return sorted(found)


@dataclass
class Coverage:
    """One article's figures."""

    source: str
    file: str
    characters: int
    excerpts: int
    quoted: int
    context: int = 0  # of the quoted characters, those of the selectors' prefixes and suffixes

    @property
    def share(self) -> float:
        """The share of the article's characters that the excerpts and their selectors quote."""
        return self.quoted / self.characters if self.characters else 0.0


def coverage(graph: Graph, seeds: Path) -> list[Coverage]:
    """Per article (sorted by file name): how much of it the excerpts quote, with their selectors' context.

    An excerpt that has a quotation in ``graph`` covers the place its selector points at, with the selector's
    prefix and suffix; one that has none (data without ``quotations.ttl``) covers every place it occurs.
    Overlaps count once.
    """
    result = []
    for source, (name, text) in sorted(articles(graph, seeds).items(), key=lambda item: item[1][0]):
        covered = bytearray(len(text))
        context = bytearray(len(text))
        located: set[tuple[URIRef, str]] = set()
        for node, prefix, exact, suffix in stored_selectors(graph, source):
            start = text.find(prefix + exact + suffix)
            if start < 0:
                continue
            located.add((node, exact))
            covered[start : start + len(prefix) + len(exact) + len(suffix)] = b"\x01" * (
                len(prefix) + len(exact) + len(suffix)
            )
            context[start : start + len(prefix)] = b"\x01" * len(prefix)
            end = start + len(prefix) + len(exact)
            context[end : end + len(suffix)] = b"\x01" * len(suffix)
        quotes = set()
        for node, excerpt in _article_excerpts(graph, source):
            quote = fold(excerpt)
            quotes.add(quote)
            if (node, quote) in located:
                continue
            start = text.find(quote)
            while quote and start >= 0:
                covered[start : start + len(quote)] = b"\x01" * len(quote)
                start = text.find(quote, start + 1)
        result.append(Coverage(str(source), name, len(text), len(quotes), sum(covered), sum(context)))
    return result
