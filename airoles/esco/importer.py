"""ESCO beside airoles: import an ESCO CSV download as SKOS, and read the ESCO and ISCO-08 matches of a role.

:func:`import_esco` reads a directory holding an ESCO download and writes it, as SKOS, to one N-Triples file
(default :func:`default_output`, ``<data dir>/external/esco.nt``, which the reading commands —
``airoles query``, ``serve``, ``next``, the explorer's SPARQL page — load beside the project graph; ``build``,
``reason`` and ``validate`` do not). :func:`esco_matches` reads a role's matches, and
:func:`graph_with_external` gives it our graph with the import. Two layouts are read, told apart by their file
names:

* **tabiya** — the layout of the tabiya open dataset (the ESCO v1.1.1 extract in
  ``../shared/data/esco-v1.1.1`` and its ``CSV_Format_Documentation.md``): upper-case columns, rows keyed by a
  dataset-local ``ID`` that the hierarchy and relation files refer to. File names as in the extract or as
  tabiya's documentation spells them (``ISCOGroups.csv`` or ``isco_groups.csv``, ``occupations_hierarchy.csv``
  or ``occupation_hierarchy.csv``, ...); ``skills.csv`` and ``occupation(_to)_skill_relations.csv`` when
  present.
* **esco** — ESCO's own CSV download (one language): ``<name>_<lang>.csv`` files with camelCase columns,
  rows keyed by concept URI. The column names are those public descriptions of the download give, e.g.
  victoriano/future-of-work-data ``data/duckdb/esco_dataset_1.2.0_schema.md`` and egesualp/skills4cpp
  ``docs/esco_dataset_map.md``: ``occupations_en.csv`` (conceptUri, iscoGroup, preferredLabel, altLabels,
  hiddenLabels, scopeNote, definition, inScheme, description, code), ``ISCOGroups_en.csv`` (conceptUri, code,
  preferredLabel, altLabels, inScheme, description), ``broaderRelationsOccPillar_en.csv`` (conceptUri,
  broaderUri), ``skillGroups_en.csv`` and ``skills_en.csv`` (conceptUri, preferredLabel, altLabels, ...),
  ``broaderRelationsSkillPillar_en.csv``, ``skillSkillRelations_en.csv`` (originalSkillUri, relationType,
  relatedSkillUri) and ``occupationSkillRelations_en.csv`` (occupationUri, relationType, skillUri).

Columns are read by name (extra or reordered columns are fine). The SKOS written: every occupation, ISCO-08
group, skill group and skill is a ``skos:Concept`` with ``skos:prefLabel``/``altLabel``/``hiddenLabel`` in the
download's language, ``skos:notation`` (its code), ``skos:definition`` (ESCO's description and definition) and
``skos:scopeNote``; occupations and ISCO groups are ``skos:inScheme`` ESCO's occupation and ISCO schemes; the
hierarchies are ``skos:broader``; each occupation also gets ``skos:broaderTransitive`` to its ISCO-08 unit
group (so a query reaches the unit group in one step, whatever the depth of the occupation); skill relations
are ESCO model's ``esco:hasEssentialSkill`` / ``esco:hasOptionalSkill``.

A malformed row (wrong number of fields, missing or invalid URI, missing label, bad ISCO-08 code, dangling
reference, undecodable bytes) is reported as a :class:`Problem` naming the file and line, and skipped; the
rest is imported. Missing required columns, or no occupations file at all, raise :class:`AirolesError`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.store import Store

from airoles.core.atomic import atomic_write_bytes
from airoles.core.errors import AirolesError

ESCO_BASE = "http://data.europa.eu/esco/"
ESCO_MODEL = "http://data.europa.eu/esco/model#"
ISCO_BASE = f"{ESCO_BASE}isco/C"
# ESCO's concept schemes of occupations and of ISCO-08 groups (the inScheme values of ESCO's own download);
# used for the tabiya layout, whose files do not carry the schemes.
OCCUPATION_SCHEME = f"{ESCO_BASE}concept-scheme/occupations"
ISCO_SCHEME = f"{ESCO_BASE}concept-scheme/isco"
SCHEME_LABELS = {OCCUPATION_SCHEME: "ESCO occupations", ISCO_SCHEME: "ISCO-08"}

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_P = {
    name: ox.NamedNode(_SKOS + name)
    for name in (
        "Concept",
        "ConceptScheme",
        "prefLabel",
        "altLabel",
        "hiddenLabel",
        "notation",
        "definition",
        "scopeNote",
        "inScheme",
        "broader",
        "broaderTransitive",
    )
}
_RELATIONS = {
    "essential": ox.NamedNode(ESCO_MODEL + "hasEssentialSkill"),
    "optional": ox.NamedNode(ESCO_MODEL + "hasOptionalSkill"),
}

UNIT_GROUP_RE = re.compile(r"[0-9]{4}")
ISCO_CODE_RE = re.compile(r"[0-9]{1,4}")
MAX_LISTED_PROBLEMS = 200  # the CLI lists this many problems, then only counts the rest


# ---------------------------------------------------------------------------------------------------------
# The two layouts
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One kind of file: its names in each layout and the columns read (logical name -> column name)."""

    key: str
    tabiya_names: tuple[str, ...]
    esco_stem: str
    tabiya_columns: dict[str, str]
    esco_columns: dict[str, str]
    required: tuple[str, ...]  # logical names that must be in the header (for the layout in use)

    def columns(self, layout: str) -> dict[str, str]:
        return self.tabiya_columns if layout == "tabiya" else self.esco_columns


_CONCEPT_T = {
    "uri": "ORIGINURI",
    "id": "ID",
    "label": "PREFERREDLABEL",
    "alt": "ALTLABELS",
    "description": "DESCRIPTION",
}
_CONCEPT_E = {
    "uri": "conceptUri",
    "label": "preferredLabel",
    "alt": "altLabels",
    "hidden": "hiddenLabels",
    "description": "description",
    "schemes": "inScheme",
}
_HIERARCHY_T = {
    "parent_type": "PARENTOBJECTTYPE",
    "parent": "PARENTID",
    "child": "CHILDID",
    "child_type": "CHILDOBJECTTYPE",
}
_BROADER_E = {"child": "conceptUri", "parent": "broaderUri"}

TABLES: tuple[Table, ...] = (
    Table(
        "isco_groups",
        ("ISCOGroups.csv", "isco_groups.csv"),
        "ISCOGroups",
        {**_CONCEPT_T, "code": "CODE"},
        {**_CONCEPT_E, "code": "code"},
        ("uri", "code", "label"),
    ),
    Table(
        "occupations",
        ("occupations.csv",),
        "occupations",
        {
            **_CONCEPT_T,
            "isco": "ISCOGROUPCODE",
            "code": "CODE",
            "definition": "DEFINITION",
            "scope": "SCOPENOTE",
        },
        {**_CONCEPT_E, "isco": "iscoGroup", "code": "code", "definition": "definition", "scope": "scopeNote"},
        ("uri", "isco", "label"),
    ),
    Table(
        "skill_groups",
        ("skillGroups.csv", "skill_groups.csv"),
        "skillGroups",
        {**_CONCEPT_T, "code": "CODE", "scope": "SCOPENOTE"},
        {**_CONCEPT_E, "code": "code", "scope": "scopeNote"},
        ("uri", "label"),
    ),
    Table(
        "skills",
        ("skills.csv",),
        "skills",
        {**_CONCEPT_T, "definition": "DEFINITION", "scope": "SCOPENOTE"},
        {**_CONCEPT_E, "definition": "definition", "scope": "scopeNote"},
        ("uri", "label"),
    ),
    Table(
        "occupation_hierarchy",
        ("occupations_hierarchy.csv", "occupation_hierarchy.csv"),
        "broaderRelationsOccPillar",
        _HIERARCHY_T,
        _BROADER_E,
        ("parent", "child"),
    ),
    Table(
        "skill_hierarchy",
        ("skills_hierarchy.csv", "skill_hierarchy.csv"),
        "broaderRelationsSkillPillar",
        _HIERARCHY_T,
        _BROADER_E,
        ("parent", "child"),
    ),
    Table(
        "skill_relations",
        ("skill_skill_relations.csv", "skill_to_skill_relations.csv"),
        "skillSkillRelations",
        {"source": "REQUIRINGID", "relation": "RELATIONTYPE", "target": "REQUIREDID"},
        {"source": "originalSkillUri", "relation": "relationType", "target": "relatedSkillUri"},
        ("source", "relation", "target"),
    ),
    Table(
        "occupation_skill_relations",
        ("occupation_skill_relations.csv", "occupation_to_skill_relations.csv"),
        "occupationSkillRelations",
        {"source": "OCCUPATIONID", "relation": "RELATIONTYPE", "target": "SKILLID"},
        {"source": "occupationUri", "relation": "relationType", "target": "skillUri"},
        ("source", "relation", "target"),
    ),
)
TABLES_BY_KEY = {t.key: t for t in TABLES}
# In the tabiya layout, the 'ID' column is required too (the other files refer to it).
_TABIYA_ENTITY_TABLES = ("isco_groups", "occupations", "skill_groups", "skills")
_ESCO_FILE_RE = re.compile(r"^occupations_(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\.csv$")


@dataclass(frozen=True)
class Download:
    """A directory recognised as an ESCO download: layout, label language, files (table key -> path)."""

    directory: Path
    layout: str  # "tabiya" | "esco"
    language: str
    files: dict[str, Path]


def default_output() -> Path:
    """Where an import goes by default: ``esco.nt`` in the user's external graphs
    (:func:`airoles.core.loader.external_dir`), which the reading commands load."""
    from airoles.core.loader import external_dir

    return external_dir() / "esco.nt"


def detect_download(directory: str | os.PathLike[str], language: str | None = None) -> Download:
    """Recognise the layout of ``directory`` from its file names (case-insensitive).

    ``occupations.csv`` means the tabiya layout (labels in ``language``, default English);
    ``occupations_<lang>.csv`` means ESCO's own download, whose language is the file suffix (``language``
    picks one when there are several).
    Raises AirolesError when the directory is missing or holds no occupations file.
    """
    root = Path(directory)
    if not root.is_dir():
        raise AirolesError(f"{root}: no such directory (expected an ESCO CSV download)")
    by_name = {p.name.lower(): p for p in root.iterdir() if p.is_file()}
    if "occupations.csv" in by_name:
        files = {}
        for table in TABLES:
            for name in table.tabiya_names:
                if name.lower() in by_name:
                    files[table.key] = by_name[name.lower()]
                    break
        return Download(root, "tabiya", language or "en", files)
    languages = sorted({m["lang"] for p in by_name.values() if (m := _ESCO_FILE_RE.match(p.name))})
    if not languages:
        raise AirolesError(
            f"{root}: no occupations file: expected occupations.csv (tabiya layout) or "
            "occupations_<lang>.csv "
            "(ESCO's CSV download)"
        )
    if language is None:
        if len(languages) > 1:
            raise AirolesError(
                f"{root}: the download has several languages ({', '.join(languages)}): "
                "choose one with --language"
            )
        language = languages[0]
    elif language.lower() not in {lang.lower() for lang in languages}:
        raise AirolesError(f"{root}: no occupations_{language}.csv (languages found: {', '.join(languages)})")
    files = {}
    for table in TABLES:
        path = by_name.get(f"{table.esco_stem}_{language}.csv".lower())
        if path is not None:
            files[table.key] = path
    return Download(root, "esco", language, files)


# ---------------------------------------------------------------------------------------------------------
# Reading CSV rows with their line numbers
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A row that was skipped (or a file that could not be read to its end), and why."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Row:
    """One CSV record: the logical fields of its table, and the line it starts on."""

    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


def _bad_utf8_lines(data: bytes) -> set[int]:
    try:
        data.decode("utf-8")
        return set()
    except UnicodeDecodeError:
        pass
    bad = set()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
    return bad


def read_rows(path: Path, table: Table, layout: str, problems: list[Problem]) -> Iterator[Row]:
    """The records of ``path`` as :class:`Row`\\ s; malformed records go to ``problems`` and are skipped.

    Raises AirolesError when the header lacks a required column (the file is not of the expected layout).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AirolesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    bad_lines = _bad_utf8_lines(data)
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = table.columns(layout)
    required = list(table.required) + (
        ["id"] if layout == "tabiya" and table.key in _TABIYA_ENTITY_TABLES else []
    )
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise AirolesError(f"{path}: empty file (expected a CSV header)") from None
    except csv.Error as exc:
        raise AirolesError(f"{path}:1: unreadable CSV header: {exc}") from exc
    missing = [columns[name] for name in required if columns[name] not in header]
    if missing:
        raise AirolesError(
            f"{path}:1: missing column(s) {', '.join(missing)} for the {layout} layout "
            f"(header: {', '.join(header) or 'empty'})"
        )
    index = {name: header.index(column) for name, column in columns.items() if column in header}
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(
                Problem(path, reader.line_num, f"unreadable CSV, rest of the file skipped: {exc}")
            )
            return
        end = previous_end = reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # blank line
        if bad_lines and any(line in bad_lines for line in range(start, end + 1)):
            problems.append(Problem(path, start, "not valid UTF-8"))
            continue
        if len(record) != len(header):
            problems.append(
                Problem(path, start, f"expected {len(header)} fields (as the header), found {len(record)}")
            )
            continue
        yield Row(start, {name: record[i] for name, i in index.items()})


# ---------------------------------------------------------------------------------------------------------
# Conversion to SKOS
# ---------------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import read and wrote."""

    directory: Path
    layout: str
    language: str
    files: dict[str, Path]
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    triples: int = 0
    output: Path | None = None


class _Converter:
    """Turns the rows of a download into a set of triples (a set: a row repeated adds nothing)."""

    def __init__(self, download: Download) -> None:
        self.d = download
        self.triples: set[ox.Triple] = set()
        self.report = ImportReport(
            download.directory, download.layout, download.language, dict(download.files)
        )
        self.ids: dict[str, ox.NamedNode] = {}  # tabiya: dataset ID -> URI
        self.kinds: dict[ox.NamedNode, str] = {}  # imported concept -> table key
        self.isco_by_code: dict[str, ox.NamedNode] = {}
        self.schemes: set[str] = set()

    # -- helpers -----------------------------------------------------------------------------------------

    def problem(self, path: Path, line: int, message: str) -> None:
        self.report.problems.append(Problem(path, line, message))

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.add(ox.Triple(s, p, o))

    def text(self, value: str) -> ox.Literal:
        return ox.Literal(value, language=self.d.language)

    @staticmethod
    def iri(value: str) -> ox.NamedNode | None:
        try:
            return ox.NamedNode(value)
        except ValueError:
            return None

    def rows(self, key: str) -> Iterator[tuple[Path, Row]]:
        path = self.d.files.get(key)
        if path is None:
            return
        for row in read_rows(path, TABLES_BY_KEY[key], self.d.layout, self.report.problems):
            yield path, row

    def count(self, key: str, n: int = 1) -> None:
        self.report.counts[key] = self.report.counts.get(key, 0) + n

    # -- concepts ----------------------------------------------------------------------------------------

    def concept(self, key: str, path: Path, row: Row) -> ox.NamedNode | None:
        """The common part of every concept row; None (and a problem) when the row is skipped."""
        uri_column = TABLES_BY_KEY[key].columns(self.d.layout)["uri"]
        uri_text = row.get("uri")
        if not uri_text:
            self.problem(path, row.line, f"missing URI (column {uri_column})")
            return None
        uri = self.iri(uri_text)
        if uri is None:
            self.problem(path, row.line, f"invalid URI {uri_text!r} (column {uri_column})")
            return None
        label = row.get("label")
        if not label:
            self.problem(path, row.line, f"missing preferred label for {uri_text}")
            return None
        if uri in self.kinds:
            self.problem(path, row.line, f"duplicate concept {uri_text}")
            return None
        if self.d.layout == "tabiya":
            ident = row.get("id")
            if not ident:
                self.problem(path, row.line, "missing ID")
                return None
            if ident in self.ids:
                self.problem(path, row.line, f"duplicate ID {ident}")
                return None
        return uri

    def describe(self, uri: ox.NamedNode, row: Row, key: str) -> None:
        """Write the labels, notes and scheme of an accepted concept row."""
        self.kinds[uri] = key
        if self.d.layout == "tabiya":
            self.ids[row.get("id")] = uri
        self.add(uri, _RDF_TYPE, _P["Concept"])
        pref = row.get("label")
        self.add(uri, _P["prefLabel"], self.text(pref))
        # SKOS: prefLabel, altLabel and hiddenLabel are pairwise disjoint (ESCO often repeats the preferred
        # label among the alternative ones).
        alts = {a.strip() for a in row.values.get("alt", "").split("\n")} - {"", pref}
        for alt in sorted(alts):
            self.add(uri, _P["altLabel"], self.text(alt))
        for hidden in sorted(
            {h.strip() for h in row.values.get("hidden", "").split("\n")} - {"", pref} - alts
        ):
            self.add(uri, _P["hiddenLabel"], self.text(hidden))
        code = row.get("code")
        if code:
            self.add(uri, _P["notation"], ox.Literal(code))
        for name in ("description", "definition"):
            value = row.get(name)
            if value:
                self.add(uri, _P["definition"], self.text(value))
        scope = row.get("scope")
        if scope:
            self.add(uri, _P["scopeNote"], self.text(scope))
        for scheme_text in re.split(r"[,\s]+", row.get("schemes")):
            scheme = self.iri(scheme_text) if scheme_text else None
            if scheme is not None:
                self.add(uri, _P["inScheme"], scheme)
                self.schemes.add(scheme.value)

    def isco_groups(self) -> None:
        for path, row in self.rows("isco_groups"):
            code = row.get("code")
            if not ISCO_CODE_RE.fullmatch(code):
                self.problem(path, row.line, f"bad ISCO-08 code {code!r}: expected 1 to 4 digits")
                continue
            uri = self.concept("isco_groups", path, row)
            if uri is None:
                continue
            if code in self.isco_by_code:
                self.problem(path, row.line, f"duplicate ISCO-08 code {code}")
                continue
            self.describe(uri, row, "isco_groups")
            self.isco_by_code[code] = uri
            if self.d.layout == "tabiya":
                self.add(uri, _P["inScheme"], ox.NamedNode(ISCO_SCHEME))
                self.schemes.add(ISCO_SCHEME)
            self.count("isco_groups")

    def occupations(self) -> None:
        have_isco_file = "isco_groups" in self.d.files
        for path, row in self.rows("occupations"):
            isco = row.get("isco")
            if not UNIT_GROUP_RE.fullmatch(isco):
                self.problem(path, row.line, f"bad ISCO-08 code {isco!r}: expected a four-digit unit group")
                continue
            group = self.isco_by_code.get(isco)
            if group is None:
                if have_isco_file:
                    self.problem(
                        path, row.line, f"ISCO-08 group {isco} is not in {self.d.files['isco_groups'].name}"
                    )
                    continue
                group = ox.NamedNode(ISCO_BASE + isco)  # ESCO's IRI pattern for ISCO-08 groups
            uri = self.concept("occupations", path, row)
            if uri is None:
                continue
            self.describe(uri, row, "occupations")
            self.add(uri, _P["broaderTransitive"], group)
            if self.d.layout == "tabiya":
                self.add(uri, _P["inScheme"], ox.NamedNode(OCCUPATION_SCHEME))
                self.schemes.add(OCCUPATION_SCHEME)
            self.count("occupations")

    def plain_concepts(self, key: str) -> None:
        for path, row in self.rows(key):
            uri = self.concept(key, path, row)
            if uri is not None:
                self.describe(uri, row, key)
                self.count(key)

    # -- links -------------------------------------------------------------------------------------------

    def ref(self, key: str, path: Path, row: Row, name: str, kind: str = "") -> ox.NamedNode | None:
        """Resolve a reference column (an ID in the tabiya layout, a URI in ESCO's); None + problem if not."""
        value = row.get(name)
        column = TABLES_BY_KEY[key].columns(self.d.layout)[name]
        if not value:
            self.problem(path, row.line, f"missing value in column {column}")
            return None
        if self.d.layout == "tabiya":
            uri = self.ids.get(value)
            if uri is None:
                self.problem(path, row.line, f"{column} {value} refers to no imported {kind or 'concept'}")
            return uri
        uri = self.iri(value)
        if uri is None:
            self.problem(path, row.line, f"invalid URI {value!r} (column {column})")
        return uri

    def hierarchy(self, key: str) -> None:
        skills_absent = "skills" not in self.d.files
        skipped_for_skills = 0
        for path, row in self.rows(key):
            if (
                self.d.layout == "tabiya"
                and skills_absent
                and "skill" in (row.get("parent_type").lower(), row.get("child_type").lower())
            ):
                skipped_for_skills += 1
                continue
            child = self.ref(key, path, row, "child", row.get("child_type"))
            parent = self.ref(key, path, row, "parent", row.get("parent_type"))
            if child is None or parent is None:
                continue
            self.add(child, _P["broader"], parent)
            self.count(f"{key}_links")
        if skipped_for_skills:
            self.report.notes.append(
                f"{self.d.files[key].name}: {skipped_for_skills} link(s) to skills not imported: "
                "the download has no skills file"
            )

    def relations(self, key: str) -> None:
        if key not in self.d.files:
            return
        if self.d.layout == "tabiya" and "skills" not in self.d.files:
            rows = sum(1 for _ in self.rows(key))
            self.report.notes.append(
                f"{self.d.files[key].name}: {rows} relation(s) not imported: the download has no skills "
                "file, so the skills they link have no URI"
            )
            return
        for path, row in self.rows(key):
            relation = row.get("relation").lower().rsplit("/", 1)[-1]
            predicate = _RELATIONS.get(relation)
            if predicate is None:
                column = TABLES_BY_KEY[key].columns(self.d.layout)["relation"]
                self.problem(
                    path,
                    row.line,
                    f"unknown relation type {row.get('relation')!r} in column {column} "
                    "(expected essential or optional)",
                )
                continue
            source = self.ref(key, path, row, "source")
            target = self.ref(key, path, row, "target", "skill")
            if source is None or target is None:
                continue
            self.add(source, predicate, target)
            self.count(key)

    # -- all ---------------------------------------------------------------------------------------------

    def convert(self) -> None:
        self.isco_groups()
        self.occupations()
        self.plain_concepts("skill_groups")
        self.plain_concepts("skills")
        self.hierarchy("occupation_hierarchy")
        self.hierarchy("skill_hierarchy")
        self.relations("skill_relations")
        self.relations("occupation_skill_relations")
        for scheme in sorted(self.schemes):
            node = ox.NamedNode(scheme)
            self.add(node, _RDF_TYPE, _P["ConceptScheme"])
            label = SCHEME_LABELS.get(scheme)
            if label:
                self.add(node, _P["prefLabel"], ox.Literal(label, language="en"))
        absent = [t.key for t in TABLES if t.key not in self.d.files]
        if absent:
            self.report.notes.append(f"not in the download: {', '.join(absent)}")


def convert_download(download: Download) -> tuple[set[ox.Triple], ImportReport]:
    """Read every file of ``download``; returns the triples and the report (problems, counts, notes)."""
    converter = _Converter(download)
    converter.convert()
    return converter.triples, converter.report


def serialize(triples: set[ox.Triple]) -> bytes:
    """Sorted N-Triples: the same download always gives the same bytes."""
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)


def import_esco(
    directory: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    language: str | None = None,
) -> ImportReport:
    """Import the ESCO download in ``directory`` into ``out`` (default :func:`default_output`), atomically.

    Returns the report; skipped rows are in ``report.problems``. Raises AirolesError for a directory that is
    not an ESCO download, a file of the wrong layout or an unwritable output (nothing is written then).
    """
    download = detect_download(directory, language)
    triples, report = convert_download(download)
    if not report.counts.get("occupations"):
        raise AirolesError(f"{download.directory}: no occupation could be imported; nothing written")
    target = Path(out) if out is not None else default_output()
    atomic_write_bytes(target, serialize(triples))
    report.triples = len(triples)
    report.output = target
    return report


# ---------------------------------------------------------------------------------------------------------
# Reading the ESCO matches of a role (for the explorer's role card)
# ---------------------------------------------------------------------------------------------------------

MATCH_RELATIONS: tuple[URIRef, ...] = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
_AIROLES_CODE = URIRef("https://w3id.org/airoles/hasOccupationCode")


@dataclass(frozen=True)
class EscoConcept:
    """An ESCO concept: its IRI, its label (ESCO's preferred label when imported, else ours) and its code."""

    iri: URIRef
    label: str | None
    code: str | None


@dataclass(frozen=True)
class EscoMatch:
    """One SKOS mapping from an airoles node to an ESCO concept, with what the graph knows around it."""

    relation: str
    """``exactMatch``, ``closeMatch``, ``broadMatch`` or ``narrowMatch``."""
    target: EscoConcept
    kind: str
    """``occupation``, ``isco`` (an ISCO-08 group), ``skill`` (a skill or skill group) or ``other``."""
    isco: EscoConcept | None
    """The ISCO-08 unit group of an occupation (from the imported ESCO graph, else the role's ISCO code)."""
    justification: str | None
    """Our note explaining the mapping (``skos:note`` @en on the airoles node), when one names this target."""
    neighbours: tuple[EscoConcept, ...] = ()
    """Other ESCO occupations of the same ISCO-08 unit group (only with an imported ESCO graph)."""


def _kind(iri: URIRef) -> str:
    for kind, prefix in (
        ("occupation", "occupation/"),
        ("isco", "isco/"),
        ("skill", "skill/"),
        ("skill", "isced-f/"),
    ):
        if str(iri).startswith(ESCO_BASE + prefix):
            return kind
    return "other"


def _label(graph: Graph, node: URIRef, lang: str) -> str | None:
    for prop in (SKOS.prefLabel, RDFS.label):
        values = sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal))
        for wanted in (lang, "en", None):
            for value in values:
                if wanted is None or value.language == wanted:
                    return str(value)
    return None


def _notation(graph: Graph, node: URIRef) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, SKOS.notation))
    return values[0] if values else None


def _concept(graph: Graph, node: URIRef, lang: str) -> EscoConcept:
    return EscoConcept(node, _label(graph, node, lang), _notation(graph, node))


def esco_matches(graph: Graph, node: URIRef, lang: str = "en") -> list[EscoMatch]:
    """The ESCO and ISCO-08 concepts ``node`` (a role or skill) is mapped to, strongest relation first.

    Works on the project graph alone (labels from our alignments, ISCO group from the role's
    ``airoles:hasOccupationCode``) and is richer with an imported ESCO graph loaded beside it (ESCO's labels
    and codes, the occupation's ISCO-08 unit group, and the other occupations of that group as
    ``neighbours``).
    """
    notes = sorted(str(n) for n in graph.objects(node, SKOS.note) if isinstance(n, Literal))
    role_isco = [
        target
        for code in graph.objects(node, _AIROLES_CODE)
        for target in graph.objects(code, SKOS.exactMatch)
        if isinstance(target, URIRef) and _kind(target) == "isco"
    ]
    found: list[EscoMatch] = []
    for relation in MATCH_RELATIONS:
        name = relation.split("#")[-1]
        for target in sorted(t for t in graph.objects(node, relation) if isinstance(t, URIRef)):
            kind = _kind(target)
            if kind == "other":
                continue
            concept = _concept(graph, target, lang)
            isco_node: URIRef | None = None
            if kind == "isco":
                isco_node = target
            elif kind == "occupation":
                groups = sorted(
                    g
                    for g in graph.objects(target, SKOS.broaderTransitive)
                    if isinstance(g, URIRef) and _kind(g) == "isco"
                )
                isco_node = groups[0] if groups else (role_isco[0] if len(role_isco) == 1 else None)
            isco = None
            if isco_node is not None:
                isco = _concept(graph, isco_node, lang)
                if isco.code is None:  # no ESCO import: our code node carries the notation
                    ours = next((c for c in graph.subjects(SKOS.exactMatch, isco_node)), None)
                    if ours is not None:
                        isco = EscoConcept(
                            isco_node, isco.label or _label(graph, ours, lang), _notation(graph, ours)
                        )
            neighbours: tuple[EscoConcept, ...] = ()
            if isco_node is not None:
                members = {
                    m
                    for m in graph.subjects(SKOS.broaderTransitive, isco_node)
                    if isinstance(m, URIRef) and m != target
                }
                neighbours = tuple(
                    sorted(
                        (_concept(graph, m, lang) for m in members),
                        key=lambda c: ((c.label or "").casefold(), str(c.iri)),
                    )
                )
            mention = f"'{concept.label}'" if concept.label else None
            justification = next(
                (n for n in notes if n.startswith(f"skos:{name} ") and mention and mention in n), None
            )
            found.append(EscoMatch(name, concept, kind, isco, justification, neighbours))
    return found


# ---------------------------------------------------------------------------------------------------------
# Our graph and the imported ESCO graph together, for the reading commands (airoles next)
# ---------------------------------------------------------------------------------------------------------


def concept_dict(concept: EscoConcept) -> dict[str, str | None]:
    """``{"iri", "label", "code"}`` of an ESCO concept (label and code may be null)."""
    return {"iri": str(concept.iri), "label": concept.label, "code": concept.code}


def match_dict(match: EscoMatch) -> dict[str, object]:
    """An :class:`EscoMatch` as JSON: relation, kind, target, isco, justification and every neighbour."""
    return {
        "relation": match.relation,
        "kind": match.kind,
        "target": concept_dict(match.target),
        "isco": concept_dict(match.isco) if match.isco is not None else None,
        "justification": match.justification,
        "neighbours": [concept_dict(n) for n in match.neighbours],
    }


class _StoreView(Store):
    """A read-only rdflib store over a pyoxigraph store: triples become rdflib terms only when read."""

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self._store = store

    def triples(self, triple_pattern, context=None):  # noqa: ANN001 (rdflib's signature)
        from airoles.core.terms import to_oxigraph, to_rdflib

        s, p, o = (None if t is None else to_oxigraph(t) for t in triple_pattern)
        for quad in self._store.quads_for_pattern(s, p, o):
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)), iter(())

    def __len__(self, context=None) -> int:  # noqa: ANN001
        return len(self._store)


def graph_with_external(external: Sequence[str | os.PathLike[str]]) -> Graph:
    """Our graph as written (ontology + knowledge base) and the ``external`` RDF files (an ESCO import), as a
    read-only rdflib Graph for :func:`esco_matches`.

    The files go into one pyoxigraph store (ESCO and ours: ~0.3 s) that the Graph reads without copying:
    rdflib would take ~2 s to parse ESCO.
    """
    from airoles.core.loader import source_files
    from airoles.sparql.engine import load_rdf_files

    store = ox.Store()
    load_rdf_files(store, [*source_files(), *external])
    return Graph(store=_StoreView(store))
