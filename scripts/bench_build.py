#!/usr/bin/env python3
"""Benchmark of ``airoles build`` (the release) and of the exports.

Default: the real ontology + knowledge base — time of each writer of :data:`airoles.build.WRITERS` and the
size of each file of the release. ``--cold`` uses an empty reasoning cache (the reasoner runs);
``--synthetic N`` times the exports (RDF formats, schema.org, CSV, role profiles) on a synthetic graph of
N roles shaped like the knowledge base (no reasoning: its cost is in scripts/bench_reasoning.py).

    python scripts/bench_build.py
    python scripts/bench_build.py --cold
    python scripts/bench_build.py --synthetic 3000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, SKOS, XSD

from airoles import paths
from airoles.loader import load_graph, parse_rdf_file
from airoles.namespaces import AIROLES, KIND_NS, bind_prefixes

A = AIROLES


def _human(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MiB"


def bench_release(cold: bool) -> None:
    if cold:
        os.environ["AIROLES_CACHE_DIR"] = tempfile.mkdtemp(prefix="airoles-cache-")
    from airoles.build import WRITERS  # after the cache directory is chosen
    from airoles.export.release import write_checksums

    start = time.perf_counter()
    graph = load_graph()
    print(f"load_graph: {time.perf_counter() - start:.2f} s ({len(graph)} triples)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        written: list[Path] = []
        total = time.perf_counter()
        for writer in WRITERS:
            t0 = time.perf_counter()
            files = writer(graph, out)
            written += files
            print(f"  {writer.__name__:<22} {time.perf_counter() - t0:6.2f} s")
        t0 = time.perf_counter()
        written += write_checksums(written, out)
        print(f"  {'write_checksums':<22} {time.perf_counter() - t0:6.2f} s")
        state = "cold" if cold else "warm"
        print(f"writers total: {time.perf_counter() - total:.2f} s ({state} reasoning cache)")
        for path in written:
            print(f"  {path.relative_to(out).as_posix():<28} {_human(path.stat().st_size):>10}")


def synthetic_graph(roles: int, seed: int = 7) -> Graph:
    """The ontology plus ``roles`` roles with missions, skill requirements, salaries and transitions."""
    rng = random.Random(seed)
    graph = parse_rdf_file(paths.ONTOLOGY_FILE)
    ns = KIND_NS
    source = ns["source"]["bench"]
    graph.add((source, RDF.type, A.SourceDocument))
    graph.add((source, SKOS.prefLabel, Literal("Article de test", lang="fr")))
    skills = [ns["skill"][f"s{i}"] for i in range(max(50, roles // 3))]
    kinds = (A.HardSkill, A.SoftSkill, A.Knowledge, A.ProgrammingLanguage, A.Framework)
    for i, skill in enumerate(skills):
        graph.add((skill, RDF.type, kinds[i % len(kinds)]))
        graph.add((skill, SKOS.prefLabel, Literal(f"compétence {i}", lang="fr")))
        graph.add((skill, SKOS.prefLabel, Literal(f"skill {i}", lang="en")))
    levels = (A.Beginner, A.Intermediate, A.Confirmed)
    for r in range(roles):
        role = ns["role"][f"r{r}"]
        graph.add((role, RDF.type, A.Role))
        graph.add((role, SKOS.prefLabel, Literal(f"métier {r}", lang="fr")))
        graph.add((role, SKOS.prefLabel, Literal(f"role {r}", lang="en")))
        graph.add((role, PROV.wasDerivedFrom, source))
        for m in range(5):
            mission = ns["mission"][f"r{r}-{m}"]
            graph.add((role, A.hasMission, mission))
            graph.add((mission, A.missionOrder, Literal(m + 1)))
            graph.add((mission, SKOS.prefLabel, Literal(f"mission {m} du métier {r}", lang="fr")))
            graph.add((mission, A.excerpt, Literal("extrait", lang="fr")))
            graph.add((mission, PROV.wasDerivedFrom, source))
        for k, skill in enumerate(rng.sample(skills, 10)):
            req = ns["requirement"][f"r{r}-{k}"]
            graph.add((role, A.hasSkillRequirement, req))
            graph.add((req, A.requiresSkill, skill))
            graph.add((req, A.importance, A.Essential if k < 7 else A.Optional))
            graph.add((req, PROV.wasDerivedFrom, source))
        for k, level in enumerate(levels):
            sal = ns["salary"][f"r{r}-{k}"]
            graph.add((role, A.hasSalaryObservation, sal))
            graph.add((sal, A.amount, Literal(Decimal(2500 + 1000 * k), datatype=XSD.decimal)))
            graph.add((sal, A.currency, Literal("EUR")))
            graph.add((sal, A.payPeriod, A.PerMonth))
            graph.add((sal, A.experienceLevel, level))
            graph.add((sal, PROV.wasDerivedFrom, source))
        for k in range(2):
            tr = ns["transition"][f"r{r}-{k}"]
            graph.add((tr, A.fromRole, role))
            graph.add((tr, A.toRole, ns["role"][f"r{rng.randrange(roles)}"]))
            graph.add((tr, A.transitionKind, A.Promotion))
            graph.add((tr, PROV.wasDerivedFrom, source))
    return bind_prefixes(graph)


def bench_synthetic(roles: int) -> None:
    from airoles.export import render
    from airoles.export.rdf import CanonicalGraph
    from airoles.profiles import role_profiles

    t0 = time.perf_counter()
    graph = synthetic_graph(roles)
    print(f"synthetic graph: {roles} roles, {len(graph)} triples ({time.perf_counter() - t0:.1f} s to build)")
    t0 = time.perf_counter()
    role_profiles(graph)
    print(f"  role_profiles (all roles) {time.perf_counter() - t0:6.2f} s")
    t0 = time.perf_counter()
    canonical = CanonicalGraph(graph)
    print(f"  canonicalise              {time.perf_counter() - t0:6.2f} s")
    for fmt in ("turtle", "ntriples", "rdfxml", "jsonld"):
        t0 = time.perf_counter()
        data = canonical.serialize(fmt)
        print(f"  {fmt:<25} {time.perf_counter() - t0:6.2f} s  {_human(len(data)):>10}")
    for fmt in ("schemaorg", "csv"):
        t0 = time.perf_counter()
        data = render(graph, fmt)
        size = len(data) if isinstance(data, bytes) else sum(map(len, data.values()))
        print(f"  {fmt:<25} {time.perf_counter() - t0:6.2f} s  {_human(size):>10}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="empty reasoning cache (the reasoner runs)")
    parser.add_argument("--synthetic", type=int, metavar="N", help="time the exports on N synthetic roles")
    args = parser.parse_args(argv)
    if args.synthetic:
        bench_synthetic(args.synthetic)
    else:
        bench_release(args.cold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
