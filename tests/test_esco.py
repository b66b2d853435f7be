"""ESCO, ISCO-08 and ROME: the alignments in ontology/kb/alignments.ttl, the ESCO importer on the small
fixtures (airoles_kg.esco and ``airoles import-esco``; the real download is tests/test_esco_import.py) and
ESCO
neighbours of a role through the named query and ``esco_matches``.

Tests that need the ESCO v1.1.1 extract read it from ``../shared/data/esco-v1.1.1`` (the ``esco_tabiya``
fixture: skipped when absent outside CI, a failure in CI).
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from airoles_kg.cli import main
from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import external_dir, load_graph
from airoles_kg.core.namespaces import AIROLES, ROLE, SKILL
from airoles_kg.esco import ESCO_MODEL, TABLE_NAMES, default_output, discover, esco_matches, import_esco
from airoles_kg.profiles.profile import role_profile
from airoles_kg.sparql.engine import QueryEngine
from airoles_kg.sparql.library import get_query

FIXTURES = Path(__file__).parent / "fixtures" / "esco"
TABIYA = FIXTURES / "tabiya"
ESCO_LAYOUT = FIXTURES / "esco-download"
# What the one-language ESCO fixture leaves out: the skills hierarchy and the collections.
ESCO_LAYOUT_ABSENT = (
    "skill_group_levels",
    "digital_skills",
    "digcomp_skills",
    "green_skills",
    "language_skills",
    "research_skills",
    "research_occupations",
    "transversal_skills",
)
# The shared tabiya extract has neither skills nor occupation-skill relations (its ABOUT.md).
TABIYA_ABSENT = ("skills", "occupation_skill_relations")

ESCO = "http://data.europa.eu/esco/"
OCC = ESCO + "occupation/"
ISCO = ESCO + "isco/C"
R = "https://w3id.org/airoles/id/role/"
S = "https://w3id.org/airoles/id/skill/"
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
DATA_SCIENTIST = URIRef(OCC + "258e46f9-0075-4a2e-adae-1ff0477e0f30")
DATA_ANALYST = URIRef(OCC + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2")
ICT_SYSTEM_ARCHITECT = URIRef(OCC + "e1c72b5f-4c5c-487c-a6df-e84b64a51dae")
BLOCKCHAIN_ARCHITECT = URIRef(OCC + "78faf623-2543-43a5-acb2-3c43a22d36e4")
SOFTWARE_DEVELOPER = URIRef(OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1")


# --- helpers and fixtures ---------------------------------------------------------------------------------


def read_csv(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def graph() -> Graph:
    """The project graph (ontology + knowledge base), as written."""
    return load_graph()


@pytest.fixture(scope="module")
def extract(esco_tabiya) -> dict[str, dict[str, dict[str, str]]]:
    """The ESCO extract's rows by IRI: occupations, ISCO groups, skill groups."""
    return {
        name: {row["ORIGINURI"]: row for row in read_csv(esco_tabiya, file)}
        for name, file in (
            ("occupations", "occupations.csv"),
            ("isco", "ISCOGroups.csv"),
            ("skill_groups", "skillGroups.csv"),
        )
    }


def alignments(graph: Graph, cls: URIRef) -> list[tuple[URIRef, URIRef, URIRef]]:
    """(node, relation, target) for every SKOS mapping of an instance of ``cls`` to an ESCO IRI."""
    nodes = {s for s in graph.subjects(RDF.type, cls)} | {
        s for c in graph.subjects(RDFS.subClassOf, cls) for s in graph.subjects(RDF.type, c)
    }
    return [
        (node, relation, target)
        for node in nodes
        for relation in MATCHES
        for target in graph.objects(node, relation)
        if str(target).startswith(ESCO)
    ]


@pytest.fixture(scope="module")
def fixture_import(tmp_path_factory) -> tuple[Graph, object]:
    """The tabiya fixture imported: (the SKOS graph, the report)."""
    out = tmp_path_factory.mktemp("esco") / "esco.nt"
    report = import_esco(TABIYA, out)
    return Graph().parse(out, format="nt"), report


@pytest.fixture(scope="module")
def shared_import(tmp_path_factory, esco_tabiya) -> tuple[Path, object]:
    """The shared ESCO extract imported once: (the N-Triples file, the report)."""
    out = tmp_path_factory.mktemp("esco-shared") / "esco.nt"
    return out, import_esco(esco_tabiya, out, allow_missing=TABIYA_ABSENT)


def summary(out: str) -> dict[str, list[str]]:
    """The per-table lines of ``airoles import-esco``'s output: table name -> its other words."""
    rows = [line.split() for line in out.splitlines() if line.split()[:1] and line.split()[0] in TABLE_NAMES]
    return {row[0]: row[1:] for row in rows}


def problems(report) -> list[tuple[str, int, str]]:
    return [(Path(p.path).name, p.line, p.message) for p in report.problems]


# --- the alignments ---------------------------------------------------------------------------------------


def test_every_mapped_esco_iri_is_in_the_extract_with_its_label(graph, extract):
    checked = 0
    for node, _, target in alignments(graph, ROLE) + alignments(graph, SKILL):
        iri = str(target)
        ours = {str(v) for v in graph.objects(target, RDFS.label) if v.language == "en"}
        assert len(ours) == 1, f"{iri}: give the ESCO preferred label once (rdfs:label @en)"
        if iri.startswith(OCC):
            row = extract["occupations"].get(iri)
        elif iri.startswith(ISCO):
            row = extract["isco"].get(iri)
        elif iri in extract["skill_groups"]:
            row = extract["skill_groups"][iri]
        else:
            # An ESCO skill: the extract has no skills file (alignments.ttl says where each was confirmed).
            assert iri.startswith(ESCO + "skill/"), f"{node} -> {iri}: not an ESCO occupation, group or skill"
            continue
        assert row is not None, f"{node} -> {iri}: not in the ESCO v1.1.1 extract"
        assert ours == {row["PREFERREDLABEL"]}, f"{iri}: ESCO's preferred label is {row['PREFERREDLABEL']!r}"
        checked += 1
    assert checked >= 30


def test_a_roles_esco_occupations_are_in_its_isco_unit_group(graph, extract):
    isco_by_code = {row["CODE"]: row for row in extract["isco"].values()}
    coded = 0
    for role in set(graph.subjects(RDF.type, ROLE)):
        codes = [
            c
            for c in graph.objects(role, AIROLES.hasOccupationCode)
            if (c, RDF.type, AIROLES.IscoGroup) in graph
        ]
        occupations = [t for _, _, t in alignments(graph, ROLE) if _ == role and str(t).startswith(OCC)]
        if not codes:
            assert not occupations, f"{role}: aligned to ESCO occupations but has no ISCO-08 unit group"
            continue
        assert len(codes) == 1, f"{role}: one ISCO-08 unit group"
        notation = str(graph.value(codes[0], SKOS.notation))
        for occupation in occupations:
            assert extract["occupations"][str(occupation)]["ISCOGROUPCODE"] == notation, (role, occupation)
        coded += 1
    assert coded >= 25
    for code in set(graph.subjects(RDF.type, AIROLES.IscoGroup)):
        notation = str(graph.value(code, SKOS.notation))
        row = isco_by_code[notation]
        assert graph.value(code, SKOS.exactMatch) == URIRef(row["ORIGINURI"])
        assert Literal(row["PREFERREDLABEL"], lang="en") in set(graph.objects(code, SKOS.prefLabel))
        assert (code, SKOS.inScheme, URIRef("https://w3id.org/airoles/id/scheme/isco-08")) in graph


def test_every_role_is_aligned_or_says_why(graph):
    aligned = {node for node, _, _ in alignments(graph, ROLE)}
    for role in set(graph.subjects(RDF.type, ROLE)) | {
        s for c in graph.subjects(RDFS.subClassOf, ROLE) for s in graph.subjects(RDF.type, c)
    }:
        notes = [str(n) for n in graph.objects(role, SKOS.note) if n.language == "en"]
        assert role in aligned or any(n.startswith("Not aligned") for n in notes), role


def test_each_mapping_is_justified_by_a_note_naming_relation_and_target(graph):
    for node, relation, target in alignments(graph, ROLE) + alignments(graph, SKILL):
        label = str(graph.value(target, RDFS.label))
        notes = [str(n) for n in graph.objects(node, SKOS.note)]
        assert any(n.startswith(f"skos:{relation.split('#')[1]} ") and f"'{label}'" in n for n in notes), (
            f"{node} {relation} {target}: no skos:note starting 'skos:<relation> ...' naming '{label}'"
        )


def test_exact_matches_are_not_shared_by_two_roles(graph):
    # skos:exactMatch is transitive: two roles the knowledge base keeps apart must not share a target.
    seen: dict[URIRef, URIRef] = {}
    for node, relation, target in alignments(graph, ROLE):
        if relation == SKOS.exactMatch:
            assert target not in seen, f"{node} and {seen[target]} both exactMatch {target}"
            seen[target] = node


def test_expected_alignments_from_the_brief(graph):
    expected = [
        ("data-scientist", SKOS.exactMatch, DATA_SCIENTIST),
        ("data-analyst", SKOS.exactMatch, DATA_ANALYST),
        ("chief-data-officer", SKOS.exactMatch, URIRef(OCC + "e297ec12-4712-40a4-ad98-ba004cacb205")),
        ("statisticien", SKOS.exactMatch, URIRef(OCC + "ac8b3cd1-a127-4e6a-8208-5cfcf7111955")),
        ("developpeur", SKOS.exactMatch, SOFTWARE_DEVELOPER),
        ("chef-de-projet-ia", SKOS.broadMatch, URIRef(OCC + "8b6388a4-4904-471b-9331-d3b1211f5525")),
        ("directeur-ia", SKOS.closeMatch, URIRef(OCC + "7b1b5da8-573a-49bb-a38e-68725a949f4f")),
    ]
    for role, relation, target in expected:
        assert (URIRef(R + role), relation, target) in graph, (role, relation, target)
    assert (
        URIRef(R + "data-scientist"),
        AIROLES.hasOccupationCode,
        URIRef("https://w3id.org/airoles/id/code/isco-2511"),
    ) in graph
    assert (
        URIRef(S + "python"),
        SKOS.exactMatch,
        URIRef(ESCO + "skill/ccd0a1d9-afda-43d9-b901-96344886e14d"),
    ) in graph


def test_rome_stays_the_one_code_an_article_gives(graph):
    rome = set(graph.subjects(RDF.type, AIROLES.RomeCode))
    assert [str(graph.value(c, SKOS.notation)) for c in rome] == ["M1802"]
    assert list(graph.subjects(AIROLES.hasOccupationCode, next(iter(rome)))) == [
        URIRef(R + "chef-de-projet-ia")
    ]


def test_isco_codes_cite_the_esco_source_with_the_csv_row(graph):
    source = URIRef("https://w3id.org/airoles/id/source/esco-v1-1-1")
    assert (source, RDF.type, AIROLES.SourceDocument) in graph
    for code in graph.subjects(RDF.type, AIROLES.IscoGroup):
        assert (code, PROV.wasDerivedFrom, source) in graph
        notation = str(graph.value(code, SKOS.notation))
        english = next(str(v) for v in graph.objects(code, SKOS.prefLabel) if v.language == "en")
        excerpts = [e for e in graph.objects(code, AIROLES.excerpt) if e.language == "en"]
        assert any(str(e).startswith(f"{notation},") and english in str(e) for e in excerpts), code


# --- importing --------------------------------------------------------------------------------------------


def test_layouts_are_recognised_from_file_names():
    tabiya = discover([TABIYA])
    assert (tabiya.layouts(), tabiya.languages()) == (["tabiya"], ["en"])
    names = {f.table.name: Path(f.display).name for f in tabiya.files}
    assert names["isco_groups"] == "ISCOGroups.csv"
    assert names["occupation_skill_relations"] == "occupation_to_skill_relations.csv"
    assert discover([TABIYA], ["fr"]).languages() == ["fr"]  # tabiya: the language asked for
    esco = discover([ESCO_LAYOUT])
    assert (esco.layouts(), esco.languages()) == (["esco"], ["en"])
    names = {f.table.name: Path(f.display).name for f in esco.files}
    assert names["occupation_hierarchy"] == "broaderRelationsOccPillar_en.csv"
    assert esco.ignored == []


def test_tabiya_fixture_imports_the_good_rows_and_reports_the_bad_ones(fixture_import):
    g, report = fixture_import
    assert problems(report) == [
        ("ISCOGroups.csv", 7, "bad ISCO-08 code '25X1': expected 1 to 4 digits"),
        ("occupations.csv", 15, "expected 13 fields (as the header), found 6"),
        ("occupations.csv", 16, "missing URI (column ORIGINURI)"),
        ("occupations.csv", 18, "bad ISCO-08 code '25X1': expected a four-digit unit group"),
        (
            "occupations.csv",
            19,
            "missing preferred label for http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-00000000000d",
        ),
        ("occupations_hierarchy.csv", 11, "CHILDID key_missing refers to no imported escooccupation"),
        (
            "skill_skill_relations.csv",
            3,
            "unknown relation type 'sometimes' in column RELATIONTYPE (expected essential or optional)",
        ),
        ("occupation_to_skill_relations.csv", 5, "SKILLID key_unknown refers to no imported skill"),
    ]
    assert report.counts == {
        "isco_groups": 5,
        "occupations": 5,
        "skill_groups": 2,
        "skills": 3,
        "occupation_hierarchy": 9,
        "skill_hierarchy": 4,
        "skill_relations": 1,
        "occupation_skill_relations": 3,
    }
    rows = {name: (t.rows, t.rejected) for name, t in report.tables.items()}
    assert rows["occupations"] == (9, 4) and rows["skill_relations"] == (2, 1)
    ds = DATA_SCIENTIST
    assert (ds, RDF.type, SKOS.Concept) in g
    assert set(g.objects(ds, SKOS.prefLabel)) == {Literal("data scientist", lang="en")}
    # The preferred label is not repeated among the alternative ones; labels are trimmed.
    assert set(g.objects(ds, SKOS.altLabel)) == {
        Literal(x, lang="en") for x in ("data research scientist", "data expert", "data engineer")
    }
    assert (ds, SKOS.notation, Literal("2511.4")) in g
    assert (ds, SKOS.broader, URIRef(ISCO + "2511")) in g
    assert (ds, SKOS.broaderTransitive, URIRef(ISCO + "2511")) in g
    assert (ds, SKOS.inScheme, URIRef(ESCO + "concept-scheme/occupations")) in g
    assert any(str(d).startswith("Data scientists find") for d in g.objects(ds, SKOS.definition))
    assert next(g.objects(ds, SKOS.scopeNote)).startswith("Excludes people performing engineering")
    assert (BLOCKCHAIN_ARCHITECT, SKOS.broader, ICT_SYSTEM_ARCHITECT) in g
    assert (BLOCKCHAIN_ARCHITECT, SKOS.broaderTransitive, URIRef(ISCO + "2511")) in g
    assert (URIRef(ISCO + "2511"), SKOS.broader, URIRef(ISCO + "251")) in g
    assert (URIRef(ISCO + "2511"), SKOS.notation, Literal("2511")) in g
    python = URIRef(ESCO + "skill/ccd0a1d9-afda-43d9-b901-96344886e14d")
    programming = URIRef(ESCO + "skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97")
    assert (python, SKOS.broader, programming) in g
    assert (python, URIRef(ESCO_MODEL + "hasEssentialSkill"), programming) in g
    assert (ds, URIRef(ESCO_MODEL + "hasOptionalSkill"), python) in g
    assert (SOFTWARE_DEVELOPER, URIRef(ESCO_MODEL + "hasEssentialSkill"), programming) in g
    # The skipped rows left nothing behind.
    assert not set(g.subjects(SKOS.prefLabel, Literal("a row with a bad ISCO code", lang="en")))
    assert URIRef(ISCO + "25X1") not in set(g.subjects())


def test_esco_layout_fixture_imports_the_good_rows_and_reports_the_bad_ones(tmp_path):
    out = tmp_path / "esco.nt"
    report = import_esco(ESCO_LAYOUT, out, allow_missing=ESCO_LAYOUT_ABSENT)
    assert problems(report) == [
        (
            "occupations_en.csv",
            11,
            "invalid URI 'http://data.europa.eu/esco/occupation/not a uri' (column conceptUri)",
        ),
        ("occupations_en.csv", 12, "bad ISCO-08 code '133': expected a four-digit unit group"),
        ("occupations_en.csv", 13, "expected 14 fields (as the header), found 15"),
        ("skills_en.csv", 5, "missing URI (column conceptUri)"),
        ("broaderRelationsOccPillar_en.csv", 8, "missing value in column conceptUri"),
    ]
    assert (
        report.counts["occupations"] == 3
        and report.counts["isco_groups"] == 4
        and report.counts["skills"] == 2
    )
    g = Graph().parse(out, format="nt")
    cdo = URIRef(OCC + "e297ec12-4712-40a4-ad98-ba004cacb205")
    assert set(g.objects(cdo, SKOS.altLabel)) == {
        Literal(x, lang="en") for x in ("chief analytics officer", "CDO", "chief data officers")
    }
    assert not set(g.objects(cdo, SKOS.hiddenLabel))  # its one hidden label is already an alternative label
    assert (cdo, SKOS.broader, URIRef(ISCO + "1330")) in g
    assert (cdo, SKOS.broaderTransitive, URIRef(ISCO + "1330")) in g
    assert (cdo, SKOS.inScheme, URIRef(ESCO + "concept-scheme/occupations")) in g
    assert (URIRef(ESCO + "concept-scheme/occupations"), RDF.type, SKOS.ConceptScheme) in g
    budgets = URIRef(ESCO + "skill/21c5790c-0930-4d74-b3b0-84caf5af12ea")
    assert (cdo, URIRef(ESCO_MODEL + "hasOptionalSkill"), budgets) in g
    assert (budgets, SKOS.broader, URIRef(ESCO + "skill/9827c329-3492-4e8d-852c-da0894228ff6")) in g


def test_import_is_deterministic(tmp_path):
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    import_esco(TABIYA, first)
    import_esco(TABIYA, second)
    assert first.read_bytes() == second.read_bytes()


def test_rows_with_undecodable_bytes_or_broken_quotes_are_reported(tmp_path):
    download = tmp_path / "download"
    shutil.copytree(TABIYA, download)
    occupations = download / "occupations.csv"
    data = occupations.read_bytes()
    lines = data.count(b"\n")
    occupations.write_bytes(
        data
        + b"http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-0000000000ab,key_latin,u,2511,2511.96,"
        b"d\xe9veloppeur,,Latin-1 bytes.,,,x,escooccupation,false\n"
        b"http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-0000000000ac,key_q,u,2511,2511.95,"
        b'"an unterminated quote,,,,,x,escooccupation,false\n'
    )
    report = import_esco(download, tmp_path / "esco.nt")
    found = [p for p in problems(report) if p[0] == "occupations.csv"]
    assert (("occupations.csv", lines + 1, "not valid UTF-8")) in found
    assert found[-1][1] == lines + 2 and found[-1][2].startswith("expected 13 fields")
    assert report.counts["occupations"] == 5


def test_a_file_of_the_wrong_layout_writes_nothing(tmp_path):
    download = tmp_path / "download"
    shutil.copytree(TABIYA, download)
    (download / "ISCOGroups.csv").write_text("conceptUri,code,preferredLabel\nx,1,y\n", encoding="utf-8")
    out = tmp_path / "esco.nt"
    out.write_text("previous import\n", encoding="utf-8")
    with pytest.raises(
        AirolesError, match=r"ISCOGroups\.csv:1: missing column\(s\) ORIGINURI, CODE, PREFERREDLABEL, ID"
    ):
        import_esco(download, out)
    assert out.read_text(encoding="utf-8") == "previous import\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_not_a_download(tmp_path):
    with pytest.raises(AirolesError, match="no such file or directory"):
        import_esco(tmp_path / "missing")
    with pytest.raises(AirolesError, match=r"no ESCO table found \(expected ESCO's CSV download"):
        import_esco(tmp_path)
    (tmp_path / "occupations_en.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "occupations_fr.csv").write_text("x\n", encoding="utf-8")
    # Every missing table is named before anything is read.
    with pytest.raises(AirolesError, match=r"missing table\(s\): isco_groups \(ISCOGroups_<lang>\.csv"):
        import_esco(tmp_path, language="fr")
    with pytest.raises(
        AirolesError, match=r"occupations_fr\.csv:1: missing column\(s\) conceptUri, iscoGroup"
    ):
        import_esco(tmp_path, tmp_path / "out.nt", language="fr", allow_missing=TABLE_NAMES)
    assert not (tmp_path / "out.nt").exists()
    with pytest.raises(AirolesError, match=r"unknown table\(s\) occupation: the tables are isco_groups, "):
        import_esco(tmp_path, allow_missing=["occupation"])
    with pytest.raises(AirolesError, match=r"--language 'f r': not a language tag"):
        import_esco(tmp_path, language="f r")


def test_default_output_is_loaded_beside_airoles():
    assert default_output().parent == external_dir()
    assert default_output().name == "esco.nt"


def test_shared_extract_imports_every_occupation_and_isco_group(shared_import, esco_tabiya):
    out, report = shared_import
    assert report.problems == []
    assert report.counts["occupations"] == len(read_csv(esco_tabiya, "occupations.csv")) == 3007
    assert report.counts["isco_groups"] == len(read_csv(esco_tabiya, "ISCOGroups.csv")) == 619
    assert report.counts["skill_groups"] == len(read_csv(esco_tabiya, "skillGroups.csv"))
    assert report.counts["occupation_hierarchy"] == len(read_csv(esco_tabiya, "occupations_hierarchy.csv"))
    assert [name for name, t in report.tables.items() if t.missing] == list(TABIYA_ABSENT)
    # The skill hierarchy and relations name skills by tabiya IDs no skills file resolves: said, left out.
    assert any("skill_skill_relations.csv" in n and "no skills file" in n for n in report.notes)
    triples = list(ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == report.triples
    transitive = {t.subject for t in triples if t.predicate.value == str(SKOS.broaderTransitive)}
    assert len(transitive) == 3007  # every occupation reaches its ISCO-08 unit group


# --- the command ------------------------------------------------------------------------------------------


def test_cli_reports_rejected_rows_with_file_and_line_and_exits_1(tmp_path, capsys):
    out = tmp_path / "esco.nt"
    code = main(["import-esco", str(TABIYA), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert out.is_file()
    assert "(tabiya layout, @en)" in captured.out
    table = summary(captured.out)
    assert table["occupations"] == ["9", "5", "concepts", "4"]
    assert table["skill_relations"] == ["2", "1", "links", "1"]
    assert f"  {TABIYA / 'occupations.csv'}:16: missing URI (column ORIGINURI)" in captured.err
    assert "occupations: 4 row(s) rejected:" in captured.err
    assert "airoles: 8 row(s) rejected (listed above); the rest was imported" in captured.err


def test_cli_clean_import_exits_0_and_bad_input_exits_2(tmp_path, capsys):
    download = tmp_path / "download"
    download.mkdir()
    for name in ("ISCOGroups_en.csv", "skillGroups_en.csv"):
        shutil.copy(ESCO_LAYOUT / name, download)
    # A relation file without language suffix, as ESCO ships them.
    shutil.copy(ESCO_LAYOUT / "skillSkillRelations_en.csv", download / "skillSkillRelations.csv")
    (download / "occupations_en.csv").write_text(
        "\n".join((ESCO_LAYOUT / "occupations_en.csv").read_text(encoding="utf-8").splitlines()[:10]) + "\n",
        encoding="utf-8",
    )
    absent = [*ESCO_LAYOUT_ABSENT, "skills", "occupation_hierarchy", "skill_hierarchy"]
    absent.append("occupation_skill_relations")
    options = [arg for name in absent for arg in ("--allow-missing", name)]
    out = tmp_path / "a.nt"
    assert main(["import-esco", str(download), "-o", str(out), *options]) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    assert captured.err == ""
    table = summary(captured.out)
    assert table["occupations"] == ["3", "3", "concepts", "0"]  # 10 lines, 3 records
    assert table["skill_relations"] == ["1", "1", "links", "0"]
    assert table["occupation_skill_relations"] == ["-", "missing", "(allowed)", "-"]
    assert out.is_file()
    # Without the permission the same download is refused and nothing is written.
    again = tmp_path / "b.nt"
    assert main(["import-esco", str(download), "--output", str(again)]) == 2
    err = capsys.readouterr().err
    assert (
        "airoles: error: " in err
        and "missing table(s): skills (skills_<lang>.csv); skill_group_levels" in err
        and not again.exists()
    )
    assert "Traceback" not in err
    assert main(["import-esco", str(tmp_path / "nowhere")]) == 2
    assert "airoles: error:" in capsys.readouterr().err


# --- ESCO beside airoles: shapes, neighbours, the role card -----------------------------------------------


def test_merged_graph_with_an_esco_import_conforms_to_the_shapes(graph, fixture_import):
    from airoles_kg.shacl import validate_graph

    esco, _ = fixture_import
    merged = Graph()
    for triple in graph:
        merged.add(triple)
    for triple in esco:
        merged.add(triple)
    report = validate_graph(merged)
    violations = [(r.focus_node, r.message()) for r in report.results if r.severity == "Violation"]
    assert violations == []


@pytest.mark.slow
def test_merged_graph_with_the_whole_extract_conforms_to_the_shapes(shared_import):
    from airoles_kg.shacl import validate_graph

    out, _ = shared_import
    merged = load_graph(extra_files=[out])
    report = validate_graph(merged)
    assert [r for r in report.results if r.severity == "Violation"] == []


def neighbours_of(graph: Graph, role: str) -> list[dict]:
    result = QueryEngine(graph).run_named(get_query("esco-neighbours"), {"role": role})
    return result.bindings()


def test_query_without_esco_import_lists_the_alignment_and_isco_group(graph):
    rows = neighbours_of(graph, "data scientist")
    assert len(rows) == 1
    row = rows[0]
    assert row["esco"] == DATA_SCIENTIST and row["relation"] == SKOS.exactMatch
    assert str(row["escoLabel"]) == "data scientist"
    assert str(row["iscoCode"]) == "2511" and str(row["iscoLabel"]) == "Systems analysts"
    assert "neighbour" not in row


def test_query_from_an_ai_role_reaches_its_esco_neighbours(graph, fixture_import):
    esco, _ = fixture_import
    merged = graph + esco
    rows = neighbours_of(merged, "data scientist")
    neighbours = {row["neighbour"]: row for row in rows if "neighbour" in row}
    assert set(neighbours) == {DATA_ANALYST, ICT_SYSTEM_ARCHITECT, BLOCKCHAIN_ARCHITECT}
    assert {str(n["neighbourLabel"]) for n in neighbours.values()} == {
        "data analyst",
        "ICT system architect",
        "blockchain architect",
    }
    # data analyst and ICT system architect share the data scientist's broader concept (ISCO 2511);
    # the blockchain architect sits under ICT system architect.
    assert neighbours[DATA_ANALYST]["sameBroader"].toPython() is True
    assert neighbours[BLOCKCHAIN_ARCHITECT]["sameBroader"].toPython() is False
    assert all(str(row["escoCode"]) == "2511.4" and str(row["iscoCode"]) == "2511" for row in rows)


def test_query_on_the_whole_extract(graph, shared_import, esco_tabiya):
    out, _ = shared_import
    # The ESCO graph goes straight into the query engine's store (the fast way: no rdflib round trip);
    # roles are still resolved against our graph.
    engine = QueryEngine(graph)
    engine.store.load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
    rows = engine.run_named(get_query("esco-neighbours"), {"role": "ingénieur ML"}).bindings()
    labels = {str(row["neighbourLabel"]) for row in rows}
    members = [r for r in read_csv(esco_tabiya, "occupations.csv") if r["ISCOGROUPCODE"] == "2511"]
    assert len(labels) == len(members) - 1  # every other occupation of unit group 2511
    assert {"data scientist", "computer vision engineer"} <= labels


def test_esco_matches_without_and_with_an_import(graph, fixture_import):
    plain = esco_matches(graph, URIRef(R + "data-scientist"))
    assert [(m.relation, m.target.iri, m.target.label, m.kind) for m in plain] == [
        ("exactMatch", DATA_SCIENTIST, "data scientist", "occupation")
    ]
    assert (plain[0].isco.iri, plain[0].isco.code, plain[0].isco.label) == (
        URIRef(ISCO + "2511"),
        "2511",
        "Systems analysts",
    )
    assert plain[0].justification.startswith("skos:exactMatch ESCO 'data scientist'")
    assert plain[0].neighbours == ()
    esco, _ = fixture_import
    rich = esco_matches(graph + esco, URIRef(R + "data-scientist"))
    assert rich[0].target.code == "2511.4"
    assert [n.label for n in rich[0].neighbours] == [
        "blockchain architect",
        "data analyst",
        "ICT system architect",
    ]
    cyber = esco_matches(graph, URIRef(R + "specialiste-cybersecurite"))
    assert [(m.relation, m.target.label) for m in cyber] == [
        ("closeMatch", "ICT security engineer"),
        ("narrowMatch", "ethical hacker"),
    ]
    isco_only = esco_matches(graph, URIRef(R + "responsable-ia"))
    assert [(m.relation, m.kind, m.isco.code) for m in isco_only] == [("broadMatch", "isco", "1330")]
    assert esco_matches(graph, URIRef(R + "referent-ia")) == []


def test_role_card_shows_esco_labels_of_the_matches(graph):
    profile = role_profile(graph, URIRef(R + "chef-de-projet-ia"))
    assert [(m.relation, m.target.label("fr")) for m in profile.matches] == [
        (SKOS.broadMatch, "ICT project manager")
    ]


def test_readme_table_of_alignments_says_what_the_graph_says(graph):
    text = (paths.REPO_ROOT / "docs" / "esco.md").read_text(encoding="utf-8")
    section = text.split("## ESCO, ISCO-08 and ROME", 1)[1].split("###", 1)[0]
    rows = [
        line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ") and "---" not in line
    ]
    roles = {
        str(label): role
        for role in graph.subjects(RDF.type, ROLE)
        for label in graph.objects(role, SKOS.prefLabel)
    }
    roles.update(
        {
            str(label): role
            for c in graph.subjects(RDFS.subClassOf, ROLE)
            for role in graph.subjects(RDF.type, c)
            for label in graph.objects(role, SKOS.prefLabel)
        }
    )
    documented = set()
    for name, mappings, isco in (map(str.strip, row) for row in rows[1:]):
        role = roles[name]
        documented.add(role)
        said = set(re.findall(r"(exactMatch|closeMatch|broadMatch|narrowMatch) \*([^*]+)\*", mappings))
        assert said == {(m.relation, m.target.label) for m in esco_matches(graph, role)}, name
        codes = {
            str(graph.value(c, SKOS.notation))
            for c in graph.objects(role, AIROLES.hasOccupationCode)
            if (c, RDF.type, AIROLES.IscoGroup) in graph
        }
        assert codes == ({isco} if re.fullmatch(r"[0-9]{4}", isco) else set()), name
    assert documented == set(roles.values())
