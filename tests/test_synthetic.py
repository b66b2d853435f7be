"""The synthetic catalogue: reproducible, shaped as documented, conforming to our shapes, usable."""

import re
import subprocess
import sys
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV, RDFS, SKOS
from support.synthetic import Plan, generate, query_bindings, synthetic_graph

from airoles_kg.careers.index import CareerIndex
from airoles_kg.core import paths
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import AIROLES, ID_BASE, KINDS, bind_prefixes
from airoles_kg.core.terms import to_oxigraph
from airoles_kg.reasoning.inference import materialise_rules, with_inferences
from airoles_kg.shacl import validate_graph
from airoles_kg.sparql.engine import default_prefixes
from airoles_kg.sparql.library import named_queries

ROLES = 48
IRI = re.compile(rf"{re.escape(ID_BASE)}({'|'.join(KINDS)})/[a-z0-9]+(-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def catalogue():
    return synthetic_graph(ROLES, seed=7)


def test_same_seed_same_bytes_other_seed_other_bytes():
    assert generate(ROLES, seed=7) == generate(ROLES, seed=7)
    assert generate(ROLES, seed=7) != generate(ROLES, seed=8)


def test_counts_per_role_are_esco_shaped(catalogue):
    roles = set(catalogue.subjects(RDF.type, AIROLES.Role)) | {
        s for c in (AIROLES.GeneralistRole,) for s in catalogue.subjects(RDF.type, c)
    }
    assert len(roles) == ROLES
    skills = {
        s
        for s, _, o in catalogue.triples((None, RDF.type, None))
        if str(s).startswith("https://w3id.org/airoles/id/skill/")
    }
    assert len(skills) == Plan(ROLES).skills == round(4.5 * ROLES)
    links = Counter(catalogue.objects(None, AIROLES.requirementOf))
    assert set(links) == roles
    assert 12 <= min(links.values()) and max(links.values()) <= 18
    assert 13 <= sum(links.values()) / ROLES <= 17
    transitions = Counter(catalogue.objects(None, AIROLES.fromRole))
    assert 4 <= sum(transitions.values()) / ROLES <= 6
    kinds = set(catalogue.objects(None, AIROLES.transitionKind))
    assert kinds == {AIROLES.Promotion, AIROLES.LateralMove, AIROLES.CareerChange, AIROLES.ReturnToGeneralist}
    importances = Counter(catalogue.objects(None, AIROLES.importance))
    assert importances[AIROLES.Essential] and importances[AIROLES.Optional]


def test_every_role_has_missions_sectors_labels_and_every_fact_a_source(catalogue):
    roles = set(catalogue.subjects(RDF.type, AIROLES.Role))
    missions = Counter(catalogue.objects(None, AIROLES.missionOf))
    assert set(missions) == roles and min(missions.values()) >= 2
    sectors = Counter(catalogue.objects(None, AIROLES.opportunityFor))
    assert set(sectors) == roles
    assert set(catalogue.objects(None, AIROLES.inSector)) == set(catalogue.subjects(RDF.type, AIROLES.Sector))
    for node in {*roles, *catalogue.subjects(RDF.type, AIROLES.Sector)}:
        for prop in (RDFS.label, SKOS.prefLabel):
            assert {o.language for o in catalogue.objects(node, prop)} == {"fr", "en"}, (node, prop)
    sources = set(catalogue.subjects(RDF.type, AIROLES.SourceDocument))
    facts = (
        {s for s in catalogue.subjects(RDF.type, None) if str(s).startswith(ID_BASE)}
        - sources
        - set(catalogue.subjects(RDF.type, SKOS.ConceptScheme))
    )
    for fact in facts:
        assert set(catalogue.objects(fact, PROV.wasDerivedFrom)) <= sources, fact
        assert any(o.language == "fr" for o in catalogue.objects(fact, AIROLES.excerpt)), fact
    for node in catalogue.all_nodes():
        if isinstance(node, URIRef) and str(node).startswith(ID_BASE):
            assert IRI.fullmatch(str(node)), node


def test_conforms_to_our_shapes(catalogue):
    data = load_graph()
    for triple in catalogue:
        data.add(triple)
    report = validate_graph(data)
    assert report.passes(), [r for r in report.results if r.severity.endswith("Violation")][:3]


def test_careers_run_on_it(catalogue):
    index = CareerIndex.from_graph(catalogue)
    plan = Plan(ROLES, seed=7)
    start = plan.role(1)
    reach = index.reachable(start, max_hops=4)
    assert reach, "a synthetic role reaches other roles"
    target = reach[-1].role.iri
    found = index.paths(start, target, max_hops=4)
    assert found and len(found[0].steps) <= 4


def test_every_named_query_runs_on_it():
    data = bind_prefixes(Graph().parse(data=generate(ROLES, seed=7), format="nt"))
    inferred = with_inferences(data, materialise_rules(Graph().parse(paths.ONTOLOGY_FILE) + data))
    store = ox.Store()
    store.load(inferred.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    plan = Plan(ROLES, seed=7)
    answered = set()
    for query in named_queries():
        values = query_bindings(plan, query, store)
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in values.items()}
        if list(store.query(query.text, substitutions=subs, prefixes=default_prefixes())):
            answered.add(query.name)
    # The questions the catalogue has data for get answers about the synthetic roles.
    assert {
        "role-skills",
        "role-transitions",
        "role-missions",
        "role-sectors",
        "roles-with-skill",
        "skill-gap",
        "shared-skills",
        "role-destinations",
        "roles-eventually-becoming",
        "transitions-into-role",
        "sector-roles",
        "roles-in-family",
    } <= answered


def test_script_writes_a_file(tmp_path):
    out = tmp_path / "s.nt"
    done = subprocess.run(
        [
            sys.executable,
            str(paths.REPO_ROOT / "scripts" / "generate_synthetic.py"),
            "--roles",
            "12",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == generate(12, seed=1)


def test_script_refuses_a_bad_size(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(paths.REPO_ROOT / "scripts" / "generate_synthetic.py"),
            "--roles",
            "0",
            "--out",
            str(tmp_path / "x.nt"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "between 1 and" in done.stderr
    assert not (tmp_path / "x.nt").exists()
