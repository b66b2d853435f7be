"""Shared options and text rendering of the career commands (``path``, ``gap``, ``next``, ``match``).

The answers themselves come from :mod:`airoles_kg.careers.index`; this module only formats them. JSON output
is the results' ``to_dict()`` (schema in the README, "Career paths and skill gaps").
"""

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path as FilePath
from typing import Any

from airoles_kg.careers.index import (
    DEFAULT_MAX_HOPS,
    ESSENTIAL,
    KIND_ORDER,
    OPTIONAL,
    CareerIndex,
    Gap,
    Path,
    Reach,
    SkillRef,
    Step,
    load_index,
)
from airoles_kg.careers.moves import CareerMoves
from airoles_kg.core import console
from airoles_kg.core.errors import AirolesError
from airoles_kg.esco import EscoMatch, default_output
from airoles_kg.esco.layer import load_layer

ESCO_NEIGHBOURS_SHOWN = 10  # in text; --format json lists them all
_ESCO_KINDS = {"occupation": "ESCO occupation", "isco": "ISCO-08 group", "skill": "ESCO skill"}


DATA_HELP = (
    "an RDF file of your own catalogue, in the airoles vocabulary, loaded beside our graph (repeatable). "
    "Large files go through pyoxigraph with the rule-based inferences; the graph and the index are cached "
    "in the user cache directory (or $AIROLES_CACHE_DIR), so later runs start at once"
)


def add_common_options(
    parser: argparse.ArgumentParser, hops: bool = False, formats: tuple[str, ...] = ("text", "json")
) -> None:
    """``--format`` (one of ``formats``), ``--lang``, ``--data`` (and ``--max-hops`` when ``hops``)."""
    if hops:
        parser.add_argument(
            "--max-hops",
            type=int,
            default=DEFAULT_MAX_HOPS,
            metavar="N",
            help=f"at most N transitions (default: {DEFAULT_MAX_HOPS})",
        )
    parser.add_argument("--format", choices=formats, default="text", help="output format (default: text)")
    parser.add_argument(
        "--lang", choices=("fr", "en"), default="fr", help="language of labels and texts (default: fr)"
    )
    parser.add_argument("--data", action="append", default=[], metavar="FILE", help=DATA_HELP)


def index(data: Sequence[str] = ()) -> CareerIndex:
    """The career index of the knowledge graph (built once, cached on disk); with ``data`` files, of the
    graph and those files, loaded through :mod:`airoles_kg.catalogue.fastload` (its on-disk store and index
    caches)."""
    if not data:
        return load_index()
    from airoles_kg.catalogue import fastload  # only for --data: pyoxigraph loading and its caches

    with console.progress(f"loading {', '.join(data)}"):
        return fastload.load(fastload.project_files(data), persistent=True).index()


def moves(data: Sequence[str] = ()) -> CareerMoves:
    """Skill-based moves over the career index and the ESCO layer (the user's import, else the layer
    shipped with airoles); a clear error when there is no ESCO at all."""
    found = moves_or_none(data)
    if found is None:
        raise AirolesError(
            "no ESCO layer: this installation ships none and no ESCO import was found "
            f"(run `airoles import-esco PATH`, which writes to {default_output().parent})"
        )
    return found


def moves_or_none(data: Sequence[str] = ()) -> CareerMoves | None:
    """:func:`moves`, or None when there is no ESCO layer."""
    layer = load_layer()
    return CareerMoves(index(data), layer) if layer is not None else None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def skills_text(skills: Iterable[SkillRef]) -> str:
    return ", ".join(f"{s.label} ({s.kind})" for s in skills) or "none"


def step_lines(step: Step, indent: str) -> list[str]:
    """A step as indented lines: the move and its kind, then its conditions, sources and skills."""
    kind = step.kind.label if step.kind else "unspecified kind"
    lines = [f"{step.from_role.label} → {step.to_role.label} — {kind}"]
    for text in step.conditions:
        lines.append(f"{indent}conditions: {text}")
    for text in step.required_experience:
        lines.append(f"{indent}experience: {text}")
    if step.credentials:
        lines.append(f"{indent}credentials: {', '.join(c.label for c in step.credentials)}")
    if step.suggested_credentials:
        names = ", ".join(c.label for c in step.suggested_credentials)
        lines.append(f"{indent}suggested training (an example, not a condition): {names}")
    for source in step.sources:
        lines.append(f"{indent}source: {source.title} <{source.iri}>")
    if step.entailed:
        lines.append(f"{indent}entailed by the ontology (not stated by an article): {step.axiom}")
    lines.append(f"{indent}skills to acquire: {skills_text(step.skills_to_acquire)}")
    if step.optional_skills_to_acquire:
        lines.append(f"{indent}optional skills to acquire: {skills_text(step.optional_skills_to_acquire)}")
    return lines


def render_paths(paths: list[Path], max_hops: int, total: int | None = None) -> str:
    """The paths, numbered; ``total`` is how many were found when only the best are shown."""
    first = paths[0]
    start, goal = first.roles[0].label, first.roles[-1].label
    total = len(paths) if total is None else total
    plural = "s" if total > 1 else ""
    shown = f", the best {len(paths)} shown" if len(paths) < total else ""
    out = [
        f"{total} career path{plural} from {start} to {goal} within {max_hops} hops "
        f"(fewest hops first, then smallest skill gap{shown})",
    ]
    for n, path in enumerate(paths, 1):
        hops = f"{path.hops} hop{'s' if path.hops > 1 else ''}"
        out += [
            "",
            f"{n}. {' → '.join(r.label for r in path.roles)}  ({hops}, {path.skill_gap} essential "
            f"skill{'s' if path.skill_gap != 1 else ''} to acquire)",
        ]
        for m, step in enumerate(path.steps, 1):
            lines = step_lines(step, "      ")
            out.append(f"   {m}) {lines[0]}")
            out += lines[1:]
    return "\n".join(out)


def render_gap(gap: Gap) -> str:
    out = [f"Skill gap from {gap.from_role.label} to {gap.to_role.label}"]
    for importance in (ESSENTIAL, OPTIONAL):
        missing = gap.missing_list(importance)
        out += ["", f"Missing {importance} skills ({len(missing)}):"]
        for kind in KIND_ORDER:
            skills = gap.missing[importance][kind]
            if skills:
                out.append(f"  {kind}: {', '.join(s.label for s in skills)}")
        if not missing:
            out.append("  none")
    out += ["", f"Shared skills ({len(gap.shared)}):"]
    for s in gap.shared:
        out.append(
            f"  {s.label} ({s.kind}; {s.importance_from} for {gap.from_role.label}, "
            f"{s.importance_to} for {gap.to_role.label})"
        )
    if not gap.shared:
        out.append("  none")
    return "\n".join(out)


def render_reachable(start: str, reach: list[Reach], max_hops: int) -> str:
    if not reach:
        return f"no stated career transition out of {start}"
    out = [f"{len(reach)} role{'s' if len(reach) > 1 else ''} reachable from {start} within {max_hops} hops"]
    for r in reach:
        kinds = " → ".join(k or "unspecified kind" for k in r.kinds)
        via = " → ".join(role.label for role in r.via)
        line = f"  {r.hops} hop{'s' if r.hops > 1 else ' '}  {r.role.label}  [{kinds}]"
        if via:
            line += f"  via {via}"
        if r.entailed:
            line += "  (entailed step)"
        out.append(line)
    return "\n".join(out)


def render_esco(role: str, matches: list[EscoMatch] | None, files: Sequence[FilePath] = ()) -> str:
    """The ESCO occupations a role is mapped to and the other occupations of their ISCO-08 unit group.

    ``matches`` is None when no ESCO graph is imported: one line then says how to import one.
    """
    if matches is None:
        return (
            "ESCO neighbours: no ESCO graph imported (airoles import-esco DIR reads an ESCO CSV download "
            "into ontology/external/)"
        )
    out = [f"ESCO neighbours of {role} (from {', '.join(f.name for f in files)})"]
    if not matches:
        out.append(f"  none: {role} is not aligned to an ESCO occupation or ISCO-08 group")
    for match in matches:
        target, isco = match.target, match.isco
        what = _ESCO_KINDS.get(match.kind, "ESCO") + (f" {target.code}" if target.code else "")
        line = f"  {match.relation} {target.label or target.iri} ({what})"
        if isco is not None and match.kind != "isco":
            line += f" — ISCO-08 {isco.code or ''} {isco.label or isco.iri}".rstrip()
        out.append(line)
        if match.neighbours:
            group = f"ISCO-08 {isco.code}" if isco is not None and isco.code else "its group"
            out.append(f"    other occupations of {group} ({len(match.neighbours)}):")
            for neighbour in match.neighbours[:ESCO_NEIGHBOURS_SHOWN]:
                code = f" ({neighbour.code})" if neighbour.code else ""
                out.append(f"      {neighbour.label or neighbour.iri}{code}")
            rest = len(match.neighbours) - ESCO_NEIGHBOURS_SHOWN
            if rest > 0:
                out.append(f"      … and {rest} more (--format json lists them all)")
    return "\n".join(out)
