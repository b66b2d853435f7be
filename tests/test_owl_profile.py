"""The ontology and the knowledge base are OWL 2 DL, as the OWL API (what Protégé uses) checks it.

Runs ``scripts/owl_profile.py`` in a child process (a JVM per process, none in the pytest workers). Needs Java
and Debian's libowlapi-java: skipped outside CI when missing, a failure in CI (tests/support/requirements.py).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

from support.requirements import REPO, require

from airoles_kg.core import paths

SCRIPT = REPO / "scripts" / "owl_profile.py"


def check(*files: Path) -> subprocess.CompletedProcess[str]:
    require(shutil.which("java") is not None, "no Java runtime (the OWL API runs on it)")
    require(
        Path("/usr/share/java/owlapi-distribution.jar").is_file(),
        "no OWL API (apt-get install libowlapi-java)",
    )
    require(importlib.util.find_spec("jpype") is not None, "no JPype1, which drives the OWL API from Python")
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, files)], capture_output=True, text=True, timeout=300
    )


def test_the_ontology_and_the_knowledge_base_are_owl2_dl():
    result = check(paths.ONTOLOGY_FILE, *sorted(paths.KB_DIR.glob("*.ttl")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OWL 2 DL: yes" in result.stdout


def test_a_violation_is_reported_with_the_axiom(tmp_path: Path):
    # The axiom the README's claim once hid: an annotation property whose domain is a class expression.
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/o> a owl:Ontology .\n"
        "<https://example.org/p> a owl:AnnotationProperty ;\n"
        "  rdfs:domain [ a owl:Class ; owl:unionOf ( <https://example.org/A> <https://example.org/B> ) ] .\n"
        "<https://example.org/A> a owl:Class . <https://example.org/B> a owl:Class .\n",
        encoding="utf-8",
    )
    result = check(bad)
    assert result.returncode == 1
    assert "AnnotationPropertyDomain(<https://example.org/p>" in result.stdout
