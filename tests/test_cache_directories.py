"""Directory entries of the cache (:func:`airoles_kg.core.cache.build_directory`): built aside, renamed into
place whole, and what a stopped process left aside removed by the next build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from airoles_kg.core import cache


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def test_a_directory_is_renamed_into_place_only_when_complete(tmp_path: Path) -> None:
    entry = tmp_path / "thing.store"
    with pytest.raises(RuntimeError), cache.build_directory(entry) as building:
        (building / "part").write_text("half", encoding="ascii")
        raise RuntimeError("stopped")
    assert not entry.exists() and list(tmp_path.iterdir()) == []
    with cache.build_directory(entry) as building:
        assert building.name.startswith(f".thing.store.{os.getpid()}.")
        (building / "part").write_text("whole", encoding="ascii")
    assert (entry / "part").read_text(encoding="ascii") == "whole"
    assert [p.name for p in tmp_path.iterdir()] == ["thing.store"]


def test_what_a_stopped_process_left_aside_is_removed_by_the_next_build(tmp_path: Path) -> None:
    """A process killed while it built (or whose writing thread died with it) leaves its aside directory;
    the next build removes it, but not one of a process that still runs, nor anything else."""
    left = tmp_path / f".big.store.{dead_pid()}.x1y2z3"
    (left / "sub").mkdir(parents=True)
    (left / "sub" / "000001.sst").write_bytes(b"\0" * 1024)
    running = tmp_path / f".big.store.{os.getppid()}.a1b2c3"  # our parent runs
    running.mkdir()
    unrelated = [tmp_path / ".hidden", tmp_path / "catalogue-abc.store", tmp_path / ".notes.12.txt"]
    unrelated[0].mkdir()
    unrelated[1].mkdir()
    unrelated[2].write_text("a file, not a directory", encoding="ascii")
    with cache.build_directory(tmp_path / "other.store") as building:
        (building / "done").touch()
    assert not left.exists()
    assert running.is_dir() and all(p.exists() for p in unrelated)
    assert (tmp_path / "other.store" / "done").exists()
    assert cache.remove_abandoned(tmp_path / "missing") == []  # no such directory: nothing to do
