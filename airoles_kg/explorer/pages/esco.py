"""A page for any ESCO concept, at ``/esco?id=occupation/<uuid>`` or ``/esco?id=skill/<uuid>``: what ESCO
says of it (told apart from the articles), and how it meets our roles.

An occupation: its code, ISCO-08 group, description, essential and optional skills, and the AI roles
closest to it by skill overlap (:mod:`airoles_kg.careers.moves`, the ``airoles next --from`` ranking). A
skill: its broader concepts, the ESCO occupations that need it, our skills mapped to it and our roles that
need it through ESCO.
"""

from __future__ import annotations

import streamlit as st
from rdflib import URIRef

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import ESCO_BASE
from airoles_kg.esco.layer import EscoLayer
from airoles_kg.explorer import navigation, resources, urlstate
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.widgets import iri_line, percent
from airoles_kg.profiles.reader import MATCH_PROPERTIES

PAGE = "esco"
PARAMS = ("id",)
SKILLS_SHOWN = 40
ROLES_SHOWN = 5
OCCUPATIONS_SHOWN = 30
PORTAL = "https://esco.ec.europa.eu/en/classification/{kind}?uri={iri}"


def render(lang: str) -> None:
    """Draw the page of the ESCO concept named by ``?id=``."""
    layer = resources.esco_layer()
    value = (urlstate.param("id") or "").strip("/")
    iri = value if "://" in value else ESCO_BASE + value
    concept = layer.concept(iri) if layer is not None else None
    if not value:
        st.header(t("page_esco", lang))
        st.info(t("node_missing", lang))
        return
    if layer is None or concept is None:
        st.header(t("page_esco", lang))
        st.warning(t("esco_unknown", lang, id=value) if layer is not None else t("no_esco", lang))
        return
    st.header(concept.label(lang))
    kind = "esco-occupation" if iri in layer.occupations else "esco-skill"
    badges = [t(f"kind_{kind}", lang)]
    if concept.label_lang(lang) != lang:
        badges.append(f"{t('label_in', lang)} {concept.label_lang(lang)}")
    st.markdown(" ".join(f":violet-badge[{b}]" for b in badges))
    st.caption(t("esco_told_apart", lang))
    alt = concept.alt_labels.get(lang) or concept.alt_labels.get("en") or []
    if alt:
        st.caption(f"{t('also_known_as', lang)} " + " · ".join(alt[:12]))
    if kind == "esco-occupation":
        _occupation(layer, iri, lang)
    else:
        _skill(layer, iri, lang)
    portal = PORTAL.format(kind="occupation" if kind == "esco-occupation" else "skill", iri=iri)
    st.page_link(portal, label=t("esco_on_portal", lang), icon=":material/open_in_new:")
    iri_line(iri, lang)


def _occupation(layer: EscoLayer, iri: str, lang: str) -> None:
    concept = layer.occupations[iri]
    facts = []
    if concept.code:
        facts.append(f"{t('esco_code', lang)} `{concept.code}`")
    group = layer.groups.get(layer.isco.get(iri, ""))
    if group is not None:
        facts.append(f"{t('esco_isco', lang)} `{group.code}` {group.label(lang)}")
    if facts:
        st.markdown(" · ".join(facts))
    description = concept.descriptions.get(lang) or concept.descriptions.get("en")
    if description:
        st.markdown(description)
    _closest_roles(iri, lang)
    skills = layer.skills_of(iri)
    for importance, key in (("essential", "esco_occ_essential"), ("optional", "esco_occ_optional")):
        found = sorted(
            (s for s, imp in skills.items() if imp == importance), key=lambda s: layer.label(s, lang)
        )
        if found:
            st.subheader(t(key, lang, n=len(found)))
            navigation.links_row([(s, layer.label(s, lang)) for s in found[:SKILLS_SHOWN]], lang)
            if len(found) > SKILLS_SHOWN:
                st.caption(t("and_more", lang, n=len(found) - SKILLS_SHOWN))


def _closest_roles(iri: str, lang: str) -> None:
    """The AI roles this occupation leads to best, by ESCO skill overlap, with a link to every move."""
    moves = resources.career_moves()
    if moves is None:
        return
    try:
        ranking = moves.moves(iri, lang=lang, limit=ROLES_SHOWN)
    except AirolesError:
        return
    if not ranking.moves:
        return
    st.subheader(t("esco_closest_roles", lang))
    for move in ranking.moves:
        left, right = st.columns([2, 3], vertical_alignment="center")
        with left:
            navigation.go_to(move.target.iri, move.target.label, lang)
        right.caption(
            t("score_pct", lang, p=percent(move.score, lang)) if move.scored else t("not_scored", lang)
        )
    navigation.go("moves", t("esco_all_moves", lang), lang, icon=":material/trending_up:", **{"from": iri})


def _skill(layer: EscoLayer, iri: str, lang: str) -> None:
    parents = sorted(layer.parents.get(iri, ()), key=lambda p: layer.label(p, lang))
    if parents:
        st.markdown(f"**{t('esco_parents', lang)}**")
        navigation.links_row([(p, layer.label(p, lang)) for p in parents if layer.concept(p)], lang)
    graph = resources.inferred()
    ours = sorted(
        {
            str(s)
            for prop in MATCH_PROPERTIES
            for s in graph.subjects(prop, URIRef(iri))
            if isinstance(s, URIRef)
        }
    )
    if ours:
        st.subheader(t("esco_skill_ours", lang))
        navigation.links_row([(s, resources.label(s, lang)) for s in ours], lang)
    moves = resources.career_moves()
    if moves is not None:
        roles = [r for r in sorted(moves.index.roles) if iri in moves.profile(r)]
        if roles:
            st.subheader(t("esco_skill_roles", lang))
            navigation.links_row([(r, moves.index.label(r, lang)) for r in roles], lang)
    needing = resources.occupations_needing(iri)
    if needing:
        st.subheader(t("esco_skill_occupations", lang, n=len(needing)))
        shown = sorted(needing, key=lambda o: (needing[o] != "essential", layer.label(o, lang)))
        navigation.links_row([(o, layer.label(o, lang)) for o in shown[:OCCUPATIONS_SHOWN]], lang)
        if len(needing) > OCCUPATIONS_SHOWN:
            st.caption(t("and_more", lang, n=len(needing) - OCCUPATIONS_SHOWN))
