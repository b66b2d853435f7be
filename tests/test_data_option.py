"""``--data FILE``: someone's own catalogue queried and explored beside our graph (``airoles query``,
``path``, ``gap``, ``next``, ``match``), loaded through airoles_kg.catalogue.fastload with its on-disk
caches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.synthetic import Plan, generate

from airoles_kg import cli
from airoles_kg.careers.index import load_index

ROLES = 40
SEED = 3
PLAN = Plan(ROLES, SEED)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.nt"
    generate(ROLES, SEED, path)
    return path


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_reads_the_catalogue_and_names_its_roles_by_label(capsys, cache, catalogue) -> None:
    a, _ = PLAN.example_roles()
    label_fr = PLAN.role_labels(a)[0]
    code, out, _ = run(
        capsys,
        "query",
        "role-skills",
        "--data",
        str(catalogue),
        "--param",
        f"role={label_fr}",
        "--format",
        "json",
    )
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    own = {PLAN.skill(j) for j in PLAN.own_skills(a)}
    skills = {row["skill"]["value"] for row in rows}
    assert rows and {row["role"]["value"] for row in rows} == {PLAN.role(a)}
    assert own <= skills  # every skill of the role's own family is among its requirements
    # The catalogue was kept as an on-disk store: a second run opens it instead of parsing.
    assert list(cache.glob("catalogue-*.store/COMPLETE"))


def test_query_with_data_keeps_our_graph_and_its_inferences(capsys, cache, catalogue) -> None:
    code, out, _ = run(
        capsys,
        "query",
        "role-skills",
        "--data",
        str(catalogue),
        "--param",
        "role=chef de projet IA",
        "--format",
        "csv",
    )
    assert code == 0 and "chef-de-projet-ia" in out
    # Inferred family membership of synthetic roles (their missions make some of them management roles).
    code, out, _ = run(
        capsys,
        "query",
        "roles-in-family",
        "--data",
        str(catalogue),
        "--param",
        "family=airoles:ManagementRole",
        "--format",
        "csv",
    )
    assert code == 0 and "synth-" in out
    code, asserted, _ = run(
        capsys,
        "query",
        "roles-in-family",
        "--data",
        str(catalogue),
        "--asserted",
        "--param",
        "family=airoles:ManagementRole",
        "--format",
        "csv",
    )
    assert code == 0 and "synth-" not in asserted


def test_career_commands_read_the_catalogue(capsys, cache, catalogue) -> None:
    a, b = PLAN.example_roles()
    frm, to = PLAN.role(a), PLAN.role(b)
    code, out, _ = run(capsys, "next", frm, "--data", str(catalogue), "--no-external", "--format", "json")
    assert code == 0
    reachable = {r["role"]["iri"] for r in json.loads(out)["reachable"]}
    assert reachable and all(iri.startswith(PLAN.role(0)[: -len("000000")]) for iri in reachable)
    target = sorted(reachable)[0]
    code, out, _ = run(capsys, "path", frm, target, "--data", str(catalogue), "--format", "json")
    assert code == 0 and json.loads(out)["paths"]
    code, out, _ = run(capsys, "gap", frm, to, "--data", str(catalogue), "--format", "json")
    assert code == 0 and json.loads(out)["to"]["iri"] == to
    skill = PLAN.skill_labels(PLAN.own_skills(a)[0])[1]
    code, out, _ = run(
        capsys, "match", "--skill", skill, "--data", str(catalogue), "--format", "json", "--limit", "0"
    )
    assert code == 0 and frm in {m["role"]["iri"] for m in json.loads(out)["matches"]}
    # Without --data the catalogue is not there: its role is unknown.
    code, _, err = run(capsys, "next", frm, "--no-external")
    assert code == 2 and "unknown" in err
    assert frm not in load_index().roles


def test_a_broken_catalogue_is_reported_with_its_line_and_nothing_cached(capsys, cache, tmp_path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix airoles: <https://w3id.org/airoles/> .\n<a:b> airoles:x .\n", encoding="utf-8")
    code, out, err = run(
        capsys, "query", "role-skills", "--data", str(broken), "--param", "role=data scientist"
    )
    assert code == 2 and out == ""
    assert str(broken) in err and ":2" in err
    assert not list(cache.glob("catalogue-*"))
