"""The SSSOM mapping set ``mappings/airoles-esco.sssom.tsv``: airoles roles and skills mapped to ESCO v1.1.1.

Checks that the file is valid SSSOM (parsed and validated with the ``sssom`` package), that every role of
the knowledge base has a mapping, that every subject is an airoles role or skill carrying its English
prefLabel, and, against the ESCO v1.1.1 CSV download in ``../shared/data/esco-v1.1.1-download``, that every
object exists in the right ESCO file with ESCO's preferred label.

The ESCO download and the ``sssom`` package are needed: without them these tests skip locally, and fail when
the environment variable ``CI`` is set (a test that needs ``../shared`` must run in CI).
"""

from __future__ import annotations

import csv
import datetime
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

REPO = Path(__file__).parents[1]
SSSOM_FILE = REPO / "mappings" / "airoles-esco.sssom.tsv"
KB = REPO / "ontology" / "kb"
ESCO_DOWNLOAD = Path(__file__).parents[1].parent / "shared" / "data" / "esco-v1.1.1-download"

AIROLES = Namespace("https://w3id.org/airoles/")
SKILLS_SCHEME = URIRef("https://w3id.org/airoles/id/scheme/skills")

CURIE_MAP = {
    "role": "https://w3id.org/airoles/id/role/",
    "skill": "https://w3id.org/airoles/id/skill/",
    "esco-occupation": "http://data.europa.eu/esco/occupation/",
    "esco-skill": "http://data.europa.eu/esco/skill/",
    "esco-isco": "http://data.europa.eu/esco/isco/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
}
COLUMNS = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "comment",
]
SKOS_PREDICATES = {
    "skos:exactMatch",
    "skos:closeMatch",
    "skos:broadMatch",
    "skos:narrowMatch",
    "skos:relatedMatch",
}
# The ESCO files an object of each prefix must be found in.
OBJECT_FILES = {
    "esco-occupation": ("occupations_en.csv",),
    "esco-isco": ("ISCOGroups_en.csv",),
    "esco-skill": ("skills_en.csv", "skillGroups_en.csv"),
}
SUBJECT_OBJECT_PREFIXES = {"role": {"esco-occupation", "esco-isco"}, "skill": {"esco-skill"}}


def missing(reason: str) -> None:
    """Skip when run locally (CI unset); fail in CI, where ../shared and the test dependencies must exist."""
    if os.environ.get("CI") is None:
        pytest.skip(reason)
    pytest.fail(f"{reason} (CI is set: this test must run in CI)", pytrace=False)


def expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return CURIE_MAP[prefix] + local


# --- fixtures ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def header() -> dict:
    """The embedded YAML metadata block (the leading '#' lines)."""
    try:
        import yaml  # PyYAML, a dependency of sssom
    except ImportError as exc:
        missing(f"PyYAML is not installed ({exc})")
    lines = []
    with open(SSSOM_FILE, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line[1:])
    return yaml.safe_load("".join(lines))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    """The mapping rows as written (csv module, tab-separated, after the metadata block)."""
    with open(SSSOM_FILE, encoding="utf-8", newline="") as fh:
        body = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def msdf():
    """The mapping set as parsed by sssom-py."""
    try:
        from sssom.parsers import parse_sssom_table
    except ImportError as exc:
        missing(f"the sssom package is not installed ({exc})")
    return parse_sssom_table(SSSOM_FILE)


@pytest.fixture(scope="module")
def kb() -> Graph:
    """Roles and skills of the knowledge base."""
    graph = Graph()
    for name in ("roles.ttl", "skills.ttl"):
        graph.parse(KB / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def esco() -> dict[str, dict[str, tuple[str, str]]]:
    """ESCO concepts by file name: IRI -> (preferredLabel, code), read from the CSV download."""
    if not (ESCO_DOWNLOAD / "en" / "occupations_en.csv").is_file():
        missing(f"no ESCO v1.1.1 download in {ESCO_DOWNLOAD}")
    concepts: dict[str, dict[str, tuple[str, str]]] = {}
    for name in sorted({file for files in OBJECT_FILES.values() for file in files}):
        with open(ESCO_DOWNLOAD / "en" / name, newline="", encoding="utf-8") as fh:
            concepts[name] = {
                row["conceptUri"]: (row["preferredLabel"], row.get("code") or "")
                for row in csv.DictReader(fh)
            }
    return concepts


def english_pref_label(graph: Graph, iri: URIRef) -> str | None:
    labels = [str(o) for o in graph.objects(iri, SKOS.prefLabel) if getattr(o, "language", None) == "en"]
    return labels[0] if len(labels) == 1 else None


# --- the file is valid SSSOM --------------------------------------------------------------------------------


def test_sssom_validation(msdf) -> None:
    from sssom.validators import validate

    reports = validate(msdf, fail_on_error=False)
    problems = {
        str(kind): [r.message for r in report.results] for kind, report in reports.items() if report.results
    }
    assert not problems
    assert len(msdf.df) > 0


def test_slots_are_standard_sssom(msdf, header, rows) -> None:
    from sssom.constants import SSSOMSchemaView

    schema = SSSOMSchemaView()
    # sssom 0.4.21's strict parsing mode rejects every file (it inverts its own metadata check), so the two
    # things strict mode checks are checked here: standard slot names and no redefined built-in prefix.
    assert set(header) <= set(schema.mapping_set_slots)
    assert list(rows[0]) == COLUMNS
    assert set(COLUMNS) <= set(schema.mapping_slots)
    assert header["curie_map"] == CURIE_MAP
    for prefix, uri in CURIE_MAP.items():
        assert msdf.converter.expand(f"{prefix}:x") == uri + "x", prefix


def test_mapping_set_metadata(header) -> None:
    assert header["mapping_set_id"] == "https://w3id.org/airoles/mappings/airoles-esco.sssom.tsv"
    assert header["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert header["subject_source"] == "https://w3id.org/airoles/"
    assert header["object_source"] == "http://data.europa.eu/esco/"
    assert header["object_source_version"] == "v1.1.1"
    assert isinstance(header["mapping_set_version"], str) and header["mapping_set_version"]
    assert header["mapping_set_description"].strip()
    datetime.date.fromisoformat(str(header["mapping_date"]))


def test_rows_are_sorted_and_unique(rows) -> None:
    keys = [(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_predicates_justification_confidence_comment(rows) -> None:
    assert {r["predicate_id"] for r in rows} <= SKOS_PREDICATES
    assert {r["mapping_justification"] for r in rows} == {"semapv:ManualMappingCuration"}
    for r in rows:
        assert 0 < float(r["confidence"]) <= 1, r["subject_id"]
        assert r["comment"].strip(), r["subject_id"]


# --- subjects: the knowledge base --------------------------------------------------------------------------


def test_every_role_is_mapped(kb, rows) -> None:
    roles = set(kb.subjects(RDF.type, AIROLES.Role))
    assert roles
    mapped = {URIRef(expand(r["subject_id"])) for r in rows}
    assert sorted(roles - mapped) == []


def test_subjects_exist_with_their_english_pref_label(kb, rows) -> None:
    for r in rows:
        prefix = r["subject_id"].split(":", 1)[0]
        iri = URIRef(expand(r["subject_id"]))
        if prefix == "role":
            assert (iri, RDF.type, AIROLES.Role) in kb, r["subject_id"]
        else:
            assert prefix == "skill", r["subject_id"]
            assert (iri, SKOS.inScheme, SKILLS_SCHEME) in kb, r["subject_id"]
        assert r["subject_label"] == english_pref_label(kb, iri), r["subject_id"]


def test_no_two_subjects_share_an_exact_match_target(rows) -> None:
    """skos:exactMatch is transitive: two roles (or skills) kept distinct never share an exactMatch target."""
    subjects = defaultdict(set)
    for r in rows:
        if r["predicate_id"] == "skos:exactMatch":
            subjects[r["object_id"]].add(r["subject_id"])
    assert {o: s for o, s in subjects.items() if len(s) > 1} == {}


# --- objects: the ESCO v1.1.1 download ---------------------------------------------------------------------


def test_objects_exist_in_esco_with_its_preferred_label(esco, rows) -> None:
    for r in rows:
        subject_prefix = r["subject_id"].split(":", 1)[0]
        prefix = r["object_id"].split(":", 1)[0]
        assert prefix in SUBJECT_OBJECT_PREFIXES[subject_prefix], (r["subject_id"], r["object_id"])
        iri = expand(r["object_id"])
        found = [esco[name][iri] for name in OBJECT_FILES[prefix] if iri in esco[name]]
        assert found, f"{r['object_id']} is not in {OBJECT_FILES[prefix]}"
        assert r["object_label"] == found[0][0], r["object_id"]


def test_comments_name_the_esco_code_of_their_object(esco, rows) -> None:
    """An occupation's ESCO code, an ISCO group's code or a skill group's code is named in the comment."""
    for r in rows:
        prefix = r["object_id"].split(":", 1)[0]
        iri = expand(r["object_id"])
        codes = [esco[name][iri][1] for name in OBJECT_FILES[prefix] if iri in esco[name]]
        code = codes[0] if codes else ""
        if code:
            assert re.search(rf"(?<![\w.]){re.escape(code)}(?!\w|\.\d)", r["comment"]), (
                r["subject_id"],
                code,
            )


# --- the Turtle generated from the SSSOM file ------------------------------------------------------------


def _generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_alignments", REPO / "scripts" / "generate_alignments.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_kb_mappings_are_what_the_sssom_file_gives(msdf) -> None:
    """One source of truth: ontology/kb/esco-mappings.ttl is what the SSSOM file gives, byte for byte."""
    assert _generator().main(["--check"]) == 0


def test_every_sssom_row_is_a_triple_of_the_kb_with_its_note(rows) -> None:
    graph = Graph().parse(KB / "esco-mappings.ttl")
    for row in rows:
        subject, predicate, target = (
            URIRef(expand(row[k])) for k in ("subject_id", "predicate_id", "object_id")
        )
        assert (subject, predicate, target) in graph, row["subject_id"]
        notes = [str(n) for n in graph.objects(subject, SKOS.note)]
        assert any(n.startswith(f"{row['predicate_id']} ESCO '{row['object_label']}'") for n in notes)


def test_a_broken_mapping_file_is_refused_with_its_name(tmp_path, capsys, msdf) -> None:
    bad = tmp_path / "bad.sssom.tsv"
    text = SSSOM_FILE.read_text(encoding="utf-8")
    bad.write_text(text.replace("\tskos:exactMatch\t", "\towl:sameAs\t", 1), encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert _generator().main(["--sssom", str(bad), "--out", str(out)]) == 2
    assert "bad.sssom.tsv" in capsys.readouterr().err
    assert not out.exists()
