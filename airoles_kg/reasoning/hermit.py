"""Run the HermiT reasoner (bundled with owlready2) on an rdflib graph and read what it concludes.

owlready2 applies HermiT's conclusions to its own store, but drops a property value whenever the inverse value
is stored (it answers ``role.hasOutgoingTransition`` from ``transition.fromRole`` on the fly), so the inverse
properties we want to publish would be lost. We therefore read HermiT's own output, which owlready2 prints in
debug mode, and parse it here: direct types, the class and property hierarchies, unsatisfiable classes and the
known values of every object property.

HermiT infers no data property values (owlready2's ``infer_data_property_values`` exists for Pellet only),
and the ontology designs none: only object property values and types are read.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from airoles_kg.core.errors import AirolesError

_OUTPUT_MARKER = "* Owlready2 * HermiT output:"
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


def run_hermit(graph: Graph) -> HermitResult:
    """Classify ``graph`` with HermiT (through owlready2) and return its conclusions.

    Raises :class:`AirolesError` when Java is missing or HermiT fails for another reason than an
    inconsistency (the message gives HermiT's own one-line reason, not a Java stack trace).
    """
    # Imported here: owlready2 is slow to import and only this module needs it.
    from owlready2 import World, sync_reasoner
    from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    with tempfile.TemporaryDirectory(prefix="airoles-hermit-") as tmp:
        source = Path(tmp) / "graph.nt"
        graph.serialize(destination=str(source), format="nt", encoding="utf-8")
        world = World()
        try:
            try:
                world.get_ontology(source.as_uri()).load()
            except Exception as exc:  # owlready2's parser raises assorted types; the graph came from rdflib
                raise AirolesError(f"owlready2 could not load the graph for reasoning: {exc}") from None
            captured = io.StringIO()
            start = time.perf_counter()
            try:
                with contextlib.redirect_stderr(captured), contextlib.redirect_stdout(captured):
                    sync_reasoner(world, infer_property_values=True, debug=2)
            except OwlReadyInconsistentOntologyError:
                return HermitResult(consistent=False, seconds=time.perf_counter() - start)
            except OwlReadyJavaError as exc:
                raise AirolesError(f"the HermiT reasoner failed: {_java_reason(str(exc))}") from None
            except FileNotFoundError as exc:
                raise AirolesError(
                    f"cannot run the HermiT reasoner: Java was not found ({exc.filename or 'java'}); "
                    "install a Java runtime (e.g. apt-get install default-jre-headless)"
                ) from None
            seconds = time.perf_counter() - start
        finally:
            world.close()
    output = captured.getvalue()
    if _OUTPUT_MARKER not in output:
        raise AirolesError("could not read the HermiT reasoner's output (unexpected owlready2 version?)")
    result = parse_output(output.split(_OUTPUT_MARKER, 1)[1])
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
