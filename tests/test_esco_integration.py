"""An imported ESCO graph read by the reading commands — ``airoles query``, ``airoles serve``,
``airoles next`` and the explorer's SPARQL page — and left out by ``--no-external``; the label shapes leave
ESCO's concepts alone.

Every test works on a copy of the ontology and knowledge base in a temporary directory whose
``<data dir>/external/esco.nt`` is the small tabiya fixture (``tests/fixtures/esco/tabiya``) imported by
``airoles_kg.esco.importer.import_esco``: nothing depends on an ESCO import in the working copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from support.serving import stop_server

from airoles_kg.cli import main
from airoles_kg.commands._careers import ESCO_NEIGHBOURS_SHOWN, render_esco
from airoles_kg.core import paths
from airoles_kg.core.loader import external_files
from airoles_kg.core.schemas import load_schema
from airoles_kg.esco import EscoConcept, EscoMatch, import_esco
from airoles_kg.shacl import SHAPES, validate_graph
from airoles_kg.sparql.engine import external_state

TABIYA = Path(__file__).parent / "fixtures" / "esco" / "tabiya"
ROOT = Path(__file__).resolve().parent.parent
OCC = "http://data.europa.eu/esco/occupation/"
DATA_SCIENTIST = OCC + "258e46f9-0075-4a2e-adae-1ff0477e0f30"
FIXTURE_NEIGHBOURS = {  # the other occupations of ISCO-08 2511 in the fixture
    OCC + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2": "data analyst",
    OCC + "e1c72b5f-4c5c-487c-a6df-e84b64a51dae": "ICT system architect",
    OCC + "78faf623-2543-43a5-acb2-3c43a22d36e4": "blockchain architect",
}
ROLE = "https://w3id.org/airoles/id/role/"


@pytest.fixture(scope="module")
def esco_nt(tmp_path_factory) -> Path:
    """The tabiya fixture imported once."""
    out = tmp_path_factory.mktemp("esco-import") / "esco.nt"
    import_esco(TABIYA, out)
    return out


def make_checkout(root: Path, esco: Path | None) -> Path:
    """A copy of the ontology and knowledge base under ``root``, with ``esco`` as its ESCO import."""
    (root / "ontology").mkdir(parents=True)
    shutil.copy(paths.ONTOLOGY_FILE, root / "ontology" / "airoles.ttl")
    shutil.copytree(paths.KB_DIR, root / "ontology" / "kb")
    shutil.copytree(paths.SCHEMAS_DIR, root / "schemas")  # airoles serve's JSON API reads them
    if esco is not None:
        (root / "data" / "external").mkdir(parents=True)
        shutil.copy(esco, root / "data" / "external" / "esco.nt")
    return root


def point_at(monkeypatch, root: Path) -> None:
    """Point the loader at the checkout. REPO_ROOT (caches, queries/) stays: the copied files have the same
    names and contents, so the reasoner's and the career index's caches still apply."""
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", root / "ontology" / "airoles.ttl")
    monkeypatch.setattr(paths, "KB_DIR", root / "ontology" / "kb")
    monkeypatch.setenv("AIROLES_DATA_DIR", str(root / "data"))


@pytest.fixture
def with_esco(tmp_path, monkeypatch, esco_nt) -> Path:
    root = make_checkout(tmp_path / "repo", esco_nt)
    point_at(monkeypatch, root)
    assert external_files() == [root / "data" / "external" / "esco.nt"]
    return root


@pytest.fixture
def without_esco(tmp_path, monkeypatch) -> Path:
    root = make_checkout(tmp_path / "repo", None)
    point_at(monkeypatch, root)
    assert external_files() == []
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def neighbours_of(out: str) -> dict[str, str]:
    rows = json.loads(out)["results"]["bindings"]
    return {r["neighbour"]["value"]: r["neighbourLabel"]["value"] for r in rows if "neighbour" in r}


# --- airoles query ----------------------------------------------------------------------------------------


def test_query_esco_neighbours_reads_the_import_unless_no_external(with_esco, capsys):
    code, out, err = run(
        capsys, "query", "esco-neighbours", "--param", "role=data scientist", "--format", "json"
    )
    assert code == 0, err
    assert neighbours_of(out) == FIXTURE_NEIGHBOURS
    rows = json.loads(out)["results"]["bindings"]
    assert {r["escoCode"]["value"] for r in rows} == {"2511.4"}  # ESCO's code: only the import has it

    code, out, err = run(
        capsys, "query", "esco-neighbours", "-p", "role=data scientist", "--format", "json", "--no-external"
    )
    assert code == 0, err
    rows = json.loads(out)["results"]["bindings"]
    assert len(rows) == 1 and neighbours_of(out) == {}
    assert rows[0]["esco"]["value"] == DATA_SCIENTIST and "escoCode" not in rows[0]


def test_query_without_any_esco_gives_the_alignment_only(without_esco, monkeypatch, capsys):
    monkeypatch.setattr(paths, "ESCO_DIR", without_esco / "esco")  # no shipped layer either
    code, out, _ = run(capsys, "query", "esco-neighbours", "-p", "role=data scientist", "--format", "json")
    assert code == 0
    assert neighbours_of(out) == {} and len(json.loads(out)["results"]["bindings"]) == 1


def test_query_without_an_import_reads_the_shipped_esco_layer(without_esco, capsys):
    code, out, _ = run(capsys, "query", "esco-neighbours", "-p", "role=data scientist", "--format", "json")
    assert code == 0
    neighbours = neighbours_of(out)
    assert len(neighbours) >= 15 and "computer vision engineer" in neighbours.values()


def test_a_broken_external_file_is_named_and_nothing_runs(with_esco, capsys):
    broken = with_esco / "data" / "external" / "extra.nt"
    broken.write_text("<http://example.org/a> <http://example.org/b> <oops .\n", encoding="utf-8")
    code, out, err = run(capsys, "query", "esco-neighbours", "-p", "role=data scientist")
    assert code == 2 and out == ""
    assert f"{broken}: invalid N-Triples" in err and "line 1" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "query", "esco-neighbours", "-p", "role=data scientist", "--no-external")
    assert code == 0 and "data scientist" in out


def test_engine_cache_key_follows_the_external_files(with_esco, esco_nt):
    before = external_state()
    assert [Path(p).name for p, _, _ in before] == ["esco.nt"]
    target = with_esco / "data" / "external" / "esco.nt"
    target.write_bytes(esco_nt.read_bytes() + b'<http://example.org/a> <http://example.org/b> "c" .\n')
    assert external_state() != before  # imported again: the explorer builds a new engine
    target.unlink()
    assert external_state() == ()


# --- airoles next -----------------------------------------------------------------------------------------


def test_next_json_carries_the_esco_key_unless_no_external(with_esco, capsys):
    code, out, err = run(capsys, "next", "data scientist", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["from"]["iri"] == ROLE + "data-scientist"
    [match] = data["esco"]
    assert (match["relation"], match["kind"]) == ("exactMatch", "occupation")
    assert match["target"] == {"iri": DATA_SCIENTIST, "label": "data scientist", "code": "2511.4"}
    assert match["isco"] == {
        "iri": "http://data.europa.eu/esco/isco/C2511",
        "label": "Systems analysts",
        "code": "2511",
    }
    assert match["justification"].startswith("skos:exactMatch ESCO 'data scientist'")
    assert {n["iri"]: n["label"] for n in match["neighbours"]} == FIXTURE_NEIGHBOURS
    assert [n["label"] for n in match["neighbours"]] == [
        "blockchain architect",
        "data analyst",
        "ICT system architect",
    ]
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema("careers")
    validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/nextOutput", "$defs": schema["$defs"]})
    assert [e.message for e in validator.iter_errors(data)] == []

    code, out, _ = run(capsys, "next", "data scientist", "--format", "json", "--no-external")
    assert code == 0 and "esco" not in json.loads(out)
    assert json.loads(out)["reachable"] == data["reachable"]


def test_next_text_lists_the_esco_neighbours_after_the_reachable_roles(with_esco, capsys):
    code, out, err = run(capsys, "next", "chef de projet IA", "--lang", "en")
    assert code == 0, err
    reachable, esco = out.split("\n\n")
    assert reachable.startswith("6 roles reachable from AI project manager")
    # The fixture has no ICT project manager: the match is shown with our label and ISCO code, no neighbours.
    assert esco.splitlines() == [
        "ESCO neighbours of AI project manager (from esco.nt)",
        "  broadMatch ICT project manager (ESCO occupation) — ISCO-08 1330 "
        "Information and communications technology service managers",
    ]
    code, out, _ = run(capsys, "next", "data scientist")
    assert code == 0
    assert out.split("\n\n")[1].splitlines() == [
        "ESCO neighbours of data scientist (from esco.nt)",
        "  exactMatch data scientist (ESCO occupation 2511.4) — ISCO-08 2511 Systems analysts",
        "    other occupations of ISCO-08 2511 (3):",
        "      blockchain architect (2511.14.1)",
        "      data analyst (2511.3)",
        "      ICT system architect (2511.14)",
    ]
    code, out, _ = run(capsys, "next", "référent IA")
    assert code == 0
    assert out.splitlines()[-1] == "  none: référent IA is not aligned to an ESCO occupation or ISCO-08 group"
    code, out, _ = run(capsys, "next", "référent IA", "--format", "json")
    assert json.loads(out)["esco"] == []
    code, out, _ = run(capsys, "next", "data scientist", "--no-external")
    assert code == 0 and "ESCO" not in out


def test_next_without_an_import_says_how_to_import_esco(without_esco, capsys):
    code, out, _ = run(capsys, "next", "data scientist")
    assert code == 0
    assert out.splitlines()[-1].startswith("ESCO neighbours: no ESCO graph imported (airoles import-esco DIR")
    code, out, _ = run(capsys, "next", "data scientist", "--format", "json")
    assert set(json.loads(out)) == {"from", "max_hops", "reachable"}


def test_text_shows_ten_neighbours_and_counts_the_rest():
    neighbours = tuple(
        EscoConcept(URIRef(f"{OCC}n{i:02d}"), f"occupation {i:02d}", f"2511.{i}") for i in range(13)
    )
    target = EscoConcept(URIRef(DATA_SCIENTIST), "data scientist", "2511.4")
    isco = EscoConcept(URIRef("http://data.europa.eu/esco/isco/C2511"), "Systems analysts", "2511")
    match = EscoMatch("exactMatch", target, "occupation", isco, None, neighbours)
    lines = render_esco("data scientist", [match], [Path("esco.nt")]).splitlines()
    assert lines[2] == "    other occupations of ISCO-08 2511 (13):"
    assert lines[3 : 3 + ESCO_NEIGHBOURS_SHOWN] == [
        f"      occupation {i:02d} (2511.{i})" for i in range(ESCO_NEIGHBOURS_SHOWN)
    ]
    assert lines[-1] == "      … and 3 more (--format json lists them all)"


# --- airoles serve ----------------------------------------------------------------------------------------

COUNT_2511 = (
    "SELECT (COUNT(?o) AS ?n) WHERE { ?o <http://www.w3.org/2004/02/skos/core#broaderTransitive> "
    "<http://data.europa.eu/esco/isco/C2511> }"
)


def served_count(root: Path, log: Path, *extra: str) -> tuple[int, str]:
    """Start ``airoles serve --asserted`` on the checkout, count ESCO's 2511 occupations, stop it."""
    env = {
        **os.environ,
        "AIROLES_ROOT": str(root),
        "AIROLES_CACHE_DIR": str(log / "cache"),
        "AIROLES_DATA_DIR": str(root / "data"),
    }
    out = log / f"serve{len(extra)}.out"
    with open(out, "wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "airoles_kg", "serve", "--port", "0", "--asserted", *extra],
            stdout=stdout,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=env,
        )
    try:
        deadline = time.monotonic() + 120
        while "ready at " not in out.read_text(encoding="utf-8"):
            assert process.poll() is None and time.monotonic() < deadline, "airoles serve did not start"
            time.sleep(0.1)
        banner = out.read_text(encoding="utf-8")
        url = banner.split("ready at ", 1)[1].split()[0]
        answer = requests.post(url, data={"query": COUNT_2511}, headers={"Accept": "text/csv"}, timeout=30)
        return int(answer.text.splitlines()[1]), banner
    finally:
        stop_server(process)


def test_serve_loads_the_import_unless_no_external(tmp_path, esco_nt):
    root = make_checkout(tmp_path / "repo", esco_nt)
    n, banner = served_count(root, tmp_path)
    assert n == 4  # data scientist and its three neighbours
    assert "esco.nt" in banner
    n, banner = served_count(root, tmp_path, "--no-external")
    assert n == 0 and "esco.nt" not in banner


def test_serve_serves_the_shipped_esco_layer_without_an_import(tmp_path):
    root = make_checkout(tmp_path / "repo", None)
    shutil.copytree(paths.ESCO_DIR, root / "esco")
    n, banner = served_count(root, tmp_path)
    assert n >= 15  # every ESCO occupation of ISCO-08 unit group 2511, from the shipped layer
    assert "esco-v1.1.1.nt.gz" in banner


# --- the explorer's SPARQL page ---------------------------------------------------------------------------


def test_explorer_sparql_page_reads_the_import(with_esco):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "explorer_app.py"), default_timeout=180)
    for name, value in {"page": "sparql", "query": "esco-neighbours", "p_role": "data-scientist"}.items():
        at.query_params[name] = value
    at.run()
    at.button(key="sparql_run").click().run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    table = at.dataframe[0].value
    assert {"blockchain architect", "data analyst", "ICT system architect"} <= {
        str(v).split("@")[0].strip().strip('"') for v in table["neighbourLabel"]
    }


# --- the shapes -------------------------------------------------------------------------------------------


def test_label_shapes_leave_esco_concepts_alone_but_check_ours_and_users():
    graph = Graph().parse(paths.ONTOLOGY_FILE)
    esco = URIRef(OCC + "00000000-0000-4000-8000-0000000000ff")
    ours = URIRef("https://w3id.org/airoles/categorie-test")  # our namespace, outside the id/ conventions
    users = URIRef("https://hr.example.org/metier")
    scheme = URIRef("http://data.europa.eu/esco/concept-scheme/occupations")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for node in (esco, ours, users):
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.prefLabel, Literal("an English-only label", lang="en")))
    graph.add((esco, SKOS.inScheme, scheme))
    report = validate_graph(graph)
    by_node: dict = {}
    for result in report.results:
        by_node.setdefault(result.focus_node, set()).add((result.severity, result.shape))
    assert esco not in by_node
    expected = {  # no French preferred label, no rdfs:label in either language
        ("Warning", SHAPES.ConceptPrefLabelFrShape),
        ("Warning", SHAPES.ConceptLabelFrShape),
        ("Warning", SHAPES.ConceptLabelEnShape),
    }
    assert by_node[ours] == expected
    assert by_node[users] == expected
