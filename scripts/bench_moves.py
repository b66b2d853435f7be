#!/usr/bin/env python3
"""Benchmark of the ESCO layer and the skill-based career moves, beside plain rdflib on the same data.

Measured, medians of ``--runs`` (on the shipped layer esco/esco-v1.1.1.nt.gz, or ``--layer FILE``):

* building the layer from the N-Triples (first run) and loading it warm (from the cache), in fresh processes,
  with their peak memory (VmHWM); plain rdflib: parsing the same N-Triples into a Graph;
* an occupation's ESCO skills: the layer (dict look-up) vs rdflib (SPARQL over the parsed Graph);
* ``next --from`` over the AI roles, and over all ESCO occupations (``--occupations``), warm, in-process;
* ``airoles next --from`` end to end (a fresh process, warm caches).

Targets (issue "ESCO as a complete layer"): warm load <= 2 s, an occupation's skills <= 10 ms, next --from
over all occupations <= 100 ms warm, peak memory <= 2 GiB. Prints a table; ``--json`` for machines.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
CHEF = "http://data.europa.eu/esco/occupation/1009be17-7efd-45f1-a033-566bf179c588"
CHILD = "--child"


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(kind: str, layer: str) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    start = time.perf_counter()
    if kind == "rdflib":
        import gzip

        from rdflib import Graph

        data = Path(layer).read_bytes()
        Graph().parse(data=gzip.decompress(data) if layer.endswith(".gz") else data, format="nt")
    else:
        from airoles_kg.esco.layer import load_layer

        load_layer([Path(layer)])
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mib": peak_mib()}))


def fresh(kind: str, layer: Path, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, CHILD, kind, str(layer)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layer", type=Path, help="the ESCO N-Triples (default: the shipped layer)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from airoles_kg.careers.index import load_index
    from airoles_kg.careers.moves import CareerMoves
    from airoles_kg.esco.layer import load_layer, shipped_layer

    layer_file = args.layer or shipped_layer()
    if not layer_file.is_file():
        print(f"bench_moves: no ESCO layer at {layer_file}", file=sys.stderr)
        return 2
    rows: list[tuple[str, float, str, float | None, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-moves-") as cache_dir:
        env = {**os.environ, "AIROLES_CACHE_DIR": cache_dir}
        first = fresh("layer", layer_file, env)
        warm = [fresh("layer", layer_file, env) for _ in range(args.runs)]
        plain = fresh("rdflib", layer_file, env)
        warm_s = statistics.median(w["seconds"] for w in warm)
        rows.append(("ESCO layer: first build (parse + index)", first["seconds"], "s", None, ""))
        rows.append(
            ("ESCO layer: warm load (cache)", warm_s, "s", 2.0, f"rdflib parse {plain['seconds']:.1f} s")
        )
        rows.append(("ESCO layer: peak memory, first build", first["peak_mib"], "MiB", 2048.0, ""))
        rows.append(("rdflib Graph of the same triples: peak memory", plain["peak_mib"], "MiB", None, ""))

        os.environ["AIROLES_CACHE_DIR"] = cache_dir
        layer = load_layer([layer_file])
        assert layer is not None
        t_skills, skills = median_time(lambda: layer.skills_of(DATA_ANALYST), args.runs * 20)

        import gzip

        from rdflib import Graph, URIRef

        data = layer_file.read_bytes()
        graph = Graph().parse(data=gzip.decompress(data) if layer_file.suffix == ".gz" else data, format="nt")
        model = "http://data.europa.eu/esco/model#"
        query = (
            f"SELECT ?s ?kind WHERE {{ {{ ?o <{model}hasEssentialSkill> ?s BIND('e' AS ?kind) }}"
            f" UNION {{ ?o <{model}hasOptionalSkill> ?s BIND('o' AS ?kind) }} }}"
        )
        bindings = {"o": URIRef(DATA_ANALYST)}
        t_rdflib, found = median_time(lambda: list(graph.query(query, initBindings=bindings)), args.runs)
        assert len(found) == len(skills), (len(found), len(skills))
        rows.append(
            (
                "an occupation's ESCO skills (data analyst)",
                t_skills * 1000,
                "ms",
                10.0,
                f"rdflib SPARQL {t_rdflib * 1000:.1f} ms (x{t_rdflib / t_skills:,.0f})",
            )
        )

        moves = CareerMoves(load_index(), layer)
        moves.moves(CHEF)  # warm: profiles of our roles
        t_roles, _ = median_time(lambda: moves.moves(CHEF), args.runs)
        moves.moves(CHEF, occupations=True)
        t_all, ranking = median_time(lambda: moves.moves(CHEF, occupations=True, limit=10), args.runs)
        ranked = ranking.total
        rows.append(("next --from (chef): our AI roles, warm", t_roles * 1000, "ms", None, ""))
        rows.append(
            (
                f"next --from (chef): all {ranked:,} targets, warm",
                t_all * 1000,
                "ms",
                100.0,
                "10 explained",
            )
        )
        cold = CareerMoves(load_index(), layer)
        t_cold, _ = median_time(lambda: cold.moves(DATA_ANALYST, occupations=True, limit=10), 1)
        rows.append(("next --from (data analyst): all targets, profiles cold", t_cold * 1000, "ms", None, ""))

        cmd = [sys.executable, "-m", "airoles_kg", "next", "--from", CHEF, "--format", "json"]
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the caches
        t_cli, _ = median_time(
            lambda: subprocess.run(cmd, env=env, capture_output=True, check=True), args.runs
        )
        rows.append(("airoles next --from (chef), end to end, warm", t_cli, "s", None, "fresh process"))

    if args.json:
        print(
            json.dumps([dict(zip(("what", "value", "unit", "target", "note"), r, strict=True)) for r in rows])
        )
        return 0
    print(f"{'measurement':58} {'value':>10} {'unit':5} {'target':>8}  note")
    for what, value, unit, target, note in rows:
        mark = "" if target is None else ("met" if value <= target else "MISSED")
        target_text = "" if target is None else f"{target:g}"
        print(f"{what:58} {value:10.2f} {unit:5} {target_text:>8}  {mark} {note}".rstrip())
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
