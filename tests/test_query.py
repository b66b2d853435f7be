"""The named-query library, safe parameters, result formats, errors and the time limit of ``airoles query``.

Runs on the real knowledge graph (ontology + KB, with inferences) unless a test says otherwise.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from airoles_kg.cli import main
from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError
from airoles_kg.sparql.engine import (
    QueryEngine,
    QueryTimeout,
    bind_parameters,
    esco_layer_for,
    query_graph,
    to_oxigraph,
)
from airoles_kg.sparql.library import NamedQuery, get_query, named_queries, parse_query, read_query_file
from airoles_kg.sparql.results import render

FIXTURES = Path(__file__).parent / "fixtures" / "sparql"
ROLE = "https://w3id.org/airoles/id/role/"
SKILL = "https://w3id.org/airoles/id/skill/"
A = "https://w3id.org/airoles/"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
LANG_STRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
INJECTION = 'x" } UNION { ?s ?p ?o } #'
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"


@pytest.fixture(scope="module")
def engine() -> QueryEngine:
    """What `airoles query` runs on: our inferred graph, with the ESCO layer for the queries that need it."""
    return QueryEngine.load()


@pytest.fixture(scope="module")
def asserted_engine() -> QueryEngine:
    return QueryEngine(query_graph(asserted=True))


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the library -----------------------------------------------------------------------------------

LIBRARY = named_queries()


def test_the_library_has_the_three_starter_queries():
    assert {"role-skills", "role-transitions", "roles-in-family"} <= {q.name for q in LIBRARY}


@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_every_named_query_runs_with_its_examples(query: NamedQuery, engine: QueryEngine):
    assert query.title and query.description
    missing = [p.name for p in query.params if p.example is None]
    assert not missing, f"{query.path}: give each '# param:' an 'example: ...' ({', '.join(missing)})"
    result = engine.run_named(query, {p.name: p.example for p in query.params})
    if result.kind == "select":
        assert len(result) > 0, f"{query.path}: no answer with the example values; pick examples that answer"
    elif result.kind == "graph":
        assert len(result.graph()) > 0, f"{query.path}: no triple with the example values"


CONCATS = re.compile(r'GROUP_CONCAT\(DISTINCT [^;]+; SEPARATOR="([^"]+)"\) AS \?(\w+)')


@pytest.mark.parametrize("query", [q for q in LIBRARY if CONCATS.search(q.text)], ids=lambda q: q.name)
def test_concatenated_values_come_sorted(query: NamedQuery, engine: QueryEngine):
    # SPARQL leaves GROUP_CONCAT's order open (oxigraph's changes from one process to the next); ours are
    # sorted, so that the same graph gives the same answer, byte for byte.
    result = engine.run_named(query, {p.name: p.example for p in query.params})
    for separator, column in CONCATS.findall(query.text):
        for row in result.bindings():
            if column in row and str(row[column]):
                values = str(row[column]).split(separator)
                assert values == sorted(values), f"{query.name}: ?{column} not sorted: {values}"


# Every `GROUP_CONCAT(...) AS ?x` of a query, its expression possibly holding parentheses (STR(?label)).
CONCATENATED = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*\)\s+AS\s+\?(\w+)", re.IGNORECASE)
CONCATENATING = [q for q in LIBRARY if CONCATENATED.search(q.text)]


def test_the_library_has_queries_that_concatenate():
    assert len(CONCATENATING) >= 8


@pytest.mark.parametrize("query", CONCATENATING, ids=lambda q: q.name)
def test_concatenated_values_are_plain_strings(query: NamedQuery, engine: QueryEngine):
    # A concatenation of French labels is not a French label: it carries no language tag, whatever the
    # store keeps (oxigraph keeps @fr when every value has it), and no datatype but xsd:string.
    result = engine.run_named(query, {p.name: p.example for p in query.params})
    columns = CONCATENATED.findall(query.text)
    seen = 0
    for row in result.bindings():
        for column in columns:
            value = row.get(column)
            if value is None:
                continue
            seen += 1
            assert isinstance(value, Literal), f"{query.name}: ?{column} is {value!r}"
            assert value.language is None, f"{query.name}: ?{column} {value!r} has a language tag"
            assert value.datatype in (None, XSD_STRING), f"{query.name}: ?{column} {value!r} is typed"
    assert seen, f"{query.name}: no concatenated value with the example values"


def test_the_same_query_gives_the_same_bytes_in_two_processes(tmp_path: Path):
    # A fresh process draws fresh hash seeds (Python's and oxigraph's): the answers must not depend on them.
    args = [sys.executable, "-m", "airoles_kg", "query", "role-skills", "--param", "role=chef de projet IA"]
    runs = [subprocess.run(args, capture_output=True, check=True, cwd=tmp_path).stdout for _ in range(2)]
    assert runs[0] and runs[0] == runs[1]


@pytest.fixture(scope="module")
def reordered_engines(engine: QueryEngine) -> list[QueryEngine]:
    """The same graph loaded three times in other orders (sorted, reversed, shuffled), each store with the
    ESCO layer, as `airoles query` adds it."""
    triples = sorted(engine.graph)
    orders = [triples, triples[::-1], random.Random(20).sample(triples, len(triples))]
    engines = []
    for order in orders:
        graph = Graph()
        for triple in order:
            graph.add(triple)
        for prefix, namespace in engine.graph.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        engines.append(QueryEngine(graph, esco_layer=esco_layer_for([])))
    return engines


@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_every_named_query_gives_the_same_bytes_whatever_the_insertion_order(
    query: NamedQuery, reordered_engines: list[QueryEngine]
):
    """A researcher who runs a query twice, or on a store loaded in another order, gets the same file: ties
    under ORDER BY are broken, aggregates sorted, no SAMPLE of several values."""
    values = {p.name: p.example for p in query.params}
    answers = set()
    for engine in reordered_engines:
        for _ in range(2):
            result = engine.run_named(query, values, timeout=None)
            answers.add(render(result, "json" if result.kind != "graph" else "nt"))
    assert len(answers) == 1, f"{query.name}: {len(answers)} different answers"


def test_salaries_list_levels_by_rank_not_by_iri(engine: QueryEngine):
    rows = engine.run_named(get_query("role-salaries"), {"role": "chef de projet IA"}).bindings()
    levels = [str(r["level"]).rsplit("/", 1)[-1] for r in rows if "level" in r]
    first = list(dict.fromkeys(levels))
    assert first == ["Beginner", "Intermediate", "Confirmed"]


@pytest.mark.parametrize("query", LIBRARY, ids=[q.name for q in LIBRARY])
def test_every_named_query_declares_its_prefixes(query: NamedQuery):
    # Without the airoles default prefixes (as on the endpoint or any other store) it must still parse.
    try:
        ox.Store().query(query.text)
    except SyntaxError as exc:
        pytest.fail(f"{query.path}: {exc} (declare every prefix the query uses)")
    except RuntimeError:
        pass  # parsed; only evaluation needs the (unbound) parameters


def test_role_skills_gives_importance_and_kind(engine: QueryEngine):
    query = read_query_file(paths.QUERIES_DIR / "role-skills.rq", require_header=True)
    rows = engine.run_named(query, {"role": "Chef de Projet IA"}).bindings()  # case-insensitive label
    by_skill = {str(r["skill"]): r for r in rows}
    # Article 001: project management is indispensable; Python is among the often-cited languages.
    assert by_skill[SKILL + "gestion-de-projet"]["importance"] == URIRef(A + "Essential")
    assert by_skill[SKILL + "python"]["importance"] == URIRef(A + "Optional")
    assert "langage de programmation" in str(by_skill[SKILL + "python"]["kinds"])
    assert {str(r["role"]) for r in rows} == {ROLE + "chef-de-projet-ia"}
    importances = [str(r["importance"]) for r in rows]
    assert importances == sorted(importances, key=lambda i: i != A + "Essential"), "essential skills first"


def test_role_transitions_gives_kind_and_conditions(engine: QueryEngine):
    query = read_query_file(paths.QUERIES_DIR / "role-transitions.rq", require_header=True)
    rows = engine.run_named(query, {"role": "role:chef-de-projet-ia"}).bindings()
    by_target = {str(r["target"]): r for r in rows}
    # Article 001: "un grand saut en avant" to directeur de l'IA.
    assert by_target[ROLE + "directeur-ia"]["kind"] == URIRef(A + "Promotion")
    assert by_target[ROLE + "directeur-ia"]["conditions"].language == "fr"


def test_roles_in_family_shows_inference_at_work(engine: QueryEngine, asserted_engine: QueryEngine):
    query = read_query_file(paths.QUERIES_DIR / "roles-in-family.rq", require_header=True)
    family = {"family": "airoles:ManagementRole"}
    inferred = {str(r["role"]) for r in engine.run_named(query, family).bindings()}
    asserted = {str(r["role"]) for r in asserted_engine.run_named(query, family).bindings()}
    # The responsable IA leads a team and manages a budget: the reasoner makes it a ManagementRole,
    # which no knowledge-base file asserts.
    assert ROLE + "responsable-ia" in inferred
    assert ROLE + "responsable-ia" not in asserted
    assert asserted < inferred


# --- header parsing --------------------------------------------------------------------------------


def test_header_is_parsed_with_continuations_and_examples():
    query = parse_query(
        "# title: Skills\n"
        "# description: The skills\n"
        "#   of a role.\n"
        "# param: role (role) — the role; example: chef de projet IA\n"
        "# param: n (integer) - how many\n"
        "# title@fr: Compétences\n"
        "# description@fr: Les compétences d'un métier.\n"
        "SELECT ?role ?n WHERE { ?role ?p ?n }\n",
        "skills",
        require_header=True,
    )
    assert query.title == "Skills"
    assert query.description == "The skills of a role."
    assert [(p.name, p.kind, p.meaning, p.example) for p in query.params] == [
        ("role", "role", "the role", "chef de projet IA"),
        ("n", "integer", "how many", None),
    ]


def test_an_example_on_a_continuation_line_is_the_example():
    # A long meaning wraps: "; example:" on the next line was once read as part of the meaning.
    query = parse_query(
        "# title: Sizes\n"
        "# description: Roles by size.\n"
        "# param: size (iri) — the organisation size (size:pme, size:grande-entreprise,\n"
        "#   size:start-up); example: size:pme\n"
        "# title@fr: Tailles\n"
        "# description@fr: Métiers par taille.\n"
        "SELECT ?size WHERE { ?size ?p ?o }\n",
        "sizes",
        require_header=True,
    )
    (param,) = query.params
    assert (param.meaning, param.example) == (
        "the organisation size (size:pme, size:grande-entreprise, size:start-up)",
        "size:pme",
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("# title: T\n# description: D\n# param: role — no kind\nSELECT ?role {}", 3, "malformed parameter"),
        (
            "# title: T\n# description: D\n# param: role (person) — x\nSELECT ?role {}",
            3,
            "unknown parameter kind",
        ),
        ("# title: T\n# descripton: D\nSELECT * {}", 2, "unknown header field"),
        (
            "# title: T\n# description: D\n# param: a (string) — x\n# param: a (string) — y\nSELECT ?a {}",
            4,
            "declared twice",
        ),
        ("# title: T\n# description: D\n# param: role (role) — x\nSELECT ?roles {}", 3, "never uses ?role"),
        ("# title: T\n# title: U\n# description: D\nSELECT * {}", 2, "duplicate header field"),
        (
            "# title: T\n# description: D\n\n# param: a (string) — x\nSELECT ?a {}",
            4,
            "after the end of the header",
        ),
        ("# title: T\nSELECT * {}", 1, "no '# description"),
    ],
)
def test_malformed_headers_name_file_and_line(tmp_path: Path, text: str, line: int, words: str):
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AirolesError) as caught:
        read_query_file(path, require_header=True)
    assert str(caught.value).startswith(f"{path}:{line}:")
    assert words in str(caught.value)


def test_a_malformed_library_query_fails_the_listing(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / "broken.rq").write_text("# title: T\n# param: x (thing) — y\nSELECT ?x {}\n", "utf-8")
    monkeypatch.setattr(paths, "QUERIES_DIR", tmp_path)
    code, out, err = cli(capsys, "query", "--list")
    assert code == 2
    assert f"{tmp_path / 'broken.rq'}:2:" in err and "unknown parameter kind 'thing'" in err
    assert "Traceback" not in err


# --- parameters: binding and injection -------------------------------------------------------------


def test_injection_through_a_string_parameter_is_a_plain_literal(engine: QueryEngine):
    query = read_query_file(FIXTURES / "label-search.rq")
    normal = engine.run_named(query, {"text": "projet"}).bindings()
    assert ROLE + "chef-de-projet-ia" in {str(r["role"]) for r in normal}
    unknown = engine.run_named(query, {"text": "zzz-no-such-label"}).bindings()
    injected = engine.run_named(query, {"text": INJECTION}).bindings()
    assert injected == unknown == []
    for value in ('"', "}", "{ ?s ?p ?o }", 'projet" ) } UNION { ?s ?p ?o . FILTER(true'):
        assert engine.run_named(query, {"text": value}).bindings() == []


def test_the_string_value_is_bound_as_given(engine: QueryEngine):
    query = read_query_file(FIXTURES / "label-search.rq")
    rows = engine.run_named(query, {"text": "Projet"}).bindings()
    assert {r["text"] for r in rows} == {Literal("Projet")}


@pytest.mark.parametrize("kind_query", ["role-skills", "role-transitions"])
def test_injection_through_a_role_parameter_is_an_unknown_role(engine: QueryEngine, kind_query: str):
    query = read_query_file(paths.QUERIES_DIR / f"{kind_query}.rq", require_header=True)
    with pytest.raises(AirolesError, match="unknown role"):
        engine.run_named(query, {"role": INJECTION})


def test_injection_through_iri_and_integer_parameters_is_refused(engine: QueryEngine):
    family = read_query_file(paths.QUERIES_DIR / "roles-in-family.rq", require_header=True)
    with pytest.raises(AirolesError, match="not an IRI"):
        engine.run_named(family, {"family": "airoles:Role> } UNION { ?s ?p ?o } #"})
    count = read_query_file(FIXTURES / "skill-count.rq")
    with pytest.raises(AirolesError, match="not a whole number"):
        engine.run_named(count, {"minimum": "1 } UNION { ?s ?p ?o }"})
    rows = engine.run_named(count, {"minimum": "10"}).bindings()
    assert rows and all(int(r["skills"]) >= 10 for r in rows)


def test_roles_resolve_by_label_iri_and_curie_with_accents_ignored(engine: QueryEngine):
    query = read_query_file(paths.QUERIES_DIR / "role-transitions.rq", require_header=True)
    expected = {"role": URIRef(ROLE + "chef-de-projet-ia")}
    for value in (
        "chef de projet IA",
        "CHEF DE PROJET IA",
        "AI project manager",
        f"{ROLE}chef-de-projet-ia",
        "role:chef-de-projet-ia",
    ):
        assert bind_parameters(engine.graph, query, {"role": value}) == expected


def test_missing_and_undeclared_parameters(engine: QueryEngine):
    query = read_query_file(paths.QUERIES_DIR / "role-skills.rq", require_header=True)
    with pytest.raises(AirolesError, match=r"missing parameter: --param role=.*chef de projet IA"):
        engine.run_named(query, {})
    with pytest.raises(AirolesError, match="unknown parameter sector; this query takes: role"):
        engine.run_named(query, {"role": "chef de projet IA", "sector": "santé"})


def test_a_parameter_missing_from_the_select_clause_is_explained(engine: QueryEngine):
    query = read_query_file(FIXTURES / "unprojected.rq")
    with pytest.raises(AirolesError, match=r"\?role cannot be bound: list it in the SELECT clause"):
        engine.run_named(query, {"role": "chef de projet IA"})


# --- the command -----------------------------------------------------------------------------------


def test_list_shows_names_titles_and_parameters(capsys):
    code, out, _ = cli(capsys, "query", "--list")
    assert code == 0
    line = next(row for row in out.splitlines() if row.startswith("role-skills "))
    assert "Skills of a role" in line and "role (role)" in line


def test_table_is_aligned_with_curies_and_language_tags(capsys):
    code, out, _ = cli(capsys, "query", "role-transitions", "--param", "role=chef de projet IA")
    assert code == 0
    lines = out.splitlines()
    header, rule, rows = lines[0], lines[1], lines[2:-1]
    assert header.split() == ["?role", "?transition", "?target", "?targetLabel", "?kind", "?conditions"]
    assert set(rule) <= {"-", " "}
    assert rows and all(r.startswith("role:chef-de-projet-ia ") for r in rows)
    assert any("role:directeur-ia" in r and "airoles:Promotion" in r for r in rows)
    assert any(r.endswith("@fr") for r in rows)
    column = header.index("?target ")
    assert all(r[column:].startswith("role:") for r in rows), "columns are aligned"
    assert lines[-1] == f"({len(rows)} rows)"


def test_csv_tsv_json_and_xml_are_the_w3c_formats(capsys):
    args = ("query", "roles-in-family", "-p", "family=airoles:ManagementRole")
    _, csv_out, _ = cli(capsys, *args, "--format", "csv")
    assert csv_out.splitlines()[0] == "family,role,label"
    assert f"{A}ManagementRole,{ROLE}responsable-ia,responsable IA" in csv_out
    _, tsv_out, _ = cli(capsys, *args, "--format", "tsv")
    assert tsv_out.splitlines()[0] == "?family\t?role\t?label"
    assert f'<{ROLE}responsable-ia>\t"responsable IA"@fr' in tsv_out
    _, json_out, _ = cli(capsys, *args, "--format", "json")
    data = json.loads(json_out)
    assert data["head"]["vars"] == ["family", "role", "label"]
    labels = {b["label"]["value"]: b["label"]["xml:lang"] for b in data["results"]["bindings"]}
    assert labels["responsable IA"] == "fr"
    _, xml_out, _ = cli(capsys, *args, "--format", "xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(xml_out)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["family", "role", "label"]
    assert len(root.findall("r:results/r:result", ns)) == len(data["results"]["bindings"])


def test_ask_prints_true_or_false(capsys):
    assert cli(capsys, "query", "-e", "ASK { role:chef-de-projet-ia a airoles:Role }") == (0, "true\n", "")
    assert cli(capsys, "query", "-e", "ASK { role:chef-de-projet-ia a airoles:Skill }") == (0, "false\n", "")
    code, out, _ = cli(capsys, "query", "-e", "ASK { ?s ?p ?o }", "--format", "json")
    assert code == 0 and json.loads(out)["boolean"] is True


def test_construct_writes_turtle_or_self_contained_jsonld(capsys):
    query = "CONSTRUCT { ?r skos:prefLabel ?l ; a ?c } WHERE { ?r a airoles:Role , ?c ; skos:prefLabel ?l }"
    code, turtle, _ = cli(capsys, "query", "-e", query)
    assert code == 0 and turtle.startswith("@prefix")
    from_turtle = Graph().parse(data=turtle, format="turtle")
    assert (
        URIRef(ROLE + "chef-de-projet-ia"),
        URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
        Literal("chef de projet IA", lang="fr"),
    ) in from_turtle
    code, text, _ = cli(capsys, "query", "-e", query, "--format", "jsonld")
    assert code == 0
    document = json.loads(text)
    assert isinstance(document["@context"], dict), "the context is inline, nothing to fetch"
    assert isomorphic(Graph().parse(data=text, format="json-ld"), from_turtle)


def test_format_that_does_not_fit_the_query_form(capsys):
    code, _, err = cli(capsys, "query", "-e", "CONSTRUCT WHERE { ?s a airoles:Role }", "--format", "csv")
    assert code == 2 and "is for SELECT results" in err


def test_limit_cuts_and_says_so(capsys):
    code, out, err = cli(capsys, "query", "-e", "SELECT ?s { ?s ?p ?o }", "--limit", "3", "--format", "csv")
    assert code == 0
    assert len(out.splitlines()) == 1 + 3
    assert "cut at --limit 3" in err


def test_asserted_graph_lacks_the_inferred_triples(capsys):
    query = "ASK { role:responsable-ia a airoles:ManagementRole }"
    assert cli(capsys, "query", "-e", query)[1] == "true\n"
    assert cli(capsys, "query", "-e", query, "--asserted")[1] == "false\n"


def test_output_file_is_written(tmp_path: Path, capsys):
    target = tmp_path / "out" / "skills.csv"
    code, out, _ = cli(
        capsys, "query", "role-skills", "-p", "role=chef de projet IA", "--format", "csv", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("role,skill,")


def test_syntax_error_gives_position_and_exit_2(capsys):
    code, out, err = cli(capsys, "query", str(FIXTURES / "bad-syntax.rq"))
    assert (code, out) == (2, "")
    assert f"{FIXTURES / 'bad-syntax.rq'}:8:12: SPARQL syntax error" in err
    code, _, err = cli(capsys, "query", "-e", "SELECT * WHERE { ?s ?p }")
    assert code == 2 and err.startswith("airoles: error: -e:1:")


def test_unknown_query_and_bad_values_exit_2(capsys):
    code, _, err = cli(capsys, "query", "role-skill")
    assert code == 2 and "unknown query 'role-skill'" in err and "role-skills" in err
    code, _, err = cli(capsys, "query", "role-skills", "-p", f"role={INJECTION}")
    assert code == 2 and "unknown role" in err and "Traceback" not in err
    code, _, err = cli(capsys, "query", "role-skills", "-p", "role")
    assert code == 2 and "expected NAME=VALUE" in err


# --- the time limit --------------------------------------------------------------------------------


def test_a_runaway_query_is_stopped_with_exit_3(capsys):
    code, out, err = cli(capsys, "query", "-e", RUNAWAY, "--timeout", "1")
    assert code == 3
    assert out == ""
    assert "did not finish within 1 s and was stopped" in err
    assert multiprocessing.active_children() == [], "the query process is gone"


def test_timeout_in_the_api_kills_the_child(engine: QueryEngine):
    with pytest.raises(QueryTimeout) as caught:
        engine.run(RUNAWAY, timeout=1)
    assert caught.value.exit_code == 3
    assert multiprocessing.active_children() == []
    # The engine still answers afterwards.
    assert engine.run("ASK { ?s ?p ?o }", timeout=5).boolean is True


def test_terms_round_trip_between_rdflib_and_pyoxigraph():
    from airoles_kg.sparql.engine import to_rdflib

    for term in (URIRef(ROLE + "x"), Literal("chef", lang="fr"), Literal(3), Literal("x")):
        assert to_rdflib(to_oxigraph(term)) == term


def _literal_triples(rows) -> Counter:
    """``(subject, predicate, lexical form, datatype, language)`` of each triple whose object is a literal;
    a blank subject as ``_`` (its label is the store's)."""
    return Counter(
        ("_" if isinstance(s, BNode) else str(s), str(p), str(o), str(_datatype(o)), o.language)
        for s, p, o in rows
        if isinstance(o, Literal)
    )


def _datatype(literal: Literal) -> URIRef:
    """RDF 1.1's datatype: rdf:langString with a language, xsd:string without a datatype."""
    return LANG_STRING if literal.language else (literal.datatype or XSD_STRING)


def test_what_a_query_returns_is_what_the_turtle_says():
    # Oxigraph (the store of `airoles query` and of the endpoint) keeps a literal's value, not its datatype
    # when that is a derived integer type: "4"^^xsd:positiveInteger would come back as "4"^^xsd:integer
    # (oxigraph issue #1413). The knowledge base writes its whole numbers as xsd:integer: every literal reads
    # back with the datatype, lexical form and language it has in the Turtle.
    graph = query_graph()
    engine = QueryEngine(graph)
    result = engine.run("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }", timeout=None)
    read = _literal_triples((row["s"], row["p"], row["o"]) for row in result.bindings())
    written = _literal_triples(graph)
    assert sum(written.values()) > 1000
    changed, instead = sorted(written - read), sorted(read - written)
    assert not changed and not instead, (
        f"{len(changed)} literals read back otherwise: {changed[:3]} as {instead[:3]}"
    )


def test_the_esco_layer_is_loaded_only_for_queries_that_name_esco(engine):
    """Out of the box (no ESCO import), a query about ESCO reads the shipped layer; others never load it."""
    fresh = QueryEngine.load()
    assert fresh.esco_layer is not None and fresh.esco_layer.name == "esco-v1.1.1.nt.gz"
    fresh.run_named(get_query("role-skills"), {"role": "data scientist"})
    assert fresh.esco_layer is not None  # not needed: not loaded
    rows = json.loads(fresh.run_named(get_query("role-esco-skills"), {"role": "data scientist"}).data)
    bindings = rows["results"]["bindings"]
    assert fresh.esco_layer is None and len(bindings) >= 70
    assert {b["importance"]["value"] for b in bindings} == {"essential", "optional"}
    assert {b["labelLang"]["value"] for b in bindings} == {"fr", "en"}  # French where ESCO has it


def test_the_endpoint_serves_the_esco_layer_unless_an_esco_import_is_there(tmp_path, monkeypatch):
    from airoles_kg.commands.serve import served_external
    from airoles_kg.core import paths as core_paths

    monkeypatch.setenv("AIROLES_DATA_DIR", str(tmp_path / "data"))
    assert served_external() == [core_paths.esco_layer_file()]
    imported = tmp_path / "data" / "external" / "esco.nt"
    imported.parent.mkdir(parents=True)
    imported.write_text("", encoding="utf-8")
    assert served_external() == [imported]
