"""``airoles path FROM TO``: the stated career paths from one role to another, ranked."""

import argparse

from airoles_kg.commands import SUMMARIES, _careers
from airoles_kg.core.errors import AirolesError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "path",
        help=SUMMARIES["path"],
        description="Every simple path of career transitions from FROM to TO within --max-hops, ranked by "
        "fewest hops then smallest skill gap. Each step gives its kind, conditions, credentials, source "
        "articles and the essential skills to acquire. Roles are named by label (French or English, any "
        "case, accents optional), IRI or CURIE. Exit 1 when no path exists.",
    )
    parser.add_argument("frm", metavar="FROM", help="starting role")
    parser.add_argument("to", metavar="TO", help="target role")
    parser.add_argument(
        "--limit", type=int, default=0, metavar="N", help="show the N best paths (default: all)"
    )
    _careers.add_common_options(parser, hops=True)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise AirolesError(f"--limit must be 0 (all) or more (got {args.limit})")
    index = _careers.index(args.data)
    paths = index.paths(args.frm, args.to, max_hops=args.max_hops, lang=args.lang)
    if not paths:
        start, goal = index.resolve_role(args.frm), index.resolve_role(args.to)
        raise AirolesError(
            f"no stated career path from {index.label(start, args.lang)} to {index.label(goal, args.lang)} "
            f"within {args.max_hops} hops",
            exit_code=1,
        )
    shown = paths[: args.limit] if args.limit else paths
    if args.format == "json":
        first = paths[0]
        _careers.print_json(
            {
                "from": first.roles[0].to_dict(),
                "to": first.roles[-1].to_dict(),
                "max_hops": args.max_hops,
                "count": len(paths),
                "paths": [p.to_dict() for p in shown],
            }
        )
    else:
        print(_careers.render_paths(shown, args.max_hops, total=len(paths)))
    return 0
