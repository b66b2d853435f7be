"""Text rendering of the skill-based career moves (``airoles next --from``, ``airoles gap`` with ESCO).

The moves themselves come from :mod:`airoles_kg.careers.moves`; this module only formats them.
"""

from __future__ import annotations

from airoles_kg.careers.moves import METHOD, NEAR_CREDIT, WEIGHTS, Move, Place, SkillItem

SKILLS_SHOWN = 8  # per list in text; --format json lists them all
KIND_NAMES = {"role": "AI role", "occupation": "ESCO occupation"}


def _skill_list(items: list[SkillItem], lang: str, limit: int = SKILLS_SHOWN) -> str:
    def text(s: SkillItem) -> str:
        marks = []
        if s.importance == "essential":
            marks.append("essential")
        if s.lang and s.lang != lang:
            marks.append(f"@{s.lang}")  # ESCO has no label in the asked language
        if s.near:
            marks.append(f"near: {s.near}")
        return s.label + (f" ({', '.join(marks)})" if marks else "")

    shown = [text(s) for s in items[:limit]]
    more = len(items) - limit
    return "; ".join(shown) + (f"; … and {more} more" if more > 0 else "") if shown else "none"


def place_text(place: Place) -> str:
    """``label (AI role)`` or ``label (ESCO occupation)``."""
    return f"{place.label} ({KIND_NAMES[place.kind]})"


def move_lines(move: Move, lang: str, number: int | None = None) -> list[str]:
    """One move: its score and origin, then what is shared, near and to learn."""
    head = f"{number}. " if number is not None else ""
    origin = "stated by an article; " if move.stated else ""
    value = f"score {move.score:.2f}" if move.scored else "no ESCO skills to score"
    lines = [f"{head}{place_text(move.target)} — {value} ({origin}ESCO skills)"]
    indent = "   " if number is not None else "  "
    lines.append(f"{indent}shared: {_skill_list(move.shared, lang)}")
    if move.near:
        lines.append(f"{indent}near: {_skill_list(move.near, lang)}")
    lines.append(f"{indent}to learn: {_skill_list(move.to_learn, lang)}")
    return lines


def method_note() -> str:
    """How the score is computed, in one line."""
    return (
        f"Score ({METHOD}): the share of the target's ESCO skills one already has, essential skills weighing "
        f"{WEIGHTS['essential']:g} and optional {WEIGHTS['optional']:g}, a near skill (same ESCO parent) "
        f"counting {NEAR_CREDIT:g}. Derived from ESCO v1.1.1 and our mappings, not stated by the articles."
    )


def render_moves(source: Place, moves: list[Move], lang: str, total: int) -> str:
    """The ranked moves from ``source`` (``total``: how many there were before ``--limit``)."""
    shown = f", the best {len(moves)} shown" if len(moves) < total else ""
    out = [f"{total} skill-based move{'s' if total != 1 else ''} from {place_text(source)}{shown}", ""]
    for n, move in enumerate(moves, 1):
        out += move_lines(move, lang, n)
    out += ["", method_note()]
    return "\n".join(out)


def render_gap(move: Move, lang: str) -> str:
    """The ESCO-based gap between two places."""
    out = [
        f"{place_text(move.source)} → {place_text(move.target)}",
        *move_lines(move, lang),
        "",
        method_note(),
    ]
    return "\n".join(out)
