#!/usr/bin/env python3
"""Write ontology/kb/esco-mappings.ttl from mappings/airoles-esco.sssom.tsv (the one source of the mappings).

The SSSOM file is read and validated with the ``sssom`` package (a test dependency: the generated Turtle is
committed, so the product itself never needs it). Each mapping row becomes, in the knowledge base:

* the SKOS mapping triple itself (``role:data-analyst skos:exactMatch esco-occupation:...``), what queries,
  the career index and the exports read;
* a ``skos:note`` (English) on the subject that says the relation, ESCO's label of the target, the confidence
  and the curator's justification (the row's comment): "skos:exactMatch ESCO 'data analyst' (confidence
  0.95, manual mapping curation): ...";
* ESCO's English preferred label of the target (``rdfs:label``), so a role shows readable matches without an
  ESCO import.

The mappings are our judgement, not a statement of the articles: they carry no ``prov:wasDerivedFrom`` to an
article (the SSSOM file, its metadata and its licence say who made them). ``--check`` exits 1 when the
committed file differs from what the SSSOM file gives (CI runs it through tests/test_mappings.py).

Usage: scripts/generate_alignments.py [--check] [--sssom FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SSSOM_FILE = ROOT / "mappings" / "airoles-esco.sssom.tsv"
OUT_FILE = ROOT / "ontology" / "kb" / "esco-mappings.ttl"
PREDICATES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
JUSTIFICATIONS = {"semapv:ManualMappingCuration": "manual mapping curation"}

HEADER = """\
# airoles knowledge base — mappings of our roles and skills to ESCO v1.1.1.
#
# GENERATED from mappings/airoles-esco.sssom.tsv by scripts/generate_alignments.py: do not edit by hand; edit
# the SSSOM file (one row per mapping: predicate, ESCO IRI and label, justification, confidence, comment) and
# run the script. tests/test_mappings.py checks that this file is what the SSSOM file gives, and every IRI and
# label against ESCO's download.
#
# "role skos:broadMatch X" means X is broader than the role. ISCO-08 unit groups of the roles
# (airoles:hasOccupationCode) are in alignments.ttl.

"""


def read_rows(path: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The mapping rows of an SSSOM TSV file (validated by ``sssom``) and its CURIE map."""
    logging.disable(logging.WARNING)  # sssom logs pandas notes for every file
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from sssom.parsers import parse_sssom_table
        from sssom.validators import validate

        msdf = parse_sssom_table(path)
        validate(msdf, fail_on_error=True)
    prefixes = dict(msdf.converter.bimap)
    rows = [{k: ("" if v is None else str(v)) for k, v in row.items()} for row in msdf.df.to_dict("records")]
    return rows, prefixes


def expand(curie: str, prefixes: dict[str, str]) -> str:
    """The IRI of ``curie`` under ``prefixes``; ValueError for an unknown prefix."""
    prefix, _, local = curie.partition(":")
    if prefix not in prefixes:
        raise ValueError(f"{curie}: prefix {prefix!r} is not in the SSSOM curie_map")
    return prefixes[prefix] + local


def turtle_string(text: str) -> str:
    """A Turtle string literal (escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def note(row: dict[str, str]) -> str:
    """The English justification note of one mapping."""
    relation = row["predicate_id"]
    confidence = float(row["confidence"])
    how = JUSTIFICATIONS.get(row["mapping_justification"], row["mapping_justification"])
    comment = row.get("comment", "").strip()
    return f"{relation} ESCO '{row['object_label']}' (confidence {confidence:g}, {how}): {comment}".rstrip(
        ": "
    )


def render(rows: list[dict[str, str]], prefixes: dict[str, str]) -> str:
    """The Turtle text for ``rows`` (deterministic: rows sorted as in the SSSOM file's key)."""
    for row in rows:
        if row["predicate_id"].removeprefix("skos:") not in PREDICATES:
            raise ValueError(f"{row['subject_id']}: predicate {row['predicate_id']} is not a SKOS mapping")
        expand(row["subject_id"], prefixes)
        expand(row["object_id"], prefixes)
    rows = sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))
    used = sorted(
        {r[k].partition(":")[0] for r in rows for k in ("subject_id", "object_id")} | {"skos", "rdfs"}
    )
    names = {"skos": "http://www.w3.org/2004/02/skos/core#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    lines = [HEADER.rstrip("\n"), ""]
    lines += [f"@prefix {p}: <{names.get(p) or prefixes[p]}> ." for p in used]
    lines.append("")
    by_subject: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_subject.setdefault(row["subject_id"], []).append(row)
    for subject, group in by_subject.items():
        statements = [f"{r['predicate_id']} {r['object_id']}" for r in group]
        statements += [f"skos:note {turtle_string(note(r))}@en" for r in group]
        lines.append(f"{subject} " + " ;\n    ".join(statements) + " .")
        lines.append("")
    labels = sorted({(r["object_id"], r["object_label"]) for r in rows})
    lines.append("# ESCO's English preferred labels of the targets (ESCO v1.1.1).")
    for target, label in labels:
        lines.append(f"{target} rdfs:label {turtle_string(label)}@en .")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, compare) the generated Turtle; exit 0 ok, 1 differs, 2 bad input."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sssom", type=Path, default=SSSOM_FILE, help="the SSSOM TSV file")
    parser.add_argument("--out", type=Path, default=OUT_FILE, help="the Turtle file to write")
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing")
    args = parser.parse_args(argv)
    try:
        rows, prefixes = read_rows(args.sssom)
        text = render(rows, prefixes)
    except Exception as exc:  # sssom's and our own validation errors: one line, no traceback
        print(f"generate_alignments: error: {args.sssom}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(
                f"{args.out} is not what {args.sssom} gives: run scripts/generate_alignments.py",
                file=sys.stderr,
            )
            return 1
        return 0
    tmp = args.out.with_name(f".{args.out.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out} ({len(rows)} mappings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
