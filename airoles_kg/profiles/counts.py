"""What the knowledge graph holds, counted: roles, skills, missions, sectors, transitions, sources."""

from rdflib import Graph, URIRef

from airoles_kg.core.classes import instances
from airoles_kg.core.namespaces import CAREER_TRANSITION, MISSION, ROLE, SECTOR, SKILL, SOURCE_DOCUMENT

# Reported name -> class (instances of subclasses declared in the graph count too).
COUNTED_CLASSES: dict[str, URIRef] = {
    "roles": ROLE,
    "skills": SKILL,
    "missions": MISSION,
    "sectors": SECTOR,
    "transitions": CAREER_TRANSITION,
    "sources": SOURCE_DOCUMENT,
}


def summary(graph: Graph) -> dict[str, int]:
    """Counts per :data:`COUNTED_CLASSES` entry, plus ``triples``."""
    counts = {name: len(instances(graph, cls)) for name, cls in COUNTED_CLASSES.items()}
    counts["triples"] = len(graph)
    return counts
