#!/usr/bin/env python3
"""Benchmark the ESCO import and the cost of loading an ESCO graph beside airoles.

Usage: python scripts/bench_esco.py [ESCO_DIR] [--repeat R]

ESCO_DIR defaults to ``../shared/data/esco-v1.1.1``. Measures (best of R runs, seconds): the import
(CSV -> SKOS N-Triples), ``load_graph()`` without and with the external ESCO graph, the query engine with the
ESCO graph loaded straight into its store, the ``esco-neighbours`` query, and ``airoles info`` (a fresh
process) in a checkout without and with ``ontology/external/esco.nt`` (a temporary checkout whose ontology and
knowledge base are links to this one's). Nothing is asserted: this is a measuring tool, not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from airoles.core import paths
from airoles.core.loader import load_graph
from airoles.esco.importer import import_esco
from airoles.sparql.engine import QueryEngine
from airoles.sparql.library import get_query


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` runs of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def checkout(root: Path, with_esco: Path | None) -> Path:
    """A checkout under ``root`` whose ontology and KB link to this one's, with or without an ESCO graph."""
    (root / "ontology").mkdir(parents=True)
    (root / "ontology" / "airoles.ttl").symlink_to(paths.ONTOLOGY_FILE)
    (root / "ontology" / "kb").symlink_to(paths.KB_DIR, target_is_directory=True)
    if with_esco is not None:
        (root / "ontology" / "external").mkdir()
        (root / "ontology" / "external" / "esco.nt").symlink_to(with_esco)
    return root


def line(what: str, seconds: float) -> None:
    print(f"{what:<72} {seconds:8.3f} s")


def cli_seconds(root: Path, args: list[str], repeat: int) -> float:
    env = {**os.environ, "AIROLES_ROOT": str(root)}

    def run() -> None:
        subprocess.run([sys.executable, "-m", "airoles", *args], env=env, check=True, capture_output=True)

    return best(run, repeat)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = paths.REPO_ROOT.parent / "shared" / "data" / "esco-v1.1.1"
    parser.add_argument("directory", nargs="?", type=Path, default=shared)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "esco.nt"
        t, report = best(lambda: import_esco(args.directory, out), args.repeat)
        line(
            f"import-esco: {report.counts.get('occupations', 0)} occupations, {report.triples} triples, "
            f"{out.stat().st_size / 1e6:.1f} MB",
            t,
        )
        t, graph = best(load_graph, args.repeat)
        line(f"load_graph(): ontology + knowledge base ({len(graph)} triples)", t)

        bare = checkout(Path(tmp) / "bare", None)
        full = checkout(Path(tmp) / "full", out)
        paths.KB_DIR = full / "ontology" / "kb"  # external_dir() follows KB_DIR
        t, merged = best(lambda: load_graph(external=True), args.repeat)
        line(f"load_graph(external=True): + ESCO ({len(merged)} triples)", t)

        def engine_with_esco() -> QueryEngine:
            engine = QueryEngine(graph)
            engine.store.load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
            return engine

        t, engine = best(engine_with_esco, args.repeat)
        line("QueryEngine(ours) + ESCO loaded into its store", t)
        query = get_query("esco-neighbours")
        t, result = best(lambda: engine.run_named(query, {"role": "data scientist"}), args.repeat)
        line(f"esco-neighbours, role=data scientist ({len(result.bindings())} rows)", t)

        t = cli_seconds(bare, ["info"], args.repeat)
        line("airoles info (new process), no ESCO graph in the checkout", t)
        t = cli_seconds(full, ["info"], args.repeat)
        line("airoles info (new process), ontology/external/esco.nt present", t)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
