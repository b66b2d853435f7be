"""airoles_kg.core.loader: external graphs (<data dir>/external/, e.g. an ESCO import) are loaded on request
only."""

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from airoles_kg.core import paths
from airoles_kg.core.errors import InputError
from airoles_kg.core.loader import external_dir, external_files, load_graph

EX = "http://example.org/"
ROLE = URIRef("https://w3id.org/airoles/id/role/data-scientist")
ESCO_OCC = URIRef("http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30")
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

EXTERNAL_NT = f"""<{ESCO_OCC}> <{SKOS}prefLabel> "data scientist"@en .
<{ESCO_OCC}> <{SKOS}notation> "2511.4" .
<{ESCO_OCC}> <{EX}weight> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
<{ESCO_OCC}> <{EX}quote> "a \\"quoted\\" line\\nand another" .
_:b1 <{EX}about> <{ESCO_OCC}> .
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A throw-away ontology + knowledge base; the loader is pointed at it."""
    (tmp_path / "ontology" / "kb").mkdir(parents=True)
    (tmp_path / "ontology" / "airoles.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/airoles/> a owl:Ontology .\n",
        encoding="utf-8",
    )
    (tmp_path / "ontology" / "kb" / "roles.ttl").write_text(
        f"<{ROLE}> <{SKOS}exactMatch> <{ESCO_OCC}> .\n", encoding="utf-8"
    )
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", tmp_path / "ontology" / "airoles.ttl")
    monkeypatch.setattr(paths, "KB_DIR", tmp_path / "ontology" / "kb")
    monkeypatch.setenv("AIROLES_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_no_external_directory_means_no_external_files(repo):
    assert external_dir() == repo / "data" / "external"
    assert external_files() == []
    assert len(load_graph(external=True)) == len(load_graph()) == 2


def test_external_files_are_the_rdf_files_sorted_by_name(repo):
    ext = repo / "data" / "external"
    ext.mkdir(parents=True)
    for name in ("esco.nt", "b-extra.ttl", "README.md", ".esco.nt.123.tmp"):
        (ext / name).write_text("", encoding="utf-8")
    assert external_files() == [ext / "b-extra.ttl", ext / "esco.nt"]


def test_external_graph_is_loaded_only_on_request(repo):
    ext = repo / "data" / "external"
    ext.mkdir(parents=True)
    (ext / "esco.nt").write_text(EXTERNAL_NT, encoding="utf-8")
    ours = load_graph()
    both = load_graph(external=True)
    assert (ESCO_OCC, URIRef(SKOS + "prefLabel"), Literal("data scientist", lang="en")) not in ours
    assert (ESCO_OCC, URIRef(SKOS + "prefLabel"), Literal("data scientist", lang="en")) in both
    assert (ROLE, URIRef(SKOS + "exactMatch"), ESCO_OCC) in both
    assert len(both) == len(ours) + 5


def test_fast_ntriples_path_gives_the_same_graph_as_rdflib(repo):
    ext = repo / "data" / "external"
    ext.mkdir(parents=True)
    (ext / "esco.nt").write_text(EXTERNAL_NT, encoding="utf-8")
    loaded = load_graph(external=True) - load_graph()
    expected = Graph().parse(data=EXTERNAL_NT, format="nt")
    assert isomorphic(loaded, expected)
    assert (ESCO_OCC, URIRef(EX + "weight"), Literal("3", datatype=XSD_INTEGER)) in loaded
    assert (ESCO_OCC, URIRef(SKOS + "notation"), Literal("2511.4")) in loaded
    assert any(isinstance(s, BNode) for s in loaded.subjects())


def test_a_broken_external_file_is_named_with_its_line(repo):
    ext = repo / "data" / "external"
    ext.mkdir(parents=True)
    (ext / "esco.nt").write_text(EXTERNAL_NT + "<http://example.org/a> <oops .\n", encoding="utf-8")
    load_graph()  # not asked for: not read
    with pytest.raises(InputError, match=r"esco\.nt:6.*N-Triples"):
        load_graph(external=True)
