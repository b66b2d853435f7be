"""Run SPARQL over the airoles graph with pyoxigraph: parameters bound safely, a time limit, a row limit.

* The graph is the inferred one by default (:func:`query_graph`); ``asserted=True``: asserted triples only.
* External graphs (``ontology/external/``: an ESCO download imported by ``airoles import-esco``) are added to
  the store, after our graph, by the reading commands (``airoles query``, the explorer's SPARQL page;
  :meth:`QueryEngine.load`): straight through pyoxigraph's parser (ESCO: ~0.2 s), never through rdflib.
  Parameters are still resolved against our graph only (a role is one of ours, whatever ESCO calls it).
* Parameters are bound with pyoxigraph *substitutions* (SPARQL SEP-0007), never pasted into the text:
  a value is an RDF term, so ``x" } UNION { ?s ?p ?o } #`` is just a string literal. SEP-0007 binds only
  variables the query exposes: a parameter must be listed in the ``SELECT`` clause (or be in scope under
  ``SELECT *``); for ``ASK``/``CONSTRUCT`` it must occur in the ``WHERE`` pattern, not only in a ``FILTER``.
  The same values are also written as a ``VALUES`` clause opening the WHERE group
  (:mod:`airoles_kg.sparql.values`), because pyoxigraph's planner ignores substitutions (157 ms -> 1.5 ms for
  a
  role's skills at 3,000 roles).
* pyoxigraph cannot cancel a running query, so with a timeout the query runs in a forked child process that is
  killed when the time is up (:class:`QueryTimeout`, exit code 3).
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import re
import signal
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from airoles_kg.core.errors import AirolesError, InputError
from airoles_kg.core.loader import external_files, load_graph
from airoles_kg.core.namespaces import ESCO_BASE, PREFIXES
from airoles_kg.core.store import serialized
from airoles_kg.core.terms import OxQuadTerm, to_oxigraph, to_rdflib
from airoles_kg.sparql.federation import refuse_federation, refuse_update
from airoles_kg.sparql.library import NamedQuery
from airoles_kg.sparql.parameters import KIND_CLASSES as KIND_CLASSES  # re-exported: this module's face
from airoles_kg.sparql.parameters import bind_parameters
from airoles_kg.sparql.parameters import expand_iri as expand_iri  # re-exported, likewise
from airoles_kg.sparql.solutions import solutions_json
from airoles_kg.sparql.stores import esco_layer_for as esco_layer_for  # re-exported: this module's face
from airoles_kg.sparql.stores import external_state as external_state  # likewise
from airoles_kg.sparql.stores import layer_bytes, make_store, persisted_store
from airoles_kg.sparql.stores import load_rdf_files as load_rdf_files  # likewise
from airoles_kg.sparql.values import with_values

DEFAULT_TIMEOUT = 30.0
TIMEOUT_EXIT_CODE = 3

_POSITION_RE = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)
_PROJECTION_RE = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")


DEFAULT_MEMORY_LIMIT = 4 * 1024**3  # 4 GiB: a large ORDER BY of the whole graph fits; a runaway does not


class QueryTimeout(AirolesError):
    """The query ran longer than its time limit and was stopped."""

    exit_code = TIMEOUT_EXIT_CODE


@dataclass(frozen=True)
class Result:
    """The outcome of a query, in a lossless wire form.

    ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE). ``data`` holds the W3C SPARQL 1.1 JSON
    results for select/ask and N-Triples for graph. ``truncated``: the row limit cut the result.
    """

    kind: TypingLiteral["select", "ask", "graph"]
    data: bytes
    truncated: bool = False
    elapsed: float = 0.0

    @property
    def boolean(self) -> bool:
        """The answer of an ASK query."""
        if self.kind != "ask":
            raise ValueError(f"a {self.kind} result has no boolean")
        return bool(ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON))

    def solutions(self) -> ox.QuerySolutions:
        """The SELECT solutions as pyoxigraph objects (a fresh iterator on each call)."""
        if self.kind != "select":
            raise ValueError(f"a {self.kind} result has no solutions")
        solutions = ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions), "a SELECT's data holds solutions"
        return solutions

    @property
    def variables(self) -> list[str]:
        """The SELECT variables, in order, without the ``?``."""
        return [v.value for v in self.solutions().variables]

    def bindings(self) -> list[dict[str, Node]]:
        """The SELECT rows as dicts from variable name to rdflib term (unbound variables are absent)."""
        solutions = self.solutions()
        names = [v.value for v in solutions.variables]
        return [
            {name: to_rdflib(term) for name, term in zip(names, solution, strict=True) if term is not None}
            for solution in solutions
        ]

    def triples(self) -> list[ox.Triple]:
        """The CONSTRUCT/DESCRIBE triples as pyoxigraph objects."""
        if self.kind != "graph":
            raise ValueError(f"a {self.kind} result has no triples")
        return list(ox.parse(self.data, ox.RdfFormat.N_TRIPLES))

    def graph(self) -> Graph:
        """The CONSTRUCT/DESCRIBE triples as an rdflib Graph."""
        graph = Graph()
        if self.data.strip():
            graph.parse(data=self.data, format="nt")
        return graph

    def __len__(self) -> int:
        if self.kind == "ask":
            return 1
        if self.kind == "graph":
            return sum(1 for _ in ox.parse(self.data, ox.RdfFormat.N_TRIPLES))
        return sum(1 for _ in self.solutions())


# ---------------------------------------------------------------------------------------------------------
# Graph and store (the parameters: airoles_kg.sparql.parameters)
# ---------------------------------------------------------------------------------------------------------


def query_graph(asserted: bool = False) -> Graph:
    """The graph queries run on: ontology + knowledge base, plus inferred triples unless ``asserted``."""
    if asserted:
        return load_graph()
    from airoles_kg.reasoning.inference import (
        inferred_graph,  # imported late: reasoning pulls in the reasoner stack
    )

    return inferred_graph()  # no argument: cached by a fingerprint of the source files


# ---------------------------------------------------------------------------------------------------------
# Execution
# ---------------------------------------------------------------------------------------------------------


ESCO_IRI_PREFIX = ESCO_BASE  # a query naming it may need the ESCO layer


class QueryEngine:
    """A graph and its pyoxigraph store, built once and queried many times.

    ``external``: RDF files added to the store after ``graph`` (:func:`load_rdf_files`); they can be queried
    but parameters are resolved against ``graph`` alone.
    """

    external: tuple[Path, ...] = ()  # a class default: subclasses that build their own store have none
    esco_layer: Path | None = None  # likewise: the shipped ESCO layer still to add (see __init__)
    # Hosts a SERVICE clause may name (airoles_kg.sparql.federation): none unless the user allows some.
    allowed_services: tuple[str, ...] = ()
    # Bytes a query may allocate beyond what this process holds (None: no cap); enforced in the forked child
    # that runs a query with a time limit (RLIMIT_AS), so a cartesian product ends one query, not the machine.
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT

    def __init__(
        self,
        graph: Graph,
        external: Iterable[str | os.PathLike[str]] = (),
        esco_layer: Path | None = None,
        *,
        store: ox.Store | None = None,
    ) -> None:
        self.graph = graph
        if store is not None:  # already holds graph, external and the layer (persisted_store)
            self.store = store
            self.external = (*map(Path, external), *([esco_layer] if esco_layer else []))
            return
        self.store = make_store(graph)
        self.external = tuple(load_rdf_files(self.store, external))
        # The ESCO layer shipped with airoles, added to the store the first time a query names an ESCO IRI
        # (about 1.5 s): queries about our graph alone never pay for ESCO's 400,000 triples.
        self.esco_layer = esco_layer

    @classmethod
    def load(cls, asserted: bool = False, external: bool = True) -> QueryEngine:
        """The engine over :func:`query_graph` (inferred unless ``asserted``), plus the external graphs
        (:func:`airoles_kg.core.loader.external_files`, e.g. an ESCO import) unless ``external`` is false;
        with no ESCO import, the ESCO layer shipped with airoles, loaded when a query needs it."""
        files = external_files() if external else []
        layer = esco_layer_for(files) if external else None
        graph = query_graph(asserted)
        store = persisted_store(graph, files, layer, asserted) if files else None
        return cls(graph, files, layer, store=store)

    def _load_esco_layer_for(self, text: str) -> None:
        if ESCO_IRI_PREFIX in text:
            self.load_esco_layer()

    def load_esco_layer(self) -> None:
        """Add the pending ESCO layer to the store now (once; nothing when there is none)."""
        if self.esco_layer is None:
            return
        layer, self.esco_layer = self.esco_layer, None
        try:
            self.store.load(layer_bytes(layer), format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise InputError(f"{layer}: cannot read the ESCO layer: {exc}") from exc
        self.external = (*self.external, layer)

    def run_named(
        self,
        query: NamedQuery,
        values: Mapping[str, str] | None = None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        limit: int | None = None,
    ) -> Result:
        """Bind ``values`` to the query's declared parameters (:func:`bind_parameters`) and run it."""
        bindings = bind_parameters(self.graph, query, values or {})
        return self.run(query.text, bindings, timeout=timeout, limit=limit, where=query.where)

    def run(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,
        limit: int | None = None,
        where: str = "query",
    ) -> Result:
        """Run a SPARQL query with ``bindings`` (variable name -> rdflib term) substituted.

        ``timeout`` in seconds (None: no limit, in this process); ``limit`` caps rows or triples.
        Raises AirolesError for a syntax error (naming ``where``, line and column), FederationRefused for a
        SERVICE to a host not in :attr:`allowed_services`, QueryTimeout when the time is up. The time
        limit forks this process: a program with other threads running (a web server) may prefer
        ``timeout=None`` or a process of its own.
        """
        refuse_update(text, where)
        refuse_federation(text, self.allowed_services, where)
        self._load_esco_layer_for(text)
        substitutions: Substitutions = {
            ox.Variable(name): to_oxigraph(term) for name, term in (bindings or {}).items()
        }
        if limit is not None and limit < 0:
            raise AirolesError(f"the row limit must be positive, not {limit}")
        start = time.perf_counter()
        if timeout is None:
            outcome = _evaluate(self.store, text, substitutions, limit)
        else:
            outcome = _evaluate_in_child(
                self.store, text, substitutions, limit, timeout, where, self.memory_limit
            )
        elapsed = time.perf_counter() - start
        status, payload, truncated = outcome
        if status in ("select", "ask", "graph"):
            return Result(status, payload, truncated, elapsed)  # type: ignore[arg-type]
        raise _error(status, payload.decode("utf-8"), where)


def default_prefixes() -> dict[str, str]:
    """The airoles prefixes (vocabularies and one per kind of individual) as ``prefix -> namespace``.

    Queries may use them without declaring them; library queries declare theirs, to run anywhere.
    """
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


# A dict, not a Mapping: pyoxigraph's Store.query takes exactly this type.
Substitutions = dict[ox.Variable, OxQuadTerm]
QueryAnswer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def _evaluate(
    store: ox.Store, text: str, substitutions: Substitutions, limit: int | None
) -> tuple[str, bytes, bool]:
    """Run the query and encode its result: (kind, bytes, truncated), or (error kind, message, False)."""
    try:
        result = query_store(store, text, substitutions)
        if isinstance(result, ox.QueryBoolean):
            return "ask", serialized(result.serialize(format=ox.QueryResultsFormat.JSON)), False
        if isinstance(result, ox.QuerySolutions):
            if limit is None:
                return "select", serialized(result.serialize(format=ox.QueryResultsFormat.JSON)), False
            variables = [v.value for v in result.variables]
            rows = list(islice(result, limit + 1))
            return "select", solutions_json(variables, rows[:limit]), len(rows) > limit
        triples = iter(result)
        kept = list(islice(triples, limit)) if limit is not None else list(triples)
        truncated = limit is not None and next(triples, None) is not None
        return "graph", serialized(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES)), truncated
    except SyntaxError as exc:
        return "syntax", str(exc).encode("utf-8"), False
    except (RuntimeError, OSError, ValueError, TypeError) as exc:
        return "error", str(exc).encode("utf-8"), False


def query_store(store: ox.Store, text: str, substitutions: Substitutions) -> QueryAnswer:
    """``store.query`` with the parameters also told to the planner (:func:`with_values`). Should the
    hinted text not parse, the original runs, so that a syntax error is reported on the user's text."""
    hinted = with_values(text, substitutions)
    if hinted is not text:
        try:
            return store.query(hinted, substitutions=substitutions, prefixes=default_prefixes())
        except SyntaxError:
            pass
    return store.query(text, substitutions=substitutions, prefixes=default_prefixes())


def _evaluate_in_child(
    store: ox.Store,
    text: str,
    substitutions: Substitutions,
    limit: int | None,
    timeout: float,
    where: str,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> tuple[str, bytes, bool]:
    """:func:`_evaluate` in a forked child that is killed after ``timeout`` seconds and may allocate at most
    ``memory_limit`` bytes more than it inherits.

    The child inherits the store through fork (nothing is copied up front); it sends its encoded result
    back through a pipe.
    """
    if timeout <= 0:
        raise AirolesError(f"the timeout must be positive, not {timeout}")
    if "fork" not in multiprocessing.get_all_start_methods():  # e.g. Windows: no way to stop the query
        return _evaluate(store, text, substitutions, limit)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # Flush our buffered output so the child does not write a second copy of it when it exits.
    sys.stdout.flush()
    sys.stderr.flush()
    child = context.Process(
        target=_child_main,
        args=(store, text, substitutions, limit, sender, memory_limit),
        name="airoles-query",
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(
                f"{where}: the query did not finish within {timeout:g} s and was stopped "
                "(add LIMIT or more selective patterns)"
            )
        try:
            message = receiver.recv_bytes()
        except EOFError:
            child.join(5)
            if memory_limit is not None and child.exitcode in (-signal.SIGABRT, -signal.SIGKILL, 1):
                raise AirolesError(
                    f"{where}: the query needed more than {_size(memory_limit)} of memory and was stopped "
                    "(add LIMIT or more selective patterns)"
                ) from None
            raise AirolesError(
                f"{where}: the query process ended without an answer (exit code {child.exitcode})"
            ) from None
        return pickle.loads(message)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def _child_main(
    store: ox.Store,
    text: str,
    substitutions: Substitutions,
    limit: int | None,
    sender: Connection,
    memory_limit: int | None = None,
) -> None:
    if memory_limit is not None:
        _cap_memory(memory_limit)
        # Past the cap pyoxigraph aborts with "memory allocation failed" and a backtrace on stderr: the
        # parent says what happened; the user's terminal gets no Rust backtrace.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        faulthandler.disable()  # (when a test runner enabled it: the abort is expected, not a crash)
    try:
        outcome = _evaluate(store, text, substitutions, limit)
    except BaseException as exc:  # anything unexpected still reaches the parent as a message
        outcome = ("error", f"{type(exc).__name__}: {exc}".encode(), False)
    sender.send_bytes(pickle.dumps(outcome))
    sender.close()
    os._exit(0)  # skip the parent's atexit handlers and buffered streams inherited through fork


def _size(n: int) -> str:
    return f"{n / 1024**3:g} GiB" if n >= 1024**3 else f"{n / 1024**2:.0f} MiB"


def _cap_memory(extra: int) -> None:
    """Let this (forked) process map at most ``extra`` bytes more than it does now (RLIMIT_AS); an allocation
    past it fails, and pyoxigraph then aborts the process: the parent reports the query as too large."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))
    except (ImportError, OSError, StopIteration, ValueError):
        pass  # no /proc or no RLIMIT_AS (not Linux): the time limit still holds


def _error(status: str, message: str, where: str) -> AirolesError:
    if status == "syntax":
        match = _POSITION_RE.match(message)
        position, reason = (f":{match.group(1)}:{match.group(2)}", match.group(3)) if match else ("", message)
        if "Prefix not found" in reason:
            reason = "unknown prefix (declare it with PREFIX; the airoles prefixes need no declaration)"
        reason = " ".join(reason.split())
        if len(reason) > 300:  # the parser may list hundreds of expected characters
            reason = reason[:300] + "…"
        return AirolesError(f"{where}{position}: SPARQL syntax error: {reason}")
    projection = _PROJECTION_RE.search(message)
    if projection:
        name = projection.group(1)
        return AirolesError(
            f"{where}: parameter ?{name} cannot be bound: list it in the SELECT clause (for ASK or "
            "CONSTRUCT, use it in the WHERE pattern, not only in a FILTER). Parameters are bound by "
            "substitution (SPARQL SEP-0007), which only binds variables the query exposes."
        )
    return AirolesError(f"{where}: query failed: {message}")
