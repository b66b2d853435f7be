"""The W3C SHACL test suite and pySHACL's DASH test cases, read into :class:`Case` objects, and SHACL reports
read into comparable result keys.

The files are vendored under ``tests/shacl_suites/`` (see the README of each folder for where they come from):

* ``w3c/``: the W3C Data Shapes test suite. ``manifest.ttl`` includes manifests (``mf:include``) down to one
  file per test, whose ``mf:entries`` list ``sht:Validate`` entries: ``mf:action [sht:dataGraph <…>;
  sht:shapesGraph <…>]`` (``<>`` is the test file itself) and ``mf:result``, a ``sh:ValidationReport`` or
  ``sht:Failure`` (the validator must refuse the shapes);
* ``dash/``: pySHACL's copy of the TopBraid DASH tests (``test/resources/dash_tests``): each
  ``*.test.ttl`` is data, shapes and a ``dash:GraphValidationTestCase`` with its ``dash:expectedResult`` in
  one file, validated against itself (as pySHACL's ``test/test_dash_validate.py`` does with
  ``check_dash_result``).

Files are parsed with a fixed ``file:///…`` base (not their place on disk), so that relative IRIs (``<>``,
``<qualified-001-data.ttl>``) and the case names do not depend on the checkout; nothing is ever fetched.

Results are compared as ``(focus node, path, value, severity, source shape, component)`` tuples of strings
(:func:`report_keys`): IRIs and literals as N-Triples terms, paths in SPARQL syntax, and a blank node by its
description (its triples, nested blank nodes described in turn: the same node gets the same key in two
reports, whatever graph copy the report came from), or ``_:b`` where the comparison is with a suite's
expected report (``anonymous=True``): an expected report in a manifest cannot name the data file's blank
nodes, pySHACL's own harness compares them as "BNode" too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import RDF, SH
from rdflib.term import Node

SUITES = Path(__file__).resolve().parents[1] / "shacl_suites"
W3C_DIR = SUITES / "w3c"
DASH_DIR = SUITES / "dash"
W3C_BASE = "file:///w3c-shacl-test-suite/"
DASH_BASE = "file:///pyshacl-dash-tests/"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
DASH = Namespace("http://datashapes.org/dash#")

# (focus node, path, value, severity, source shape, source constraint component)
ResultKey = tuple[str, str | None, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class Case:
    """One validation test: a data graph, a shapes graph and what the suite expects.

    ``expected``: the expected report's results (sorted, blank nodes as ``_:b``: see :func:`report_keys`),
    empty for an expected failure; ``expected_conforms`` None for an expected failure.
    """

    name: str  # "w3c/core/node/class-001", "dash/core/node/class-001"
    data: Graph
    shapes: Graph
    expected_failure: bool
    expected_conforms: bool | None
    expected: tuple[ResultKey, ...]
    file: Path  # the test's file (for W3C: the one holding the manifest entry)
    status: str | None = None  # W3C mf:status (sht:approved, sht:proposed)


def copy_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` with the same triples (the same blank node ids) and the same prefix bindings.

    The bindings matter: rdflib evaluates a SPARQL query with the graph's prefixes when it is given none, and
    pySHACL passes the ``sh:prefixes`` declarations only."""
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    out += graph
    return out


# ---------------------------------------------------------------------------------------------------------
# Reading the suites
# ---------------------------------------------------------------------------------------------------------


def _iri_to_path(iri: str, base: str, root: Path) -> Path:
    if not iri.startswith(base):
        raise ValueError(f"{iri}: not a file of the suite (base {base})")
    return root / iri[len(base) :]


class _Files:
    """Each suite file parsed once, with the base IRI it has in the suite."""

    def __init__(self, base: str, root: Path) -> None:
        self.base, self.root = base, root
        self._graphs: dict[str, Graph] = {}

    def iri(self, path: Path) -> str:
        return self.base + path.relative_to(self.root).as_posix()

    def graph(self, iri: str) -> Graph:
        if iri not in self._graphs:
            path = _iri_to_path(iri, self.base, self.root)
            self._graphs[iri] = Graph().parse(path, format="turtle", publicID=iri)
        return self._graphs[iri]


def w3c_cases() -> list[Case]:
    """Every ``sht:Validate`` entry of the W3C suite, in manifest order (name ``w3c/<entry IRI>``)."""
    files = _Files(W3C_BASE, W3C_DIR)
    cases: list[Case] = []
    _read_manifest(files, files.iri(W3C_DIR / "manifest.ttl"), cases, depth=0)
    return cases


def _read_manifest(files: _Files, iri: str, cases: list[Case], depth: int) -> None:
    if depth > 10:
        raise RuntimeError(f"{iri}: manifests include each other too deeply")
    graph = files.graph(iri)
    manifests = list(graph.subjects(RDF.type, MF.Manifest))
    if len(manifests) != 1:
        raise RuntimeError(f"{iri}: {len(manifests)} mf:Manifest nodes, expected one")
    manifest = manifests[0]
    for include in sorted(graph.objects(manifest, MF.include), key=str):
        _read_manifest(files, str(include), cases, depth + 1)
    for entries in graph.objects(manifest, MF.entries):
        for entry in Collection(graph, entries):
            if (entry, RDF.type, SHT.Validate) in graph:
                cases.append(_w3c_case(files, graph, iri, entry))


def _w3c_case(files: _Files, graph: Graph, file_iri: str, entry: Node) -> Case:
    action = graph.value(entry, MF.action)
    result = graph.value(entry, MF.result)
    data_iri = graph.value(action, SHT.dataGraph)
    shapes_iri = graph.value(action, SHT.shapesGraph)
    if result is None or data_iri is None or shapes_iri is None:
        raise RuntimeError(f"{entry}: an sht:Validate without mf:result, sht:dataGraph or sht:shapesGraph")
    status = graph.value(entry, MF.status)
    name = "w3c/" + str(entry).removeprefix(W3C_BASE)
    data, shapes = files.graph(str(data_iri)), files.graph(str(shapes_iri))
    path = _iri_to_path(file_iri, W3C_BASE, W3C_DIR)
    status_text = str(status).removeprefix(str(SHT)) if status is not None else None
    if result == SHT.Failure:
        return Case(name, data, shapes, True, None, (), path, status_text)
    if (result, RDF.type, SH.ValidationReport) not in graph:
        raise RuntimeError(f"{entry}: mf:result is neither a sh:ValidationReport nor sht:Failure")
    conforms = graph.value(result, SH.conforms)
    expected = report_keys(graph, result, [graph], anonymous=True)
    return Case(name, data, shapes, False, _boolean(conforms), expected, path, status_text)


def dash_cases() -> list[Case]:
    """Every ``dash:GraphValidationTestCase`` file of pySHACL's DASH tests (name ``dash/<path>``, no
    ``.test.ttl``), each validated against itself."""
    files = _Files(DASH_BASE, DASH_DIR)
    cases: list[Case] = []
    for path in sorted(DASH_DIR.rglob("*.test.ttl")):
        graph = files.graph(files.iri(path))
        tests = list(graph.subjects(RDF.type, DASH.GraphValidationTestCase))
        if not tests:
            continue  # an inferencing, function or query test case: not a validation
        name = "dash/" + path.relative_to(DASH_DIR).as_posix().removesuffix(".test.ttl")
        for test in sorted(tests, key=str):
            reports = list(graph.objects(test, DASH.expectedResult))
            if len(reports) != 1:
                raise RuntimeError(f"{path}: {test} has {len(reports)} dash:expectedResult, expected one")
            conforms = graph.value(reports[0], SH.conforms)
            expected = report_keys(graph, reports[0], [graph], anonymous=True)
            case_name = name if len(tests) == 1 else f"{name}#{str(test).rsplit('#', 1)[-1]}"
            cases.append(Case(case_name, graph, graph, False, _boolean(conforms), expected, path))
    return cases


def all_cases() -> list[Case]:
    """The W3C cases, then the DASH ones."""
    return [*w3c_cases(), *dash_cases()]


def _boolean(node: Node | None) -> bool:
    if not isinstance(node, Literal):
        raise RuntimeError(f"an expected report without a boolean sh:conforms: {node!r}")
    return bool(node.toPython()) if isinstance(node.toPython(), bool) else str(node).lower() == "true"


# ---------------------------------------------------------------------------------------------------------
# Reports as comparable keys
# ---------------------------------------------------------------------------------------------------------


def term_key(node: Node | None, graphs: Sequence[Graph], anonymous: bool = False) -> str | None:
    """An IRI or literal as an N-Triples term; a blank node as ``_:b`` (``anonymous``) or as its description
    in the first of ``graphs`` that has triples about it (``_:b`` if none has)."""
    if node is None:
        return None
    if isinstance(node, BNode):
        if anonymous:
            return "_:b"
        for graph in graphs:
            if (node, None, None) in graph:
                return describe(graph, node)
        return "_:b"
    return node.n3()


def describe(graph: Graph, node: Node, seen: frozenset[Node] = frozenset()) -> str:
    """A blank node as the sorted list of its ``predicate object`` pairs, blank objects described in turn
    (a node met again on the way down is ``_:cycle``)."""
    if not isinstance(node, BNode):
        return node.n3()
    if node in seen:
        return "_:cycle"
    inner = seen | {node}
    pairs = sorted(f"{p.n3()} {describe(graph, o, inner)}" for p, o in graph.predicate_objects(node))
    return "[" + "; ".join(pairs) + "]"


def path_key(path: Node | None, graphs: Sequence[Graph]) -> str | None:
    """A ``sh:resultPath`` in SPARQL syntax, read from the first of ``graphs`` that describes it.

    pySHACL copies a complex path's top blank node (its id) into the report but not all the nesting, so the
    shapes graph goes first."""
    if path is None:
        return None
    if not isinstance(path, BNode):
        return path.n3()
    for graph in graphs:
        if (path, None, None) in graph:
            try:
                return parse_shacl_path(graph, path).n3()
            except Exception:  # not a well-formed path: its description then
                return describe(graph, path)
    return "_:b"


def report_keys(
    report: Graph, root: Node | None, graphs: Iterable[Graph] = (), anonymous: bool = False
) -> tuple[ResultKey, ...]:
    """The top-level results (``sh:result``, not nested ``sh:detail``) of the report ``root`` (None: every
    ``sh:ValidationReport`` of ``report``) as sorted keys, duplicates kept.

    Blank nodes are described from ``graphs`` (the data graph, then the shapes graph), then from the report;
    paths from ``graphs`` in reverse order (the shapes graph first), then from the report."""
    chain = [*graphs, report]
    path_chain = [*reversed(list(graphs)), report]
    roots = [root] if root is not None else list(report.subjects(RDF.type, SH.ValidationReport))
    keys: list[ResultKey] = []
    for top in roots:
        for result in report.objects(top, SH.result):
            keys.append(
                (
                    term_key(report.value(result, SH.focusNode), chain, anonymous) or "",
                    path_key(report.value(result, SH.resultPath), path_chain),
                    term_key(report.value(result, SH.value), chain, anonymous),
                    term_key(report.value(result, SH.resultSeverity), chain),
                    term_key(report.value(result, SH.sourceShape), path_chain, anonymous),
                    term_key(report.value(result, SH.sourceConstraintComponent), chain),
                )
            )
    return tuple(sorted(keys, key=lambda k: tuple(x or "" for x in k)))


def report_conforms(report: Graph) -> bool | None:
    """The ``sh:conforms`` of the report's ``sh:ValidationReport`` (None if it has none, or several)."""
    values = {report.value(root, SH.conforms) for root in report.subjects(RDF.type, SH.ValidationReport)}
    if len(values) != 1:
        return None
    value = values.pop()
    return _boolean(value) if value is not None else None


def filler_focus(key: ResultKey, prefix: str) -> bool:
    """Whether the result is about a filler node (its focus node's IRI starts with ``prefix``)."""
    return key[0].startswith(f"<{prefix}")


__all__ = [
    "DASH_DIR",
    "W3C_DIR",
    "Case",
    "ResultKey",
    "all_cases",
    "copy_graph",
    "dash_cases",
    "describe",
    "filler_focus",
    "path_key",
    "report_conforms",
    "report_keys",
    "term_key",
    "w3c_cases",
]
