"""How much of each article the knowledge base quotes: the share of its characters that some excerpt covers.

Usage: ``python scripts/quote_coverage.py [--json]``. Reads the excerpts (``airoles:excerpt``) of every
node derived from an article and the articles themselves (``../shared/seeds``, or ``$AIROLES_SEEDS``), folds
white space, and prints for each article its size, the number of distinct excerpts that quote it, the
characters they cover (overlaps counted once) and that share: the figure issue 20 asks to bring under 20 %
("quote, don't republish"). ``tests/test_fidelity.py`` keeps it from growing.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from airoles_kg.core import paths  # noqa: E402
from airoles_kg.core.loader import load_graph  # noqa: E402
from airoles_kg.core.namespaces import AIROLES  # noqa: E402


def fold(text: str) -> str:
    """White space folded (the seeds wrap lines and use no-break spaces), NFC."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


@dataclass
class Coverage:
    """One article's figures."""

    source: str
    file: str
    characters: int
    excerpts: int
    quoted: int

    @property
    def share(self) -> float:
        """The share of the article's characters that the excerpts quote."""
        return self.quoted / self.characters if self.characters else 0.0


def coverage(graph: Graph, seeds: Path) -> list[Coverage]:
    """Per article (sorted by file name): how much of it the excerpts quote."""
    result = []
    for source in sorted(graph.subjects(RDF.type, AIROLES.SourceDocument), key=str):
        name = graph.value(source, DCTERMS.identifier)
        file = seeds / str(name) if name else None
        if file is None or not file.is_file():
            continue
        text = fold(file.read_text(encoding="utf-8"))
        quotes = {
            fold(str(e))
            for node in graph.subjects(PROV.wasDerivedFrom, source)
            for e in graph.objects(node, AIROLES.excerpt)
            if isinstance(node, URIRef)
        }
        covered = bytearray(len(text))
        for quote in quotes:
            start = text.find(quote)
            while quote and start >= 0:
                covered[start : start + len(quote)] = b"\x01" * len(quote)
                start = text.find(quote, start + 1)
        result.append(Coverage(str(source), file.name, len(text), len(quotes), sum(covered)))
    return sorted(result, key=lambda c: c.file)


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
