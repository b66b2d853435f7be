"""The README's commands are the ones CI runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def readme_test_command() -> str:
    candidates = [c for c in readme_commands() if "pytest" in c]
    assert candidates, "README.md has no test command (a shell block line running pytest)"
    return candidates[0]


def test_readme_opens_with_a_description_then_fresh_machine_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].startswith("# ")
    assert not lines[1].startswith(("#", "`")), "a one-line description must follow the title"
    commands = readme_commands()
    assert commands[0].startswith("python3 -m venv .venv && ") and "streamlit run" in commands[0]
    assert commands[1].startswith("python3 -m venv .venv && ") and "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert any(line == command or line.startswith(command + " ") for line in ci_lines), (
        f".ci/run does not run the README test command: {command!r}"
    )


def test_ci_script_is_strict_bash():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash\n") or script.startswith("#!/bin/bash\n")
    assert "set -euo pipefail" in script
    assert "ruff check ." in script
