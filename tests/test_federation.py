"""SERVICE (federated queries) is refused unless the user allows the host: the CLI, the engine the explorer
uses and the endpoint send no request anywhere by default (a local listener counts what reaches it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.remote import remote_sparql

from airoles_kg.cli import main
from airoles_kg.sparql.engine import QueryEngine
from airoles_kg.sparql.federation import FederationRefused, refuse_federation, service_targets


@pytest.fixture
def remote() -> Iterator[tuple[str, list[str]]]:
    with remote_sparql() as found:
        yield found


def federated(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}"


def test_the_service_clauses_of_a_query_are_found():
    query = """PREFIX ex: <http://e/>
    SELECT * WHERE { ?s ex:SERVICE "service" # SERVICE <http://in-a-comment/>
      SERVICE SILENT <http://a.example/sparql> { ?s ?p ?o } service ?where { ?s ?p ?o } SERVICE ex:s { } }"""
    assert service_targets(query) == ["http://a.example/sparql", "?where", "ex:s"]


def test_the_keyword_is_found_in_any_case_and_only_as_a_keyword():
    # service_targets skips the tokenizer when the text has no "service" in any case: the keyword in mixed
    # case must still be found, and a text without the word has none.
    assert service_targets("SELECT * { SeRvIcE <http://m.example/> { ?s ?p ?o } }") == ["http://m.example/"]
    assert service_targets("SELECT * { sErViCe sIlEnT ?w { ?s ?p ?o } }") == ["?w"]
    assert service_targets("SELECT * { ?s <http://e/servic> ?o }") == []
    assert service_targets('SELECT * { ?s ?p "SERVICE <http://x/>" }') == []


def test_only_allowed_hosts_pass():
    refuse_federation(federated("https://query.wikidata.org/sparql"), ["Query.Wikidata.org"])
    refuse_federation(federated("http://h:8890/sparql"), ["h:8890"])
    for url, allowed in [("http://h:8891/sparql", ["h:8890"]), ("file:///etc/passwd", ["etc"]), ("x", ["x"])]:
        with pytest.raises(FederationRefused):
            refuse_federation(federated(url), allowed)
    with pytest.raises(FederationRefused, match="give the full http"):
        refuse_federation("SELECT * WHERE { SERVICE ?s { ?a ?b ?c } }", ["anything"])


def test_the_cli_refuses_a_service_and_sends_nothing(remote, capsys):
    url, hits = remote
    assert main(["query", "-e", federated(url)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert f"SERVICE {url} is refused" in err and "--allow-service 127.0.0.1" in err
    assert hits == []


def test_the_cli_queries_an_allowed_host(remote, capsys):
    url, hits = remote
    assert main(["query", "-e", federated(url), "--allow-service", "127.0.0.1", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["x", "from afar"]
    assert hits  # the allowed service was asked


def test_the_engine_the_explorer_uses_allows_no_service(remote):
    url, hits = remote
    engine = QueryEngine.load(external=False)
    assert engine.allowed_services == ()
    with pytest.raises(FederationRefused):
        engine.run(federated(url), timeout=None)
    assert hits == []
