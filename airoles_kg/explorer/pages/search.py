"""Search page: one box for anything (our roles, skills, sectors, employers, education... and ESCO's
occupations and skills), the same words and ranking as ``airoles search``; each result opens its page."""

from __future__ import annotations

import streamlit as st

from airoles_kg.core.search import Hit
from airoles_kg.explorer import navigation, resources, urlstate
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.widgets import percent

PAGE = "search"
PARAMS = ("q", "in")
SHOWN = 30
SCOPES: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "ours": None,  # every kind but ESCO's: filled in below
    "esco-occupations": ("esco-occupation",),
    "esco-skills": ("esco-skill",),
}
_SCOPE_KEYS = {
    "all": "scope_all",
    "ours": "scope_ours",
    "esco-occupations": "scope_esco_occupations",
    "esco-skills": "scope_esco_skills",
}


def _kinds(scope: str) -> tuple[str, ...] | None:
    if scope == "ours":
        return tuple(k for k in resources.search_index().kinds() if not k.startswith("esco-"))
    return SCOPES.get(scope)


def render(lang: str) -> None:
    """Draw the Search page."""
    st.header(t("search_title", lang))
    if "search_q" not in st.session_state or urlstate.url_changed("q"):
        st.session_state["search_q"] = urlstate.param("q") or ""
    urlstate.init_state("search_in", list(SCOPES), lambda: urlstate.param("in"), default="all", name="in")
    query = st.text_input(
        t("search_words", lang), key="search_q", placeholder=t("search_words_hint", lang)
    ).strip()
    scope = (
        st.segmented_control(
            t("search_scope", lang),
            list(SCOPES),
            key="search_in",
            format_func=lambda s: t(_SCOPE_KEYS[s], lang),
            selection_mode="single",
        )
        or "all"
    )
    st.caption(t("search_help", lang))
    urlstate.set_params(q=query or None, **{"in": None if scope == "all" else scope})
    if not query:
        st.info(t("search_start", lang))
        return
    hits = resources.search_index().search(query, limit=SHOWN, kinds=_kinds(scope), lang=lang)
    if not hits:
        st.warning(t("search_none", lang, q=query))
        return
    st.caption(t("search_found_one", lang) if len(hits) == 1 else t("search_found", lang, n=len(hits)))
    for hit in hits:
        _hit(hit, lang)


def _hit(hit: Hit, lang: str) -> None:
    """One result: a link to its page, its kind, and how it matched when not by its label."""
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        navigation.go_to(hit.iri, hit.label, lang)
    notes = [t(f"kind_{hit.kind}", lang)]
    if hit.name != hit.label:
        notes.append(t("matched_as", lang, name=hit.name))
    if hit.score < 1:
        notes.append(t("words_found", lang, p=percent(hit.score, lang)))
    right.caption(" · ".join(notes))
