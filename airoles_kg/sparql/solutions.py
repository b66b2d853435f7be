"""W3C SPARQL 1.1 JSON results from pyoxigraph terms: what :mod:`airoles_kg.sparql.engine` writes when a row
limit cuts a result (the endpoint cuts Oxigraph's own bytes instead: :mod:`airoles_kg.sparql.counting`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib.namespace import XSD

_XSD_STRING = str(XSD.string)


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    """One RDF term in the SPARQL 1.1 JSON results encoding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded: dict = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            encoded["datatype"] = term.datatype.value
        return encoded
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def solutions_json(variables: list[str], rows: Iterator[ox.QuerySolution] | list[ox.QuerySolution]) -> bytes:
    """SPARQL 1.1 JSON results for ``rows`` over ``variables``."""
    bindings = []
    for row in rows:
        bindings.append(
            {name: term_json(term) for name, term in zip(variables, row, strict=True) if term is not None}
        )
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode("utf-8")
