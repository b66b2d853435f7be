"""Career moves from anywhere in ESCO: which AI roles (or other ESCO occupations) are close to a job, why, and
what to learn — scored by skill overlap over ESCO's occupation–skill links, in the spirit of Nesta's *Mapping
Career Causeways*, and told apart from the transitions the articles state.

**Skill profiles.** An ESCO occupation's profile is its essential and optional ESCO skills. One of our roles
borrows the profile of the ESCO occupations it is mapped to (``skos:exactMatch``, ``closeMatch`` or
``broadMatch`` in ``mappings/airoles-esco.sssom.tsv``: ESCO's occupation covers the role's job; a
``narrowMatch`` or ``relatedMatch`` occupation does not, so it lends no skills) and adds the ESCO skills its
own
skills are mapped to (exact or close matches), with the importance the articles give them.

**Score** of a move from A to B (:func:`score`, between 0 and 1): the share of what B asks for that A already
has, each skill of B weighted by its importance (:data:`WEIGHTS`: essential 1, optional 0.5). A skill A has
counts fully; a skill A lacks but with a *near* skill (one sharing a direct ``skos:broader`` parent in ESCO's
skills hierarchy that is a narrow ESCO skill or skill group: at most :data:`NEAR_MAX_SIBLINGS` skills under
it,
and not an ISCED-F field of education, which in ESCO groups e.g. data mining with food waste monitoring
systems) counts :data:`NEAR_CREDIT` of its weight; others count 0. The score is asymmetric (a
specialist's skills may cover a generalist's job, not the reverse), like Nesta's. It is a derived figure, not
a
statement of the articles: every move says so, and the articles' own transitions come first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from airoles_kg.careers.index import ESSENTIAL, OPTIONAL, CareerIndex
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import ID_BASE
from airoles_kg.core.resolve import NameIndex, normalise
from airoles_kg.esco.layer import SKILL, EscoLayer

METHOD = "airoles skill overlap v1"
ESCO_SOURCE = URIRef(f"{ID_BASE}source/esco-v1-1-1")  # the ESCO release, a source document of our graph
WEIGHTS = {ESSENTIAL: 1.0, OPTIONAL: 0.5}
NEAR_CREDIT = 0.5
NEAR_MAX_SIBLINGS = 30  # a parent with more skills under it is too broad to make two of them near
PROFILE_PREDICATES = ("exactMatch", "closeMatch", "broadMatch")  # occupations whose skills a role borrows
SKILL_PREDICATES = ("exactMatch", "closeMatch")  # ESCO skills a skill of ours stands for
ROLE, OCCUPATION, SKILLS = "role", "occupation", "skills"  # SKILLS: a person known by the skills they name


@dataclass(frozen=True)
class SkillItem:
    """One ESCO skill in an explanation: its label (and the label's language), how much the target needs it,
    and, for a near skill, the skill of the person's that is near it."""

    iri: str
    label: str
    lang: str | None
    importance: str
    near: str | None = None  # label of the person's skill sharing a parent with this one

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data: dict[str, Any] = {"iri": self.iri, "label": self.label, "lang": self.lang}
        data["importance"] = self.importance
        if self.near is not None:
            data["near"] = self.near
        return data


@dataclass(frozen=True)
class Place:
    """Where a person is or wants to go: one of our roles or an ESCO occupation."""

    kind: str  # ROLE or OCCUPATION
    iri: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "iri": self.iri, "label": self.label}


@dataclass
class Move:
    """A scored move to ``target``: the skills shared, near and to learn (essential first), and whether an
    article states a transition between the two."""

    source: Place
    target: Place
    score: float
    shared: list[SkillItem] = field(default_factory=list)
    near: list[SkillItem] = field(default_factory=list)
    to_learn: list[SkillItem] = field(default_factory=list)
    stated: bool = False
    scored: bool = True  # False when the target has no ESCO skills (then the score is 0 and says nothing)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the score rounded to 3 decimals)."""
        return {
            "from": self.source.to_dict(),
            "to": self.target.to_dict(),
            "score": round(self.score, 3) if self.scored else None,
            "method": METHOD,
            "stated_by_an_article": self.stated,
            "shared": [s.to_dict() for s in self.shared],
            "near": [s.to_dict() for s in self.near],
            "to_learn": [s.to_dict() for s in self.to_learn],
        }


def narrow_parents(layer: EscoLayer) -> dict[str, tuple[str, ...]]:
    """Each skill's parents that can make two skills near (see the module docstring), sorted; computed once
    per layer and kept on it."""
    found = getattr(layer, "_narrow_parents", None)
    if found is None:
        found = {}
        for skill, parents in layer.parents.items():
            narrow = sorted(
                p for p in parents if p.startswith(SKILL) and layer.children.get(p, 0) <= NEAR_MAX_SIBLINGS
            )
            if narrow:
                found[skill] = tuple(narrow)
        object.__setattr__(layer, "_narrow_parents", found)
    return found


def near_parents(have: Iterable[str], layer: EscoLayer) -> dict[str, str]:
    """The narrow parents of the skills one has: parent -> one's (first, by IRI) skill under it."""
    narrow = narrow_parents(layer)
    near_of: dict[str, str] = {}
    for skill in sorted(have):
        for parent in narrow.get(skill, ()):
            near_of.setdefault(parent, skill)
    return near_of


def near_skills(near_of: dict[str, str], layer: EscoLayer) -> set[str]:
    """Every skill under one of the parents in ``near_of`` (the skills near one's own)."""
    children = getattr(layer, "_narrow_children", None)
    if children is None:
        children = {}
        for skill, parents in narrow_parents(layer).items():
            for parent in parents:
                children.setdefault(parent, set()).add(skill)
        object.__setattr__(layer, "_narrow_children", children)
    found: set[str] = set()
    for parent in near_of:
        found |= children.get(parent, set())
    return found


def _near(skill: str, near_of: dict[str, str], layer: EscoLayer) -> str | None:
    return next((near_of[p] for p in narrow_parents(layer).get(skill, ()) if p in near_of), None)


def quick_score(have: set[str], near_of: dict[str, str], want: dict[str, str], layer: EscoLayer) -> float:
    """:func:`score`'s value only (no explanation): what ranking thousands of targets needs."""
    narrow = narrow_parents(layer)
    total = credit = 0.0
    for skill, importance in want.items():
        weight = WEIGHTS[importance]
        total += weight
        if skill in have:
            credit += weight
        elif near_of and any(p in near_of for p in narrow.get(skill, ())):
            credit += weight * NEAR_CREDIT
    return credit / total if total else 0.0


def set_score(essential: frozenset[str], optional: frozenset[str], have: set[str], near: set[str]) -> float:
    """:func:`quick_score` with set operations, for ranking thousands of targets: ``near`` holds the skills
    near one's own (:func:`near_skills`, less those one has). The same value (a test compares them)."""
    w_e, w_o = WEIGHTS[ESSENTIAL], WEIGHTS[OPTIONAL]
    total = w_e * len(essential) + w_o * len(optional)
    credit = w_e * len(essential & have) + w_o * len(optional & have)
    credit += NEAR_CREDIT * (w_e * len(essential & near) + w_o * len(optional & near))
    return credit / total if total else 0.0


def score(have: Iterable[str], want: dict[str, str], layer: EscoLayer) -> tuple[float, list, list, list]:
    """The overlap score of a person with skills ``have`` for a job asking ``want`` (skill -> importance),
    and the skills shared, near (with the person's near skill) and missing, as (iri, importance, near)."""
    have = set(have)
    near_of = near_parents(have, layer)
    shared, near, missing = [], [], []
    for skill, importance in want.items():
        if skill in have:
            shared.append((skill, importance, None))
            continue
        close = _near(skill, near_of, layer)
        if close is not None:
            near.append((skill, importance, close))
        else:
            missing.append((skill, importance, None))
    return quick_score(have, near_of, want, layer), shared, near, missing


@dataclass
class Ranking:
    """The moves from ``source``, best first (only the first ``limit`` explained), and how many there are."""

    source: Place
    moves: list[Move]
    total: int


class CareerMoves:
    """Moves and gaps between our roles and ESCO's occupations, answered from the career index and the ESCO
    layer (both in memory)."""

    def __init__(self, index: CareerIndex, layer: EscoLayer) -> None:
        self.index = index
        self.layer = layer
        self._profiles: dict[str, dict[str, str]] = {}
        self._keys: dict[tuple[str, str], str] = {}  # (IRI, language) -> normalised label, for sorting
        self._sets: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # IRI -> (essential, optional)
        self._skill_names: NameIndex | None = None

    # -- naming ----------------------------------------------------------------------------------------------

    def resolve(self, name: str, lang: str = "fr") -> Place:
        """Our role or the ESCO occupation called ``name`` (label or alternative label in any language, IRI,
        CURIE, ESCO code); an unknown name raises :class:`AirolesError` with the closest of both."""
        try:
            return self.place(self.index.resolve_role(name), lang)
        except AirolesError as role_error:
            if "ambiguous" in str(role_error):
                raise
            text = name.strip().strip("<>")
            if text in self.layer.occupations:
                return self.place(text, lang)
            names = self.layer.names()
            try:
                return self.place(str(names.find(name, "ESCO occupation")), lang)
            except AirolesError as occupation_error:
                if "ambiguous" in str(occupation_error):
                    raise
            ours = self.index.role_names.closest(name, limit=3)
            theirs = names.closest(name, limit=5)
            hint = "; ".join([*ours, *theirs])
            raise AirolesError(
                f"no role or ESCO occupation is called {name!r}." + (f" Closest: {hint}." if hint else "")
            ) from None

    def place(self, iri: str, lang: str = "fr") -> Place:
        """The :class:`Place` of a role or occupation IRI."""
        if iri in self.index.roles:
            return Place(ROLE, iri, self.index.label(iri, lang))
        if iri in self.layer.occupations:
            return Place(OCCUPATION, iri, self.layer.label(iri, lang))
        raise AirolesError(f"not a role or an ESCO occupation: {iri}")

    # -- profiles --------------------------------------------------------------------------------------------

    def occupations_of(self, role: str) -> list[str]:
        """The ESCO occupations whose skills ``role`` borrows (see the module docstring), sorted."""
        mappings = self.index.esco_mappings.get(role, [])
        return sorted({o for p, o in mappings if p in PROFILE_PREDICATES and o in self.layer.occupations})

    def profile(self, iri: str) -> dict[str, str]:
        """ESCO skill IRI -> importance for a role or an occupation (essential wins)."""
        found = self._profiles.get(iri)
        if found is not None:
            return found
        if iri in self.layer.occupations:
            found = self.layer.skills_of(iri)
        else:
            found = {}
            for occupation in self.occupations_of(iri):
                for skill, importance in self.layer.skills_of(occupation).items():
                    if found.get(skill) != ESSENTIAL:
                        found[skill] = importance
            for ours, importance in self.index.skills_of(iri).items():
                for predicate, esco in self.index.esco_mappings.get(ours, []):
                    if predicate in SKILL_PREDICATES and esco in self.layer.skills:
                        if found.get(esco) != ESSENTIAL:
                            found[esco] = importance
            found = dict(sorted(found.items()))
        self._profiles[iri] = found
        return found

    # -- answers ---------------------------------------------------------------------------------------------

    def move(self, source: Place, target: Place, lang: str = "fr") -> Move:
        """The scored, explained move from ``source`` to ``target``."""
        want = self.profile(target.iri)
        value, shared, near, missing = score(self.profile(source.iri), want, self.layer)
        stated = source.kind == ROLE and target.kind == ROLE and self._stated(source.iri, target.iri)
        return Move(
            source,
            target,
            value,
            self.skill_items(shared, lang),
            self.skill_items(near, lang),
            self.skill_items(missing, lang),
            stated,
            scored=bool(want),
        )

    def moves(
        self, name: str, lang: str = "fr", occupations: bool = False, limit: int | None = None
    ) -> Ranking:
        """From ``name``: every AI role (and, with ``occupations``, every other ESCO occupation) ranked — the
        roles an article names as a transition first, then by score, ties by label and IRI. All targets are
        scored; only the ``limit`` best are explained (all when ``limit`` is None)."""
        source = self.resolve(name, lang)
        have = self.profile(source.iri)
        if not have:
            raise AirolesError(
                f"{source.label}: no ESCO skills known (not mapped to an ESCO occupation), so no skill-based "
                "moves; see `airoles next` for the transitions the articles state"
            )
        targets = [(ROLE, r) for r in sorted(self.index.roles) if r != source.iri]
        if occupations:
            skip = set(self.occupations_of(source.iri)) | {source.iri}
            targets += [(OCCUPATION, o) for o in sorted(self.layer.occupations) if o not in skip]
        have_set = set(have)
        near = near_skills(near_parents(have_set, self.layer), self.layer) - have_set
        ranked = []
        for kind, iri in targets:
            essential, optional = self._split(iri)
            stated = source.kind == ROLE and kind == ROLE and self._stated(source.iri, iri)
            # A target without ESCO skills cannot be scored: listed only when an article states the move.
            if essential or optional or stated:
                value = set_score(essential, optional, have_set, near)
                ranked.append((not stated, -round(value, 6), self._sort_key(kind, iri, lang), iri))
        ranked.sort()
        chosen = ranked[:limit] if limit else ranked
        moves = []
        for _, negative, _, iri in chosen:
            move = self.move(source, self.place(iri, lang), lang)
            move.score = -negative  # the ranking's own value (tests check it equals the explained score)
            moves.append(move)
        return Ranking(source, moves, len(ranked))

    def gap(self, frm: str, to: str, lang: str = "fr") -> Move:
        """The move from ``frm`` to ``to`` (roles or ESCO occupations, named as :meth:`resolve` accepts)."""
        source, target = self.resolve(frm, lang), self.resolve(to, lang)
        for place in (source, target):
            if not self.profile(place.iri):
                raise AirolesError(f"{place.label}: no ESCO skills known (not mapped to an ESCO occupation)")
        return self.move(source, target, lang)

    def label(self, iri: str, lang: str = "fr") -> str:
        """The label of a role or an ESCO occupation in ``lang``."""
        return self.index.label(iri, lang) if iri in self.index.roles else self.layer.label(iri, lang)

    def skill_names(self) -> NameIndex:
        """The name index of ESCO's skills (labels and alternative labels in every language)."""
        if self._skill_names is None:
            entries = {iri: (c.label("en"), c.names()) for iri, c in self.layer.skills.items()}
            self._skill_names = NameIndex.from_names(entries)
        return self._skill_names

    def esco_skills(self, names: Sequence[str]) -> tuple[list[str], set[str]]:
        """``(ours, esco)``: the skills of ours among ``names`` and the ESCO skills they all stand for (ours
        through their exact or close mappings, the others by ESCO label). A name neither knows raises
        :class:`AirolesError` with the closest of both."""
        ours: list[str] = []
        esco: set[str] = set()
        for name in names:
            try:
                skill = self.index.resolve_skill(name)
            except AirolesError as error:
                if "ambiguous" in str(error):
                    raise
                text = name.strip().strip("<>")
                if text in self.layer.skills:
                    esco.add(text)
                    continue
                try:
                    esco.add(str(self.skill_names().find(name, "ESCO skill")))
                    continue
                except AirolesError as esco_error:
                    if "ambiguous" in str(esco_error):
                        raise
                hint = "; ".join(
                    [*self.index.skill_names.closest(name, 3), *self.skill_names().closest(name, 5)]
                )
                raise AirolesError(
                    f"no skill of ours or ESCO's is called {name!r}." + (f" Closest: {hint}." if hint else "")
                ) from None
            ours.append(skill)
            for predicate, target in self.index.esco_mappings.get(skill, []):
                if predicate in SKILL_PREDICATES and target in self.layer.skills:
                    esco.add(target)
        return ours, esco

    def match(self, names: Sequence[str], lang: str = "fr", limit: int | None = 10) -> Ranking:
        """Our roles ranked by the share of their ESCO skills that ``names`` (skills of ours or ESCO's) cover,
        with what is shared, near and to learn: the ESCO side of ``airoles match``."""
        _, have = self.esco_skills(names)
        source = Place(SKILLS, "", ", ".join(self.layer.label(s, lang) for s in sorted(have)))
        near = near_skills(near_parents(have, self.layer), self.layer) - have
        ranked = []
        for role in sorted(self.index.roles):
            essential, optional = self._split(role)
            if not (have & (essential | optional)):
                continue  # a role none of the skills is asked by is no match
            value = set_score(essential, optional, have, near)
            ranked.append((-round(value, 6), self._sort_key(ROLE, role, lang), role))
        ranked.sort()
        moves = []
        for negative, _, role in ranked[:limit] if limit else ranked:
            value, shared, near_items, missing = score(have, self.profile(role), self.layer)
            target = self.place(role, lang)
            moves.append(
                Move(
                    source,
                    target,
                    -negative,
                    self.skill_items(shared, lang),
                    self.skill_items(near_items, lang),
                    self.skill_items(missing, lang),
                )
            )
        return Ranking(source, moves, len(ranked))

    def _split(self, iri: str) -> tuple[frozenset[str], frozenset[str]]:
        found = self._sets.get(iri)
        if found is None:
            profile = self.profile(iri)
            found = self._sets[iri] = (
                frozenset(k for k, v in profile.items() if v == ESSENTIAL),
                frozenset(k for k, v in profile.items() if v != ESSENTIAL),
            )
        return found

    def _sort_key(self, kind: str, iri: str, lang: str) -> str:
        key = self._keys.get((iri, lang))
        if key is None:
            label = self.index.label(iri, lang) if kind == ROLE else self.layer.label(iri, lang)
            key = self._keys[(iri, lang)] = normalise(label)
        return key

    def _stated(self, frm: str, to: str) -> bool:
        return any(e.to == to and not e.entailed for e in self.index.out_edges.get(frm, []))

    def skill_items(self, found: list[tuple[str, str, str | None]], lang: str) -> list[SkillItem]:
        """ESCO skills ``(iri, importance, near)`` as labelled :class:`SkillItem` s, essential first."""
        items = []
        for iri, importance, near in found:
            concept = self.layer.skills.get(iri)
            label = concept.label(lang) if concept else iri
            items.append(
                SkillItem(
                    iri,
                    label,
                    concept.label_lang(lang) if concept else None,
                    importance,
                    self.layer.label(near, lang) if near else None,
                )
            )
        items.sort(key=lambda s: (s.importance != ESSENTIAL, normalise(s.label), s.iri))
        return items
