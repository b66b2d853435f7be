"""Shared test set-up: a private cache directory for the whole run, and the common fixtures.

Every test writes only under temporary directories: the cache (``AIROLES_CACHE_DIR``) and the user data
directory (``AIROLES_DATA_DIR``, where imports go) point into one made for this run (shared by the xdist
workers, which the cache's atomic writes make safe) and removed at the end, so the user's own caches and
imports are never read or written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.requirements import ESCO_DOWNLOAD, ESCO_TABIYA, REPO, require
from support.serving import ROW_CAP, TIME_LIMIT, Server, start_server, stop_server

_OWNER = "AIROLES_TEST_CACHE_OWNER"


def pytest_configure(config: pytest.Config) -> None:
    # The controller (or a run without xdist) makes the directory; xdist workers inherit it.
    if os.environ.get(_OWNER):
        return
    run_dir = Path(tempfile.mkdtemp(prefix="airoles-test-"))
    os.environ["AIROLES_CACHE_DIR"] = str(run_dir / "cache")
    os.environ["AIROLES_DATA_DIR"] = str(run_dir / "data")  # no import of the user's is read
    os.environ[_OWNER] = str(os.getpid())
    os.environ["AIROLES_TEST_RUN_DIR"] = str(run_dir)


def pytest_unconfigure(config: pytest.Config) -> None:
    if os.environ.get(_OWNER) == str(os.getpid()):
        shutil.rmtree(os.environ["AIROLES_TEST_RUN_DIR"], ignore_errors=True)


@pytest.fixture(autouse=True)
def no_progress_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read a command's stderr whole: a step that runs past the progress line's delay on a busy
    machine (``airoles: validating…``) must not change it. The tests of the progress line itself set the
    delay they need (tests/test_cli_options.py)."""
    from airoles_kg.core import console

    monkeypatch.setattr(console, "PROGRESS_AFTER", 3600.0)


@pytest.fixture
def world_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout whose knowledge base is the fixture world of ``tests/fixtures/shacl/world.ttl`` (so that
    validation results do not depend on the real knowledge base): the ontology, that world and the shapes,
    with :mod:`airoles_kg.core.paths` pointing at them."""
    from airoles_kg.core import paths

    shacl = REPO / "tests" / "fixtures" / "shacl"
    root = tmp_path / "repo"
    (root / "ontology" / "kb").mkdir(parents=True)
    (root / "shapes").mkdir()
    shutil.copy(REPO / "ontology" / "airoles.ttl", root / "ontology" / "airoles.ttl")
    shutil.copy(shacl / "world.ttl", root / "ontology" / "kb" / "world.ttl")
    shutil.copy(REPO / "shapes" / "airoles-shapes.ttl", root / "shapes" / "airoles-shapes.ttl")
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", root / "ontology" / "airoles.ttl")
    monkeypatch.setattr(paths, "KB_DIR", root / "ontology" / "kb")
    monkeypatch.setattr(paths, "SHAPES_DIR", root / "shapes")
    return root


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def esco_download() -> Path:
    """ESCO v1.1.1's CSV download as ESCO distributes it (``../shared``): required in CI."""
    require((ESCO_DOWNLOAD / "en" / "occupations_en.csv").is_file(), f"no ESCO download in {ESCO_DOWNLOAD}")
    return ESCO_DOWNLOAD


@pytest.fixture(scope="session")
def esco_tabiya() -> Path:
    """ESCO v1.1.1 in the tabiya layout (``../shared``): required in CI."""
    require((ESCO_TABIYA / "occupations.csv").is_file(), f"no ESCO extract in {ESCO_TABIYA}")
    return ESCO_TABIYA


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``airoles serve`` in a child process (``--timeout 5 --limit 50``), shared by the endpoint tests
    (tests/test_endpoint*.py); stopped at the end of the session."""
    limits = ("--timeout", str(TIME_LIMIT), "--limit", str(ROW_CAP))
    started = start_server(tmp_path_factory.mktemp("serve"), *limits)
    try:
        yield started
    finally:
        stop_server(started.process)
