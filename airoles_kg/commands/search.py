"""``airoles search WORDS``: find anything by its words (roles, skills, sectors, employers, ESCO's
occupations and skills...), in French or English, in any order, misspelt or incomplete."""

from __future__ import annotations

import argparse
import json

from airoles_kg.commands import SUMMARIES
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import load_graph
from airoles_kg.profiles.search import ALL_KINDS, search_index

DEFAULT_LIMIT = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help=SUMMARIES["search"],
        description="Nodes whose names (labels and alternative labels, French or English) hold the words "
        "given, in any order, ignoring case and accents; a word may be the start of a longer one or have a "
        "typo, and some may be missing. Best first, with the share of the words found. ESCO's occupations "
        "and skills are searched too (the user's import, else the layer shipped with airoles).",
    )
    parser.add_argument("words", nargs="+", metavar="WORD", help="what to look for")
    parser.add_argument(
        "--kind",
        action="append",
        choices=ALL_KINDS,
        metavar="KIND",
        help=f"only this kind (repeatable): {', '.join(ALL_KINDS)}",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N results (default: {DEFAULT_LIMIT})",
    )
    parser.add_argument("--no-esco", action="store_true", help="search the knowledge base only")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of labels (default: fr)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise AirolesError(f"--limit must be at least 1, not {args.limit}")
    text = " ".join(args.words)
    hits = search_index(load_graph(), esco=not args.no_esco).search(
        text, limit=args.limit, kinds=args.kind, lang=args.lang
    )
    if args.format == "json":
        print(
            json.dumps({"query": text, "results": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2)
        )
        return 0
    if not hits:
        print(f"nothing found for {text!r}")
        return 0
    width = max(len(h.kind) for h in hits)
    for hit in hits:
        shown = hit.label if hit.name == hit.label else f"{hit.label} (as {hit.name!r})"
        print(f"{hit.score:4.2f}  {hit.kind:<{width}}  {shown}\n      {hit.iri}")
    return 0
