"""``airoles export``: RDF round trips (rdflib, rapper, pyld), the schema.org mapping, CSV tables, errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

from airoles_kg.cli import main
from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph, parse_rdf_file
from airoles_kg.core.namespaces import AIROLES, id_iri
from airoles_kg.export import render
from airoles_kg.export.rdf import RDF_FORMATS
from airoles_kg.export.schemaorg import UNIT_TEXTS
from airoles_kg.export.tables import TABLES

FIXTURE = Path(__file__).parent / "fixtures" / "export" / "mini-kb.ttl"
CDP = id_iri("role", "chef-de-projet-ia")
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml"}


def fixture_graph() -> Graph:
    graph = parse_rdf_file(paths.ONTOLOGY_FILE)
    graph += parse_rdf_file(FIXTURE)
    return graph


def kb_present() -> bool:
    return paths.KB_DIR.is_dir() and any(paths.KB_DIR.rglob("*.ttl"))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return fixture_graph()


@pytest.fixture(scope="module")
def real_graph() -> Graph:
    if not kb_present():
        pytest.skip("the knowledge base (ontology/kb/*.ttl) is not written yet")
    graph = load_graph()
    if (CDP, None, None) not in graph:
        pytest.skip("the knowledge base does not describe role:chef-de-projet-ia yet")
    return graph


def refuse_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


# --- RDF formats -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_export_reads_back_isomorphic(graph: Graph, fmt: str) -> None:
    data = render(graph, fmt)
    back = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_export_keeps_literals_exactly(graph: Graph, fmt: str) -> None:
    back = Graph().parse(data=render(graph, fmt), format=RDFLIB_FORMAT[fmt])
    value = Literal("80", datatype=XSD.decimal)  # not "80.0": another lexical form is another literal
    assert (id_iri("statistic", "chef-de-projet-ia-demande"), AIROLES.value, value) in back


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_export_is_deterministic(graph: Graph, fmt: str) -> None:
    shuffled = Graph()
    for triple in sorted(graph, reverse=True):  # same triples, other insertion order
        shuffled.add(triple)
    for prefix, ns in graph.namespaces():
        shuffled.bind(prefix, ns, override=True, replace=True)
    assert render(graph, fmt) == render(shuffled, fmt)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt", list(RAPPER_SYNTAX))
def test_rapper_reads_rdf_exports(graph: Graph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"out.{RDF_FORMATS[fmt].extension}"
    path.write_bytes(render(graph, fmt))  # type: ignore[arg-type]
    result = subprocess.run(
        ["rapper", "-i", RAPPER_SYNTAX[fmt], "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"returned {len(graph)} triples" in result.stderr


def test_jsonld_has_inline_context_and_pyld_reads_it_offline(graph: Graph) -> None:
    document = json.loads(render(graph, "jsonld"))
    context = document["@context"]
    assert isinstance(context, dict) and context["airoles"] == str(AIROLES)
    expanded = jsonld.expand(document, {"documentLoader": refuse_network})
    assert expanded
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": refuse_network})
    assert len({line for line in nquads.splitlines() if line.strip()}) == len(graph)


# --- schema.org ------------------------------------------------------------------------------------------

THING = {
    "additionalType",
    "alternateName",
    "description",
    "disambiguatingDescription",
    "identifier",
    "image",
    "mainEntityOfPage",
    "name",
    "potentialAction",
    "sameAs",
    "subjectOf",
    "url",
}
CREATIVE_WORK = THING | {
    "about",
    "author",
    "citation",
    "datePublished",
    "headline",
    "inLanguage",
    "isBasedOn",
    "publisher",
    "keywords",
    "license",
}
DEFINED_TERM = THING | {"inDefinedTermSet", "termCode"}
DEFINED_TERM_SET = CREATIVE_WORK | {"hasDefinedTerm"}
# Properties schema.org documents for each type we emit (the type's own plus inherited ones).
SCHEMA_PROPERTIES: dict[str, set[str]] = {
    "Occupation": THING
    | {
        "educationRequirements",
        "estimatedSalary",
        "experienceInPlaceOfEducation",
        "experienceRequirements",
        "occupationLocation",
        "occupationalCategory",
        "qualifications",
        "responsibilities",
        "skills",
    },
    "DefinedTerm": DEFINED_TERM,
    "DefinedTermSet": DEFINED_TERM_SET,
    "CategoryCode": DEFINED_TERM | {"codeValue", "inCodeSet"},
    "CategoryCodeSet": DEFINED_TERM_SET | {"hasCategoryCode"},
    "CreativeWork": CREATIVE_WORK,
    "EducationalOccupationalCredential": CREATIVE_WORK
    | {"competencyRequired", "credentialCategory", "educationalLevel", "recognizedBy", "validFor", "validIn"},
    "MonetaryAmount": THING | {"currency", "value", "minValue", "maxValue", "validFrom", "validThrough"},
    "QuantitativeValue": THING | {"value", "minValue", "maxValue", "unitText", "unitCode"},
    "Country": THING | {"address", "geo", "containedInPlace"},
}


def _typed_objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "@type" in node:
            found.append(node)
        for value in node.values():
            found += _typed_objects(value)
    elif isinstance(node, list):
        for item in node:
            found += _typed_objects(item)
    return found


def _occupation(document: dict[str, Any], iri: URIRef) -> dict[str, Any]:
    (occupation,) = [o for o in document["@graph"] if o["@id"] == str(iri)]
    return occupation


def _schemaorg(graph: Graph) -> dict[str, Any]:
    return json.loads(render(graph, "schemaorg"))


def test_schemaorg_uses_only_documented_types_and_properties(graph: Graph) -> None:
    document = _schemaorg(graph)
    assert document["@context"]["@vocab"] == "https://schema.org/"
    objects = _typed_objects(document["@graph"])
    assert {o["@type"] for o in objects} >= {
        "Occupation",
        "DefinedTerm",
        "MonetaryAmount",
        "QuantitativeValue",
        "CategoryCode",
        "CategoryCodeSet",
        "EducationalOccupationalCredential",
    }
    for obj in objects:
        allowed = SCHEMA_PROPERTIES[obj["@type"]] | {"@id", "@type"}
        assert set(obj) <= allowed, (obj["@type"], set(obj) - allowed)


def test_schemaorg_expands_offline_to_schema_org_terms(graph: Graph) -> None:
    document = _schemaorg(graph)
    expanded = jsonld.expand(document, {"documentLoader": refuse_network})
    properties = {key for node in expanded for key in node if not key.startswith("@")}
    assert properties and all(p.startswith("https://schema.org/") for p in properties)
    # responsibilities keep the article's order (a JSON-LD list).
    (cdp,) = [n for n in expanded if n["@id"] == str(CDP)]
    listed = cdp["https://schema.org/responsibilities"][0]["@list"]
    assert [v["@value"] for v in listed] == ["Définir le projet", "Piloter l'équipe", "Rendre compte"]


def _salaries(occupation: dict[str, Any]) -> list[dict[str, Any]]:
    return occupation["estimatedSalary"]


def _sources_of(distribution: dict[str, Any]) -> set[str]:
    return {s["identifier"] for s in distribution.get("subjectOf", [])}


def _figures(amount: dict[str, Any]) -> tuple[Any, Any, Any]:
    """(value, minValue, maxValue) of a salary's QuantitativeValue."""
    value = amount["value"]
    return value.get("value"), value.get("minValue"), value.get("maxValue")


def _check_chef_de_projet_ia(document: dict[str, Any], graph: Graph) -> None:
    """The facts of the articles about the chef de projet IA, as the schema.org file states them."""
    occupation = _occupation(document, CDP)
    names = {(n["@language"], n["@value"].lower()) for n in occupation["name"]}
    assert ("fr", "chef de projet ia") in names and any(lang == "en" for lang, _ in names)
    salaries = _salaries(occupation)
    for amount in salaries:
        assert amount["currency"] == "EUR" and amount["value"]["unitText"] == "MONTH" and amount["subjectOf"]
    figures = {_figures(a) for a in salaries}
    assert (2950, None, None) in figures  # a beginner's figure: a value, no percentile claimed
    assert (None, 3750, 4600) in figures  # the intermediate range
    assert (6600, None, None) in figures or (None, None, 6650) in figures  # confirmed: a mean, a ceiling
    codes = {(c["codeValue"], c["inCodeSet"]["name"]) for c in occupation["occupationalCategory"]}
    assert ("M1802", "ROME") in codes
    skills = {n["@value"].lower() for s in occupation["skills"] for n in s["name"]}
    assert {"python", "sql", "tensorflow"} <= skills


def test_schemaorg_chef_de_projet_ia_on_fixture(graph: Graph) -> None:
    document = _schemaorg(graph)
    _check_chef_de_projet_ia(document, graph)
    salaries = _salaries(_occupation(document, CDP))
    by_figure = {_figures(a): _sources_of(a) for a in salaries if {6600, 6650} & set(_figures(a))}
    assert by_figure == {
        (6600, None, None): {str(id_iri("source", "guide-cyber"))},
        (6650, None, None): {str(id_iri("source", "blog-cdp"))},
    }
    skill = next(s for s in _occupation(document, CDP)["skills"] if s["termCode"] == "python")
    assert skill["sameAs"] == ["http://data.europa.eu/esco/skill/fixture-python"]
    assert _occupation(document, CDP)["sameAs"] == [
        "http://data.europa.eu/esco/occupation/fixture-ai-project-manager"
    ]
    (pmp,) = _occupation(document, CDP)["qualifications"]
    assert pmp["credentialCategory"] == "certification"


def _source_with_file(graph: Graph, file_name: str) -> str:
    (source,) = [
        s
        for s in graph.subjects(DCTERMS.identifier, None)
        if any(str(i) == file_name for i in graph.objects(s, DCTERMS.identifier))
    ]
    return str(source)


def test_schemaorg_chef_de_projet_ia_matches_the_articles(real_graph: Graph) -> None:
    document = _schemaorg(real_graph)
    _check_chef_de_projet_ia(document, real_graph)
    salaries = _salaries(_occupation(document, CDP))
    guardia = _source_with_file(real_graph, "001_7a272abff14a9352.txt")  # "6 600 ... en moyenne"
    blog = _source_with_file(real_graph, "002_b9ff23e77abe6280.txt")  # "jusqu'à 6 650 € brut mensuel"
    sources_6600 = set().union(*(_sources_of(a) for a in salaries if _figures(a) == (6600, None, None)))
    ceiling_6650 = set().union(*(_sources_of(a) for a in salaries if _figures(a) == (None, None, 6650)))
    assert guardia in sources_6600  # "6 600 € en moyenne": a value
    assert blog in ceiling_6650  # "jusqu'à 6 650 €": a ceiling, schema.org's maxValue
    assert any(_figures(a) == (2950, None, None) and blog in _sources_of(a) for a in salaries)


def test_every_pay_period_has_a_unit_text(graph: Graph) -> None:
    """Every pay period the ontology defines has schema.org's unitText (no figure loses its period)."""
    periods = set(graph.subjects(RDF.type, AIROLES.PayPeriod))
    assert periods and periods <= set(UNIT_TEXTS)


def test_schemaorg_same_as_are_iris(graph: Graph) -> None:
    """sameAs reads as an IRI (a link an HR system can follow), not a string."""
    expanded = jsonld.expand(_schemaorg(graph), {"documentLoader": refuse_network})
    (cdp,) = [n for n in expanded if n["@id"] == str(CDP)]
    assert cdp["https://schema.org/sameAs"] == [
        {"@id": "http://data.europa.eu/esco/occupation/fixture-ai-project-manager"}
    ]


# --- CSV -------------------------------------------------------------------------------------------------

ROLES_Q = "?r a ?c . ?c rdfs:subClassOf* airoles:Role ."
COUNT_QUERIES = {
    "roles": f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {ROLES_Q} }}",
    "role_skills": f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?r ?q WHERE {{
        {{ ?r airoles:hasSkillRequirement ?q }} UNION {{ ?q airoles:requirementOf ?r }}
        ?q airoles:requiresSkill ?s . {ROLES_Q} }} }}""",
    "missions": f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?r ?m WHERE {{
        {{ ?r airoles:hasMission ?m }} UNION {{ ?m airoles:missionOf ?r }} {ROLES_Q} }} }}""",
    "transitions": f"""SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{
        {{ ?r airoles:hasOutgoingTransition ?t }} UNION {{ ?t airoles:fromRole ?r }} {ROLES_Q} }}""",
    "salaries": f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?r ?s WHERE {{
        {{ ?r airoles:hasSalaryObservation ?s }} UNION {{ ?s airoles:salaryOf ?r }} {ROLES_Q} }} }}""",
    "education": f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?r ?e WHERE {{
        {{ ?r airoles:hasEducationRequirement ?e }} UNION {{ ?e airoles:educationFor ?r }} {ROLES_Q} }} }}""",
    "sectors": f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?r ?o WHERE {{
        ?o airoles:opportunityFor ?r . {ROLES_Q} }} }}""",
    "sources": """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
        { ?s a airoles:SourceDocument } UNION { ?s a airoles:Study } }""",
}


def _sparql_count(graph: Graph, query: str) -> int:
    prefixes = (
        "PREFIX airoles: <https://w3id.org/airoles/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    )
    (row,) = graph.query(prefixes + query)
    return int(row[0])


def _read_tables(data: dict[str, bytes]) -> dict[str, list[dict[str, str]]]:
    return {
        name[:-4]: list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
        for name, content in data.items()
    }


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_csv_row_counts_equal_sparql_counts(which: str, graph: Graph, request: pytest.FixtureRequest) -> None:
    g = graph if which == "fixture" else request.getfixturevalue("real_graph")
    data = render(g, "csv")
    assert isinstance(data, dict) and set(data) == {f"{name}.csv" for name in TABLES}
    tables = _read_tables(data)
    for name, query in COUNT_QUERIES.items():
        assert len(tables[name]) == _sparql_count(g, query), name
    assert len(tables["roles"]) > 0 and len(tables["role_skills"]) > 0


def test_csv_for_excel_has_the_same_rows_with_a_bom_semicolons_and_crlf(graph: Graph) -> None:
    """What French Excel opens right: a UTF-8 byte order mark (else it decodes Windows-1252: "Ã©"), ';'
    between fields, CRLF; the same rows as the plain tables."""
    plain, excel = render(graph, "csv"), render(graph, "csv-excel")
    assert isinstance(plain, dict) and isinstance(excel, dict) and set(plain) == set(excel)
    for name, content in excel.items():
        assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content, name
        assert not plain[name].startswith(b"\xef\xbb\xbf")
        text = content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
        assert rows == list(csv.DictReader(io.StringIO(plain[name].decode("utf-8")))), name
    header = excel["roles.csv"].decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.startswith("iri;label_fr;label_en")  # the mark is the encoding's, not the first column's


def test_csv_rows_carry_iris_both_labels_and_sources(graph: Graph) -> None:
    tables = _read_tables(render(graph, "csv"))  # type: ignore[arg-type]
    roles = {r["iri"]: r for r in tables["roles"]}
    assert (
        roles[str(CDP)]["label_fr"] == "Chef de projet IA"
        and roles[str(CDP)]["label_en"] == "AI project manager"
    )
    python = next(r for r in tables["role_skills"] if r["skill_en"] == "Python")
    assert (python["role_iri"], python["importance"], python["data_skill"]) == (str(CDP), "essential", "yes")
    assert python["source_iris"] == str(id_iri("source", "guide-cyber"))
    confirmed = sorted(
        (r["amount"], r["source_iris"]) for r in tables["salaries"] if r["level_en"] == "confirmed"
    )
    assert confirmed == [
        ("6600", str(id_iri("source", "guide-cyber"))),
        ("6650", str(id_iri("source", "blog-cdp"))),
    ]
    assert [r["order"] for r in tables["missions"] if r["role_iri"] == str(CDP)] == ["1", "2", "3"]


# --- CLI ------------------------------------------------------------------------------------------------


@pytest.fixture()
def fixture_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the loader at a knowledge base made of the fixture only."""
    kb = tmp_path / "kb"
    kb.mkdir()
    shutil.copy(FIXTURE, kb / "mini-kb.ttl")
    monkeypatch.setattr(paths, "KB_DIR", kb)
    return tmp_path


def test_cli_writes_each_format(fixture_repo: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    graph = fixture_graph()
    for fmt in RDF_FORMATS:
        out = fixture_repo / f"out.{fmt}"
        assert main(["export", "--format", fmt, "-o", str(out)]) == 0
        assert isomorphic(Graph().parse(out, format=RDFLIB_FORMAT[fmt]), graph)
    assert (
        main(["export", "--format", "schemaorg", "--lang", "en", "-o", str(fixture_repo / "s.jsonld")]) == 0
    )
    document = json.loads((fixture_repo / "s.jsonld").read_text("utf-8"))
    assert _occupation(document, CDP)["responsibilities"][0] == {
        "@value": "Define the project",
        "@language": "en",
    }
    assert main(["export", "--format", "csv", "-o", str(fixture_repo / "tables")]) == 0
    assert sorted(p.name for p in (fixture_repo / "tables").iterdir()) == sorted(f"{n}.csv" for n in TABLES)


def test_cli_rdf_without_out_goes_to_stdout(
    fixture_repo: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export", "--format", "ntriples"]) == 0
    out = capsysbinary.readouterr().out
    assert isomorphic(Graph().parse(data=out, format="nt"), fixture_graph())


def _no_leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_cli_unknown_format_exits_2_and_writes_nothing(
    fixture_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = fixture_repo / "out"
    out_dir.mkdir()
    assert main(["export", "--format", "xlsx", "-o", str(out_dir / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "unknown export format 'xlsx'" in err and "turtle" in err and "Traceback" not in err
    assert _no_leftovers(out_dir) == []


def test_cli_unwritable_path_exits_2_without_partial_file(
    fixture_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = fixture_repo / "not-a-dir"
    blocker.write_text("a file, not a folder\n")
    assert main(["export", "--format", "turtle", "-o", str(blocker / "graph.ttl")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "-o", str(blocker / "tables")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert blocker.read_text() == "a file, not a folder\n"
    assert sorted(p.name for p in fixture_repo.iterdir()) == ["kb", "not-a-dir"]


def test_cli_csv_refuses_to_replace_a_folder_of_other_files(
    fixture_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = fixture_repo / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n")
    assert main(["export", "--format", "csv", "-o", str(folder)]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert _no_leftovers(folder) == ["notes.txt"]
    assert sorted(p.name for p in fixture_repo.iterdir()) == ["kb", "mine"]  # no temporary folder left


def test_cli_csv_replaces_a_previous_export(fixture_repo: Path) -> None:
    folder = fixture_repo / "tables"
    assert main(["export", "--format", "csv", "-o", str(folder)]) == 0
    (folder / "roles.csv").write_text("stale\n")
    assert main(["export", "--format", "csv", "-o", str(folder)]) == 0
    assert (folder / "roles.csv").read_text("utf-8").startswith("iri,label_fr,label_en")
    assert sorted(p.name for p in fixture_repo.iterdir()) == ["kb", "tables"]


def test_cli_csv_needs_out(fixture_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv"]) == 2
    assert "-o/--output" in capsys.readouterr().err


def test_failure_while_rendering_leaves_previous_file(
    fixture_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = fixture_repo / "graph.ttl"
    out.write_text("previous\n")

    def broken(*args: object, **kwargs: object) -> bytes:
        raise KeyboardInterrupt  # e.g. the user interrupts a long export

    monkeypatch.setattr("airoles_kg.commands.export.render", broken)
    assert main(["export", "--format", "turtle", "-o", str(out)]) == 130
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in fixture_repo.iterdir()) == ["graph.ttl", "kb"]


def test_an_iri_no_serializer_can_write_is_a_clear_error() -> None:
    from airoles_kg.core.errors import AirolesError

    graph = Graph()
    graph.add((URIRef("https://w3id.org/airoles/id/role/a b"), RDF.type, AIROLES.Role))
    with pytest.raises(AirolesError, match="cannot serialize <https://w3id.org/airoles/id/role/a b>"):
        render(graph, "ntriples")


def test_schemaorg_occupations_carry_escos_skills_marked_as_escos():
    """What ESCO adds (the mapped occupations' skills) comes after the articles' skills, with ESCO's IRI, its
    label's language and a description saying it is ESCO's, not the articles'."""
    from airoles_kg.export.schemaorg import schemaorg_document

    document = schemaorg_document(load_graph(), "en")
    by_id = {o["@id"]: o for o in document["@graph"]}
    scientist = by_id["https://w3id.org/airoles/id/role/data-scientist"]
    esco = [
        s for s in scientist["skills"] if s.get("url", "").startswith("http://data.europa.eu/esco/skill/")
    ]
    assert len(esco) >= 70
    assert all("not a statement of the articles" in s["description"] for s in esco)
    assert all(s["name"][0]["@language"] in ("en", "fr") for s in esco)
    ours = [s for s in scientist["skills"] if s.get("identifier", "").startswith("https://w3id.org/airoles/")]
    assert ours and scientist["skills"].index(ours[0]) < scientist["skills"].index(esco[0])
    # Without ESCO, only the articles' skills.
    plain = {o["@id"]: o for o in schemaorg_document(load_graph(), "en", esco=False)["@graph"]}
    assert len(plain[scientist["@id"]]["skills"]) == len(ours)


def test_schemaorg_isco_codes_lead_to_escos_concepts(real_graph: Graph) -> None:
    """An ISCO-08 occupational category carries ESCO's IRI of that group: a code set an HR system can follow,
    not only our own IRI."""
    document = _schemaorg(real_graph)
    codes = [c for o in document["@graph"] for c in o.get("occupationalCategory", [])]
    isco = [c for c in codes if c["inCodeSet"]["name"] == "ISCO-08"]
    assert isco and all(
        c["sameAs"] == [f"http://data.europa.eu/esco/isco/C{c['codeValue']}"] for c in isco
    ), isco[:2]
    assert all("sameAs" not in c for c in codes if c["inCodeSet"]["name"] == "ROME")  # nothing to point at


def test_schemaorg_export_reports_its_coverage(capsys) -> None:  # noqa: ANN001
    from airoles_kg.cli import main

    assert main(["export", "--format", "schemaorg"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    total = sum(1 for o in document["@graph"] if o["@type"] == "Occupation")
    described = sum(1 for o in document["@graph"] if o["@type"] == "Occupation" and o.get("description"))
    assert f"schema.org coverage of {total} Occupations: name {total}, description {described}," in err
    assert "experienceRequirements 0" in err  # said, not hidden
