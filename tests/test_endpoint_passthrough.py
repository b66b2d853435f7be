"""The endpoint passes the Oxigraph server's answers through (airoles_kg.sparql.counting): the rows equal the
bare server's, a cut answer is a well-formed document with exactly the cap in every format, and the kept-alive
connections to the server (airoles_kg.sparql.keepalive) never outlive a restart. Runs an Upstream in the test
process over a small graph (no HTTP front)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from airoles_kg.sparql.counting import JsonRows
from airoles_kg.sparql.keepalive import Deadlines
from airoles_kg.sparql.protocol import Limits, answer_query
from airoles_kg.sparql.upstream import Upstream, load_store

EX = Namespace("http://example.org/")
CAP = 7
ALL = "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Upstream]:
    graph = Graph()
    # Literals with what a scanner could mistake for structure: quotes, braces, brackets, commas, newlines.
    tricky = ['a"},{b', "[{", ",{", "back\\slash", "line\nbreak", "é", ""]
    for i in range(60):
        subject = EX[f"s{i:02d}"]
        label = Literal(tricky[i % len(tricky)] + str(i), lang="en" if i % 2 else None)
        graph.add((subject, EX.label, label))
        graph.add((subject, EX.n, Literal(i)))
        graph.add((subject, EX.next, URIRef(EX[f"s{(i + 1) % 60:02d}"])))
    root = tmp_path_factory.mktemp("passthrough")
    load_store(graph, root / "store")
    started = Upstream(root / "store", root / "oxigraph.log")
    started.start()
    try:
        yield started
    finally:
        started.close()


def ask(upstream: Upstream, query: str, accept: str, timeout: float = 30, limit: int = CAP):
    return answer_query(Limits(upstream, timeout, limit), {"query": [query]}, accept, "localhost:1")


def bare(upstream: Upstream, query: str, accept: str) -> bytes:
    """The bare Oxigraph server's answer (what the endpoint passes through)."""
    connection = http.client.HTTPConnection("127.0.0.1", upstream.address()[0], timeout=30)
    try:
        form = urlencode({"query": query})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        headers["Host"] = "localhost:1"
        connection.request("POST", "/query", body=form, headers=headers)
        return connection.getresponse().read()
    finally:
        connection.close()


def test_an_answer_under_the_cap_is_the_bare_servers_bytes(upstream: Upstream):
    query = "SELECT * WHERE { ?s ?p ?o FILTER(?s = <http://example.org/s03>) } ORDER BY ?p"
    reply = ask(upstream, query, "application/sparql-results+json")
    assert reply.headers["Airoles-Truncated"] == "false"
    assert reply.body == bare(upstream, query, "application/sparql-results+json")
    construct = "CONSTRUCT WHERE { <http://example.org/s05> ?p ?o }"
    reply = ask(upstream, construct, "application/n-triples")
    assert reply.body == bare(upstream, construct, "application/n-triples")
    reply = ask(upstream, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert reply.body == bare(upstream, "ASK { ?s ?p ?o }", "application/sparql-results+json")


def test_the_rows_under_a_large_cap_equal_the_bare_servers(upstream: Upstream):
    reply = ask(upstream, ALL, "application/sparql-results+json", limit=10_000)
    assert reply.headers["Airoles-Truncated"] == "false"
    expected = json.loads(bare(upstream, ALL, "application/sparql-results+json"))
    assert json.loads(reply.body) == expected
    assert len(expected["results"]["bindings"]) == 180


def bare_rows(upstream: Upstream) -> list[dict]:
    return json.loads(bare(upstream, ALL, "application/sparql-results+json"))["results"]["bindings"]


def test_a_cut_json_answer_is_well_formed_with_exactly_the_cap(upstream: Upstream):
    reply = ask(upstream, ALL, "application/sparql-results+json")
    assert reply.headers["Airoles-Truncated"] == "true"
    document = json.loads(reply.body)
    assert set(document["head"]["vars"]) == {"s", "p", "o"}
    assert document["results"]["bindings"] == bare_rows(upstream)[:CAP]


def test_a_cut_xml_answer_is_well_formed_with_exactly_the_cap(upstream: Upstream):
    reply = ask(upstream, ALL, "application/sparql-results+xml")
    assert reply.headers["Airoles-Truncated"] == "true"
    results = ET.fromstring(reply.body).findall(f"{SRX}results/{SRX}result")
    assert len(results) == CAP


@pytest.mark.parametrize(("accept", "delimiter"), [("text/csv", ","), ("text/tab-separated-values", "\t")])
def test_a_cut_csv_or_tsv_answer_has_exactly_the_cap(upstream: Upstream, accept: str, delimiter: str):
    reply = ask(upstream, ALL, accept)
    assert reply.headers["Airoles-Truncated"] == "true"
    if delimiter == "\t":  # TSV writes literals in N-Triples syntax, escaped: one row per line
        lines = reply.body.decode().splitlines()
        assert len(lines) == 1 + CAP
        assert all(line.count("\t") == 2 for line in lines)
    else:
        rows = list(csv.reader(io.StringIO(reply.body.decode(), newline="")))
        assert len(rows) == 1 + CAP


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/n-triples", "nt"),
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_a_cut_graph_is_well_formed_with_exactly_the_cap(upstream: Upstream, accept: str, fmt: str):
    reply = ask(upstream, CONSTRUCT, accept)
    assert reply.headers["Airoles-Truncated"] == "true"
    assert len(Graph().parse(data=reply.body, format=fmt)) == CAP


def test_a_cap_of_zero_gives_an_empty_well_formed_answer(upstream: Upstream):
    reply = ask(upstream, ALL, "application/sparql-results+json", limit=0)
    assert reply.headers["Airoles-Truncated"] == "true"
    assert json.loads(reply.body)["results"]["bindings"] == []
    reply = ask(upstream, CONSTRUCT, "application/n-triples", limit=0)
    assert reply.body == b""


def test_the_query_after_a_timeout_restart_gets_a_fresh_connection(upstream: Upstream):
    ok = "SELECT * WHERE { ?s ?p ?o } LIMIT 3"
    for _ in range(3):  # the pool now holds a kept-alive connection to this server
        assert ask(upstream, ok, "application/sparql-results+json").status == 200
    generation = upstream.address()[1]
    assert upstream.pool._idle
    reply = ask(upstream, RUNAWAY, "application/sparql-results+json", timeout=0.5)
    assert reply.status == 503
    assert upstream.address()[1] == generation + 1
    # Every connection to the killed server is closed; none is left to be reused.
    assert all(entry[1] == generation + 1 for entry in upstream.pool._idle)
    for _ in range(3):
        assert ask(upstream, ok, "application/sparql-results+json").status == 200
    idle = [(entry[0], entry[1]) for entry in upstream.pool._idle]
    assert idle == [(upstream.address()[0], generation + 1)]


def test_the_json_scanner_handles_any_chunking():
    store = ox.Store()
    for i, text in enumerate(['a"},{b', "[{", ",{", "x\\", "\\", '"']):
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"), ox.Literal(text)))
    document = store.query("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s").serialize(
        format=ox.QueryResultsFormat.JSON
    )
    expected = json.loads(document)["results"]["bindings"]
    for limit in range(len(expected) + 2):
        for size in (1, 2, 3, 7, len(document)):
            rows = JsonRows(limit)
            for start in range(0, len(document), size):
                if rows.feed(document[start : start + size]):
                    break
            assert json.loads(rows.document())["results"]["bindings"] == expected[:limit]
            assert rows.truncated == (limit < len(expected))


def test_one_deadline_thread_fires_in_order_and_skips_the_cancelled():
    deadlines = Deadlines()
    fired: list[str] = []
    done = threading.Event()
    late = deadlines.arm(0.2, lambda: (fired.append("late"), done.set()))
    cancelled = deadlines.arm(0.05, lambda: fired.append("cancelled"))
    deadlines.arm(0.1, lambda: fired.append("early"))
    assert cancelled.cancel()
    assert done.wait(5)
    assert fired == ["early", "late"]
    assert not late.cancel()  # it has fired
