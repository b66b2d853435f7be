"""airoles' SHACL validation gives exactly plain pyshacl's results on the W3C SHACL test suite and on
pySHACL's DASH test cases (``tests/shacl_suites/``, read by :mod:`support.shacl_suite`).

Three runs per case:

* plain pyshacl, with the options :func:`airoles_kg.shacl.validate_graph` uses (``inference="none"``,
  ``advanced=True``, ``inplace=True`` on a private copy of the data, warnings and infos allowed), so that only
  the narrowing differs;
* :func:`~airoles_kg.shacl.validate_graph` with ``method="narrowed"`` (the fast path forced on);
* the same data plus :data:`FILLER_TRIPLES` unrelated triples (``<urn:filler:N> <urn:filler:p> "N"``) and
  ``method="auto"``, which narrows past :data:`~airoles_kg.shacl.NARROW_FROM` triples; its results restricted
  to the non-filler focus nodes. (How long it takes is a benchmark's business, not a test's.)

``test_airoles_gives_plain_pyshacl_results``: both airoles runs give plain pyshacl's results (or both give an
error: an :class:`~airoles_kg.core.errors.AirolesError` from airoles; an exception or a returned
``ValidationFailure`` from pyshacl). Any other exception from airoles is a crash and fails the test. airoles
writes ``sh:conforms`` as the standard defines it (true only without results, whatever their severity), not
pyshacl's ``allow_warnings`` verdict: its conforms is compared with that. :data:`AIROLES_DIFFERS` lists the
cases where airoles differs today: strict xfails, the fast path's to-do list (a fixed case XPASSes, which
fails: remove its entry).

``test_plain_pyshacl_gives_the_suite_result``: what the suite expects, of plain pyshacl with these options;
:data:`PYSHACL_DIFFERS` lists where pyshacl differs (strict xfails too: pyshacl's behaviour, recorded).

No test reaches the network (:func:`no_network`): a socket connection, a name look-up and a SPARQL ``SERVICE``
query in pyoxigraph (which would send its request from Rust, past Python's sockets) raise ``OSError`` and are
recorded; a test during which something tried fails, whatever its results.
"""

from __future__ import annotations

import functools
import re
import socket
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from support.shacl_suite import (
    Case,
    ResultKey,
    all_cases,
    copy_graph,
    filler_focus,
    report_conforms,
    report_keys,
)

from airoles_kg import cli
from airoles_kg.core.errors import AirolesError
from airoles_kg.shacl import NARROW_FROM, validate_graph

CASES = all_cases()
BY_NAME = {case.name: case for case in CASES}
W3C_CASES = 120
DASH_CASES = 99
FILLER = "urn:filler:"
FILLER_TRIPLES = NARROW_FROM + 1_000

# Where airoles gives other results than plain pyshacl: the fast path's to-do list (empty: none).
# The test fails with an AssertionError (other results), or with the
# exception AIROLES_RAISES names (a crash).
AIROLES_DIFFERS: dict[str, str] = {}
AIROLES_RAISES: dict[str, type[BaseException]] = {}

_LENIENT = (
    "allow_warnings=True (airoles' option): pyshacl's sh:conforms is true beside a sh:Warning result; the "
    "suite expects false (any result makes a report non-conforming). The results are the suite's"
)
# Where plain pyshacl (these options) does not give the suite's expected result.
PYSHACL_DIFFERS: dict[str, str] = {
    "w3c/core/misc/severity-001": _LENIENT,
    "dash/core/misc/severity-001": _LENIENT,
    "w3c/sparql/node/sparql-003": _LENIENT,
    "w3c/core/property/uniqueLang-002": (
        'pyshacl reads sh:uniqueLang "1"^^xsd:boolean as true and reports ex:i (two @en values of '
        "ex:message, UniqueLangConstraintComponent); the suite expects conforms: only the literal true "
        "activates the constraint"
    ),
    "w3c/sparql/pre-binding/shapesGraph-001": (
        "pyshacl raises NotImplementedError ($shapesGraph in a SPARQL constraint is not supported) where the "
        "suite expects one SPARQLConstraintComponent violation (pySHACL's own test_sht_validate.py allows "
        "this failure)"
    ),
}


# ---------------------------------------------------------------------------------------------------------
# No network
# ---------------------------------------------------------------------------------------------------------

NETWORK_ATTEMPTS: list[str] = []
_SERVICE = re.compile(r"(?<![\w:])SERVICE\s+(?:SILENT\s+)?(?:<|[?$]|[A-Za-z_]\w*:|:)", re.IGNORECASE)
_REAL_STORE = pyoxigraph.Store


def _refuse(what: str) -> None:
    NETWORK_ATTEMPTS.append(what)
    raise OSError(f"network access disabled in tests/test_shacl_suites.py: {what}")


class _OfflineStore:
    """A pyoxigraph Store that refuses SPARQL ``SERVICE`` queries (pyoxigraph would send them itself)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._store = _REAL_STORE(*args, **kwargs)

    def query(self, query: str, *args: Any, **kwargs: Any) -> Any:
        match = _SERVICE.search(query)
        if match:
            _refuse(f"pyoxigraph SPARQL {query[match.start() :].split('{', 1)[0].strip()}")
        return self._store.query(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def __len__(self) -> int:
        return len(self._store)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._store)

    def __contains__(self, quad: object) -> bool:
        return quad in self._store


@pytest.fixture(autouse=True, scope="module")
def no_network() -> Iterator[None]:
    """Module-wide: sockets cannot connect nor resolve names, pyoxigraph cannot run a SERVICE query."""

    def connect(self: socket.socket, address: object) -> None:
        _refuse(f"socket connect {address!r}")

    def connect_ex(self: socket.socket, address: object) -> int:
        _refuse(f"socket connect {address!r}")
        return 1

    def getaddrinfo(host: object, *args: Any, **kwargs: Any) -> list[Any]:
        _refuse(f"resolve {host!r}")
        return []

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        patch.setattr(pyoxigraph, "Store", _OfflineStore)
        yield


@pytest.fixture(autouse=True)
def network_attempts() -> Iterator[list[str]]:
    """This test's network attempts (none allowed)."""
    NETWORK_ATTEMPTS.clear()
    yield NETWORK_ATTEMPTS
    NETWORK_ATTEMPTS.clear()


# ---------------------------------------------------------------------------------------------------------
# The three runs
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A validation's outcome: an error, or ``sh:conforms`` and the results (sorted keys)."""

    error: str | None
    conforms: bool | None = None
    results: tuple[ResultKey, ...] = ()

    def same_as(self, other: Outcome) -> bool:
        if self.error is not None or other.error is not None:
            return self.error is not None and other.error is not None
        return (self.conforms, self.results) == (other.conforms, other.results)

    def standard(self) -> Outcome:
        """sh:conforms as the standard (and airoles) writes it: true only without results."""
        return self if self.error is not None else Outcome(None, not self.results, self.results)

    def text(self) -> str:
        if self.error is not None:
            return f"error ({self.error})"
        return f"conforms={self.conforms}, {len(self.results)} results"


@functools.cache
def plain(name: str) -> tuple[Outcome, Outcome]:
    """Plain pyshacl on the case: the outcome with blank nodes described, and with blank nodes as ``_:b``."""
    case = BY_NAME[name]
    try:
        _, report, _ = pyshacl.validate(
            copy_graph(case.data),
            shacl_graph=copy_graph(case.shapes),
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=True,
            allow_infos=True,
        )
    except Exception as exc:  # pyshacl raises for shapes or data it cannot evaluate: an error outcome
        error = Outcome(f"{type(exc).__name__}: {exc}")
        return error, error
    if not isinstance(report, Graph):  # a ValidationFailure, returned
        error = Outcome(f"{type(report).__name__}: {report}")
        return error, error
    conforms = report_conforms(report)
    return (
        Outcome(None, conforms, report_keys(report, None, [case.data, case.shapes])),
        Outcome(None, conforms, report_keys(report, None, [case.data, case.shapes], anonymous=True)),
    )


def airoles(case: Case, data: Graph, method: str) -> Outcome:
    """airoles' validate_graph; an AirolesError is an error outcome, any other exception propagates."""
    try:
        report = validate_graph(data, copy_graph(case.shapes), method=method)
    except AirolesError as exc:
        return Outcome(f"{type(exc).__name__}: {exc}")
    graph = report.report_graph
    return Outcome(None, report_conforms(graph), report_keys(graph, None, [case.data, case.shapes]))


class _Filler:
    """One graph of filler triples, lent to each case with the case's data added (and removed after): much
    cheaper than copying 6,000 triples for every case. The case's prefixes replace the previous case's
    (rdflib runs a SPARQL query with the graph's prefixes when given none), and a run that changed the graph
    (a SHACL rule, in place) makes it built again."""

    def __init__(self) -> None:
        self._graph: Graph | None = None

    def _fresh(self) -> Graph:
        p = URIRef(f"{FILLER}p")
        graph = Graph()
        graph.addN((URIRef(f"{FILLER}{i}"), p, Literal(str(i)), graph) for i in range(FILLER_TRIPLES))
        return graph

    @contextmanager
    def holding(self, data: Graph) -> Iterator[Graph]:
        if self._graph is None or len(self._graph) != FILLER_TRIPLES:
            self._graph = self._fresh()
        graph = self._graph
        graph.namespace_manager = NamespaceManager(graph)
        for prefix, namespace in data.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        graph += data
        assert len(graph) == FILLER_TRIPLES + len(data) >= NARROW_FROM
        try:
            yield graph
        finally:
            graph -= data
            if len(graph) != FILLER_TRIPLES:
                self._graph = None


FILLED = _Filler()


def filler_run(case: Case) -> Outcome:
    """``method="auto"`` on the case's data plus the filler, restricted to the non-filler focus nodes
    (conforms then re-derived: true only without results)."""
    with FILLED.holding(case.data) as graph:
        outcome = airoles(case, graph, "auto")
    if outcome.error is not None:
        return outcome
    kept = tuple(k for k in outcome.results if not filler_focus(k, FILLER))
    if len(kept) == len(outcome.results):
        return outcome
    return Outcome(None, not kept, kept)


def difference(run: str, expected: Outcome, actual: Outcome, reference: str = "plain pyshacl") -> str:
    """What ``actual`` lacks and adds compared to ``expected``."""
    lines = [f"{run}: {actual.text()}; {reference}: {expected.text()}"]
    if expected.error is None and actual.error is None:
        if expected.conforms != actual.conforms:
            lines.append(f"  conforms {actual.conforms}, {reference}: {expected.conforms}")
        want, got = Counter(expected.results), Counter(actual.results)
        lines += [f"  missing {key}" for key in sorted((want - got).elements())]
        lines += [f"  extra   {key}" for key in sorted((got - want).elements())]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------------------


def _params(differs: dict[str, str], raises: dict[str, type[BaseException]] | None = None) -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if case.name in differs:
            exception = (raises or {}).get(case.name, AssertionError)
            marks.append(pytest.mark.xfail(strict=True, reason=differs[case.name], raises=exception))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_every_case_is_read():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names are unique"
    assert sum(name.startswith("w3c/") for name in names) == W3C_CASES
    assert sum(name.startswith("dash/") for name in names) == DASH_CASES
    assert sum(case.expected_failure for case in CASES) == 7  # the W3C sht:Failure entries


def test_the_lists_name_existing_cases():
    for listed in (AIROLES_DIFFERS, AIROLES_RAISES, PYSHACL_DIFFERS):
        assert set(listed) <= set(BY_NAME), set(listed) - set(BY_NAME)
    assert set(AIROLES_RAISES) <= set(AIROLES_DIFFERS)


def test_the_network_guard_refuses_and_records(network_attempts: list[str]) -> None:
    with pytest.raises(OSError, match="network access disabled"):
        pyoxigraph.Store().query("SELECT * WHERE { service <http://example.invalid/sparql> { ?s ?p ?o } }")
    with pytest.raises(OSError, match="network access disabled"):
        socket.create_connection(("example.invalid", 80), timeout=1)
    with pytest.raises(OSError, match="network access disabled"):
        socket.socket().connect(("127.0.0.1", 9))
    assert len(network_attempts) == 3
    network_attempts.clear()
    store = pyoxigraph.Store()  # everything else still works
    node, service = pyoxigraph.NamedNode("urn:a"), pyoxigraph.NamedNode("urn:service")
    store.add(pyoxigraph.Quad(node, service, pyoxigraph.Literal("x")))
    solutions = store.query("SELECT ?o WHERE { ?s <urn:service> ?o }")  # "service" is no SERVICE
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    assert len(list(solutions)) == 1


@pytest.mark.parametrize("case", _params(AIROLES_DIFFERS, AIROLES_RAISES))
def test_airoles_gives_plain_pyshacl_results(case: Case, network_attempts: list[str]) -> None:
    expected = plain(case.name)[0].standard()
    assert not network_attempts, f"plain pyshacl tried to reach the network: {network_attempts}"
    problems = []
    narrowed = airoles(case, copy_graph(case.data), "narrowed")
    if not narrowed.same_as(expected):
        problems.append(difference('method="narrowed"', expected, narrowed))
    filled = filler_run(case)
    if not filled.same_as(expected):
        problems.append(difference(f'method="auto" with {FILLER_TRIPLES} filler triples', expected, filled))
    assert not network_attempts, f"airoles tried to reach the network: {network_attempts}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", _params(PYSHACL_DIFFERS))
def test_plain_pyshacl_gives_the_suite_result(case: Case, network_attempts: list[str]) -> None:
    outcome = plain(case.name)[1]
    assert not network_attempts, f"plain pyshacl tried to reach the network: {network_attempts}"
    if case.expected_failure:
        assert outcome.error is not None, f"the suite expects sht:Failure, pyshacl gave {outcome.text()}"
        return
    expected = Outcome(None, case.expected_conforms, case.expected)
    assert outcome.same_as(expected), difference("plain pyshacl", expected, outcome, reference="the suite")


# Through the command line as a user runs it (`airoles validate DATA --shapes SHAPES --format turtle`): every
# eighth case, enough to cover each folder without doubling the module's time.
CLI_CASES = CASES[::8]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.name) for c in CLI_CASES if c.name not in PYSHACL_DIFFERS]
)
def test_validate_with_the_cases_shapes_gives_plain_pyshacl_results(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, shapes = tmp_path / "data.ttl", tmp_path / "shapes.ttl"
    data.write_text(case.data.serialize(format="turtle"), encoding="utf-8")
    shapes.write_text(case.shapes.serialize(format="turtle"), encoding="utf-8")
    expected = plain(case.name)[1].standard()
    code = cli.main(["validate", str(data), "--shapes", str(shapes), "--format", "turtle"])
    out, err = capsys.readouterr()
    if expected.error is not None:
        assert code == 2 and out == "" and "Traceback" not in err, err
        return
    assert code in (0, 1), err
    report = Graph().parse(data=out, format="turtle")
    graphs = [Graph().parse(data), Graph().parse(shapes)]
    found = Outcome(None, report_conforms(report), report_keys(report, None, graphs, anonymous=True))
    assert found.same_as(expected), difference("airoles validate --shapes", expected, found)
