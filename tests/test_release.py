"""scripts/release.py: the places that state the version agree, and a release holds what we publish."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from support.requirements import REPO

from airoles_kg import __version__


def release() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release", REPO / "scripts" / "release.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The files that state the version, copied."""
    for name in ("airoles_kg/__init__.py", "CITATION.cff", "ontology/airoles.ttl", "CHANGELOG.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def test_every_place_gives_the_package_version():
    script = release()
    assert script.package_version(REPO) == __version__
    assert script.version_problems(REPO, __version__) == []


def test_a_disagreeing_file_is_named(copy: Path):
    script = release()
    citation = copy / "CITATION.cff"
    citation.write_text(
        citation.read_text("utf-8").replace(f"version: {__version__}", "version: 9.9.9"), "utf-8"
    )
    changelog = copy / "CHANGELOG.md"
    changelog.write_text(changelog.read_text("utf-8").replace(f"## {__version__} — ", "## later — "), "utf-8")
    problems = script.version_problems(copy, __version__)
    assert f"CITATION.cff: version is 9.9.9, the package's is {__version__}" in problems
    assert any(p.startswith(f"CHANGELOG.md: no section '## {__version__} — YYYY-MM-DD'") for p in problems)
    assert len(problems) == 2
    assert any("not X.Y.Z" in p for p in script.version_problems(copy, "1.0"))


def test_a_release_holds_the_packages_the_data_and_the_site(tmp_path: Path):
    out = tmp_path / "release"
    assert release().main(["--out", str(out)]) == 0
    packages = out / "packages"
    wheel = packages / f"airoles_kg-{__version__}-py3-none-any.whl"
    sdist = packages / f"airoles_kg-{__version__}.tar.gz"
    sums = dict(line.split("  ")[::-1] for line in (packages / "SHA256SUMS").read_text("utf-8").splitlines())
    assert sums == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (wheel, sdist)}
    with zipfile.ZipFile(wheel) as zipped:  # the data ships inside the package
        names = set(zipped.namelist())
    assert {"airoles_kg/data/ontology/airoles.ttl", "airoles_kg/data/shapes/airoles-shapes.ttl"} <= names
    with tarfile.open(sdist) as tar:
        assert f"airoles_kg-{__version__}/ontology/airoles.ttl" in tar.getnames()
    assert (out / "data" / "SHA256SUMS").is_file() and (out / "data" / "airoles.ttl").is_file()
    assert (out / "data" / "VERSION").read_text("utf-8").strip() == __version__
    assert "airoles" in (out / "site" / "index.html").read_text("utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".release-")]  # no temporary folder left
