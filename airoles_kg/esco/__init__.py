"""ESCO beside airoles: importing ESCO's CSV download as SKOS, and reading the ESCO matches of our roles.

* :func:`import_esco` (``airoles import-esco``) reads ESCO's CSV download — folders or zip archives, one
  language or several, or the tabiya layout — and writes every table as sorted SKOS N-Triples
  (:mod:`airoles_kg.esco.importer`; the tables in :mod:`airoles_kg.esco.tables`, the mapping in
  :mod:`airoles_kg.esco.convert`).
* :func:`esco_matches` and :func:`graph_with_external` read a role's ESCO and ISCO-08 matches
  (:mod:`airoles_kg.esco.matches`).
"""

from airoles_kg.esco.csvrows import Problem
from airoles_kg.esco.discovery import Inventory, discover
from airoles_kg.esco.importer import MAX_LISTED_PROBLEMS, default_output, import_esco, missing_tables
from airoles_kg.esco.matches import (
    MATCH_RELATIONS,
    EscoConcept,
    EscoMatch,
    concept_dict,
    esco_matches,
    graph_with_external,
    match_dict,
)
from airoles_kg.esco.report import ImportFailed, ImportReport, TableReport
from airoles_kg.esco.tables import (
    COLLECTIONS,
    ESCO_BASE,
    ESCO_MODEL,
    REUSE_LEVELS,
    SKILL_REUSE_LEVEL,
    SKILL_TYPE,
    SKILL_TYPES,
    TABLE_NAMES,
)

__all__ = [
    "COLLECTIONS",
    "ESCO_BASE",
    "ESCO_MODEL",
    "MATCH_RELATIONS",
    "MAX_LISTED_PROBLEMS",
    "REUSE_LEVELS",
    "SKILL_REUSE_LEVEL",
    "SKILL_TYPE",
    "SKILL_TYPES",
    "TABLE_NAMES",
    "EscoConcept",
    "EscoMatch",
    "ImportFailed",
    "ImportReport",
    "Inventory",
    "Problem",
    "TableReport",
    "concept_dict",
    "default_output",
    "discover",
    "esco_matches",
    "graph_with_external",
    "import_esco",
    "match_dict",
    "missing_tables",
]
