"""Reflexive-transitive closure over a relation given as a mapping or a function: iterative (no recursion
limit, unlike rdflib's ``+``/``*`` property paths on large graphs) and cycle-safe.

The one place that walks a hierarchy node by node (class and property hierarchies, the shapes' classes,
HermiT's direct answers). :func:`airoles_kg.reasoning.rules.transitive_closure` is the other, for all pairs
of a large relation at once (strongly connected components and bitsets): a different job.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def reachable(start: T, step: Mapping[T, Iterable[T]] | Callable[[T], Iterable[T]]) -> set[T]:
    """``start`` and everything reachable from it in zero or more steps of ``step`` (a mapping node -> next
    nodes, or a function giving them)."""
    following: Callable[[T], Iterable[T]] = (
        (lambda node: step.get(node, ())) if isinstance(step, Mapping) else step
    )
    seen, stack = {start}, [start]
    while stack:
        for nxt in following(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
