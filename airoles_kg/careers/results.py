"""The answers of the career index (:class:`airoles_kg.careers.index.CareerIndex`) and their vocabulary.

Plain dataclasses and named tuples (references to roles and skills, steps and paths, skill gaps, matches),
each with ``to_dict`` giving the JSON documented in the README, and the constants the answers use: skill
kinds in display order, importances, the default number of hops, the match score's formula. The
definitions behind them (steps, skills to acquire, ranking, score) are in :mod:`airoles_kg.careers.index`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from rdflib import URIRef

from airoles_kg.core.namespaces import AIROLES

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
MATCH_SCORE = "(2*essential_covered + optional_covered) / (2*essential_total + optional_total)"

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


@dataclass(frozen=True)
class Match:
    """How well a set of skills covers a role (score: see :mod:`airoles_kg.careers.index`)."""

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
