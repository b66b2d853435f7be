"""Benchmark: SHACL validation of the project's graph, and the pyshacl options airoles_kg.shacl.validate uses.

Usage: python scripts/bench_validate.py [--repeat N]

Prints wall-clock and CPU time (the median of N runs) for:
  * airoles_kg.shacl.validate.validate_project() — load + validate, what `airoles validate` does (narrowed:
  the
    graph is over airoles_kg.shacl.validate.NARROW_FROM triples), and the same with method="pyshacl";
  * pyshacl on the same graph with the options we use (inference="none", advanced, inplace);
  * the same with the ontology passed again as ont_graph (pyshacl then copies the data graph to mix it in);
  * the same without inplace (pyshacl copies the data graph because advanced mode is on);
  * each shape on its own, the five slowest (to spot an expensive SPARQL target or constraint).
"""

import argparse
import statistics
import time
from collections.abc import Callable

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

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
