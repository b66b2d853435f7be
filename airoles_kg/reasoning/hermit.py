"""Run the HermiT reasoner on an rdflib graph and read what it concludes.

HermiT is run through its own command line (``org.semanticweb.HermiT.cli.CommandLine``), from the jar that
owlready2 ships: owlready2 is only where the jar comes from. Its ``sync_reasoner`` is not used: it applies
HermiT's conclusions to owlready2's store but drops a property value whenever the inverse value is stored (it
answers ``role.hasOutgoingTransition`` from ``transition.fromRole`` on the fly), so the inverse properties we
publish would be lost, and the only way to see HermiT's answer through it is its debug print. HermiT's output
(``-c -O -D -I -Y``: the class and property hierarchies, direct types, known values of every object property,
in OWL functional syntax) is parsed here.

HermiT infers no data property values, and the ontology designs none: only object property values and types
are read.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from airoles_kg.core.errors import AirolesError

# HermiT's command-line entry point, with the options owlready2 0.51 gives it: -c and -O classify the classes
# and the object properties, -D the data properties (documented in HermiT's --help); -I (direct types of the
# individuals) and -Y (the known values of every object property) come from the CommandLine class owlready2
# patches (owlready2/hermit/org/semanticweb/HermiT/cli/CommandLine.java, ahead of HermiT.jar on the class
# path), not from upstream HermiT. There is no other public way to get both from that jar, hence owlready2's
# minor pin (pyproject.toml); tests/test_reasoning.py checks the parsed output on the knowledge base.
_MAIN_CLASS = "org.semanticweb.HermiT.cli.CommandLine"
_OPTIONS = ("-c", "-O", "-D")
JAVA_ENV = "AIROLES_JAVA"  # the Java executable to use (default: `java` on the PATH)
JAVA_MEMORY = "2000M"  # the JVM heap, as owlready2 gives it
_AXIOM = re.compile(
    r"^(SubClassOf|EquivalentClasses|Type|SubObjectPropertyOf|EquivalentObjectProperties)\( (.*) \)$"
)
_IRI = re.compile(r"<([^>]+)>")
_VALUES = re.compile(r"^<([^>]+)> \(known instances: (.*?) \| possible instances:")
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")

Index = dict[URIRef, set[URIRef]]


@dataclass
class HermitResult:
    """What HermiT concluded. Hierarchies and types are *direct* (HermiT prints a Hasse diagram); property
    values are those not already implied by a sub-property's values."""

    consistent: bool
    seconds: float
    unsatisfiable: set[URIRef] = field(default_factory=set)
    superclasses: Index = field(default_factory=dict)  # class -> direct superclasses (and equivalents)
    superproperties: Index = field(
        default_factory=dict
    )  # property -> direct super-properties (and equivalents)
    types: Index = field(default_factory=dict)  # individual -> direct types
    values: dict[URIRef, Index] = field(default_factory=dict)  # property -> subject -> objects


def hermit_classpath() -> str:
    """The Java class path of the HermiT bundled with owlready2: its patched classes, then HermiT.jar (files
    of its distribution, found without importing owlready2, which is slow to import)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise AirolesError("cannot run the HermiT reasoner: owlready2, which ships it, is not installed")
    jar = Path(spec.origin).parent / "hermit" / "HermiT.jar"
    if not jar.is_file():
        raise AirolesError(
            f"cannot run the HermiT reasoner: {jar} is missing (unexpected owlready2 version?)"
        )
    return os.pathsep.join([str(jar.parent), str(jar)])


def java_executable() -> str:
    """The Java runtime: ``$AIROLES_JAVA`` when set, else ``java`` on the PATH."""
    return os.environ.get(JAVA_ENV) or shutil.which("java") or "java"


def run_hermit(graph: Graph) -> HermitResult:
    """Classify ``graph`` with HermiT and return its conclusions.

    Raises :class:`AirolesError` when Java is missing or HermiT fails for another reason than an
    inconsistency (the message gives HermiT's own one-line reason, not a Java stack trace).
    """
    classpath = hermit_classpath()
    with tempfile.TemporaryDirectory(prefix="airoles-hermit-") as tmp:
        source = Path(tmp) / "graph.nt"
        # owl:imports left out: HermiT would fetch the imported IRIs from the network.
        local = Graph()
        for triple in graph:
            if triple[1] != OWL.imports:
                local.add(triple)
        local.serialize(destination=str(source), format="nt", encoding="utf-8")
        command = [java_executable(), f"-Xmx{JAVA_MEMORY}", "-cp", classpath, _MAIN_CLASS, *_OPTIONS]
        command += ["-I", source.as_uri(), "-Y"]
        start = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, check=False)
        except FileNotFoundError as exc:
            raise AirolesError(
                f"cannot run the HermiT reasoner: Java was not found ({exc.filename or 'java'}); "
                "install a Java runtime (e.g. apt-get install default-jre-headless)"
            ) from None
        seconds = time.perf_counter() - start
    output = done.stdout.decode("utf-8", "replace").replace("\r", "")
    errors = done.stderr.decode("utf-8", "replace")
    if "Usage: hermit" in errors:  # HermiT exits 0 after an option it does not know
        raise AirolesError(f"the HermiT reasoner refused its options: {errors.strip().splitlines()[0]}")
    if done.returncode != 0:
        if done.returncode == 1 and "Inconsistent ontology" in output + errors:
            return HermitResult(consistent=False, seconds=seconds)
        raise AirolesError(f"the HermiT reasoner failed: {_java_reason(errors or output)}")
    result = parse_output(output)
    result.seconds = seconds
    return result


def _java_reason(message: str) -> str:
    """The first informative line of a Java error (an exception message), without the stack trace."""
    for line in message.splitlines():
        text = line.strip()
        if not text or text.startswith("at ") or text.startswith("Java error message is"):
            continue
        text = re.sub(r"^([\w$]+\.)+([\w$]*(Exception|Error)):\s*", "", text)
        return text[:300]
    return "unknown Java error"


def parse_output(text: str) -> HermitResult:
    """Parse HermiT's command-line output (``-c -O -D -I -Y``) into a :class:`HermitResult`."""
    result = HermitResult(consistent=True, seconds=0.0)
    for line in text.splitlines():
        line = line.strip()
        match = _AXIOM.match(line)
        if match:
            kind, body = match.groups()
            if "ObjectInverseOf" in body:
                continue  # inverse property expressions: the named inverses are read from the ontology
            iris = [URIRef(i) for i in _IRI.findall(body)]
            if kind == "Type" and len(iris) == 2:
                result.types.setdefault(iris[0], set()).add(iris[1])
            elif kind == "SubClassOf" and len(iris) == 2:
                result.superclasses.setdefault(iris[0], set()).add(iris[1])
            elif kind == "SubObjectPropertyOf" and len(iris) == 2:
                result.superproperties.setdefault(iris[0], set()).add(iris[1])
            elif kind in ("EquivalentClasses", "EquivalentObjectProperties"):
                if kind == "EquivalentClasses" and OWL.Nothing in iris:
                    result.unsatisfiable |= {i for i in iris if not str(i).startswith(str(OWL))}
                    continue
                target = result.superclasses if kind == "EquivalentClasses" else result.superproperties
                for a in iris:
                    target.setdefault(a, set()).update(b for b in iris if b != a)
            continue
        match = _VALUES.match(line)
        if match:
            prop, known = match.groups()
            index = result.values.setdefault(URIRef(prop), {})
            for s, o in _PAIR.findall(known):
                index.setdefault(URIRef(s), set()).add(URIRef(o))
    return result
