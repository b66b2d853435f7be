"""The synthetic catalogue: reproducible, shaped as documented, conforming to our shapes, usable."""

import subprocess
import sys
from collections import Counter

import pytest
from rdflib import RDF

from airoles import paths
from airoles.careers import CareerIndex
from airoles.loader import load_graph
from airoles.namespaces import AIROLES
from airoles.synthetic import Plan, generate, synthetic_graph
from airoles.validation import validate_graph

ROLES = 48


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


def test_conforms_to_our_shapes(catalogue):
    data = load_graph()
    for triple in catalogue:
        data.add(triple)
    report = validate_graph(data)
    assert report.conforms(strict=False), [r for r in report.results if r.severity.endswith("Violation")][:3]


def test_careers_run_on_it(catalogue):
    index = CareerIndex.from_graph(catalogue)
    plan = Plan(ROLES, seed=7)
    start = plan.role(1)
    reach = index.reachable(start, max_hops=4)
    assert reach, "a synthetic role reaches other roles"
    target = reach[-1].role.iri
    found = index.paths(start, target, max_hops=4)
    assert found and len(found[0].steps) <= 4


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
