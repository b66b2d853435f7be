"""The career commands: ``airoles path``, ``gap``, ``next``, ``match`` (text, JSON, exit codes, errors)."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from airoles_kg import cli
from airoles_kg.core import cache, paths
from airoles_kg.core.schemas import load_schema

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "careers" / "careers.ttl"
ID = "https://w3id.org/airoles/id/"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One cache directory for every fixture checkout: the reasoner runs once on the fixture, not per test."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def fixture_root(tmp_path, monkeypatch, shared_cache):
    """A checkout whose knowledge base is the careers fixture (the real ontology)."""
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(shared_cache))
    root = tmp_path / "repo"
    (root / "ontology" / "kb").mkdir(parents=True)
    shutil.copy(paths.ONTOLOGY_FILE, root / "ontology" / "airoles.ttl")
    shutil.copy(FIXTURE, root / "ontology" / "kb" / "careers.ttl")
    monkeypatch.setattr(paths, "REPO_ROOT", root)
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", root / "ontology" / "airoles.ttl")
    monkeypatch.setattr(paths, "KB_DIR", root / "ontology" / "kb")
    return root


def run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_path_text(fixture_root, capsys):
    code, out, err = run(capsys, "path", "Data Analyst", "directeur de l'ia")
    assert code == 0, err
    assert out.startswith("4 career paths from analyste de données to directeur de l’IA within 4 hops")
    first = out.split("\n\n")[1]
    assert first.splitlines()[0] == (
        "1. analyste de données → chef de projet IA → directeur de l’IA  "
        "(2 hops, 3 essential skills to acquire)"
    )
    assert "conditions: avec un MBA en part-time" in first
    assert "credentials: MBA" in first
    assert f"source: Les métiers de test <{ID}source/article-test>" in first
    assert "skills to acquire: gestion de projet (hard)" in first


def test_path_json_and_limit(fixture_root, capsys):
    code, out, _ = run(capsys, "path", "role:analyste", "role:directeur", "--format", "json", "--limit", "2")
    assert code == 0
    data = json.loads(out)
    assert data["from"] == {"iri": f"{ID}role/analyste", "label": "analyste de données"}
    assert data["to"]["iri"] == f"{ID}role/directeur"
    assert data["max_hops"] == 4 and data["count"] == 4 and len(data["paths"]) == 2
    assert [(p["hops"], p["skill_gap"]) for p in data["paths"]] == [(2, 3), (2, 4)]
    step = data["paths"][0]["steps"][0]
    assert step["kind"] == {"iri": "https://w3id.org/airoles/Promotion", "label": "évolution (promotion)"}
    assert step["credentials"] == [{"iri": f"{ID}credential/mba", "label": "MBA"}]
    assert step["entailed"] is False and step["axiom"] is None


def test_path_limit_in_text(fixture_root, capsys):
    code, out, _ = run(capsys, "path", "role:analyste", "role:directeur", "--limit", "1")
    assert code == 0
    assert out.splitlines()[0].endswith("(fewest hops first, then smallest skill gap, the best 1 shown)")
    assert out.startswith("4 career paths") and "\n2. " not in out


def test_path_max_hops_and_lang(fixture_root, capsys):
    code, out, _ = run(capsys, "path", "data analyst", "chief AI officer", "--max-hops", "2", "--lang", "en")
    assert code == 0
    assert out.startswith("3 career paths from data analyst to chief AI officer within 2 hops")
    assert "conditions: with a part-time MBA" in out


def test_path_entailed_step_is_flagged(fixture_root, capsys):
    code, out, _ = run(capsys, "path", "role:architecte", "role:generaliste", "--format", "json")
    assert code == 0
    (step,) = json.loads(out)["paths"][0]["steps"]
    assert step["entailed"] is True and "rdfs:domain" in step["axiom"]
    code, out, _ = run(capsys, "path", "role:architecte", "role:generaliste")
    assert "entailed by the ontology (not stated by an article)" in out


def test_no_path_exits_1_with_a_clear_message(fixture_root, capsys):
    code, out, err = run(capsys, "path", "directeur de l'IA", "data analyst")
    assert code == 1
    assert out == ""
    assert err.strip() == (
        "airoles: error: no stated career path from directeur de l’IA to analyste de données within 4 hops"
    )
    code, out, err = run(
        capsys, "path", "data analyst", "directeur de l'IA", "--max-hops", "1", "--format", "json"
    )
    assert code == 1 and out == "" and "within 1 hops" in err


def test_unknown_and_ambiguous_names_exit_2(fixture_root, capsys):
    code, out, err = run(capsys, "path", "directer de l'ia", "data analyst")
    assert code == 2 and out == ""
    assert 'unknown role "directer de l\'ia"' in err and "Closest matches: directeur de l’IA" in err
    code, _, err = run(capsys, "gap", "manager IA", "data analyst")
    assert code == 2 and "ambiguous role name 'manager IA'" in err
    code, _, err = run(capsys, "match", "--skill", "pyton")
    assert code == 2 and "no skill of ours or ESCO's is called 'pyton'" in err and "Python" in err
    code, _, err = run(capsys, "next", "role:analyste", "--max-hops", "0")
    assert code == 2 and "at least 1" in err


def test_gap_text_and_json(fixture_root, capsys):
    code, out, _ = run(capsys, "gap", "Chef de Projet IA", "directeur de l’IA", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == "Skill gap from AI project manager to chief AI officer"
    assert "Missing essential skills (2):\n  hard: team management\n  knowledge: business strategy" in out
    assert "Missing optional skills (2):\n  knowledge: AI ethics\n  other: curiosity" in out
    assert "Shared skills (2):" in out
    code, out, _ = run(capsys, "gap", "role:chef", "role:directeur", "--format", "json")
    data = json.loads(out)
    assert set(data) == {"from", "to", "missing", "shared", "counts", "esco"}
    assert set(data["missing"]) == {"essential", "optional"}
    assert set(data["missing"]["essential"]) == {"hard", "soft", "knowledge", "tool", "other"}
    assert [s["iri"] for s in data["missing"]["essential"]["hard"]] == [f"{ID}skill/management"]
    assert data["counts"] == {"missing_essential": 2, "missing_optional": 2, "shared": 2}


def test_next_text_and_json(fixture_root, capsys):
    code, out, _ = run(capsys, "next", "analyste de donnees", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "5 roles reachable from data analyst within 4 hops"
    assert "  1 hop   AI project manager  [promotion]" in lines
    assert (
        "  2 hops  generalist project manager  [promotion → return to a generalist role]  "
        "via AI project manager" in lines
    )
    code, out, _ = run(capsys, "next", "role:analyste", "--max-hops", "1", "--format", "json")
    data = json.loads(out)
    assert data["from"]["iri"] == f"{ID}role/analyste" and data["max_hops"] == 1
    assert [(r["role"]["iri"].rsplit("/", 1)[1], r["hops"], r["kinds"]) for r in data["reachable"]] == [
        ("architecte", 1, ["repositionnement latéral"]),
        ("chef", 1, ["évolution (promotion)"]),
        ("chercheur", 1, ["repositionnement latéral"]),
    ]
    code, out, _ = run(capsys, "next", "role:directeur")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "no stated career transition out of directeur de l’IA"
    # no ESCO graph in this checkout: the text ends with one line on how to import one
    assert len(lines) == 3 and lines[1] == "" and "airoles import-esco" in lines[2]


def test_match_text_and_json(fixture_root, capsys):
    code, out, _ = run(capsys, "match", "--skill", "Python", "--skill", "SQL", "--skill", "gestion de projet")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Roles matching Python, SQL, gestion de projet"
    assert lines[2].split() == [
        "1.",
        "0.80",
        "analyste",
        "de",
        "données",
        "essential",
        "2/2,",
        "optional",
        "0/1",
    ]
    code, out, _ = run(
        capsys, "match", "--skill", "python", "--skill", "sql", "--skill", "skill:gestion-de-projet",
        "--format", "json", "--limit", "2",
    )  # fmt: skip
    data = json.loads(out)
    assert data["score"].startswith("(2*essential_covered + optional_covered)")
    assert [s["iri"] for s in data["skills"]] == [
        f"{ID}skill/python",
        f"{ID}skill/sql",
        f"{ID}skill/gestion-de-projet",
    ]
    assert [(m["role"]["iri"].rsplit("/", 1)[1], m["score"]) for m in data["matches"]] == [
        ("analyste", 0.8),
        ("chef", 0.7143),
    ]
    chef = data["matches"][1]
    assert chef["essential"] == {"covered": 2, "total": 3} and chef["optional"] == {"covered": 1, "total": 1}
    assert [s["iri"] for s in chef["missing"]["essential"]] == [f"{ID}skill/communication"]


def schema_validator(definition: str):
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema("careers")
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


@pytest.mark.parametrize(
    "definition, args",
    [
        ("pathOutput", ["path", "role:analyste", "role:directeur"]),
        ("pathOutput", ["path", "role:architecte", "role:generaliste", "--lang", "en"]),  # an entailed step
        ("gapOutput", ["gap", "role:chef", "role:directeur"]),
        ("nextOutput", ["next", "role:analyste"]),
        ("nextOutput", ["next", "role:directeur"]),
        ("matchOutput", ["match", "--skill", "python", "--skill", "curiosité"]),
    ],
)
def test_json_output_follows_the_published_schema(fixture_root, capsys, definition, args):
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in schema_validator(definition).iter_errors(json.loads(out))
    ]
    assert errors == []
    # The schema as a whole (what a consumer validates against, knowing no definition's name) takes it too.
    jsonschema = pytest.importorskip("jsonschema")
    whole = jsonschema.Draft202012Validator(load_schema("careers"))
    assert whole.is_valid(json.loads(out))


def test_the_career_schema_refuses_what_no_command_writes():
    jsonschema = pytest.importorskip("jsonschema")
    whole = jsonschema.Draft202012Validator(load_schema("careers"))
    assert whole.schema["$id"] == "https://w3id.org/airoles/schema/v1/careers.schema.json"
    for document in (42, "path", [], {}, {"from": {"iri": "x", "label": "y"}}):
        assert not whole.is_valid(document), document


def test_match_needs_a_skill(fixture_root, capsys):
    code, _, err = run(capsys, "match")
    assert code == 2 and "--skill" in err


def test_the_index_is_cached_and_rebuilt_when_the_kb_changes(fixture_root, shared_cache, capsys):
    assert run(capsys, "next", "role:analyste")[0] == 0
    before = set(shared_cache.glob("careers-*.pickle"))
    assert before
    assert run(capsys, "next", "role:analyste")[0] == 0
    assert set(shared_cache.glob("careers-*.pickle")) == before
    kb = fixture_root / "ontology" / "kb" / "careers.ttl"
    with kb.open("a", encoding="utf-8") as fh:
        fh.write(
            "transition:isole-chef a airoles:CareerTransition ; airoles:fromRole role:isole ; "
            "airoles:toRole role:chef ; airoles:transitionKind airoles:LateralMove .\n"
        )
    code, out, _ = run(capsys, "next", "role:isole")
    assert code == 0 and "chef de projet IA  [repositionnement latéral]" in out
    assert len(set(shared_cache.glob("careers-*.pickle")) - before) == 1
    # Old states of the sources do not pile up.
    for n in range(6):
        stale = shared_cache / f"careers-{n:032x}.pickle"
        stale.write_bytes(b"stale")
        os.utime(stale, (1_000_000 + n, 1_000_000 + n))  # written long ago
    with kb.open("a", encoding="utf-8") as fh:
        fh.write('role:isole skos:altLabel "seul"@fr .\n')
    assert run(capsys, "next", "seul")[0] == 0
    assert len(list(shared_cache.glob("careers-*.pickle"))) == cache.KEEP


# --- the real knowledge base, through a real process -----------------------------------------------------

needs_transitions = pytest.mark.skipif(
    not (paths.KB_DIR / "transitions.ttl").is_file(), reason="ontology/kb/transitions.ttl not written yet"
)


def run_process(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AIROLES_ROOT", None)
    return subprocess.run(
        [sys.executable, "-m", "airoles_kg", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@needs_transitions
def test_kb_next_from_chef_de_projet_ia():
    result = run_process("next", "Chef de Projet IA", "--max-hops", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    kinds = {
        r["role"]["iri"].rsplit("/", 1)[1]: r["route"][0]["kind"]["iri"]
        for r in json.loads(result.stdout)["reachable"]
    }
    assert kinds == {
        "directeur-ia": "https://w3id.org/airoles/Promotion",
        "chief-data-officer": "https://w3id.org/airoles/Promotion",
        "architecte-solutions-ia": "https://w3id.org/airoles/LateralMove",
        "integrateur-ia": "https://w3id.org/airoles/LateralMove",
        "chercheur-ia": "https://w3id.org/airoles/LateralMove",
        "chef-de-projet-generaliste": "https://w3id.org/airoles/ReturnToGeneralist",
    }


@needs_transitions
def test_kb_no_path_from_directeur_ia_to_data_analyst_exits_1():
    result = run_process("path", "directeur de l'IA", "data analyst")
    assert result.returncode == 1
    assert result.stdout == ""
    assert re.fullmatch(
        r"airoles: error: no stated career path from .+ to data analyst within 4 hops\n", result.stderr
    )
    assert "Traceback" not in result.stderr


def readme_career_examples() -> list[list[str]]:
    text = (ROOT / "docs" / "careers.md").read_text(encoding="utf-8")
    section = text.split("## Career paths and skill gaps", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", section, flags=re.S)
    commands = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    return [shlex.split(c)[1:] for c in commands if c.startswith(".venv/bin/airoles ")]


@needs_transitions
def test_readme_examples_work():
    examples = readme_career_examples()
    assert {e[0] for e in examples} >= {"path", "gap", "next", "match"}
    for args in examples:
        result = run_process(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.strip(), args
