"""``airoles next ROLE``: the roles reachable from a role through stated transitions, then its ESCO
neighbours when an ESCO graph is imported (``airoles import-esco``, read from ``ontology/external/``)."""

import argparse

from rdflib import URIRef

from airoles.commands import _careers
from airoles.core.loader import external_files
from airoles.esco.importer import esco_matches, graph_with_external, match_dict


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "next",
        help="roles reachable from a role within N transitions, with the kinds along the way",
        description="Every role reachable from ROLE within --max-hops career transitions, with its fewest "
        "hops and one shortest route (its kinds: promotion, lateral move, ...). The role is named by label, "
        "IRI or CURIE. When an ESCO graph is imported (airoles import-esco), the ESCO occupations the role "
        "is mapped to follow, with the other occupations of their ISCO-08 unit group.",
    )
    parser.add_argument("role", metavar="ROLE", help="starting role")
    _careers.add_common_options(parser, hops=True)
    parser.add_argument(
        "--no-external",
        action="store_true",
        help="leave out the imported ESCO graph (ontology/external/): no ESCO neighbours",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    index = _careers.index(args.data)
    reach = index.reachable(args.role, max_hops=args.max_hops, lang=args.lang)
    role = index.resolve_role(args.role)
    start = index.ref(role, args.lang)
    # The index holds no ESCO: the matches are read from our files and the import, only when there is one.
    external = [] if args.no_external else external_files()
    matches = esco_matches(graph_with_external(external), URIRef(role), args.lang) if external else None
    if args.format == "json":
        data = {"from": start.to_dict(), "max_hops": args.max_hops, "reachable": [r.to_dict() for r in reach]}
        if matches is not None:
            data["esco"] = [match_dict(m) for m in matches]
        _careers.print_json(data)
    else:
        print(_careers.render_reachable(start.label, reach, args.max_hops))
        if not args.no_external:
            print()
            print(_careers.render_esco(start.label, matches, external))
    return 0
