"""``airoles validate``: check the project's graph, or someone else's RDF files, against the SHACL shapes."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from airoles_kg.commands import SUMMARIES
from airoles_kg.commands._options import REMOVED_IN
from airoles_kg.core import console
from airoles_kg.core.atomic import atomic_write_text
from airoles_kg.core.collector import gc_paused
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import FORMAT_BY_SUFFIX
from airoles_kg.core.resolve import label
from airoles_kg.shacl import (
    FAIL_ON,
    METHODS,
    NARROW_FROM,
    ValidationReport,
    ValidationResult,
    curie,
    load_user_shapes,
    path_text,
    validate_files,
    validate_project,
    value_text,
)

REPORT_FORMATS = ("text", "json", "turtle")
INPUT_FORMATS = tuple(sorted(set(FORMAT_BY_SUFFIX.values())))
LABEL_LIMIT = 120  # characters of a label shown in the text report (data may hold huge literals)

# Interface words in both languages; the messages themselves come from the shapes (sh:message).
WORDS = {
    "fr": {
        "Violation": "violation",
        "Warning": "avertissement",
        "Info": "info",
        "path": "chemin",
        "value": "valeur",
        "shape": "forme",
        "conforms": "conforme",
        "not_conforms": "non conforme",
        "passes_violation": "aucune violation",
        "passes_warning": "ni violation ni avertissement",
        "counts": "{Violation} violation(s), {Warning} avertissement(s), {Info} info(s)",
        "below": "{Warning} avertissement(s), {Info} info(s)",
        "below_warning": "{Info} info(s)",
        "fail_on_warning": " (--fail-on warning : les avertissements comptent)",
        "fail_on_info": " (mode strict : avertissements et infos comptent)",
        "blank": "nœud anonyme",
        "object_of": "objet de",
    },
    "en": {
        "Violation": "violation",
        "Warning": "warning",
        "Info": "info",
        "path": "path",
        "value": "value",
        "shape": "shape",
        "conforms": "conforms",
        "not_conforms": "does not conform",
        "passes_violation": "no violations",
        "passes_warning": "no violations or warnings",
        "counts": "{Violation} violation(s), {Warning} warning(s), {Info} info(s)",
        "below": "{Warning} warning(s), {Info} info(s)",
        "below_warning": "{Info} info(s)",
        "fail_on_warning": " (--fail-on warning: warnings count)",
        "fail_on_info": " (strict mode: warnings and infos count)",
        "blank": "blank node",
        "object_of": "object of",
    },
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help=SUMMARIES["validate"],
        description="Validate the airoles graph (ontology + knowledge base), or the given RDF files, against "
        "shapes/airoles-shapes.ttl. Files are checked together with the ontology and the airoles knowledge "
        "base, so they may link to our roles, skills and sources; only the results about the nodes the files "
        "describe are reported. With --shapes, against your own shapes instead. Exit status: 0 no result "
        "of the --fail-on severity or above (by default: no violation; warnings and infos allowed), 1 some, "
        "2 an input cannot be read. The SHACL report "
        "(--format turtle) says sh:conforms true only when there is no result at all, as the standard says.",
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="RDF files (.ttl, .nt, .rdf/.owl/.xml, .jsonld)"
    )
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help="RDF syntax of the files (default: from each file's extension)",
    )
    parser.add_argument(
        "--format",
        choices=sorted({*REPORT_FORMATS, *INPUT_FORMATS}),  # the input syntaxes: the old meaning, deprecated
        default=None,
        help="report format: text (grouped by node, the default), json, or turtle (the SHACL report graph)",
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), default="fr", help="language of the report (default: fr)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically)")
    parser.add_argument(
        "--shapes",
        action="append",
        default=[],
        metavar="FILE",
        help="validate against your own shapes (repeatable; any RDF syntax) instead of ours: the files (or, "
        "without FILE, our graph) are checked as they are, every result reported",
    )
    parser.add_argument(
        "--with-airoles-shapes",
        action="store_true",
        help="with --shapes: our shapes too, and the files merged with our graph as without --shapes",
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=None,
        help="the least severe result that fails the validation (exit 1): violation (default), warning, "
        "or info (any result)",
    )
    parser.add_argument("--strict", action="store_true", help="the same as --fail-on info")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="pyshacl: pyshacl checks every focus node; narrowed: only those that might fail "
        f"(airoles_kg.shacl.fast; same results, seconds instead of minutes on a large catalogue); auto "
        f"(default): narrowed from {NARROW_FROM:,} triples",
    )
    parser.set_defaults(func=run)


def _old_options(args: argparse.Namespace) -> None:
    """Read the 0.2 spellings: ``--output text|json|turtle`` was the report format and ``--format`` the input
    syntax. Both still work until 0.4, with a warning (a report file named ``json`` is written ``./json``)."""
    old_input = (
        f"--format {args.format} for the input is deprecated and goes in {REMOVED_IN}: use --input-format"
    )
    if args.output in REPORT_FORMATS:
        console.warn(
            f"--output {args.output} is deprecated and goes in {REMOVED_IN}: use --format {args.output}"
        )
        if args.format is not None:  # the old pair: --format was the input syntax
            console.warn(old_input)
            args.input_format = args.input_format or args.format
        args.format, args.output = args.output, None
    elif args.format in INPUT_FORMATS and args.format not in REPORT_FORMATS:
        console.warn(old_input)
        args.input_format, args.format = args.input_format or args.format, None
    if args.format is None:
        args.format = "text"
    if args.strict and args.fail_on not in (None, "info"):
        raise AirolesError(f"--strict is --fail-on info: it cannot go with --fail-on {args.fail_on}")
    args.fail_on = "info" if args.strict else (args.fail_on or "violation")


# From this many triples validated, the command leaves what it built to the end of the process (see run).
FREEZE_FROM = 100_000


def run(args: argparse.Namespace) -> int:
    """The command, with the cyclic garbage collector paused: parsing, validating and writing the report
    allocate millions of objects (a 3,000-role catalogue: 617,000 triples) that make no garbage cycle worth
    collecting meanwhile. After a large validation they are frozen (``gc.freeze``) before the collector
    resumes: the process ends with the command, and walking them once more, only to free them at exit,
    took 1 to 2 s."""
    with gc_paused():
        code, validated = _run(args)
        if validated >= FREEZE_FROM:
            gc.freeze()
    return code


def _run(args: argparse.Namespace) -> tuple[int, int]:
    """The exit code and the number of triples validated."""
    _old_options(args)
    if args.with_airoles_shapes and not args.shapes:
        raise AirolesError("--with-airoles-shapes goes with --shapes FILE (our shapes are the default)")
    shapes = load_user_shapes(args.shapes, with_ours=args.with_airoles_shapes) if args.shapes else None
    # Their shapes alone: their data alone (our graph would only add results that are not theirs).
    with_ours = not args.shapes or args.with_airoles_shapes
    with console.progress("validating"):
        if args.files:
            report = validate_files(
                args.files, args.input_format, shapes=shapes, method=args.method, with_ours=with_ours
            )
        else:
            report = validate_project(shapes=shapes, method=args.method)
    if args.format == "json":
        text = json.dumps(report_json(report, args.lang, args.fail_on), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "turtle":
        text = report.report_graph.serialize(format="turtle")
    else:
        text = report_text(report, args.lang, args.fail_on)
    if args.output is not None:
        atomic_write_text(Path(args.output), text)
        console.notice(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return (0 if report.passes(args.fail_on) else 1), len(report.data_graph)


def node_name(graph: Graph, node: Node, lang: str) -> str:
    """``curie — label`` for a named node; a blank node by its types."""
    if isinstance(node, BNode):
        # A blank node has no name: say what it is and which node points to it.
        types = ", ".join(sorted(curie(graph, t) for t in graph.objects(node, RDF.type)))
        text = WORDS[lang]["blank"] + (f" a {types}" if types else "")
        referrer = next(iter(sorted(graph.subject_predicates(node), key=str)), None)
        if referrer is not None:
            text += f", {WORDS[lang]['object_of']} {curie(graph, referrer[0])} {curie(graph, referrer[1])}"
        return f"[{text}]"
    name = curie(graph, node)
    text = label(graph, node, lang)  # type: ignore[arg-type]
    if len(text) > LABEL_LIMIT:
        text = f"{text[:LABEL_LIMIT]}… ({len(text)} characters)"
    return name if text == name else f"{name} — {text}"


def _summary(report: ValidationReport, fail_on: str) -> dict[str, object]:
    counts = report.counts()
    return {
        "conforms": report.conforms(),
        "passed": report.passes(fail_on),
        "fail_on": fail_on,
        "violations": counts["Violation"],
        "warnings": counts["Warning"],
        "infos": counts["Info"],
        "focus_nodes": len({r.focus_node for r in report.results}),
        "validated": report.sources,
    }


def result_json(report: ValidationReport, result: ValidationResult, lang: str) -> dict[str, str | None]:
    """One result as a JSON object (full values, CURIEs where a prefix is bound)."""
    graph = report.data_graph
    return {
        "focus_node": curie(graph, result.focus_node),
        "path": path_text(report.report_graph, result.path),
        "value": value_text(graph, result.value, limit=None),
        "severity": result.severity,
        "message": result.message(lang),
        "shape": curie(report.shapes_graph, result.shape),
    }


def report_json(report: ValidationReport, lang: str, fail_on: str = "violation") -> dict[str, object]:
    """``{"summary": {...}, "results": [...]}``: ``conforms`` in the SHACL sense (no result at all),
    ``passed`` by ``fail_on``."""
    return {
        "summary": _summary(report, fail_on),
        "results": [result_json(report, r, lang) for r in report.results],
    }


def report_text(report: ValidationReport, lang: str, fail_on: str = "violation") -> str:
    """The results grouped by focus node, then a one-line verdict."""
    words = WORDS[lang]
    graph = report.data_graph
    groups: dict[Node, list[ValidationResult]] = defaultdict(list)
    for result in report.results:
        groups[result.focus_node].append(result)
    lines: list[str] = []
    for focus, results in groups.items():
        lines.append(node_name(graph, focus, lang))
        for result in results:
            where = []
            path = path_text(report.report_graph, result.path)
            if path:
                where.append(f"{words['path']}: {path}")
            value = value_text(graph, result.value)
            if value is not None and result.value != focus:
                where.append(f"{words['value']}: {value}")
            head = f"  [{words[result.severity]}]"
            lines.append(f"{head} {'; '.join(where)}" if where else head)
            lines.append(
                f"      {result.message(lang)} ({words['shape']} {curie(report.shapes_graph, result.shape)})"
            )
        lines.append("")
    lines.append(f"{', '.join(report.sources)}: {verdict_text(report, lang, fail_on)}")
    return "\n".join(lines) + "\n"


def verdict_text(report: ValidationReport, lang: str, fail_on: str = "violation") -> str:
    """The one-line verdict: "conforms" only without any result (the SHACL sense); "no violations (2
    warning(s), 1 info(s))" when what there is does not fail; else "does not conform" with the counts."""
    words = WORDS[lang]
    counts = report.counts()
    suffix = words[f"fail_on_{fail_on}"] if fail_on != "violation" else ""
    if report.conforms():
        return f"{words['conforms']} — {words['counts'].format(**counts)}"
    if report.passes(fail_on):
        below = words["below_warning" if fail_on == "warning" else "below"].format(**counts)
        return f"{words[f'passes_{fail_on}']} ({below}){suffix}"
    return f"{words['not_conforms']} — {words['counts'].format(**counts)}{suffix}"
