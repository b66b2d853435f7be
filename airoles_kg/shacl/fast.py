"""SHACL validation of large graphs with exactly pyshacl's results, in seconds rather than minutes.

pyshacl checks every shape on every focus node in Python: on the ontology + knowledge base + a synthetic
catalogue of 3,000 roles (623,000 triples, 612,000 shape–focus-node pairs) it takes nine to twelve minutes,
although almost every focus node conforms. Here pyshacl only sees the focus nodes that might not conform:

1. each top-level shape's focus nodes are computed here: class, subjects-of, objects-of and node targets in
   Python over the data graph (``rdf:type/rdfs:subClassOf*``, as pyshacl asks), SPARQL-based targets
   (SHACL-AF) with pyoxigraph;
2. a *sound over-approximation* keeps the focus nodes that might fail. Shapes are evaluated on sets of nodes
   over per-predicate dictionaries of the data graph, each constraint component deciding per value the way
   pyshacl's own component does (cardinalities, classes, datatypes, patterns, languages, lists, values,
   ranges); ``sh:node``, ``sh:and``, ``sh:or``, ``sh:not`` and qualified counts combine an upper bound of
   failure with an upper bound of conformance; a SPARQL-based constraint runs once for all nodes in
   pyoxigraph, relaxed (:func:`relax`: its OPTIONAL blocks and the FILTERs reading their variables removed,
   which can only add solutions). A construct this module does not know keeps every focus node of its shape.
3. pyshacl then validates, with the options of :mod:`airoles_kg.shacl.validate` (``method="pyshacl"``: the
   shapes are narrowed already), against a copy of the shapes whose targets are replaced by those
   candidates (``sh:targetNode``). The queries it runs per candidate for a SPARQL-based constraint are
   answered by the same pyoxigraph store where pre-binding and pyoxigraph's substitution agree
   (:class:`StoreAnswers`); pyshacl still makes every result and message of their solutions.

Every result and message therefore comes from pyshacl itself; a focus node left out is one that cannot fail.
``tests/test_fastshacl.py`` and ``scripts/bench.py`` compare the results with plain pyshacl's.

Where the time goes (ontology + knowledge base + 3,000 synthetic roles: 623,000 triples, 612,309 shape–focus
pairs, 56 results, the same set as plain pyshacl's; :func:`validate_graph`, median of 3 runs, 2 cores):

* was 15.1 s: pyshacl 9.2 s on 3,043 candidates, 3,001 of them salary observations kept only because
  ``sh:lessThanOrEquals`` was bounded loosely (any node with both amounts "may fail"); narrowing 6.7 s, of
  which 1.7 s of full garbage collections walking the data graph's millions of objects;
* now 3.7 s (4.8 s CPU): ``sh:lessThan``/``sh:lessThanOrEquals`` are decided per pair as pyshacl decides
  them (40 candidates; pyshacl 0.05 s); narrowing runs with the cyclic GC paused (:func:`gc_paused`); the
  SPARQL targets' and constraints' SELECTs (1.0 s in pyoxigraph, mostly the "every IRI of our namespace"
  target) run on a worker thread that writes TSV without the GIL (:meth:`_Compiler.prefetch`), their 200,000
  IRIs mapped back to the data graph's own URIRefs by string (0.3 s). What remains is the set-based
  evaluation in Python: about 2.5 s, of which 0.45 s building the per-predicate dictionaries; rdflib's
  Python-level ``__eq__``/``Literal.__hash__`` on equal-but-distinct term objects is a good part of it.

Since then (2026-12-07) the shapes report 4,438 warnings on that catalogue (``airsh:CuratedCountryShape``:
every opportunity's country, which no excerpt names), so pyshacl gets 4,494 candidates and takes about 7 s,
a SPARQL query in rdflib for each. On the data graph ``airoles validate FILE`` builds (an
:class:`~airoles_kg.shacl.data_graph.IndexedStore`) the per-predicate dictionaries are the store's own
indexes, and the store of :func:`store_of_triples` holds the data graph's own blank nodes (a store loaded from
a serialisation names them anew, and a blank node a SPARQL constraint reported was lost). The 4,460 queries
of that constraint are then answered by pyoxigraph (:class:`StoreAnswers`: 0.9 s, against 5.4 s in rdflib),
and pyshacl's text report, which airoles never reads, is not written (2.3 s).

Tried and not kept: ``gc.freeze()`` instead of pausing the GC (no faster than leaving it on: 6.6 s against
6.3 s); building the forward dictionaries from rdflib's subject index in one pass (0.43 s, as now); giving
pyshacl a data graph reduced to what the candidates reach: pyshacl takes 0.05 s on the 40 candidates, and
nothing is left to gain there; evaluating every other shape in a forked child that inherits the data graph
(each half took as long as the whole: the shared set-up is done twice, and copy-on-write faults and memory
bandwidth slow both processes; docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from airoles_kg.core.collector import gc_paused as gc_paused  # re-exported: part of this module's face
from airoles_kg.core.terms import to_oxigraph_triple
from airoles_kg.shacl.fast_bounds import TARGETS, _Compiler
from airoles_kg.shacl.fast_data import _Data, _Unsupported
from airoles_kg.shacl.fast_sparql import StoreAnswers as StoreAnswers  # re-exported: part of its face
from airoles_kg.shacl.fast_sparql import _select_tsv as _select_tsv  # re-exported: tests read it here
from airoles_kg.shacl.fast_sparql import relax as relax  # re-exported: part of this module's face
from airoles_kg.shacl.shapes import named_shape, path_text

# ---------------------------------------------------------------------------------------------------------
# Narrowing the shapes and validating
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Narrowed:
    """The shapes with their targets replaced by the candidate focus nodes, and what was found."""

    shapes: Graph
    focus: int  # focus nodes of the top-level shapes, in all
    candidates: int  # those kept for pyshacl
    kept_whole: list[str]  # shapes left as they are (a construct this module does not evaluate)
    store: ox.Store | None = None  # the data graph in pyoxigraph, as the narrowing read it


def store_of(graph: Graph) -> ox.Store | None:
    """A pyoxigraph store holding ``graph`` (for the SPARQL-based targets and constraints): see
    :func:`store_of_triples`."""
    return store_of_triples(graph)


def store_of_triples(
    triples: Iterable[tuple[Node, Node, Node]], quads: Iterable[ox.Quad] = ()
) -> ox.Store | None:
    """A pyoxigraph store holding rdflib ``triples`` (converted term by term) and pyoxigraph ``quads``
    (those rdflib's terms were made from, as they are): the data graph's own blank nodes, so that a blank
    node a SPARQL target or constraint selects in the store is the one of the data graph. (Serialising
    the graph and loading it again would name every blank node anew: the narrowing lost them, and with
    them pyshacl's results on them.)

    None when pyoxigraph cannot hold one of the terms (an IRI or language tag rdflib accepted): the
    SPARQL-based targets and constraints are then left to pyshacl whole, which is exact.
    """
    store = ox.Store()
    if not add_triples(store, triples):
        return None
    store.extend(quads)
    return store


def add_triples(store: ox.Store, triples: Iterable[tuple[Node, Node, Node]]) -> bool:
    """Add rdflib ``triples`` to ``store`` (converted term by term); False when pyoxigraph cannot hold one of
    the terms (see :func:`store_of_triples`)."""
    try:
        store.extend(_quad(to_oxigraph_triple(s, p, o)) for s, p, o in triples)
    except (TypeError, ValueError):
        return False
    return True


def _quad(triple: ox.Triple) -> ox.Quad:
    return ox.Quad(triple.subject, triple.predicate, triple.object)


def narrow(data: Graph, shapes: Graph, store: ox.Store | None = None) -> Narrowed:
    """A copy of ``shapes`` in which each top-level shape targets only its focus nodes that might fail.

    ``store``: the data graph in pyoxigraph, if the caller has it (else it is built from ``data``).
    """
    with gc_paused():
        return _narrow(data, shapes, store)


def _narrow(data: Graph, shapes: Graph, store: ox.Store | None) -> Narrowed:
    store = store_of(data) if store is None else store
    compiler = _Compiler(_Data(data), shapes, store)
    out = Graph()
    for prefix, namespace in shapes.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in shapes:
        out.add(triple)
    top = sorted({s for p in TARGETS for s in shapes.subjects(p, None)}, key=str)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fastshacl-sparql") as pool:
        compiler.prefetch(pool, top)
        # the shapes without a SPARQL target first: their evaluation overlaps the queries
        order = sorted(top, key=lambda shape: (shapes.value(shape, SH.target) is not None, str(shape)))
        return _narrow_shapes(compiler, shapes, out, order)


def _narrow_shapes(compiler: _Compiler, shapes: Graph, out: Graph, top: list[Node]) -> Narrowed:
    focus_total = kept = 0
    kept_whole: list[str] = []
    for shape in top:
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue  # pyshacl skips it; leave it as it is
        if any((shape, RDF.type, c) in shapes for c in (RDFS.Class, OWL.Class)):
            kept_whole.append(f"{shape}: an implicit class target")
            continue
        try:
            focus = compiler.focus_nodes(shape)
        except _Unsupported as exc:
            kept_whole.append(f"{shape}: {exc}")
            continue
        candidates = sorted(compiler.bounds(shape, focus)[0], key=str)
        focus_total += len(focus)
        kept += len(candidates)
        for p in TARGETS:
            out.remove((shape, p, None))
        for node in candidates:
            out.add((shape, SH.targetNode, node))
    kept_whole.sort()  # in the shapes' order, whatever the evaluation order
    kept_whole += compiler.unsupported
    return Narrowed(out, focus_total, kept, kept_whole, compiler.store)


def result_keys(report: Graph, shapes: Graph | None = None) -> set[tuple]:
    """The results of a SHACL report graph as ``(focus, path, shape, severity, value)`` tuples, comparable
    across runs: paths as SPARQL-like text, blank-node shapes by their nearest named shape and path."""
    keys = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.result, result) not in report:
            continue  # a nested sh:detail result
        shape = report.value(result, SH.sourceShape)
        if isinstance(shape, URIRef):
            shape_key = str(shape)
        else:
            shape_key = _shape_key(shapes, shape) if shapes and shape is not None else "_"
        path = report.value(result, SH.resultPath)
        # pyshacl copies a complex path's top blank node from the shapes graph, but not all of its nesting.
        where = shapes if shapes is not None and (path, None, None) in shapes else report
        keys.add(
            (
                report.value(result, SH.focusNode),
                str(path) if isinstance(path, URIRef) else path_text(where, path),
                shape_key,
                report.value(result, SH.resultSeverity),
                report.value(result, SH.value),
                report.value(result, SH.sourceConstraintComponent),
            )
        )
    return keys


def _shape_key(shapes: Graph, shape: Node) -> str:
    """A blank-node shape as its nearest named shape and its path."""
    path = path_text(shapes, shapes.value(shape, SH.path))
    return f"{named_shape(shapes, shape)} {path}"


def candidates_of(data: Graph, shapes: Graph, nodes: Iterable[Node]) -> set[Node]:
    """Of ``nodes``, those some top-level shape might report (for tests)."""
    narrowed = narrow(data, shapes)
    wanted = set(nodes)
    return {o for o in narrowed.shapes.objects(None, SH.targetNode) if o in wanted}
