"""The explorer's frame: language switch, search box and page menu in the sidebar, routing.

Pages are modules with ``render(lang)`` and ``PARAMS`` (their query parameters), run as Streamlit pages
(``st.navigation``): each has a URL path (``/roles?role=chef-de-projet-ia&lang=en``), links between them
move inside the app (:mod:`airoles_kg.explorer.navigation`), and Back and Forward work. Pages that show one
thing (a node, an ESCO concept) are hidden from the menu: one reaches them by a link or the search.
Addresses of the first version (``?page=roles&role=...``) still open the page they named.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from airoles_kg.core.errors import AirolesError
from airoles_kg.explorer import navigation, urlstate
from airoles_kg.explorer.i18n import LANGS, t
from airoles_kg.explorer.pages import (
    downloads,
    esco,
    graph,
    home,
    moves,
    node,
    paths,
    roles,
    search,
    skills,
    sparql,
)

PAGES: dict[str, ModuleType] = {
    "home": home,
    "search": search,
    "roles": roles,
    "moves": moves,
    "paths": paths,
    "skills": skills,
    "graph": graph,
    "sparql": sparql,
    "downloads": downloads,
    "node": node,
    "esco": esco,
}
HIDDEN = frozenset({"node", "esco"})  # one thing each: reached by links and the search
ICONS = {
    "home": ":material/home:",
    "search": ":material/search:",
    "roles": ":material/badge:",
    "moves": ":material/trending_up:",
    "paths": ":material/route:",
    "skills": ":material/checklist:",
    "graph": ":material/hub:",
    "sparql": ":material/terminal:",
    "downloads": ":material/download:",
}
SHOWN_PAGE = "_shown_page"
LANG_SCRIPT = "<script>document.documentElement.lang = {lang!r};</script>"
# Streamlit 1.67's page links push two history entries: the new query string on the current page's path
# (``/roles?id=...``), then the new page (``/node?id=...``); Back then lands on the first, a page with the
# wrong parameters. This keeps one entry per move: a push that follows a query-only push (same path) within
# 2 s replaces it. (A bare time window of 300 ms was too short on a loaded machine: the second push waits for
# the server to start the new page.)
HISTORY_SCRIPT = """<script>(function () {
  if (window.__airolesHistory) return;
  window.__airolesHistory = true;
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  let last = 0, queryOnly = false;
  history.pushState = function (state, title, url) {
    const now = Date.now(), quick = queryOnly && now - last < 2000;
    const target = new URL(url == null ? location.href : String(url), location.href);
    queryOnly = !quick && target.pathname === location.pathname;
    last = now;
    return (quick ? replace : push)(state, title, url);
  };
})();</script>"""


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
    if (
        urlstate.param("lang") is not None or lang != "fr"
    ):  # French needs no parameter: no extra history entry
        urlstate.set_params(lang=lang)
    return lang


def _runner(name: str, lang: str) -> Callable[[], None]:
    module = PAGES[name]

    def run() -> None:
        st.session_state[SHOWN_PAGE] = name  # which page this run shows (tests read it)
        urlstate.keep_only(*module.PARAMS)  # another page's choices do not belong in this URL
        module.render(lang)

    run.__name__ = f"page_{name}"  # Streamlit tells callable pages apart by their name
    return run


def _pages(lang: str) -> dict[str, StreamlitPage]:
    return {
        name: st.Page(
            _runner(name, lang),
            title=t(f"page_{name}", lang),
            icon=ICONS.get(name),
            url_path=name,
            default=name == urlstate.HOME,
            visibility="hidden" if name in HIDDEN else "visible",
        )
        for name in PAGES
    }


def _search_box(lang: str) -> None:
    """The sidebar's search: pressing Enter opens the search page with the words typed."""

    def submit() -> None:
        words = st.session_state.get("sidebar_search", "").strip()
        if words:
            st.session_state["search_goto"] = words

    st.sidebar.text_input(
        t("search_anything", lang),
        key="sidebar_search",
        placeholder=t("search_anything_hint", lang),
        on_change=submit,
    )


def main() -> None:
    """Run one pass of the explorer (Streamlit reruns this on every interaction)."""
    st.set_page_config(page_title="airoles", page_icon="🧭", layout="wide")
    lang = _language()
    pages = _pages(lang)
    navigation.register(pages)
    current = st.navigation(list(pages.values()), position="sidebar")
    legacy = urlstate.param("page")  # a first-version address: ?page=roles&role=...
    if legacy in pages and current is not pages[legacy]:
        kept = {k: st.query_params.get_all(k) for k in st.query_params if k != "page"}
        st.switch_page(pages[legacy], query_params=kept)
    if "page" in st.query_params:
        del st.query_params["page"]
    wanted = st.session_state.pop("search_goto", None)
    if wanted:
        st.switch_page(pages["search"], query_params={"lang": lang, "q": wanted})
    _search_box(lang)
    st.sidebar.caption(t("sidebar_about", lang))
    # The page's language for screen readers and translators: Streamlit writes <html lang="en">.
    st.html(LANG_SCRIPT.format(lang=lang) + HISTORY_SCRIPT, unsafe_allow_javascript=True)
    try:
        # No graph is loaded before the page starts: it draws its title at once, and the first thing that
        # needs the graph loads it (once per process, with a spinner).
        current.run()
    except AirolesError as exc:  # a broken knowledge-base file, ...: say which, never a traceback
        st.error(t("error", lang, message=str(exc)))
