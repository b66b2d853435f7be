"""``airoles next ROLE``: the roles reachable from a role through stated transitions."""

import argparse

from airoles.commands import _careers


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "next",
        help="roles reachable from a role within N transitions, with the kinds along the way",
        description="Every role reachable from ROLE within --max-hops career transitions, with its fewest "
        "hops and one shortest route (its kinds: promotion, lateral move, ...). The role is named by label, "
        "IRI or CURIE.",
    )
    parser.add_argument("role", metavar="ROLE", help="starting role")
    _careers.add_common_options(parser, hops=True)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    index = _careers.index()
    reach = index.reachable(args.role, max_hops=args.max_hops, lang=args.lang)
    start = index.ref(index.resolve_role(args.role), args.lang)
    if args.format == "json":
        _careers.print_json(
            {"from": start.to_dict(), "max_hops": args.max_hops, "reachable": [r.to_dict() for r in reach]}
        )
    else:
        print(_careers.render_reachable(start.label, reach, args.max_hops))
    return 0
