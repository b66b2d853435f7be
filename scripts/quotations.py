"""Write ``ontology/kb/quotations.ttl``: where each article excerpt is, as W3C Web Annotation selectors.

Usage: ``python scripts/quotations.py [--check]``. Reads the excerpts (``airoles:excerpt``) of the knowledge
base and the articles (``../shared/seeds``, or ``$AIROLES_SEEDS``), finds each excerpt in its article and
writes one ``oa:SpecificResource`` with its ``oa:TextQuoteSelector`` per (node, article, excerpt)
(:func:`airoles_kg.core.quotes.quotations_turtle`). Run it after changing an excerpt. ``--check`` writes
nothing and exits 1 when the file is not what it would write (``tests/test_quotations.py`` runs the same
comparison). Exits 2 when the articles are not found (nothing is written then).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from airoles_kg.core import paths  # noqa: E402
from airoles_kg.core.atomic import atomic_write_text  # noqa: E402
from airoles_kg.core.loader import load_graph  # noqa: E402
from airoles_kg.core.quotes import articles, quotations_turtle  # noqa: E402

TARGET = paths.KB_DIR / "quotations.ttl"


def main(argv: list[str]) -> int:
    graph = load_graph()
    seeds = Path(paths.SEEDS_DIR)
    if not articles(graph, seeds):
        print(f"quotations: no article found in {seeds}: nothing written", file=sys.stderr)
        return 2
    text = quotations_turtle(graph, seeds)
    current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else None
    if "--check" in argv:
        if current == text:
            print(f"quotations: {TARGET.name} is up to date")
            return 0
        print(f"quotations: {TARGET} is out of date: run python scripts/quotations.py", file=sys.stderr)
        return 1
    atomic_write_text(TARGET, text)  # an interrupted run leaves the old file whole
    print(f"quotations: wrote {TARGET} ({text.count('a oa:TextQuoteSelector')} selectors)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
