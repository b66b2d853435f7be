#!/usr/bin/env python3
"""Benchmark SPARQL: loading the graph into pyoxigraph, and pyoxigraph vs rdflib on the named queries.

Usage: python scripts/bench_sparql.py [--copies N] [--repeat R]

``--copies N`` multiplies the knowledge base N times (every individual IRI gets a ``-copyK`` suffix) to see
how the figures scale. Prints one line per measurement (best of R runs, seconds). Nothing is asserted: this
is a measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from airoles_kg.core.loader import load_graph, source_files
from airoles_kg.core.namespaces import ID_BASE
from airoles_kg.reasoning.inference import inferred_graph
from airoles_kg.sparql.engine import QueryEngine, bind_parameters, default_prefixes, to_oxigraph
from airoles_kg.sparql.library import named_queries

LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` runs of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def multiply(graph: Graph, copies: int) -> Graph:
    """``graph`` plus ``copies - 1`` renamed copies of its knowledge-base part."""
    if copies <= 1:
        return graph
    out = Graph()
    for triple in graph:
        out.add(triple)
    for k in range(1, copies):

        def rename(term, k=k):
            if isinstance(term, URIRef) and str(term).startswith(ID_BASE):
                return URIRef(f"{term}-copy{k}")
            return term

        for s, p, o in graph:
            if any(isinstance(t, URIRef) and str(t).startswith(ID_BASE) for t in (s, o)):
                if p in LABELS and isinstance(o, Literal):  # keep names unique, so they resolve
                    o = Literal(f"{o} copy{k}", lang=o.language)
                out.add((rename(s), p, rename(o)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    r = args.repeat

    t, _ = best(lambda: load_graph(), r)
    print(f"rdflib: parse the {len(source_files())} source files          {t:8.3f} s")
    t, graph = best(lambda: inferred_graph(), r)
    print(f"rdflib: inferred_graph() from its cache          {t:8.3f} s  ({len(graph)} triples)")
    graph = multiply(graph, args.copies)
    print(f"graph used below: {len(graph)} triples (copies={args.copies})")

    def via_ntriples() -> ox.Store:
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store

    def via_bulk() -> ox.Store:
        store = ox.Store()
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store

    def via_terms() -> ox.Store:
        store = ox.Store()
        store.extend(ox.Quad(*(to_oxigraph(t) for t in triple)) for triple in graph)
        return store

    t, _ = best(lambda: graph.serialize(format="nt", encoding="utf-8"), r)
    print(f"rdflib -> N-Triples bytes                        {t:8.3f} s")
    for name, fn in (
        ("N-Triples + Store.load", via_ntriples),
        ("N-Triples + Store.bulk_load", via_bulk),
        ("term by term (Store.extend)", via_terms),
    ):
        t, _ = best(fn, r)
        print(f"pyoxigraph store from rdflib graph: {name:28s} {t:8.3f} s")

    def files_into_pyoxigraph() -> ox.Store:
        store = ox.Store()
        for path in source_files():
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
        return store

    t, store = best(files_into_pyoxigraph, r)
    print(f"pyoxigraph: parse the source files directly (asserted, {len(store)} quads) {t:8.3f} s")

    engine = QueryEngine(graph)
    prefixes = default_prefixes()
    for query in named_queries():
        values = {p.name: p.example or "" for p in query.params}
        bindings = bind_parameters(graph, query, values)
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        t_ox, rows_ox = best(
            lambda q=query, s=subs: list(engine.store.query(q.text, substitutions=s, prefixes=prefixes)), r
        )
        t_fork, _ = best(lambda q=query, v=values: engine.run_named(q, v), r)
        try:
            t_rdf, rows_rdf = best(lambda q=query, b=bindings: list(graph.query(q.text, initBindings=b)), r)
            rdf = f"rdflib {t_rdf * 1000:9.2f} ms ({len(rows_rdf)} rows)  x{t_rdf / max(t_ox, 1e-9):.0f}"
        except Exception as exc:  # rdflib fails on some queries pyoxigraph runs: report, go on
            rdf = f"rdflib failed: {type(exc).__name__}: {str(exc)[:60]}"
        print(
            f"query {query.name:32s} pyoxigraph {t_ox * 1000:8.2f} ms ({len(rows_ox)} rows)  "
            f"resolve+fork {t_fork * 1000:7.2f} ms  {rdf}"
        )


if __name__ == "__main__":
    main()
