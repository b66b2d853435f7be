"""`airoles validate --shapes FILE`: someone's own shapes, on their data or on ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airoles_kg import cli

PEOPLE_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "a person needs a label"@en ] ;
    sh:property [ sh:path ex:age ; sh:maxCount 1 ; sh:severity sh:Warning ] .
"""

PEOPLE = """\
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:ada a ex:Person ; rdfs:label "Ada" .
ex:bob a ex:Person ; ex:age 40, 41 .
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    shapes, data = tmp_path / "people-shapes.ttl", tmp_path / "people.ttl"
    shapes.write_text(PEOPLE_SHAPES, encoding="utf-8")
    data.write_text(PEOPLE, encoding="utf-8")
    return shapes, data


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_their_shapes_on_their_data(files, capsys):
    shapes, data = files
    code, out, err = run(capsys, data, "--shapes", shapes, "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    found = {(r["focus_node"], r["severity"], r["message"]) for r in report["results"]}
    assert found == {  # their prefixes name the nodes
        ("ex:bob", "Violation", "a person needs a label"),
        ("ex:bob", "Warning", "More than 1 values on ex:bob->ex:age"),
    }
    # Our shapes are not applied (ex:ada has no source, no airoles type: nothing said about it).
    assert report["summary"]["violations"] == 1 and report["summary"]["warnings"] == 1
    # --fail-on applies to their shapes as to ours.
    fixed = data.read_text("utf-8").replace("ex:bob a ex:Person ;", 'ex:bob a ex:Person ; rdfs:label "Bob" ;')
    data.write_text(fixed, encoding="utf-8")
    assert run(capsys, data, "--shapes", shapes)[0] == 0
    assert run(capsys, data, "--shapes", shapes, "--fail-on", "warning")[0] == 1


def test_with_our_shapes_too(files, capsys, tmp_path):
    shapes, data = files
    role = tmp_path / "role.ttl"
    role.write_text(
        "@prefix airoles: <https://w3id.org/airoles/> .\n"
        "<https://w3id.org/airoles/id/role/x> a airoles:Role .\n",
        encoding="utf-8",
    )
    alone = json.loads(run(capsys, data, role, "--shapes", shapes, "--format", "json")[1])
    assert "role:x" not in {r["focus_node"] for r in alone["results"]}
    code, out, _ = run(capsys, data, role, "--shapes", shapes, "--with-airoles-shapes", "--format", "json")
    both = json.loads(out)
    focus = {r["focus_node"] for r in both["results"]}
    assert "role:x" in focus  # our shapes: a role needs labels and a source
    assert any(r["message"] == "a person needs a label" for r in both["results"])
    shapes_used = {r["shape"].split(":")[0] for r in both["results"]}
    assert "airsh" in shapes_used


def test_their_shapes_on_our_graph(capsys, tmp_path):
    shapes = tmp_path / "roles-need-english.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix airoles: <https://w3id.org/airoles/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/RoleShape> a sh:NodeShape ; sh:targetClass airoles:Role ;\n"
        '  sh:property [ sh:path skos:prefLabel ; sh:languageIn ("fr" "en") ] ;\n'
        '  sh:property [ sh:path skos:prefLabel ; sh:pattern "^zzz" ; sh:severity sh:Info ] .\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--shapes", shapes, "--format", "json")
    report = json.loads(out)
    assert code == 0  # only infos: every label is fr or en
    assert report["summary"]["infos"] >= 2 * 28 and report["summary"]["violations"] == 0
    assert report["summary"]["conforms"] is False and report["summary"]["passed"] is True


def test_bad_shapes_files_are_clear_errors(files, capsys, tmp_path):
    _, data = files
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\nex:x a sh:NodeShape .\n", encoding="utf-8"
    )
    code, out, err = run(capsys, data, "--shapes", broken)
    assert code == 2 and out == "" and "broken.ttl" in err and "Traceback" not in err
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing\n", encoding="utf-8")
    code, _, err = run(capsys, data, "--shapes", empty)
    assert code == 2 and "empty.ttl: no RDF triples in the shapes file" in err
    code, _, err = run(capsys, data, "--with-airoles-shapes")
    assert code == 2 and "--with-airoles-shapes goes with --shapes FILE" in err
