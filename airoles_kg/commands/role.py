"""``airoles role NAME``: a role's profile — what the articles say (its skills, essential or optional, and
its stated transitions) and, apart, what ESCO adds (the mapped ESCO occupations and their skills)."""

from __future__ import annotations

import argparse
from typing import Any

from airoles_kg.careers.index import ESSENTIAL
from airoles_kg.commands import SUMMARIES, _careers

SHOWN = 15  # ESCO skills listed per importance in text; --format json lists them all


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "role",
        help=SUMMARIES["role"],
        description="The role named NAME (label in French or English, alternative label, IRI or CURIE): "
        "its skills as the articles give them, the transitions they state, then, marked as ESCO's, the ESCO "
        "occupations it is mapped to (with the mapping relation) and their essential and optional skills.",
    )
    parser.add_argument("name", metavar="NAME", help="the role")
    _careers.add_common_options(parser)
    parser.set_defaults(func=run)


def profile(name: str, lang: str, data: list[str]) -> dict[str, Any]:
    """The role's profile as a JSON-ready dict (``esco`` is None without an ESCO layer)."""
    index = _careers.index(data)
    role = index.resolve_role(name)
    skills = index.skills_of(role)
    ordered = sorted(skills, key=lambda s: (skills[s] != ESSENTIAL, index.sort_key(s, lang), s))
    out: dict[str, Any] = {
        "role": index.ref(role, lang).to_dict(),
        "skills": [index.skill_ref(s, skills[s], lang).to_dict() for s in ordered],
        "transitions": [
            index.ref(edge.to, lang).to_dict()
            for edge in sorted(
                index.out_edges.get(role, []), key=lambda e: (index.sort_key(e.to, lang), e.to)
            )
            if not edge.entailed
        ],
        "esco": None,
    }
    moves = _careers.moves_or_none(data)
    if moves is not None:
        occupations = []
        for relation, iri in index.esco_mappings.get(role, []):
            concept = moves.layer.concept(iri)
            described = concept.descriptions if concept is not None else {}
            occupations.append(
                {
                    "relation": relation,
                    "iri": iri,
                    "label": moves.layer.label(iri, lang),
                    "description": described.get(lang) or described.get("en"),
                }
            )
        found = moves.profile(role)
        items = moves.skill_items([(s, imp, None) for s, imp in found.items()], lang)
        out["esco"] = {
            "occupations": occupations,
            "essential": [s.to_dict() for s in items if s.importance == ESSENTIAL],
            "optional": [s.to_dict() for s in items if s.importance != ESSENTIAL],
        }
    return out


def run(args: argparse.Namespace) -> int:
    data = profile(args.name, args.lang, args.data)
    if args.format == "json":
        _careers.print_json(data)
        return 0
    print(data["role"]["label"])
    print(f"  {data['role']['iri']}")
    print(f"\nSkills the articles give ({len(data['skills'])}):")
    for skill in data["skills"]:
        mark = "essential" if skill["importance"] == ESSENTIAL else "optional"
        print(f"  {skill['label']} ({skill['kind']}, {mark})")
    if not data["skills"]:
        print("  none stated")
    if data["transitions"]:
        print(f"\nTransitions the articles state: {', '.join(t['label'] for t in data['transitions'])}")
    esco = data["esco"]
    if esco is None:
        print("\nESCO: no ESCO layer (airoles import-esco PATH)")
        return 0
    print("\nESCO (what ESCO adds, not stated by the articles):")
    for occ in esco["occupations"]:
        print(f"  skos:{occ['relation']} {occ['label']} <{occ['iri']}>")
        if occ["description"]:
            print(f"    {occ['description']}")
    if not esco["occupations"]:
        print("  not mapped to ESCO")
    for key in ("essential", "optional"):
        skills = esco[key]
        if not skills:
            continue
        names = [
            s["label"] + (f" (@{s['lang']})" if s["lang"] and s["lang"] != args.lang else "") for s in skills
        ]
        more = f"; … and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
        print(f"  {key} skills ({len(names)}): {'; '.join(names[:SHOWN])}{more}")
    return 0
