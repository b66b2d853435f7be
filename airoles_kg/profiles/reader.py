"""The reader of role profiles: :class:`_Reader` reads the nodes of one graph into the data classes of
:mod:`airoles_kg.profiles.model`, section by section, caching labels and the class hierarchy.

Everything is read with direct triple look-ups, never SPARQL property paths; qualified links are followed
in both directions (``hasMission`` or ``missionOf``, ...). The public functions that use it are in
:mod:`airoles_kg.profiles.profile`.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from airoles_kg.core.classes import subclasses
from airoles_kg.core.namespaces import AIROLES, ROLE, SCHEMA
from airoles_kg.core.resolve import normalise
from airoles_kg.profiles.literals import _decimal, _int, _ints, _str, text_of, texts_of
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
    SalaryObservation,
    SectorOpportunity,
    SkillRequirement,
    Statistic,
    Term,
    Transition,
)

A = AIROLES
MATCH_PROPERTIES: tuple[URIRef, ...] = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
SKILL_KINDS: tuple[URIRef, ...] = (A.HardSkill, A.SoftSkill, A.Knowledge, A.Tool)
CREDENTIAL_KINDS: tuple[URIRef, ...] = (A.Diploma, A.Certification, A.ContinuingEducation)
CONSIDERATION_KINDS: tuple[URIRef, ...] = (A.Advantage, A.Risk)
CODE_KINDS: tuple[URIRef, ...] = (A.RomeCode, A.FapCode, A.IscoGroup)
_IMPORTANCE_RANK: dict[URIRef | None, int] = {A.Essential: 0, A.Optional: 1}


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
            matches=sorted(URIRef(str(o)) for o in self.g.objects(node, SKOS.exactMatch)),
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
