"""The data classes of a role profile: :class:`RoleProfile` and the parts it is made of.

Each fact (mission, skill or education requirement, salary figure, code, sector, employer, team, group,
consideration, assessment, transition, statistic) carries its :class:`Provenance`: the sources it is
derived from, the article's excerpts and the values added by curation. :class:`RoleSummary` is what a
search over roles needs, :class:`SourceInfo` what the graph says of a source document. They are filled by
:mod:`airoles_kg.profiles.reader`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef

from airoles_kg.core.namespaces import AIROLES
from airoles_kg.profiles.literals import Text, Texts, pick

A = AIROLES


# ---------------------------------------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A named node with its labels (skos:prefLabel, else rdfs:label, per language)."""

    iri: URIRef
    labels: Text = field(default_factory=dict, compare=False, hash=False)

    def label(self, lang: str = "fr") -> str:
        """The label in ``lang``, else English, else French, else any, else the IRI."""
        return pick(self.labels, lang) or str(self.iri)


@dataclass(frozen=True)
class Curated:
    """A value of the node that no article states, added by a curation decision (``airoles:Curation``)."""

    prop: Term  # the property whose values the decision adds (airoles:curatedProperty)
    decision: Term
    justification: Texts


@dataclass
class Provenance:
    """Where a fact comes from: the source documents and the article's supporting words, and the values of
    the node that are ours, not the articles' (``curated``)."""

    sources: list[Term] = field(default_factory=list)
    excerpts: Texts = field(default_factory=dict)
    curated: list[Curated] = field(default_factory=list)


@dataclass(frozen=True)
class Family(Term):
    """A role family (a subclass of airoles:Role the role is typed with)."""

    asserted: bool | None = field(default=None, compare=False, hash=False)
    """True if the type is in the asserted graph, False if only inferred, None when not known."""


@dataclass
class Mission:
    iri: URIRef
    order: int | None
    labels: Text
    description: Text
    categories: list[Term]
    provenance: Provenance
    skills: list[Term] = field(default_factory=list)  # what it draws on, where the article ties them
    importance: Term | None = None  # Essential where the article calls it essential, crucial...


@dataclass
class SkillRequirement:
    iri: URIRef
    skill: Term
    kind: Term | None
    """The top-level kind: HardSkill, SoftSkill, Knowledge or Tool."""
    subkind: Term | None
    """The most specific kind when finer than ``kind`` (ProgrammingLanguage, Framework, DataPlatform)."""
    importance: Term | None
    data_skill: bool
    skill_matches: list[Match]
    provenance: Provenance
    notes: Texts = field(default_factory=dict)
    schemes: list[Term] = field(default_factory=list)
    """The concept schemes the skill is in (skos:inScheme)."""


@dataclass
class DegreeLevel:
    term: Term
    eqf_level: int | None
    rncp_levels: list[int]


@dataclass
class Credential:
    term: Term
    category: Term | None
    """Diploma, Certification or ContinuingEducation."""
    degree_levels: list[DegreeLevel]
    fields: list[Term]
    providers: list[Term]
    rncp_levels: list[int]
    duration_years: Decimal | None


@dataclass
class EducationRequirement:
    iri: URIRef
    degree_levels: list[DegreeLevel]
    fields: list[Term]
    credentials: list[Credential]
    importance: Term | None
    labels: Text
    provenance: Provenance
    notes: Texts = field(default_factory=dict)


@dataclass
class SalaryObservation:
    iri: URIRef
    amount: Decimal | None
    min_amount: Decimal | None
    max_amount: Decimal | None
    currency: str | None
    # what the figure stands for (airoles:figureKind): typical, approximate, mean, maximum, range
    kind: Term | None
    period: Term | None
    basis: Term | None
    level: Term | None
    country: str | None
    year: str | None
    studies: list[Term]
    provenance: Provenance
    notes: Texts = field(default_factory=dict)


@dataclass
class Match:
    """A SKOS mapping from a node to an external concept (an ESCO occupation or skill, ...)."""

    relation: URIRef
    """skos:exactMatch, closeMatch, broadMatch or narrowMatch."""
    target: Term


@dataclass
class Code:
    term: Term
    notation: str | None
    kind: Term | None
    """RomeCode, FapCode or IscoGroup."""
    scheme: Term | None
    provenance: Provenance
    matches: list[URIRef] = field(default_factory=list)
    """The same code in another vocabulary (skos:exactMatch: an ISCO-08 group's ESCO concept), sorted."""


@dataclass
class SectorOpportunity:
    iri: URIRef
    sectors: list[Term]
    employer_types: Texts
    sizes: list[Term]  # SMEs, large companies, start-ups (airoles:organisationSize)
    kinds: list[Term]  # the kinds of employer named, as concepts (airoles:employerKind)
    country: str | None
    provenance: Provenance


@dataclass
class Hiring:
    iri: URIRef
    employers: list[Term]
    year: str | None
    country: str | None
    provenance: Provenance


@dataclass
class JobBoard:
    term: Term
    urls: list[str]


@dataclass
class Group:
    """A team the role leads, or a group / organisation model it belongs to."""

    term: Term
    kind: Term | None
    """Team, ProfileGroup or OrganisationModel."""
    members: list[Term]
    purpose: Texts
    target_size: int | None
    via: Term | None
    """For an organisation model reached through one of its profile groups: that group."""
    provenance: Provenance


@dataclass
class Consideration:
    iri: URIRef
    kind: Term | None
    """Advantage or Risk."""
    labels: Text
    description: Text
    provenance: Provenance


@dataclass
class Assessment:
    iri: URIRef
    aspect: Term | None
    rating: Term | None
    provenance: Provenance


@dataclass
class Transition:
    iri: URIRef
    direction: str
    """``"out"`` (from this role) or ``"in"`` (to this role)."""
    other: Term | None
    kind: Term | None
    conditions: Texts
    required_experience: Texts
    credentials: list[Term]  # needed, as the article says
    suggested_credentials: list[Term]  # an example or the usual path, not a condition
    provenance: Provenance


@dataclass
class Statistic:
    iri: URIRef
    value: Decimal | None
    max_value: Decimal | None
    unit: str | None
    measures: Texts
    studies: list[Term]
    provenance: Provenance


@dataclass
class RoleProfile:
    """Everything the graph says about one role."""

    iri: URIRef
    labels: Text
    alt_labels: Texts
    definitions: Text
    families: list[Family]
    missions: list[Mission]
    skills: list[SkillRequirement]
    education: list[EducationRequirement]
    salaries: list[SalaryObservation]
    codes: list[Code]
    matches: list[Match]
    sectors: list[SectorOpportunity]
    hiring: list[Hiring]
    job_boards: list[JobBoard]
    teams_led: list[Group]
    groups: list[Group]
    """Teams, profile groups and organisation models the role is a member of."""
    considerations: list[Consideration]
    assessments: list[Assessment]
    transitions_out: list[Transition]
    transitions_in: list[Transition]
    statistics: list[Statistic]
    provenance: Provenance
    """The sources and excerpts attached to the role node itself."""
    scope_notes: Texts = field(default_factory=dict)
    """What the articles say of the role as a whole (skos:scopeNote): how recent it is, how it varies..."""

    def label(self, lang: str = "fr") -> str:
        """The role's label in ``lang`` (with fallback)."""
        return pick(self.labels, lang) or str(self.iri)

    @property
    def organisation_models(self) -> list[Group]:
        """The organisation models the role belongs to (directly or through a profile group)."""
        return [g for g in self.groups if g.kind is not None and g.kind.iri == A.OrganisationModel]

    @property
    def sources(self) -> list[Term]:
        """Every source cited anywhere in the profile, without repeats, in order of first citation."""
        seen: dict[URIRef, Term] = {}
        for prov in self._provenances():
            for src in prov.sources:
                seen.setdefault(src.iri, src)
        return list(seen.values())

    def _provenances(self) -> list[Provenance]:
        items: list[Provenance] = [self.provenance]
        for group in (
            self.missions,
            self.skills,
            self.education,
            self.salaries,
            self.codes,
            self.sectors,
            self.hiring,
            self.teams_led,
            self.groups,
            self.considerations,
            self.assessments,
            self.transitions_out,
            self.transitions_in,
            self.statistics,
        ):
            items += [item.provenance for item in group]
        return items


@dataclass
class RoleSummary:
    """What a search or filter over roles needs."""

    iri: URIRef
    labels: Text
    alt_labels: Texts
    families: list[Term]
    sectors: list[Term]

    def label(self, lang: str = "fr") -> str:
        return pick(self.labels, lang) or str(self.iri)


@dataclass
class SourceInfo:
    """A source document (or cited study) as the graph describes it."""

    iri: URIRef
    title: Text
    labels: Text
    authors: list[Term]
    """Authors given as nodes (airoles:authoredBy, or dcterms:creator with an IRI)."""
    author_names: list[str]
    """Authors given as plain text (dcterms:creator literals)."""
    publishers: list[str]
    dates: list[str]
    identifiers: list[str]
    urls: list[str]
    kind: Term | None
