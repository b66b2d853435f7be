"""``airoles match --skill S ...``: the roles whose skill sets the given skills cover best."""

import argparse

from airoles_kg.careers.index import MATCH_SCORE
from airoles_kg.commands import SUMMARIES, _careers, _moves
from airoles_kg.core.errors import AirolesError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "match",
        help=SUMMARIES["match"],
        description="Roles ranked by score = (2 x essential covered + optional covered) / "
        "(2 x essential + optional), each with its missing essential and optional skills. Skills are named "
        "by label (French or English, any case, accents optional), IRI or CURIE.",
    )
    parser.add_argument(
        "--skill", action="append", required=True, metavar="SKILL", help="a skill one has (repeat the option)"
    )
    parser.add_argument(
        "--limit", type=int, default=10, metavar="N", help="show the N best roles (0: all; default 10)"
    )
    parser.add_argument(
        "--min-score", type=float, default=0.0, metavar="X", help="leave out roles scoring below X (0 to 1)"
    )
    _careers.add_common_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise AirolesError(f"--limit must be 0 (all) or more (got {args.limit})")
    if not 0.0 <= args.min_score <= 1.0:
        raise AirolesError(f"--min-score must be between 0 and 1 (got {args.min_score})")
    index = _careers.index(args.data)
    moves = _careers.moves_or_none(args.data)
    ours = args.skill
    esco = None
    if moves is not None:  # a skill may be ours or ESCO's; what neither knows is an error naming both
        ours, esco_skills = moves.esco_skills(args.skill)
        if esco_skills:
            esco = moves.match(args.skill, lang=args.lang, limit=args.limit or None)
    matches = (
        index.match(ours, limit=args.limit or None, min_score=args.min_score, lang=args.lang) if ours else []
    )
    skills = index.skill_refs(ours, lang=args.lang) if ours else []
    if args.format == "json":
        _careers.print_json(
            {
                "skills": [s.to_dict() for s in skills],
                "score": MATCH_SCORE,
                "matches": [m.to_dict() for m in matches],
                "esco": None
                if esco is None
                else {"total": esco.total, "moves": [m.to_dict() for m in esco.moves]},
            }
        )
        return 0
    _print_articles(skills, matches)
    if esco is not None:
        print()
        print(f"ESCO (the roles' ESCO skills that {esco.source.label} cover, not stated by the articles):")
        for n, move in enumerate(esco.moves, 1):
            for line in _moves.move_lines(move, args.lang, n):
                print(f"  {line}")
    return 0


def _print_articles(skills: list, matches: list) -> None:
    names = ", ".join(s.label for s in skills)
    if not skills:
        print("none of these skills is one the articles name")
        return
    if not matches:
        print(f"no role lists any of: {names}")
        return
    print(f"Roles matching {names}")
    print(f"score = {MATCH_SCORE}")
    for n, m in enumerate(matches, 1):
        print(
            f"{n:>3}. {m.score:.2f}  {m.role.label}  essential {m.essential_covered}/{m.essential_total}, "
            f"optional {m.optional_covered}/{m.optional_total}"
        )
        if m.missing_essential:
            print(f"       missing essential: {', '.join(s.label for s in m.missing_essential)}")
        if m.missing_optional:
            print(f"       missing optional: {', '.join(s.label for s in m.missing_optional)}")
