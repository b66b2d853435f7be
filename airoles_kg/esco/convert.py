"""Turning the rows of an ESCO download into SKOS (as :class:`~airoles_kg.esco.ntriples.TripleSet` lines).

What is written, table by table (ESCO's IRIs throughout; labels and texts tagged with the file's language):

* **concepts** (occupations, ISCO-08 groups, skill groups, skills): ``skos:Concept``, ``skos:prefLabel`` /
  ``altLabel`` / ``hiddenLabel``, ``skos:notation`` (the code), ``skos:definition`` (ESCO's description and
  definition), ``skos:scopeNote``, ``skos:inScheme`` each scheme of the ``inScheme`` column (declared
  ``skos:ConceptScheme``). Skills: ``esco:skillType`` and ``esco:skillReuseLevel`` to ESCO's concepts
  (``skill-type/skill``, ``skill-reuse-level/cross-sector``, ...). Occupations: ``skos:broaderTransitive`` to
  their ISCO-08 unit group, so a query reaches it in one step whatever the depth of the occupation.
* **hierarchies**: ``skos:broader`` (``broaderRelationsOccPillar``, ``broaderRelationsSkillPillar``, and the
  levels of ``skillsHierarchy``, which also give the skill groups' labels and codes).
* **relations**: ``esco:hasEssentialSkill`` / ``esco:hasOptionalSkill`` from the occupation (or skill).
* **collections** (digital, DigComp, green, language, research skills and occupations, transversal):
  a ``skos:Collection`` with ESCO's IRI and ``skos:member`` each concept of the collection file, and each
  concept whose ``inScheme`` names the collection (SKOS keeps collections and concept schemes disjoint, so
  these IRIs are not also written as schemes). The collection files' labels and descriptions are kept too:
  the French download has no skills file, and its collection files give the French labels of their skills.

The same concept read from several languages' files gets every language's labels. A malformed row is reported
as a :class:`~airoles_kg.esco.csvrows.Problem` (file, line, reason) and skipped; the rest is imported.
"""

from __future__ import annotations

import re
from collections import Counter

from airoles_kg.esco.csvrows import Problem, Row, read_rows
from airoles_kg.esco.discovery import CsvFile, Inventory
from airoles_kg.esco.ntriples import (
    BROADER,
    BROADER_TRANSITIVE,
    COLLECTION,
    CONCEPT,
    CONCEPT_SCHEME,
    DEFINITION,
    IN_SCHEME,
    MEMBER,
    NOTATION,
    RDF_TYPE,
    SCOPE_NOTE,
    TripleSet,
    is_iri,
)
from airoles_kg.esco.report import ImportReport, TableReport
from airoles_kg.esco.tables import (
    COLLECTIONS,
    ISCO_BASE,
    ISCO_SCHEME,
    OCCUPATION_SCHEME,
    RELATIONS,
    REUSE_LEVELS,
    SCHEME_LABELS,
    SKILL_LEVELS,
    SKILL_REUSE_LEVEL,
    SKILL_TYPE,
    SKILL_TYPES,
    SKILL_TYPES_WITHOUT_IRI,
    TABLES,
    Table,
)

UNIT_GROUP_RE = re.compile(r"[0-9]{4}")
ISCO_CODE_RE = re.compile(r"[0-9]{1,4}")
_SCHEME_SPLIT = re.compile(r"[\s,|]+")
_REFERENCES_CHECKED = {  # relation table -> the concept tables its two ends come from
    "occupation_hierarchy": ("occupations", "isco_groups"),
    "skill_hierarchy": ("skills", "skill_groups"),
    "skill_relations": ("skills",),
    "occupation_skill_relations": ("occupations", "skills"),
}
_SKILL_TYPE_P = f"<{SKILL_TYPE}>"
_REUSE_P = f"<{SKILL_REUSE_LEVEL}>"
_RELATION_P = {name: f"<{iri}>" for name, iri in RELATIONS.items()}


def _labels(value: str, separator: str) -> set[str]:
    return {label.strip() for label in value.split(separator)} - {""}


class Converter:
    """Reads every file of an :class:`Inventory` into one :class:`TripleSet`, filling an
    :class:`ImportReport`."""

    def __init__(self, inventory: Inventory, report: ImportReport, compact: bool = False) -> None:
        self.inventory = inventory
        self.report = report
        self.out = TripleSet(compact)
        self.concepts: set[str] = set()
        self.isco_by_code: dict[str, str] = {}
        self.ids: dict[str, dict[str, str]] = {}  # tabiya: folder -> dataset ID -> URI
        self.schemes: set[str] = set()
        self.collections: set[str] = set()
        self.references: dict[str, Counter[str]] = {}  # relation table -> IRI -> rows naming it
        self.types_without_iri: Counter[str] = Counter()
        self.tabiya_skipped: Counter[str] = Counter()  # file -> rows about skills the download lacks
        # The row being read: its file and table report, and what the file already gave (duplicates).
        self.file: CsvFile
        self.rep: TableReport
        self.seen: set[str] = set()

    # -- driving -----------------------------------------------------------------------------------------

    def run(self) -> TripleSet:
        """Read every table (in :data:`TABLES` order: concepts before the links that check them)."""
        for table in TABLES:
            files = self.inventory.of(table)
            if not files:
                continue
            handle = getattr(self, f"_{'collection' if table.collection else table.name}")
            rep = self.report.table(table.name)
            written: set[str] = set()
            for file in files:
                self.file, self.rep, self.seen = file, rep, set()
                rep.files.append(file.display)
                before = len(rep.problems)
                rejected_by_reader: list[Problem] = []
                rows = 0
                for row in read_rows(file, rejected_by_reader):
                    rows += 1
                    handle(row, written)
                # A record the CSV reader rejected (wrong field count, bad UTF-8) was read all the same; the
                # file's problems are listed in line order.
                rep.rows += rows + len(rejected_by_reader)
                rep.problems[before:] = sorted(
                    rep.problems[before:] + rejected_by_reader, key=lambda p: p.line
                )
            rep.written = len(written)
        self._finish()
        return self.out

    def problem(self, row: Row, message: str) -> None:
        self.rep.problems.append(Problem(self.file.display, row.line, message))

    def column(self, name: str) -> str:
        return self.file.table.columns(self.file.layout)[name]

    # -- concepts ----------------------------------------------------------------------------------------

    def concept_row(self, row: Row) -> str | None:
        """The checks every concept row passes; its URI, or None (and a problem) when it is rejected."""
        uri = row.get("uri")
        if not uri:
            self.problem(row, f"missing URI (column {self.column('uri')})")
            return None
        if not is_iri(uri):
            self.problem(row, f"invalid URI {uri!r} (column {self.column('uri')})")
            return None
        if not row.get("label"):
            self.problem(row, f"missing preferred label for {uri}")
            return None
        if uri in self.seen:
            self.problem(row, f"duplicate concept {uri}")
            return None
        if self.file.layout == "tabiya":
            ident = row.get("id")
            ids = self.ids.setdefault(self.file.group, {})
            if not ident:
                self.problem(row, "missing ID")
                return None
            if ident in ids:
                self.problem(row, f"duplicate ID {ident}")
                return None
        return uri

    def skill_terms(self, row: Row) -> tuple[str | None, str | None] | None:
        """ESCO's skill type and reuse level IRIs of a skill row; None (and a problem) for unknown values."""
        skill_type = row.get("skill_type").lower()
        type_iri = SKILL_TYPES.get(skill_type)
        if skill_type and type_iri is None:
            if skill_type not in SKILL_TYPES_WITHOUT_IRI:
                self.problem(
                    row,
                    f"unknown skill type {row.get('skill_type')!r} in column {self.column('skill_type')} "
                    f"(expected {' or '.join(SKILL_TYPES)})",
                )
                return None
            self.types_without_iri[skill_type] += 1
        reuse = row.get("reuse").lower()
        reuse_iri = REUSE_LEVELS.get(reuse)
        if reuse and reuse_iri is None:
            self.problem(
                row,
                f"unknown reuse level {row.get('reuse')!r} in column {self.column('reuse')} "
                f"(expected {', '.join(REUSE_LEVELS)})",
            )
            return None
        return type_iri, reuse_iri

    def describe(self, uri: str, row: Row, alt_separator: str = "\n") -> None:
        """Write the labels, notation, texts and schemes of an accepted concept row."""
        out, language, table = self.out, self.file.language or "en", self.file.table
        self.seen.add(uri)
        self.concepts.add(uri)
        if self.file.layout == "tabiya":
            self.ids.setdefault(self.file.group, {})[row.get("id")] = uri
        out.lines.add(f"<{uri}> {RDF_TYPE} {CONCEPT} .")
        out.pref_label(uri, language, row.get("label"), table.rank)
        out.alt_labels(uri, language, _labels(row.values.get("alt", ""), alt_separator))
        out.hidden_labels(uri, language, _labels(row.values.get("hidden", ""), "\n"))
        code = row.get("code")
        if code:
            out.text(uri, NOTATION, code)
        for name in ("description", "definition"):
            value = row.get(name)
            if value:
                out.text(uri, DEFINITION, value, language)
        scope = row.get("scope")
        if scope:
            out.text(uri, SCOPE_NOTE, scope, language)
        for scheme in _SCHEME_SPLIT.split(row.get("schemes")):
            if not scheme or not is_iri(scheme):
                continue
            if scheme in COLLECTIONS:
                out.link(scheme, MEMBER, uri)
                self.collections.add(scheme)
            else:
                out.link(uri, IN_SCHEME, scheme)
                self.schemes.add(scheme)

    def in_scheme(self, uri: str, scheme: str) -> None:
        self.out.link(uri, IN_SCHEME, scheme)
        self.schemes.add(scheme)

    def _isco_groups(self, row: Row, written: set[str]) -> None:
        code = row.get("code")
        if not ISCO_CODE_RE.fullmatch(code):
            self.problem(row, f"bad ISCO-08 code {code!r}: expected 1 to 4 digits")
            return
        uri = self.concept_row(row)
        if uri is None:
            return
        known = self.isco_by_code.get(code)
        if f"code:{code}" in self.seen:
            self.problem(row, f"duplicate ISCO-08 code {code}")
            return
        if known is not None and known != uri:
            self.problem(row, f"ISCO-08 code {code} is already the code of {known}")
            return
        self.seen.add(f"code:{code}")
        self.describe(uri, row)
        self.isco_by_code[code] = uri
        if self.file.layout == "tabiya":
            self.in_scheme(uri, ISCO_SCHEME)
        written.add(uri)

    def _occupations(self, row: Row, written: set[str]) -> None:
        isco = row.get("isco")
        if not UNIT_GROUP_RE.fullmatch(isco):
            self.problem(row, f"bad ISCO-08 code {isco!r}: expected a four-digit unit group")
            return
        group = self.isco_by_code.get(isco)
        if group is None:
            isco_files = [f.display.rsplit("/", 1)[-1] for f in self.inventory.of(TABLES[0])]
            if isco_files:
                self.problem(row, f"ISCO-08 group {isco} is not in {' or '.join(isco_files)}")
                return
            group = ISCO_BASE + isco  # ESCO's IRI pattern for ISCO-08 groups
        uri = self.concept_row(row)
        if uri is None:
            return
        self.describe(uri, row)
        self.out.link(uri, BROADER_TRANSITIVE, group)
        if self.file.layout == "tabiya":
            self.in_scheme(uri, OCCUPATION_SCHEME)
        written.add(uri)

    def _skill_groups(self, row: Row, written: set[str]) -> None:
        uri = self.concept_row(row)
        if uri is not None:
            self.describe(uri, row)
            written.add(uri)

    def _skills(self, row: Row, written: set[str]) -> None:
        uri = self.concept_row(row)
        if uri is None:
            return
        terms = self.skill_terms(row)
        if terms is None:
            return
        self.describe(uri, row)
        self.skill_links(uri, terms)
        written.add(uri)

    def skill_links(self, uri: str, terms: tuple[str | None, str | None]) -> None:
        type_iri, reuse_iri = terms
        if type_iri:
            self.out.link(uri, _SKILL_TYPE_P, type_iri)
        if reuse_iri:
            self.out.link(uri, _REUSE_P, reuse_iri)

    def _skill_group_levels(self, row: Row, written: set[str]) -> None:
        path: list[tuple[str, str, str]] = []
        for level in range(SKILL_LEVELS):
            uri = row.get(f"uri{level}")
            if not uri:
                deeper = [n for n in range(level + 1, SKILL_LEVELS) if row.get(f"uri{n}")]
                if deeper:
                    self.problem(row, f"Level {deeper[0]} URI given under an empty Level {level} URI")
                    return
                break
            if not is_iri(uri):
                self.problem(row, f"invalid URI {uri!r} (column Level {level} URI)")
                return
            label = row.get(f"label{level}")
            if not label:
                self.problem(row, f"missing preferred term for {uri} (column Level {level} preferred term)")
                return
            path.append((uri, label, row.get(f"code{level}")))
        if not path:
            self.problem(row, "missing value in column Level 0 URI")
            return
        out, language = self.out, self.file.language or "en"
        for uri, label, code in path:
            out.lines.add(f"<{uri}> {RDF_TYPE} {CONCEPT} .")
            out.pref_label(uri, language, label, self.file.table.rank)
            if code:
                out.text(uri, NOTATION, code)
            self.concepts.add(uri)
            written.add(uri)
        for (parent, _, _), (child, _, _) in zip(path, path[1:], strict=False):
            out.link(child, BROADER, parent)

    def _collection(self, row: Row, written: set[str]) -> None:
        collection = self.file.table.collection
        assert collection is not None
        uri = self.concept_row(row)
        if uri is None:
            return
        terms = self.skill_terms(row)
        if terms is None:
            return
        self.describe(uri, row, alt_separator="|")  # collection files separate alternative labels with " | "
        self.skill_links(uri, terms)
        self.out.link(collection.iri, MEMBER, uri)
        self.collections.add(collection.iri)
        written.add(uri)

    # -- links -------------------------------------------------------------------------------------------

    def ref(self, row: Row, name: str, kind: str = "") -> str | None:
        """Resolve a reference column (an ID in the tabiya layout, a URI in ESCO's); None + problem if not."""
        value, column = row.get(name), self.column(name)
        if not value:
            self.problem(row, f"missing value in column {column}")
            return None
        if self.file.layout == "tabiya":
            uri = self.ids.get(self.file.group, {}).get(value)
            if uri is None:
                self.problem(row, f"{column} {value} refers to no imported {kind or 'concept'}")
            return uri
        if not is_iri(value):
            self.problem(row, f"invalid URI {value!r} (column {column})")
            return None
        self.references.setdefault(self.file.table.name, Counter())[value] += 1
        return value

    def _lacks_skills(self) -> bool:
        """tabiya: whether this file's folder has no skills file (its IDs for skills cannot be resolved)."""
        return self.file.layout == "tabiya" and not any(
            f.group == self.file.group for f in self.inventory.of(_table("skills"))
        )

    def _hierarchy(self, row: Row, written: set[str]) -> None:
        if self._lacks_skills() and "skill" in (
            row.get("parent_type").lower(),
            row.get("child_type").lower(),
        ):
            self.tabiya_skipped[self.file.display] += 1
            return
        child = self.ref(row, "child", row.get("child_type"))
        parent = self.ref(row, "parent", row.get("parent_type")) if child is not None else None
        if child is not None and parent is not None:
            written.add(self.out.link(child, BROADER, parent))

    _occupation_hierarchy = _hierarchy
    _skill_hierarchy = _hierarchy

    def _relation(self, row: Row, written: set[str]) -> None:
        if self._lacks_skills():
            self.tabiya_skipped[self.file.display] += 1
            return
        raw = row.get("relation")
        predicate = _RELATION_P.get(raw.lower().rsplit("/", 1)[-1])
        if predicate is None:
            self.problem(
                row,
                f"unknown relation type {raw!r} in column {self.column('relation')} "
                "(expected essential or optional)",
            )
            return
        source = self.ref(row, "source")
        target = self.ref(row, "target", "skill") if source is not None else None
        if source is not None and target is not None:
            written.add(self.out.link(source, predicate, target))

    _skill_relations = _relation
    _occupation_skill_relations = _relation

    # -- the end -----------------------------------------------------------------------------------------

    def _finish(self) -> None:
        out = self.out
        for scheme in sorted(self.schemes):
            out.lines.add(f"<{scheme}> {RDF_TYPE} {CONCEPT_SCHEME} .")
            if scheme in SCHEME_LABELS:
                out.pref_label(scheme, "en", SCHEME_LABELS[scheme])
        for iri in sorted(self.collections):
            collection = COLLECTIONS[iri]
            out.lines.add(f"<{iri}> {RDF_TYPE} {COLLECTION} .")
            out.pref_label(iri, "en", collection.label_en)
            out.pref_label(iri, "fr", collection.label_fr)
        self._note_unknown_references()
        for skill_type, count in sorted(self.types_without_iri.items()):
            self.report.notes.append(
                f"{count} skill(s) of type {skill_type!r}: ESCO has no skill-type concept for it, "
                "none written"
            )
        for display, count in self.tabiya_skipped.items():
            self.report.notes.append(
                f"{display}: {count} row(s) about skills not imported: the download has no skills file"
            )

    def _note_unknown_references(self) -> None:
        # ESCO's relation files may name concepts its concept files lack (v1.1.1: one occupation, in 1 broader
        # link and 67 occupation-skill links). The links are ESCO's, so they are kept; the note says so.
        for name, references in self.references.items():
            if not all(self.inventory.of(_table(t)) for t in _REFERENCES_CHECKED[name]):
                continue  # a concept table is absent: its concepts cannot be told apart from unknown ones
            unknown = sorted(iri for iri in references if iri not in self.concepts)
            if unknown:
                rows = sum(references[iri] for iri in unknown)
                shown = ", ".join(unknown[:3]) + (", ..." if len(unknown) > 3 else "")
                self.report.notes.append(
                    f"{name}: {rows} row(s) name {len(unknown)} concept(s) that no concept file of the "
                    f"download has (links kept): {shown}"
                )


def _table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)
