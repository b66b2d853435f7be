"""Pickled cache entries (:func:`airoles_kg.core.cache.read_pickle`): read back as written, never trusted when
damaged, and unpickled with the cyclic garbage collector paused (an index is millions of objects)."""

from __future__ import annotations

import gc

from airoles_kg.core import cache

SEEN: list[bool] = []  # gc.isenabled() while each Probe was unpickled


class Probe:
    """Records, as it is unpickled, whether the garbage collector runs."""

    def __init__(self, items: list[int]) -> None:
        self.items = items

    def __setstate__(self, state: dict[str, object]) -> None:
        SEEN.append(gc.isenabled())
        self.__dict__.update(state)


def test_an_entry_is_read_back_with_the_collector_paused_then_running_again(tmp_path):
    entry = tmp_path / "probe.pickle"
    assert cache.write_pickle(entry, Probe(list(range(1000))))
    SEEN.clear()
    assert gc.isenabled()
    found = cache.read_pickle(entry, Probe)
    assert found is not None and found.items == list(range(1000))
    assert SEEN == [False]  # paused while unpickling
    assert gc.isenabled()  # and back on after


def test_a_damaged_or_foreign_entry_is_not_trusted_and_the_collector_runs_again(tmp_path):
    entry = tmp_path / "probe.pickle"
    assert cache.write_pickle(entry, Probe([1, 2, 3]))
    entry.write_bytes(entry.read_bytes()[:-5])  # truncated
    assert cache.read_pickle(entry, Probe) is None
    assert gc.isenabled()
    assert cache.write_pickle(entry, [1, 2, 3])
    assert cache.read_pickle(entry, Probe) is None  # another type
