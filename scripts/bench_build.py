#!/usr/bin/env python3
"""Benchmark of ``airoles build`` (the release) and of the exports.

Default: the real ontology + knowledge base — time of each writer of :data:`airoles_kg.export.build.WRITERS`
and
the
size of each file of the release. ``--cold`` uses an empty reasoning cache (the reasoner runs);
``--synthetic N`` times the exports (RDF formats, schema.org, CSV, role profiles) on the ontology and the
synthetic catalogue of N roles (support.synthetic; no reasoning: its cost is in
scripts/bench_reasoning.py).

    python scripts/bench_build.py
    python scripts/bench_build.py --cold
    python scripts/bench_build.py --synthetic 3000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # for tests/support

from support.synthetic import synthetic_graph as catalogue_graph

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph, parse_rdf_file
from airoles_kg.core.namespaces import bind_prefixes


def _human(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MiB"


def bench_release(cold: bool) -> None:
    if cold:
        os.environ["AIROLES_CACHE_DIR"] = tempfile.mkdtemp(prefix="airoles-cache-")
    from airoles_kg.export.build import WRITERS  # after the cache directory is chosen
    from airoles_kg.export.release import write_checksums

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
    """The ontology plus the synthetic catalogue of :mod:`support.synthetic` (``roles`` roles with missions,
    skill requirements, salaries, transitions, sectors, sources)."""
    graph = parse_rdf_file(paths.ONTOLOGY_FILE)
    graph += catalogue_graph(roles, seed)
    return bind_prefixes(graph)


def bench_synthetic(roles: int) -> None:
    from airoles_kg.export import render
    from airoles_kg.export.rdf import CanonicalGraph
    from airoles_kg.profiles.profile import role_profiles

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
