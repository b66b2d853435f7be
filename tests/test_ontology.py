"""The ontology (TBox) and the knowledge base as a whole: syntax, consistency, documentation of every term,
no undeclared term, header metadata, and every excerpt quoted verbatim from its article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS
from support.requirements import ESCO_DOWNLOAD, require

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph, parse_rdf_file
from airoles_kg.core.namespaces import AIROLES, VANN
from airoles_kg.core.quotes import fold

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
BIBO = Namespace("http://purl.org/ontology/bibo/")
ONTOLOGY_IRI = URIRef(str(AIROLES))


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return parse_rdf_file(paths.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def whole() -> Graph:
    return load_graph()


def declared_terms(tbox: Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES + (OWL.NamedIndividual,)
        for s in tbox.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(AIROLES)) and s != ONTOLOGY_IRI
    }


def our_terms(tbox: Graph) -> list[URIRef]:
    return sorted(
        s
        for t in TERM_TYPES
        for s in tbox.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(AIROLES))
    )


def test_the_ontology_declares_a_useful_number_of_terms(tbox):
    classes = [s for s in tbox.subjects(RDF.type, OWL.Class) if str(s).startswith(str(AIROLES))]
    properties = [s for s in our_terms(tbox) if s not in classes]
    assert len(classes) >= 40 and len(properties) >= 50


def test_every_term_has_french_and_english_label_and_definition(tbox):
    missing = []
    for term in our_terms(tbox):
        for prop in (RDFS.label, SKOS.definition):
            langs = {v.language for v in tbox.objects(term, prop) if isinstance(v, Literal)}
            if not {"fr", "en"} <= langs:
                missing.append((tbox.namespace_manager.normalizeUri(term), prop.fragment, sorted(langs)))
    assert not missing


def test_every_property_has_a_domain_and_a_range(tbox):
    properties = [t for t in our_terms(tbox) if (t, RDF.type, OWL.Class) not in tbox]
    # An annotation property's domain may only be a class IRI in OWL 2 DL: one that applies to several classes
    # (airoles:observedIn) says so in its definition and the shapes check it; its range is still declared.
    missing = [
        tbox.namespace_manager.normalizeUri(p)
        for p in properties
        if (p, RDFS.range, None) not in tbox
        or ((p, RDFS.domain, None) not in tbox and (p, RDF.type, OWL.AnnotationProperty) not in tbox)
    ]
    assert not missing


def test_no_term_of_our_namespace_is_used_without_being_declared(tbox, whole):
    versions = {tbox.value(ONTOLOGY_IRI, OWL.versionIRI), *tbox.objects(ONTOLOGY_IRI, OWL.priorVersion)}
    declared = declared_terms(tbox) | {ONTOLOGY_IRI} | versions
    used: set[URIRef] = set()
    graphs = [whole, Graph().parse(paths.SHAPES_DIR / "airoles-shapes.ttl")]
    for graph in graphs:
        for triple in graph:
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(AIROLES))}
    used = {t for t in used if not str(t).startswith(str(AIROLES) + "id/")}
    # The shapes live in their own namespace under ours (airsh:), which is not ontology vocabulary.
    shapes_ns = {t for t in used if "/shapes" in str(t)}
    assert sorted(used - declared - shapes_ns) == []
    for query in sorted(paths.QUERIES_DIR.glob("*.rq")):
        text = query.read_text(encoding="utf-8")
        for local in re.findall(r"(?<![\w:/-])airoles:([A-Za-z][A-Za-z0-9]*)", text):  # not inside an IRI
            assert AIROLES[local] in declared, f"{query.name}: airoles:{local} is not declared"


def test_header_metadata_is_complete(tbox):
    header = ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in tbox
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {v.language for v in tbox.objects(header, prop)} >= {"fr", "en"}, prop
    for prop in (
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
    ):
        assert tbox.value(header, prop) is not None, prop
    from airoles_kg import __version__

    assert str(tbox.value(header, OWL.versionInfo)) == __version__
    # What FOOPS! and LOV check: dates, a publisher and a creator that are agents (IRIs, named), a status,
    # the version before this one.
    for prop in (DCTERMS.issued, DCTERMS.modified, OWL.priorVersion, BIBO.status):
        assert tbox.value(header, prop) is not None, prop
    for prop in (DCTERMS.creator, DCTERMS.publisher):
        agent = tbox.value(header, prop)
        assert isinstance(agent, URIRef) and tbox.value(agent, FOAF.name) is not None, prop
    assert tbox.value(header, DCTERMS.modified).toPython() >= tbox.value(header, DCTERMS.issued).toPython()
    assert str(tbox.value(header, VANN.preferredNamespaceUri)) == str(AIROLES)


def test_every_term_is_defined_by_the_ontology(tbox):
    """rdfs:isDefinedBy on every class, property and individual of our vocabulary (LOV reads it)."""
    terms = {t for t in declared_terms(tbox) if t != ONTOLOGY_IRI}
    assert len(terms) > 150
    missing = sorted(t for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in tbox)
    assert missing == []


def test_every_dataset_excerpt_is_quoted_verbatim_from_esco_s_download(whole):
    """The ISCO code nodes quote ESCO's own CSV download (the rows of ISCOGroups_en.csv), word for word."""
    require((ESCO_DOWNLOAD / "en").is_dir(), f"no ESCO download in {ESCO_DOWNLOAD}")
    files = [p.read_text(encoding="utf-8") for p in sorted(ESCO_DOWNLOAD.glob("*/*.csv"))]
    datasets = {s for s in whole.subjects(DCTERMS.type, URIRef("http://purl.org/dc/dcmitype/Dataset"))}
    quoted = [
        (node, str(excerpt))
        for node in set(whole.subjects(AIROLES.excerpt, None))
        if set(whole.objects(node, PROV.wasDerivedFrom)) & datasets
        for excerpt in whole.objects(node, AIROLES.excerpt)
    ]
    assert len(quoted) >= 8
    assert [(str(n), e) for n, e in quoted if not any(e in text for text in files)] == []


def test_every_article_excerpt_is_quoted_verbatim_from_its_article(whole):
    require(paths.SEEDS_DIR.is_dir(), f"seed articles not found at {paths.SEEDS_DIR}")
    articles: dict[URIRef, str] = {}
    for source in whole.subjects(RDF.type, AIROLES.SourceDocument):
        name = whole.value(source, DCTERMS.identifier)
        file = Path(paths.SEEDS_DIR) / str(name) if name else None
        if file is not None and file.is_file():
            articles[source] = fold(file.read_text(encoding="utf-8"))
    assert len(articles) == 5
    checked, wrong = 0, []
    for node in set(whole.subjects(AIROLES.excerpt, None)):
        sources = [s for s in whole.objects(node, PROV.wasDerivedFrom) if s in articles]
        if not sources:
            continue  # a node derived from a reference dataset (ESCO) quotes the dataset, not an article
        for excerpt in whole.objects(node, AIROLES.excerpt):
            if excerpt.language != "fr":
                continue
            checked += 1
            if not any(fold(str(excerpt)) in articles[s] for s in sources):
                wrong.append((whole.namespace_manager.normalizeUri(node), str(excerpt)[:60]))
    assert checked > 300
    assert not wrong
