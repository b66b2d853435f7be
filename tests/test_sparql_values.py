"""airoles_kg.sparql.values: where the VALUES clause goes, that it cannot be used to inject SPARQL, and that
every named query gives the same answer with it as with substitutions alone."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.terms import to_oxigraph
from airoles_kg.sparql.engine import QueryEngine, bind_parameters, default_prefixes
from airoles_kg.sparql.library import named_queries
from airoles_kg.sparql.values import values_clause, where_brace, with_values

ROLE = ox.NamedNode("https://w3id.org/airoles/id/role/data-scientist")


def subs(**values: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict:
    return {ox.Variable(name): term for name, term in values.items()}


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("SELECT ?role WHERE { ?role a ?c }", "{ ?role a"),
        ("select ?role { ?role a ?c }", "{ ?role a"),
        ("ASK { ?role a ?c }", "{ ?role a"),
        ("DESCRIBE ?role WHERE { ?role a ?c }", "{ ?role a"),
        # The CONSTRUCT template is skipped; the WHERE group is the second brace.
        ("CONSTRUCT { ?role a ?c } WHERE { ?role a ?c . }", "{ ?role a ?c . }"),
        # Braces, keywords and hashes inside strings, IRIs and comments do not count.
        (
            'PREFIX x: <http://e.org/a#b>\n# WHERE { not here\nSELECT ("{" AS ?b) ?role WHERE { ?role a ?c }',
            "{ ?role a",
        ),
        ("SELECT ?role WHERE { ?role a ?c FILTER(?n < 3) }", "{ ?role a"),
        ('SELECT ?role WHERE { ?role ?p """a } "quoted" { b""" }', "{ ?role ?p"),
        # A variable named like a keyword is a variable.
        ("CONSTRUCT { ?where a ?c } WHERE { ?where a ?c }", "{ ?where a ?c }"),
    ],
)
def test_where_brace_finds_the_top_level_where_group(text: str, marker: str) -> None:
    position = where_brace(text)
    assert position is not None
    assert position == text.rindex(marker) if text.startswith("CONSTRUCT") else text.index(marker)


@pytest.mark.parametrize(
    "text",
    [
        "CONSTRUCT WHERE { ?role a ?c }",  # the short form allows triples only
        "INSERT DATA { <a:b> <a:c> <a:d> }",  # an update: not ours to touch
        "# only a comment",
        "",
    ],
)
def test_no_place_for_a_values_clause_leaves_the_text_alone(text: str) -> None:
    assert with_values(text, subs(role=ROLE)) is text


def test_values_clause_is_written_by_pyoxigraph_and_skips_blank_nodes() -> None:
    clause = values_clause(subs(role=ROLE, name=ox.Literal('x" } UNION { ?s ?p ?o } #', language="fr")))
    assert clause == (
        "VALUES (?role ?name) { (<https://w3id.org/airoles/id/role/data-scientist> "
        '"x\\" } UNION { ?s ?p ?o } #"@fr) }'
    )
    assert values_clause(subs(role=ox.BlankNode("b0"))) is None
    assert values_clause({}) is None


def test_an_injection_attempt_stays_one_literal() -> None:
    """A string value full of SPARQL is one literal in the hinted query: no extra solutions appear."""
    store = ox.Store()
    store.add(ox.Quad(ROLE, ox.NamedNode("http://e.org/p"), ox.Literal("a")))
    store.add(ox.Quad(ROLE, ox.NamedNode("http://e.org/q"), ox.Literal("b")))
    text = "SELECT ?s ?v WHERE { ?s <http://e.org/p> ?v }"
    evil = subs(v=ox.Literal('a" } UNION { ?s ?x ?v } #'))
    hinted = with_values(text, evil)
    assert hinted is not text
    assert list(store.query(hinted, substitutions=evil)) == []


def _answer(store: ox.Store, text: str, substitutions: dict, concatenates: bool) -> list[tuple[str, ...]]:
    """The rows as sorted tuples of strings. SPARQL leaves the order of tied rows and of GROUP_CONCAT's
    parts open, and a different plan may choose another: those orders are not compared."""
    rows = []
    for row in store.query(text, substitutions=substitutions, prefixes=default_prefixes()):
        cells = []
        for term in row:
            value = str(term)
            if concatenates and isinstance(term, ox.Literal):
                value = "|".join(sorted(part.strip() for part in term.value.replace(",", "|").split("|")))
            cells.append(value)
        rows.append(tuple(cells))
    return sorted(rows)


def test_every_named_query_answers_the_same_with_the_hint() -> None:
    """Each named query, with its documented example parameters on our graph: the same rows with the
    VALUES hint as with pyoxigraph's substitutions alone (with ESCO's layer, which some queries read)."""
    engine = QueryEngine.load()
    engine.load_esco_layer()
    hinted_some = 0
    for query in named_queries():
        bindings = bind_parameters(engine.graph, query, {p.name: p.example or "" for p in query.params})
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        text = with_values(query.text, substitutions)
        hinted_some += text is not query.text
        concatenates = "GROUP_CONCAT" in query.text.upper()
        plain = _answer(engine.store, query.text, substitutions, concatenates)
        assert plain, f"{query.name}: its example gives no answer, nothing is compared"
        assert _answer(engine.store, text, substitutions, concatenates) == plain, query.name
    assert hinted_some >= 30  # nearly every named query has a parameter


def test_a_syntax_error_is_reported_on_the_users_text() -> None:
    """The engine runs the original text when the hinted one does not parse: the error's line and column
    are those of what the user wrote."""
    engine = QueryEngine.load(external=False)
    text = "SELECT ?role WHERE {\n  ?role a airoles:Role .\n  FILTER(?role = )\n}"
    assert with_values(text, subs(role=ROLE)) is not text
    with pytest.raises(AirolesError) as unbound:
        engine.run(text, timeout=None)
    with pytest.raises(AirolesError) as bound:
        engine.run(text, {"role": URIRef(ROLE.value)}, timeout=None)
    assert str(bound.value) == str(unbound.value)
    assert str(bound.value).startswith("query:4:2: SPARQL syntax error")  # where pyoxigraph gives up


def test_the_clause_also_opens_every_select_all_subquery() -> None:
    """pyoxigraph plans a subquery on its own: the parameter must be inside it too (the ordered subqueries
    that sort concatenated values), but only where the subquery projects every variable."""
    text = (
        "SELECT ?role (GROUP_CONCAT(?x) AS ?xs) WHERE {\n"
        "  { SELECT * WHERE { ?role ?p ?x } ORDER BY ?x }\n"
        "  { SELECT ?y WHERE { ?role ?q ?y } }\n"  # ?role is not projected: another variable
        '  FILTER(?x != "SELECT * WHERE {")\n'
        "} GROUP BY ?role"
    )
    hinted = with_values(text, subs(role=ROLE))
    clause = values_clause(subs(role=ROLE))
    flat = " ".join(hinted.split())
    assert flat.count(clause) == 2
    assert f"{{ SELECT * WHERE {{ {clause} ?role ?p ?x }} ORDER BY ?x }}" in flat
    assert "{ SELECT ?y WHERE { ?role ?q ?y } }" in flat
    assert '"SELECT * WHERE {"' in flat  # a string is not a subquery
    assert len(hinted.splitlines()) == len(text.splitlines())  # error positions keep their lines
