"""Benchmark: SHACL validation of the project's graph, and the pyshacl options airoles_kg.shacl.validate uses;
with --catalogue or --roles, `airoles validate CATALOGUE` end to end beside plain pyshacl.

Usage: python scripts/bench_validate.py [--repeat N]
       python scripts/bench_validate.py --roles 3000 [--runs N] [--skip-plain] [--workdir DIR]
       python scripts/bench_validate.py --catalogue FILE [--runs N] [--skip-plain]

Without a catalogue, prints wall-clock and CPU time (the median of N runs) for:
  * airoles_kg.shacl.validate.validate_project() — load + validate, what `airoles validate` does (narrowed:
    the graph is over airoles_kg.shacl.validate.NARROW_FROM triples), and the same with method="pyshacl";
  * pyshacl on the same graph with the options we use (inference="none", advanced, inplace);
  * the same with the ontology passed again as ont_graph (pyshacl then copies the data graph to mix it in);
  * the same without inplace (pyshacl copies the data graph because advanced mode is on);
  * each shape on its own, the five slowest (to spot an expensive SPARQL target or constraint).

With a catalogue (a file, or the synthetic one of --roles roles, written by scripts/generate_synthetic.py's
generator into --workdir): the command `airoles validate CATALOGUE --format json` in a fresh process, --runs
times (the first may fill the cache of our graph), each with its wall-clock and CPU time, exit code and
counts, and the median; then plain `pyshacl.validate(data, shacl_graph=shapes, advanced=True)` once on the
same data graph (ontology + knowledge base + catalogue, an ordinary rdflib Graph), its results kept to the
nodes the catalogue introduces as the command keeps them, compared with the command's (--format turtle):
the same (focus, path, shape, severity, value, component) set or not, and the ratio. The load average is
printed beside each figure: the times are only comparable within one run of this script. No target is
checked here.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyshacl
from rdflib import Graph
from rdflib.namespace import RDF, SH

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.shacl import load_shapes, validate_project


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def bench_catalogue(catalogue: Path, runs: int, plain: bool) -> None:
    """`airoles validate CATALOGUE` end to end, then plain pyshacl on the same data graph (see the module
    docstring)."""
    import resource
    import subprocess

    from rdflib import Literal

    from airoles_kg.core.loader import parse_rdf_file
    from airoles_kg.shacl import fast

    print(f"catalogue: {catalogue} ({catalogue.stat().st_size / 1e6:.1f} MB); {os.cpu_count()} cores")
    command = [sys.executable, "-m", "airoles_kg", "validate", str(catalogue), "--format", "json", "-q"]
    walls = []
    for run in range(1, runs + 1):
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        summary = json.loads(done.stdout)["summary"] if done.stdout.startswith("{") else {}
        walls.append(wall)
        print(
            f"airoles validate, run {run}: wall {wall:6.2f} s  cpu {cpu:6.2f} s  exit {done.returncode}  "
            f"{summary.get('violations', '?')} violations, {summary.get('warnings', '?')} warnings, "
            f"{summary.get('infos', '?')} infos  (load {load:.2f})"
        )
    command_wall = statistics.median(walls)
    print(f"airoles validate, median of {runs}: {command_wall:.2f} s")
    if not plain:
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.ttl"
        turtle = [sys.executable, "-m", "airoles_kg", "validate", str(catalogue), "--format", "turtle"]
        subprocess.run([*turtle, "-q", "-o", str(out)], check=False)
        shapes = load_shapes()
        found = fast.result_keys(Graph().parse(out, format="turtle"), shapes)
    user = parse_rdf_file(catalogue)
    ours = load_graph()
    described = set(ours.subjects())
    introduced = set(user.subjects()) | {
        o for o in user.objects() if not isinstance(o, Literal) and o not in described
    }
    data = ours
    data += user
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    keys = {k for k in fast.result_keys(report, shapes) if k[0] in introduced or k[4] in introduced}
    print(
        f"plain pyshacl (advanced=True), once: wall {wall:6.2f} s  cpu {cpu:6.2f} s  {len(keys)} results "
        f"about the catalogue's nodes  (load {load:.2f})"
    )
    print(
        f"same (focus, path, shape, severity, value, component) set: {'yes' if keys == found else 'NO'} "
        f"({len(found)} results); plain pyshacl / airoles validate: {wall / command_wall:.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--catalogue", type=Path, help="validate this file end to end (see the docstring)")
    parser.add_argument("--roles", type=int, help="validate the synthetic catalogue of this many roles")
    parser.add_argument("--runs", type=int, default=3, help="runs of the command (default: 3)")
    parser.add_argument("--skip-plain", action="store_true", help="do not run plain pyshacl (slow)")
    parser.add_argument("--workdir", type=Path, help="where the synthetic catalogue is written")
    args = parser.parse_args()
    if args.roles is not None or args.catalogue is not None:
        catalogue = args.catalogue
        if catalogue is None:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # for tests/support
            from support.synthetic import generate

            workdir = args.workdir or Path(tempfile.mkdtemp(prefix="airoles-bench-validate-"))
            catalogue = workdir / f"synthetic-{args.roles}.nt"
            if not catalogue.exists():
                generate(args.roles, 1, catalogue)
        bench_catalogue(catalogue, args.runs, not args.skip_plain)
        return

    data = load_graph()
    shapes = load_shapes()
    ontology = Graph().parse(paths.ONTOLOGY_FILE)
    print(f"graph: {len(data)} triples; shapes: {len(shapes)} triples; repeat: {args.repeat}")

    def options(**extra):
        return dict(shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, **extra)

    cases: dict[str, Callable[[], object]] = {
        "validate_project() (load + narrowed validation)": validate_project,
        "validate_project(method='pyshacl')": lambda: validate_project(method="pyshacl"),
        "pyshacl, our options (inplace)": lambda: pyshacl.validate(data, **options(inplace=True)),
        "pyshacl + ont_graph=ontology": lambda: pyshacl.validate(data, **options(ont_graph=ontology)),
        "pyshacl, not inplace (copy)": lambda: pyshacl.validate(data, **options()),
    }
    for name, fn in cases.items():
        wall, cpu = measure(fn, args.repeat)
        print(f"{name:<40} wall {wall:6.2f} s   cpu {cpu:6.2f} s")

    targeted = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        for s in shapes.subjects(p, None)
    }
    per_shape = []
    for shape in targeted:
        one = options(inplace=True, use_shapes=[str(shape)])
        _, cpu = measure(lambda one=one: pyshacl.validate(data, **one), 1)
        per_shape.append((cpu, shapes.namespace_manager.normalizeUri(shape)))
    print(f"per shape ({len(targeted)} shapes with targets), slowest five, cpu:")
    for cpu, name in sorted(per_shape, reverse=True)[:5]:
        print(f"  {cpu:5.2f} s  {name}")
    print(f"node shapes: {len(set(shapes.subjects(RDF.type, SH.NodeShape)))}")


if __name__ == "__main__":
    main()
