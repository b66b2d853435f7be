"""``airoles gap FROM TO``: the skills TO asks for that FROM lacks, and those they share."""

import argparse

from airoles.commands import _careers


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "gap",
        help="skills a role asks for that another lacks (essential, then optional, by kind), and shared ones",
        description="The skills TO lists that FROM does not (essential first, then optional; grouped by "
        "kind: hard, soft, knowledge, tool) and the skills both list. "
        "Roles are named by label, IRI or CURIE.",
    )
    parser.add_argument("frm", metavar="FROM", help="the role one has")
    parser.add_argument("to", metavar="TO", help="the role one wants")
    _careers.add_common_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    gap = _careers.index(args.data).gap(args.frm, args.to, lang=args.lang)
    if args.format == "json":
        _careers.print_json(gap.to_dict())
    else:
        print(_careers.render_gap(gap))
    return 0
