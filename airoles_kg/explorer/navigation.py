"""The explorer's pages as Streamlit pages (``st.navigation``): each has its own URL path (``/roles``,
``/node``...), and moving between them with :func:`go` stays in the running app, without reloading it.

The page objects are made anew on every run (their titles follow the language) and registered here, so
that any module can link to a page by its name without importing it. Which page shows an IRI is decided by
:func:`route`, the one place that maps nodes to pages.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from airoles_kg.core.namespaces import ESCO_BASE
from airoles_kg.core.search import kind_of
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t

_PAGES: dict[str, StreamlitPage] = {}
SUGGESTED = 5  # closest names offered for an unknown one


def register(pages: dict[str, StreamlitPage]) -> None:
    """Record this run's page objects by name."""
    _PAGES.clear()
    _PAGES.update(pages)


def route(iri: str) -> tuple[str, dict[str, str]] | None:
    """The page that shows ``iri`` and its URL parameters: a role's card, a knowledge-base node's page, an
    ESCO concept's page; None for anything else (an outside web page)."""
    kind = kind_of(iri)
    if kind == "role":
        return "roles", {"role": urlstate.slug(iri, "role")}
    if kind is not None:
        return "node", {"id": iri[len(urlstate.ID_BASE) :]}
    if iri.startswith(ESCO_BASE):
        return "esco", {"id": iri[len(ESCO_BASE) :]}
    return None


def href(iri: str, lang: str) -> str:
    """The URL of the page showing ``iri`` (the IRI itself when no page of ours shows it)."""
    found = route(iri)
    return urlstate.link(found[0], lang, **found[1]) if found else iri


def go(
    page: str,
    label: str,
    lang: str,
    icon: str | None = None,
    help: str | None = None,  # noqa: A002 - Streamlit's own name for a tooltip
    **params: str | Sequence[str],
) -> None:
    """A link to ``page`` with ``params`` that moves there inside the app (no reload); ``help`` is its
    tooltip."""
    query: dict[str, str | list[str]] = {"lang": lang}
    for name, value in params.items():
        values = [value] if isinstance(value, str) else [v for v in value if v]
        if values and values[0]:
            query[name] = values[0] if isinstance(value, str) else values
    target = _PAGES.get(page)
    if target is None:  # outside a run of the app (a page rendered on its own): a plain link
        st.markdown(f"[{label}]({urlstate.link(page, lang, **params)})")
        return
    st.page_link(target, label=label, icon=icon, help=help, query_params=query)


def go_to(iri: str, label: str, lang: str, icon: str | None = None, help: str | None = None) -> None:  # noqa: A002
    """:func:`go` to the page of ``iri`` (an outside link when no page of ours shows it)."""
    found = route(iri)
    if found is None:
        st.page_link(iri, label=label, icon=icon or ":material/open_in_new:", help=help)
        return
    go(found[0], label, lang, icon=icon, help=help, **found[1])


def closest(name: str, lang: str, kinds: Sequence[str] | None = None) -> None:
    """For a name that names nothing (from an address): links to what the search finds for its words."""
    hits = resources.search_index().search(name.replace("-", " "), limit=SUGGESTED, kinds=kinds, lang=lang)
    if hits:
        st.markdown(t("closest", lang))
        links_row([(hit.iri, hit.label) for hit in hits], lang)


def links_row(items: Sequence[tuple[str, str]], lang: str) -> None:
    """Several :func:`go_to` links side by side: ``(iri, label)`` pairs."""
    with st.container(horizontal=True, gap="small"):
        for iri, label in items:
            go_to(iri, label, lang)
