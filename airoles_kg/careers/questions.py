"""The questions asked of the career index: :class:`CareerIndex` (``paths``, ``gap``,
``reachable``, ``match``) and the roles reachable from a start (:class:`Reach`, their routes built on demand).

:class:`CareerIndex` adds the questions to its tables (:class:`airoles_kg.careers.tables.IndexTables`, built
once from a graph); every answer is computed in Python from them, without touching the graph. The
definitions behind the answers (steps, skills to acquire, ranking, match score) are in
:mod:`airoles_kg.careers.index`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from airoles_kg.careers.results import (
    DEFAULT_MAX_HOPS,
    ESSENTIAL,
    KIND_ORDER,
    KIND_RANK,
    OPTIONAL,
    OTHER_KIND,
    Gap,
    Match,
    Path,
    Ref,
    SharedSkill,
    SkillRef,
    Source,
    Step,
)
from airoles_kg.careers.tables import IndexTables, _Edge, _TransitionInfo
from airoles_kg.core.errors import AirolesError


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


@dataclass
class CareerIndex(IndexTables):
    """Roles, transitions and skill requirements of a graph, in memory. Build with :meth:`from_graph`."""

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
