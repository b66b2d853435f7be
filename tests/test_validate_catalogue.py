"""``airoles validate CATALOGUE``: a synthetic catalogue of 300 roles gives exactly plain pyshacl's results,
the narrowing keeps the blank nodes a SPARQL constraint reports, our graph comes from the cache, and a long
validation says it is under way."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from support.synthetic import generate

from airoles_kg import cli
from airoles_kg.core import console
from airoles_kg.core.loader import load_graph, parse_rdf_file
from airoles_kg.shacl import fast as fastshacl
from airoles_kg.shacl import load_shapes
from airoles_kg.shacl import validate as validation

FIXTURES = Path(__file__).parent / "fixtures" / "shacl"
ROLES = 300


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalogue") / f"synthetic-{ROLES}.nt"
    generate(ROLES, 1, path)
    return path


def test_the_command_gives_plain_pyshacls_results_on_300_roles(catalogue, tmp_path, capsys):
    """The command (parse once, indexed store, narrowing, pyshacl on the candidates, report about the
    catalogue's nodes) gives the same (focus, path, shape, severity, value, component) set as plain
    ``pyshacl.validate(data, shacl_graph=shapes, advanced=True)`` on the same data graph (ontology, knowledge
    base and catalogue, read by the loader into an ordinary rdflib Graph), kept to the nodes the catalogue
    introduces as the command keeps them. Plain pyshacl takes 30 to 50 s here."""
    out = tmp_path / "report.ttl"
    code = cli.main(["validate", str(catalogue), "--format", "turtle", "-o", str(out)])
    capsys.readouterr()
    assert code == 0  # warnings only
    shapes = load_shapes()
    command = fastshacl.result_keys(Graph().parse(out, format="turtle"), shapes)

    user = parse_rdf_file(catalogue)
    ours = load_graph()
    assert not any(isinstance(n, BNode) for n in user.all_nodes())  # the keys compare nodes as they are
    described = set(ours.subjects())
    introduced = set(user.subjects()) | {
        o for o in user.objects() if not isinstance(o, Literal) and o not in described
    }
    data = load_graph()
    data += user
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    keys = fastshacl.result_keys(report, shapes)
    plain = {key for key in keys if key[0] in introduced or key[4] in introduced}  # focus, value
    assert len(plain) > ROLES  # the catalogue's curated countries: warnings (airsh:CuratedCountryShape)
    assert command == plain


SELF_TRANSITION = """\
@prefix airoles: <https://w3id.org/airoles/> .
@prefix role: <https://w3id.org/airoles/id/role/> .
[] a airoles:CareerTransition ;
    airoles:fromRole role:chef-de-projet-ia ;
    airoles:toRole role:chef-de-projet-ia ;
    airoles:transitionKind airoles:LateralMove .
"""


def run_json(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, dict]:
    """Exit code and JSON report, blank nodes written ``_:b`` (each run names them anew)."""
    code = cli.main(["validate", *map(str, args), "--format", "json", "--lang", "en"])
    out, _ = capsys.readouterr()
    report = json.loads(out)
    for result in report["results"]:
        if result["focus_node"].startswith("_:"):
            result["focus_node"] = "_:b"
    return code, report


def test_a_blank_node_a_sparql_constraint_reports_is_not_narrowed_away(world_root, tmp_path, capsys):
    """A transition from a role to itself, as a blank node: the SPARQL constraint of
    airsh:TransitionDistinctRolesShape reports it. The narrowing runs that constraint in pyoxigraph; its store
    now holds the data graph's own blank nodes (it used to parse the file again, naming them anew, and the
    narrowing then lost the node and pyshacl's violation)."""
    path = tmp_path / "self.ttl"
    path.write_text(SELF_TRANSITION, encoding="utf-8")
    plain = run_json(capsys, path, "--method", "pyshacl")
    narrowed = run_json(capsys, path, "--method", "narrowed")
    assert narrowed == plain
    assert "airsh:TransitionDistinctRolesShape" in {r["shape"] for r in plain[1]["results"]}


def test_the_store_of_a_graph_has_its_blank_nodes():
    graph = Graph().parse(data=SELF_TRANSITION, format="turtle")
    store = fastshacl.store_of(graph)
    assert store is not None
    blank = {str(n) for n in graph.subjects() if isinstance(n, BNode)}
    assert blank and {q.subject.value for q in store} == blank


def test_a_triple_pyoxigraph_cannot_hold_leaves_the_sparql_parts_to_pyshacl():
    """No store (the SPARQL targets and constraints then keep all their focus nodes) rather than a store
    without one of the graph's triples (here a literal subject, which rdflib holds and pyoxigraph does
    not)."""
    graph = Graph()
    graph.add((Literal("s"), URIRef("http://example.org/p"), Literal("o")))
    assert fastshacl.store_of(graph) is None


def test_our_graph_comes_from_the_cache_the_second_time(world_root, tmp_path, monkeypatch):
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(tmp_path / "cache"))  # empty: the first call builds it
    calls = []
    real = validation.load_graph
    monkeypatch.setattr(validation, "load_graph", lambda: calls.append(1) or real())
    first = validation._our_triples()
    again = validation._our_triples()
    assert calls == [1] and again == first
    cached = Graph()
    for triple in first:
        cached.add(triple)
    assert isomorphic(cached, real())  # the same graph (the ontology's blank nodes named anew by each parse)
    (world_root / "ontology" / "kb" / "more.ttl").write_text(
        '<https://w3id.org/airoles/id/role/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n',
        encoding="utf-8",
    )
    assert len(validation._our_triples()) == len(first) + 1 and calls == [1, 1]  # a changed file: rebuilt


def test_a_long_validation_shows_that_it_is_under_way(world_root, capsys, monkeypatch):
    monkeypatch.setattr(console, "PROGRESS_AFTER", 0.0)  # any validation is long enough
    code = cli.main(["validate", str(FIXTURES / "user-with-errors.ttl"), "--format", "json"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "airoles: validating…" in err and "airoles: validating: done in" in err
