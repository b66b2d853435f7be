"""airoles_kg.core.closure.reachable: the one node-by-node closure (hierarchies, shapes' classes, HermiT)."""

import sys

from airoles_kg.core.closure import reachable


def test_reflexive_transitive_and_cycle_safe():
    step = {"a": {"b"}, "b": {"c", "a"}, "c": set(), "d": {"a"}}
    assert reachable("a", step) == {"a", "b", "c"}
    assert reachable("d", step) == {"a", "b", "c", "d"}
    assert reachable("z", step) == {"z"}  # a node the relation does not know reaches itself only


def test_a_function_gives_the_next_nodes():
    assert reachable(10, lambda n: [n // 2] if n > 1 else []) == {10, 5, 2, 1}


def test_chains_deeper_than_the_recursion_limit():
    depth = sys.getrecursionlimit() * 3
    chain = {i: [i + 1] for i in range(depth)}
    assert len(reachable(0, chain)) == depth + 1
