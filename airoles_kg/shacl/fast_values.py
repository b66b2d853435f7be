"""Per-value tests of the fast SHACL path (:mod:`airoles_kg.shacl.fast`), each deciding as pyshacl's own
constraint component does: datatypes, patterns, languages, value ranges, ``sh:lessThan(OrEquals)`` pairs,
node kinds.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from decimal import Decimal

from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

# ---------------------------------------------------------------------------------------------------------
# Value tests, as pyshacl's own constraint components decide them
# ---------------------------------------------------------------------------------------------------------

_STRINGS = (XSD.string, RDF.langString)
_LITERAL, _DATATYPE, _XSD_STRING, _LANG_STRING = RDFS.Literal, RDFS.Datatype, XSD.string, RDF.langString
_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}


def _datatype_matches(v: Node, rule: Node) -> bool:
    """pyshacl's DatatypeConstraintComponent (literal of that datatype, not ill-typed, right Python value)."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        if getattr(v, "ill_typed", None) is True:
            return False
        return _actual_datatype(v, rule)
    if rule == _LITERAL:
        return True
    if rule == _DATATYPE and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == _XSD_STRING:
        return _actual_datatype(v, rule)
    if rule == _LANG_STRING and v.language:
        return _actual_datatype(v, rule)
    return False


def _actual_datatype(v: Literal, rule: Node) -> bool:
    expected = _PYTHON_TYPES.get(rule)
    return True if expected is None else isinstance(v.value, expected)


def _pattern_matcher(pattern: Node, flags: Node | None) -> Callable[[Node], bool]:
    """pyshacl's PatternConstraintComponent: flags i and m only; ``match`` then ``search``; no blank node."""
    re_flags = 0
    if flags is not None:
        text = str(flags.value if isinstance(flags, Literal) else flags).lower()
        re_flags |= re.I if "i" in text else 0
        re_flags |= re.M if "m" in text else 0
    source = (
        str(pattern.value)
        if isinstance(pattern, Literal) and pattern.value is not None and len(pattern.value) > 1
        else str(pattern)
    )
    matcher = re.compile(source, re_flags)

    def matches(v: Node) -> bool:
        if isinstance(v, BNode):
            return False
        if isinstance(v, Literal) and v.value is not None and (v.datatype is None or v.datatype in _STRINGS):
            text = str(v.value)
        else:
            text = str(v)
        return bool(matcher.match(text) or matcher.search(text))

    return matches


def _language_ok(v: Node, allowed: set[str]) -> bool:
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in allowed or lang in allowed or lang.split("-")[0] in allowed


def _duplicate_language(vs: AbstractSet[Node]) -> bool:
    seen: set[str] = set()
    for v in vs:
        if isinstance(v, Literal) and v.language:
            lang = str(v.language).lower()
            if lang in seen:
                return True
            seen.add(lang)
    return False


def _in_range(v: Node, p: URIRef, bound: Node) -> bool:
    """pyshacl's value-range components: literals only, strings against strings, compare_literal."""
    if not isinstance(v, Literal) or not isinstance(bound, Literal):
        return False
    if isinstance(v.value, str) != isinstance(bound.value, str):
        return False
    try:
        cmp = compare_literal(v, bound)
    except (TypeError, NotImplementedError):
        return False
    if p == SH.minInclusive:
        return cmp >= 0
    if p == SH.minExclusive:
        return cmp > 0
    if p == SH.maxInclusive:
        return cmp <= 0
    return cmp < 0


def _comparable(v: Node) -> tuple[str | Literal, bool]:
    """A node as pyshacl's sh:lessThan(OrEquals) compares it: IRIs and string literals as Python strings,
    other literals as rdflib compares them."""
    if isinstance(v, URIRef):
        return str(v), True
    if isinstance(v, Literal):
        return (v.value, True) if isinstance(v.value, str) else (v, False)
    raise TypeError(f"pyshacl refuses to compare {v!r}")  # a blank node (a value is no other kind of node)


def _ordered(v: Node, w: Node, or_equal: bool) -> bool:
    """True when pyshacl's sh:lessThan (``or_equal``: sh:lessThanOrEquals) certainly accepts the value ``v``
    against the other property's value ``w`` (the same conversions and Python comparison as pyshacl)."""
    try:
        left, left_string = _comparable(v)
        right, right_string = _comparable(w)
        if left_string != right_string:
            return False
        return bool(left <= right if or_equal else left < right)
    except Exception:  # pyshacl would raise (or decide) here: let it
        return False


def _node_kind_ok(v: Node, kind: Node) -> bool:
    kinds: dict[Node, tuple[type[Node], ...]] = {
        SH.IRI: (URIRef,),
        SH.BlankNode: (BNode,),
        SH.Literal: (Literal,),
        SH.BlankNodeOrIRI: (BNode, URIRef),
        SH.BlankNodeOrLiteral: (BNode, Literal),
        SH.IRIOrLiteral: (URIRef, Literal),
    }
    allowed = kinds.get(kind)
    return allowed is not None and isinstance(v, allowed)
