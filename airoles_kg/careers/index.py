"""Career paths and skill gaps: ``path``, ``gap``, ``next`` (reachable roles) and ``match``.

A :class:`CareerIndex` is built ONCE from a graph with a few scans per predicate (never SPARQL joins, never
property paths) into plain dicts, sets and adjacency lists; every question is then answered in Python
without touching the graph. The index is picklable (plain ``str`` IRIs, no rdflib graph inside), so it can
be cached on disk (:func:`load_index`) or by the explorer.

Definitions used throughout (README, "Career paths and skill gaps"):

- A *step* is one career transition: an asserted ``airoles:CareerTransition`` node with ``airoles:fromRole``
  and ``airoles:toRole`` (its kind, conditions, credentials, sources), or a move the ontology's axioms entail
  (``entailed: true``, with the axiom named). No step is ever invented from anything else.
- A role *gives* every skill it lists (essential or optional). Someone who held the roles of a path so far
  has the union of their skills; a step's *skills to acquire* are the next role's essential skills outside
  that union (its optional ones are listed apart). A path's *skill gap* is the sum over its steps.
- Paths are ranked by fewest hops, then smallest skill gap, then fewest optional skills to acquire.
- ``match`` score of a role for a set of skills: ``(2·Ec + Oc) / (2·E + O)`` where E and O are the role's
  essential and optional skill counts and Ec, Oc how many of them the given skills cover (essential
  skills weigh twice as much). 1.0 means every listed skill is covered.

The index and its questions are in :mod:`airoles_kg.careers.questions`; its tables, how they are built
and the name look-ups in :mod:`airoles_kg.careers.tables`; the answers' types in
:mod:`airoles_kg.careers.results`. All are importable from here, with the graph the questions are asked of
(:func:`career_graphs`) and the disk cache of the index (:func:`load_index`).
"""

from __future__ import annotations

import gc
from pathlib import Path as FilePath

from rdflib import Graph

from airoles_kg.careers.questions import CareerIndex, Reach
from airoles_kg.careers.results import (
    DEFAULT_MAX_HOPS,
    ESSENTIAL,
    KIND_ORDER,
    KIND_RANK,
    MATCH_SCORE,
    OPTIONAL,
    OTHER_KIND,
    SKILL_KINDS,
    Gap,
    Match,
    Path,
    Ref,
    SharedSkill,
    SkillRef,
    Source,
    Step,
)
from airoles_kg.careers.tables import ESCO_MAPPING_RELATIONS, IMPORTANCE_BY_IRI, LANGUAGES
from airoles_kg.core import cache

# The names this module has always offered (callers import them from here), now defined in the modules above.
__all__ = [
    "DEFAULT_MAX_HOPS",
    "ESCO_MAPPING_RELATIONS",
    "ESSENTIAL",
    "IMPORTANCE_BY_IRI",
    "KIND_ORDER",
    "KIND_RANK",
    "LANGUAGES",
    "MATCH_SCORE",
    "OPTIONAL",
    "OTHER_KIND",
    "SKILL_KINDS",
    "CareerIndex",
    "Gap",
    "Match",
    "Path",
    "Reach",
    "Ref",
    "SharedSkill",
    "SkillRef",
    "Source",
    "Step",
    "career_graphs",
    "load_index",
]


# ---------------------------------------------------------------------------------------------------------
# The graph used and a disk cache of the index
# ---------------------------------------------------------------------------------------------------------


def career_graphs() -> tuple[Graph, Graph]:
    """``(graph, asserted)``: the inferred graph the careers questions are asked of, and the asserted one.

    The only place that decides which graph is used (the reasoner's output when
    :mod:`airoles_kg.reasoning.inference`
    provides it, else the asserted graph itself).
    """
    from airoles_kg.core.loader import load_graph

    asserted = load_graph()
    try:
        from airoles_kg.reasoning.inference import inferred_graph
    except ImportError:  # no reasoner in this checkout: the asserted graph is all there is
        return asserted, asserted
    # Keyed by the source files (the same ones load_graph read); returns a new graph, cached on disk.
    return inferred_graph(), asserted


def _cache_file() -> FilePath:
    from airoles_kg.core.loader import source_files

    return cache.entry("careers", cache.key("careers", source_files()), ".pickle")


def load_index(use_cache: bool = True) -> CareerIndex:
    """The :class:`CareerIndex` of :func:`career_graphs`, cached (:mod:`airoles_kg.core.cache`) keyed by the
    source files and this code (a stale or unreadable cache is rebuilt).

    The index is then moved out of the garbage collector's reach (``gc.freeze``): it is read-only and
    long-lived, and re-scanning its objects otherwise dominates answer times on large graphs.
    """
    cache_file = _cache_file() if use_cache else None
    index = cache.read_pickle(cache_file, CareerIndex)
    if index is None:
        graph, asserted = career_graphs()
        index = CareerIndex.from_graph(graph, asserted)
        del graph, asserted
        gc.collect()  # free the graphs' reference cycles before freezing what remains
        if cache_file is not None:  # a read-only cache directory: answers all the same, only slower
            cache.write_pickle(cache_file, index, kind="careers")
    gc.freeze()
    return index
