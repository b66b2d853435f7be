"""``airoles build``: the release in ``dist/`` — every artefact, reproducible, checksummed, readable."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from airoles_kg import __version__
from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import AIROLES, ID_BASE
from airoles_kg.export import render
from airoles_kg.export.tables import TABLES

pytestmark = pytest.mark.slow  # builds the release several times (reasoner included)

RDF_FILES = {"ttl": "turtle", "nt": "nt", "rdf": "xml", "jsonld": "json-ld"}
RAPPER = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml"}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reasoning cache of our own: the release's inferred graph is computed here, not read from a cache
    file some other run may have left."""
    return tmp_path_factory.mktemp("reasoning-cache")


def run_airoles(args: list[str], cache: Path, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    """``airoles ARGS`` in a fresh interpreter (its own hash seed: set iteration orders differ)."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "AIROLES_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-m", "airoles_kg", *args], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    run_airoles(["build", "-o", str(out)], cache_dir, hash_seed="1")
    return out


@pytest.fixture(scope="module")
def asserted() -> Graph:
    return load_graph()


def expected_files() -> set[str]:
    names = {f"airoles.{ext}" for ext in RDF_FILES} | {f"airoles-inferred.{ext}" for ext in RDF_FILES}
    names |= {"airoles-schemaorg.jsonld", "docs.html", "VERSION", "SHA256SUMS", "void.ttl"}
    names |= {f"csv/{name}.csv" for name in TABLES}
    names |= {f"shapes/{p.name}" for p in paths.SHAPES_DIR.glob("*.ttl")}
    return names


def test_release_has_every_artefact_and_nothing_else(dist: Path) -> None:
    found = {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}
    assert found == expected_files()
    assert (dist / "VERSION").read_text() == f"{__version__}\n"


def test_two_builds_are_byte_identical(dist: Path, tmp_path: Path, cache_dir: Path) -> None:
    again = tmp_path / "dist"
    run_airoles(["build", "-o", str(again)], cache_dir, hash_seed="2")
    assert (again / "SHA256SUMS").read_bytes() == (dist / "SHA256SUMS").read_bytes()
    for name in sorted(expected_files()):
        assert (again / name).read_bytes() == (dist / name).read_bytes(), name


def test_checksums_list_every_file_and_verify(dist: Path) -> None:
    lines = (dist / "SHA256SUMS").read_text().splitlines()
    entries = {}
    for line in lines:
        match = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line)
        assert match, line
        entries[match.group(2)] = match.group(1)
    assert set(entries) == expected_files() - {"SHA256SUMS"}
    for name, digest in entries.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_rebuild_into_the_same_folder_keeps_it_consistent(
    dist: Path, tmp_path: Path, cache_dir: Path
) -> None:
    target = tmp_path / "dist"
    shutil.copytree(dist, target)
    (target / "csv" / "roles.csv").write_text("stale\n")
    run_airoles(["build", "-o", str(target)], cache_dir, hash_seed="3")
    assert (target / "SHA256SUMS").read_bytes() == (dist / "SHA256SUMS").read_bytes()
    assert (target / "csv" / "roles.csv").read_bytes() == (dist / "csv" / "roles.csv").read_bytes()


@pytest.mark.parametrize("ext", list(RDF_FILES))
def test_asserted_graph_files_read_back_isomorphic(dist: Path, asserted: Graph, ext: str) -> None:
    back = Graph().parse(dist / f"airoles.{ext}", format=RDF_FILES[ext])
    assert isomorphic(back, asserted)


@pytest.mark.parametrize("ext", list(RDF_FILES))
def test_inferred_graph_files_contain_the_asserted_graph_and_more(dist: Path, ext: str) -> None:
    inferred = Graph().parse(dist / f"airoles-inferred.{ext}", format=RDF_FILES[ext])
    ground = Graph().parse(dist / "airoles-inferred.nt", format="nt")
    assert isomorphic(inferred, ground)
    asserted_nt = Graph().parse(dist / "airoles.nt", format="nt")
    assert len(inferred) > len(asserted_nt)
    ground_triples = [t for t in asserted_nt if not any(isinstance(term, BNode) for term in t)]
    assert all(t in inferred for t in ground_triples)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("stem", ["airoles", "airoles-inferred"])
@pytest.mark.parametrize("ext", list(RAPPER))
def test_rapper_reads_release_files(dist: Path, stem: str, ext: str) -> None:
    path = dist / f"{stem}.{ext}"
    count = len(Graph().parse(dist / f"{stem}.nt", format="nt"))
    result = subprocess.run(["rapper", "-i", RAPPER[ext], "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"returned {count} triples" in result.stderr


def test_export_inferred_matches_the_release(dist: Path, tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "inferred.ttl"
    run_airoles(["export", "--format", "turtle", "--inferred", "-o", str(out)], cache_dir)
    assert out.read_bytes() == (dist / "airoles-inferred.ttl").read_bytes()


def test_schemaorg_and_csv_in_the_release_match_the_export_command(dist: Path, asserted: Graph) -> None:
    assert (dist / "airoles-schemaorg.jsonld").read_bytes() == render(asserted, "schemaorg", "fr")
    document = json.loads((dist / "airoles-schemaorg.jsonld").read_text("utf-8"))
    assert document["@context"]["@vocab"] == "https://schema.org/"
    tables = render(asserted, "csv")
    assert isinstance(tables, dict)
    for name, content in tables.items():
        assert (dist / "csv" / name).read_bytes() == content


def test_shapes_are_copied(dist: Path) -> None:
    for source in paths.SHAPES_DIR.glob("*.ttl"):
        assert (dist / "shapes" / source.name).read_bytes() == source.read_bytes()


def test_docs_describe_every_term_and_load_nothing_remote(dist: Path, asserted: Graph) -> None:
    html = (dist / "docs.html").read_text("utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//[^"']*\.(css|js)""", html)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {
        s
        for k in kinds
        for s in asserted.subjects(RDF.type, k)
        if str(s).startswith(str(AIROLES)) and not str(s).startswith(ID_BASE)
    }
    assert len(terms) > 50
    for term in terms:
        anchor = str(term)[len(str(AIROLES)) :]
        assert f'id="{anchor}"' in html, term
        for label in asserted.objects(term, RDFS.label):
            assert isinstance(label, Literal)
            escaped = str(label).replace("&", "&amp;").replace("<", "&lt;").replace("'", "&#x27;")
            assert escaped in html, (term, label)
    # characteristics, inverses, chains and class expressions are shown
    section = html[html.index('id="missionOf"') :]
    section = section[: section.index("</section>")]
    assert "functional" in section and 'href="#hasMission"' in section
    assert "∘" in html and " some " in html


def test_export_turtle_is_the_release_turtle(dist: Path, tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "graph.ttl"
    run_airoles(["export", "--format", "turtle", "-o", str(out)], cache_dir)
    assert out.read_bytes() == (dist / "airoles.ttl").read_bytes()


def test_the_dataset_description_lists_each_dump_with_its_size_and_checksum(dist: Path) -> None:
    """dist/void.ttl (VoID + DCAT): a client checks each download against it, and it counts the triples."""
    from rdflib.namespace import DCAT, RDF, VOID

    spdx = "http://spdx.org/rdf/terms#"
    described = Graph().parse(dist / "void.ttl", format="turtle", publicID=dist.as_uri() + "/")
    dataset = described.value(predicate=RDF.type, object=VOID.Dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in described
    assert int(described.value(dataset, VOID.triples)) == len(Graph().parse(dist / "airoles.nt", format="nt"))
    listed = {}
    for distribution in described.objects(dataset, DCAT.distribution):
        file = Path(str(described.value(distribution, DCAT.downloadURL)).removeprefix("file://"))
        checksum = described.value(distribution, URIRef(spdx + "checksum"))
        listed[file.name] = (
            int(described.value(distribution, DCAT.byteSize)),
            str(described.value(checksum, URIRef(spdx + "checksumValue"))),
        )
        assert file.is_file(), file
    dumps = {
        p.name
        for p in dist.iterdir()
        if p.suffix in {".ttl", ".nt", ".rdf", ".jsonld"} and p.name != "void.ttl"
    }
    assert set(listed) == dumps
    for name, (size, digest) in listed.items():
        data = (dist / name).read_bytes()
        assert (size, digest) == (len(data), hashlib.sha256(data).hexdigest()), name


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
def test_rapper_reads_the_dataset_description(dist: Path) -> None:
    result = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(dist / "void.ttl")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
