"""``airoles match --skill S ...``: the roles whose skill sets the given skills cover best."""

import argparse

from airoles.careers.index import MATCH_SCORE
from airoles.commands import _careers
from airoles.core.errors import AirolesError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "match",
        help="roles ranked by how much of their skill set the given skills cover",
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
    matches = index.match(args.skill, limit=args.limit or None, min_score=args.min_score, lang=args.lang)
    skills = index.skill_refs(args.skill, lang=args.lang)
    if args.format == "json":
        _careers.print_json(
            {
                "skills": [s.to_dict() for s in skills],
                "score": MATCH_SCORE,
                "matches": [m.to_dict() for m in matches],
            }
        )
        return 0
    names = ", ".join(s.label for s in skills)
    if not matches:
        print(f"no role lists any of: {names}")
        return 0
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
    return 0
