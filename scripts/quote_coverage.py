"""How much of each article the knowledge base quotes: the share of its characters that some excerpt covers.

Usage: ``python scripts/quote_coverage.py [--json]``. Reads the excerpts (``airoles:excerpt``) of every
node derived from an article and the articles themselves (``../shared/seeds``, or ``$AIROLES_SEEDS``), folds
white space, and prints for each article its size, the number of distinct excerpts that quote it, the
characters they cover (overlaps counted once) and that share: the figure issue 20 asks to bring under 20 %
("quote, don't republish"). ``tests/test_fidelity.py`` keeps it from growing.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from airoles_kg.core import paths  # noqa: E402
from airoles_kg.core.loader import load_graph  # noqa: E402
from airoles_kg.core.quotes import coverage  # noqa: E402


def main(argv: list[str]) -> int:
    figures = coverage(load_graph(), Path(paths.SEEDS_DIR))
    if not figures:
        print(f"quote_coverage: no article found in {paths.SEEDS_DIR}", file=sys.stderr)
        return 2
    if "--json" in argv:
        print(json.dumps([{**asdict(c), "share": round(c.share, 4)} for c in figures], indent=2))
        return 0
    print(f"{'article':<28} {'chars':>7} {'excerpts':>8} {'quoted':>7} {'share':>6}")
    for c in figures:
        print(f"{c.file:<28} {c.characters:>7} {c.excerpts:>8} {c.quoted:>7} {c.share:>6.1%}")
    total = sum(c.characters for c in figures)
    quoted = sum(c.quoted for c in figures)
    print(f"{'all five':<28} {total:>7} {'':>8} {quoted:>7} {quoted / total:>6.1%}  (goal: each under 20 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
