"""Literal helpers of role profiles: language-tagged texts and single values read from a graph.

A :data:`Text` maps a language tag to one string, a :data:`Texts` to several; :func:`pick` chooses the one
to show. :func:`text_of` and :func:`texts_of` read them with direct triple look-ups, and the private helpers
read one value of a property as a string, a ``Decimal`` or integers (:mod:`airoles_kg.profiles.reader` uses
them).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

Text = dict[str, str]
"""Language tag -> text (``""`` for a literal without language). One value per language."""
Texts = dict[str, list[str]]
"""Language tag -> texts, for properties that may repeat (alternative labels, excerpts, notes)."""


# ---------------------------------------------------------------------------------------------------------
# Literal helpers
# ---------------------------------------------------------------------------------------------------------


def pick(text: Text, lang: str = "fr") -> str | None:
    """The value of ``text`` in ``lang``, else English, else French, else untagged, else any."""
    for wanted in (lang, "en", "fr", ""):
        if wanted in text:
            return text[wanted]
    return next(iter(text.values()), None) if text else None


def text_of(graph: Graph, node: Node, *props: URIRef) -> Text:
    """One string per language from the first of ``props`` that has it (smallest value when several)."""
    result: Text = {}
    for prop in props:
        for value in sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal)):
            result.setdefault(value.language or "", str(value))
    return result


def texts_of(graph: Graph, node: Node, *props: URIRef) -> Texts:
    """Every string of ``props`` per language, sorted, without repeats."""
    result: Texts = {}
    for prop in props:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                bucket = result.setdefault(value.language or "", [])
                if str(value) not in bucket:
                    bucket.append(str(value))
    for bucket in result.values():
        bucket.sort()
    return result


def _merge_texts(into: Texts, more: Texts) -> None:
    for lang, values in more.items():
        bucket = into.setdefault(lang, [])
        bucket += [v for v in values if v not in bucket]


def _first_literal(graph: Graph, node: Node, prop: URIRef) -> Literal | None:
    values = sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal))
    return values[0] if values else None


def _str(graph: Graph, node: Node, prop: URIRef) -> str | None:
    value = _first_literal(graph, node, prop)
    return str(value) if value is not None else None


def _decimal(graph: Graph, node: Node, prop: URIRef) -> Decimal | None:
    value = _first_literal(graph, node, prop)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = _decimal(graph, node, prop)
    return int(value) if value is not None else None


def _ints(graph: Graph, node: Node, prop: URIRef) -> list[int]:
    out: set[int] = set()
    for value in graph.objects(node, prop):
        try:
            out.add(int(Decimal(str(value))))
        except ArithmeticError:
            continue
    return sorted(out)
