"""Career paths, skill gaps, reachable roles and skill matching (airoles_kg.careers.index).

Ranking, cycles, entailed steps and scores are checked on a made-up fixture graph
(tests/fixtures/careers/careers.ttl, whose header lists the expected paths); what the articles state is
checked on the real knowledge base.
"""

import pickle
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from airoles_kg.careers.index import CareerIndex, load_index
from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.loader import load_graph, parse_rdf_file
from airoles_kg.core.namespaces import AIROLES, CAREER_TRANSITION, bind_prefixes
from airoles_kg.core.resolve import normalise

FIXTURE = Path(__file__).parent / "fixtures" / "careers" / "careers.ttl"
ID = "https://w3id.org/airoles/id/"


def role(slug: str) -> str:
    return f"{ID}role/{slug}"


def skill(slug: str) -> str:
    return f"{ID}skill/{slug}"


def slugs(path) -> list[str]:
    return [r.iri.rsplit("/", 1)[1] for r in path.roles]


def iris(skills) -> list[str]:
    return [s.iri for s in skills]


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    graph = parse_rdf_file(paths.ONTOLOGY_FILE)
    graph += parse_rdf_file(FIXTURE)
    return graph


@pytest.fixture(scope="module")
def idx(fixture_graph) -> CareerIndex:
    return CareerIndex.from_graph(fixture_graph)


# --- paths: ranking, cycles, hops ------------------------------------------------------------------------


def test_paths_are_ranked_by_hops_then_skill_gap(idx):
    found = idx.paths("role:analyste", "role:directeur")
    assert [(slugs(p), p.hops, p.skill_gap) for p in found] == [
        (["analyste", "chef", "directeur"], 2, 3),
        (["analyste", "architecte", "directeur"], 2, 4),
        (["analyste", "chercheur", "directeur"], 2, 7),
        # Fewer skills to acquire than the third path, but one more hop: ranked last.
        (["analyste", "chef", "architecte", "directeur"], 3, 4),
    ]


def test_cycles_do_not_loop_and_paths_are_simple(idx):
    # architecte -> analyste and chef -> analyste close cycles through the start.
    for start in ("analyste", "chef", "architecte"):
        for goal in ("analyste", "directeur", "generaliste", "chercheur"):
            if start == goal:
                continue
            for found in idx.paths(role(start), role(goal), max_hops=6):
                roles = slugs(found)
                assert len(roles) == len(set(roles)), roles
                assert roles[0] == start and roles[-1] == goal
    back = idx.paths("role:chef", "role:analyste")
    assert [slugs(p) for p in back] == [["chef", "analyste"], ["chef", "architecte", "analyste"]]


def test_max_hops_bounds_the_search(idx):
    assert len(idx.paths("role:analyste", "role:directeur", max_hops=2)) == 3
    assert idx.paths("role:analyste", "role:directeur", max_hops=1) == []
    with pytest.raises(AirolesError, match="at least 1"):
        idx.paths("role:analyste", "role:directeur", max_hops=0)


def test_no_path_where_none_is_stated(idx):
    assert idx.paths("role:directeur", "role:analyste") == []  # directeur has no outgoing transition
    assert idx.paths("role:analyste", "role:isole") == []


def test_same_start_and_goal_is_an_error(idx):
    with pytest.raises(AirolesError, match="both the start and the goal"):
        idx.paths("analyste de données", "data analyst")


def test_step_details_come_from_the_transition_node(idx):
    best = idx.paths("role:analyste", "role:directeur")[0]
    first = best.steps[0]
    assert first.transition == f"{ID}transition/analyste-chef"
    assert first.kind is not None and first.kind.iri == str(AIROLES.Promotion)
    assert first.kind.label == "évolution (promotion)"
    assert first.conditions == ["avec un MBA en part-time"]
    assert first.required_experience == ["solide expérience des données"]
    assert [(c.iri, c.label) for c in first.credentials] == [(f"{ID}credential/mba", "MBA")]
    assert {(s.iri.rsplit("/", 1)[1], s.title) for s in first.sources} == {
        ("article-test", "Les métiers de test"),
        ("article-autre", "Un autre article"),
    }
    assert first.excerpts == ["un ancien analyste peut évoluer vers un poste de chef de projet"]
    assert first.entailed is False and first.axiom is None
    english = idx.paths("role:analyste", "role:directeur", lang="en")[0].steps[0]
    assert english.conditions == ["with a part-time MBA"]
    assert english.kind.label == "promotion"
    assert english.from_role.label == "data analyst"


def test_skills_to_acquire_count_what_earlier_roles_gave(idx):
    three_hops = idx.paths("role:analyste", "role:directeur")[3]
    to_chef, to_architecte, to_directeur = three_hops.steps
    assert iris(to_chef.skills_to_acquire) == [skill("gestion-de-projet")]  # SQL counted once, essential
    # architecte asks for Python and SQL, which the analyst already has.
    assert iris(to_architecte.skills_to_acquire) == [skill("architecture")]
    # gestion de projet came with chef, communication too.
    assert set(iris(to_directeur.skills_to_acquire)) == {skill("management"), skill("strategie")}
    assert set(iris(to_directeur.optional_skills_to_acquire)) == {skill("ethique"), skill("sans-type")}
    assert three_hops.skill_gap == 4 and three_hops.optional_gap == 2


def test_an_untyped_transition_is_an_entailed_step_naming_the_axiom(idx):
    found = idx.paths("role:analyste", "role:generaliste")
    assert [slugs(p) for p in found] == [
        ["analyste", "architecte", "generaliste"],
        ["analyste", "chef", "generaliste"],
        ["analyste", "chef", "architecte", "generaliste"],
    ]
    entailed = found[0].steps[1]
    assert entailed.entailed is True
    assert entailed.transition == f"{ID}transition/architecte-generaliste"
    assert "rdfs:domain airoles:CareerTransition" in entailed.axiom
    assert entailed.kind.iri == str(AIROLES.ReturnToGeneralist)
    assert entailed.sources == []
    assert all(not s.entailed for s in found[1].steps)


def test_an_inferred_can_become_without_a_transition_node_is_entailed(fixture_graph):
    inferred = bind_prefixes(Graph())
    for triple in fixture_graph:
        inferred.add(triple)
    inferred.add((URIRef(role("isole")), AIROLES.canBecome, URIRef(role("chercheur"))))
    # Already backed by a transition node: not a second step.
    inferred.add((URIRef(role("analyste")), AIROLES.canBecome, URIRef(role("chef"))))
    idx = CareerIndex.from_graph(inferred, asserted=fixture_graph)
    (only,) = idx.paths("role:isole", "role:chercheur")
    (step,) = only.steps
    assert step.entailed is True and step.transition is None and step.kind is None
    assert "owl:propertyChainAxiom" in step.axiom and "airoles:hasOutgoingTransition" in step.axiom
    assert len(idx.paths("role:analyste", "role:chef", max_hops=1)) == 1
    # Without the inferred triple there is no such move.
    assert CareerIndex.from_graph(fixture_graph).paths("role:isole", "role:chercheur") == []


def random_career_graph(seed: int, roles: int = 9, transitions: int = 22) -> Graph:
    """A random graph of transitions (with cycles, self-free, some pairs doubled) between numbered roles."""
    import random

    rng = random.Random(seed)
    lines = [
        "@prefix airoles: <https://w3id.org/airoles/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        f"@prefix role: <{ID}role/> .",
        f"@prefix transition: <{ID}transition/> .",
    ]
    lines += [f'role:r{i} a airoles:Role ; skos:prefLabel "r{i}"@fr .' for i in range(roles)]
    for t in range(transitions):
        a, b = rng.sample(range(roles), 2)
        lines.append(
            f"transition:t{t} a airoles:CareerTransition ; "
            f"airoles:fromRole role:r{a} ; airoles:toRole role:r{b} ."
        )
    return bind_prefixes(Graph()).parse(data="\n".join(lines), format="turtle")


@pytest.mark.parametrize("seed", range(8))
def test_paths_are_exactly_the_simple_paths_within_the_bound(seed):
    """Cross-check against networkx's enumeration of simple paths (an independent implementation)."""
    import networkx as nx

    graph = random_career_graph(seed)
    idx = CareerIndex.from_graph(graph)
    multi = nx.MultiDiGraph()
    for t, _, a in graph.triples((None, AIROLES.fromRole, None)):
        multi.add_edge(str(a), str(graph.value(t, AIROLES.toRole)), key=str(t))
    for max_hops in (1, 2, 3, 4):
        for a in ("r0", "r1", "r2"):
            for b in ("r3", "r4", "r5"):
                ours = sorted(
                    tuple(s.transition for s in p.steps)
                    for p in idx.paths(f"role:{a}", f"role:{b}", max_hops)
                )
                expected = []
                if role(a) in multi and role(b) in multi:
                    for edges in nx.all_simple_edge_paths(multi, role(a), role(b), cutoff=max_hops):
                        expected.append(tuple(key for _, _, key in edges))
                assert ours == sorted(expected), (seed, a, b, max_hops)
                hops = [p.hops for p in idx.paths(f"role:{a}", f"role:{b}", max_hops)]
                assert hops == sorted(hops)


# --- gap ---------------------------------------------------------------------------------------------


def test_gap_groups_missing_skills_by_importance_then_kind(idx):
    gap = idx.gap("chef de projet IA", "directeur de l'IA")
    missing = {
        imp: {kind: iris(skills) for kind, skills in by_kind.items() if skills}
        for imp, by_kind in gap.missing.items()
    }
    assert missing == {
        "essential": {"hard": [skill("management")], "knowledge": [skill("strategie")]},
        "optional": {"knowledge": [skill("ethique")], "other": [skill("sans-type")]},
    }
    assert [(s.iri, s.importance_from, s.importance_to) for s in gap.shared] == [
        (skill("gestion-de-projet"), "essential", "essential"),
        (skill("communication"), "essential", "essential"),
    ]
    assert [s.iri for s in gap.missing_list()] == [
        skill("management"),
        skill("strategie"),
        skill("ethique"),
        skill("sans-type"),
    ]


def test_gap_uses_the_strongest_importance_and_tool_subclasses(idx):
    gap = idx.gap("role:directeur", "role:chef")
    # chef lists SQL twice (optional and essential): essential wins. ProgrammingLanguage is a Tool.
    assert iris(gap.missing["essential"]["tool"]) == [skill("sql")]
    assert iris(gap.missing["optional"]["tool"]) == [skill("python")]


def test_gap_of_a_role_without_skills_lists_everything(idx):
    gap = idx.gap("role:isole", "role:analyste")
    assert len(gap.missing_list("essential")) == 2 and gap.shared == []


# --- next (reachable) --------------------------------------------------------------------------------


def test_reachable_gives_fewest_hops_and_kinds(idx):
    reach = {r.role.iri.rsplit("/", 1)[1]: r for r in idx.reachable("analyste de données", lang="en")}
    assert {name: r.hops for name, r in reach.items()} == {
        "chef": 1,
        "architecte": 1,
        "chercheur": 1,
        "directeur": 2,
        "generaliste": 2,
    }
    assert reach["chef"].kinds == ["promotion"]
    assert reach["chercheur"].kinds == ["lateral move"]
    # Two shortest routes to generaliste; the stated one is preferred over the entailed one.
    assert [s.to_role.iri for s in reach["generaliste"].route] == [role("chef"), role("generaliste")]
    assert reach["generaliste"].kinds == ["promotion", "return to a generalist role"]
    assert [r.iri for r in reach["generaliste"].via] == [role("chef")]
    assert reach["generaliste"].entailed is False
    # From architecte, the only 1-hop move to generaliste is the entailed one.
    (entailed,) = [r for r in idx.reachable("role:architecte") if r.role.iri == role("generaliste")]
    assert entailed.hops == 1 and entailed.entailed is True and entailed.via == []
    assert "analyste" not in reach


def test_reachable_routes_are_paths_with_the_same_details(idx):
    """A route's steps (built on demand, sharing prefixes) are exactly those of the same path from paths()."""
    for start in ("analyste", "chef", "architecte", "chercheur"):
        for reach in idx.reachable(role(start), lang="en"):
            same_length = idx.paths(role(start), reach.role.iri, max_hops=reach.hops, lang="en")
            assert [s.to_dict() for s in reach.route] in [[s.to_dict() for s in p.steps] for p in same_length]
            assert reach.kinds == [s.kind.label if s.kind else None for s in reach.route]


def test_reachable_respects_max_hops_and_dead_ends(idx):
    assert {r.role.iri for r in idx.reachable("role:analyste", max_hops=1)} == {
        role("chef"),
        role("architecte"),
        role("chercheur"),
    }
    assert idx.reachable("role:directeur") == []


# --- match -------------------------------------------------------------------------------------------


def test_match_scores_essential_twice_as_much_as_optional(idx):
    found = idx.match(["Python", "sql", "Gestion de Projet"])
    assert [(m.role.iri.rsplit("/", 1)[1], round(m.score, 4)) for m in found] == [
        ("analyste", 0.8),  # (2*2 + 0) / (2*2 + 1)
        (
            "chef",
            round(5 / 7, 4),
        ),  # (2*2 + 1) / (2*3 + 1): SQL essential, Python optional, communication missing
        ("architecte", round(2 / 3, 4)),  # (2*2) / (2*3)
        ("directeur", 0.2),  # (2*1) / (2*4 + 2)
    ]
    chef = found[1]
    assert (chef.essential_covered, chef.essential_total, chef.optional_covered, chef.optional_total) == (
        2,
        3,
        1,
        1,
    )
    assert iris(chef.missing_essential) == [skill("communication")] and chef.missing_optional == []
    assert set(iris(chef.covered)) == {skill("python"), skill("sql"), skill("gestion-de-projet")}


def test_match_limit_min_score_and_no_cover(idx):
    assert len(idx.match(["python", "sql", "gestion de projet"], limit=2)) == 2
    assert [m.role.iri for m in idx.match(["python", "sql", "gestion de projet"], min_score=0.7)] == [
        role("analyste"),
        role("chef"),
    ]
    assert [m.role.iri for m in idx.match(["rédaction"])] == [role("chercheur")]
    with pytest.raises(AirolesError, match="at least one skill"):
        idx.match([])


def test_unknown_skill_lists_closest_matches(idx):
    with pytest.raises(AirolesError) as err:
        idx.match(["pyton"])
    assert err.value.exit_code == 2
    assert "unknown skill 'pyton'" in str(err.value) and "Python" in str(err.value)


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "chef de projet IA",
        "Chef de Projet IA",
        "CHEF DE PROJET ia",
        "AI project manager",
        "chef de projet en intelligence artificielle",  # altLabel
        "  chef   de projet ia ",
        "role:chef",
        f"<{ID}role/chef>",
        f"{ID}role/chef",
    ],
)
def test_role_names(idx, name):
    assert idx.resolve_role(name) == role("chef")


def test_an_index_read_back_from_its_pickle_resolves_the_same_names(idx):
    """The cached index keeps the names as strings and builds its name look-ups on first use."""
    assert idx.resolve_role("chef de projet IA") == role("chef")  # idx's look-ups are built now
    again = pickle.loads(pickle.dumps(idx))
    assert again == idx
    assert again.resolve_role("chef de projet IA") == role("chef")
    assert again.resolve_skill("ethique de l’ia") == skill("ethique")
    with pytest.raises(AirolesError, match="unknown role 'chef de projet i'.*chef de projet IA"):
        again.resolve_role("chef de projet i")


def test_accents_and_apostrophes_are_optional(idx):
    assert idx.resolve_role("directeur de l'ia") == role("directeur")
    assert idx.resolve_role("Chef de projet generaliste") == role("generaliste")
    assert idx.resolve_skill("ethique de l’ia") == skill("ethique")


def test_ambiguous_and_unknown_names(idx):
    with pytest.raises(AirolesError, match="ambiguous role name 'manager ia'") as err:
        idx.resolve_role("manager ia")
    assert role("chef") in str(err.value) and role("directeur") in str(err.value)
    with pytest.raises(AirolesError, match="Closest matches: directeur de l’IA") as err:
        idx.resolve_role("directer de l'ia")
    assert err.value.exit_code == 2
    with pytest.raises(AirolesError, match="unknown role IRI"):
        idx.resolve_role("role:nobody")
    with pytest.raises(AirolesError, match="unknown role"):
        idx.resolve_role("Python")  # a skill, not a role


def test_the_index_survives_pickling(idx):
    copy = pickle.loads(pickle.dumps(idx))
    assert [p.to_dict() for p in copy.paths("data analyst", "chief AI officer")] == [
        p.to_dict() for p in idx.paths("data analyst", "chief AI officer")
    ]
    assert copy.resolve_role("Chef de projet IA") == role("chef")


def test_json_shape(idx):
    step = idx.paths("role:analyste", "role:chef")[0].to_dict()["steps"][0]
    assert set(step) == {
        "transition",
        "from",
        "to",
        "kind",
        "conditions",
        "required_experience",
        "credentials",
        "suggested_credentials",
        "sources",
        "excerpts",
        "entailed",
        "axiom",
        "skills_to_acquire",
        "optional_skills_to_acquire",
    }
    assert set(step["skills_to_acquire"][0]) == {"iri", "label", "kind", "importance"}


# --- the real knowledge base: what the articles state ------------------------------------------------------

needs_transitions = pytest.mark.skipif(
    not (paths.KB_DIR / "transitions.ttl").is_file(), reason="ontology/kb/transitions.ttl not written yet"
)
needs_skills = pytest.mark.skipif(
    not (paths.KB_DIR / "skills.ttl").is_file(), reason="ontology/kb/skills.ttl not written yet"
)


@pytest.fixture(scope="module")
def kb() -> CareerIndex:
    return load_index()


@needs_transitions
def test_kb_transitions_out_of_chef_de_projet_ia_and_their_kinds(kb):
    out = {r.role.iri: r.route[0].kind.iri for r in kb.reachable("chef de projet IA", max_hops=1)}
    assert out == {
        role("directeur-ia"): str(AIROLES.Promotion),
        role("chief-data-officer"): str(AIROLES.Promotion),
        role("architecte-solutions-ia"): str(AIROLES.LateralMove),
        role("integrateur-ia"): str(AIROLES.LateralMove),
        role("chercheur-ia"): str(AIROLES.LateralMove),
        role("chef-de-projet-generaliste"): str(AIROLES.ReturnToGeneralist),
    }
    assert all(
        not r.route[0].entailed and r.route[0].sources for r in kb.reachable("chef de projet IA", max_hops=1)
    )


@needs_transitions
def test_kb_data_analyst_to_responsable_ia_with_its_mba(kb):
    found = kb.paths("data analyst", "responsable ia")
    assert found, "the article states that a data analyst can become responsable IA"
    best = found[0]
    assert best.hops == 1
    (step,) = best.steps
    assert step.kind.iri == str(AIROLES.Promotion)
    assert any("MBA" in text for text in step.conditions)
    # "un cursus spécialisé type MBA": an example, suggested, not a condition of the move.
    assert step.credentials == []
    assert any("mba" in c.iri for c in step.suggested_credentials)
    assert any("responsable IA" in s.title for s in step.sources)
    assert step.entailed is False


@needs_transitions
def test_kb_no_path_from_directeur_ia_to_data_analyst(kb):
    assert kb.paths("directeur de l'IA", "data analyst") == []


@needs_transitions
def test_kb_every_step_is_a_stated_transition():
    """No path is invented: every step of every route out of every role is a transition node of the KB."""
    asserted = load_graph()
    index = load_index()
    stated = {str(t) for t in asserted.subjects(None, None) if (t, None, CAREER_TRANSITION) in asserted}
    for start in sorted(index.out_edges):
        for reach in index.reachable(f"<{start}>"):
            for step in reach.route:
                assert step.transition in stated or step.entailed, step
                if not step.entailed:
                    t = URIRef(step.transition)
                    assert (t, AIROLES.fromRole, URIRef(step.from_role.iri)) in asserted
                    assert (t, AIROLES.toRole, URIRef(step.to_role.iri)) in asserted


@needs_transitions
@pytest.mark.parametrize(
    "name, slug",
    [
        ("Chef de Projet IA", "chef-de-projet-ia"),
        ("chef de projet ia", "chef-de-projet-ia"),
        ("AI project manager", "chef-de-projet-ia"),
        ("responsable ia", "responsable-ia"),
        ("Responsable IA", "responsable-ia"),
        ("directeur de l’IA", "directeur-ia"),
        ("chef de projet generaliste", "chef-de-projet-generaliste"),
    ],
)
def test_kb_role_names(kb, name, slug):
    assert kb.resolve_role(name) == role(slug)


@needs_skills
def test_kb_gap_chef_de_projet_ia_to_responsable_ia(kb):
    gap = kb.gap("chef de projet IA", "responsable IA")
    to_skills = kb.skills_of(role("responsable-ia"))
    from_skills = kb.skills_of(role("chef-de-projet-ia"))
    assert to_skills and from_skills, "the articles list skills for both roles"
    assert {s.iri for s in gap.missing_list()} == set(to_skills) - set(from_skills)
    assert {s.iri for s in gap.shared} == set(to_skills) & set(from_skills)
    essential_first = [s.importance for s in gap.missing_list()]
    assert essential_first == sorted(essential_first, key=lambda imp: imp != "essential")


@needs_skills
def test_kb_match_python_sql_project_management_ranks_chef_de_projet_ia_first(kb):
    found = kb.match(["Python", "SQL", "gestion de projet"])
    assert found[0].role.iri == role("chef-de-projet-ia"), [(m.role.label, m.score) for m in found[:5]]
    assert normalise(found[0].role.label) == "chef de projet ia"
