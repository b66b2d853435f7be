"""``airoles next ROLE``: the roles reachable from a role through stated transitions, then its ESCO
neighbours when an ESCO graph is imported (``airoles import-esco``). ``airoles next --from NAME``: from one of
our roles or any ESCO occupation, the AI roles (and, with ``--occupations``, ESCO's other occupations) ranked
by ESCO skill overlap, each with the skills shared, near and to learn (:mod:`airoles_kg.careers.moves`)."""

import argparse
import sys

from rdflib import URIRef

from airoles_kg.careers.rdf import moves_graph
from airoles_kg.commands import SUMMARIES, _careers, _moves
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import external_files
from airoles_kg.esco import esco_matches, graph_with_external, match_dict


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "next",
        help=SUMMARIES["next"],
        description="Every role reachable from ROLE within --max-hops career transitions, with its fewest "
        "hops and one shortest route (its kinds: promotion, lateral move, ...). The role is named by label, "
        "IRI or CURIE. When an ESCO graph is imported (airoles import-esco), the ESCO occupations the role "
        "is mapped to follow, with the other occupations of their ISCO-08 unit group.",
    )
    parser.add_argument("role", metavar="ROLE", nargs="?", help="starting role (stated transitions)")
    parser.add_argument(
        "--from",
        dest="frm",
        metavar="NAME",
        help="skill-based moves instead: from one of our roles or any ESCO occupation (French or English "
        "label, alternative label, IRI, CURIE or ESCO code such as 2511.3)",
    )
    parser.add_argument(
        "--occupations",
        action="store_true",
        help="with --from: rank ESCO's other occupations too, not only the AI roles",
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="with --from: show the best N moves (default: 10 in text)"
    )
    _careers.add_common_options(parser, hops=True, formats=("text", "json", "turtle"))
    parser.add_argument(
        "--no-external",
        action="store_true",
        help="leave out the imported ESCO graph (ontology/external/): no ESCO neighbours",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format == "turtle" and args.frm is None:
        raise AirolesError("--format turtle is for --from NAME (the computed moves as RDF)")
    if args.frm is not None:
        return _moves_from(args)
    if args.role is None:
        raise AirolesError("name a ROLE (stated transitions) or use --from NAME (skill-based moves)")
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


def _moves_from(args: argparse.Namespace) -> int:
    if args.role is not None:
        raise AirolesError("give either ROLE or --from NAME, not both")
    if args.limit is not None and args.limit <= 0:
        raise AirolesError(f"--limit must be positive, not {args.limit}")
    moves = _careers.moves(args.data)
    limit = args.limit if args.limit is not None else (10 if args.format == "text" else None)
    ranking = moves.moves(args.frm, lang=args.lang, occupations=args.occupations, limit=limit)
    if args.format == "turtle":
        # The moves as data: typed and sourced as derived (airoles:SkillBasedMove), covered by the shapes.
        sys.stdout.write(moves_graph(ranking.moves, moves.label).serialize(format="turtle"))
    elif args.format == "json":
        data = {"from": ranking.source.to_dict(), "total": ranking.total}
        _careers.print_json({**data, "moves": [m.to_dict() for m in ranking.moves]})
    else:
        print(_moves.render_moves(ranking.source, ranking.moves, args.lang, ranking.total))
    return 0
