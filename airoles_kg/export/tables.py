"""CSV tables for spreadsheets: one file per kind of fact, IRIs and both labels in every row.

Tables (UTF-8, comma-separated, header row, ``\\n`` line ends; several values in a cell are joined by
:data:`JOIN`): ``roles``, ``role_skills``, ``missions``, ``transitions``, ``salaries``, ``education``,
``sectors``, ``sources``. Rows are derived from :mod:`airoles_kg.profiles.profile`, so they say what the role
profile
(and the explorer's role card) says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from airoles_kg.core.namespaces import AIROLES
from airoles_kg.core.resolve import normalise
from airoles_kg.profiles.profile import Provenance, RoleProfile, Term, Texts, pick, role_profiles, source_info

JOIN = " | "
Row = dict[str, str]


def _join(values: Iterable[str]) -> str:
    return JOIN.join(v for v in values if v)


def _iris(terms: Iterable[Term]) -> str:
    return _join(str(t.iri) for t in terms)


def _labels(terms: Iterable[Term], lang: str) -> str:
    return _join(t.label(lang) for t in terms)


def _texts(texts: Texts, lang: str) -> str:
    return _join(texts.get(lang, []))


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value)


def _term_cols(prefix: str, term: Term | None) -> Row:
    """``<prefix>_iri``, ``<prefix>_fr``, ``<prefix>_en`` for one term (empty when absent)."""
    if term is None:
        return {f"{prefix}_iri": "", f"{prefix}_fr": "", f"{prefix}_en": ""}
    return {
        f"{prefix}_iri": str(term.iri),
        f"{prefix}_fr": term.label("fr"),
        f"{prefix}_en": term.label("en"),
    }


def _role_cols(role: RoleProfile) -> Row:
    return {"role_iri": str(role.iri), "role_fr": role.label("fr"), "role_en": role.label("en")}


def _prov_cols(prov: Provenance) -> Row:
    return {
        "source_iris": _iris(prov.sources),
        "sources": _labels(prov.sources, "fr"),
        "excerpts_fr": _texts(prov.excerpts, "fr"),
        # the values no article states, each "property: decision" (ontology/kb/curation.ttl)
        "curated": _join(f"{c.prop.iri} {c.decision.iri}" for c in prov.curated),
    }


# --- tables ------------------------------------------------------------------------------------------------


def roles_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    return [
        {
            "iri": str(p.iri),
            "label_fr": pick(p.labels, "fr") or "",
            "label_en": pick(p.labels, "en") or "",
            "alt_labels_fr": _texts(p.alt_labels, "fr"),
            "alt_labels_en": _texts(p.alt_labels, "en"),
            "definition_fr": p.definitions.get("fr", ""),
            "definition_en": p.definitions.get("en", ""),
            "family_iris": _iris(p.families),
            "families_en": _labels(p.families, "en"),
            "codes": _join(
                f"{c.scheme.label('en') if c.scheme else ''} {c.notation or ''}".strip() for c in p.codes
            ),
            "matches": _join(str(m.target.iri) for m in p.matches),
            **_prov_cols(p.provenance),
        }
        for p in profiles
    ]


def role_skills_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    return [
        {
            "requirement_iri": str(r.iri),
            **_role_cols(p),
            **_term_cols("skill", r.skill),
            "kind_en": r.kind.label("en") if r.kind else "",
            "subkind_en": r.subkind.label("en") if r.subkind else "",
            "importance": r.importance.label("en") if r.importance else "",
            "data_skill": "yes" if r.data_skill else "no",
            "skill_matches": _join(str(m.target.iri) for m in r.skill_matches),
            **_prov_cols(r.provenance),
        }
        for p in profiles
        for r in p.skills
    ]


def missions_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    return [
        {
            "mission_iri": str(m.iri),
            **_role_cols(p),
            "order": "" if m.order is None else str(m.order),
            "label_fr": m.labels.get("fr", ""),
            "label_en": m.labels.get("en", ""),
            "description_fr": m.description.get("fr", ""),
            "description_en": m.description.get("en", ""),
            "categories_en": _labels(m.categories, "en"),
            **_prov_cols(m.provenance),
        }
        for p in profiles
        for m in p.missions
    ]


def transitions_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    rows: dict[URIRef, Row] = {}
    for p in profiles:
        for t in p.transitions_out:
            rows.setdefault(
                t.iri,
                {
                    "transition_iri": str(t.iri),
                    **_term_cols("from", Term(p.iri, p.labels)),
                    **_term_cols("to", t.other),
                    "kind_en": t.kind.label("en") if t.kind else "",
                    "conditions_fr": _texts(t.conditions, "fr"),
                    "conditions_en": _texts(t.conditions, "en"),
                    "required_experience_fr": _texts(t.required_experience, "fr"),
                    "required_experience_en": _texts(t.required_experience, "en"),
                    "credentials_fr": _labels(t.credentials, "fr"),
                    "suggested_credentials_fr": _labels(t.suggested_credentials, "fr"),
                    **_prov_cols(t.provenance),
                },
            )
    return list(rows.values())


def salaries_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    return [
        {
            "salary_iri": str(s.iri),
            **_role_cols(p),
            "level_en": s.level.label("en") if s.level else "",
            "amount": _num(s.amount),
            "min_amount": _num(s.min_amount),
            "max_amount": _num(s.max_amount),
            "currency": s.currency or "",
            "figure_kind_en": s.kind.label("en") if s.kind else "",
            "period_en": s.period.label("en") if s.period else "",
            "basis_en": s.basis.label("en") if s.basis else "",
            "country": s.country or "",
            "year": s.year or "",
            "studies": _labels(s.studies, "fr"),
            "notes_fr": _texts(s.notes, "fr"),
            "notes_en": _texts(s.notes, "en"),
            **_prov_cols(s.provenance),
        }
        for p in profiles
        for s in p.salaries
    ]


def education_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    return [
        {
            "education_iri": str(e.iri),
            **_role_cols(p),
            "importance": e.importance.label("en") if e.importance else "",
            "degree_levels_fr": _labels((d.term for d in e.degree_levels), "fr"),
            "eqf_levels": _join(str(d.eqf_level) for d in e.degree_levels if d.eqf_level is not None),
            "fields_fr": _labels(e.fields, "fr"),
            "fields_en": _labels(e.fields, "en"),
            "credential_iris": _iris(c.term for c in e.credentials),
            "credentials_fr": _labels((c.term for c in e.credentials), "fr"),
            "credentials_en": _labels((c.term for c in e.credentials), "en"),
            "credential_categories_en": _join(c.category.label("en") for c in e.credentials if c.category),
            **_prov_cols(e.provenance),
        }
        for p in profiles
        for e in p.education
    ]


def sectors_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    return [
        {
            "opportunity_iri": str(o.iri),
            **_role_cols(p),
            "sector_iris": _iris(o.sectors),
            "sectors_fr": _labels(o.sectors, "fr"),
            "sectors_en": _labels(o.sectors, "en"),
            "employer_types_fr": _texts(o.employer_types, "fr"),
            "employer_types_en": _texts(o.employer_types, "en"),
            "employer_kind_iris": _iris(o.kinds),
            "organisation_size_iris": _iris(o.sizes),
            "organisation_sizes_en": _labels(o.sizes, "en"),
            "country": o.country or "",
            **_prov_cols(o.provenance),
        }
        for p in profiles
        for o in p.sectors
    ]


def sources_table(profiles: list[RoleProfile], graph: Graph) -> list[Row]:
    """Every source document and cited study of the graph (not only those a role cites)."""
    nodes = {
        s
        for cls in (AIROLES.SourceDocument, AIROLES.Study)
        for s in graph.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }
    rows: list[Row] = []
    for node in nodes:
        info = source_info(graph, node)
        rows.append(
            {
                "iri": str(node),
                "kind_en": info.kind.label("en") if info.kind else "",
                "title": pick(info.title, "fr") or "",
                "label_fr": info.labels.get("fr", ""),
                "label_en": info.labels.get("en", ""),
                "authors": _join([*(a.label("fr") for a in info.authors), *info.author_names]),
                "publishers": _join(info.publishers),
                "dates": _join(info.dates),
                "identifiers": _join(info.identifiers),
                "urls": _join(info.urls),
            }
        )
    rows.sort(key=lambda r: (normalise(r["label_fr"] or r["title"]), r["iri"]))
    return rows


_PROV = ("source_iris", "sources", "excerpts_fr", "curated")
_ROLE = ("role_iri", "role_fr", "role_en")

# Table name -> (columns, row builder). Columns are listed so that an empty table still has its header.
TABLES: dict[str, tuple[tuple[str, ...], Callable[[list[RoleProfile], Graph], list[Row]]]] = {
    "roles": (
        (
            "iri",
            "label_fr",
            "label_en",
            "alt_labels_fr",
            "alt_labels_en",
            "definition_fr",
            "definition_en",
            "family_iris",
            "families_en",
            "codes",
            "matches",
            *_PROV,
        ),
        roles_table,
    ),
    "role_skills": (
        (
            "requirement_iri",
            *_ROLE,
            "skill_iri",
            "skill_fr",
            "skill_en",
            "kind_en",
            "subkind_en",
            "importance",
            "data_skill",
            "skill_matches",
            *_PROV,
        ),
        role_skills_table,
    ),
    "missions": (
        (
            "mission_iri",
            *_ROLE,
            "order",
            "label_fr",
            "label_en",
            "description_fr",
            "description_en",
            "categories_en",
            *_PROV,
        ),
        missions_table,
    ),
    "transitions": (
        (
            "transition_iri",
            "from_iri",
            "from_fr",
            "from_en",
            "to_iri",
            "to_fr",
            "to_en",
            "kind_en",
            "conditions_fr",
            "conditions_en",
            "required_experience_fr",
            "required_experience_en",
            "credentials_fr",
            "suggested_credentials_fr",
            *_PROV,
        ),
        transitions_table,
    ),
    "salaries": (
        (
            "salary_iri",
            *_ROLE,
            "level_en",
            "amount",
            "min_amount",
            "max_amount",
            "currency",
            "figure_kind_en",
            "period_en",
            "basis_en",
            "country",
            "year",
            "studies",
            "notes_fr",
            "notes_en",
            *_PROV,
        ),
        salaries_table,
    ),
    "education": (
        (
            "education_iri",
            *_ROLE,
            "importance",
            "degree_levels_fr",
            "eqf_levels",
            "fields_fr",
            "fields_en",
            "credential_iris",
            "credentials_fr",
            "credentials_en",
            "credential_categories_en",
            *_PROV,
        ),
        education_table,
    ),
    "sectors": (
        (
            "opportunity_iri",
            *_ROLE,
            "sector_iris",
            "sectors_fr",
            "sectors_en",
            "employer_types_fr",
            "employer_types_en",
            "employer_kind_iris",
            "organisation_size_iris",
            "organisation_sizes_en",
            "country",
            *_PROV,
        ),
        sectors_table,
    ),
    "sources": (
        (
            "iri",
            "kind_en",
            "title",
            "label_fr",
            "label_en",
            "authors",
            "publishers",
            "dates",
            "identifiers",
            "urls",
        ),
        sources_table,
    ),
}


def to_csv(rows: list[Row], columns: Iterable[str], spreadsheet: bool = False) -> bytes:
    """Rows as CSV bytes, header first: RFC 4180 with UTF-8 and ``\\n`` line ends for programs; with
    ``spreadsheet``, what Excel opens right in a French (or any ``;``-list) locale: a UTF-8 byte order mark
    (without it Excel reads the bytes as Windows-1252: "Ã©" for "é"), ``;`` between fields (the list
    separator where the decimal separator is a comma) and ``\\r\\n`` line ends."""
    buffer = io.StringIO()
    delimiter, end = (";", "\r\n") if spreadsheet else (",", "\n")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator=end, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if spreadsheet else "utf-8")


def csv_tables(graph: Graph, spreadsheet: bool = False) -> dict[str, bytes]:
    """File name -> CSV bytes for every table of :data:`TABLES` (``spreadsheet``: see :func:`to_csv`)."""
    profiles = role_profiles(graph)
    return {
        f"{name}.csv": to_csv(build(profiles, graph), columns, spreadsheet)
        for name, (columns, build) in TABLES.items()
    }
