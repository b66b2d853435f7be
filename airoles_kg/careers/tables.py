"""The tables of the career index and how they are built: :class:`IndexTables`, the data of a
:class:`airoles_kg.careers.questions.CareerIndex`.

:meth:`IndexTables.from_graph` scans a graph a few times per predicate (never SPARQL joins, never property
paths) into plain dicts, sets and adjacency lists: roles and skills, transitions as edges (stated or
entailed, with the axiom named), skill requirements, labels and their sort keys, ESCO mappings. The name
look-ups are answered from them: a node's best label, sort key and CURIE, and the role or skill a name, IRI
or CURIE stands for. The questions asked of the index (paths, gaps, reachable roles, matches) are in
:mod:`airoles_kg.careers.questions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Self

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from airoles_kg.careers.results import ESSENTIAL, OPTIONAL, SKILL_KINDS
from airoles_kg.core.classes import subclasses
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import AIROLES, CAREER_TRANSITION, ESCO_BASE, ROLE, SKILL
from airoles_kg.core.resolve import NameIndex, normalise
from airoles_kg.core.store import pairs, string_pairs, texts

IMPORTANCE_BY_IRI = {str(AIROLES.Essential): ESSENTIAL, str(AIROLES.Optional): OPTIONAL}
LANGUAGES = ("fr", "en")  # label languages precomputed in the index (others are computed on demand)

# Label properties by preference (lower rank wins for display); altLabels only serve name look-up.
_DISPLAY_PROPS = ((SKOS.prefLabel, 0), (RDFS.label, 1), (DCTERMS.title, 0))
_CANBECOME_AXIOM_FALLBACK = (
    "airoles:canBecome owl:propertyChainAxiom ( airoles:hasOutgoingTransition airoles:toRole )"
)


@dataclass(frozen=True)
class _Edge:
    transition: str | None
    frm: str
    to: str
    entailed: bool
    axiom: str | None


@dataclass
class _TransitionInfo:
    kind: str | None = None
    conditions: list[tuple[str, str | None]] = field(default_factory=list)
    experience: list[tuple[str, str | None]] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    suggested_credentials: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    excerpts: list[tuple[str, str | None]] = field(default_factory=list)


ESCO_MAPPING_RELATIONS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass
class IndexTables:
    """The data of a :class:`~airoles_kg.careers.index.CareerIndex` (build with :meth:`from_graph`) and the
    name look-ups over it."""

    roles: set[str] = field(default_factory=set)
    skills: set[str] = field(default_factory=set)
    out_edges: dict[str, list[_Edge]] = field(default_factory=dict)
    in_edges: dict[str, list[_Edge]] = field(default_factory=dict)
    transitions: dict[str, _TransitionInfo] = field(default_factory=dict)
    # role -> skill -> importance (essential wins when a role lists a skill twice)
    requirements: dict[str, dict[str, str]] = field(default_factory=dict)
    skill_roles: dict[str, set[str]] = field(default_factory=dict)  # skill -> roles listing it
    skill_kind: dict[str, str] = field(default_factory=dict)
    labels: dict[str, list[tuple[int, str | None, str]]] = field(default_factory=dict)  # (rank, lang, text)
    # Best label and its normalised sort key per language, precomputed: answers sort hundreds of names.
    display: dict[str, dict[str, str]] = field(default_factory=dict)
    sort_keys: dict[str, dict[str, str]] = field(default_factory=dict)
    # normalised name -> the roles (skills) it names, sorted: the data of role_names and skill_names, kept as
    # plain strings (unpickling the NameIndexes' URIRefs took 1.1 of the 3.8 s a 30,000-role index took)
    role_name_iris: dict[str, list[str]] = field(default_factory=dict)
    skill_name_iris: dict[str, list[str]] = field(default_factory=dict)
    _names: dict[str, NameIndex] = field(default_factory=dict, repr=False, compare=False)
    prefixes: dict[str, str] = field(default_factory=dict)
    # role or skill -> [(SKOS mapping relation's local name, ESCO IRI)], sorted (mappings/*.sssom.tsv)
    esco_mappings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    # -- construction -------------------------------------------------------------------------------------

    @classmethod
    def from_graph(cls, graph: Graph, asserted: Graph | None = None) -> Self:
        """Index ``graph`` (normally the inferred graph). ``asserted`` is the graph before reasoning: a
        transition node typed ``airoles:CareerTransition`` there is *stated*; one typed only in ``graph``
        (e.g. through the domain of ``airoles:fromRole``) and ``airoles:canBecome`` links with no
        transition node are *entailed*. Without ``asserted``, ``graph`` is taken as asserted."""
        idx = cls()
        stated_graph = asserted if asserted is not None else graph
        idx.prefixes = {p: str(ns) for p, ns in graph.namespace_manager.namespaces()}

        role_classes = subclasses(graph, ROLE)
        for c in role_classes:
            idx.roles.update(str(s) for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef))
        for c in subclasses(graph, SKILL):
            idx.skills.update(str(s) for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef))
        for name, kind_cls in reversed(SKILL_KINDS):  # reversed: the first kind in display order wins
            for c in subclasses(graph, kind_cls):
                for s in graph.subjects(RDF.type, c):
                    if isinstance(s, URIRef):
                        idx.skill_kind[str(s)] = name

        idx._index_transitions(graph, stated_graph)
        idx._index_requirements(graph)
        idx._index_labels(graph)
        idx._index_mappings(graph)
        return idx

    def _index_mappings(self, graph: Graph) -> None:
        for relation in ESCO_MAPPING_RELATIONS:
            predicate = SKOS.__getitem__(relation)  # SKOS[relation], which mypy would read as a generic type
            for s, o in pairs(graph, predicate):
                node, target = str(s), str(o)
                if (node in self.roles or node in self.skills) and target.startswith(ESCO_BASE):
                    self.esco_mappings.setdefault(node, []).append((relation, target))
        for found in self.esco_mappings.values():
            found.sort()

    def _index_transitions(self, graph: Graph, stated_graph: Graph) -> None:
        frm: dict[str, str] = {}
        to: dict[str, str] = {}
        # The inverse properties count too, so an asserted-only graph written either way is read the same.
        for t, r in string_pairs(graph, AIROLES.fromRole):
            frm[t] = r
        for r, t in string_pairs(graph, AIROLES.hasOutgoingTransition):
            frm.setdefault(t, r)
        for t, r in string_pairs(graph, AIROLES.toRole):
            to[t] = r
        for r, t in string_pairs(graph, AIROLES.hasIncomingTransition):
            to.setdefault(t, r)
        stated = {str(t) for t in stated_graph.subjects(RDF.type, CAREER_TRANSITION)}
        linked: set[tuple[str, str]] = set()
        for transition in sorted(frm.keys() & to.keys()):
            a, b = frm[transition], to[transition]
            entailed = transition not in stated
            axiom = None
            if entailed:
                # Not typed as a transition in the asserted graph: it is one because of the ontology's axioms.
                axiom = "airoles:fromRole rdfs:domain airoles:CareerTransition"
                # stated from the role's side
                if (URIRef(transition), AIROLES.fromRole, None) not in stated_graph:
                    axiom = "airoles:fromRole owl:inverseOf airoles:hasOutgoingTransition ; " + axiom
            self._add_edge(_Edge(transition, a, b, entailed, axiom))
            self.transitions[transition] = _TransitionInfo()
            linked.add((a, b))
        # canBecome links that no transition node supports: only the reasoner can have put them there.
        for pair in string_pairs(graph, AIROLES.canBecome):
            if pair not in linked and pair[0] != pair[1]:
                linked.add(pair)
                self._add_edge(_Edge(None, pair[0], pair[1], True, _canbecome_axiom(graph)))

        infos = self.transitions
        for t, k in string_pairs(graph, AIROLES.transitionKind):
            if t in infos:
                infos[t].kind = k
        for prop, attr in (
            (AIROLES.conditions, "conditions"),
            (AIROLES.requiredExperience, "experience"),
            (AIROLES.excerpt, "excerpts"),
        ):
            for t, text, language in texts(graph, prop):
                if t in infos:
                    getattr(infos[t], attr).append((text, language))
        for prop, attr in (
            (AIROLES.requiresCredential, "credentials"),
            (AIROLES.suggestedCredential, "suggested_credentials"),
            (PROV.wasDerivedFrom, "sources"),
        ):
            for node, value in pairs(graph, prop):
                info = infos.get(str(node))
                if info is not None and isinstance(value, URIRef):
                    getattr(info, attr).append(str(value))
        for info in infos.values():  # deterministic order whatever the graph's iteration order
            info.conditions.sort()
            info.experience.sort()
            info.excerpts.sort()
            info.credentials = sorted(set(info.credentials))
            info.suggested_credentials = sorted(set(info.suggested_credentials))
            info.sources = sorted(set(info.sources))
        for edges in self.out_edges.values():
            edges.sort(key=lambda e: (e.to, e.transition or ""))
        for edges in self.in_edges.values():
            edges.sort(key=lambda e: (e.frm, e.transition or ""))

    def _add_edge(self, edge: _Edge) -> None:
        self.roles.update((edge.frm, edge.to))
        self.out_edges.setdefault(edge.frm, []).append(edge)
        self.in_edges.setdefault(edge.to, []).append(edge)

    def _index_requirements(self, graph: Graph) -> None:
        owner: dict[str, str] = {}
        for req, role in string_pairs(graph, AIROLES.requirementOf):
            owner[req] = role
        for role, req in string_pairs(graph, AIROLES.hasSkillRequirement):
            owner.setdefault(req, role)
        skill_of = dict(string_pairs(graph, AIROLES.requiresSkill))
        importance = {
            r: IMPORTANCE_BY_IRI.get(i, OPTIONAL) for r, i in string_pairs(graph, AIROLES.importance)
        }
        for requirement, owner_role in owner.items():
            skill = skill_of.get(requirement)
            if skill is None:
                continue
            # A requirement without a stated importance is counted as optional: never overstate a need.
            imp = importance.get(requirement, OPTIONAL)
            self.roles.add(owner_role)
            self.skills.add(skill)
            per_role = self.requirements.setdefault(owner_role, {})
            if per_role.get(skill) != ESSENTIAL:
                per_role[skill] = imp
            self.skill_roles.setdefault(skill, set()).add(owner_role)

    def _index_labels(self, graph: Graph) -> None:
        wanted = set(self.roles) | set(self.skills)
        for info in self.transitions.values():
            if info.kind:
                wanted.add(info.kind)
            wanted.update(info.credentials)
            wanted.update(info.suggested_credentials)
            wanted.update(info.sources)
        role_names: dict[str, set[str]] = {}
        skill_names: dict[str, set[str]] = {}
        for prop, rank in (*_DISPLAY_PROPS, (SKOS.altLabel, None)):
            is_title = prop == DCTERMS.title
            for key, text, language in texts(graph, prop):
                if key not in wanted:
                    continue
                if rank is not None and not (is_title and key in self.roles):
                    self.labels.setdefault(key, []).append((rank, language, text))
                if is_title:
                    continue  # a title names a document, not a role or skill to look up
                name = normalise(text)
                if key in self.roles:
                    role_names.setdefault(name, set()).add(key)
                if key in self.skills:
                    skill_names.setdefault(name, set()).add(key)
        for values in self.labels.values():
            values.sort()
        for lang in LANGUAGES:
            shown = {iri: self._best_label(iri, lang) for iri in wanted}
            self.display[lang] = shown
            self.sort_keys[lang] = {iri: normalise(text) for iri, text in shown.items()}
        self.role_name_iris = {name: sorted(iris) for name, iris in sorted(role_names.items())}
        self.skill_name_iris = {name: sorted(iris) for name, iris in sorted(skill_names.items())}
        self._names.clear()

    def __getstate__(self) -> dict[str, object]:
        """What is pickled: the tables, not the name indexes built from them on first use."""
        state = self.__dict__.copy()
        state["_names"] = {}
        return state

    @property
    def role_names(self) -> NameIndex:
        """The roles' names, for :meth:`resolve_role` (built on first use)."""
        return self._name_index("role", self.role_name_iris, self.roles)

    @property
    def skill_names(self) -> NameIndex:
        """The skills' names, for :meth:`resolve_skill` (built on first use)."""
        return self._name_index("skill", self.skill_name_iris, self.skills)

    def _name_index(self, kind: str, names: dict[str, list[str]], members: set[str]) -> NameIndex:
        found = self._names.get(kind)
        if found is None:
            by_name = {name: {URIRef(iri) for iri in iris} for name, iris in names.items()}
            found = self._names[kind] = NameIndex(by_name, {URIRef(m): self.label(m) for m in members})
        return found

    # -- names ------------------------------------------------------------------------------------------

    def label(self, iri: str, lang: str = "fr") -> str:
        """Best label of ``iri``: prefLabel (or title) then rdfs:label, in ``lang``, then en, fr, any; else
        the CURIE (same preferences as :func:`airoles_kg.core.resolve.label`)."""
        shown = self.display.get(lang, {}).get(iri)
        return shown if shown is not None else self._best_label(iri, lang)

    def sort_key(self, iri: str, lang: str = "fr") -> str:
        """The normalised label of ``iri``, for ordering names as people read them."""
        key = self.sort_keys.get(lang, {}).get(iri)
        return key if key is not None else normalise(self.label(iri, lang))

    def _best_label(self, iri: str, lang: str) -> str:
        values = self.labels.get(iri)
        if values:
            for wanted in (lang, "en", "fr", None):
                for rank in (0, 1):
                    for r, language, text in values:
                        if r == rank and (wanted is None or language == wanted):
                            return text
        return self.curie(iri)

    def curie(self, iri: str) -> str:
        best = ""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(ns) > len(best) and prefix:
                best = ns
                curie = f"{prefix}:{iri[len(ns) :]}"
        return curie if best else iri

    def resolve_role(self, name: str) -> str:
        """The role named ``name`` (label/altLabel in any language, any case or accents; IRI; CURIE).

        Same rules and messages as :func:`airoles_kg.core.resolve.resolve`, answered from the index.
        """
        return self._resolve(name, self.roles, self.role_names, "role")

    def resolve_skill(self, name: str) -> str:
        """The skill named ``name`` (same rules as :meth:`resolve_role`)."""
        return self._resolve(name, self.skills, self.skill_names, "skill")

    def _resolve(self, name: str, known: set[str], names: NameIndex, kind: str) -> str:
        iri = self._as_iri(name)
        if iri is not None:
            if iri in known:
                return iri
            raise AirolesError(f"unknown {kind} IRI: {iri}")
        return str(names.find(name, kind))

    def _as_iri(self, name: str) -> str | None:
        text = name.strip()
        if text.startswith("<") and text.endswith(">"):
            return text[1:-1]
        if re.match(r"^https?://", text):
            return text
        prefix, sep, local = text.partition(":")
        if sep and " " not in text and prefix and "/" not in local[:1] and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        return None


def _canbecome_axiom(graph: Graph) -> str:
    """The axiom that makes ``airoles:canBecome`` hold, as written in the ontology (read from the graph)."""
    for chain in graph.objects(AIROLES.canBecome, URIRef("http://www.w3.org/2002/07/owl#propertyChainAxiom")):
        try:
            members = [graph.namespace_manager.normalizeUri(str(m)) for m in Collection(graph, chain)]
        except Exception:  # a malformed list: fall back to the text of the ontology
            break
        return f"airoles:canBecome owl:propertyChainAxiom ( {' '.join(members)} )"
    return _CANBECOME_AXIOM_FALLBACK
