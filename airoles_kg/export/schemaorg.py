"""schema.org export: every role as a ``schema:Occupation`` in one JSON-LD document (context inline).

The mapping (also in the README, "Exports and release artefacts"):

- ``name`` / ``alternateName`` / ``description``: labels, alternative labels and definitions, fr and en as
  language-tagged values.
- ``responsibilities``: the missions in the article's order (an ``@list``), in the export language.
- ``skills``: one ``DefinedTerm`` per skill requirement (then ESCO's, below) — ``name`` (fr, en),
  ``termCode`` (the skill's slug), ``identifier`` (its IRI), ``inDefinedTermSet`` (its concept scheme),
  ``sameAs`` (ESCO skill IRIs aligned with ``skos:exactMatch``), ``description`` (importance, kind, sources).
- ``educationRequirements``: ``EducationalOccupationalCredential`` per education requirement (diplomas,
  continuing education, bare degree levels or fields) with ``credentialCategory``, ``educationalLevel``
  (a ``DefinedTerm`` naming the EQF/RNCP levels) and ``about`` (fields of study);
  ``qualifications``: the same for certifications.
- ``estimatedSalary``: one ``MonetaryAmount`` per salary observation, i.e. per level *and per source*, so
  two sources that disagree both appear; its figures as the source gives them (:func:`salary_amount`).
- ``occupationalCategory``: ``CategoryCode`` (``codeValue``, ``inCodeSet`` → ``CategoryCodeSet`` named after
  the code's scheme: ROME, FAP, ISCO-08).
- ``occupationLocation``: ``Country`` for each country a salary, sector or hiring fact is stated for.
- ``sameAs``: ESCO occupation IRIs aligned with ``skos:exactMatch``; ``subjectOf``: the source articles.
- ESCO's skills (when an ESCO layer is there): after the articles' skills, one ``DefinedTerm`` per essential
  or optional skill of the ESCO occupations the role is mapped to (:mod:`airoles_kg.careers.moves`), with
  ESCO's IRI as ``identifier`` and ``url``, ESCO's label (French when ESCO has one, else English, tagged so),
  ``inDefinedTermSet`` ESCO's skills, and a ``description`` saying it is ESCO's, not the articles'.

Nested objects carry our IRI in ``identifier`` rather than ``@id``: their descriptions are role-specific
(importance, sources), and sharing an ``@id`` across roles would merge them in an RDF reading.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rdflib import Graph, URIRef

from airoles_kg.careers.index import CareerIndex
from airoles_kg.careers.moves import CareerMoves
from airoles_kg.core.namespaces import AIROLES, ESCO_BASE, SCHEMA
from airoles_kg.esco.layer import load_layer
from airoles_kg.profiles.profile import (
    Credential,
    EducationRequirement,
    Provenance,
    RoleProfile,
    SalaryObservation,
    SkillRequirement,
    Term,
    Text,
    Texts,
    pick,
    role_profiles,
)

A = AIROLES
LANGS = ("fr", "en")

# schema.org's unitText of a pay period (as Google's salary guidelines spell it).
UNIT_TEXTS: dict[URIRef, str] = {A.PerMonth: "MONTH", A.PerYear: "YEAR"}

CONTEXT: dict[str, Any] = {
    "@vocab": str(SCHEMA),
    "responsibilities": {"@id": f"{SCHEMA}responsibilities", "@container": "@list"},
    # IRIs, not strings: an HR system (or any RDF reader) then follows them to ESCO.
    "sameAs": {"@id": f"{SCHEMA}sameAs", "@type": "@id"},
    "url": {"@id": f"{SCHEMA}url", "@type": "@id"},
}

# Words of the generated descriptions (interface text, not facts: facts come from the graph).
WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "source": "Source",
        "sources": "Sources",
        "excerpts": "Extraits",
        "curated": "Ajouté par airoles, aucun article ne le dit ({prop})",
        "colon": " : ",
        "sep": " ; ",
        "value": "montant donné par la source",
        "maximum": "plafond donné par la source",
        "minimum": "plancher donné par la source",
        "range": "fourchette donnée par la source",
        "essential": "compétence essentielle",
        "optional": "compétence optionnelle",
        "required": "exigence",
        "eqf": "niveau CEC {n}",
        "rncp": "niveau RNCP {n}",
        "salary": "Salaire",
    },
    "en": {
        "source": "Source",
        "sources": "Sources",
        "excerpts": "Excerpts",
        "curated": "Added by airoles, no article says it ({prop})",
        "colon": ": ",
        "sep": "; ",
        "value": "amount given by the source",
        "maximum": "ceiling given by the source",
        "minimum": "floor given by the source",
        "range": "range given by the source",
        "essential": "essential skill",
        "optional": "optional skill",
        "required": "requirement",
        "eqf": "EQF level {n}",
        "rncp": "RNCP level {n}",
        "salary": "Salary",
    },
}


def lang_values(text: Text | Texts) -> list[dict[str, str]] | None:
    """Language-tagged JSON-LD values, French first then English then others; None when empty."""
    values: list[dict[str, str]] = []
    order = {lang: i for i, lang in enumerate(LANGS)}
    for lang in sorted(text, key=lambda lang: (order.get(lang, len(LANGS)), lang)):
        items = text[lang]
        for item in items if isinstance(items, list) else [items]:
            values.append({"@value": item, "@language": lang} if lang else {"@value": item})
    return values or None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _slug(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values so the document only states what the graph states."""
    return {k: v for k, v in obj.items() if v not in (None, [], {}, "")}


def _source_refs(prov: Provenance) -> list[dict[str, Any]] | None:
    refs = [
        _clean({"@type": "CreativeWork", "identifier": str(s.iri), "name": lang_values(s.labels)})
        for s in prov.sources
    ]
    return refs or None


def _provenance_sentence(prov: Provenance, lang: str) -> str:
    """``Source : A ; B. Extraits : « ... » « ... »`` (the excerpts are the articles' French words)."""
    words = WORDS[lang]
    parts: list[str] = []
    if prov.sources:
        label = words["source"] if len(prov.sources) == 1 else words["sources"]
        parts.append(f"{label}{words['colon']}" + words["sep"].join(s.label(lang) for s in prov.sources))
    excerpts = prov.excerpts.get("fr", []) + prov.excerpts.get("", [])
    if excerpts:
        parts.append(words["excerpts"] + words["colon"] + " ".join(f"« {e} »" for e in excerpts))
    for fact in prov.curated:  # ours, not the article's
        why = " ".join(fact.justification.get(lang, []))
        parts.append(words["curated"].format(prop=fact.prop.label(lang)) + words["colon"] + why)
    return _sentences(parts)


def _sentences(parts: list[str]) -> str:
    """Join non-empty parts as sentences (no doubled full stops)."""
    cleaned = [p.strip().rstrip(".").strip() for p in parts if p and p.strip()]
    return ". ".join(cleaned) + ("." if cleaned and not cleaned[-1].endswith(("»", "?", "!")) else "")


# --- parts of an Occupation ------------------------------------------------------------------------------


def skill_term(req: SkillRequirement, lang: str) -> dict[str, Any]:
    """A ``DefinedTerm`` for one skill requirement."""
    words = WORDS[lang]
    importance = req.importance.iri if req.importance else None
    facts = [words["essential"] if importance == A.Essential else words["optional"] if importance else ""]
    facts += [k.label(lang) for k in (req.subkind or req.kind,) if k is not None]
    description = " — ".join(f for f in facts if f)
    prov = _provenance_sentence(req.provenance, lang)
    same_as = [str(m.target.iri) for m in req.skill_matches if m.relation.endswith("exactMatch")]
    term_set = req.schemes[0] if req.schemes else None
    return _clean(
        {
            "@type": "DefinedTerm",
            "name": lang_values(req.skill.labels),
            "termCode": _slug(req.skill.iri),
            "identifier": str(req.skill.iri),
            "inDefinedTermSet": _clean(
                {
                    "@type": "DefinedTermSet",
                    "identifier": str(term_set.iri),
                    "name": lang_values(term_set.labels),
                }
            )
            if term_set
            else None,
            "sameAs": same_as,
            "description": _sentences([description, prov]),
        }
    )


def _level_term(term: Term, eqf: int | None, rncp: list[int], lang: str) -> dict[str, Any]:
    words = WORDS[lang]
    levels = ([words["eqf"].format(n=eqf)] if eqf is not None else []) + [
        words["rncp"].format(n=n) for n in rncp
    ]
    return _clean(
        {
            "@type": "DefinedTerm",
            "identifier": str(term.iri),
            "name": lang_values(term.labels),
            "description": ", ".join(levels),
        }
    )


def credential_object(req: EducationRequirement, credential: Credential | None, lang: str) -> dict[str, Any]:
    """An ``EducationalOccupationalCredential`` for a requirement (and one credential it names, if any)."""
    levels = list(credential.degree_levels) if credential else []
    levels += [d for d in req.degree_levels if d.term.iri not in {x.term.iri for x in levels}]
    fields = list(credential.fields) if credential else []
    fields += [f for f in req.fields if f.iri not in {x.iri for x in fields}]
    name: Text = dict(credential.term.labels) if credential else dict(req.labels)
    if not name:  # a bare level/field requirement: name it after what it asks for
        for lang_ in LANGS:
            bits = [d.term.label(lang_) for d in req.degree_levels] + [f.label(lang_) for f in req.fields]
            if bits:
                name[lang_] = ", ".join(bits)
    importance = req.importance.label(lang) if req.importance else ""
    prov = _provenance_sentence(req.provenance, lang)
    return _clean(
        {
            "@type": "EducationalOccupationalCredential",
            "identifier": [str(credential.term.iri), str(req.iri)] if credential else str(req.iri),
            "name": lang_values(name),
            "credentialCategory": credential.category.label(lang)
            if credential and credential.category
            else None,
            "educationalLevel": [_level_term(d.term, d.eqf_level, d.rncp_levels, lang) for d in levels]
            or None,
            "about": [
                _clean({"@type": "DefinedTerm", "identifier": str(f.iri), "name": lang_values(f.labels)})
                for f in fields
            ]
            or None,
            "description": _sentences(
                [f"{WORDS[lang]['required']} {importance}" if importance else "", prov]
            ),
        }
    )


def salary_amount(role: RoleProfile, obs: SalaryObservation, lang: str) -> dict[str, Any] | None:
    """A ``MonetaryAmount`` for one salary observation, its figures as the source gives them (None when it
    states no amount): a single figure is the ``value`` (a ceiling, "jusqu'à", the ``maxValue``), a range its
    ``minValue`` and ``maxValue``, in a ``QuantitativeValue`` with the pay period as ``unitText`` (MONTH,
    YEAR), as Google's salary guidelines read it. No percentile or median is claimed: no article computed one.
    """
    words = WORDS[lang]
    figures: dict[str, int | float] = {}
    if obs.amount is not None:
        ceiling = obs.kind is not None and obs.kind.iri == A.MaximumFigure
        figures["maxValue" if ceiling else "value"] = _number(obs.amount)
        how = words["maximum" if ceiling else "value"]
    elif obs.min_amount is not None and obs.max_amount is not None:
        figures["minValue"], figures["maxValue"] = _number(obs.min_amount), _number(obs.max_amount)
        how = words["range"]
    elif obs.min_amount is not None:  # an open range: one bound only
        figures["minValue"], how = _number(obs.min_amount), words["minimum"]
    elif obs.max_amount is not None:
        figures["maxValue"], how = _number(obs.max_amount), words["maximum"]
    else:
        return None
    qualifiers = [q.label(lang) for q in (obs.level, obs.kind, obs.basis, obs.period) if q is not None]
    name = f"{words['salary']} {role.label(lang)} — {', '.join(qualifiers)}"
    if obs.provenance.sources:
        name += f" ({'; '.join(s.label(lang) for s in obs.provenance.sources)})"
    notes = [n for lang_ in (lang, "") for n in obs.notes.get(lang_, [])]
    description = _sentences([how, _provenance_sentence(obs.provenance, lang), *notes])
    unit = UNIT_TEXTS.get(obs.period.iri) if obs.period else None
    return _clean(
        {
            "@type": "MonetaryAmount",
            "identifier": str(obs.iri),
            "name": name,
            "currency": obs.currency,
            "value": _clean({"@type": "QuantitativeValue", **figures, "unitText": unit}),
            "description": description,
            "subjectOf": _source_refs(obs.provenance),
        }
    )


ESCO_SKILLS_SET = {
    "@type": "DefinedTermSet",
    "identifier": f"{ESCO_BASE}concept-scheme/skills",
    "name": "ESCO skills v1.1.1",
}
ESCO_WORDS = {
    "fr": "Compétence {importance} d'ESCO pour {occupations} (ESCO v1.1.1) ; "
    "ce n'est pas une affirmation des articles.",
    "en": "An {importance} ESCO skill of {occupations} (ESCO v1.1.1); not a statement of the articles.",
}
ESCO_IMPORTANCE = {"fr": {"essential": "essentielle", "optional": "optionnelle"}, "en": {}}


def esco_skill_terms(moves: CareerMoves, role: str, lang: str) -> list[dict[str, Any]]:
    """``DefinedTerm`` s for the ESCO skills of the occupations ``role`` is mapped to (see the module doc)."""
    occupations = moves.occupations_of(role)
    found = moves.profile(role) if occupations else {}
    names = ", ".join(moves.layer.label(o, lang) for o in occupations)
    terms = []
    for item in moves.skill_items([(s, imp, None) for s, imp in found.items()], lang):
        importance = ESCO_IMPORTANCE[lang].get(item.importance, item.importance)
        terms.append(
            {
                "@type": "DefinedTerm",
                "name": [{"@value": item.label, "@language": item.lang or "en"}],
                "identifier": item.iri,
                "url": item.iri,
                "inDefinedTermSet": ESCO_SKILLS_SET,
                "description": ESCO_WORDS[lang].format(importance=importance, occupations=names),
            }
        )
    return terms


def occupation(role: RoleProfile, lang: str, moves: CareerMoves | None = None) -> dict[str, Any]:
    """One role as a schema.org ``Occupation`` node object (with ESCO's skills when ``moves`` is given)."""
    education: list[dict[str, Any]] = []
    qualifications: list[dict[str, Any]] = []
    for req in role.education:
        if not req.credentials:
            education.append(credential_object(req, None, lang))
        for cred in req.credentials:
            is_cert = cred.category is not None and cred.category.iri == A.Certification
            (qualifications if is_cert else education).append(credential_object(req, cred, lang))
    countries = sorted(
        {s.country for s in role.salaries if s.country}
        | {o.country for o in role.sectors if o.country}
        | {h.country for h in role.hiring if h.country}
    )
    codes = [
        _clean(
            {
                "@type": "CategoryCode",
                "codeValue": code.notation,
                "identifier": str(code.term.iri),
                "name": lang_values(code.term.labels),
                # The code set's own concept (ESCO's ISCO-08 groups): what an HR system can follow.
                "sameAs": [str(m) for m in code.matches] or None,
                "inCodeSet": _clean(
                    {
                        "@type": "CategoryCodeSet",
                        "identifier": str(code.scheme.iri),
                        "name": code.scheme.label("en"),
                    }
                )
                if code.scheme
                else None,
            }
        )
        for code in role.codes
    ]
    responsibilities = [
        {
            "@value": pick(m.labels, lang) or str(m.iri),
            "@language": lang if lang in m.labels else next((x for x in ("en", "fr") if x in m.labels), ""),
        }
        for m in role.missions
    ]
    salaries = [d for d in (salary_amount(role, s, lang) for s in role.salaries) if d]
    return _clean(
        {
            "@id": str(role.iri),
            "@type": "Occupation",
            "identifier": str(role.iri),
            "name": lang_values(role.labels),
            "alternateName": lang_values(role.alt_labels),
            "description": lang_values(role.definitions),
            "responsibilities": [_drop_empty_language(r) for r in responsibilities] or None,
            "skills": [skill_term(r, lang) for r in role.skills]
            + (esco_skill_terms(moves, str(role.iri), lang) if moves is not None else [])
            or None,
            "educationRequirements": education or None,
            "qualifications": qualifications or None,
            "estimatedSalary": salaries or None,
            "occupationalCategory": codes or None,
            "occupationLocation": [{"@type": "Country", "identifier": c, "name": c} for c in countries]
            or None,
            "sameAs": [str(m.target.iri) for m in role.matches if m.relation.endswith("exactMatch")] or None,
            "subjectOf": _source_refs(Provenance(sources=role.sources)),
        }
    )


def _drop_empty_language(value: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in value.items() if not (k == "@language" and not v)}


def esco_moves(graph: Graph) -> CareerMoves | None:
    """ESCO's skills for the roles of ``graph`` (the user's ESCO import, else the layer shipped with airoles);
    None when there is no ESCO layer."""
    layer = load_layer()
    return CareerMoves(CareerIndex.from_graph(graph), layer) if layer is not None else None


def schemaorg_document(graph: Graph, lang: str = "fr", esco: bool = True) -> dict[str, Any]:
    """The schema.org JSON-LD document: ``{"@context": ..., "@graph": [Occupation, ...]}``; ``esco``: add
    ESCO's skills of the mapped occupations (when an ESCO layer is there)."""
    if lang not in WORDS:
        raise ValueError(f"unsupported language {lang!r}")
    moves = esco_moves(graph) if esco else None
    return {"@context": CONTEXT, "@graph": [occupation(p, lang, moves) for p in role_profiles(graph)]}


def serialize_schemaorg(graph: Graph, lang: str = "fr", esco: bool = True) -> bytes:
    """:func:`schemaorg_document` as UTF-8 JSON (stable key order, so builds are reproducible)."""
    document = schemaorg_document(graph, lang, esco)
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# The properties Google's occupation structured data reads (required and recommended), and the others
# schema.org's Occupation has that we fill: the coverage report counts the Occupations that have each.
OCCUPATION_PROPERTIES = (
    "name",
    "description",
    "estimatedSalary",
    "occupationLocation",
    "occupationalCategory",
    "skills",
    "responsibilities",
    "educationRequirements",
    "experienceRequirements",
    "qualifications",
    "alternateName",
    "sameAs",
    "subjectOf",
)


def coverage(document: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """How many Occupations ``document`` has, and how many of them have each of
    :data:`OCCUPATION_PROPERTIES` (a value that is not empty)."""
    occupations = [o for o in document.get("@graph", []) if o.get("@type") == "Occupation"]
    counts = {name: sum(1 for o in occupations if o.get(name)) for name in OCCUPATION_PROPERTIES}
    return len(occupations), counts


def coverage_line(document: dict[str, Any]) -> str:
    """The coverage report in one line: ``schema.org coverage of 28 Occupations: name 28, ...``."""
    total, counts = coverage(document)
    parts = ", ".join(f"{name} {n}" for name, n in counts.items())
    return f"schema.org coverage of {total} Occupations: {parts}"


__all__ = [
    "OCCUPATION_PROPERTIES",
    "UNIT_TEXTS",
    "Texts",
    "coverage",
    "coverage_line",
    "schemaorg_document",
    "serialize_schemaorg",
]
