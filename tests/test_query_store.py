"""The query commands' on-disk store: with an external graph (an ESCO import), our graph and it are kept as
one pyoxigraph store in the cache, opened by later runs instead of parsing the import again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from airoles_kg.core import paths
from airoles_kg.core.errors import InputError
from airoles_kg.sparql.engine import QueryEngine

ROLE = "https://w3id.org/airoles/id/role/data-scientist"
OCC = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL = f"SELECT ?label WHERE {{ <{OCC}> <{SKOS}prefLabel> ?label }}"
MATCH = f"SELECT ?occ WHERE {{ <{ROLE}> <{SKOS}exactMatch> ?occ }}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away ontology and knowledge base, a data directory and a cache of this test's own."""
    (tmp_path / "ontology" / "kb").mkdir(parents=True)
    (tmp_path / "ontology" / "airoles.ttl").write_text(
        "<https://w3id.org/airoles/> a <http://www.w3.org/2002/07/owl#Ontology> .\n", encoding="utf-8"
    )
    (tmp_path / "ontology" / "kb" / "roles.ttl").write_text(
        f"<{ROLE}> <{SKOS}exactMatch> <{OCC}> .\n", encoding="utf-8"
    )
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", tmp_path / "ontology" / "airoles.ttl")
    monkeypatch.setattr(paths, "KB_DIR", tmp_path / "ontology" / "kb")
    monkeypatch.setenv("AIROLES_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "data" / "external").mkdir(parents=True)
    return tmp_path


def _import(repo: Path, label: str) -> Path:
    """Write an 'import' naming the occupation ``label`` (a new modification time each call)."""
    path = repo / "data" / "external" / "esco.nt"
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(f'<{OCC}> <{SKOS}prefLabel> "{label}"@en .\n', encoding="utf-8")
    later = max(time.time_ns(), before + 10**9)  # a coarse file-system clock must not hide the change
    os.utime(path, ns=(later, later))
    return path


def _rows(engine: QueryEngine, text: str) -> list[str]:
    return sorted(str(s[0].value) for s in engine.run(text, timeout=None).solutions())


def _stores(repo: Path) -> list[Path]:
    return sorted((repo / "cache").glob("query-store-*.store"))


def test_an_import_is_kept_as_one_store_that_later_runs_open(repo: Path) -> None:
    _import(repo, "data scientist")
    first = QueryEngine.load(asserted=True)
    assert _rows(first, LABEL) == ["data scientist"] and _rows(first, MATCH) == [OCC]
    (store,) = _stores(repo)
    assert (store / "COMPLETE").is_file()
    built = store.stat().st_mtime_ns
    again = QueryEngine.load(asserted=True)
    assert _rows(again, LABEL) == ["data scientist"] and _rows(again, MATCH) == [OCC]
    assert _stores(repo) == [store] and store.stat().st_mtime_ns == built  # opened, not rebuilt
    assert again.external == first.external == (repo / "data" / "external" / "esco.nt",)


def test_a_new_import_is_never_answered_from_the_old_store(repo: Path) -> None:
    _import(repo, "data scientist")
    assert _rows(QueryEngine.load(asserted=True), LABEL) == ["data scientist"]
    _import(repo, "data science specialist")
    assert _rows(QueryEngine.load(asserted=True), LABEL) == ["data science specialist"]
    other = f"<{ROLE}> <{SKOS}closeMatch> <{OCC}> .\n"  # our graph changes too
    (repo / "ontology" / "kb" / "roles.ttl").write_text(other, encoding="utf-8")
    assert _rows(QueryEngine.load(asserted=True), MATCH) == []


def test_without_an_import_nothing_is_stored(repo: Path) -> None:
    assert _rows(QueryEngine.load(asserted=True), MATCH) == [OCC]
    assert _stores(repo) == []


def test_a_broken_import_is_named_and_leaves_no_store(repo: Path) -> None:
    path = _import(repo, "data scientist")
    path.write_text(f"<{OCC}> <{SKOS}prefLabel> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"esco\.nt.*line 1|esco\.nt.*1:"):
        QueryEngine.load(asserted=True)
    assert _stores(repo) == [] and not any((repo / "cache").glob(".query-store-*"))


def test_an_unwritable_cache_still_answers(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _import(repo, "data scientist")
    blocker = repo / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(blocker / "cache"))
    assert _rows(QueryEngine.load(asserted=True), LABEL) == ["data scientist"]


def test_escos_matches_open_the_store_of_the_asserted_graph(repo: Path) -> None:
    """`airoles next` reads the ESCO matches from the same store `airoles query --asserted` opens."""
    from rdflib import Literal, URIRef

    from airoles_kg.core.loader import external_files
    from airoles_kg.esco import graph_with_external

    _import(repo, "data scientist")
    graph = graph_with_external(external_files())
    assert (URIRef(OCC), URIRef(f"{SKOS}prefLabel"), Literal("data scientist", lang="en")) in graph
    assert (URIRef(ROLE), URIRef(f"{SKOS}exactMatch"), URIRef(OCC)) in graph
    (store,) = _stores(repo)
    built = store.stat().st_mtime_ns
    assert _rows(QueryEngine.load(asserted=True), LABEL) == ["data scientist"]
    assert _stores(repo) == [store] and store.stat().st_mtime_ns == built
