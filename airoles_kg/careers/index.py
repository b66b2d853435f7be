"""Career paths and skill gaps: ``path``, ``gap``, ``next`` (reachable roles) and ``match``.

A :class:`CareerIndex` is built ONCE from a graph with a few scans per predicate (never SPARQL joins, never
property paths) into plain dicts, sets and adjacency lists; every question is then answered in Python
without touching the graph. The index is picklable (plain ``str`` IRIs, no rdflib graph inside), so it can
be cached on disk (:func:`load_index`) or by the explorer.

Definitions used throughout (README, "Career paths and skill gaps"):

- A *step* is one career transition: an asserted ``airoles:CareerTransition`` node with ``airoles:fromRole``
  and ``airoles:toRole`` (its kind, conditions, credentials, sources), or a move the ontology's axioms entail
  (``entailed: true``, with the axiom named). No step is ever invented from anything else.
- A role *gives* every skill it lists (essential or optional). Someone who held the roles of a path so far
  has the union of their skills; a step's *skills to acquire* are the next role's essential skills outside
  that union (its optional ones are listed apart). A path's *skill gap* is the sum over its steps.
- Paths are ranked by fewest hops, then smallest skill gap, then fewest optional skills to acquire.
- ``match`` score of a role for a set of skills: ``(2·Ec + Oc) / (2·E + O)`` where E and O are the role's
  essential and optional skill counts and Ec, Oc how many of them the given skills cover (essential
  skills weigh twice as much). 1.0 means every listed skill is covered.
"""

from __future__ import annotations

import gc
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any, NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from airoles_kg.core import cache
from airoles_kg.core.classes import subclasses
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import AIROLES, CAREER_TRANSITION, ESCO_BASE, ROLE, SKILL
from airoles_kg.core.resolve import NameIndex, normalise

DEFAULT_MAX_HOPS = 4
# Skill kinds in display order; the JSON uses the short names.
SKILL_KINDS: tuple[tuple[str, URIRef], ...] = (
    ("hard", AIROLES.HardSkill),
    ("soft", AIROLES.SoftSkill),
    ("knowledge", AIROLES.Knowledge),
    ("tool", AIROLES.Tool),
)
OTHER_KIND = "other"  # a skill typed with none of the four kinds
KIND_ORDER = [name for name, _ in SKILL_KINDS] + [OTHER_KIND]
KIND_RANK = {name: n for n, name in enumerate(KIND_ORDER)}
ESSENTIAL, OPTIONAL = "essential", "optional"
IMPORTANCE_BY_IRI = {str(AIROLES.Essential): ESSENTIAL, str(AIROLES.Optional): OPTIONAL}
LANGUAGES = ("fr", "en")  # label languages precomputed in the index (others are computed on demand)
MATCH_SCORE = "(2*essential_covered + optional_covered) / (2*essential_total + optional_total)"

# Label properties by preference (lower rank wins for display); altLabels only serve name look-up.
_DISPLAY_PROPS = ((SKOS.prefLabel, 0), (RDFS.label, 1), (DCTERMS.title, 0))
_CANBECOME_AXIOM_FALLBACK = (
    "airoles:canBecome owl:propertyChainAxiom ( airoles:hasOutgoingTransition airoles:toRole )"
)


# ---------------------------------------------------------------------------------------------------------
# Results (plain dataclasses; ``to_dict`` gives the JSON documented in the README)
# ---------------------------------------------------------------------------------------------------------


class Ref(NamedTuple):
    """A node with its display label (a named tuple: answers create thousands of them)."""

    iri: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label}


@dataclass(frozen=True)
class SkillRef:
    """A skill, its kind (hard, soft, knowledge, tool, other) and its importance for the role in question."""

    iri: str
    label: str
    kind: str
    importance: str

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind, "importance": self.importance}


@dataclass(frozen=True)
class Source:
    """A source article of a transition."""

    iri: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "title": self.title}


@dataclass(frozen=True)
class Step:
    """One transition of a path (or of a route to a reachable role)."""

    transition: str | None  # the CareerTransition node; None for a bare entailed move
    from_role: Ref
    to_role: Ref
    kind: Ref | None
    conditions: list[str]
    required_experience: list[str]
    credentials: list[Ref]  # the training the article says the move needs
    suggested_credentials: list[Ref]  # a training it gives as an example or the usual path, not a condition
    sources: list[Source]
    excerpts: list[str]
    entailed: bool
    axiom: str | None
    skills_to_acquire: list[SkillRef]
    optional_skills_to_acquire: list[SkillRef]

    def to_dict(self) -> dict[str, Any]:
        return {
            "transition": self.transition,
            "from": self.from_role.to_dict(),
            "to": self.to_role.to_dict(),
            "kind": self.kind.to_dict() if self.kind else None,
            "conditions": self.conditions,
            "required_experience": self.required_experience,
            "credentials": [c.to_dict() for c in self.credentials],
            "suggested_credentials": [c.to_dict() for c in self.suggested_credentials],
            "sources": [s.to_dict() for s in self.sources],
            "excerpts": self.excerpts,
            "entailed": self.entailed,
            "axiom": self.axiom,
            "skills_to_acquire": [s.to_dict() for s in self.skills_to_acquire],
            "optional_skills_to_acquire": [s.to_dict() for s in self.optional_skills_to_acquire],
        }


@dataclass(frozen=True)
class Path:
    """A simple path of transitions from one role to another."""

    steps: list[Step]
    skill_gap: int  # essential skills to acquire along the path
    optional_gap: int

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def roles(self) -> list[Ref]:
        return [self.steps[0].from_role, *(s.to_role for s in self.steps)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "hops": self.hops,
            "skill_gap": self.skill_gap,
            "optional_gap": self.optional_gap,
            "roles": [r.to_dict() for r in self.roles],
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class SharedSkill:
    """A skill both roles list, with its importance for each."""

    iri: str
    label: str
    kind: str
    importance_from: str
    importance_to: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "label": self.label,
            "kind": self.kind,
            "importance_from": self.importance_from,
            "importance_to": self.importance_to,
        }


@dataclass(frozen=True)
class Gap:
    """What TO asks for that FROM does not give (by importance, then kind), and what they share."""

    from_role: Ref
    to_role: Ref
    missing: dict[str, dict[str, list[SkillRef]]]  # importance -> kind -> skills (every key present)
    shared: list[SharedSkill]

    def missing_list(self, importance: str | None = None) -> list[SkillRef]:
        """The missing skills, flattened (only those of one importance when given)."""
        wanted = [importance] if importance else [ESSENTIAL, OPTIONAL]
        return [s for imp in wanted for kind in KIND_ORDER for s in self.missing[imp][kind]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_role.to_dict(),
            "to": self.to_role.to_dict(),
            "missing": {
                imp: {kind: [s.to_dict() for s in skills] for kind, skills in by_kind.items()}
                for imp, by_kind in self.missing.items()
            },
            "shared": [s.to_dict() for s in self.shared],
            "counts": {
                "missing_essential": len(self.missing_list(ESSENTIAL)),
                "missing_optional": len(self.missing_list(OPTIONAL)),
                "shared": len(self.shared),
            },
        }


class Reach:
    """A role reachable from the start: fewest hops, and one such shortest route with the kinds along it.

    The route's steps (conditions, sources, skills to acquire...) are built on first access: listing
    hundreds of reachable roles should not pay for details nobody reads.
    """

    __slots__ = ("role", "hops", "_kinds", "_tree")

    def __init__(self, role: Ref, hops: int, kinds: tuple[str | None, ...], tree: _RouteTree):
        self.role = role
        self.hops = hops
        self._kinds = kinds
        self._tree = tree

    @property
    def kinds(self) -> list[str | None]:
        """The kinds of the route's transitions (labels), in order."""
        return list(self._kinds)

    @property
    def route(self) -> list[Step]:
        """The route's steps, each with what it asks (skills to acquire given the roles before it)."""
        return self._tree.steps(self.role.iri)

    @property
    def via(self) -> list[Ref]:
        """The roles between the start and this role on the route (cheap: no step details)."""
        return [
            Ref(e.frm, self._tree.index.label(e.frm, self._tree.lang))
            for e in self._tree.edges(self.role.iri)[1:]
        ]

    @property
    def entailed(self) -> bool:
        """Whether a step of the route is entailed rather than stated."""
        return any(e.entailed for e in self._tree.edges(self.role.iri))

    def __repr__(self) -> str:
        return f"Reach({self.role!r}, hops={self.hops}, kinds={self.kinds!r})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role.to_dict(),
            "hops": self.hops,
            "kinds": self.kinds,
            "route": [s.to_dict() for s in self.route],
        }


class _RouteTree:
    """The shortest-route tree of one ``reachable`` search; builds the routes' steps on demand, each tree edge
    once (a route shares its steps, and the skills gathered along them, with its predecessor's route)."""

    def __init__(self, index: CareerIndex, start: str, came_by: dict[str, _Edge | None], lang: str):
        self.index = index
        self.came_by = came_by
        self.lang = lang
        self.memo: dict[str, tuple[set[str], list[Step]]] = {start: (set(index.skills_of(start)), [])}

    def edges(self, node: str) -> list[_Edge]:
        """The transitions from the start to ``node``, in order."""
        edges = []
        while (edge := self.came_by[node]) is not None:
            edges.append(edge)
            node = edge.frm
        return edges[::-1]

    def steps(self, node: str) -> list[Step]:
        pending = []
        while node not in self.memo:
            edge = self.came_by[node]
            assert edge is not None  # only the start has no incoming edge, and it is memoised
            pending.append(edge)
            node = edge.frm
        have, steps = self.memo[node]
        for edge in reversed(pending):
            steps = [*steps, self.index._step(edge, have, self.lang)]
            have = have | set(self.index.skills_of(edge.to))
            self.memo[edge.to] = (have, steps)
        return list(steps)


@dataclass(frozen=True)
class Match:
    """How well a set of skills covers a role (score: see the module docstring)."""

    role: Ref
    score: float
    essential_covered: int
    essential_total: int
    optional_covered: int
    optional_total: int
    covered: list[SkillRef]
    missing_essential: list[SkillRef]
    missing_optional: list[SkillRef]

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role.to_dict(),
            "score": round(self.score, 4),
            "essential": {"covered": self.essential_covered, "total": self.essential_total},
            "optional": {"covered": self.optional_covered, "total": self.optional_total},
            "covered": [s.to_dict() for s in self.covered],
            "missing": {
                ESSENTIAL: [s.to_dict() for s in self.missing_essential],
                OPTIONAL: [s.to_dict() for s in self.missing_optional],
            },
        }


# ---------------------------------------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------------------------------------


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
class CareerIndex:
    """Roles, transitions and skill requirements of a graph, in memory. Build with :meth:`from_graph`."""

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
    role_names: NameIndex = field(default_factory=NameIndex)
    skill_names: NameIndex = field(default_factory=NameIndex)
    prefixes: dict[str, str] = field(default_factory=dict)
    # role or skill -> [(SKOS mapping relation's local name, ESCO IRI)], sorted (mappings/*.sssom.tsv)
    esco_mappings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    # -- construction -------------------------------------------------------------------------------------

    @classmethod
    def from_graph(cls, graph: Graph, asserted: Graph | None = None) -> CareerIndex:
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
            for s, o in graph.subject_objects(predicate):
                node, target = str(s), str(o)
                if (node in self.roles or node in self.skills) and target.startswith(ESCO_BASE):
                    self.esco_mappings.setdefault(node, []).append((relation, target))
        for found in self.esco_mappings.values():
            found.sort()

    def _index_transitions(self, graph: Graph, stated_graph: Graph) -> None:
        frm: dict[str, str] = {}
        to: dict[str, str] = {}
        # The inverse properties count too, so an asserted-only graph written either way is read the same.
        for t, _, r in graph.triples((None, AIROLES.fromRole, None)):
            frm[str(t)] = str(r)
        for r, _, t in graph.triples((None, AIROLES.hasOutgoingTransition, None)):
            frm.setdefault(str(t), str(r))
        for t, _, r in graph.triples((None, AIROLES.toRole, None)):
            to[str(t)] = str(r)
        for r, _, t in graph.triples((None, AIROLES.hasIncomingTransition, None)):
            to.setdefault(str(t), str(r))
        stated = {str(t) for t in stated_graph.subjects(RDF.type, CAREER_TRANSITION)}
        pairs: set[tuple[str, str]] = set()
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
            pairs.add((a, b))
        # canBecome links that no transition node supports: only the reasoner can have put them there.
        for s, _, o in graph.triples((None, AIROLES.canBecome, None)):
            pair = (str(s), str(o))
            if pair not in pairs and pair[0] != pair[1]:
                pairs.add(pair)
                self._add_edge(_Edge(None, pair[0], pair[1], True, _canbecome_axiom(graph)))

        infos = self.transitions
        for t, _, k in graph.triples((None, AIROLES.transitionKind, None)):
            if str(t) in infos:
                infos[str(t)].kind = str(k)
        for prop, attr in (
            (AIROLES.conditions, "conditions"),
            (AIROLES.requiredExperience, "experience"),
            (AIROLES.excerpt, "excerpts"),
        ):
            for t, _, v in graph.triples((None, prop, None)):
                if str(t) in infos and isinstance(v, Literal):
                    getattr(infos[str(t)], attr).append((str(v), v.language))
        for prop, attr in (
            (AIROLES.requiresCredential, "credentials"),
            (AIROLES.suggestedCredential, "suggested_credentials"),
            (PROV.wasDerivedFrom, "sources"),
        ):
            for t, _, v in graph.triples((None, prop, None)):
                if str(t) in infos and isinstance(v, URIRef):
                    getattr(infos[str(t)], attr).append(str(v))
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
        for req, _, role in graph.triples((None, AIROLES.requirementOf, None)):
            owner[str(req)] = str(role)
        for role, _, req in graph.triples((None, AIROLES.hasSkillRequirement, None)):
            owner.setdefault(str(req), str(role))
        skill_of = {str(r): str(s) for r, _, s in graph.triples((None, AIROLES.requiresSkill, None))}
        importance = {
            str(r): IMPORTANCE_BY_IRI.get(str(i), OPTIONAL)
            for r, _, i in graph.triples((None, AIROLES.importance, None))
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
        role_names: dict[str, set[URIRef]] = {}
        skill_names: dict[str, set[URIRef]] = {}
        for prop, rank in (*_DISPLAY_PROPS, (SKOS.altLabel, None)):
            for s, _, v in graph.triples((None, prop, None)):
                key = str(s)
                if key not in wanted or not isinstance(v, Literal):
                    continue
                if rank is not None and not (prop == DCTERMS.title and key in self.roles):
                    self.labels.setdefault(key, []).append((rank, v.language, str(v)))
                if prop == DCTERMS.title:
                    continue  # a title names a document, not a role or skill to look up
                name = normalise(str(v))
                if key in self.roles:
                    role_names.setdefault(name, set()).add(URIRef(key))
                if key in self.skills:
                    skill_names.setdefault(name, set()).add(URIRef(key))
        for values in self.labels.values():
            values.sort()
        for lang in LANGUAGES:
            shown = {iri: self._best_label(iri, lang) for iri in wanted}
            self.display[lang] = shown
            self.sort_keys[lang] = {iri: normalise(text) for iri, text in shown.items()}
        self.role_names = NameIndex(role_names, {URIRef(r): self.label(r) for r in self.roles})
        self.skill_names = NameIndex(skill_names, {URIRef(s): self.label(s) for s in self.skills})

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

    # -- building blocks of the answers -----------------------------------------------------------------

    def ref(self, iri: str, lang: str = "fr") -> Ref:
        return Ref(iri, self.label(iri, lang))

    def skill_ref(self, skill: str, importance: str, lang: str = "fr") -> SkillRef:
        return SkillRef(skill, self.label(skill, lang), self.skill_kind.get(skill, OTHER_KIND), importance)

    def skills_of(self, role: str) -> dict[str, str]:
        """Skill IRI -> importance for ``role`` (empty when the graph lists none)."""
        return self.requirements.get(role, {})

    def _sorted_skills(
        self, skills: Iterable[str], importance_of: dict[str, str], lang: str
    ) -> list[SkillRef]:
        """Skills as references: essential first, then by kind (hard, soft, knowledge, tool), then label."""
        kind_of = self.skill_kind
        ordered = sorted(
            skills,
            key=lambda s: (
                importance_of.get(s) != ESSENTIAL,
                KIND_RANK[kind_of.get(s, OTHER_KIND)],
                self.sort_key(s, lang),
                s,
            ),
        )
        return [self.skill_ref(s, importance_of.get(s, OPTIONAL), lang) for s in ordered]

    def _step(self, edge: _Edge, have: set[str], lang: str) -> Step:
        required = self.skills_of(edge.to)
        new = [s for s in required if s not in have]
        ess = [s for s in new if required[s] == ESSENTIAL]
        opt = [s for s in new if required[s] != ESSENTIAL]
        info = self.transitions.get(edge.transition or "", _TransitionInfo())
        return Step(
            transition=edge.transition,
            from_role=self.ref(edge.frm, lang),
            to_role=self.ref(edge.to, lang),
            kind=self.ref(info.kind, lang) if info.kind else None,
            conditions=_in_lang(info.conditions, lang),
            required_experience=_in_lang(info.experience, lang),
            credentials=[self.ref(c, lang) for c in info.credentials],
            suggested_credentials=[self.ref(c, lang) for c in info.suggested_credentials],
            sources=[Source(s, self.label(s, lang)) for s in info.sources],
            excerpts=_in_lang(info.excerpts, lang),
            entailed=edge.entailed,
            axiom=edge.axiom,
            skills_to_acquire=self._sorted_skills(ess, required, lang),
            optional_skills_to_acquire=self._sorted_skills(opt, required, lang),
        )

    def _path(self, edges: Sequence[_Edge], lang: str) -> Path:
        have = set(self.skills_of(edges[0].frm))
        steps = []
        for edge in edges:
            steps.append(self._step(edge, have, lang))
            have.update(self.skills_of(edge.to))
        return Path(
            steps,
            sum(len(s.skills_to_acquire) for s in steps),
            sum(len(s.optional_skills_to_acquire) for s in steps),
        )

    def _check_hops(self, max_hops: int) -> None:
        if max_hops < 1:
            raise AirolesError(f"--max-hops must be at least 1 (got {max_hops})")

    # -- the four questions -----------------------------------------------------------------------------

    def paths(self, frm: str, to: str, max_hops: int = DEFAULT_MAX_HOPS, lang: str = "fr") -> list[Path]:
        """Every simple path (no role twice) of transitions from ``frm`` to ``to`` within ``max_hops``,
        ranked by fewest hops, then smallest skill gap, then fewest optional skills to acquire.

        ``frm``/``to`` are names, IRIs or CURIEs. Returns ``[]`` when no path exists.
        """
        self._check_hops(max_hops)
        start, goal = self.resolve_role(frm), self.resolve_role(to)
        if start == goal:
            raise AirolesError(
                f"{self.label(start)} is both the start and the goal: name two different roles"
            )
        # Hops left to the goal (bounded backwards search): prunes every branch that cannot arrive in time.
        to_goal = {goal: 0}
        frontier = [goal]
        for depth in range(1, max_hops + 1):
            nxt = []
            for role in frontier:
                for edge in self.in_edges.get(role, ()):
                    if edge.frm not in to_goal:
                        to_goal[edge.frm] = depth
                        nxt.append(edge.frm)
            frontier = nxt
        if start not in to_goal:
            return []
        found: list[list[_Edge]] = []
        trail: list[_Edge] = []
        on_path = {start}

        def walk(role: str) -> None:
            for edge in self.out_edges.get(role, ()):
                nxt = edge.to
                if nxt in on_path:
                    continue  # simple paths only: a cycle never loops
                if nxt == goal:
                    found.append([*trail, edge])
                    continue
                left = max_hops - len(trail) - 1
                if to_goal.get(nxt, max_hops + 1) <= left:
                    trail.append(edge)
                    on_path.add(nxt)
                    walk(nxt)
                    on_path.discard(nxt)
                    trail.pop()

        walk(start)
        result = [self._path(edges, lang) for edges in found]
        result.sort(
            key=lambda p: (
                p.hops,
                p.skill_gap,
                p.optional_gap,
                [self.sort_key(r.iri, lang) for r in p.roles],
                [s.transition or "" for s in p.steps],
            )
        )
        return result

    def gap(self, frm: str, to: str, lang: str = "fr") -> Gap:
        """The skills ``to`` lists that ``frm`` does not (essential first, then optional; each by kind), and
        the skills both list."""
        a, b = self.resolve_role(frm), self.resolve_role(to)
        have, want = self.skills_of(a), self.skills_of(b)
        missing: dict[str, dict[str, list[SkillRef]]] = {
            imp: {kind: [] for kind in KIND_ORDER} for imp in (ESSENTIAL, OPTIONAL)
        }
        for ref in self._sorted_skills((s for s in want if s not in have), want, lang):
            missing[ref.importance][ref.kind].append(ref)
        shared = [
            SharedSkill(s, self.label(s, lang), self.skill_kind.get(s, OTHER_KIND), have[s], want[s])
            for s in want
            if s in have
        ]
        shared.sort(
            key=lambda s: (s.importance_to != ESSENTIAL, KIND_RANK[s.kind], self.sort_key(s.iri, lang), s.iri)
        )
        return Gap(self.ref(a, lang), self.ref(b, lang), missing, shared)

    def reachable(self, role: str, max_hops: int = DEFAULT_MAX_HOPS, lang: str = "fr") -> list[Reach]:
        """Roles reachable from ``role`` within ``max_hops`` transitions, each with its fewest hops and one
        shortest route (stated steps preferred over entailed ones, then label order) with the kinds along it.
        Ordered by hops, then label."""
        self._check_hops(max_hops)
        start = self.resolve_role(role)
        # Layered breadth-first search. Among the shortest routes to a role, the best has the fewest entailed
        # steps, then the smallest sequence of role labels; ranking each layer once turns that comparison into
        # (entailed steps, rank of the predecessor in its layer): small integers, no label tuples per edge.
        came_by: dict[str, _Edge | None] = {start: None}
        tree = _RouteTree(self, start, came_by, lang)
        entailed_steps = {start: 0}
        kinds: dict[str, tuple[str | None, ...]] = {start: ()}
        layer = [start]
        result: list[Reach] = []
        # Hot loop (thousands of roles on large graphs): local names and precomputed labels.
        out_edges, label, transitions = self.out_edges, self.label, self.transitions
        keys, shown = self.sort_keys.get(lang, {}), self.display.get(lang, {})
        kind_labels: dict[str | None, str | None] = {None: None}
        for hops in range(1, max_hops + 1):
            found: dict[str, tuple[int, int, _Edge]] = {}
            for rank, current in enumerate(layer):
                base = entailed_steps[current]
                for edge in out_edges.get(current, ()):
                    target = edge.to
                    if target in came_by:
                        continue
                    seen = found.get(target)
                    # Layer walked in rank order: a later predecessor wins only with fewer entailed steps.
                    if seen is None or base + edge.entailed < seen[0]:
                        found[target] = (base + edge.entailed, rank, edge)
            if not found:
                break
            order = sorted(
                (n, rank, keys[t] if t in keys else self.sort_key(t, lang), t, edge)
                for t, (n, rank, edge) in found.items()
            )
            layer = []
            reached = []
            for n_entailed, _, key, target, edge in order:
                layer.append(target)
                came_by[target] = edge
                entailed_steps[target] = n_entailed
                info = transitions.get(edge.transition) if edge.transition else None
                kind = info.kind if info else None
                if kind is not None and kind not in kind_labels:  # None is there from the start
                    kind_labels[kind] = label(kind, lang)
                kinds[target] = path_kinds = (*kinds[edge.frm], kind_labels[kind])
                name = shown[target] if target in shown else label(target, lang)
                reached.append((key, target, Reach(Ref(target, name), hops, path_kinds, tree)))
            reached.sort(key=lambda item: (item[0], item[1]))  # by label within a number of hops
            result += [reach for _, _, reach in reached]
        return result

    def _kind(self, edge: _Edge) -> str | None:
        info = self.transitions.get(edge.transition) if edge.transition else None
        return info.kind if info else None

    def match(
        self, skills: Sequence[str], limit: int | None = None, min_score: float = 0.0, lang: str = "fr"
    ) -> list[Match]:
        """Roles ranked by how much of their skill set ``skills`` (names, IRIs or CURIEs) covers.

        Score ``(2·essential covered + optional covered) / (2·essential + optional)``; ties broken by more
        essential skills covered, then label. Roles covering none of the skills are left out.
        """
        if not skills:
            raise AirolesError("give at least one skill (--skill NAME)")
        given = {self.resolve_skill(s) for s in skills}
        candidates = set().union(*(self.skill_roles.get(s, set()) for s in given))
        scored = []
        for role in candidates:
            req = self.skills_of(role)
            ess = sum(1 for imp in req.values() if imp == ESSENTIAL)
            opt = len(req) - ess
            ec = sum(1 for s in given if req.get(s) == ESSENTIAL)
            oc = sum(1 for s in given if s in req) - ec
            score = (2 * ec + oc) / (2 * ess + opt)
            if score > 0 and score >= min_score:
                scored.append((-score, -ec, self.sort_key(role, lang), role, ec, ess, oc, opt))
        scored.sort()
        result = []
        # Only the roles returned get their skill lists built.
        for neg_score, _, _, role, ec, ess, oc, opt in scored[:limit] if limit else scored:
            req = self.skills_of(role)
            missing = [s for s in req if s not in given]
            result.append(
                Match(
                    self.ref(role, lang),
                    -neg_score,
                    ec,
                    ess,
                    oc,
                    opt,
                    self._sorted_skills((s for s in req if s in given), req, lang),
                    self._sorted_skills((s for s in missing if req[s] == ESSENTIAL), req, lang),
                    self._sorted_skills((s for s in missing if req[s] != ESSENTIAL), req, lang),
                )
            )
        return result

    def skill_refs(self, skills: Sequence[str], lang: str = "fr") -> list[Ref]:
        """The given skill names resolved, as references (for reports)."""
        return [self.ref(s, lang) for s in dict.fromkeys(self.resolve_skill(n) for n in skills)]


def _in_lang(values: list[tuple[str, str | None]], lang: str) -> list[str]:
    """The texts in ``lang``, else French (the articles' language), else English, else all."""
    for wanted in (lang, "fr", "en"):
        chosen = [text for text, language in values if language == wanted]
        if chosen:
            return chosen
    return [text for text, _ in values]


def _canbecome_axiom(graph: Graph) -> str:
    """The axiom that makes ``airoles:canBecome`` hold, as written in the ontology (read from the graph)."""
    for chain in graph.objects(AIROLES.canBecome, URIRef("http://www.w3.org/2002/07/owl#propertyChainAxiom")):
        try:
            members = [graph.namespace_manager.normalizeUri(str(m)) for m in Collection(graph, chain)]
        except Exception:  # a malformed list: fall back to the text of the ontology
            break
        return f"airoles:canBecome owl:propertyChainAxiom ( {' '.join(members)} )"
    return _CANBECOME_AXIOM_FALLBACK


# ---------------------------------------------------------------------------------------------------------
# The graph used and a disk cache of the index
# ---------------------------------------------------------------------------------------------------------


def career_graphs() -> tuple[Graph, Graph]:
    """``(graph, asserted)``: the inferred graph the careers questions are asked of, and the asserted one.

    The only place that decides which graph is used (the reasoner's output when
    :mod:`airoles_kg.reasoning.inference`
    provides it, else the asserted graph itself).
    """
    from airoles_kg.core.loader import load_graph

    asserted = load_graph()
    try:
        from airoles_kg.reasoning.inference import inferred_graph
    except ImportError:  # no reasoner in this checkout: the asserted graph is all there is
        return asserted, asserted
    # Keyed by the source files (the same ones load_graph read); returns a new graph, cached on disk.
    return inferred_graph(), asserted


def _cache_file() -> FilePath:
    from airoles_kg.core.loader import source_files

    return cache.entry("careers", cache.key("careers", source_files()), ".pickle")


def load_index(use_cache: bool = True) -> CareerIndex:
    """The :class:`CareerIndex` of :func:`career_graphs`, cached (:mod:`airoles_kg.core.cache`) keyed by the
    source files and this code (a stale or unreadable cache is rebuilt).

    The index is then moved out of the garbage collector's reach (``gc.freeze``): it is read-only and
    long-lived, and re-scanning its objects otherwise dominates answer times on large graphs.
    """
    cache_file = _cache_file() if use_cache else None
    index = None
    data = cache.read_bytes(cache_file) if cache_file is not None else None
    if data is not None:
        try:
            index = pickle.loads(data)
        except Exception:  # a truncated or old-format cache: rebuild it
            index = None
    if not isinstance(index, CareerIndex):
        graph, asserted = career_graphs()
        index = CareerIndex.from_graph(graph, asserted)
        del graph, asserted
        gc.collect()  # free the graphs' reference cycles before freezing what remains
        if cache_file is not None:  # a read-only cache directory: answers all the same, only slower
            cache.write_bytes(
                cache_file, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), kind="careers"
            )
    gc.freeze()
    return index
