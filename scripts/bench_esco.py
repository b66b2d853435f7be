#!/usr/bin/env python3
"""Benchmark the ESCO import on ESCO's real CSV download, beside plain rdflib doing the same conversion.

Usage: python scripts/bench_esco.py [DOWNLOAD] [--repeat R] [--compact]

DOWNLOAD defaults to ``../shared/data/esco-v1.1.1-download`` (its ``en`` and ``fr`` folders are imported).
Each measurement runs in a fresh process, whose peak memory is its own ``VmHWM`` (``ru_maxrss`` of children
would survive exec and report the parent's peak):

1. ``import_esco`` end to end (CSV files -> sorted N-Triples file), best of R runs; targets: 30 s, 2 GiB.
2. rdflib on the same triples: an rdflib ``Graph`` built from them and serialised as N-Triples, sorted as
   ours are (the triples are read from our output before the clock starts, so rdflib's figure leaves out
   reading the CSV files: it is a lower bound for an rdflib import); it also checks both give the same graph.
3. pyoxigraph loading the output (what the reading commands pay to see ESCO).

Nothing is asserted: this is a measuring tool, not a test. Bounded: about a minute on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from airoles_kg.core import paths

TARGET_SECONDS = 30.0
TARGET_PEAK_MB = 2048.0
TIMEOUT = 170  # seconds per child: the whole benchmark stays within 3 minutes

_PEAK = """
def peak_mb():
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
"""

IMPORT = (
    _PEAK
    + """
import json, sys, time
from airoles_kg.esco import import_esco
*folders, out, compact = sys.argv[1:]
start = time.perf_counter()
report = import_esco(folders, out, compact=compact == "1")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "triples": report.triples, "size": report.size, "peak_mb": peak_mb(),
                  "rejected": len(report.problems)}))
"""
)

RDFLIB = (
    _PEAK
    + """
import json, sys, time
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
ours, out = sys.argv[1:]
triples = []
for t in ox.parse(path=ours, format=ox.RdfFormat.N_TRIPLES):
    o = t.object
    obj = ("l", o.value, o.language) if isinstance(o, ox.Literal) else ("i", o.value, None)
    triples.append((t.subject.value, t.predicate.value, obj))
start = time.perf_counter()
graph = Graph()
for s, p, (kind, value, lang) in triples:
    graph.add((URIRef(s), URIRef(p), URIRef(value) if kind == "i" else Literal(value, lang=lang)))
data = graph.serialize(format="nt", encoding="utf-8")
lines = sorted(line for line in data.decode("utf-8").split("\\n") if line)
with open(out, "w", encoding="utf-8") as fh:
    fh.write("\\n".join(lines) + "\\n")
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "triples": len(graph), "peak_mb": peak_mb()}))
"""
)

LOAD = (
    _PEAK
    + """
import json, sys, time
import pyoxigraph as ox
start = time.perf_counter()
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "triples": len(store), "peak_mb": peak_mb()}))
"""
)


def child(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; its one line of JSON output."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_esco: a measurement failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def graph(path: Path) -> set[str]:
    """The triples of an N-Triples file, each in pyoxigraph's canonical form (escapes may differ)."""
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}


def line(what: str, seconds: float, peak_mb: float, extra: str = "") -> None:
    print(f"{what:<58} {seconds:7.2f} s  {peak_mb:7.0f} MB peak  {extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = paths.REPO_ROOT.parent / "shared" / "data" / "esco-v1.1.1-download"
    parser.add_argument("download", nargs="?", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=1, help="runs of the import (the best is shown)")
    parser.add_argument("--compact", action="store_true", help="time the --compact import")
    args = parser.parse_args()
    folders = [str(args.download / "en"), str(args.download / "fr")]
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = Path(tmp) / "esco.nt", Path(tmp) / "rdflib.nt"
        runs = [child(IMPORT, *folders, str(ours), "1" if args.compact else "0") for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        peak = max(r["peak_mb"] for r in runs)
        kind = "compact " if args.compact else ""
        line(
            f"airoles import-esco en+fr ({kind}{best['triples']:,.0f} triples)",
            best["seconds"],
            peak,
            f"{best['size'] / 1e6:.1f} MB written, {best['rejected']:.0f} rows rejected",
        )
        rdflib = child(RDFLIB, str(ours), str(theirs))
        same = "same graph" if graph(theirs) == graph(ours) else "DIFFERENT GRAPH"
        what = "rdflib: Graph of the same triples + N-Triples, sorted"
        line(what, rdflib["seconds"], rdflib["peak_mb"], same)
        loaded = child(LOAD, str(ours))
        line("pyoxigraph: load the output into a Store", loaded["seconds"], loaded["peak_mb"])
    ratio = rdflib["seconds"] / best["seconds"]
    print(f"rdflib / airoles: {ratio:.1f}x (rdflib's time leaves out reading the CSV files)")
    verdict = best["seconds"] <= TARGET_SECONDS and peak <= TARGET_PEAK_MB
    print(
        f"targets: import <= {TARGET_SECONDS:.0f} s and peak <= {TARGET_PEAK_MB:.0f} MB: "
        + ("met" if verdict else "MISSED")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
