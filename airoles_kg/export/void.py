"""The dataset described (issue 18): a VoID and DCAT description of the knowledge graph.

:func:`description` says what the graph is (title, description, licence, version, publisher and dates, read
from the ontology's header: one source of truth), how big (triples, entities, classes, properties, the
entities of each of our classes), where its IRIs live (``void:uriSpace``) and, given the dumps of a
release, each dump as a ``dcat:Distribution`` with its media type, size and SHA-256. ``airoles build``
writes it to ``dist/void.ttl`` (:func:`write_description`); ``airoles serve`` answers it at
``/.well-known/void`` with its ``void:sparqlEndpoint``. Every node is an IRI (no blank node), so the same
graph and dumps give the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID

from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.namespaces import AIROLES, ID_BASE, bind_prefixes
from airoles_kg.export.rdf import RDF_FORMATS

# The description's own IRI (where w3id.org/airoles would serve it) and the dataset's.
DOCUMENT = "https://w3id.org/airoles/.well-known/void"
DATASET = URIRef(f"{DOCUMENT}#airoles")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT3 = Namespace(str(DCAT))  # rdflib's DCAT lacks DCAT 3's dcat:version
DESCRIPTION_FILE = "void.ttl"
# The media type of each dump, by file name ending (the RDF ones a client can load).
MEDIA_TYPES = {f".{fmt.extension}": fmt.media_type for fmt in RDF_FORMATS.values()}
_HEADER = (
    DCTERMS.title,
    DCTERMS.description,
    DCTERMS.license,
    DCTERMS.publisher,
    DCTERMS.creator,
    DCTERMS.issued,
    DCTERMS.modified,
)


def description(graph: Graph, dumps: list[Path] | None = None, endpoint: str | None = None) -> Graph:
    """The VoID and DCAT description of ``graph``; ``dumps`` (files of a release) become its distributions,
    named by file name relative to the description; ``endpoint`` is its SPARQL endpoint, if one serves it."""
    out = bind_prefixes(Graph())
    out.bind("void", VOID)
    out.bind("dcat", DCAT)
    out.bind("spdx", SPDX)
    ontology = URIRef(str(AIROLES))
    out.add((DATASET, RDF.type, VOID.Dataset))
    out.add((DATASET, RDF.type, DCAT.Dataset))
    for prop in _HEADER:
        for value in graph.objects(ontology, prop):
            out.add((DATASET, prop, value))
    version = graph.value(ontology, OWL.versionInfo)
    if version is not None:
        out.add((DATASET, DCAT3.version, Literal(str(version))))
        out.add((DATASET, OWL.versionInfo, Literal(str(version))))
    out.add((DATASET, VOID.uriSpace, Literal(ID_BASE)))
    out.add((DATASET, VOID.vocabulary, ontology))
    out.add((DATASET, VOID.exampleResource, URIRef(f"{ID_BASE}role/chef-de-projet-ia")))
    out.add((DATASET, VOID.triples, _count(len(graph))))
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    entities = {s for s in subjects if str(s).startswith(ID_BASE)}
    out.add((DATASET, VOID.entities, _count(len(entities))))
    out.add((DATASET, VOID.distinctSubjects, _count(len(set(graph.subjects())))))
    out.add((DATASET, VOID.properties, _count(len(set(graph.predicates())))))
    classes = {c for c in graph.objects(None, RDF.type) if isinstance(c, URIRef)}
    out.add((DATASET, VOID.classes, _count(len(classes))))
    for cls in sorted(c for c in classes if str(c).startswith(str(AIROLES))):
        members = {s for s in graph.subjects(RDF.type, cls) if s in entities}
        if not members:
            continue
        partition = URIRef(f"{DOCUMENT}#class-{str(cls)[len(str(AIROLES)) :]}")
        out.add((DATASET, VOID.classPartition, partition))
        out.add((partition, VOID["class"], cls))
        out.add((partition, VOID.entities, _count(len(members))))
    if endpoint:
        out.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
        out.add((DATASET, DCAT.accessService, URIRef(endpoint)))
    for dump in sorted(dumps or [], key=lambda p: p.name):
        media = MEDIA_TYPES.get(dump.suffix)
        if media is None:
            continue
        distribution = URIRef(f"{DOCUMENT}#dump-{dump.name}")
        data = dump.read_bytes()
        out.add((DATASET, DCAT.distribution, distribution))
        out.add((DATASET, VOID.dataDump, URIRef(dump.name)))
        out.add((distribution, RDF.type, DCAT.Distribution))
        out.add((distribution, DCAT.downloadURL, URIRef(dump.name)))
        out.add(
            (distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}"))
        )
        out.add((distribution, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{DOCUMENT}#sha256-{dump.name}")
        out.add((distribution, SPDX.checksum, checksum))
        out.add((checksum, RDF.type, SPDX.Checksum))
        out.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        digest = hashlib.sha256(data).hexdigest()
        out.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    return out


def _count(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def write_description(graph: Graph, written: list[Path], out_dir: Path) -> list[Path]:
    """``void.ttl`` in ``out_dir``: :func:`description` of ``graph`` with the RDF dumps of ``written``
    (relative IRIs: the dumps sit beside it)."""
    dumps = [p for p in written if p.parent.resolve() == out_dir.resolve()]
    turtle = description(graph, dumps).serialize(format="turtle", encoding="utf-8")
    return [atomic_write_bytes(out_dir / DESCRIPTION_FILE, turtle)]
