"""Quote, don't republish (issue 20): every excerpt has a W3C Web Annotation selector that finds it in its
article, once, and no article is more than a fifth quoted.

The selector logic is tested on small texts; the knowledge base's own quotations
(``ontology/kb/quotations.ttl``) are checked against the articles in ``../shared/seeds`` (present in CI).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV
from support.requirements import require

from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import AIROLES, OA
from airoles_kg.core.quotes import (
    CONTEXT_LIMIT,
    Quotation,
    articles,
    coverage,
    fold,
    is_quotation_triple,
    occurrences,
    quotations_turtle,
    select,
    stored_selectors,
    unique_context,
    without_quotations,
)

TEXT = fold(
    "Le chef de projet IA pilote le projet. Le chef de projet IA gère le budget.\n"
    "Il rend compte  à la direction. Le budget compte."
)


# --- the selector, on a small text ------------------------------------------------------------------------


def test_an_excerpt_found_once_needs_no_context():
    selector = select(TEXT, "pilote le projet")
    assert selector is not None
    assert (selector.prefix, selector.suffix) == ("", "")
    assert TEXT[selector.start : selector.start + len(selector.exact)] == "pilote le projet"


def test_a_repeated_excerpt_gets_the_fewest_words_that_make_it_unique():
    selector = select(TEXT, "Le chef de projet IA")
    assert selector is not None
    found = selector.prefix + selector.exact + selector.suffix
    assert occurrences(TEXT, found) == 1
    assert found == "Le chef de projet IA pilote"  # one word after is enough, and the shortest way
    assert selector.start == 0


def test_context_is_cut_at_words_and_kept_short():
    text = fold(("x " * 40) + "le budget " + ("y " * 40) + "le budget")
    selector = select(text, "le budget")
    assert selector is not None
    for context in (selector.prefix, selector.suffix):
        assert len(context) <= CONTEXT_LIMIT
    assert selector.suffix == "" or selector.suffix.startswith(" ")
    assert selector.prefix == "" or selector.prefix.endswith(" ")
    assert occurrences(text, selector.prefix + selector.exact + selector.suffix) == 1


def test_white_space_is_folded_and_a_missing_excerpt_has_no_selector():
    assert select(TEXT, "Il rend compte\u00a0 à la\ndirection") is not None
    assert select(TEXT, "le chef de projet data") is None
    assert select(TEXT, "   ") is None


def test_a_quotation_keeps_its_iri_from_one_build_to_the_next():
    node, source = (
        URIRef("https://w3id.org/airoles/id/role/x"),
        URIRef("https://w3id.org/airoles/id/source/a"),
    )
    first = Quotation(node, source, select(TEXT, "gère le budget"))  # type: ignore[arg-type]
    again = Quotation(node, source, select(TEXT, "gère le budget"))  # type: ignore[arg-type]
    other = Quotation(node, source, select(TEXT, "pilote le projet"))  # type: ignore[arg-type]
    assert first.iri == again.iri and first.selector_iri == again.selector_iri
    assert first.iri != other.iri
    assert str(first.iri).startswith("https://w3id.org/airoles/id/quotation/")


def test_the_turtle_of_a_small_graph_parses_to_the_selectors(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(TEXT, encoding="utf-8")
    graph = Graph().parse(
        data="""
        @prefix airoles: <https://w3id.org/airoles/> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <https://w3id.org/airoles/id/source/a> a airoles:SourceDocument ; dcterms:identifier "a.txt" .
        <https://w3id.org/airoles/id/role/x> prov:wasDerivedFrom <https://w3id.org/airoles/id/source/a> ;
            airoles:excerpt "Le chef de projet IA"@fr , "le \\"budget\\""@fr .
        """,
        format="turtle",
    )
    parsed = Graph().parse(data=quotations_turtle(graph, seeds), format="turtle")
    source = URIRef("https://w3id.org/airoles/id/source/a")
    # The excerpt that is not in the article ('le "budget"') gets no selector: the verbatim test reports it.
    assert stored_selectors(parsed, source) == [
        (URIRef("https://w3id.org/airoles/id/role/x"), "", "Le chef de projet IA", " pilote")
    ]
    assert all(is_quotation_triple(t) for t in parsed)
    assert len(without_quotations(graph + parsed)) == len(graph)


# --- the knowledge base's quotations, against the articles --------------------------------------------------


@pytest.fixture(scope="module")
def graph() -> Graph:
    require(paths.SEEDS_DIR.is_dir(), f"seed articles not found at {paths.SEEDS_DIR}")
    return load_graph()


def test_quotations_ttl_is_what_the_script_writes(graph):
    written = (paths.KB_DIR / "quotations.ttl").read_text(encoding="utf-8")
    assert written == quotations_turtle(graph, paths.SEEDS_DIR), "run: python scripts/quotations.py"


def test_the_script_checks_without_writing():
    require(paths.SEEDS_DIR.is_dir(), f"seed articles not found at {paths.SEEDS_DIR}")
    script = paths.REPO_ROOT / "scripts" / "quotations.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


def test_every_selector_finds_its_words_once_in_its_article(graph):
    texts = articles(graph, paths.SEEDS_DIR)
    checked = repeated = 0
    for source, (name, text) in texts.items():
        for node, prefix, exact, suffix in stored_selectors(graph, source):
            if occurrences(text, prefix + exact + suffix) > 1:
                # Only a passage the article repeats word for word may match twice (with no context added).
                assert (prefix, suffix) == ("", "") and unique_context(
                    text, text.find(exact), exact
                ) is None, (
                    name,
                    node,
                    exact,
                )
                repeated += 1
            assert len(prefix) <= CONTEXT_LIMIT and len(suffix) <= CONTEXT_LIMIT
            checked += 1
    assert checked > 300 and repeated < checked / 10


def test_every_article_excerpt_has_a_selector_in_its_article(graph):
    texts = articles(graph, paths.SEEDS_DIR)
    located = {
        (node, source, exact) for source in texts for node, _p, exact, _s in stored_selectors(graph, source)
    }
    missing = []
    for source, (_name, text) in texts.items():
        for node in graph.subjects(PROV.wasDerivedFrom, source):
            for excerpt in graph.objects(node, AIROLES.excerpt):
                if isinstance(excerpt, Literal) and excerpt.language == "fr" and fold(excerpt) in text:
                    if (node, source, fold(excerpt)) not in located:
                        missing.append((str(node), str(excerpt)[:50]))
    assert missing == []


def test_a_quotation_names_the_article_and_the_exact_words(graph):
    node = URIRef("https://w3id.org/airoles/id/requirement/chef-de-projet-ia-comprehension-technique")
    exacts = {
        str(graph.value(graph.value(q, OA.hasSelector), OA.exact))
        for q in graph.objects(node, AIROLES.quotation)
    }
    assert any("œil avisé" in e for e in exacts), exacts
    for quotation in graph.objects(node, AIROLES.quotation):
        # The article a quotation points into is one the node says it comes from.
        assert (node, PROV.wasDerivedFrom, graph.value(quotation, OA.hasSource)) in graph


def test_no_article_is_more_than_a_fifth_quoted(graph):
    figures = {c.file: round(c.share, 3) for c in coverage(graph, paths.SEEDS_DIR)}
    assert len(figures) == 5
    assert {f: s for f, s in figures.items() if s > 0.20} == {}, figures
