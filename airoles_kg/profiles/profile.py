"""Role profiles: everything the graph says about one role, as plain dataclasses.

:func:`role_profile` gathers a role's labels, families, missions, skill and education requirements, salary
figures, codes and alignments, sectors, employers, job boards, teams, organisation models, considerations,
assessments and transitions — each fact with the sources it is derived from and the article's excerpts.
Both languages are kept (a :data:`Text` maps a language tag to a string) so callers choose at display time.

Everything is read with direct triple look-ups (``graph.objects`` / ``graph.subjects``), never SPARQL
property paths (they recurse too deeply on large graphs). Qualified links are followed in both directions
(``hasMission`` or ``missionOf``, ``hasSalaryObservation`` or ``salaryOf``, ...) so the profile is the same
on the asserted graph and on the inferred one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from airoles_kg.core.classes import subclasses
from airoles_kg.core.namespaces import AIROLES, ROLE, SCHEMA
from airoles_kg.core.resolve import normalise

Text = dict[str, str]
"""Language tag -> text (``""`` for a literal without language). One value per language."""
Texts = dict[str, list[str]]
"""Language tag -> texts, for properties that may repeat (alternative labels, excerpts, notes)."""

A = AIROLES
MATCH_PROPERTIES: tuple[URIRef, ...] = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
SKILL_KINDS: tuple[URIRef, ...] = (A.HardSkill, A.SoftSkill, A.Knowledge, A.Tool)
CREDENTIAL_KINDS: tuple[URIRef, ...] = (A.Diploma, A.Certification, A.ContinuingEducation)
CONSIDERATION_KINDS: tuple[URIRef, ...] = (A.Advantage, A.Risk)
CODE_KINDS: tuple[URIRef, ...] = (A.RomeCode, A.FapCode, A.IscoGroup)
_IMPORTANCE_RANK: dict[URIRef | None, int] = {A.Essential: 0, A.Optional: 1}


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


# ---------------------------------------------------------------------------------------------------------
# Literal helpers
# ---------------------------------------------------------------------------------------------------------


def pick(text: Text, lang: str = "fr") -> str | None:
    """The value of ``text`` in ``lang``, else English, else French, else untagged, else any."""
    for wanted in (lang, "en", "fr", ""):
        if wanted in text:
            return text[wanted]
    return next(iter(text.values()), None) if text else None


def text_of(graph: Graph, node: Node, *props: URIRef) -> Text:
    """One string per language from the first of ``props`` that has it (smallest value when several)."""
    result: Text = {}
    for prop in props:
        for value in sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal)):
            result.setdefault(value.language or "", str(value))
    return result


def texts_of(graph: Graph, node: Node, *props: URIRef) -> Texts:
    """Every string of ``props`` per language, sorted, without repeats."""
    result: Texts = {}
    for prop in props:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                bucket = result.setdefault(value.language or "", [])
                if str(value) not in bucket:
                    bucket.append(str(value))
    for bucket in result.values():
        bucket.sort()
    return result


def _merge_texts(into: Texts, more: Texts) -> None:
    for lang, values in more.items():
        bucket = into.setdefault(lang, [])
        bucket += [v for v in values if v not in bucket]


def _first_literal(graph: Graph, node: Node, prop: URIRef) -> Literal | None:
    values = sorted(v for v in graph.objects(node, prop) if isinstance(v, Literal))
    return values[0] if values else None


def _str(graph: Graph, node: Node, prop: URIRef) -> str | None:
    value = _first_literal(graph, node, prop)
    return str(value) if value is not None else None


def _decimal(graph: Graph, node: Node, prop: URIRef) -> Decimal | None:
    value = _first_literal(graph, node, prop)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = _decimal(graph, node, prop)
    return int(value) if value is not None else None


def _ints(graph: Graph, node: Node, prop: URIRef) -> list[int]:
    out: set[int] = set()
    for value in graph.objects(node, prop):
        try:
            out.add(int(Decimal(str(value))))
        except ArithmeticError:
            continue
    return sorted(out)


# ---------------------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------------------


class _Reader:
    """Reads nodes of one graph; caches labels and the class hierarchy of the vocabulary."""

    def __init__(self, graph: Graph, asserted: Graph | None = None) -> None:
        self.g = graph
        self.asserted = asserted
        self._terms: dict[URIRef, Term] = {}
        self._below: dict[URIRef, set[URIRef]] = {}
        self._sort_keys: dict[URIRef, tuple[str, str]] = {}
        self.role_classes = subclasses(graph, ROLE) - {ROLE}
        # Each skill class -> the top-level kind it falls under (HardSkill, SoftSkill, Knowledge, Tool).
        self.skill_kind: dict[URIRef, URIRef] = {}
        for kind in SKILL_KINDS:
            for cls in subclasses(graph, kind):
                self.skill_kind.setdefault(cls, kind)
        self.data_skill_classes = subclasses(graph, A.DataSkill)
        self.credential_kind = self._kind_map(CREDENTIAL_KINDS)
        self.consideration_kind = self._kind_map(CONSIDERATION_KINDS)
        self.code_kind = self._kind_map(CODE_KINDS)
        self.group_kind = self._kind_map((A.Team, A.ProfileGroup, A.OrganisationModel))

    def below(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and its subclasses (cached)."""
        found = self._below.get(cls)
        if found is None:
            found = self._below[cls] = subclasses(self.g, cls)
        return found

    def _kind_map(self, kinds: tuple[URIRef, ...]) -> dict[URIRef, URIRef]:
        mapping: dict[URIRef, URIRef] = {}
        for kind in kinds:
            for cls in subclasses(self.g, kind):
                mapping.setdefault(cls, kind)
        return mapping

    # -- generic -------------------------------------------------------------------------------------

    def term(self, node: Node) -> Term:
        """``node`` as a Term with its labels (cached)."""
        iri = URIRef(str(node))
        cached = self._terms.get(iri)
        if cached is None:
            labels = text_of(self.g, node, SKOS.prefLabel, RDFS.label, DCTERMS.title) or text_of(
                self.g, node, SKOS.notation
            )  # a code without a label is known by its notation
            cached = self._terms[iri] = Term(iri, labels)
        return cached

    def terms(self, nodes: set[Node] | list[Node]) -> list[Term]:
        """Terms sorted by French label then IRI."""
        terms = [self.term(n) for n in set(nodes) if isinstance(n, URIRef)]
        if len(terms) < 2:
            return terms
        return sorted(terms, key=self.sort_key)

    def sort_key(self, term: Term) -> tuple[str, str]:
        """(normalised French label, IRI), cached: the same terms are sorted over and over."""
        key = self._sort_keys.get(term.iri)
        if key is None:
            key = self._sort_keys[term.iri] = (normalise(term.label("fr")), str(term.iri))
        return key

    def linked(self, node: Node, forward: URIRef, backward: URIRef | None = None) -> set[Node]:
        """Objects of ``node forward ?x`` plus subjects of ``?x backward node`` (a link and its inverse)."""
        found: set[Node] = set(self.g.objects(node, forward))
        if backward is not None:
            found |= set(self.g.subjects(backward, node))
        return found

    def provenance(self, node: Node) -> Provenance:
        return Provenance(
            sources=self.terms(list(self.g.objects(node, PROV.wasDerivedFrom))),
            excerpts=texts_of(self.g, node, A.excerpt),
            curated=self.curated(node),
        )

    def curated(self, node: Node) -> list[Curated]:
        """The curation decisions that add values to ``node``, one entry per property, sorted."""
        found = [
            Curated(self.term(prop), self.term(decision), texts_of(self.g, decision, A.justification))
            for decision in self.g.subjects(A.curates, node)
            for prop in self.g.objects(decision, A.curatedProperty)
        ]
        return sorted(found, key=lambda c: (str(c.prop.iri), str(c.decision.iri)))

    def kind_of(self, node: Node, mapping: dict[URIRef, URIRef]) -> Term | None:
        kinds = sorted(
            {mapping[t] for t in self.g.objects(node, RDF.type) if isinstance(t, URIRef) and t in mapping}
        )
        return self.term(kinds[0]) if kinds else None

    def one(self, node: Node, prop: URIRef) -> Term | None:
        values = self.terms(list(self.g.objects(node, prop)))
        return values[0] if values else None

    def matches(self, node: Node) -> list[Match]:
        found = [
            Match(prop, self.term(target))
            for prop in MATCH_PROPERTIES
            for target in self.g.objects(node, prop)
            if isinstance(target, URIRef)
        ]
        return sorted(found, key=lambda m: (MATCH_PROPERTIES.index(m.relation), str(m.target.iri)))

    # -- sections ------------------------------------------------------------------------------------

    def families(self, role: URIRef) -> list[Family]:
        out: list[Family] = []
        for cls in self.terms([t for t in self.g.objects(role, RDF.type) if t in self.role_classes]):
            asserted = None if self.asserted is None else (role, RDF.type, cls.iri) in self.asserted
            out.append(Family(cls.iri, cls.labels, asserted))
        return out

    def mission(self, node: Node) -> Mission:
        return Mission(
            iri=URIRef(str(node)),
            order=_int(self.g, node, A.missionOrder),
            labels=text_of(self.g, node, SKOS.prefLabel, RDFS.label),
            description=text_of(self.g, node, SKOS.definition, DCTERMS.description),
            categories=self.terms(list(self.g.objects(node, A.missionCategory))),
            provenance=self.provenance(node),
            skills=self.terms(list(self.g.objects(node, A.usesSkill))),
            importance=self.one(node, A.importance),
        )

    def skill_requirement(self, node: Node) -> SkillRequirement | None:
        skill = self.one(node, A.requiresSkill)
        if skill is None:
            return None
        types = set(self.g.objects(skill.iri, RDF.type))
        skill_classes = [t for t in types if isinstance(t, URIRef) and t in self.skill_kind]
        top = sorted({self.skill_kind[t] for t in skill_classes})
        # The most specific kind: a class none of whose subclasses is also among the skill's types.
        specific = sorted(
            t
            for t in skill_classes
            if t not in SKILL_KINDS and not any(o != t and o in self.below(t) for o in skill_classes)
        )
        return SkillRequirement(
            iri=URIRef(str(node)),
            skill=skill,
            kind=self.term(top[0]) if top else None,
            subkind=self.term(specific[0]) if specific else None,
            importance=self.one(node, A.importance),
            data_skill=any(t in self.data_skill_classes for t in types),
            skill_matches=self.matches(skill.iri),
            provenance=self.provenance(node),
            notes=texts_of(self.g, node, SKOS.note),
            schemes=self.terms(list(self.g.objects(skill.iri, SKOS.inScheme))),
        )

    def degree_level(self, node: Node) -> DegreeLevel:
        return DegreeLevel(self.term(node), _int(self.g, node, A.eqfLevel), _ints(self.g, node, A.rncpLevel))

    def degree_levels(self, node: Node) -> list[DegreeLevel]:
        return [self.degree_level(t.iri) for t in self.terms(list(self.g.objects(node, A.degreeLevel)))]

    def credential(self, node: Node) -> Credential:
        return Credential(
            term=self.term(node),
            category=self.kind_of(node, self.credential_kind),
            degree_levels=self.degree_levels(node),
            fields=self.terms(list(self.g.objects(node, A.fieldOfStudy))),
            providers=self.terms(list(self.g.objects(node, A.offeredBy))),
            rncp_levels=_ints(self.g, node, A.rncpLevel),
            duration_years=_decimal(self.g, node, A.durationYears),
        )

    def credentials(self, node: Node) -> list[Credential]:
        return [self.credential(t.iri) for t in self.terms(list(self.g.objects(node, A.credential)))]

    def education(self, node: Node) -> EducationRequirement:
        return EducationRequirement(
            iri=URIRef(str(node)),
            degree_levels=self.degree_levels(node),
            fields=self.terms(list(self.g.objects(node, A.fieldOfStudy))),
            credentials=self.credentials(node),
            importance=self.one(node, A.importance),
            labels=text_of(self.g, node, SKOS.prefLabel, RDFS.label),
            provenance=self.provenance(node),
            notes=texts_of(self.g, node, SKOS.note),
        )

    def salary(self, node: Node) -> SalaryObservation:
        return SalaryObservation(
            iri=URIRef(str(node)),
            amount=_decimal(self.g, node, A.amount),
            min_amount=_decimal(self.g, node, A.minAmount),
            max_amount=_decimal(self.g, node, A.maxAmount),
            currency=_str(self.g, node, A.currency),
            kind=self.one(node, A.figureKind),
            period=self.one(node, A.payPeriod),
            basis=self.one(node, A.payBasis),
            level=self.one(node, A.experienceLevel),
            country=_str(self.g, node, A.country),
            year=_str(self.g, node, A.observedIn),
            studies=self.terms(list(self.g.objects(node, A.basedOnStudy))),
            provenance=self.provenance(node),
            notes=texts_of(self.g, node, SKOS.note, RDFS.comment),
        )

    def code(self, node: Node) -> Code:
        return Code(
            term=self.term(node),
            notation=_str(self.g, node, SKOS.notation),
            kind=self.kind_of(node, self.code_kind),
            scheme=self.one(node, SKOS.inScheme),
            provenance=self.provenance(node),
        )

    def sector_opportunity(self, node: Node) -> SectorOpportunity:
        return SectorOpportunity(
            iri=URIRef(str(node)),
            sectors=self.terms(list(self.g.objects(node, A.inSector))),
            employer_types=texts_of(self.g, node, A.employerTypes),
            country=_str(self.g, node, A.country),
            sizes=self.terms(list(self.g.objects(node, A.organisationSize))),
            kinds=self.terms(list(self.g.objects(node, A.employerKind))),
            provenance=self.provenance(node),
        )

    def hiring(self, node: Node) -> Hiring:
        return Hiring(
            iri=URIRef(str(node)),
            employers=self.terms(list(self.g.objects(node, A.hiringEmployer))),
            year=_str(self.g, node, A.observedIn),
            country=_str(self.g, node, A.country),
            provenance=self.provenance(node),
        )

    def group(self, node: Node, via: Term | None = None) -> Group:
        members = self.linked(node, A.hasMemberRole, A.memberOf)
        for sub in self.g.objects(node, A.hasProfileGroup):  # the chain hasProfileGroup o hasMemberRole
            members |= self.linked(sub, A.hasMemberRole, A.memberOf)
        return Group(
            term=self.term(node),
            kind=self.kind_of(node, self.group_kind),
            members=self.terms(list(members)),
            purpose=texts_of(self.g, node, A.purpose),
            target_size=_int(self.g, node, A.targetSize),
            via=via,
            provenance=self.provenance(node),
        )

    def consideration(self, node: Node) -> Consideration:
        return Consideration(
            iri=URIRef(str(node)),
            kind=self.kind_of(node, self.consideration_kind),
            labels=text_of(self.g, node, SKOS.prefLabel, RDFS.label),
            description=text_of(self.g, node, SKOS.definition, DCTERMS.description, RDFS.comment),
            provenance=self.provenance(node),
        )

    def assessment(self, node: Node) -> Assessment:
        return Assessment(
            iri=URIRef(str(node)),
            aspect=self.one(node, A.assessedAspect),
            rating=self.one(node, A.rating),
            provenance=self.provenance(node),
        )

    def transition(self, node: Node, role: URIRef, direction: str) -> Transition:
        other_prop = A.toRole if direction == "out" else A.fromRole
        others = [t for t in self.terms(list(self.g.objects(node, other_prop)))]
        return Transition(
            iri=URIRef(str(node)),
            direction=direction,
            other=others[0] if others else None,
            kind=self.one(node, A.transitionKind),
            conditions=texts_of(self.g, node, A.conditions),
            required_experience=texts_of(self.g, node, A.requiredExperience),
            credentials=self.terms(list(self.g.objects(node, A.requiresCredential))),
            suggested_credentials=self.terms(list(self.g.objects(node, A.suggestedCredential))),
            provenance=self.provenance(node),
        )

    def statistic(self, node: Node) -> Statistic:
        return Statistic(
            iri=URIRef(str(node)),
            value=_decimal(self.g, node, A.value),
            max_value=_decimal(self.g, node, A.maxValue),
            unit=_str(self.g, node, A.unit),
            measures=texts_of(self.g, node, A.measures),
            studies=self.terms(list(self.g.objects(node, A.basedOnStudy))),
            provenance=self.provenance(node),
        )

    def sectors_of(self, role: URIRef) -> list[Term]:
        sectors: set[Node] = set(self.g.objects(role, A.worksInSector))
        for opp in self.g.subjects(A.opportunityFor, role):
            sectors |= set(self.g.objects(opp, A.inSector))
        return self.terms(list(sectors))

    # -- the profile ---------------------------------------------------------------------------------

    def profile(self, role: URIRef) -> RoleProfile:
        g = self.g
        missions = [self.mission(m) for m in self.linked(role, A.hasMission, A.missionOf)]
        missions.sort(key=lambda m: (m.order is None, m.order or 0, str(m.iri)))

        skills = [
            r
            for r in map(self.skill_requirement, self.linked(role, A.hasSkillRequirement, A.requirementOf))
            if r
        ]
        skills.sort(
            key=lambda r: (
                _IMPORTANCE_RANK.get(r.importance.iri if r.importance else None, 2),
                normalise(r.skill.label("fr")),
                str(r.iri),
            )
        )

        education = [self.education(e) for e in self.linked(role, A.hasEducationRequirement, A.educationFor)]
        education.sort(
            key=lambda e: (_IMPORTANCE_RANK.get(e.importance.iri if e.importance else None, 2), str(e.iri))
        )

        salaries = [self.salary(s) for s in self.linked(role, A.hasSalaryObservation, A.salaryOf)]
        salaries.sort(key=lambda s: (_level_rank(s.level), str(s.iri)))

        codes = [self.code(c.iri) for c in self.terms(list(g.objects(role, A.hasOccupationCode)))]
        codes.sort(key=lambda c: (c.kind.label("en") if c.kind else "", c.notation or "", str(c.term.iri)))

        teams_led = [self.group(t.iri) for t in self.terms(list(self.linked(role, A.leadsTeam, A.ledBy)))]

        groups: list[Group] = []
        direct = self.terms(list(self.linked(role, A.memberOf, A.hasMemberRole)))
        for grp in direct:
            groups.append(self.group(grp.iri))
        direct_iris = {t.iri for t in direct}
        for grp in direct:  # organisation models reached through one of their profile groups
            for model in self.terms(list(g.subjects(A.hasProfileGroup, grp.iri))):
                if model.iri not in direct_iris:
                    direct_iris.add(model.iri)
                    groups.append(self.group(model.iri, via=grp))

        concerned = sorted(set(g.subjects(A.concerns, role)), key=str)
        considerations = [
            self.consideration(c)
            for c in concerned
            if any(t in self.consideration_kind for t in g.objects(c, RDF.type))
            or (c, RDF.type, A.Consideration) in g
        ]
        assessments = [
            self.assessment(c)
            for c in concerned
            if (c, RDF.type, A.RoleAssessment) in g or (c, A.assessedAspect, None) in g
        ]

        out_nodes = self.linked(role, A.hasOutgoingTransition, A.fromRole)
        in_nodes = self.linked(role, A.hasIncomingTransition, A.toRole)
        transitions_out = sorted((self.transition(t, role, "out") for t in out_nodes), key=_transition_key)
        transitions_in = sorted((self.transition(t, role, "in") for t in in_nodes), key=_transition_key)

        return RoleProfile(
            iri=role,
            labels=text_of(g, role, SKOS.prefLabel, RDFS.label),
            alt_labels=texts_of(g, role, SKOS.altLabel),
            definitions=text_of(g, role, SKOS.definition),
            families=self.families(role),
            missions=missions,
            skills=skills,
            education=education,
            salaries=salaries,
            codes=codes,
            matches=self.matches(role),
            sectors=sorted(
                (self.sector_opportunity(o) for o in g.subjects(A.opportunityFor, role)),
                key=lambda o: (
                    [normalise(s.label("fr")) for s in [*o.sectors, *o.sizes]],
                    str(o.iri),
                ),
            ),
            hiring=sorted((self.hiring(h) for h in g.subjects(A.hiringFor, role)), key=lambda h: str(h.iri)),
            job_boards=[
                JobBoard(b, sorted(str(u) for u in g.objects(b.iri, SCHEMA.url)))
                for b in self.terms(list(g.objects(role, A.offersPublishedOn)))
            ],
            teams_led=teams_led,
            groups=groups,
            considerations=considerations,
            assessments=assessments,
            transitions_out=transitions_out,
            transitions_in=transitions_in,
            statistics=sorted(
                (self.statistic(s) for s in g.subjects(A.statisticAbout, role)), key=lambda s: str(s.iri)
            ),
            provenance=self.provenance(role),
            scope_notes=texts_of(g, role, SKOS.scopeNote),
        )


_LEVEL_RANK = {A.Beginner: 0, A.Intermediate: 1, A.Confirmed: 2}


def _level_rank(level: Term | None) -> int:
    return _LEVEL_RANK.get(level.iri, 3) if level is not None else 3


def _transition_key(t: Transition) -> tuple[str, str]:
    return (normalise(t.other.label("fr")) if t.other else "", str(t.iri))


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
