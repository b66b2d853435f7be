"""``airoles serve``: a SPARQL 1.1 Protocol endpoint answering SPARQLWrapper on 127.0.0.1, read-only,
with a result cap, a time limit and CORS. The servers started here are always stopped. The shared server
(the ``server`` fixture) is in tests/conftest.py; the HTTP front's own limits are in
tests/test_endpoint_front.py."""

from __future__ import annotations

import csv
import io
import socket
import time
import urllib.error
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph
from SPARQLWrapper import CSV, GET, JSON, POST, POSTDIRECTLY, SPARQLWrapper
from support.remote import remote_sparql
from support.serving import (
    ROW_CAP,
    RUNAWAY,
    TIME_LIMIT,
    Server,
    children,
    start_server,
    stop_server,
    wait_gone,
)

from airoles_kg.cli import main
from airoles_kg.sparql.endpoint import free_port, negotiate

ROLE = "https://w3id.org/airoles/id/role/"
PREFIXES = (
    "PREFIX airoles: <https://w3id.org/airoles/>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
ROLES = PREFIXES + (
    "SELECT ?role ?label WHERE { ?role a airoles:Role ; skos:prefLabel ?label FILTER(lang(?label) = 'fr') }"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
UPDATE_TYPE = {"Content-Type": "application/sparql-update"}


def wrapper(url: str, query: str, fmt: str, method: str = GET) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def count(url: str) -> int:
    data = wrapper(url, COUNT, JSON).queryAndConvert()
    return int(data["results"]["bindings"][0]["n"]["value"])


# --- SPARQLWrapper over HTTP -----------------------------------------------------------------------


def test_listens_on_loopback_only(server: Server):
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/query")


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_json(server: Server, method: str):
    data = wrapper(server.url, ROLES, JSON, method).queryAndConvert()
    assert data["head"]["vars"] == ["role", "label"]
    labels = {b["role"]["value"]: b["label"]["value"] for b in data["results"]["bindings"]}
    assert labels[ROLE + "chef-de-projet-ia"] == "chef de projet IA"


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_csv(server: Server, method: str):
    raw = wrapper(server.url, ROLES, CSV, method).queryAndConvert()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert {"role": ROLE + "responsable-ia", "label": "responsable IA"} in rows


def test_post_directly_as_sparql_query(server: Server):
    sparql = wrapper(server.url, ROLES, JSON, POST)
    sparql.setRequestMethod(POSTDIRECTLY)
    assert sparql.queryAndConvert()["results"]["bindings"]


def test_the_graph_served_holds_the_inferences(server: Server):
    ask = PREFIXES + f"ASK {{ <{ROLE}responsable-ia> a airoles:ManagementRole }}"
    assert wrapper(server.url, ask, JSON).queryAndConvert()["boolean"] is True


# --- content negotiation and CORS ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_formats_are_negotiated(server: Server, accept: str, content_type: str):
    response = requests.get(server.url, params={"query": ROLES}, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == content_type
    if content_type.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        assert ET.fromstring(response.content).findall("r:results/r:result", ns)
    if content_type == "text/tab-separated-values":
        assert response.text.splitlines()[0] == "?role\t?label"


def test_construct_answers_rdf(server: Server):
    query = PREFIXES + f"CONSTRUCT WHERE {{ <{ROLE}chef-de-projet-ia> skos:prefLabel ?label }}"
    turtle = requests.post(server.url, data={"query": query}, headers={"Accept": "text/turtle"}, timeout=30)
    assert turtle.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert len(graph) == 2  # French and English labels
    jsonld = requests.post(
        server.url, data={"query": query}, headers={"Accept": "application/ld+json"}, timeout=30
    )
    assert "@context" in jsonld.json()
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == 2


MISSIONS = PREFIXES + (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "CONSTRUCT { ?mission airoles:missionOrder ?order ; rdfs:label ?label } WHERE {\n"
    f"  ?mission airoles:missionOf <{ROLE}chef-de-projet-ia> ; airoles:missionOrder ?order ;\n"
    '    rdfs:label ?label FILTER(lang(?label) = "fr") }'
)


def construct(server: Server, query: str, accept: str) -> requests.Response:
    response = requests.post(server.url, data={"query": query}, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200, response.text
    return response


def test_construct_answers_n_quads_of_the_default_graph(server: Server):
    nquads = construct(server, MISSIONS, "application/n-quads")
    assert nquads.headers["Content-Type"] == "application/n-quads"
    assert nquads.headers["Airoles-Truncated"] == "false"
    quads = list(ox.parse(nquads.content, ox.RdfFormat.N_QUADS))
    assert quads and all(q.graph_name == ox.DefaultGraph() for q in quads)
    turtle = construct(server, MISSIONS, "text/turtle")
    assert {q.triple for q in quads} == {q.triple for q in ox.parse(turtle.content, ox.RdfFormat.TURTLE)}
    assert len(quads) == len(set(quads))  # one line per triple
    # A mission's order is the integer the knowledge base writes, not a type the store does not keep.
    orders = {q.object for q in quads if q.predicate.value.endswith("/missionOrder")}
    assert orders and {o.datatype for o in orders} == {ox.NamedNode(XSD_INTEGER)}


def test_a_cut_n_quads_answer_has_exactly_the_cap(server: Server):
    everything = "CONSTRUCT WHERE { ?s ?p ?o }"
    response = construct(server, everything, "application/n-quads")
    assert response.headers["Content-Type"] == "application/n-quads"
    assert response.headers["Airoles-Truncated"] == "true"
    assert response.headers["Airoles-Result-Limit"] == str(ROW_CAP)
    assert len(list(ox.parse(response.content, ox.RdfFormat.N_QUADS))) == ROW_CAP


def test_unacceptable_format_is_406(server: Server):
    response = requests.get(server.url, params={"query": ROLES}, headers={"Accept": "image/png"}, timeout=30)
    assert response.status_code == 406


def test_cors_for_browser_clients(server: Server):
    preflight = requests.options(
        server.url,
        headers={
            "Origin": "http://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = requests.get(
        server.url, params={"query": COUNT}, headers={"Origin": "http://yasgui.example"}, timeout=30
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_service_clause_is_refused_with_400_and_sends_nothing(server: Server):
    with remote_sparql() as (url, hits):
        query = f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}"
        response = requests.get(server.url, params={"query": query}, timeout=30)
    assert response.status_code == 400
    assert f"SERVICE {url} is refused" in response.text
    assert hits == []


def test_syntax_error_is_400_with_the_position(server: Server):
    response = requests.get(server.url, params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30)
    assert response.status_code == 400
    assert "1:" in response.text


# --- read-only -------------------------------------------------------------------------------------


def test_updates_are_refused_and_change_nothing(server: Server):
    before = count(server.url)
    insert = "INSERT DATA { <http://example.org/s> <http://example.org/p> <http://example.org/o> }"
    sparql = SPARQLWrapper(server.url)
    sparql.setMethod(POST)
    sparql.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    base = server.url.rsplit("/", 1)[0]
    attempts = [
        requests.post(base + "/update", data={"update": insert}, timeout=30),
        requests.post(base + "/update", data=insert, headers=UPDATE_TYPE, timeout=30),
        requests.post(server.url, data=insert, headers=UPDATE_TYPE, timeout=30),
        requests.get(server.url, params={"update": insert}, timeout=30),
        requests.put(
            base + "/store?default",
            data="<http://example.org/s> <http://example.org/p> 1 .",
            headers={"Content-Type": "application/n-triples"},
            timeout=30,
        ),
        requests.delete(base + "/store?default", timeout=30),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 403, 405, 405]
    assert count(server.url) == before
    ask = "ASK { <http://example.org/s> ?p ?o }"
    assert wrapper(server.url, ask, JSON).queryAndConvert()["boolean"] is False


# --- limits ----------------------------------------------------------------------------------------


def test_results_are_capped_and_marked(server: Server):
    response = requests.get(server.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == ROW_CAP
    assert response.headers["Airoles-Truncated"] == "true"
    assert response.headers["Airoles-Result-Limit"] == str(ROW_CAP)
    small = requests.get(server.url, params={"query": COUNT}, timeout=30)
    assert small.headers["Airoles-Truncated"] == "false"


def test_a_cartesian_product_is_cut_by_the_cap(server: Server):
    # Billions of rows (every typed node, cubed), of which Oxigraph streams the first at once: the cap
    # cuts them. Over ``?a ?b ?c`` patterns instead, Oxigraph first builds a hash table of the whole graph
    # per pattern (about 1.5 s on an idle machine), which a loaded CI machine stretched past the limit.
    query = "SELECT * WHERE { ?a a ?c . ?d a ?f . ?g a ?i }"
    response = requests.get(server.url, params={"query": query}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["Airoles-Truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == ROW_CAP


@pytest.mark.parametrize("method", ["POST", "GET"])  # GET is answered from the event loop, POST in a thread
def test_a_runaway_query_is_stopped_within_the_limit(server: Server, method: str):
    start = time.monotonic()
    if method == "POST":
        response = requests.post(server.url, data={"query": RUNAWAY}, timeout=120)
    else:
        response = requests.get(server.url, params={"query": RUNAWAY}, timeout=120)
    elapsed = time.monotonic() - start
    assert response.status_code == 503
    assert f"time limit of {TIME_LIMIT} s" in response.text
    # Oxigraph alone needed 31 s to stop this query under a 1 s limit; the proxy answers at the limit.
    # The margin is generous (a loaded machine), yet far below what the bare server takes.
    assert elapsed < TIME_LIMIT + 10
    # The endpoint still answers afterwards (the stuck server was replaced).
    assert count(server.url) > 0


# --- lifecycle -------------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_stopping_the_endpoint_stops_oxigraph_and_removes_its_store(tmp_path: Path):
    started = start_server(tmp_path, "--asserted")
    try:
        oxigraph = children(started.process.pid)
        assert oxigraph, "the oxigraph server runs as a child"
        cmdline = Path(f"/proc/{oxigraph[0]}/cmdline").read_bytes().split(b"\0")
        store = Path(cmdline[cmdline.index(b"--location") + 1].decode())
        assert store.is_dir()
        assert b"--bind" in cmdline and cmdline[cmdline.index(b"--bind") + 1].startswith(b"127.0.0.1:")
    finally:
        stop_server(started.process)
    assert started.process.returncode == 0
    for pid in oxigraph:
        assert not Path(f"/proc/{pid}").exists(), "the oxigraph server is stopped"
    assert not store.parent.exists(), "the store directory is removed"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_a_runaway_query_whose_client_left_is_still_stopped(server: Server):
    """The client gives up after 1 s; at the time limit the runaway query is stopped all the same (the
    oxigraph server running it is replaced), instead of running on and growing."""
    [before] = children(server.process.pid)
    with pytest.raises(requests.exceptions.Timeout):
        requests.get(server.url, params={"query": RUNAWAY}, timeout=1)
    assert wait_gone([before], TIME_LIMIT + 20) == [], "the server running the runaway query was stopped"
    assert count(server.url) > 0


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_kill_9_of_the_endpoint_takes_oxigraph_with_it(tmp_path: Path):
    started = start_server(tmp_path, "--asserted")
    try:
        oxigraph = children(started.process.pid)
        assert oxigraph
    finally:
        started.process.kill()  # SIGKILL: no handler, no cleanup of ours runs
        started.process.wait()
    assert wait_gone(oxigraph, 10) == [], "no oxigraph server is left behind"


def test_a_busy_port_is_a_clear_error(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--port", str(port), "--asserted"])
    _, err = capsys.readouterr()
    assert code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in err


def test_free_port_is_free():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_negotiation_rules():
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offered) == "application/sparql-results+json"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("text/csv, */*;q=0.1", offered) == "text/csv"
    assert negotiate("application/sparql-results+json;q=0, */*", offered) == "text/csv"
    assert negotiate("image/png", offered) is None
