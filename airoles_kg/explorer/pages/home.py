"""Home page: what airoles is, what the graph holds, and a link to each page."""

from __future__ import annotations

import streamlit as st

from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.widgets import anchor
from airoles_kg.profiles.counts import summary

PARAMS: tuple[str, ...] = ()
LINKED_PAGES = ("roles", "moves", "paths", "skills", "graph", "sparql", "downloads")


def render(lang: str) -> None:
    """Draw the home page."""
    st.title(t("home_title", lang))
    st.markdown(t("home_what", lang))
    counts = summary(resources.asserted())
    cols = st.columns(5)
    for col, key in zip(cols, ("roles", "skills", "missions", "transitions", "sources"), strict=True):
        col.metric(t(f"count_{key}", lang), counts[key])
    st.subheader(t("home_pages", lang))
    for page in LINKED_PAGES:
        st.markdown(
            f"- {anchor(urlstate.link(page, lang), t(f'page_{page}', lang))} — {t(f'about_{page}', lang)}",
            unsafe_allow_html=True,
        )
    st.caption(t("home_sources", lang))
