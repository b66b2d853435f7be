"""``airoles serve`` answers our IRIs (issue 18): ``/id/<kind>/<slug>`` and the vocabulary's terms in RDF for
a machine and in HTML for a person, the ontology at ``/``, and the SPARQL Service Description at ``/query``.
Over HTTP on 127.0.0.1, against the shared endpoint (the ``server`` fixture of tests/conftest.py)."""

from __future__ import annotations

from urllib.parse import urljoin

import pyoxigraph as ox
import pytest
import requests
from pyld import jsonld
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, SKOS
from support.serving import Server

AIROLES = Namespace("https://w3id.org/airoles/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CHEF = URIRef("https://w3id.org/airoles/id/role/chef-de-projet-ia")
BANKING = URIRef("https://w3id.org/airoles/id/sector/banque")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def get(server: Server, path: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(urljoin(server.url, path), headers=headers, params=params, timeout=30)


def test_an_iri_answers_turtle_with_what_the_graph_says_of_it(server: Server):
    response = get(server, "/id/sector/banque", "text/turtle")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Airoles-Truncated"] == "false"
    link = requests.utils.parse_header_links(response.headers["Link"])
    assert {"url": str(BANKING), "rel": "describes"} in link
    json_ld = {"url": "/id/sector/banque?format=jsonld", "rel": "alternate", "type": "application/ld+json"}
    assert json_ld in link
    graph = Graph().parse(data=response.text, format="turtle")
    assert (BANKING, RDF.type, AIROLES.Sector) in graph
    assert (BANKING, SKOS.prefLabel, Literal("banque", lang="fr")) in graph
    assert (BANKING, SKOS.broader, URIRef("https://w3id.org/airoles/id/sector/finance")) in graph
    assert set(graph.subjects()) == {BANKING}  # its own description, not the graph's


def test_a_description_is_held_to_the_result_limit_and_says_so(server: Server):
    # The test endpoint caps results at ROW_CAP triples; a role says more than that of itself.
    response = get(server, "/id/role/chef-de-projet-ia", "text/turtle")
    assert response.headers["Airoles-Truncated"] == "true"
    graph = Graph().parse(data=response.text, format="turtle")
    assert len(graph) == int(response.headers["Airoles-Result-Limit"])


def test_every_rdf_format_says_the_same(server: Server):
    path = "/id/skill/python"
    turtle = Graph().parse(data=get(server, path, "text/turtle").text, format="turtle")
    assert len(turtle) > 3
    for accept, fmt in (("application/n-triples", "nt"), ("application/rdf+xml", "xml")):
        other = Graph().parse(data=get(server, path, accept).text, format=fmt)
        assert isomorphic(turtle, other), accept
    # JSON-LD read by an independent processor (pyld; the context is inline, nothing is fetched)
    document = get(server, path, "application/ld+json").json()
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(turtle, Graph().parse(data=nquads, format="nt"))


def test_a_description_in_n_quads_is_its_triples_in_the_default_graph(server: Server):
    path = "/id/sector/banque"
    response = get(server, path, format="nq")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/n-quads"
    link = {"url": f"{path}?format=nq", "rel": "alternate", "type": "application/n-quads"}
    assert link in requests.utils.parse_header_links(response.headers["Link"])
    quads = list(ox.parse(response.content, ox.RdfFormat.N_QUADS))
    assert quads and all(q.graph_name == ox.DefaultGraph() for q in quads)
    ntriples = get(server, path, "application/n-triples").content
    assert {q.triple for q in quads} == {q.triple for q in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)}
    assert get(server, path, "application/n-quads").content == response.content


def test_a_browser_gets_a_page_that_links_within_the_endpoint(server: Server):
    response = get(server, "/id/sector/banque", BROWSER)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.text
    assert '<html lang="en">' in page
    assert "<title>banking — airoles</title>" in page
    assert 'lang="fr">banque</span>' in page
    assert 'href="/Sector"' in page  # the class, dereferenced here too
    assert 'href="/id/sector/finance"' in page
    assert 'href="/id/sector/banque?format=ttl"' in page
    followed = get(server, "/id/source/fiche-metier-chef-de-projet-ia", BROWSER)
    assert followed.status_code == 200


def test_format_in_the_address_overrides_accept(server: Server):
    response = get(server, "/id/role/chef-de-projet-ia", BROWSER, format="ttl")
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert (CHEF, RDF.type, AIROLES.Role) in Graph().parse(data=response.text, format="turtle")
    unknown = get(server, "/id/role/chef-de-projet-ia", format="png")
    assert unknown.status_code == 400
    assert "unknown format 'png'" in unknown.text


@pytest.mark.parametrize(
    "path",
    [
        "/id/role/no-such-role",  # a well-formed name the graph does not know
        "/id/nokind/chef-de-projet-ia",  # not a kind of CONTRIBUTING.md
        "/id/role/Chef-De-Projet",  # not a slug
        "/id/role/a%3E%20%3Fs",  # '> ?s': never reaches a query
        "/NoSuchTerm",
    ],
)
def test_an_unknown_or_malformed_name_is_404(server: Server, path: str):
    response = get(server, path, "text/turtle")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/plain")


def test_a_term_of_the_vocabulary_is_described(server: Server):
    graph = Graph().parse(data=get(server, "/Role", "text/turtle").text, format="turtle")
    assert (AIROLES.Role, RDF.type, OWL.Class) in graph
    assert (
        AIROLES.Role,
        URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy"),
        URIRef(str(AIROLES)),
    ) in graph
    lower = Graph().parse(data=get(server, "/quotation", "text/turtle").text, format="turtle")
    assert (AIROLES.quotation, RDF.type, OWL.ObjectProperty) in lower


def test_the_base_iri_is_the_ontology_for_rdf_and_the_endpoint_page_for_a_browser(server: Server):
    ontology = Graph().parse(data=get(server, "/", "text/turtle").text, format="turtle")
    assert (URIRef(str(AIROLES)), RDF.type, OWL.Ontology) in ontology
    page = get(server, "/", BROWSER)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "airoles SPARQL endpoint" in page.text
    assert "airoles SPARQL endpoint" in get(server, "/").text  # no Accept: the page, as before


def test_the_query_url_without_a_query_is_its_service_description(server: Server):
    response = get(server, "/query", "text/turtle")
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert (service, SD.endpoint, URIRef(server.url)) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert URIRef("http://www.w3.org/ns/formats/N-Quads") in formats
    assert len(formats) == 9


def test_head_answers_like_get_without_a_body(server: Server):
    response = requests.head(
        urljoin(server.url, "/id/role/chef-de-projet-ia"), headers={"Accept": "text/turtle"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert response.content == b""


@pytest.mark.parametrize(
    "iri",
    [
        "https://w3id.org/airoles/id/role/chef-de-projet-ia",
        "https://w3id.org/airoles/id/quotation/0123456789abcdef",
        "https://w3id.org/airoles/Role",
        "https://w3id.org/airoles/quotation",
        "https://w3id.org/airoles/",
    ],
)
def test_the_w3id_redirects_lead_each_iri_to_the_endpoint_path_that_describes_it(iri: str):
    """docs/w3id/.htaccess (what w3id.org would run) sends every kind of IRI to the path serving it."""
    import re
    from urllib.parse import urlsplit

    from airoles_kg.core import paths
    from airoles_kg.sparql.linked import resource_iri

    rules = re.findall(
        r"^RewriteRule (\S+) (\S+) \[R=(\d+),L\]$",
        (paths.REPO_ROOT / "docs" / "w3id" / ".htaccess").read_text(),
        re.M,
    )
    local = iri.removeprefix("https://w3id.org/airoles/")
    for pattern, target, status in rules:
        match = re.fullmatch(pattern.strip("^$"), local)
        if match:
            assert status == "303"
            path = urlsplit(match.expand(target.replace("$", "\\"))).path
            break
    else:
        pytest.fail(f"no redirect for {iri}")
    assert resource_iri(path) == iri if local else path == "/"


def test_the_dataset_is_described_at_the_well_known_void_path(server: Server):
    from rdflib.namespace import DCAT, VOID

    response = get(server, "/.well-known/void", "text/turtle")
    assert response.status_code == 200
    assert "Airoles-Truncated" not in response.headers  # a description, not a query result
    described = Graph().parse(data=response.text, format="turtle")
    dataset = described.value(predicate=RDF.type, object=VOID.Dataset)
    assert (dataset, RDF.type, DCAT.Dataset) in described
    assert (dataset, VOID.sparqlEndpoint, URIRef(server.url)) in described
    assert str(described.value(dataset, VOID.uriSpace)) == "https://w3id.org/airoles/id/"
    assert described.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    # airoles' own graph (asserted and inferred), which the store serves beside the ESCO layer it links to
    from airoles_kg.sparql.engine import query_graph

    assert int(described.value(dataset, VOID.triples)) == len(query_graph())
    roles = URIRef("https://w3id.org/airoles/.well-known/void#class-Role")
    assert (roles, VOID["class"], AIROLES.Role) in described
    assert int(described.value(roles, VOID.entities)) == 28
