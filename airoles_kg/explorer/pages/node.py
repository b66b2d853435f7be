"""A page for any node of the knowledge base but a role (roles have their card): a skill, a sector, an
employer, an organisation model, a degree, a source... at ``/node?id=skill/python``.

It shows the node's names and texts, the roles it concerns (with the fact that ties them: *essential*,
*optional*...), its ESCO concepts, every link to other nodes (each name opens its page) and the articles'
words behind it. An unknown ``id`` says so and offers the closest names.
"""

from __future__ import annotations

import streamlit as st

from airoles_kg.core.namespaces import ID_BASE
from airoles_kg.explorer import navigation, resources, urlstate
from airoles_kg.explorer.i18n import STRINGS, t
from airoles_kg.explorer.widgets import facts_expander, iri_line, texts
from airoles_kg.profiles.literals import pick
from airoles_kg.profiles.model import Term
from airoles_kg.profiles.node import Link, NodeView, RoleLink

PAGE = "node"
PARAMS = ("id",)


def render(lang: str) -> None:
    """Draw the page of the node named by ``?id=``."""
    value = urlstate.param("id")
    if not value:
        st.header(t("page_node", lang))
        st.info(t("node_missing", lang))
        return
    iri = value if "://" in value else ID_BASE + value.strip("/")
    view = resources.node_view(iri)
    if not view.known:
        _unknown(value, lang)
        return
    if view.kind == "role":  # a role's page is its card
        navigation.go_to(iri, view.label(lang), lang)
        return
    _header(view, lang)
    if view.roles:
        _roles(view.roles, view.kind, lang)
    if view.esco:
        st.subheader(t("node_esco", lang))
        layer = resources.esco_layer()
        for prop, concept in view.esco:
            name = layer.label(concept, lang) if layer is not None else concept
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption(_prop_name(prop, lang))
                navigation.go_to(concept, name, lang)
    shown = {str(role.via.iri) for role in view.roles if role.via is not None}  # facts told as roles above
    others = [link for link in view.links if link.kind != "role" and str(link.node.iri) not in shown]
    if others:
        st.subheader(t("node_links", lang))
        _links(others, lang)
    if view.values:
        st.subheader(t("node_values", lang))
        for prop, values in view.values:
            sep = " : " if lang == "fr" else ": "
            st.markdown(f"**{_prop_name(prop, lang)}**{sep}" + " · ".join(texts(values, lang)))
    facts_expander(t("node_sources", lang), [(view.label(lang), view.provenance)], lang)
    iri_line(str(view.iri), lang, t("node_iri", lang))


def _header(view: NodeView, lang: str) -> None:
    st.header(view.label(lang))
    kinds = [t(f"kind_{view.kind}", lang)] if view.kind else []
    kinds += [term.label(lang) for term in view.types if term.label(lang) not in kinds]
    st.markdown(" ".join(f":blue-badge[{k}]" for k in kinds))
    other = pick(view.labels, "en" if lang == "fr" else "fr")
    alt = texts(view.alt_labels, lang)
    names = [n for n in [other if other != view.label(lang) else None, *alt] if n]
    if names:
        st.caption(f"{t('also_known_as', lang)} " + " · ".join(names))
    definition = pick(view.definitions, lang)
    if definition:
        st.markdown(definition)
    for note in texts(view.notes, lang):
        st.markdown(f"*{note}*")


def _roles(roles: list[RoleLink], kind: str | None, lang: str) -> None:
    st.subheader(t("node_roles_skill" if kind == "skill" else "node_roles", lang))
    for role in roles:
        left, right = st.columns([2, 3], vertical_alignment="center")
        with left:
            navigation.go_to(str(role.role.iri), role.role.label(lang), lang)
        how = [q.label(lang) for q in role.qualifiers]
        if role.via is not None:
            quoted = f"« {role.via.label(lang)} »" if lang == "fr" else f"“{role.via.label(lang)}”"
            how.append(f"{t('via', lang)} {t(f'kind_{role.via_kind}', lang)} {quoted}")
        else:
            how.append(t("node_direct", lang))
        right.caption(" · ".join(how))


def _links(links: list[Link], lang: str) -> None:
    """Links grouped by property and direction: ``property: name, name...`` (each name opens its page)."""
    groups: dict[tuple[str, bool], list[Link]] = {}
    for link in links:
        groups.setdefault((str(link.prop.iri), link.forward), []).append(link)
    for group in groups.values():
        first = group[0]
        arrow = "→" if first.forward else "←"
        st.markdown(f"**{_prop_name(first.prop, lang)}** {arrow}")
        navigation.links_row([(str(link.node.iri), link.node.label(lang)) for link in group], lang)


def _prop_name(prop: Term, lang: str) -> str:
    """A property's label; one of another vocabulary (named by its CURIE) in the interface's words."""
    name = prop.label(lang)
    return t(f"prop_{name}", lang) if f"prop_{name}" in STRINGS else name


def _unknown(value: str, lang: str) -> None:
    st.header(t("page_node", lang))
    st.warning(t("node_none", lang, id=value))
    navigation.closest(value.rsplit("/", 1)[-1], lang)
