"""Benchmark: how long a command takes to start, as a user runs it (a fresh process each time).

    python scripts/bench_startup.py [--runs 5]

For ``airoles --version``, ``--help``, ``info`` and a named query, the median wall time of ``--runs`` runs,
beside the plain alternative: the same interpreter building the whole parser (every command module
imported, as the CLI did before it imported only the command being run). Prints the figures and the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "airoles --version": ["--version"],
    "airoles --help": ["--help"],
    "airoles info": ["info"],
    "airoles query roles-in-family (warm)": [
        "query",
        "roles-in-family",
        "-p",
        "family=airoles:ManagementRole",
        "-q",
    ],
}
# The plain alternative: import every command module and build the whole parser, then do the same.
EAGER = "import sys\nfrom airoles_kg import cli\ncli.build_parser()\nsys.exit(cli.main(sys.argv[1:]))"
LAZY = "import sys\nfrom airoles_kg import cli\nsys.exit(cli.main(sys.argv[1:]))"


def wall(code: str, args: list[str], runs: int) -> float:
    """Median seconds of ``runs`` fresh interpreters running ``code`` with ``args``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    wall(LAZY, ["info"], 1)  # warm the caches (the graph, the inferences) once
    print(f"{'command':<40} {'lazy':>8} {'eager':>8} {'ratio':>6}")
    for name, args in COMMANDS.items():
        lazy, eager = wall(LAZY, args, runs), wall(EAGER, args, runs)
        print(f"{name:<40} {lazy:>7.2f}s {eager:>7.2f}s {eager / lazy:>5.1f}x")


if __name__ == "__main__":
    main()
