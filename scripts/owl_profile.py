"""Check RDF files against the OWL 2 DL profile with the OWL API (what Protégé uses).

Usage: ``python scripts/owl_profile.py FILE [FILE ...]``. The files (Turtle, RDF/XML...) are merged into one
ontology document, as the graph airoles publishes, and checked with ``Profiles.OWL2_DL``. Prints ``OWL 2 DL:
yes`` or each violation, one per line; exit 0 when in profile, 1 when not, 2 when the OWL API is missing or a
file cannot be read.

The OWL API comes from Debian (``apt-get install libowlapi-java``: jars under /usr/share/java) and is driven
through JPype (``pip install JPype1``); .ci/run installs both. Nothing is downloaded.
"""

from __future__ import annotations

import glob
import sys
import tempfile
from pathlib import Path

JAVA_DIR = Path("/usr/share/java")
# The OWL API and the libraries Debian's libowlapi-java depends on (its "Depends:" list), by jar name.
JARS = (
    "owlapi-distribution",
    "guava",
    "caffeine",
    "commons-codec",
    "commons-io",
    "commons-logging",
    "commons-rdf-api",
    "hppcrt",
    "httpclient",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jsr305",
    "slf4j-api",
    "xz",
    "atinject-jsr330-api",
)


def classpath() -> list[str]:
    """The jars of the OWL API and its dependencies; empty when libowlapi-java is not installed."""
    if not (JAVA_DIR / "owlapi-distribution.jar").is_file():
        return []
    jars = [str(JAVA_DIR / f"{name}.jar") for name in JARS if (JAVA_DIR / f"{name}.jar").is_file()]
    return jars + sorted(glob.glob(str(JAVA_DIR / "rdf4j*.jar")))


def violations(files: list[Path]) -> list[str]:
    """The OWL 2 DL profile violations of the merged ``files``, as the OWL API words them, sorted."""
    import jpype
    import jpype.imports  # noqa: F401  (enables "from org... import")
    from rdflib import Graph

    merged = Graph()
    for path in files:
        merged.parse(path)
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "merged.ttl"
        merged.serialize(document, format="turtle")
        jpype.startJVM(classpath=classpath(), convertStrings=True)
        from java.io import File  # type: ignore[import-not-found]
        from org.semanticweb.owlapi.apibinding import OWLManager  # type: ignore[import-not-found]
        from org.semanticweb.owlapi.profiles import Profiles  # type: ignore[import-not-found]

        manager = OWLManager.createOWLOntologyManager()
        ontology = manager.loadOntologyFromOntologyDocument(File(str(document)))
        report = Profiles.OWL2_DL.checkOntology(ontology)
        return sorted(str(v.toString()) for v in report.getViolations())


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if not classpath():
        print("owl_profile: the OWL API is not installed (apt-get install libowlapi-java)", file=sys.stderr)
        return 2
    files = [Path(a) for a in argv]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        print(f"owl_profile: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    found = violations(files)
    for line in found:
        print(line)
    print("OWL 2 DL: yes" if not found else f"OWL 2 DL: no ({len(found)} violation(s))")
    return 0 if not found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
