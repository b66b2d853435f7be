#!/usr/bin/env python3
"""Benchmark of airoles_kg.reasoning.inference: HermiT vs the rule-based materialisation, and the
inferred-graph
cache.

The knowledge base is replicated N times (every individual under ``https://w3id.org/airoles/id/`` gets a
``-cN`` suffix, sources excepted), and copy N's roles get a transition to copy N+1's same role, so transitive
chains grow with N. For each size it prints the individuals, the time HermiT takes (its command line,
Java start-up included), the time the rules take, and whether both give the same triples.

    python scripts/bench_reasoning.py                    # copies 1 5 10 (HermiT) and 25 100 (rules only)
    python scripts/bench_reasoning.py --copies 1 10 25 --hermit-max 25
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from airoles_kg.core import loader, paths
from airoles_kg.core.namespaces import AIROLES, ID_BASE, bind_prefixes
from airoles_kg.reasoning import inference as reasoning
from airoles_kg.reasoning.hermit import run_hermit

SHARED_KINDS = ("source/", "person/", "study/", "scheme/")


def replicate(kb: Graph, copies: int) -> Graph:
    """``copies`` renamed copies of the knowledge-base individuals, chained by transitions between copies."""

    def rename(node, n):
        text = str(node)
        if (
            isinstance(node, URIRef)
            and text.startswith(ID_BASE)
            and not text[len(ID_BASE) :].startswith(SHARED_KINDS)
        ):
            return URIRef(f"{text}-c{n}")
        return node

    out = bind_prefixes(Graph())
    roles = set(kb.subjects(RDF.type, AIROLES.Role))
    for n in range(copies):
        for s, p, o in kb:
            out.add((rename(s, n), p, rename(o, n)))
        if n + 1 < copies:
            for role in roles:
                t = URIRef(f"{ID_BASE}transition/bench-{n}-{str(role).rsplit('/', 1)[1]}")
                out.add((t, RDF.type, AIROLES.CareerTransition))
                out.add((t, AIROLES.fromRole, rename(role, n)))
                out.add((t, AIROLES.toRole, rename(role, n + 1)))
    return out


def timed(func, *args):
    start = time.perf_counter()
    value = func(*args)
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 10, 25, 100])
    parser.add_argument("--hermit-max", type=int, default=10, help="largest copy count HermiT is run on")
    args = parser.parse_args()

    ontology = loader.parse_rdf_file(paths.ONTOLOGY_FILE)
    _, seconds = timed(run_hermit, ontology)
    print(f"HermiT, ontology alone (TBox): {seconds:.2f} s")
    kb = Graph()
    for f in loader.source_files()[1:]:
        kb += loader.parse_rdf_file(f)

    header = ("copies", "individuals", "triples", "hermit s", "rules s", "inferred", "same")
    print(" ".join(f"{h:>11}" for h in header))
    for copies in args.copies:
        graph = ontology + replicate(kb, copies)
        individuals = reasoning.count_individuals(graph)
        by_rules, rules_s = timed(reasoning.materialise_rules, graph)
        hermit_s, same = "-", "-"
        if copies <= args.hermit_max:
            report, seconds = timed(reasoning.reason, graph, "hermit")
            hermit_s, same = f"{seconds:.1f}", str(set(report.inferred) == set(by_rules))
        row = (copies, individuals, len(graph), hermit_s, f"{rules_s:.2f}", len(by_rules), same)
        print(" ".join(f"{v:>11}" for v in row))

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AIROLES_CACHE_DIR"] = tmp
        _, cold = timed(reasoning.inferred_graph)
        _, warm = timed(reasoning.inferred_graph)
        size = sum(p.stat().st_size for p in Path(tmp).glob("inferred-*.nt"))
    print(f"inferred_graph() on the project: first call {cold:.2f} s, cached {warm:.2f} s")
    print(f"cache file: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
