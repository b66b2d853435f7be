"""The distribution: every code package is in the wheel, and so are the data the package reads (ontology,
knowledge base, shapes, queries, mappings, the JSON Schemas, the ESCO layer) — a wheel installed outside the
checkout works (scripts/wheel_smoke.sh, run by .ci/run, installs it in a fresh venv)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_code_package_is_listed_and_every_data_directory_exists():
    setuptools = pyproject()["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    code = {
        ".".join(d.relative_to(ROOT).parts)
        for d in (ROOT / "airoles_kg").rglob("*")
        if d.is_dir() and (d / "__init__.py").is_file()
    } | {"airoles_kg"}
    assert code <= listed, f"packages missing from pyproject.toml: {sorted(code - listed)}"
    for package, directory in setuptools["package-dir"].items():
        if package:
            assert (ROOT / directory).is_dir(), (package, directory)
            assert package in listed


def test_the_distribution_name_is_ours_not_the_other_airoles():
    project = pyproject()["project"]
    assert project["name"] == "airoles-kg"  # "airoles" on PyPI is an unrelated project
    assert project["scripts"]["airoles"] == "airoles_kg.cli:main"
    assert project["license"] == "MIT" and "LICENSE-DATA.md" in project["license-files"]


def test_the_wheel_holds_the_data(tmp_path):
    # Built from a copy: setuptools writes build/ and *.egg-info next to the sources, and tests write only
    # under their temporary directory.
    source = tmp_path / "source"
    skip = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "site", ".*cache"
    )
    shutil.copytree(ROOT, source, ignore=skip)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
    )
    notes = [line for line in built.stderr.splitlines() if not line.startswith("WARNING: Location")]
    assert built.returncode == 0, notes[-20:]
    wheel = next(tmp_path.glob("airoles_kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        *(f"airoles_kg/data/ontology/kb/{p.name}" for p in (ROOT / "ontology" / "kb").glob("*.ttl")),
        "airoles_kg/data/ontology/airoles.ttl",
        *(f"airoles_kg/data/shapes/{p.name}" for p in (ROOT / "shapes").glob("*.ttl")),
        *(f"airoles_kg/data/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")),
        "airoles_kg/data/esco/esco-v1.1.1.nt.gz",
        "airoles_kg/data/esco/NOTICE.md",
        "airoles_kg/data/mappings/airoles-esco.sssom.tsv",
        *(f"airoles_kg/data/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json")),
        "airoles_kg/py.typed",
    ]
    missing = [n for n in expected if n not in names]
    assert not missing, missing
    assert not [n for n in names if n.startswith(("tests/", "scripts/"))]  # only the package ships
