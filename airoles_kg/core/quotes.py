"""How much of each article the excerpts quote: the share of its characters that some ``airoles:excerpt``
covers (issue 20: quote, don't republish).

:func:`fold` is the one comparison of an excerpt with its article (white space folded, NFC): the tests
that check excerpts are verbatim and :func:`coverage` both use it. ``scripts/quote_coverage.py`` prints
the figures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from airoles_kg.core.namespaces import AIROLES


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
