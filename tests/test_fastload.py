"""Loading big graphs through pyoxigraph (airoles_kg.catalogue.fastload): same triples, inferences, career
answers and
query results as the rdflib path, caches that are reused and invalidated, clear errors."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from support.synthetic import Plan, generate, query_bindings

from airoles_kg.careers.index import CareerIndex
from airoles_kg.catalogue import fastload
from airoles_kg.core.cache import KEEP as CACHE_KEEP
from airoles_kg.core.errors import AirolesError, InputError
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import AIROLES
from airoles_kg.core.resolve import NameIndex, resolve
from airoles_kg.core.store import load_files, string_pairs, texts, view_graph
from airoles_kg.core.terms import to_oxigraph, to_rdflib
from airoles_kg.reasoning.inference import materialise_rules, with_inferences
from airoles_kg.reasoning.materialise import materialise_store
from airoles_kg.sparql.library import get_query, named_queries

ROLES = 30
SEED = 5


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "catalogue.nt"
    generate(ROLES, SEED, path)
    return path


@pytest.fixture(scope="module")
def files(catalogue) -> list[Path]:
    return fastload.project_files([catalogue])


@pytest.fixture(scope="module")
def asserted(catalogue) -> Graph:
    return load_graph([catalogue])


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("AIROLES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def triples_of(store: ox.Store) -> set[tuple]:
    """The store's triples as rdflib terms, blank nodes left out (each parse labels them anew)."""
    return {
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        for q in store
        if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
    }


def comparable(graph: Graph) -> set:
    """Triples without blank nodes (their labels differ between parsers); integer literals by value
    (Oxigraph stores every integer type as xsd:integer, the known limitation the README states)."""
    out = set()
    for s, p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if isinstance(o, Literal) and isinstance(o.value, int) and not isinstance(o.value, bool):
            o = ("integer", o.value)
        out.add((s, p, o))
    return out


def test_the_store_holds_what_rdflib_parses(files, asserted):
    store = load_files(files)
    view = view_graph(store)
    assert len(view) == len(asserted) == len(store)
    assert comparable(view) == comparable(asserted)


def test_the_view_is_a_read_only_rdflib_graph(files):
    view = view_graph(load_files(files))
    plan = Plan(ROLES, SEED)
    role = URIRef(plan.role(3))
    assert (role, RDF.type, AIROLES.Role) in view
    assert Literal(plan.role_labels(3)[0], lang="fr") in set(
        view.objects(role, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
    )
    assert view.namespace_manager.normalizeUri(role) == f"role:synth-{3:06d}"
    with pytest.raises(TypeError, match="read-only"):
        view.add((role, RDF.type, AIROLES.Skill))


def test_the_views_string_reads_give_what_rdflib_terms_give_as_strings():
    """string_pairs and texts read pyoxigraph's strings as they are: the same as str() of rdflib's terms,
    for IRIs, blank nodes and literals alike."""
    data = b"""
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <http://ex/a> <http://ex/p> <http://ex/b> , _:n , "x"@fr , "2"^^xsd:integer .
    _:n <http://ex/p> "plain" .
    <http://ex/c> <http://ex/q> <http://ex/a> .
    """
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    graph = Graph()
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    view, p = view_graph(store), URIRef("http://ex/p")  # the graph's blank nodes keep the store's names
    assert sorted(string_pairs(view, p)) == sorted(string_pairs(graph, p))
    assert {("http://ex/a", "http://ex/b"), ("http://ex/a", "2")} < set(string_pairs(view, p))
    assert sorted(texts(view, p), key=str) == sorted(texts(graph, p), key=str)
    assert ("http://ex/a", "x", "fr") in set(texts(view, p)) and len(list(texts(view, p))) == 3
    assert list(string_pairs(view, URIRef("http://ex/q"))) == [("http://ex/c", "http://ex/a")]


def test_inferences_are_those_of_the_reasoning_rules(files, asserted):
    store = load_files(files)
    inferred = materialise_store(store)
    expected = materialise_rules(asserted)
    assert len(inferred) == len(expected) > 0
    assert triples_of(inferred) == set(expected)


def test_an_ontology_iri_pyoxigraph_refuses_stops_the_rules_with_its_name():
    """The rules' new facts go to pyoxigraph as N-Triples text parsed without checking the IRIs again; the
    IRIs that do not come from the store (which checked them) are the ontology's, checked first: rdflib,
    which reads the ontology, accepts IRIs pyoxigraph refuses."""
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode(f"{AIROLES}id/role/a"),
            ox.NamedNode(str(AIROLES.hasMission)),
            ox.NamedNode(f"{AIROLES}id/mission/m"),
        )
    )
    ontology = Graph()
    ontology.add((AIROLES.hasMission, RDF.type, OWL.ObjectProperty))
    ontology.add((AIROLES.hasMission, RDFS.domain, URIRef("urn:x y")))
    with pytest.raises(ValueError, match="urn:x y"):
        materialise_store(store, ontology)
    ontology.remove((None, RDFS.domain, None))
    ontology.add((AIROLES.hasMission, RDFS.domain, AIROLES.Role))  # the same, valid: the fact is inferred
    assert triples_of(materialise_store(store, ontology)) == {
        (URIRef(f"{AIROLES}id/role/a"), RDF.type, AIROLES.Role)
    }


def test_career_index_answers_as_the_rdflib_one(files, asserted):
    store = load_files(files)
    fast = fastload.build_index(store, materialise_store(store))
    slow = CareerIndex.from_graph(with_inferences(asserted, materialise_rules(asserted)), asserted)
    # Every table, not only what the questions below read (the view's reads take other paths than rdflib's).
    tables = set(vars(slow)) - {"_names", "prefixes"}
    assert {t: getattr(fast, t) for t in tables} == {t: getattr(slow, t) for t in tables}
    assert fast.roles and fast.requirements and fast.transitions and fast.display["fr"]
    plan = Plan(ROLES, SEED)
    a, b = (f"<{plan.role(r)}>" for r in plan.example_roles())
    assert [p.to_dict() for p in fast.paths(a, b)] == [p.to_dict() for p in slow.paths(a, b)]
    assert fast.gap(a, b).to_dict() == slow.gap(a, b).to_dict()
    assert [r.to_dict() for r in fast.reachable(a)] == [r.to_dict() for r in slow.reachable(a)]
    skills = [f"<{plan.skill(j)}>" for j in (0, 1, 2)]
    assert [m.to_dict() for m in fast.match(skills)] == [m.to_dict() for m in slow.match(skills)]


def test_every_named_query_gives_the_rdflib_answer(files, asserted, cache):
    graph = with_inferences(asserted, materialise_rules(asserted))
    loaded = fastload.load(files)
    plan = Plan(ROLES, SEED)
    for query in named_queries():
        values = query_bindings(plan, query, loaded.store)
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in values.items()}
        fast = list(loaded.store.query(query.text, substitutions=subs))
        if query.name == "role-definition":  # rdflib cannot run it (NotBoundError in GROUP_CONCAT)
            continue
        slow = list(graph.query(query.text, initBindings=values))
        assert len(fast) == len(slow), query.name


def test_caches_are_reused_then_invalidated_by_an_edit(files, catalogue, cache, tmp_path):
    first = fastload.load(files)
    assert "materialise" in first.timings and first.inferred > 0
    second = fastload.load(files)
    assert "materialise" not in second.timings and "parse_inferred" in second.timings
    assert second.inferred == first.inferred
    assert triples_of(second.store) == triples_of(first.store)
    assert second.index().roles == first.index().roles and "index_load" in second.timings

    edited = tmp_path / "edited.nt"
    edited.write_bytes(catalogue.read_bytes().replace(b'"FR"', b'"BE"', 1))
    third = fastload.load([*files[:-1], edited])
    assert third.key != first.key and "materialise" in third.timings


def test_the_persistent_store_opens_without_parsing(files, cache):
    built = fastload.load(files, persistent=True)
    assert built.persistent_path is not None and "persist" in built.timings
    opened = fastload.load(files, persistent=True)
    assert set(opened.timings) == {"fingerprint", "open_store"}
    assert opened.inferred == built.inferred
    assert triples_of(opened.store) == triples_of(fastload.load(files).store)
    assert opened.index().roles == built.index().roles


def test_the_query_engine_runs_named_queries_on_the_store(files, cache):
    engine = fastload.load(files).engine()
    plan = Plan(ROLES, SEED)
    label = plan.role_labels(plan.example_roles()[0])[1]  # resolved by its English label
    result = engine.run_named(get_query("role-skills"), {"role": label.upper()}, timeout=None)
    assert len(result.bindings()) >= 12


def test_names_resolved_in_a_stored_graph_are_cached_with_it(files, cache, monkeypatch):
    """A later run (a new view of the same store) resolves names without reading the labels again; the
    same name gives the same role, an unknown one the same suggestions."""
    plan = Plan(ROLES, SEED)
    a, b = plan.example_roles()
    first = fastload.load(files, persistent=True).graph()
    role_a = resolve(first, plan.role_labels(a)[0], AIROLES.Role)
    with pytest.raises(AirolesError) as unknown:
        resolve(first, plan.role_labels(b)[0] + "x", AIROLES.Role)
    assert len(list(cache.glob("names-*.pickle"))) == 1

    def no_labels(*args, **kwargs):
        raise AssertionError("the labels were read again")

    monkeypatch.setattr(NameIndex, "build", no_labels)
    later = fastload.load(files, persistent=True).graph()
    assert resolve(later, plan.role_labels(a)[0], AIROLES.Role) == role_a == URIRef(plan.role(a))
    assert resolve(later, f"<{plan.role(b)}>", AIROLES.Role) == URIRef(plan.role(b))  # an IRI: the instances
    with pytest.raises(AirolesError) as again:
        resolve(later, plan.role_labels(b)[0] + "x", AIROLES.Role)
    assert str(again.value) == str(unknown.value)


def test_names_are_not_cached_without_the_caches(files, cache):
    graph = fastload.load(files, use_cache=False).graph()
    plan = Plan(ROLES, SEED)
    resolve(graph, plan.role_labels(plan.example_roles()[0])[0], AIROLES.Role)
    assert not list(cache.glob("names-*"))


def test_a_damaged_names_entry_is_rebuilt(files, cache):
    plan = Plan(ROLES, SEED)
    label = plan.role_labels(plan.example_roles()[0])[0]
    expected = resolve(fastload.load(files, persistent=True).graph(), label, AIROLES.Role)
    [entry] = cache.glob("names-*.pickle")
    entry.write_bytes(entry.read_bytes()[:40])
    assert resolve(fastload.load(files, persistent=True).graph(), label, AIROLES.Role) == expected


def test_a_malformed_file_is_named_with_its_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:\d+"):
        load_files([bad])
    with pytest.raises(InputError, match="no such file"):
        load_files([tmp_path / "missing.nt"])


def test_caches_of_graphs_no_longer_loaded_are_removed(tmp_path, cache):
    """Each catalogue leaves an inferred-triples file, an index and an on-disk store; once more than
    CACHE_KEEP catalogues were built, the oldest one's caches go, all of them, and the others stay."""
    keys = []
    for seed in range(CACHE_KEEP + 1):
        catalogue = tmp_path / f"catalogue-{seed}.nt"
        generate(4, seed, catalogue)
        loaded = fastload.load(fastload.project_files([catalogue]), persistent=True)
        loaded.index()
        keys.append(loaded.key)
        assert {p.name for p in cache.glob(f"catalogue-{loaded.key}.*")} == {
            f"catalogue-{loaded.key}.inferred.nt",
            f"catalogue-{loaded.key}.index.pickle",
            f"catalogue-{loaded.key}.store",
        }
    left = {p.name.split(".")[0][len("catalogue-") :] for p in cache.glob("catalogue-*")}
    assert left == set(keys[1:])


def _refuse(*args, **kwargs):
    raise AssertionError("a stage cached before the interruption ran again")


def test_a_build_interrupted_while_indexing_keeps_its_inferences(files, cache, monkeypatch):
    """Killed (here: Ctrl-C) while the career index is built: the inferences were cached already, so the
    next run does not infer again, and it answers as an uninterrupted build does."""
    real_build = fastload.build_index

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fastload, "build_index", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fastload.load(files, persistent=True)
    assert not list(cache.glob("catalogue-*.store")) and not list(cache.glob("catalogue-*.index.pickle"))
    monkeypatch.setattr(fastload, "build_index", real_build)
    monkeypatch.setattr(fastload, "materialise_store", _refuse)
    resumed = fastload.load(files, persistent=True)
    assert "materialise" not in resumed.timings and "persist" in resumed.timings
    monkeypatch.setattr(fastload, "materialise_store", materialise_store)
    reference = fastload.load(files, use_cache=False)
    assert resumed.inferred == reference.inferred
    assert triples_of(resumed.store) == triples_of(reference.store)
    assert resumed.index().roles == reference.index().roles
    assert resumed.index().out_edges == reference.index().out_edges


def test_a_build_interrupted_while_writing_the_store_resumes_there(files, cache, monkeypatch):
    """Killed while the on-disk store is written: nothing half-written is ever opened, and the next run
    neither parses into memory, nor infers, nor indexes again: it only writes the store."""
    real_load_files, real_build = fastload.load_files, fastload.build_index

    def interrupted(paths, store=None, *, bulk=False):
        if bulk:
            real_load_files(paths[:1], store, bulk=True)  # part of the store written, then the interruption
            raise KeyboardInterrupt
        return real_load_files(paths, store)

    monkeypatch.setattr(fastload, "load_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fastload.load(files, persistent=True)
    assert not list(cache.glob("catalogue-*.store"))  # the half-built store is not where readers look
    monkeypatch.setattr(fastload, "load_files", real_load_files)
    monkeypatch.setattr(fastload, "materialise_store", _refuse)
    monkeypatch.setattr(fastload, "build_index", _refuse)
    resumed = fastload.load(files, persistent=True)
    assert {"parse", "materialise", "index_build"}.isdisjoint(
        resumed.timings
    ) and "persist" in resumed.timings
    index = resumed.index()  # read from the cache written before the interruption
    assert "index_load" in resumed.timings
    monkeypatch.setattr(fastload, "materialise_store", materialise_store)
    monkeypatch.setattr(fastload, "build_index", real_build)
    reference = fastload.load(files, use_cache=False)
    assert triples_of(resumed.store) == triples_of(reference.store)
    assert index.roles == reference.index().roles and index.requirements == reference.index().requirements
    reopened = fastload.load(files, persistent=True)
    assert set(reopened.timings) == {"fingerprint", "open_store"}


def test_a_first_build_writes_the_store_beside_the_rules(files, cache, monkeypatch):
    """The on-disk store of a first build is filled on a worker thread while this one infers: the files are
    in it before the rules end (here: the rules wait for them), and the finished store holds what a build
    written afterwards holds."""
    real_load_files, real_materialise = fastload.load_files, fastload.materialise_store
    files_in = threading.Event()

    def load_files(paths, store=None, *, bulk=False):
        loaded = real_load_files(paths, store, bulk=bulk)
        if bulk:
            files_in.set()
        return loaded

    def materialise(store):
        assert files_in.wait(30), "the store on disk was not being filled meanwhile"
        return real_materialise(store)

    monkeypatch.setattr(fastload, "load_files", load_files)
    monkeypatch.setattr(fastload, "materialise_store", materialise)
    built = fastload.load(files, persistent=True)
    assert {"parse", "materialise", "index_build", "persist"} <= set(built.timings)
    reference = fastload.load(files, use_cache=False)
    assert triples_of(built.store) == triples_of(reference.store)
    assert built.inferred == reference.inferred


def test_a_first_build_interrupted_by_the_rules_leaves_no_store_behind(files, cache, monkeypatch):
    """Ctrl-C while the rules run: the store the worker thread was filling is removed, not left half-built
    beside the cache's entries, and the next run builds it whole."""

    def interrupted(store):
        raise KeyboardInterrupt

    monkeypatch.setattr(fastload, "materialise_store", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fastload.load(files, persistent=True)
    deadline = time.monotonic() + 30  # the thread removes it once its bulk load of the files returns
    while any(cache.glob(".catalogue-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(cache.glob("catalogue-*.store")) and not list(cache.glob(".catalogue-*"))
    monkeypatch.setattr(fastload, "materialise_store", materialise_store)
    resumed = fastload.load(files, persistent=True)
    assert "materialise" in resumed.timings
    assert triples_of(resumed.store) == triples_of(fastload.load(files, use_cache=False).store)
