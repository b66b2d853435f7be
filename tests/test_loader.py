"""airoles_kg.core.loader: one loader, clear errors naming file and line."""

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from airoles_kg.core import paths
from airoles_kg.core.cache import files_fingerprint as graph_fingerprint
from airoles_kg.core.errors import AirolesError, InputError
from airoles_kg.core.loader import format_for, load_graph, parse_rdf_file, source_files
from airoles_kg.core.namespaces import AIROLES, KINDS, ROLE

EX = "http://example.org/"
GOOD_TTL = f"""@prefix ex: <{EX}> .
ex:a ex:p ex:b .
ex:a ex:q "deux" .
"""


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def test_parses_turtle(tmp_path):
    g = parse_rdf_file(write(tmp_path / "good.ttl", GOOD_TTL))
    assert len(g) == 2
    assert (URIRef(EX + "a"), URIRef(EX + "p"), URIRef(EX + "b")) in g
    assert dict(g.namespaces())["airoles"] == URIRef(str(AIROLES))


@pytest.mark.parametrize(
    "name, content",
    [
        ("g.nt", f"<{EX}a> <{EX}p> <{EX}b> .\n"),
        (
            "g.rdf",
            f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="{EX}a"><rdf:type rdf:resource="{EX}C"/>'
            "</rdf:Description></rdf:RDF>",
        ),
        (
            "g.owl",
            f'<rdf:RDF xmlns:rdf="{RDF}"><rdf:Description rdf:about="{EX}a"><rdf:type rdf:resource="{EX}C"/>'
            "</rdf:Description></rdf:RDF>",
        ),
        ("g.jsonld", f'{{"@id": "{EX}a", "{EX}p": {{"@id": "{EX}b"}}}}'),
    ],
)
def test_format_from_extension(tmp_path, name, content):
    assert len(parse_rdf_file(write(tmp_path / name, content))) == 1


def test_explicit_format_overrides_extension(tmp_path):
    path = write(tmp_path / "data.txt", GOOD_TTL)
    assert len(parse_rdf_file(path, format="turtle")) == 2


def test_turtle_syntax_error_names_file_line_and_column(tmp_path):
    path = write(tmp_path / "kb" / "broken.ttl", f"@prefix ex: <{EX}> .\nex:a ex:p ex:b .\n\nex:c ex:p   .\n")
    with pytest.raises(InputError) as info:
        parse_rdf_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}:4:")
    assert "invalid Turtle" in message
    assert "ex:c ex:p" in message  # the offending line is quoted
    assert info.value.exit_code == 2


def test_turtle_unbound_prefix_reports_line_and_column(tmp_path):
    path = write(tmp_path / "unbound.ttl", f"@prefix ex: <{EX}> .\nex:a ex:p foo:b .\n")
    with pytest.raises(InputError, match=r"unbound\.ttl:2:11: invalid Turtle: .*foo"):
        parse_rdf_file(path)


def test_ntriples_error_names_the_bad_line(tmp_path):
    path = write(tmp_path / "bad.nt", f"<{EX}a> <{EX}p> <{EX}b> .\n# comment\n<{EX}a> <{EX}p> .\n")
    with pytest.raises(InputError, match=r"bad\.nt:3: invalid N-Triples"):
        parse_rdf_file(path)


def test_rdfxml_error_names_line(tmp_path):
    path = write(
        tmp_path / "bad.rdf", f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF}">\n<oops>\n</rdf:RDF>\n'
    )
    with pytest.raises(InputError, match=r"bad\.rdf:4:\d+: invalid RDF/XML"):
        parse_rdf_file(path)


def test_jsonld_error_names_line_and_column(tmp_path):
    path = write(tmp_path / "bad.jsonld", '{"@id": "http://example.org/a",\n "http://example.org/p": }\n')
    with pytest.raises(InputError, match=r"bad\.jsonld:2:\d+: invalid JSON-LD"):
        parse_rdf_file(path)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path, content):
    path = write(tmp_path / "empty.ttl", content)
    with pytest.raises(InputError, match=r"empty\.ttl: file is empty"):
        parse_rdf_file(path)


def test_non_utf8_names_line(tmp_path):
    path = write(tmp_path / "latin1.ttl", f'@prefix ex: <{EX}> .\nex:a ex:p "rôle" .\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.ttl:2:\d+: not valid UTF-8 \(byte 0xf4"):
        parse_rdf_file(path)


def test_directory(tmp_path):
    directory = tmp_path / "adir.ttl"
    directory.mkdir()
    with pytest.raises(InputError, match=r"adir\.ttl: is a directory"):
        parse_rdf_file(directory)


def test_unknown_extension(tmp_path):
    path = write(tmp_path / "notes.md", GOOD_TTL)
    with pytest.raises(InputError, match=r"notes\.md: unknown RDF file extension '\.md'"):
        parse_rdf_file(path)
    with pytest.raises(InputError, match="unknown RDF file extension"):
        format_for("README")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.ttl: no such file"):
        parse_rdf_file(tmp_path / "nope.ttl")


def test_input_error_is_an_airoles_error():
    assert issubclass(InputError, AirolesError)
    assert InputError("x").exit_code == 2
    assert AirolesError("x", exit_code=3).exit_code == 3


@pytest.fixture
def tiny_repo(tmp_path, monkeypatch):
    """A throw-away ontology + knowledge base; the loader is pointed at it."""
    onto = write(
        tmp_path / "ontology" / "airoles.ttl",
        """@prefix airoles: <https://w3id.org/airoles/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
airoles:Role a owl:Class .
airoles:ManagerRole a owl:Class ; rdfs:subClassOf airoles:Role .
""",
    )
    kb = tmp_path / "ontology" / "kb"
    write(
        kb / "roles.ttl",
        """@prefix airoles: <https://w3id.org/airoles/> .
@prefix role: <https://w3id.org/airoles/id/role/> .
role:chef-de-projet-ia a airoles:ManagerRole ; airoles:note [ airoles:text "b1" ] .
""",
    )
    write(
        kb / "sub" / "a-first.ttl",
        """@prefix airoles: <https://w3id.org/airoles/> .
@prefix role: <https://w3id.org/airoles/id/role/> .
role:responsable-ia a airoles:Role ; airoles:note [ airoles:text "b2" ] .
""",
    )
    write(kb / "notes.txt", "not rdf")
    monkeypatch.setattr(paths, "ONTOLOGY_FILE", onto)
    monkeypatch.setattr(paths, "KB_DIR", kb)
    return tmp_path


def test_source_files_ontology_first_then_sorted_kb(tiny_repo):
    files = source_files()
    kb = tiny_repo / "ontology" / "kb"
    assert files == [tiny_repo / "ontology" / "airoles.ttl", kb / "roles.ttl", kb / "sub" / "a-first.ttl"]


def test_load_graph_merges_all_files(tiny_repo, tmp_path):
    extra = write(tmp_path / "extra.nt", f"<{EX}x> <{EX}p> <{EX}y> .\n")
    g = load_graph(extra_files=[extra])
    role = URIRef("https://w3id.org/airoles/id/role/")
    assert (URIRef(role + "chef-de-projet-ia"), RDF.type, AIROLES.ManagerRole) in g
    assert (URIRef(role + "responsable-ia"), RDF.type, ROLE) in g
    assert (AIROLES.ManagerRole, RDFS.subClassOf, ROLE) in g
    assert (URIRef(EX + "x"), URIRef(EX + "p"), URIRef(EX + "y")) in g
    # blank nodes from different files stay distinct
    notes = set(g.objects(None, AIROLES.note))
    assert len(notes) == 2 and all(isinstance(n, BNode) for n in notes)
    assert {g.value(n, AIROLES.text) for n in notes} == {Literal("b1"), Literal("b2")}
    assert len(g) == 3 + 2 * 3 + 1  # ontology + 2 kb files (type, note, text) + extra
    prefixes = dict(g.namespaces())
    assert all(prefixes[kind] == URIRef(f"https://w3id.org/airoles/id/{kind}/") for kind in KINDS)
    for name in ("airoles", "skos", "prov", "dcterms", "schema", "owl", "rdfs", "xsd", "vann"):
        assert name in prefixes


def test_load_graph_reports_the_broken_kb_file(tiny_repo):
    broken = write(tiny_repo / "ontology" / "kb" / "zz-broken.ttl", "@prefix x: <http://x/> .\nx:a x:b\n")
    with pytest.raises(InputError, match=rf"{broken}:\d+"):
        load_graph()


def test_load_graph_missing_ontology(tiny_repo):
    (tiny_repo / "ontology" / "airoles.ttl").unlink()
    with pytest.raises(InputError, match=r"airoles\.ttl: no such file"):
        load_graph()


def test_graph_fingerprint(tmp_path):
    a = write(tmp_path / "a.ttl", GOOD_TTL)
    b = write(tmp_path / "b.ttl", GOOD_TTL)
    first = graph_fingerprint([a, b])
    assert len(first) == 64 and first == graph_fingerprint([a, b])
    assert first != graph_fingerprint([b, a])
    write(b, GOOD_TTL + "ex:a ex:p ex:c .\n")
    assert graph_fingerprint([a, b]) != first
    with pytest.raises(InputError, match="missing.ttl"):
        graph_fingerprint([tmp_path / "missing.ttl"])


def test_parsed_graph_is_a_plain_graph(tmp_path):
    assert isinstance(parse_rdf_file(write(tmp_path / "g.ttl", GOOD_TTL)), Graph)


def test_directory_without_extension_is_named_a_directory(tmp_path):
    folder = tmp_path / "mydata"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        parse_rdf_file(folder)


# --- Large files: pyoxigraph's parser --------------------------------------------------------------------


def _without_blank_nodes(graph: Graph) -> set:
    return {t for t in graph if not any(isinstance(x, BNode) for x in t)}


def _fast_parse_files() -> list:
    """Every Turtle and N-Triples file of the project: the ontology, the knowledge base, the shapes and the
    test fixtures (valid and invalid alike)."""
    patterns = ("ontology/**/*.ttl", "shapes/*.ttl", "tests/fixtures/**/*.ttl", "tests/fixtures/**/*.nt")
    return sorted(p for pattern in patterns for p in paths.REPO_ROOT.glob(pattern))


@pytest.mark.parametrize("path", _fast_parse_files(), ids=lambda p: str(p.relative_to(paths.REPO_ROOT)))
def test_large_file_parser_reads_what_rdflib_reads(path, monkeypatch):
    """With the size threshold at zero every file takes the pyoxigraph path: the same triples as rdflib's
    parser (blank nodes aside: each parse names them anew), the file's prefixes bound, or, for a file
    pyoxigraph rejects, rdflib's own answer (the same graph, or the same error naming the line)."""
    from airoles_kg.core import loader

    def parse() -> Graph | str:
        try:
            return parse_rdf_file(path)
        except InputError as exc:
            return str(exc)

    slow = parse()
    monkeypatch.setattr(loader, "FAST_PARSE_FROM", 0)
    done: list[loader.FastParse | None] = []
    real = loader._parse_fast
    monkeypatch.setattr(loader, "_parse_fast", lambda *a: done.append(real(*a)) or done[-1])
    fast = parse()
    if isinstance(slow, str):
        assert fast == slow
        return
    assert len(done) == 1 and done[0] is not None  # pyoxigraph read it (not rdflib after a rejection)
    assert done[0].blank_nodes == any(isinstance(node, BNode) for node in slow.all_nodes())
    assert isinstance(fast, Graph)
    assert len(fast) == len(slow)
    assert _without_blank_nodes(fast) == _without_blank_nodes(slow)
    # Every namespace the file declares (and ours) has a prefix, for CURIEs in reports.
    assert {ns for _, ns in slow.namespaces()} <= {ns for _, ns in fast.namespaces()}


def test_a_large_broken_file_is_reported_with_its_line(tmp_path, monkeypatch):
    from airoles_kg.core import loader

    monkeypatch.setattr(loader, "FAST_PARSE_FROM", 0)
    good = "\n".join(f'<{EX}s{i}> <{EX}p> "{i}" .' for i in range(1000))
    path = write(tmp_path / "big.nt", good + f'\n<{EX}s> <{EX}p> "unterminated .\n')
    with pytest.raises(InputError, match=r"big\.nt:1001\b"):
        parse_rdf_file(path)


def test_graph_fingerprint_reads_a_large_file_to_its_end(tmp_path):
    """A file of several read chunks: a change in its last byte changes the fingerprint."""
    big = tmp_path / "big.nt"
    data = bytearray(b"#" * (3 * (1 << 20) + 17))
    big.write_bytes(data)
    first = graph_fingerprint([big])
    data[-1:] = b"!"
    big.write_bytes(data)
    assert graph_fingerprint([big]) != first
