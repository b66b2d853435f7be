"""The explorer's expensive objects, built once per server process and shared by every session.

``st.cache_resource`` keeps the loaded graph, the inferred graph, the career index and the role list
across reruns. Which graph is the inferred one is decided by :func:`airoles_kg.careers.index.career_graphs`
(the reasoner's output when :mod:`airoles_kg.reasoning.inference` is present, else the asserted graph).
"""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st
from rdflib import Graph, URIRef

from airoles_kg.careers.index import CareerIndex, career_graphs
from airoles_kg.careers.moves import CareerMoves
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import ROLE
from airoles_kg.core.resolve import label as node_label
from airoles_kg.core.resolve import resolve
from airoles_kg.core.search import SearchIndex
from airoles_kg.esco.layer import EscoLayer, load_layer
from airoles_kg.explorer import urlstate
from airoles_kg.profiles.node import NodeView
from airoles_kg.profiles.node import node_view as read_node
from airoles_kg.profiles.profile import RoleSummary, list_roles
from airoles_kg.profiles.search import search_index as build_search_index


@st.cache_resource(show_spinner="Chargement du graphe de connaissances… / Loading the knowledge graph…")
def graphs() -> tuple[Graph, Graph]:
    """``(inferred, asserted)`` graphs of the ontology and knowledge base."""
    return career_graphs()


def inferred() -> Graph:
    """The asserted triples plus what the reasoner entails."""
    return graphs()[0]


def asserted() -> Graph:
    """The triples of the Turtle files, as written."""
    return graphs()[1]


@st.cache_resource(show_spinner=False)
def career_index() -> CareerIndex:
    """Transitions and skill requirements indexed for paths, gaps and matches."""
    graph, stated = graphs()
    return CareerIndex.from_graph(graph, stated)


@st.cache_resource(show_spinner=False)
def esco_layer() -> EscoLayer | None:
    """ESCO's occupations and skills (the user's import, else the layer shipped with airoles), or None."""
    return load_layer()


@st.cache_resource(show_spinner=False)
def career_moves() -> CareerMoves | None:
    """Skill-based moves between our roles and ESCO's occupations (None without an ESCO layer)."""
    layer = esco_layer()
    return CareerMoves(career_index(), layer) if layer is not None else None


@st.cache_resource(show_spinner=False)
def roles() -> list[RoleSummary]:
    """Every role with its labels, families and sectors (for search and filters)."""
    return list_roles(inferred())


def role_from_value(value: str | None, known: Collection[str]) -> str | None:
    """A role IRI from a URL value (slug, label, IRI or CURIE), or None when it names no known role."""
    if not value:
        return None
    iri = urlstate.unslug(value, "role")
    if iri in known:
        return iri
    try:
        iri = str(resolve(inferred(), value, ROLE))
    except AirolesError:
        return None
    return iri if iri in known else None


@st.cache_resource(show_spinner=False)
def search_index() -> SearchIndex:
    """The word index of the knowledge base and ESCO (:mod:`airoles_kg.profiles.search`), the CLI's."""
    return build_search_index(asserted(), esco=esco_layer() is not None)


@st.cache_resource(show_spinner=False, max_entries=512)
def node_view(iri: str) -> NodeView:
    """What the graph says about one node (its page), read once per node and process."""
    return read_node(inferred(), URIRef(iri))


@st.cache_resource(show_spinner=False)
def _skill_occupations() -> dict[str, dict[str, str]]:
    """ESCO skill -> the occupations that need it and how (``essential`` or ``optional``)."""
    layer = esco_layer()
    found: dict[str, dict[str, str]] = {}
    if layer is None:
        return found
    for table, importance in ((layer.optional, "optional"), (layer.essential, "essential")):
        for occupation, skills in table.items():
            for skill in skills:
                found.setdefault(skill, {})[occupation] = importance
    return found


def occupations_needing(skill: str) -> dict[str, str]:
    """The ESCO occupations that need ``skill``: occupation IRI -> ``essential`` or ``optional``."""
    return _skill_occupations().get(skill, {})


def label(iri: str, lang: str) -> str:
    """The label of a node of our graph in ``lang`` (:func:`airoles_kg.core.resolve.label`)."""
    return node_label(inferred(), URIRef(iri), lang)
