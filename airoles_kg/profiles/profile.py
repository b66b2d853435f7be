"""Role profiles: everything the graph says about one role, as plain dataclasses.

:func:`role_profile` gathers a role's labels, families, missions, skill and education requirements, salary
figures, codes and alignments, sectors, employers, job boards, teams, organisation models, considerations,
assessments and transitions — each fact with the sources it is derived from and the article's excerpts.
Both languages are kept (a :data:`Text` maps a language tag to a string) so callers choose at display time.

Everything is read with direct triple look-ups (``graph.objects`` / ``graph.subjects``), never SPARQL
property paths (they recurse too deeply on large graphs). Qualified links are followed in both directions
(``hasMission`` or ``missionOf``, ``hasSalaryObservation`` or ``salaryOf``, ...) so the profile is the same
on the asserted graph and on the inferred one.

The data classes are in :mod:`airoles_kg.profiles.model`, the literal helpers in
:mod:`airoles_kg.profiles.literals`, the reader that fills them in :mod:`airoles_kg.profiles.reader`; this
module holds the public functions and offers every name of the three (all importable from here).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from airoles_kg.core.namespaces import ROLE, SCHEMA
from airoles_kg.core.resolve import normalise
from airoles_kg.profiles.literals import Text, Texts, pick, text_of, texts_of
from airoles_kg.profiles.model import (
    Assessment,
    Code,
    Consideration,
    Credential,
    Curated,
    DegreeLevel,
    EducationRequirement,
    Family,
    Group,
    Hiring,
    JobBoard,
    Match,
    Mission,
    Provenance,
    RoleProfile,
    RoleSummary,
    SalaryObservation,
    SectorOpportunity,
    SkillRequirement,
    SourceInfo,
    Statistic,
    Term,
    Transition,
)
from airoles_kg.profiles.reader import (
    CODE_KINDS,
    CONSIDERATION_KINDS,
    CREDENTIAL_KINDS,
    MATCH_PROPERTIES,
    SKILL_KINDS,
    A,
    _Reader,
)

# The names this module has always offered (callers import them from here), now defined in the modules above.
__all__ = [
    "A",
    "Assessment",
    "CODE_KINDS",
    "CONSIDERATION_KINDS",
    "CREDENTIAL_KINDS",
    "Code",
    "Consideration",
    "Credential",
    "Curated",
    "DegreeLevel",
    "EducationRequirement",
    "Family",
    "Group",
    "Hiring",
    "JobBoard",
    "MATCH_PROPERTIES",
    "Match",
    "Mission",
    "Provenance",
    "RoleProfile",
    "RoleSummary",
    "SKILL_KINDS",
    "SalaryObservation",
    "SectorOpportunity",
    "SkillRequirement",
    "SourceInfo",
    "Statistic",
    "Term",
    "Text",
    "Texts",
    "Transition",
    "list_roles",
    "pick",
    "role_profile",
    "role_profiles",
    "source_info",
    "text_of",
    "texts_of",
]


# ---------------------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------------------


def role_profile(graph: Graph, role: URIRef, asserted: Graph | None = None) -> RoleProfile:
    """Everything ``graph`` says about ``role`` (see :class:`RoleProfile`).

    Pass the inferred graph to see inferred families and links; pass also the ``asserted`` graph to know
    which families were asserted (:attr:`Family.asserted`). ``role`` should be an IRI from
    :func:`airoles_kg.core.resolve.resolve`; an IRI the graph knows nothing about gives an empty profile.
    """
    return _Reader(graph, asserted).profile(role)


def role_profiles(graph: Graph, roles: list[URIRef] | None = None) -> list[RoleProfile]:
    """Profiles of ``roles`` (default: every role of :func:`list_roles`), sharing one label cache."""
    reader = _Reader(graph)
    if roles is None:
        roles = [r.iri for r in list_roles(graph)]
    return [reader.profile(r) for r in roles]


def list_roles(graph: Graph) -> list[RoleSummary]:
    """Every role (an instance of airoles:Role or one of its subclasses), sorted by French label.

    Each summary has the labels, alternative labels, families and sectors, for search and filters.
    """
    reader = _Reader(graph)
    role_classes = reader.role_classes | {ROLE}
    roles = {s for cls in role_classes for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    summaries = [
        RoleSummary(
            iri=role,
            labels=text_of(graph, role, SKOS.prefLabel, RDFS.label),
            alt_labels=texts_of(graph, role, SKOS.altLabel),
            families=[Term(f.iri, f.labels) for f in reader.families(role)],
            sectors=reader.sectors_of(role),
        )
        for role in roles
    ]
    summaries.sort(key=lambda s: (normalise(s.label("fr")), str(s.iri)))
    return summaries


def source_info(graph: Graph, source: URIRef) -> SourceInfo:
    """What the graph says about a source document (or cited study): title, authors, publisher, date, ..."""
    reader = _Reader.__new__(_Reader)  # only the label cache is needed, not the class hierarchy
    reader.g, reader.asserted, reader._terms, reader._sort_keys = graph, None, {}, {}
    kinds = [
        t
        for t in graph.objects(source, RDF.type)
        if isinstance(t, URIRef) and t in (A.SourceDocument, A.Study)
    ]
    authors = set(graph.objects(source, A.authoredBy)) | {
        a for a in graph.objects(source, DCTERMS.creator) if isinstance(a, URIRef)
    }
    return SourceInfo(
        iri=source,
        title=text_of(graph, source, DCTERMS.title),
        labels=text_of(graph, source, SKOS.prefLabel, RDFS.label, DCTERMS.title),
        authors=reader.terms(list(authors)),
        author_names=sorted(str(a) for a in graph.objects(source, DCTERMS.creator) if isinstance(a, Literal)),
        publishers=sorted(
            reader.term(p).label("fr") if isinstance(p, URIRef) else str(p)
            for p in graph.objects(source, DCTERMS.publisher)
        ),
        dates=sorted(str(d) for d in graph.objects(source, DCTERMS.date)),
        identifiers=sorted(str(i) for i in graph.objects(source, DCTERMS.identifier)),
        urls=sorted(str(u) for u in graph.objects(source, SCHEMA.url)),
        kind=reader.term(sorted(kinds)[0]) if kinds else None,
    )
