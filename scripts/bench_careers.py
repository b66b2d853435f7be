#!/usr/bin/env python3
"""Benchmark of airoles_kg.careers.index on synthetic graphs (issue #10's scale: 3,000 and 30,000 roles).

The graph is the synthetic catalogue of :mod:`support.synthetic` (the one generator of the project: ~15 skill
requirements and ~5 transitions of mixed kinds per role, qualified nodes, sources, labels), loaded beside the
ontology through pyoxigraph (:mod:`airoles_kg.catalogue.fastload`). Prints the time to build the index from
the
graph, the
pickle size, and the median / 95th percentile / max time of 4-hop ``paths``, ``gap``, ``next`` (4 hops) and
``match`` (3 skills, named by their English labels).

    python scripts/bench_careers.py                 # 3,000 and 30,000 roles
    python scripts/bench_careers.py --roles 3000 --queries 500
"""

from __future__ import annotations

import argparse
import gc
import pickle
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # for tests/support

from support.synthetic import Plan, generate

from airoles_kg.careers.index import CareerIndex
from airoles_kg.catalogue import fastload
from airoles_kg.core import paths
from airoles_kg.core.store import load_files


def synthetic_index(roles: int, seed: int = 1) -> tuple[CareerIndex, float, float]:
    """The career index of the ontology + a synthetic catalogue of ``roles`` roles (asserted triples only,
    as the index reads them), with the seconds spent generating and loading, and building the index."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        catalogue = Path(tmp) / "catalogue.nt"
        generate(roles, seed, catalogue)
        store = load_files([paths.ONTOLOGY_FILE, catalogue])
        made = time.perf_counter() - start
    start = time.perf_counter()
    index = fastload.build_index(store)
    return index, made, time.perf_counter() - start


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``repeat`` calls (CPU time is less disturbed by a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return wall, cpu


def summary(name: str, measured: tuple[list[float], list[float]]) -> str:
    parts = []
    for kind, times in zip(("wall", "cpu"), measured, strict=True):
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        parts.append(f"{kind} median {statistics.median(times):6.2f} p95 {p95:6.2f} max {times[-1]:6.2f}")
    return f"  {name:<34} {' | '.join(parts)} ms"


def bench(roles: int, queries: int) -> None:
    rng = random.Random(7)
    index, made, built = synthetic_index(roles)
    start = time.perf_counter()
    blob = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    dumped = time.perf_counter() - start
    start = time.perf_counter()
    index = pickle.loads(blob)
    loaded = time.perf_counter() - start
    gc.collect()
    gc.freeze()  # as airoles_kg.careers.index.load_index does
    print(
        f"{roles} roles, {sum(len(e) for e in index.out_edges.values())} transitions, "
        f"{sum(len(r) for r in index.requirements.values())} skill links (generated, loaded: {made:.1f} s)"
    )
    print(
        f"  index built in {built:.2f} s; pickle {len(blob) / 1e6:.1f} MB, "
        f"dump {dumped:.2f} s, load {loaded:.2f} s"
    )

    plan = Plan(roles)
    ids = [f"<{plan.role(i)}>" for i in range(roles)]
    # Pairs with a path of 3-4 hops (the expensive case), and random pairs (mostly without a path).
    far_pairs = []
    while len(far_pairs) < queries:
        a = rng.choice(ids)
        reach = [r for r in index.reachable(a, 4) if r.hops >= 3]
        if reach:
            far_pairs.append((a, f"<{rng.choice(reach).role.iri}>"))
    random_pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(queries)]
    random_pairs = [(a, b) for a, b in random_pairs if a != b]
    counts = [len(index.paths(a, b, 4)) for a, b in far_pairs]
    reach_sizes = [len(index.reachable(a, 4)) for a, _ in random_pairs[:50]]
    skill_names = [plan.skill_labels(j)[1] for j in range(plan.skills)]
    skill_sets = [rng.sample(skill_names, 3) for _ in range(queries)]

    def each(args, fn):
        it = iter(args)
        return lambda: fn(*next(it))

    def measure(name, args, fn):
        print(summary(name, timed(each(args, fn), len(args))))

    measure("path, 4 hops (pair 3-4 hops apart)", far_pairs, lambda a, b: index.paths(a, b, 4))
    print(f"    paths found per query: median {statistics.median(counts)}, max {max(counts)}")
    measure("path, 4 hops (random pair)", random_pairs, lambda a, b: index.paths(a, b, 4))
    measure("gap", random_pairs, index.gap)
    measure("next, 4 hops", [(a,) for a, _ in random_pairs], index.reachable)
    print(f"    roles reached per query: median {statistics.median(reach_sizes)}, max {max(reach_sizes)}")
    measure(
        "next, 4 hops + every route's details",
        [(a,) for a, _ in random_pairs[:50]],
        lambda a: [r.to_dict() for r in index.reachable(a, 4)],
    )
    measure("match, 3 skills, best 10", [(s,) for s in skill_sets], lambda s: index.match(s, limit=10))
    measure("match, 3 skills, every role", [(s,) for s in skill_sets], index.match)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--roles", type=int, action="append", help="graph size (repeatable; default 3000 and 30000)"
    )
    parser.add_argument("--queries", type=int, default=300, help="queries per measurement (default 300)")
    args = parser.parse_args(argv)
    for roles in args.roles or [3000, 30000]:
        bench(roles, args.queries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
