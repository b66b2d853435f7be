"""Terms cross the rdflib / pyoxigraph boundary unchanged (the release and the query engine rely on it)."""

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from airoles_kg.core.terms import to_oxigraph, to_rdflib

TERMS = [
    URIRef("https://w3id.org/airoles/id/role/chef-de-projet-ia"),
    BNode("b0"),
    Literal("chef de projet IA", lang="fr"),
    Literal("10", datatype=XSD.decimal),  # the lexical form must survive: not 10.0
    Literal("1", datatype=XSD.positiveInteger),
    Literal("plain"),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_round_trip_keeps_the_term_exactly(term):
    back = to_rdflib(to_oxigraph(term))
    assert back == term and type(back) is type(term)
    if isinstance(term, Literal):
        assert str(back) == str(term) and back.datatype == term.datatype and back.language == term.language


def test_xsd_string_reads_as_a_plain_literal():
    assert to_rdflib(ox.Literal("x", datatype=ox.NamedNode(str(XSD.string)))) == Literal("x")


def test_malformed_iri_is_refused():
    with pytest.raises(ValueError):
        to_oxigraph(URIRef("not an iri"))
