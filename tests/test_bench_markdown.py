"""``scripts/bench.py --markdown FILE`` rewrites only its block of FILE: the prose written by hand around the
generated tables stays, and a file without the block's markers is left alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from airoles_kg.core import paths


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_script", paths.REPO_ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_script", module)
    spec.loader.exec_module(module)
    return module


def test_only_the_block_is_replaced(bench, tmp_path: Path):
    doc = tmp_path / "performance.md"
    doc.write_text(
        "# Figures\n\nBy hand.\n\n<!-- bench:start short -->\nold short\n<!-- bench:end short -->\n\n"
        "<!-- bench:start full -->\nold full\n<!-- bench:end full -->\nAfter, by hand.\n",
        encoding="utf-8",
    )
    bench.write_markdown(doc, "short", "| new | table |\n")
    assert doc.read_text(encoding="utf-8") == (
        "# Figures\n\nBy hand.\n\n<!-- bench:start short -->\n| new | table |\n<!-- bench:end short -->\n\n"
        "<!-- bench:start full -->\nold full\n<!-- bench:end full -->\nAfter, by hand.\n"
    )


def test_a_file_without_the_block_is_left_alone(bench, tmp_path: Path, capsys):
    doc = tmp_path / "performance.md"
    doc.write_text("# Figures\n\n<!-- bench:start full -->\nold\n<!-- bench:end full -->\n", encoding="utf-8")
    before = doc.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        bench.write_markdown(doc, "short", "| new |\n")
    assert stopped.value.code == 2
    assert "has no block 'short' to replace" in capsys.readouterr().err
    assert doc.read_bytes() == before


def test_the_check_runs_before_anything_is_measured(bench, tmp_path: Path, capsys):
    doc = tmp_path / "notes.md"
    doc.write_text("hand-written\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        bench.main(["--short", "--markdown", str(doc), "--workdir", str(tmp_path / "work")])
    assert stopped.value.code == 2
    assert "nothing measured" in capsys.readouterr().err
    assert not (tmp_path / "work").exists()
    assert doc.read_text(encoding="utf-8") == "hand-written\n"


def test_a_new_file_holds_the_block(bench, tmp_path: Path):
    doc = tmp_path / "bench.md"
    bench.write_markdown(doc, "full", "| t |\n")
    assert doc.read_text(encoding="utf-8") == "<!-- bench:start full -->\n| t |\n<!-- bench:end full -->\n"
