#!/usr/bin/env python3
"""Write an ESCO-shaped synthetic catalogue of roles that conforms to the airoles shapes.

    python scripts/generate_synthetic.py --roles 3000 [--seed 1] [--out synthetic-3000.nt]

The same ``--roles`` and ``--seed`` give a byte-identical file (see :mod:`support.synthetic` for its shape).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # for tests/support

from support.synthetic import Plan, generate

from airoles_kg.core.errors import AirolesError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--roles", type=int, required=True, help="number of roles (e.g. 3000 or 30000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("--out", type=Path, help="N-Triples file to write (default: synthetic-N.nt)")
    args = parser.parse_args(argv)
    out = args.out or Path(f"synthetic-{args.roles}.nt")
    try:
        plan = Plan(args.roles, args.seed)
        started = time.perf_counter()
        generate(args.roles, args.seed, out)
    except AirolesError as exc:
        print(f"generate_synthetic: error: {exc}", file=sys.stderr)
        return exc.exit_code
    seconds = time.perf_counter() - started
    size = out.stat().st_size / 1e6
    print(f"wrote {out}: {plan.roles:,} roles, {plan.skills:,} skills, {size:.1f} MB in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
