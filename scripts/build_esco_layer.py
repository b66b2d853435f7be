#!/usr/bin/env python3
"""Build the ESCO layer shipped with airoles: ``esco/esco-v1.1.1.nt.gz`` and its ``esco/NOTICE.md``.

Usage: python scripts/build_esco_layer.py [--download DIR] [--out-dir DIR]

Imports ESCO v1.1.1's CSV download (default ``../shared/data/esco-v1.1.1-download``: its ``en`` and ``fr``
folders) with ``--compact`` (no descriptions, definitions, scope notes or hidden labels), as
``airoles import-esco`` does, and writes the gzipped, sorted N-Triples and ESCO's attribution notice (what was
converted, how, and what was left out). The same download gives byte-identical files. Exits 1 without writing
when the layer would exceed :data:`MAX_MB` (it then lists what takes the room), 2 on an import error.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from collections import Counter
from pathlib import Path

from airoles_kg.core import paths
from airoles_kg.core.atomic import atomic_write_text
from airoles_kg.core.errors import AirolesError
from airoles_kg.esco import ImportReport, import_esco

RELEASE = "v1.1.1"
LAYER_NAME = f"esco-{RELEASE}.nt.gz"
MAX_MB = 15.0  # a layer committed to the repository stays small; above this, say what dominates instead

NOTICE = """\
# ESCO {release} — attribution notice

`{layer}` is **ESCO** (European Skills, Competences, Qualifications and Occupations), release **{release}**,
converted by airoles. ESCO is © European Union. ESCO is published by the European Commission; its reuse is
authorised under the European Commission's reuse policy, implemented by Commission Decision 2011/833/EU of
12 December 2011 on the reuse of Commission documents (OJ L 330, 14.12.2011, p. 39), provided the source is
acknowledged. The Commission adopted the Creative Commons Attribution 4.0 International licence as the open
licence of that policy (Commission Decision C(2019) 1655 of 22 February 2019, under Article 6 of Decision
2011/833/EU): this file is shared under **CC BY 4.0** (https://creativecommons.org/licenses/by/4.0/).

Source: ESCO's CSV download of release {release} ("classification", languages `en` and `fr`), as distributed
at https://esco.ec.europa.eu/en/use-esco/download. The European Commission is not responsible for this
conversion and does not endorse airoles.

## What airoles changed

The CSV files were converted to SKOS, as sorted N-Triples, gzipped, by `scripts/build_esco_layer.py`
(`airoles import-esco {folders} --compact`). ESCO's IRIs are kept as they are; nothing was minted.

- Written: occupations, ISCO-08 groups, skill groups and skills as `skos:Concept` with their preferred and
  alternative labels in English and French, codes (`skos:notation`) and schemes (`skos:inScheme`); each
  occupation's ISCO-08 unit group (`skos:broaderTransitive`); skill types and reuse levels as ESCO model
  terms (`esco:skillType`, `esco:skillReuseLevel` to ESCO's `skill-type/...` and `skill-reuse-level/...`
  concepts); both hierarchies (`skos:broader`); skill–skill and occupation–skill relations
  (`esco:hasEssentialSkill`, `esco:hasOptionalSkill`); the digital, DigComp, green, language, research
  (skills and occupations) and transversal collections as `skos:Collection` with ESCO's IRIs and
  `skos:member` (SKOS keeps collections and concept schemes apart, so these IRIs are not written as schemes).
- Left out: descriptions, definitions, scope notes and hidden labels (the full texts are in ESCO's download;
  `airoles import-esco` without `--compact` keeps them); the columns `status`, `modifiedDate`,
  `regulatedProfessionNote` and `conceptType`; the descriptions of `skillsHierarchy_<lang>.csv` (they repeat
  the skill groups' ones, and the French file carries them in English); the collection files'
  `broaderConceptUri` (it repeats the skill hierarchy).
- French skill labels: the French download used has no skills file, so only the skills of its collection
  files (digital and transversal skills) have French labels.
{notes}

## Contents

{figures}

`{layer}`: {size:,} bytes, SHA-256 `{sha256}`; {triples:,} triples.
"""


def figures(report: ImportReport) -> str:
    """The per-table figures of the import, as a Markdown table."""
    lines = ["| Table | Rows read | Written |", "|---|---:|---:|"]
    for name, table in report.tables.items():
        lines.append(f"| {name} | {table.rows:,} | {table.written:,} {table.unit} |")
    return "\n".join(lines)


def room_taken(layer: Path) -> str:
    """What takes the room in a layer: uncompressed bytes per predicate, largest first."""
    sizes: Counter[str] = Counter()
    for line in gzip.decompress(layer.read_bytes()).decode("utf-8").splitlines():
        sizes[line.split(" ", 2)[1]] += len(line) + 1
    total = sum(sizes.values())
    return "\n".join(f"  {n / 1e6:7.1f} MB {100 * n / total:5.1f} %  {p}" for p, n in sizes.most_common(10))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = paths.REPO_ROOT.parent / "shared" / "data" / f"esco-{RELEASE}-download"
    parser.add_argument("--download", type=Path, default=default, help=f"the download (default: {default})")
    parser.add_argument("--out-dir", type=Path, default=paths.REPO_ROOT / "esco", help="default: ./esco")
    args = parser.parse_args()
    folders = [args.download / "en", args.download / "fr"]
    layer = args.out_dir / LAYER_NAME
    candidate = args.out_dir / f".candidate-{LAYER_NAME}"  # ends in .gz: the import gzips it
    try:
        try:
            report = import_esco(folders, candidate, compact=True)
        except AirolesError as exc:
            print(f"build_esco_layer: error: {exc}", file=sys.stderr)
            return 2
        for problem in report.problems:
            print(f"rejected: {problem}", file=sys.stderr)
        size = candidate.stat().st_size
        if size > MAX_MB * 1e6:
            print(f"{LAYER_NAME} would be {size / 1e6:.1f} MB (> {MAX_MB} MB): not written. Uncompressed:")
            print(room_taken(candidate))
            return 1
        candidate.replace(layer)
    finally:
        candidate.unlink(missing_ok=True)
    relative = " ".join(f"../shared/data/esco-{RELEASE}-download/{f.name}" for f in folders)
    notice = NOTICE.format(
        release=RELEASE,
        layer=LAYER_NAME,
        folders=relative,
        figures=figures(report),
        notes="\n".join(f"- The import noted: {note}." for note in report.notes),
        size=size,
        sha256=hashlib.sha256(layer.read_bytes()).hexdigest(),
        triples=report.triples,
    )
    atomic_write_text(args.out_dir / "NOTICE.md", notice)
    print(f"wrote {layer} ({size / 1e6:.1f} MB, {report.triples:,} triples) and {args.out_dir / 'NOTICE.md'}")
    print(room_taken(layer))
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
