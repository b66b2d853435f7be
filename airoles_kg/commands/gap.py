"""``airoles gap FROM TO``: the skills TO asks for that FROM lacks, and those they share.

Between two of our roles: the skills the articles give (essential, then optional, by kind), then what ESCO
adds (the skills of the ESCO occupations the roles are mapped to). When FROM or TO is an ESCO occupation:
ESCO's skills only, scored as in ``airoles next --from`` (:mod:`airoles_kg.careers.moves`).
"""

import argparse

from airoles_kg.careers.moves import CareerMoves, Move
from airoles_kg.commands import SUMMARIES, _careers, _moves
from airoles_kg.core.errors import AirolesError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "gap",
        help=SUMMARIES["gap"],
        description="The skills TO lists that FROM does not (essential first, then optional; grouped by "
        "kind: hard, soft, knowledge, tool) and the skills both list, as the articles give them; then, "
        "marked as ESCO's, the ESCO skills shared, near and to learn. FROM and TO are our roles (label, "
        "IRI or CURIE) or any ESCO occupation (label, alternative label, IRI or ESCO code).",
    )
    parser.add_argument("frm", metavar="FROM", help="the role or occupation one has")
    parser.add_argument("to", metavar="TO", help="the role or occupation one wants")
    _careers.add_common_options(parser)
    parser.set_defaults(func=run)


def _esco_gap(moves: CareerMoves | None, frm: str, to: str, lang: str) -> Move | None:
    """The ESCO gap between two of our roles, or None when ESCO knows no skills of one of them."""
    if moves is None:
        return None
    try:
        return moves.gap(frm, to, lang)
    except AirolesError:
        return None


def run(args: argparse.Namespace) -> int:
    index = _careers.index(args.data)
    try:
        index.resolve_role(args.frm), index.resolve_role(args.to)
    except AirolesError as exc:
        if "ambiguous" in str(exc):
            raise
        # One side is not one of our roles: an ESCO occupation (or a clear error naming both kinds).
        move = _careers.moves(args.data).gap(args.frm, args.to, lang=args.lang)
        if args.format == "json":
            _careers.print_json({"esco": move.to_dict()})
        else:
            print(_moves.render_gap(move, args.lang))
        return 0
    gap = index.gap(args.frm, args.to, lang=args.lang)
    esco = _esco_gap(_careers.moves_or_none(args.data), args.frm, args.to, args.lang)
    if args.format == "json":
        _careers.print_json({**gap.to_dict(), "esco": esco.to_dict() if esco else None})
    else:
        print(_careers.render_gap(gap))
        if esco is not None:
            print()
            print("ESCO (skills of the mapped ESCO occupations, not stated by the articles):")
            print("\n".join(_moves.move_lines(esco, args.lang)))
    return 0
