"""The tables of an ESCO CSV download and the ESCO vocabulary they are written with.

Two layouts are read, told apart by their file names:

* **esco** — ESCO's own CSV download, as its portal distributes it (``../shared/data/esco-v1.1.1-download``):
  camelCase columns, rows keyed by concept URI. The label tables carry a language suffix
  (``occupations_en.csv``, ``skillGroups_fr.csv``); the four relation tables are language independent and come
  with or without one (``occupationSkillRelations.csv`` in v1.1.1's ``en`` folder,
  ``broaderRelationsOccPillar_fr.csv`` in its ``fr`` folder).
* **tabiya** — the tabiya open dataset's layout (``../shared/data/esco-v1.1.1`` and its
  ``CSV_Format_Documentation.md``): upper-case columns, rows keyed by a dataset-local ``ID`` that the
  hierarchy and relation files refer to.

Every IRI written for ESCO's things is ESCO's own: concept URIs from the ``conceptUri``/``ORIGINURI``
columns, schemes from ``inScheme``, and the collection IRIs below, which are the ``inScheme`` values that
ESCO's skills and occupations files give exactly the members of each collection file (checked on v1.1.1:
same sets). Nothing is minted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from airoles_kg.core.namespaces import ESCO_BASE

ESCO_MODEL = f"{ESCO_BASE}model#"
ISCO_BASE = f"{ESCO_BASE}isco/C"
SCHEME_BASE = f"{ESCO_BASE}concept-scheme/"
# ESCO's schemes of occupations and of ISCO-08 groups (the inScheme values of ESCO's own download); written
# for the tabiya layout, whose files do not carry the schemes.
OCCUPATION_SCHEME = f"{SCHEME_BASE}occupations"
ISCO_SCHEME = f"{SCHEME_BASE}isco"
SCHEME_LABELS = {OCCUPATION_SCHEME: "ESCO occupations", ISCO_SCHEME: "ISCO-08"}

# ESCO model: a skill's type and reuse level are concepts of ESCO's (skill-type/skill, skill-reuse-level/...),
# as in ESCO's RDF download. The CSV says "skill/competence" for the type ESCO's RDF calls skill-type/skill.
SKILL_TYPE = ESCO_MODEL + "skillType"
SKILL_REUSE_LEVEL = ESCO_MODEL + "skillReuseLevel"
SKILL_TYPES = {
    "skill/competence": f"{ESCO_BASE}skill-type/skill",
    "knowledge": f"{ESCO_BASE}skill-type/knowledge",
}
# tabiya's documentation also lists these types; ESCO v1.1.1 has no skill-type concept for them, so none is
# written (never an invented ESCO IRI) and the import says how many skills it concerns.
SKILL_TYPES_WITHOUT_IRI = frozenset({"language", "attitude"})
REUSE_LEVELS = {
    level: f"{ESCO_BASE}skill-reuse-level/{level}"
    for level in ("sector-specific", "cross-sector", "occupation-specific", "transversal")
}
RELATIONS = {
    "essential": ESCO_MODEL + "hasEssentialSkill",
    "optional": ESCO_MODEL + "hasOptionalSkill",
}


@dataclass(frozen=True)
class Collection:
    """One of ESCO's collections: its IRI (ESCO's, from the inScheme columns) and our labels for it."""

    iri: str
    label_en: str
    label_fr: str


@dataclass(frozen=True)
class Table:
    """One kind of file: its names in each layout, the columns read (logical name -> column) and how its
    rows are written."""

    name: str
    """The name the report and ``--allow-missing`` use."""
    unit: str
    """What a row writes: ``concepts``, ``links`` or ``members``."""
    esco_stem: str | None
    """ESCO's file name without language suffix and ``.csv`` (None: not in ESCO's layout)."""
    esco_columns: dict[str, str] = field(default_factory=dict)
    esco_required: tuple[str, ...] = ()
    per_language: bool = False
    """ESCO layout: one file per language (``<stem>_<lang>.csv``); else language independent."""
    tabiya_names: tuple[str, ...] = ()
    tabiya_columns: dict[str, str] = field(default_factory=dict)
    tabiya_required: tuple[str, ...] = ()
    collection: Collection | None = None
    ragged: bool = False
    """A row may end early (its last fields empty): ESCO writes skillsHierarchy_<lang>.csv so."""
    rank: int = 0
    """Whose preferred label wins for a concept and language: the lowest rank (the concept's own table)."""

    def columns(self, layout: str) -> dict[str, str]:
        return self.tabiya_columns if layout == "tabiya" else self.esco_columns

    def required(self, layout: str) -> tuple[str, ...]:
        return self.tabiya_required if layout == "tabiya" else self.esco_required

    def file_hint(self, layout: str) -> str:
        """The file name this table is read from in ``layout``, for messages."""
        if layout == "tabiya":
            return self.tabiya_names[0] if self.tabiya_names else "(none)"
        if self.per_language:
            return f"{self.esco_stem}_<lang>.csv"
        return f"{self.esco_stem}[_<lang>].csv"


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
# The collection files list their members with labels ("|"-separated alternative labels) and, for skills,
# type and reuse level; their broaderConceptUri repeats the skill pillar's broader relations (v1.1.1: every
# one is in broaderRelationsSkillPillar), so it is not read.
_COLLECTION_E = {
    "uri": "conceptUri",
    "label": "preferredLabel",
    "alt": "altLabels",
    "description": "description",
    "skill_type": "skillType",
    "reuse": "reuseLevel",
}
SKILL_LEVELS = 4  # skillsHierarchy_<lang>.csv: "Level 0 URI" ... "Level 3 URI"
_LEVELS_E = {
    f"{what}{level}": f"Level {level} {column}"
    for level in range(SKILL_LEVELS)
    for what, column in (("uri", "URI"), ("label", "preferred term"), ("code", "code"))
}


def _collection(name: str, stem: str, iri: str, en: str, fr: str) -> Table:
    return Table(
        name,
        "members",
        stem,
        _COLLECTION_E,
        ("uri", "label"),
        per_language=True,
        collection=Collection(SCHEME_BASE + iri, en, fr),
        rank=2,
    )


TABLES: tuple[Table, ...] = (
    Table(
        "isco_groups",
        "concepts",
        "ISCOGroups",
        {**_CONCEPT_E, "code": "code"},
        ("uri", "code", "label"),
        per_language=True,
        tabiya_names=("ISCOGroups.csv", "isco_groups.csv"),
        tabiya_columns={**_CONCEPT_T, "code": "CODE"},
        tabiya_required=("uri", "code", "label", "id"),
    ),
    Table(
        "occupations",
        "concepts",
        "occupations",
        {**_CONCEPT_E, "isco": "iscoGroup", "code": "code", "definition": "definition", "scope": "scopeNote"},
        ("uri", "isco", "label"),
        per_language=True,
        tabiya_names=("occupations.csv",),
        tabiya_columns={
            **_CONCEPT_T,
            "isco": "ISCOGROUPCODE",
            "code": "CODE",
            "definition": "DEFINITION",
            "scope": "SCOPENOTE",
        },
        tabiya_required=("uri", "isco", "label", "id"),
    ),
    Table(
        "skill_groups",
        "concepts",
        "skillGroups",
        {**_CONCEPT_E, "code": "code", "scope": "scopeNote"},
        ("uri", "label"),
        per_language=True,
        tabiya_names=("skillGroups.csv", "skill_groups.csv"),
        tabiya_columns={**_CONCEPT_T, "code": "CODE", "scope": "SCOPENOTE"},
        tabiya_required=("uri", "label", "id"),
    ),
    Table(
        "skills",
        "concepts",
        "skills",
        {
            **_CONCEPT_E,
            "skill_type": "skillType",
            "reuse": "reuseLevel",
            "definition": "definition",
            "scope": "scopeNote",
        },
        ("uri", "label"),
        per_language=True,
        tabiya_names=("skills.csv",),
        tabiya_columns={
            **_CONCEPT_T,
            "skill_type": "SKILLTYPE",
            "reuse": "REUSELEVEL",
            "definition": "DEFINITION",
            "scope": "SCOPENOTE",
        },
        tabiya_required=("uri", "label", "id"),
    ),
    # The skills hierarchy as paths from a top group (Level 0) down to level 3: labels and codes of the groups
    # and their broader links. Its Description/Scope note columns are not read: in v1.1.1 they repeat
    # skillGroups_<lang>.csv's, and the fr file holds the English texts (they would be mislabelled @fr).
    Table(
        "skill_group_levels",
        "concepts",
        "skillsHierarchy",
        _LEVELS_E,
        ("uri0", "label0"),
        per_language=True,
        ragged=True,
        rank=1,
    ),
    Table(
        "occupation_hierarchy",
        "links",
        "broaderRelationsOccPillar",
        _BROADER_E,
        ("parent", "child"),
        tabiya_names=("occupations_hierarchy.csv", "occupation_hierarchy.csv"),
        tabiya_columns=_HIERARCHY_T,
        tabiya_required=("parent", "child"),
    ),
    Table(
        "skill_hierarchy",
        "links",
        "broaderRelationsSkillPillar",
        _BROADER_E,
        ("parent", "child"),
        tabiya_names=("skills_hierarchy.csv", "skill_hierarchy.csv"),
        tabiya_columns=_HIERARCHY_T,
        tabiya_required=("parent", "child"),
    ),
    Table(
        "skill_relations",
        "links",
        "skillSkillRelations",
        {"source": "originalSkillUri", "relation": "relationType", "target": "relatedSkillUri"},
        ("source", "relation", "target"),
        tabiya_names=("skill_skill_relations.csv", "skill_to_skill_relations.csv"),
        tabiya_columns={"source": "REQUIRINGID", "relation": "RELATIONTYPE", "target": "REQUIREDID"},
        tabiya_required=("source", "relation", "target"),
    ),
    Table(
        "occupation_skill_relations",
        "links",
        "occupationSkillRelations",
        {"source": "occupationUri", "relation": "relationType", "target": "skillUri"},
        ("source", "relation", "target"),
        tabiya_names=("occupation_skill_relations.csv", "occupation_to_skill_relations.csv"),
        tabiya_columns={"source": "OCCUPATIONID", "relation": "RELATIONTYPE", "target": "SKILLID"},
        tabiya_required=("source", "relation", "target"),
    ),
    _collection(
        "digital_skills",
        "digitalSkillsCollection",
        "6c930acd-c104-4ece-acf7-f44fd7333036",
        "ESCO digital skills collection",
        "Collection ESCO des compétences numériques",
    ),
    _collection(
        "digcomp_skills",
        "digCompSkillsCollection",
        "digcomp",
        "ESCO DigComp skills collection",
        "Collection ESCO des compétences DigComp",
    ),
    _collection(
        "green_skills",
        "greenSkillsCollection",
        "green",
        "ESCO green skills collection",
        "Collection ESCO des compétences vertes",
    ),
    _collection(
        "language_skills",
        "languageSkillsCollection",
        "skill-language-groups",
        "ESCO language skills collection",
        "Collection ESCO des compétences linguistiques",
    ),
    _collection(
        "research_skills",
        "researchSkillsCollection",
        "research",
        "ESCO research skills collection",
        "Collection ESCO des compétences de recherche",
    ),
    _collection(
        "research_occupations",
        "researchOccupationsCollection",
        "8ae4b9f3-507e-4057-a145-2f96f0132613",
        "ESCO research occupations collection",
        "Collection ESCO des professions de la recherche",
    ),
    _collection(
        "transversal_skills",
        "transversalSkillsCollection",
        "skill-transversal-groups",
        "ESCO transversal skills collection",
        "Collection ESCO des compétences transversales",
    ),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)
COLLECTIONS = {t.collection.iri: t.collection for t in TABLES if t.collection is not None}


def expected_tables(layout: str) -> tuple[Table, ...]:
    """The tables a complete download of ``layout`` has (a missing one is an error unless allowed)."""
    if layout == "tabiya":
        return tuple(t for t in TABLES if t.tabiya_names)
    return tuple(t for t in TABLES if t.esco_stem)
