"""Home page: what airoles is, a search box for anything, what the graph holds, and a link to each page."""

from __future__ import annotations

import streamlit as st

from airoles_kg.explorer import navigation, resources
from airoles_kg.explorer.i18n import t
from airoles_kg.profiles.counts import summary

PARAMS: tuple[str, ...] = ()
LINKED_PAGES = ("search", "roles", "moves", "paths", "skills", "graph", "sparql", "downloads")


def render(lang: str) -> None:
    """Draw the home page."""
    st.title(t("home_title", lang))
    st.markdown(t("home_what", lang))
    with st.form("home_search", border=False, enter_to_submit=True):
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        words = left.text_input(t("search_words", lang), placeholder=t("search_words_hint", lang))
        if right.form_submit_button(t("search_anything", lang), icon=":material/search:"):
            if words.strip():
                st.session_state["search_goto"] = words.strip()
                st.rerun()
    counts = summary(resources.asserted())
    cols = st.columns(5)
    for col, key in zip(cols, ("roles", "skills", "missions", "transitions", "sources"), strict=True):
        col.metric(t(f"count_{key}", lang), counts[key])
    st.header(t("home_pages", lang))
    for page in LINKED_PAGES:
        left, right = st.columns([1, 3], vertical_alignment="center")
        with left:
            navigation.go(page, t(f"page_{page}", lang), lang)
        right.caption(t(f"about_{page}", lang))
    st.caption(t("home_sources", lang))
