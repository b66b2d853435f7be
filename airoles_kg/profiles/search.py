"""The search over everything a person may look for: the knowledge base's roles, skills, sectors,
employers, organisation models, education... and ESCO's occupations and skills.

One index for the explorer's search box and ``airoles search`` (the words and the ranking are
:mod:`airoles_kg.core.search`'s). The knowledge base comes first when scores tie: it is what the articles say.
ESCO's part (17,000 concepts, 150,000 names) takes about 1.5 s to index: it is kept in the one cache
(:mod:`airoles_kg.core.cache`), keyed by the ESCO layer's files, so a later run reads it without reading the
layer itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from airoles_kg.core import cache
from airoles_kg.core.search import SEARCHED_KINDS, SearchIndex, index_graph
from airoles_kg.esco.layer import ESCO_OCCUPATION, ESCO_SKILL, layer_files, load_layer

ALL_KINDS: tuple[str, ...] = (*SEARCHED_KINDS, ESCO_OCCUPATION, ESCO_SKILL)
CACHE_KIND = "search-esco"


def search_index(graph: Graph, esco: bool = True, files: Sequence[Path] | None = None) -> SearchIndex:
    """A word index of ``graph``'s knowledge-base nodes (:data:`SEARCHED_KINDS`), then, when ``esco``, of
    the occupations and skills of the ESCO layer (``files``, default :func:`layer_files`; none: no ESCO)."""
    found = list(layer_files() if files is None else files) if esco else []
    if not found:
        return index_graph(graph)
    # The knowledge base goes into ESCO's index (a fresh object: read from the cache on each call), then
    # ESCO's kinds are ranked after ours.
    index = esco_index(found)
    index_graph(graph, index=index)
    index.rank_last(ESCO_OCCUPATION, ESCO_SKILL)
    return index


def esco_index(files: Sequence[Path]) -> SearchIndex:
    """The word index of the occupations and skills of the ESCO layer read from ``files`` (cached)."""
    entry = cache.entry(CACHE_KIND, cache.key(CACHE_KIND, files), ".pickle")
    found = cache.read_pickle(entry, SearchIndex)
    if found is not None:
        return found
    layer = load_layer(files)
    index = layer.add_to(SearchIndex()) if layer is not None else SearchIndex()
    cache.write_pickle(entry, index, kind=CACHE_KIND)
    return index
