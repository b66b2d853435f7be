"""``airoles import-esco`` on ESCO's CSV download as ESCO distributes it.

The real download (``../shared/data/esco-v1.1.1-download``, fixture ``esco_download``: en and fr folders) is
imported once per module and read back with pyoxigraph: its figures must equal the files' (3,007 occupations,
13,896 skills, 123,855 occupation–skill links, French labels for every occupation). The small fixture
``tests/fixtures/esco/download`` (real ESCO rows, trimmed) holds what a download can throw at the importer:
relation files with and without language suffix, a UTF-8 byte order mark, malformed rows, a missing table
(digCompSkillsCollection) and a file that is no ESCO table.
"""

from __future__ import annotations

import csv
import gzip
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from airoles_kg.cli import main
from airoles_kg.esco import (
    COLLECTIONS,
    REUSE_LEVELS,
    SKILL_TYPES,
    TABLE_NAMES,
    ImportFailed,
    discover,
    import_esco,
)
from airoles_kg.esco import convert as convert_module
from airoles_kg.esco.ntriples import is_iri, literal

FIXTURE = Path(__file__).parent / "fixtures" / "esco" / "download"
ESCO = "http://data.europa.eu/esco/"
OCC = ESCO + "occupation/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PREFIXES = f"PREFIX skos: <{SKOS}> PREFIX esco: <{ESCO}model#> "
DATA_SCIENTIST = OCC + "258e46f9-0075-4a2e-adae-1ff0477e0f30"
COMPUTER_VISION_ENGINEER = OCC + "1c5a45b9-440e-4726-b565-16a952abd341"  # only in the fixture's fr folder
PYTHON = ESCO + "skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
HASKELL = ESCO + "skill/000f1d3d-220f-4789-9c0a-cc742521fb02"
FIXTURE_ABSENT = "digcomp_skills"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def store_of(path: Path) -> ox.Store:
    store = ox.Store()
    if path.name.endswith(".gz"):
        store.load(gzip.decompress(path.read_bytes()), format=ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return store


def count(store: ox.Store, where: str) -> int:
    """``SELECT (COUNT(*) ...) WHERE { where }`` on ``store``."""
    solutions = store.query(f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(solutions))["n"].value)


def values(store: ox.Store, subject: str, predicate: str) -> set[str]:
    return {
        q.object.value
        if not isinstance(q.object, ox.Literal) or not q.object.language
        else f"{q.object.value}@{q.object.language}"
        for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    }


def summary(out: str) -> dict[str, list[str]]:
    """The per-table lines of ``airoles import-esco``'s output: table name -> its other words."""
    rows = [line.split() for line in out.splitlines() if line.split()[:1] and line.split()[0] in TABLE_NAMES]
    return {row[0]: row[1:] for row in rows}


# --- the real download, en + fr --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared(tmp_path_factory, esco_download):
    """ESCO v1.1.1's en and fr folders imported once: (the output file, the report, a store of it)."""
    out = tmp_path_factory.mktemp("esco-download") / "esco.nt"
    report = import_esco([esco_download / "en", esco_download / "fr"], out)
    return out, report, store_of(out)


def test_figures_equal_the_files(shared, esco_download):
    _, report, store = shared
    en = esco_download / "en"
    occupations = read_csv(en / "occupations_en.csv")
    skills = read_csv(en / "skills_en.csv")
    links = read_csv(en / "occupationSkillRelations.csv")
    assert len(occupations) == 3007 and len(skills) == 13896 and len(links) == 123855
    assert report.problems == []
    assert report.languages == ["en", "fr"] and report.layouts == ["esco"]
    assert {name: t.written for name, t in report.tables.items()} == {
        "isco_groups": 619,
        "occupations": 3007,
        "skill_groups": 640,
        "skills": 13896,
        "skill_group_levels": 647,
        "occupation_hierarchy": 3617,
        "skill_hierarchy": 20656,
        "skill_relations": 5899,
        "occupation_skill_relations": 123855,
        "digital_skills": 1201,
        "digcomp_skills": 26,
        "green_skills": 570,
        "language_skills": 346,
        "research_skills": 40,
        "research_occupations": 122,
        "transversal_skills": 96,
    }
    # Rows read: both languages' files (the fr folder repeats the occupation hierarchy, with a suffix).
    assert report.tables["occupations"].rows == 2 * 3007
    assert report.tables["occupation_hierarchy"].rows == 2 * len(
        read_csv(en / "broaderRelationsOccPillar.csv")
    )
    assert report.tables["occupation_hierarchy"].files[1].endswith("fr/broaderRelationsOccPillar_fr.csv")
    # Read back from the file written.
    both = "?o skos:prefLabel ?en, ?fr . FILTER(lang(?en) = 'en' && lang(?fr) = 'fr')"
    assert count(store, f"SELECT DISTINCT ?o WHERE {{ ?o skos:broaderTransitive ?g . {both} }}") == 3007
    assert count(store, f"?s skos:inScheme <{ESCO}concept-scheme/member-skills>") == len(skills)
    essential = count(store, "?o esco:hasEssentialSkill ?s . FILTER(STRSTARTS(STR(?o), '" + OCC + "'))")
    optional = count(store, "?o esco:hasOptionalSkill ?s . FILTER(STRSTARTS(STR(?o), '" + OCC + "'))")
    assert essential + optional == 123855
    assert Counter(r["relationType"] for r in links) == {"essential": essential, "optional": optional}
    assert len(store) == report.triples


def test_the_one_occupation_esco_links_but_does_not_list_is_kept_and_noted(shared):
    _, report, store = shared
    # v1.1.1's relation files name one occupation that occupations_en.csv lacks: its links are ESCO's, kept.
    ghost = OCC + "a9e54177-a185-404d-b6e6-15663d31137e"
    assert any(n.startswith("occupation_skill_relations: 67 row(s)") and ghost in n for n in report.notes)
    assert count(store, f"<{ghost}> esco:hasEssentialSkill|esco:hasOptionalSkill ?s") == 67
    assert count(store, f"<{ghost}> a skos:Concept") == 0  # not declared a concept: it has no label


def test_french_labels_merge_with_english_ones(shared, esco_download):
    _, _, store = shared
    assert values(store, DATA_SCIENTIST, SKOS + "prefLabel") == {
        "data scientist@en",
        "scientifique des données@fr",
    }
    french = {r["conceptUri"]: r["preferredLabel"] for r in read_csv(esco_download / "fr/occupations_fr.csv")}
    assert len(french) == 3007
    assert count(store, "?o skos:broaderTransitive ?g ; skos:prefLabel ?l . FILTER(lang(?l) = 'fr')") == 3007
    assert f"{french[DATA_SCIENTIST]}@fr" in values(store, DATA_SCIENTIST, SKOS + "prefLabel")
    # ISCO-08 groups and skill groups from their fr files; skills from the fr collection files only.
    assert "Analystes de systèmes@fr" in values(store, ESCO + "isco/C2511", SKOS + "prefLabel")
    assert values(store, HASKELL, SKOS + "prefLabel") == {"Haskell@en", "Haskell@fr"}
    fr_skills = {
        r["conceptUri"]
        for f in ("digital", "transversal")
        for r in read_csv(esco_download / f"fr/{f}SkillsCollection_fr.csv")
    }
    member_skills = f"<{ESCO}concept-scheme/member-skills>"
    french_skills = f"?s skos:inScheme {member_skills} ; skos:prefLabel ?l . FILTER(lang(?l) = 'fr')"
    assert count(store, french_skills) == len(fr_skills) == 1290
    # One preferred label per language, disjoint from the alternative ones (SKOS; the shapes check it too).
    assert count(store, "?c skos:prefLabel ?a, ?b . FILTER(?a != ?b && lang(?a) = lang(?b))") == 0
    assert count(store, "?c skos:prefLabel ?a ; skos:altLabel ?a") == 0
    assert count(store, "?c a skos:Concept FILTER NOT EXISTS { ?c skos:prefLabel ?l }") == 0


def test_skill_types_and_reuse_levels_are_escos_concepts(shared, esco_download):
    _, _, store = shared
    skills = read_csv(esco_download / "en/skills_en.csv")
    for column, predicate, iris in (
        ("skillType", "skillType", SKILL_TYPES),
        ("reuseLevel", "skillReuseLevel", REUSE_LEVELS),
    ):
        expected = Counter(iris[r[column]] for r in skills if r[column])
        found = {
            s["t"].value: int(s["n"].value)
            for s in store.query(
                f"{PREFIXES} SELECT ?t (COUNT(?s) AS ?n) WHERE {{ ?s esco:{predicate} ?t }} GROUP BY ?t"
            )
        }
        assert found == expected and len(found) >= 2
    assert SKILL_TYPES["skill/competence"] == ESCO + "skill-type/skill"
    assert REUSE_LEVELS["sector-specific"] == ESCO + "skill-reuse-level/sector-specific"
    python = values(store, PYTHON, ESCO + "model#skillType")
    assert python == {ESCO + "skill-type/knowledge"}


def test_collections_are_escos_with_every_member_of_their_file(shared, esco_download):
    _, _, store = shared
    files = {
        "digitalSkillsCollection": "6c930acd-c104-4ece-acf7-f44fd7333036",
        "digCompSkillsCollection": "digcomp",
        "greenSkillsCollection": "green",
        "languageSkillsCollection": "skill-language-groups",
        "researchSkillsCollection": "research",
        "researchOccupationsCollection": "8ae4b9f3-507e-4057-a145-2f96f0132613",
        "transversalSkillsCollection": "skill-transversal-groups",
    }
    assert {ESCO + "concept-scheme/" + iri for iri in files.values()} == set(COLLECTIONS)
    for stem, iri in files.items():
        collection = ESCO + "concept-scheme/" + iri
        members = values(store, collection, SKOS + "member")
        listed = {r["conceptUri"] for r in read_csv(esco_download / f"en/{stem}_en.csv")}
        assert listed and listed <= members, stem
        assert count(store, f"<{collection}> a skos:Collection") == 1
        # SKOS keeps collections and concept schemes apart: no concept is "in" a collection's IRI.
        assert count(store, f"?c skos:inScheme <{collection}>") == 0
        assert count(store, f"<{collection}> a skos:ConceptScheme") == 0
    assert count(store, "?c skos:inScheme ?s FILTER NOT EXISTS { ?s a skos:ConceptScheme }") == 0


def test_hierarchies_and_skill_relations(shared, esco_download):
    _, _, store = shared
    broader = {
        (r["conceptUri"], r["broaderUri"])
        for r in read_csv(esco_download / "en/broaderRelationsOccPillar.csv")
    }
    broader |= {
        (r["conceptUri"], r["broaderUri"])
        for r in read_csv(esco_download / "en/broaderRelationsSkillPillar.csv")
    }
    assert count(store, "?a skos:broader ?b") == len(broader)
    relations = read_csv(esco_download / "en/skillSkillRelations.csv")
    assert count(
        store,
        "?a esco:hasEssentialSkill|esco:hasOptionalSkill ?b . FILTER(STRSTARTS(STR(?a), '"
        + ESCO
        + "skill/'))",
    ) == len(relations)
    # skillsHierarchy gives the seven groups skillGroups_en.csv lacks their labels and codes.
    s68 = ESCO + "skill/1e924921-b7ff-4326-a698-c8275bbcf60d"
    assert values(store, s68, SKOS + "notation") == {"S6.8"}
    assert "positioning materials, tools or equipment@en" in values(store, s68, SKOS + "prefLabel")


@pytest.mark.slow
def test_import_is_byte_identical_and_gzip_too(shared, esco_download, tmp_path):
    out, report, _ = shared
    again = tmp_path / "esco.nt.gz"
    import_esco([esco_download / "fr", esco_download / "en"], again)  # the order of the paths does not matter
    assert gzip.decompress(again.read_bytes()) == out.read_bytes()
    data = again.read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip time stamp: none
    import_esco([esco_download / "en", esco_download / "fr"], again)
    assert again.read_bytes() == data


@pytest.mark.slow
def test_compact_leaves_out_the_long_texts_and_only_them(shared, esco_download, tmp_path):
    out, _, store = shared
    compact = tmp_path / "compact.nt"
    code = main(
        ["import-esco", str(esco_download / "en"), str(esco_download / "fr"), "--compact", "-o", str(compact)]
    )
    assert code == 0
    left_out = tuple(f"<{SKOS}{name}>" for name in ("definition", "scopeNote", "hiddenLabel"))
    full = out.read_text(encoding="utf-8").splitlines()

    def kept_line(line: str) -> bool:  # an occupation's description stays (role cards and exports show it)
        subject, predicate, _ = line.split(" ", 2)
        occupation = subject.startswith("<http://data.europa.eu/esco/occupation/")
        return predicate not in left_out or (predicate == f"<{SKOS}definition>" and occupation)

    kept = [line for line in full if kept_line(line)]
    assert compact.read_text(encoding="utf-8").splitlines() == kept
    dropped = count(store, "?s skos:definition|skos:scopeNote|skos:hiddenLabel ?o") - count(
        store, "?s skos:definition ?o FILTER(STRSTARTS(STR(?s), 'http://data.europa.eu/esco/occupation/'))"
    )
    assert 0 < len(full) - len(kept) == dropped


@pytest.mark.slow
def test_a_zip_of_the_en_folder_gives_what_the_folder_gives(esco_download, tmp_path):
    archive = tmp_path / "esco-en.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((esco_download / "en").iterdir()):
            zf.write(path, f"en/{path.name}")
    from_zip, from_folder = tmp_path / "zip.nt", tmp_path / "folder.nt"
    report = import_esco(archive, from_zip)
    import_esco(esco_download / "en", from_folder)
    assert report.languages == ["en"] and report.tables["skills"].written == 13896
    assert report.tables["occupations"].files == [f"{archive}/en/occupations_en.csv"]
    assert from_zip.read_bytes() == from_folder.read_bytes()


def test_the_parent_folder_is_read_like_its_language_folders(esco_download):
    found = discover([esco_download])
    assert found.languages() == ["en", "fr"]
    assert found.ignored == [f"{esco_download}/ABOUT.md (not an ESCO table)"]
    hierarchy = [
        (Path(f.display).name, f.language) for f in found.files if f.table.name == "occupation_hierarchy"
    ]
    assert hierarchy == [("broaderRelationsOccPillar.csv", None), ("broaderRelationsOccPillar_fr.csv", "fr")]


def test_the_tabiya_layout_needs_its_missing_tables_allowed(esco_tabiya, capsys, tmp_path):
    out = tmp_path / "esco.nt"
    assert main(["import-esco", str(esco_tabiya), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        "missing table(s): skills (skills.csv); occupation_skill_relations (occupation_skill_relations.csv)"
        in err
    )
    assert not out.exists()
    code = main(
        [
            "import-esco",
            str(esco_tabiya),
            "-o",
            str(out),
            "--allow-missing",
            "skills",
            "--allow-missing",
            "occupation_skill_relations",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert summary(captured.out)["occupations"] == ["3,007", "3,007", "concepts", "0"]
    assert summary(captured.out)["skills"] == ["-", "missing", "(allowed)", "-"]
    assert "ignored: " in captured.out and "ABOUT.md (not an ESCO table)" in captured.out


# --- the small fixture: both naming schemes, a BOM, bad rows, a missing table, a stray file --------------


@pytest.fixture(scope="module")
def fixture_import(tmp_path_factory):
    out = tmp_path_factory.mktemp("esco-fixture") / "esco.nt"
    report = import_esco(FIXTURE, out, allow_missing=[FIXTURE_ABSENT])
    return out, report, store_of(out)


def test_fixture_reads_suffixed_and_unsuffixed_relation_files():
    found = discover([FIXTURE])
    names = sorted(
        Path(f.display).relative_to(FIXTURE).as_posix()
        for f in found.files
        if f.table.name == "occupation_hierarchy"
    )
    assert names == ["en/broaderRelationsOccPillar.csv", "fr/broaderRelationsOccPillar_fr.csv"]
    assert found.ignored == [f"{FIXTURE}/en/notes.txt (not an ESCO table)"]
    assert not any(f.table.name == FIXTURE_ABSENT for f in found.files)


def test_fixture_import_reports_each_bad_row_and_keeps_the_rest(fixture_import):
    _, report, store = fixture_import
    assert [str(p).removeprefix(f"{FIXTURE}/") for p in report.problems] == [
        "en/occupations_en.csv:46: expected 14 fields (as the header), found 15",
        "en/occupationSkillRelations.csv:18: unknown relation type 'sometimes' in column relationType "
        "(expected essential or optional)",
    ]
    assert report.tables[FIXTURE_ABSENT].missing and report.tables[FIXTURE_ABSENT].allowed
    # The BOM before occupations_en.csv's header is no part of its first column: the file was read.
    first = read_csv(FIXTURE / "en/occupations_en.csv")[0]
    assert (FIXTURE / "en/occupations_en.csv").read_bytes().startswith(b"\xef\xbb\xbfconceptType,")
    assert f"{first['preferredLabel']}@en" in values(store, first["conceptUri"], SKOS + "prefLabel")
    # Merged languages; a concept only in the fr files is kept with its French label only.
    assert values(store, DATA_SCIENTIST, SKOS + "prefLabel") == {
        "data scientist@en",
        "scientifique des données@fr",
    }
    assert values(store, COMPUTER_VISION_ENGINEER, SKOS + "prefLabel") == {
        "ingénieur en vision par ordinateur/ingénieure en vision par ordinateur@fr"
    }
    assert values(store, PYTHON, SKOS + "prefLabel") == {
        "Python (computer programming)@en",
        "Python (programmation informatique)@fr",  # from the fr digital skills collection
    }
    assert count(store, f"<{DATA_SCIENTIST}> esco:hasEssentialSkill|esco:hasOptionalSkill ?s") == 5


def test_cli_on_the_fixture_missing_table_and_stray_file(tmp_path, capsys):
    out = tmp_path / "esco.nt"
    out.write_text("previous import\n", encoding="utf-8")
    assert main(["import-esco", str(FIXTURE), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert (
        f"airoles: error: {FIXTURE}: missing table(s): digcomp_skills (digCompSkillsCollection_<lang>.csv); "
        "nothing written (to import without, add --allow-missing digcomp_skills)"
    ) in captured.err
    assert f"ignored: {FIXTURE}/en/notes.txt (not an ESCO table)" in captured.out
    assert out.read_text(encoding="utf-8") == "previous import\n"

    assert main(["import-esco", str(FIXTURE), "-o", str(out), "--allow-missing", FIXTURE_ABSENT]) == 1
    captured = capsys.readouterr()
    table = summary(captured.out)
    assert table[FIXTURE_ABSENT] == ["-", "missing", "(allowed)", "-"]
    assert table["occupations"] == ["12", "6", "concepts", "1"]
    assert table["occupation_skill_relations"] == ["17", "16", "links", "1"]
    assert (
        f"  {FIXTURE}/en/occupations_en.csv:46: expected 14 fields (as the header), found 15" in captured.err
    )
    assert "airoles: 2 row(s) rejected (listed above); the rest was imported" in captured.err
    assert out.read_text(encoding="utf-8").startswith("<http://data.europa.eu/esco/")


def test_a_table_whose_every_row_fails_is_an_error_with_its_reasons(tmp_path, capsys):
    download = tmp_path / "download"
    shutil.copytree(FIXTURE, download)
    relations = download / "en" / "occupationSkillRelations.csv"
    header, *rows = relations.read_text(encoding="utf-8").splitlines()
    relations.write_text(
        "\n".join(
            [header, *(r.replace(",essential,", ",vital,").replace(",optional,", ",vital,") for r in rows)]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "esco.nt"
    assert main(["import-esco", str(download), "-o", str(out), "--allow-missing", FIXTURE_ABSENT]) == 2
    err = capsys.readouterr().err
    assert "occupation_skill_relations: 17 row(s) rejected:" in err
    assert f"{relations}:2: unknown relation type 'vital' in column relationType" in err
    assert (
        "airoles: error: every row of occupation_skill_relations (17 rows, " in err
        and "nothing written" in err
    )
    assert "Traceback" not in err and not out.exists()
    # Allowed, the rest is written and the exit status says rows were rejected.
    args = ["import-esco", str(download), "-o", str(out), "--allow-missing", FIXTURE_ABSENT]
    assert main([*args, "--allow-missing", "occupation_skill_relations"]) == 1
    assert out.is_file()


def test_many_rejected_rows_are_listed_then_counted(tmp_path, capsys):
    download = tmp_path / "download"
    shutil.copytree(FIXTURE, download)
    relations = download / "en" / "occupationSkillRelations.csv"
    bad = "".join(
        f"{OCC}x{i},essential,knowledge,{PYTHON}\n".replace(f"{OCC}x{i}", f"not a uri {i}") for i in range(30)
    )
    relations.write_text(relations.read_text(encoding="utf-8") + bad, encoding="utf-8")
    assert (
        main(["import-esco", str(download), "-o", str(tmp_path / "o.nt"), "--allow-missing", FIXTURE_ABSENT])
        == 1
    )
    err = capsys.readouterr().err
    assert "occupation_skill_relations: 31 row(s) rejected:" in err
    assert err.count("invalid URI 'not a uri") == 19  # 20 listed, the first being the 'sometimes' row
    assert "  ... and 11 more" in err


def test_interrupted_import_leaves_the_previous_output(tmp_path, capsys, monkeypatch):
    out = tmp_path / "esco.nt"
    out.write_text("previous import\n", encoding="utf-8")

    def interrupt(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(convert_module.Converter, "_finish", interrupt)
    assert main(["import-esco", str(FIXTURE), "-o", str(out), "--allow-missing", FIXTURE_ABSENT]) == 130
    assert out.read_text(encoding="utf-8") == "previous import\n"
    assert [p.name for p in tmp_path.iterdir()] == ["esco.nt"]  # no temporary file left


def test_language_filter_and_help(capsys, tmp_path):
    # Only the French label files: the tables only English files hold are missing, and named.
    with pytest.raises(ImportFailed, match=r"missing table\(s\): skills \(skills_<lang>\.csv\); "):
        import_esco(FIXTURE, tmp_path / "fr.nt", language="fr")
    found = discover([FIXTURE], ["fr"])
    assert found.languages() == ["fr"]
    assert f"{FIXTURE}/en/skills_en.csv (language en not asked for)" in found.ignored
    # Language-independent files are read whatever the language.
    assert any(f.display.endswith("en/occupationSkillRelations.csv") for f in found.files)
    assert main(["import-esco", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert all(name in text for name in TABLE_NAMES)
    assert "-o FILE, --output FILE" in text and "--out FILE" not in text


def test_literals_and_iris_are_written_as_n_triples_reads_them():
    text = "".join(chr(c) for c in range(0x20)) + '\x7f"\\ é 漢 🙂'
    line = f"<http://a.example/s> <http://a.example/p> {literal(text, 'fr')} .\n"
    (triple,) = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(triple.object, ox.Literal)
    assert (triple.object.value, triple.object.language) == (text, "fr")
    assert literal("a\tb") == '"a\\tb"'  # canonical ECHAR, not \u0009
    assert is_iri(PYTHON)
    assert not any(is_iri(v) for v in ("http://x.example/a b", "skill/x", "http://x.example/<y>", ""))


def test_fixture_import_beside_our_graph_conforms_to_the_shapes(fixture_import):
    from rdflib import Graph

    from airoles_kg.core.loader import load_graph
    from airoles_kg.shacl import validate_graph

    out, _, _ = fixture_import
    merged = Graph()
    merged += load_graph()
    merged.parse(out, format="nt")
    report = validate_graph(merged)
    assert [r.message() for r in report.results if r.severity == "Violation"] == []
    # ESCO's concepts, schemes and collections add no result (warnings included): the shapes leave ESCO be.
    assert [r.focus_node for r in report.results if str(r.focus_node).startswith(ESCO)] == []
