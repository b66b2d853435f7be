"""The page of any knowledge-base node (:mod:`airoles_kg.profiles.node`): a skill, a sector, an organisation
model... with the roles it concerns, through the facts that tie them, and its links both ways."""

import pytest
from rdflib import Graph, URIRef

from airoles_kg.careers.index import career_graphs
from airoles_kg.core.loader import load_graph
from airoles_kg.core.namespaces import id_iri
from airoles_kg.profiles.node import NodeView, node_view


@pytest.fixture(scope="module")
def inferred() -> Graph:
    return career_graphs()[0]


def roles_of(view: NodeView) -> dict[str, tuple[str | None, list[str]]]:
    """Role slug -> (kind of the fact that ties it, the fact's qualifiers in French)."""
    return {
        str(r.role.iri).rsplit("/", 1)[-1]: (r.via_kind, [q.label("fr") for q in r.qualifiers])
        for r in view.roles
    }


def test_a_skill_lists_the_roles_that_need_it_and_how(inferred) -> None:
    view = node_view(inferred, id_iri("skill", "python"))
    assert view.kind == "skill" and view.label("fr") == "Python" and view.known
    # The chef de projet IA needs Python as an optional skill; the inferred shortcut is not a second entry.
    assert roles_of(view)["chef-de-projet-ia"] == ("requirement", ["optionnelle"])
    assert len([r for r in view.roles if str(r.role.iri).endswith("chef-de-projet-ia")]) == 1
    assert [c for _, c in view.esco] == [
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    ]
    taught = [link.node.label("fr") for link in view.links if not link.forward and link.kind == "credential"]
    assert taught == ["Bachelor de la Guardia School"]  # a programme teaches it: not a requirement


def test_the_same_view_from_the_asserted_and_the_inferred_graph() -> None:
    inferred, asserted = career_graphs()
    for slug in ("python", "gestion-de-projet"):
        a, b = node_view(asserted, id_iri("skill", slug)), node_view(inferred, id_iri("skill", slug))
        assert roles_of(a) == roles_of(b)


def test_a_sector_and_an_organisation_model(inferred) -> None:
    banking = node_view(inferred, id_iri("sector", "banque"))
    assert roles_of(banking)["chef-de-projet-ia"][0] == "opportunity"
    assert ("skos:broader", "finance") in [
        (link.prop.label("fr"), link.node.label("fr")) for link in banking.links
    ]
    hub = node_view(inferred, id_iri("orgmodel", "data-hub"))
    direct = {slug for slug, (via, _) in roles_of(hub).items() if via is None}
    assert {"data-scientist", "data-engineer", "data-architect"} <= direct
    size = dict((p.label("fr"), v) for p, v in hub.values)["taille cible"]
    assert size == {"": ["30"]}


def test_an_unknown_iri_is_an_empty_view() -> None:
    view = node_view(load_graph(), URIRef("https://w3id.org/airoles/id/skill/no-such-skill"))
    assert not view.known and view.roles == [] and view.links == []
