"""The options every command spells the same way (docs/cli.md), the old spellings kept until 0.4, and what
-q / -v change on stderr (never stdout)."""

from __future__ import annotations

import argparse
import json
import time

import pytest
from rdflib import Graph

from airoles_kg import cli
from airoles_kg.core import console


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """Visible option strings -> action (hidden, deprecated aliases left out)."""
    return {s: a for a in parser._actions if a.help is not argparse.SUPPRESS for s in a.option_strings}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_has_quiet_and_verbose():
    for name, parser in subparsers().items():
        found = options(parser)
        assert {"-q", "--quiet", "-v", "--verbose"} <= set(found), name


def test_output_is_always_a_file_and_format_always_what_is_written():
    for name, parser in subparsers().items():
        found = options(parser)
        assert "--out" not in found, f"{name}: --out is the deprecated spelling of -o/--output"
        if "--output" in found:
            assert "-o" in found and found["-o"] is found["--output"], name
            assert not found["--output"].choices, f"{name}: --output takes a path, not a format"
        if "--format" in found:
            assert found["--format"].metavar in (None, "FORMAT"), name


def test_commands_that_print_data_print_json():
    for name, parser in subparsers().items():
        if name == "serve":  # prints no data: it serves it
            continue
        fmt = options(parser).get("--format")
        assert fmt is not None, name
        assert fmt.choices is None or "json" in fmt.choices or name == "export", name


def test_old_out_still_works_with_a_warning(tmp_path, capsys):
    target = tmp_path / "graph.ttl"
    code, out, err = run(capsys, "export", "--format", "turtle", "--out", str(target))
    assert code == 0 and out == ""
    assert len(Graph().parse(target)) > 1000
    assert "--out is deprecated and goes in 0.4: use -o/--output" in err


def test_quiet_hides_notices_and_warnings_but_not_the_answer(tmp_path, capsys):
    target = tmp_path / "graph.ttl"
    code, out, err = run(capsys, "export", "--format", "turtle", "--out", str(target), "-q")
    assert code == 0 and out == "" and err == ""
    assert target.is_file()
    code, out, err = run(capsys, "info", "-q", "--format", "json")
    assert code == 0 and err == "" and json.loads(out)["roles"] >= 28


def test_verbose_says_how_long_a_step_took(capsys):
    code, quiet_out, _ = run(capsys, "query", "roles-in-family", "-p", "family=airoles:ManagementRole", "-q")
    code, out, err = run(capsys, "query", "roles-in-family", "-p", "family=airoles:ManagementRole", "-v")
    assert code == 0 and out == quiet_out  # the answer never depends on the verbosity
    assert "airoles: loading the graph: done in" in err
    assert "airoles: running roles-in-family: done in" in err


def test_quiet_and_verbose_exclude_each_other(capsys):
    code, _, err = run(capsys, "info", "-q", "-v")
    assert code == 2 and "not allowed with argument" in err


@pytest.fixture
def data(tmp_path):
    """A role without label or source, in Turtle, in a file whose extension says nothing."""
    path = tmp_path / "role.txt"
    path.write_text(
        "@prefix airoles: <https://w3id.org/airoles/> .\n"
        "<https://w3id.org/airoles/id/role/x> a airoles:Role .\n",
        encoding="utf-8",
    )
    return path


def test_validate_format_is_the_report_and_input_format_the_syntax(data, tmp_path, capsys):
    code, out, err = run(capsys, "validate", str(data), "--input-format", "turtle", "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["summary"]["violations"] > 0
    assert {r["focus_node"] for r in report["results"]} == {"role:x"}
    # -o writes the report to a file; stdout stays empty.
    target = tmp_path / "report.json"
    code, out, err = run(
        capsys, "validate", str(data), "--input-format", "turtle", "--format", "json", "-o", str(target)
    )
    assert code == 1 and out == ""
    assert json.loads(target.read_text("utf-8")) == report
    assert f"wrote {target}" in err


def test_validate_old_spellings_still_work_with_a_warning(data, tmp_path, capsys):
    new = run(capsys, "validate", str(data), "--input-format", "turtle", "--format", "json")
    # 0.2: --format was the input syntax and --output the report format.
    code, out, err = run(capsys, "validate", str(data), "--format", "turtle", "--output", "json")
    assert (code, out) == new[:2]
    assert "--output json is deprecated and goes in 0.4: use --format json" in err
    assert "--format turtle for the input is deprecated and goes in 0.4: use --input-format" in err
    # An input syntax that is no report format keeps its old meaning on its own.
    nt = tmp_path / "role.data"
    nt.write_text(
        "<https://w3id.org/airoles/id/role/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/airoles/Role> .\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(nt), "--format", "nt")
    assert code == 1 and "role:x" in out
    assert "--format nt for the input is deprecated" in err


def test_progress_shows_on_a_long_step_only(monkeypatch, capsys):
    monkeypatch.setattr(console, "PROGRESS_AFTER", 0.05)
    console.set_verbosity(console.NORMAL)
    with console.progress("a quick step"):
        pass
    assert capsys.readouterr().err == ""
    with console.progress("a long step"):
        time.sleep(0.3)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "airoles: a long step…"
    assert lines[1].startswith("airoles: a long step: done in ")
    with pytest.raises(KeyboardInterrupt), console.progress("an interrupted step"):
        time.sleep(0.3)
        raise KeyboardInterrupt
    assert capsys.readouterr().err.splitlines()[-1].startswith("airoles: an interrupted step: stopped in ")
    console.set_verbosity(console.QUIET)
    with console.progress("a silent step"):
        time.sleep(0.3)
    assert capsys.readouterr().err == ""
    console.set_verbosity(console.NORMAL)
