"""Namespaces, prefixes and the IRIs of the core classes. The single place where IRIs are spelled."""

import re
from collections.abc import Iterable

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from airoles_kg.core.errors import AirolesError

AIROLES = Namespace("https://w3id.org/airoles/")
ID_BASE = "https://w3id.org/airoles/id/"
ID = Namespace(ID_BASE)
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
# The W3C Web Annotation vocabulary: where an excerpt is in its article (airoles_kg.core.quotes).
OA = Namespace("http://www.w3.org/ns/oa#")
# ESCO's concepts and model terms (occupation/, skill/, isco/C…, model#…).
ESCO_BASE = "http://data.europa.eu/esco/"

# Kinds of knowledge-base individuals (CONTRIBUTING.md, "IRIs"): https://w3id.org/airoles/id/<kind>/<slug>
KINDS: tuple[str, ...] = (
    "role",
    "skill",
    "mission",
    "requirement",
    "transition",
    "salary",
    "education",
    "sector",
    "opportunity",
    "employer",
    "hiring",
    "team",
    "orgmodel",
    "group",
    "code",
    "degree",
    "field",
    "credential",
    "provider",
    "board",
    "statistic",
    "consideration",
    "study",
    "source",
    "person",
    "category",
    "assessment",
    "scheme",
    "move",  # computed skill-based moves (airoles_kg.careers.moves), never stated by an article
    "size",  # organisation sizes (SME, large company, start-up): ontology/kb/organisation-sizes.ttl
    "orgkind",  # kinds of employer (banks, hospitals...): ontology/kb/employer-kinds.ttl
    "curation",  # the team's decisions that add facts no article states (ontology/kb/curation.ttl)
    "quotation",  # where an excerpt is in its article (oa:SpecificResource, ontology/kb/quotations.ttl)
    "selector",  # the words that find it there (oa:TextQuoteSelector, ontology/kb/quotations.ttl)
)

KIND_NS: dict[str, Namespace] = {kind: Namespace(f"{ID_BASE}{kind}/") for kind in KINDS}

SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

# Core classes (terms defined in ontology/airoles.ttl).
ROLE = AIROLES.Role
SKILL = AIROLES.Skill
MISSION = AIROLES.Mission
SECTOR = AIROLES.Sector
CAREER_TRANSITION = AIROLES.CareerTransition
SOURCE_DOCUMENT = AIROLES.SourceDocument

PREFIXES: dict[str, Namespace] = {
    "airoles": AIROLES,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "schema": SCHEMA,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "vann": VANN,
    **KIND_NS,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the airoles prefixes (vocabularies + one per kind) on ``graph``; returns the graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def bind_missing(graph: Graph, prefixes: Iterable[tuple[str, str]]) -> None:
    """Bind the prefixes ``graph`` does not bind yet (a prefix already in use keeps its namespace)."""
    bound = {prefix for prefix, _ in graph.namespaces()}
    for prefix, namespace in prefixes:
        if prefix not in bound:
            graph.bind(prefix, namespace)
            bound.add(prefix)


def id_iri(kind: str, slug: str) -> URIRef:
    """The IRI of a knowledge-base individual, e.g. ``id_iri("role", "chef-de-projet-ia")``."""
    if kind not in KIND_NS:
        raise AirolesError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if not SLUG_RE.fullmatch(slug):
        raise AirolesError(f"invalid slug {slug!r} for kind {kind!r}: expected [a-z0-9]+(-[a-z0-9]+)*")
    return KIND_NS[kind][slug]
