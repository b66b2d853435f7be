"""The explorer's frame: language switch and page menu in the sidebar, URL query parameters, routing.

Pages are modules with ``render(lang)`` and ``PARAMS`` (their query parameters). The page menu is a
sidebar radio bound to ``?page=``; changing page drops the previous page's parameters from the URL.
"""

from __future__ import annotations

from types import ModuleType

import streamlit as st

from airoles_kg.core.errors import AirolesError
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import LANGS, t
from airoles_kg.explorer.pages import downloads, graph, home, moves, paths, roles, skills, sparql

PAGES: dict[str, ModuleType] = {
    "home": home,
    "roles": roles,
    "moves": moves,
    "paths": paths,
    "skills": skills,
    "graph": graph,
    "sparql": sparql,
    "downloads": downloads,
}


def _language() -> str:
    urlstate.init_state("lang", list(LANGS), lambda: urlstate.param("lang"), default="fr")
    previous = st.session_state.get(urlstate.SHOWN_LANG)
    chosen = st.sidebar.segmented_control(
        "Langue / Language",
        list(LANGS),
        key="lang",
        format_func=lambda code: LANGS[code],
        selection_mode="single",
    )
    lang = chosen or previous or "fr"  # clicking the chosen option again empties a segmented control
    if previous not in (None, lang):
        urlstate.carry_over_language(previous, lang)
    st.session_state[urlstate.SHOWN_LANG] = lang
    urlstate.set_params(lang=lang)
    return lang


def _page(lang: str) -> str:
    urlstate.init_state(urlstate.wkey("page"), list(PAGES), lambda: urlstate.param("page"), default="home")
    page = st.sidebar.radio(
        t("menu", lang), list(PAGES), key=urlstate.wkey("page"), format_func=lambda p: t(f"page_{p}", lang)
    )
    if st.session_state.get("_shown_page") not in (None, page):
        urlstate.keep_only(*PAGES[page].PARAMS)  # the previous page's choices do not belong in this URL
    st.session_state["_shown_page"] = page
    urlstate.set_params(page=page)
    return page


def main() -> None:
    """Run one pass of the explorer (Streamlit reruns this on every interaction)."""
    st.set_page_config(page_title="airoles", page_icon="🧭", layout="wide")
    lang = _language()
    page = _page(lang)
    st.sidebar.caption(t("sidebar_about", lang))
    try:
        with st.spinner(t("loading_graph", lang)):
            resources.graphs()
        PAGES[page].render(lang)
    except AirolesError as exc:  # a broken knowledge-base file, ...: say which, never a traceback
        st.error(t("error", lang, message=str(exc)))
