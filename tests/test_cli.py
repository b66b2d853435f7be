"""The airoles CLI: --version, info, build, and user errors without tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

import airoles_kg
from airoles_kg import cli
from airoles_kg.core import paths

ROOT = Path(__file__).resolve().parent.parent

TINY_ONTOLOGY = """@prefix airoles: <https://w3id.org/airoles/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
airoles:Role a owl:Class .
airoles:ManagerRole a owl:Class ; rdfs:subClassOf airoles:Role .
airoles:ExecutiveRole a owl:Class ; rdfs:subClassOf airoles:ManagerRole .
airoles:Skill a owl:Class .
airoles:Mission a owl:Class .
airoles:Sector a owl:Class .
airoles:CareerTransition a owl:Class .
airoles:SourceDocument a owl:Class .
"""

TINY_KB = """@prefix airoles: <https://w3id.org/airoles/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix role: <https://w3id.org/airoles/id/role/> .
@prefix skill: <https://w3id.org/airoles/id/skill/> .
@prefix source: <https://w3id.org/airoles/id/source/> .
role:responsable-ia a airoles:ExecutiveRole ;
    airoles:requires [ airoles:skill skill:python ; airoles:excerpt "maîtrise de Python"@fr ] ,
                     [ airoles:skill skill:management ; airoles:excerpt "management d'équipe"@fr ] ,
                     [ airoles:skill skill:python ; airoles:excerpt "Python encore"@fr ] .
role:chef-de-projet-ia a airoles:ManagerRole, airoles:Role ; prov:wasDerivedFrom source:article-1 .
role:data-scientist a airoles:Role .
skill:python a airoles:Skill .
skill:management a airoles:Skill .
source:article-1 a airoles:SourceDocument .
"""


@pytest.fixture
def tiny_root(tmp_path, monkeypatch):
    """A throw-away checkout (ontology + kb) that both in-process and subprocess runs use."""
    root = tmp_path / "repo"
    (root / "ontology" / "kb").mkdir(parents=True)
    (root / "ontology" / "airoles.ttl").write_text(TINY_ONTOLOGY, encoding="utf-8")
    (root / "ontology" / "kb" / "roles.ttl").write_text(TINY_KB, encoding="utf-8")
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", root / "ontology" / "airoles.ttl")
    monkeypatch.setattr(paths, "KB_DIR", root / "ontology" / "kb")
    monkeypatch.setattr(paths, "DIST_DIR", root / "dist")
    return root


@pytest.fixture
def data_root(request):
    """The real checkout when its ontology exists, else the tiny one (the ontology may not be written yet)."""
    if paths.ONTOLOGY_FILE.is_file():
        return paths.REPO_ROOT
    return request.getfixturevalue("tiny_root")


def run_cli(*args, root=None, env=None):
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if root is not None:
        full_env["AIROLES_ROOT"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "airoles_kg", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"airoles {airoles_kg.__version__}"


def test_version_matches_pyproject():
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "airoles_kg.__version__"}


def test_no_command_prints_help_and_fails(capsys):
    assert cli.main([]) == 2
    assert "build" in capsys.readouterr().err


def test_commands_are_discovered():
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert {"build", "info"} <= set(subparsers.choices)


def test_info_counts_subclasses(tiny_root, capsys):
    assert cli.main(["info", "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts == {
        "roles": 3,  # ExecutiveRole (2 levels down), ManagerRole+Role (counted once), Role
        "skills": 2,
        "missions": 0,
        "sectors": 0,
        "transitions": 0,
        "sources": 1,
        "triples": 10 + 17,  # ontology + knowledge base
    }


def test_info_text(tiny_root, capsys):
    assert cli.main(["info"]) == 0
    lines = dict(line.split() for line in capsys.readouterr().out.splitlines())
    assert lines["roles"] == "3" and lines["skills"] == "2"


def test_info_json_on_data(data_root):
    result = run_cli("info", "--format", "json", root=data_root)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert set(counts) == {"roles", "skills", "missions", "sectors", "transitions", "sources", "triples"}
    assert all(isinstance(v, int) and v >= 0 for v in counts.values())
    assert counts["triples"] > 0


def test_build_is_parseable_and_byte_identical(data_root, tmp_path):
    outputs = []
    for n, seed in enumerate(
        ("1", "2")
    ):  # different hash seeds: set/dict order must not leak into the output
        out = tmp_path / f"out{n}"
        result = run_cli("build", "-o", str(out), root=data_root, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        built = out / "airoles.ttl"
        assert f"wrote {built}" in result.stdout
        assert "triples" in result.stdout
        outputs.append(built.read_bytes())
    assert outputs[0] == outputs[1]
    graph = Graph().parse(data=outputs[0], format="turtle")
    assert len(graph) > 0
    assert b"@prefix airoles: <https://w3id.org/airoles/> ." in outputs[0]


def test_build_preserves_the_graph(tiny_root, capsys):
    assert cli.main(["build"]) == 0
    built = tiny_root / "dist" / "airoles.ttl"
    assert f"wrote {built}" in capsys.readouterr().out
    from rdflib.compare import isomorphic

    from airoles_kg.core.loader import load_graph

    assert isomorphic(Graph().parse(built), load_graph())


def test_user_error_exit_2_without_traceback(tiny_root, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    result = run_cli("build", "-o", str(blocker / "dist"), root=tiny_root)
    assert result.returncode == 2
    assert result.stderr.startswith("airoles: error: ")
    assert str(blocker) in result.stderr
    assert "Traceback" not in result.stderr


def test_syntax_error_in_kb_names_file_and_line(tiny_root):
    broken = tiny_root / "ontology" / "kb" / "broken.ttl"
    broken.write_text(
        "@prefix airoles: <https://w3id.org/airoles/> .\n\nairoles:a airoles:b .\n", encoding="utf-8"
    )
    result = run_cli("info", root=tiny_root)
    assert result.returncode == 2
    assert result.stderr.startswith(f"airoles: error: {broken}:3:")
    assert "Traceback" not in result.stderr


def test_keyboard_interrupt_exits_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", _parser_with_func(interrupted))
    assert cli.main(["x"]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_airoles_error_exit_code_is_used(monkeypatch, capsys):
    from airoles_kg.core.errors import AirolesError

    def failing(args):
        raise AirolesError("something the user can fix", exit_code=3)

    monkeypatch.setattr(cli, "build_parser", _parser_with_func(failing))
    assert cli.main(["x"]) == 3
    assert capsys.readouterr().err == "airoles: error: something the user can fix\n"


def _parser_with_func(func):
    import argparse

    def build_parser(only=None):
        parser = argparse.ArgumentParser(prog="airoles")
        parser.add_argument("cmd")
        parser.set_defaults(func=func)
        return parser

    return build_parser


def test_build_identical_when_files_share_blank_node_subjects(tiny_root, tmp_path):
    """Blank nodes from different files hanging off one subject: their order must not depend on the run."""
    (tiny_root / "ontology" / "kb" / "more.ttl").write_text(
        """@prefix airoles: <https://w3id.org/airoles/> .
@prefix role: <https://w3id.org/airoles/id/role/> .
@prefix skill: <https://w3id.org/airoles/id/skill/> .
role:responsable-ia airoles:requires [ airoles:skill skill:sql ; airoles:excerpt "SQL"@fr ] ,
    [ airoles:skill skill:anglais ; airoles:excerpt "anglais courant"@fr ] .
""",
        encoding="utf-8",
    )
    outputs = set()
    for n in range(3):
        out = tmp_path / f"out{n}"
        result = run_cli("build", "-o", str(out), root=tiny_root, env={"PYTHONHASHSEED": str(n)})
        assert result.returncode == 0, result.stderr
        outputs.add((out / "airoles.ttl").read_bytes())
    assert len(outputs) == 1


def test_ill_typed_literal_gives_no_python_traceback(tmp_path):
    """rdflib logs a traceback for "abc"^^xsd:decimal; the CLI reports the value through validation."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix airoles: <https://w3id.org/airoles/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/airoles/id/salary/x> a airoles:SalaryObservation ;\n"
        '    airoles:amount "abc"^^xsd:decimal .\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "airoles_kg", "validate", "--lang", "en", str(bad)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert "airoles:amount" in done.stdout


def _imported_after(code: str) -> set[str]:
    """The modules of airoles_kg.commands (and heavy libraries) a fresh interpreter has imported after
    ``code`` (whose own output is left out)."""
    probe = (
        "import contextlib, io, sys\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "print(' '.join(sorted(m for m in sys.modules if m.startswith(('airoles_kg.commands.', 'pyshacl', "
        "'owlready2', 'networkx')))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    shared = "airoles_kg.commands._"  # shared option helpers, light: not a command
    return {m for m in done.stdout.split() if not m.startswith(shared)}


def test_version_and_help_import_no_command():
    listed = "from airoles_kg import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported_after(listed) == set()
    assert _imported_after("from airoles_kg import cli\ncli.main(['--version'])") == set()


def test_a_command_imports_only_its_own_module(capsys):
    loaded = _imported_after("from airoles_kg import cli\ncli.main(['info'])")
    assert {m for m in loaded if m.startswith("airoles_kg.commands.")} == {"airoles_kg.commands.info"}
    assert not {m for m in loaded if m.startswith(("pyshacl", "owlready2", "networkx"))}


def test_every_command_has_a_summary_and_the_help_lists_them(capsys):
    from airoles_kg import commands

    assert sorted(commands.SUMMARIES) == cli.command_names()
    assert cli.main(["--help"]) == 0
    listing = capsys.readouterr().out
    assert all(
        f"    {name}" in listing and summary[:40] in listing for name, summary in commands.SUMMARIES.items()
    )
