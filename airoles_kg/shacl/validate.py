"""SHACL validation of the airoles graph, and of the data others bring, against ``shapes/airoles-shapes.ttl``.

How it runs (pyshacl):

* ``inference="none"`` on a plain rdflib Graph that already holds the ontology, so ``sh:targetClass`` and
  ``sh:class`` follow the ontology's ``rdfs:subClassOf`` axioms without an ``ont_graph`` (passing the
  ontology again as ``ont_graph`` would only make pyshacl copy the data graph to mix it in);
* ``advanced=True`` for the two SHACL-AF SPARQL targets of the shapes ("every IRI of our id namespace");
* ``inplace=True``: the shapes hold no ``sh:rule``, so the data graph is read, never changed — no copy.

Large graphs (from :data:`NARROW_FROM` triples, or when asked): pyshacl checks each shape on each focus node
in Python, minutes for a catalogue of thousands of roles, so it is handed only the focus nodes that might
fail (:func:`airoles_kg.shacl.fast.narrow`); every result and message is still pyshacl's own.

Others' files are parsed once (:func:`validate_files`) into an
:class:`~airoles_kg.shacl.data_graph.IndexedStore` graph, the data graph pyshacl validates and whose
per-predicate indexes the narrowing reads. The pyoxigraph store of the narrowing's SPARQL (which then also
answers pyshacl's per-node queries, :class:`airoles_kg.shacl.fast.StoreAnswers`) is loaded from the large
files on a worker thread meanwhile (where they have blank nodes, its triples with one are then replaced by
the data graph's own); without a large file, it is filled from the data graph's triples. Our graph's
triples come from the cache (:mod:`airoles_kg.core.cache`, keyed by the files and the code).

Others' files are validated merged with the ontology AND our knowledge base, so that their links to our
roles, skills and source documents resolve (``sh:class`` and "the source exists" pass for them); only
the results about the nodes the files introduce are kept (see :func:`introduced_nodes`). Our own graph's
results never leak into the report on someone else's file.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox
import pyshacl
from pyshacl.constraints.constraint_component import ConstraintComponent
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from airoles_kg.core import cache
from airoles_kg.core.errors import AirolesError, InputError
from airoles_kg.core.loader import base_iri, fast_format, load_graph, parse_into, source_files
from airoles_kg.core.namespaces import bind_missing, bind_prefixes
from airoles_kg.shacl import fast
from airoles_kg.shacl.data_graph import indexed_graph, indexed_store
from airoles_kg.shacl.shapes import SHAPES, SHAPES_PREFIX, curie, load_shapes, named_shape
from airoles_kg.sparql.federation import remote_clauses

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")  # most severe first
FAIL_ON: tuple[str, ...] = tuple(s.lower() for s in SEVERITIES)  # what ValidationReport.passes may fail on
METHODS: tuple[str, ...] = ("auto", "pyshacl", "narrowed")
# From this many triples "auto" narrows the focus nodes first. Measured: our graph (5,426 triples) 2.9 s
# plain, 0.9 s narrowed (the whole command); with 30 synthetic roles (~12,000 triples) 8 s plain, 0.15 s
# narrowed.
# Below it (small fixtures, a few files) plain pyshacl takes well under a second anyway.
NARROW_FROM = 5_000
_SEVERITY_BY_IRI = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, read from the report graph.

    ``shape`` is the shape that reported it; for a blank-node property shape, the named shape holding it.
    ``messages`` maps a language tag ("" for untagged) to the message text.
    """

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: str
    messages: dict[str, str]
    shape: Node
    component: URIRef | None
    node: BNode | URIRef = field(compare=False, repr=False)  # the result node in the report graph

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, else English, else French, else any."""
        for wanted in (lang, "en", "fr", ""):
            if wanted in self.messages:
                return self.messages[wanted]
        return next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    """The results of one validation run, the SHACL report graph and the graph that was validated."""

    results: list[ValidationResult]
    report_graph: Graph
    data_graph: Graph
    shapes_graph: Graph
    sources: list[str]  # what was validated: file names, or ["airoles"] for the project graph

    def counts(self) -> dict[str, int]:
        """Number of results per severity (``Violation``, ``Warning``, ``Info``)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return counts

    def conforms(self) -> bool:
        """Whether the data conforms in the SHACL sense: no result at all, whatever its severity (the report
        graph's ``sh:conforms``)."""
        return not self.results

    def passes(self, fail_on: str = "violation") -> bool:
        """The lenient verdict: no result of severity ``fail_on`` or above (``"violation"``: warnings and
        infos allowed; ``"warning"``: infos allowed; ``"info"``: no result at all)."""
        if fail_on not in FAIL_ON:
            raise AirolesError(f"unknown severity {fail_on!r}: use one of {', '.join(FAIL_ON)}")
        failing = set(SEVERITIES[: FAIL_ON.index(fail_on) + 1])
        return not any(r.severity in failing for r in self.results)


def _severity(node: Node | None) -> str:
    return _SEVERITY_BY_IRI.get(node, "Violation") if isinstance(node, URIRef) else "Violation"


_PLACEHOLDER = re.compile(r"\\\{\\[?$](\w+)\\\}")  # "{?var}" / "{$var}" once re.escape()d


def _messages(
    report: Graph, shapes: Graph, result: Node, described: dict[Node, list[Node]] | None = None
) -> dict[str, str]:
    """The result's messages by language (``described``: the result's :func:`_description`, if read).

    pyshacl drops the language tag of a SPARQL constraint's message when it fills in its ``{?var}``
    placeholders: each untagged message is matched back to the constraint's tagged templates, and the
    report graph gets the tagged message in its place.
    """
    described = _description(report, result) if described is None else described
    messages: dict[str, str] = {}
    untagged: list[Literal] = []
    for message in described.get(SH.resultMessage, ()):
        if isinstance(message, Literal):
            if message.language:
                messages.setdefault(message.language, str(message))
            else:
                untagged.append(message)
    if untagged:
        constraint = _first(described, SH.sourceConstraint) or _first(described, SH.sourceShape)
        templates = [
            (m.language, m)
            for m in shapes.objects(constraint, SH.message)
            if isinstance(m, Literal) and m.language
        ]
        for message in sorted(untagged):
            text = str(message)
            for language, template in templates:
                if language not in messages and _template_pattern(str(template)).fullmatch(text):
                    messages[language] = _shorten_iris(report, text)
                    report.remove((result, SH.resultMessage, message))
                    report.add((result, SH.resultMessage, Literal(text, lang=language)))
                    break
            else:
                messages.setdefault("", text)
    return messages


@functools.lru_cache(maxsize=1024)
def _template_pattern(template: str) -> re.Pattern[str]:
    """A message template as a regular expression, each ``{?var}`` matching any text."""
    return re.compile(_PLACEHOLDER.sub(lambda _: "(.*?)", re.escape(template)), flags=re.DOTALL)


def _description(graph: Graph, node: Node) -> dict[Node, list[Node]]:
    """``node``'s objects by predicate, each list in the graph's order (one read of its triples)."""
    described: dict[Node, list[Node]] = {}
    for p, o in graph.predicate_objects(node):
        described.setdefault(p, []).append(o)
    return described


def _first(described: dict[Node, list[Node]], p: Node) -> Node | None:
    """What ``Graph.value(node, p)`` gives, from the node's :func:`_description`."""
    objects = described.get(p)
    return objects[0] if objects else None


def _shorten_iris(graph: Graph, text: str) -> str:
    """Write the full IRIs pyshacl puts into filled-in messages as CURIEs where a prefix is bound."""
    return re.sub(r"https?://[^\s)'\"»]+", lambda m: curie(graph, URIRef(m.group(0))), text)


def _read_results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    """The top-level results of a report (not the nested ``sh:detail`` ones), identical ones once.

    A value can fail two constraints of one shape with the same message (``sh:node`` and ``sh:minInclusive``
    on a non-number): the user needs to read it once.
    """
    results: dict[tuple, ValidationResult] = {}
    named: dict[Node, Node] = {}  # source shape -> its named shape
    for root in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(root, SH.result):
            described = _description(report, node)
            focus_node = _first(described, SH.focusNode)
            if not isinstance(node, BNode | URIRef) or focus_node is None:
                continue  # no result: a SHACL result is a node with exactly one sh:focusNode
            messages = _messages(report, shapes, node, described)
            source_shape = _first(described, SH.sourceShape)
            component = _first(described, SH.sourceConstraintComponent)
            if source_shape is not None and source_shape not in named:
                named[source_shape] = named_shape(shapes, source_shape)
            result = ValidationResult(
                focus_node=focus_node,
                path=_first(described, SH.resultPath),
                value=_first(described, SH.value),
                severity=_severity(_first(described, SH.resultSeverity)),
                messages=messages,
                shape=named[source_shape] if source_shape is not None else SH.Shape,
                component=component if isinstance(component, URIRef) else None,
                node=node,
            )
            key = (result.focus_node, result.path, result.value, result.severity, result.shape, str(messages))
            results.setdefault(key, result)
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    return sorted(
        results.values(),
        key=lambda r: (str(r.focus_node), rank.get(r.severity, 9), str(r.shape), str(r.path), str(r.value)),
    )


def _copy_description(source: Graph, target: Graph, node: Node, seen: set[Node] | None = None) -> None:
    """Copy ``node``'s triples, following blank-node objects (its concise bounded description)."""
    seen = set() if seen is None else seen
    if node in seen:
        return
    seen.add(node)
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        if isinstance(o, BNode):
            _copy_description(source, target, o, seen)


def _complete_paths(report: Graph, shapes: Graph) -> None:
    """Replace each complex ``sh:resultPath`` of the report by the shapes graph's own path.

    pyshacl keeps the path's top blank node id but copies the nested blank nodes only partly (nested inverse
    paths are lost), so the report would not read as a valid SHACL path.
    """
    for path in set(report.objects(None, SH.resultPath)):
        if isinstance(path, BNode) and (path, None, None) in shapes:
            partial = Graph()
            _copy_description(report, partial, path)
            for triple in partial:
                report.remove(triple)
            _copy_description(shapes, report, path)


def _set_conforms(report: Graph) -> None:
    """``sh:conforms`` as the standard defines it: true only when the report holds no result. (pyshacl's
    ``allow_warnings`` makes it true beside warnings; that lenient verdict is :meth:`ValidationReport.passes`,
    the CLI's summary and exit code, not the report graph's.)"""
    for root in list(report.subjects(RDF.type, SH.ValidationReport)):
        report.set((root, SH.conforms, Literal(next(report.objects(root, SH.result), None) is None)))


def _filtered_report(report: Graph, results: list[ValidationResult], conforms: bool) -> Graph:
    """A SHACL report graph holding only ``results`` (in an
    :class:`~airoles_kg.shacl.data_graph.IndexedStore`: thousands of results are copied faster)."""
    graph = indexed_graph()
    for prefix, ns in report.namespaces():
        graph.bind(prefix, ns, override=True, replace=True)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(conforms)))
    seen: set[Node] = set()
    for result in results:
        graph.add((root, SH.result, result.node))
        _copy_description(report, graph, result.node, seen)
    return graph


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    only_nodes: set[Node] | None = None,
    sources: Sequence[str] = ("airoles",),
    method: str = "auto",
    store: ox.Store | None = None,
) -> ValidationReport:
    """Validate ``data`` (which must hold the ontology) against the shapes.

    ``only_nodes``: keep only the results whose focus node or value is in this set (the report graph is
    rebuilt accordingly). ``method``: ``pyshacl`` gives pyshacl every focus node; ``narrowed`` only those
    that might fail (:mod:`airoles_kg.shacl.fast`; ``store``: the data already in pyoxigraph, if the caller
    has it); ``auto`` narrows from :data:`NARROW_FROM` triples. The results are the same. The data graph is
    not modified. Errors inside pyshacl become :class:`AirolesError`.
    """
    if method not in METHODS:
        raise AirolesError(f"unknown validation method {method!r}: use one of {', '.join(METHODS)}")
    shapes = load_shapes() if shapes is None else shapes
    refuse_remote_sparql(shapes)
    checked = shapes
    answers = None  # pyshacl's per-node queries answered by the narrowing's store, where that is exact
    if _narrows(data, method):
        narrowed = fast.narrow(data, shapes, store)
        checked = narrowed.shapes  # the same shape nodes, fewer targets
        answers = fast.StoreAnswers.of(data, shapes, narrowed.store)
    try:
        with _parsed_once(data, answers), _checked_once(), _no_text_report():
            _, report, _ = pyshacl.validate(
                data,
                shacl_graph=checked,
                inference="none",
                advanced=True,
                inplace=True,
                allow_warnings=True,
                allow_infos=True,
            )
    except RecursionError as exc:
        raise AirolesError("validation failed: the data nests too deeply (recursion limit reached)") from exc
    except Exception as exc:  # pyshacl raises its own error types for data it cannot evaluate
        raise AirolesError(f"validation failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(report, Graph):
        # pyshacl returns (not raises) a ValidationFailure for shapes it cannot use, e.g. a SPARQL constraint
        # with a VALUES clause, which SHACL forbids.
        raise InputError(f"the shapes cannot be used: {report}")
    bind_prefixes(report)
    report.bind(SHAPES_PREFIX, SHAPES, override=True, replace=True)
    _complete_paths(report, shapes)
    _set_conforms(report)
    results = _read_results(report, shapes)
    if only_nodes is not None:
        results = [r for r in results if r.focus_node in only_nodes or r.value in only_nodes]
        report = _filtered_report(report, results, not results)
    return ValidationReport(results, report, data, shapes, list(sources))


@contextmanager
def _parsed_once(data: Graph, answers: fast.StoreAnswers | None = None) -> Iterator[None]:
    """While pyshacl validates ``data``, each SPARQL text it queries is parsed once, and ``answers``, if
    given, answers the queries with initial bindings that it can
    (:class:`airoles_kg.shacl.fast.StoreAnswers`).

    pyshacl runs a SPARQL constraint once per focus node, passing the same text each time (the node is an
    initial binding), and rdflib parses and translates it every time: 4,460 parses took 107 s of the 116 s
    pyshacl spent on a 3,000-role catalogue. The parsed query is kept per text, prefixes and base, exactly as
    rdflib's processor would build it, and given to rdflib with those prefixes (a parsed query does not read
    them, and ``Graph.query`` would otherwise gather the graph's prefixes again for every focus node: 0.5 s
    for 4,460 queries); the graph's own ``query`` is restored afterwards.
    """
    prefixes = dict(data.namespaces())  # Graph.query's default initNs: they do not change meanwhile
    parsed: dict[str, Query] = {}
    original = data.query

    def query(
        query_object: object,
        processor: object = "sparql",
        result: object = "sparql",
        initNs: object = None,  # noqa: N803 - rdflib's names: pyshacl passes them by position
        initBindings: object = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: object,
    ) -> object:
        # pyshacl's call: a text, initial bindings, rdflib's defaults; any other call is passed on as it is.
        if isinstance(query_object, str) and processor == "sparql" and initNs is None and not kwargs:
            if answers is not None and initBindings and result == "sparql":
                answer = answers.answer(query_object, initBindings)  # type: ignore[arg-type]
                if answer is not None:
                    return answer
            if query_object not in parsed:
                parsed[query_object] = prepareQuery(query_object, initNs=prefixes)
            query_object, initNs = parsed[query_object], prefixes
        return original(
            query_object,  # type: ignore[arg-type]
            processor,  # type: ignore[arg-type]
            result,  # type: ignore[arg-type]
            initNs,  # type: ignore[arg-type]
            initBindings,  # type: ignore[arg-type]
            use_store_provided,
            **kwargs,
        )

    setattr(data, "query", query)  # noqa: B010 - an instance attribute, shadowing the method for a while
    try:
        yield
    finally:
        del data.query


_CHECK_INVALID_SPARQL = SPARQLQueryHelper.check_invalid_sparql  # pyshacl's own (see _checked_once)


@contextmanager
def _checked_once() -> Iterator[None]:
    """While pyshacl validates, each SPARQL text is checked once for what SHACL forbids in it.

    Before each query of a SPARQL constraint, pyshacl checks its text (MINUS, VALUES, SERVICE, nested
    SELECTs, ``AS`` on a pre-bound variable: nine regular expressions, 0.4 ms) once per focus node, the same
    text every time. The check depends on the text, on whether a value node is pre-bound and on the extra
    variables only: a text that passed passes again. A failing one is checked again (and raises again)."""
    passed: set[tuple[str, bool, frozenset[str]]] = set()

    def check(
        self: SPARQLQueryHelper,
        sparql_text: str,
        valuenode: object = None,
        extravars: Iterable[str] | None = None,
    ) -> bool:
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in passed:
            _CHECK_INVALID_SPARQL(self, sparql_text, valuenode=valuenode, extravars=extravars)
            passed.add(key)
        return True

    SPARQLQueryHelper.check_invalid_sparql = check  # type: ignore[method-assign]
    try:
        yield
    finally:  # pyshacl's own, whatever ran meanwhile (another thread's validation ends with it too)
        SPARQLQueryHelper.check_invalid_sparql = _CHECK_INVALID_SPARQL  # type: ignore[method-assign]


_DESCRIBE_RESULT = ConstraintComponent.make_v_result_description  # pyshacl's own (see _no_text_report)


@contextmanager
def _no_text_report() -> Iterator[None]:
    """While pyshacl validates, it writes no text description of each result.

    Beside each result of its report graph, pyshacl writes a text one (the third value ``validate``
    returns), rendering every node of it: 2.3 s for the 4,510 results of a 3,000-role catalogue. airoles
    reads the report graph only, and writes its own text from it."""

    def describe(self: ConstraintComponent, *args: object, **kwargs: object) -> str:
        return ""

    ConstraintComponent.make_v_result_description = describe  # type: ignore[method-assign]
    try:
        yield
    finally:  # pyshacl's own, whatever ran meanwhile
        ConstraintComponent.make_v_result_description = _DESCRIBE_RESULT  # type: ignore[method-assign]


def refuse_remote_sparql(shapes: Graph) -> None:
    """InputError when a SPARQL query of the shapes would read from elsewhere (``SERVICE``, ``FROM``):
    validation never makes a request, whichever path runs (rdflib would send the query or fetch the
    document; pyoxigraph too, for SERVICE). Checked before anything runs."""
    for prop in (SH.select, SH.ask, SH.construct, SH.update):
        for node, text in sorted(shapes.subject_objects(prop), key=lambda pair: str(pair[1])):
            clauses = remote_clauses(str(text))
            if clauses:
                owner = curie(shapes, named_shape(shapes, node))
                raise InputError(
                    f"the shapes cannot be used: the SPARQL query of {owner} has "
                    f"{' and '.join(sorted(set(clauses)))}: validation reads the data only and makes no "
                    "request"
                )


def _narrows(data: Graph, method: str) -> bool:
    """Whether pyshacl is given only the focus nodes that might fail (see :func:`validate_graph`)."""
    return method == "narrowed" or (method == "auto" and len(data) >= NARROW_FROM)


def validate_project(shapes: Graph | None = None, method: str = "auto") -> ValidationReport:
    """Validate the project's own graph: the ontology and every knowledge-base file."""
    return validate_graph(load_graph(), shapes, method=method)


def introduced_nodes(user: Graph, ours: Graph) -> set[Node]:
    """The nodes a user's data is answerable for: every subject it describes, and every node it refers to
    that our graph does not describe (a dangling reference is theirs; a link to our role is not)."""
    ours_described = _subjects(ours)
    referenced = {o for o in _objects(user) if not isinstance(o, Literal) and o not in ours_described}
    return _subjects(user) | referenced


def _subjects(graph: Graph) -> set[Node]:
    indexed = indexed_store(graph)
    return indexed.subjects() if indexed is not None else set(graph.subjects())


def _objects(graph: Graph) -> set[Node]:
    indexed = indexed_store(graph)
    return indexed.objects() if indexed is not None else set(graph.objects())


@dataclass
class _UserData:
    """Others' files parsed: their merged graph; the files pyoxigraph's parser read (those the fast path's
    store is loaded from, :class:`_StoreLoading`) and whether they have blank nodes; the triples of the
    files rdflib's parser read (added to that store)."""

    graph: Graph
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    fast_files: list[str] = field(default_factory=list)
    blank_nodes: bool = False  # in the files pyoxigraph's parser read


def parse_user_files(files: Iterable[str | os.PathLike[str]], format: str | None = None) -> Graph:
    """Parse and merge the given RDF files; InputError (exit 2) for any unreadable or empty input.

    Prefixes: the airoles ones, then each file's that do not clash."""
    return _parse_user_files(files, format).graph


def _parse_user_files(files: Iterable[str | os.PathLike[str]], format: str | None) -> _UserData:
    """:func:`parse_user_files`, into an :class:`~airoles_kg.shacl.data_graph.IndexedStore` graph (each
    file as :func:`airoles_kg.core.loader.parse_rdf_file` reads it), keeping what the fast path's store
    needs (no second parse)."""
    user: _UserData | None = None
    for file in files:
        graph = bind_prefixes(indexed_graph())
        parsed = parse_into(graph, file, format)
        if len(graph) == 0:
            raise InputError(f"{file}: no RDF triples in the file")
        triples = list(graph) if parsed is None else []
        if user is None:
            user = _UserData(graph)
            user_prefixes = list(graph.namespaces())
            bind_prefixes(graph)
            bind_missing(graph, user_prefixes)
        else:
            bind_missing(user.graph, graph.namespaces())
            user.graph += graph
        user.triples += triples
        if parsed is not None:
            user.fast_files.append(str(file))
            user.blank_nodes = user.blank_nodes or parsed.blank_nodes
    if user is None:
        raise AirolesError("no file to validate")
    return user


_OURS_KIND = "validation-graph"  # the cache entries of our graph (airoles_kg.core.cache)


def _our_triples() -> list[tuple[Node, Node, Node]]:
    """The triples of our graph (:func:`airoles_kg.core.loader.load_graph`), from the cache when the files
    and the code are those of a previous run (rdflib parses the Turtle files in about half a second)."""
    files = source_files()
    entry = cache.entry(_OURS_KIND, cache.key(_OURS_KIND, files), ".pickle")
    triples = cache.read_pickle(entry, list)
    if triples is None:
        triples = list(load_graph())
        cache.write_pickle(entry, triples, kind=_OURS_KIND)
    return triples


def validate_files(
    files: Sequence[str | os.PathLike[str]],
    format: str | None = None,
    shapes: Graph | None = None,
    method: str = "auto",
    with_ours: bool = True,
) -> ValidationReport:
    """Validate others' RDF files (Turtle, N-Triples, RDF/XML, JSON-LD).

    ``with_ours`` (the default): they are merged with the ontology and our knowledge base (so links to our
    nodes resolve) and only the results about the nodes they introduce are reported. Without it (someone's
    own shapes, their data alone): the files are validated as they are and every result is reported.
    ``method``: see :func:`validate_graph`.

    The files are parsed once (a large N-Triples or Turtle file by pyoxigraph) into an
    :class:`~airoles_kg.shacl.data_graph.IndexedStore` graph, whose indexes the fast path reads as they are,
    while a worker thread loads the large files into the fast path's pyoxigraph store
    (:class:`_StoreLoading`); the garbage collector is paused meanwhile
    (:func:`airoles_kg.shacl.fast.gc_paused`).
    """
    if not files:
        raise AirolesError("no file to validate")
    with fast.gc_paused():
        return _validate_files(files, format, shapes, method, with_ours)


def _validate_files(
    files: Sequence[str | os.PathLike[str]],
    format: str | None,
    shapes: Graph | None,
    method: str,
    with_ours: bool,
) -> ValidationReport:
    loading = _StoreLoading.start(files, format) if method != "pyshacl" else None
    user = _parse_user_files(files, format)
    shapes = load_shapes() if shapes is None else shapes
    sources = [str(f) for f in files]
    if not with_ours:
        store = _store_of(loading, user, []) if _narrows(user.graph, method) else None
        return validate_graph(user.graph, shapes, sources=sources, method=method, store=store)
    ours = _our_triples()
    ours_graph = indexed_graph()
    ours_graph.store.addN((s, p, o, ours_graph) for s, p, o in ours)
    focus = introduced_nodes(user.graph, ours_graph)
    # Our graph (thousands of triples) goes into theirs (maybe millions), not the other way round.
    data = user.graph
    data += ours_graph
    store = _store_of(loading, user, ours) if _narrows(data, method) else None
    return validate_graph(data, shapes, only_nodes=focus, sources=sources, method=method, store=store)


class _StoreLoading:
    """The large files pyoxigraph's parser reads (:func:`airoles_kg.core.loader.fast_format`), loaded into a
    pyoxigraph store on a worker thread while this one parses them for rdflib: pyoxigraph parses and
    indexes a file without holding the GIL (a 3,000-role catalogue: 1.6 s, which then costs no wall-clock
    time; filling the store from the parsed quads instead took 1.1 to 1.4 s on this thread).

    A daemon thread: an interrupted validation (Ctrl-C, a parse error on this thread) exits at once instead
    of waiting for the load to end."""

    def __init__(self, files: list[tuple[str, ox.RdfFormat]]) -> None:
        self.files = [path for path, _ in files]
        self._store: ox.Store | None = None
        self._thread = threading.Thread(target=self._load, args=(files,), name="validate-store", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, files: Iterable[str | os.PathLike[str]], format: str | None) -> _StoreLoading | None:
        """Start loading the large files (None if there is none)."""
        large = [(str(f), fmt) for f in files if (fmt := fast_format(f, format)) is not None]
        return cls(large) if large else None

    def _load(self, files: list[tuple[str, ox.RdfFormat]]) -> None:
        try:
            self._store = _load_store(files)
        except Exception:  # noqa: BLE001 - the parse on the main thread reports the file's errors its own way
            self._store = None

    def store(self, user: _UserData) -> ox.Store | None:
        """The loaded store, if it holds the files pyoxigraph's parser read for the data graph; else None.

        Each parse names blank nodes anew, and the store must hold the data graph's own: where the files
        have some, the store's triples with a blank node are replaced by the data graph's (converted)."""
        if self.files != user.fast_files:
            return None
        self._thread.join()
        store = self._store
        if store is not None and user.blank_nodes:
            store.update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }")
            blank = [t for t in user.graph if type(t[0]) is BNode or type(t[2]) is BNode]
            if not fast.add_triples(store, blank):
                return None
        return store


def _load_store(files: list[tuple[str, ox.RdfFormat]]) -> ox.Store:
    store = ox.Store()
    for path, fmt in files:
        store.bulk_load(path=path, format=fmt, base_iri=base_iri(path))
    return store


def _store_of(
    loading: _StoreLoading | None, user: _UserData, ours: list[tuple[Node, Node, Node]]
) -> ox.Store | None:
    """The data graph in pyoxigraph, for the narrowing's SPARQL: the store loaded meanwhile, with the other
    triples converted; else (no large file, or its load failed) every triple of the data graph converted (its
    own blank nodes)."""
    store = loading.store(user) if loading is not None else None
    if store is None:
        return fast.store_of_triples([*ours, *user.graph])
    return store if fast.add_triples(store, [*ours, *user.triples]) else None
