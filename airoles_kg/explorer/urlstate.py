"""Deep links: widgets start from the URL's query parameters, and choosing things writes them back.

Every page keeps its state in ``st.query_params`` (``?page=roles&role=chef-de-projet-ia&lang=en``), so a
URL can be shared and reloading shows the same thing. Nodes appear in URLs by their slug when they are
knowledge-base individuals of the expected kind (``role=chef-de-projet-ia``), else by their full IRI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

import streamlit as st

from airoles_kg.core.namespaces import ID_BASE as ID_BASE  # re-exported for the page routes
from airoles_kg.core.namespaces import KIND_NS

T = TypeVar("T")

# Parameters that belong to no page and survive a page change.
GLOBAL_PARAMS = ("lang",)
_WRITTEN = "_url_written"  # session-state key: the URL values this session wrote last, by name
HOME = "home"  # the default page, at the app's root URL
SHOWN_LANG = "_shown_lang"  # session-state key of the language the page is drawn in


def wkey(name: str) -> str:
    """The session-state key of a widget whose shown options depend on the language (``name.fr``).

    Streamlit's browser side remembers a choice by its shown text: when the language changes the texts,
    the old choice matches no option and the widget looks empty. A key per language makes a new widget;
    :func:`carry_over_language` hands it the choice made under the other language.
    """
    return f"{name}.{st.session_state.get(SHOWN_LANG) or 'fr'}"


def carry_over_language(old: str, new: str) -> None:
    """After a language switch: give every ``name.new`` widget the value its ``name.old`` twin had."""
    suffix = f".{old}"
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.endswith(suffix):
            st.session_state[f"{key[: -len(suffix)]}.{new}"] = st.session_state[key]


def slug(iri: str, kind: str) -> str:
    """The URL form of ``iri``: its slug when it is a ``kind`` individual, else the IRI itself."""
    base = str(KIND_NS[kind])
    return iri[len(base) :] if iri.startswith(base) and "/" not in iri[len(base) :] else iri


def unslug(value: str, kind: str) -> str:
    """The IRI a URL value stands for (inverse of :func:`slug`)."""
    return value if "://" in value else str(KIND_NS[kind][value])


def link(page: str, lang: str, **params: str | Sequence[str]) -> str:
    """A relative URL opening ``page`` (its URL path) with ``params`` (lists become repeated parameters);
    relative, so it works wherever the app is mounted."""
    query: list[tuple[str, str]] = [("lang", lang)]
    for name, value in params.items():
        values = [value] if isinstance(value, str) else list(value)
        query += [(name, v) for v in values if v]
    return f"./{'' if page == HOME else page}?" + urlencode(query)


def param(name: str) -> str | None:
    """One query parameter (the first value), or None."""
    values = st.query_params.get_all(name)
    return values[0] if values else None


def param_list(name: str) -> list[str]:
    """Every value of a repeated query parameter (``?skill=a&skill=b``); comma-separated values split too."""
    return [part for value in st.query_params.get_all(name) for part in value.split(",") if part]


def url_changed(name: str) -> bool:
    """Whether the URL's ``name`` differs from what this session last wrote there: the visitor followed a
    link to this page with other values, or went Back or Forward. The URL then wins over the widgets'
    remembered choices."""
    written = st.session_state.get(_WRITTEN, {})
    return name in written and written[name] != st.query_params.get_all(name)


def init_state(
    key: str,
    options: Sequence[T],
    from_url: Callable[[], T | None],
    default: T | None = None,
    name: str | None = None,
) -> None:
    """Before a widget with ``key`` is drawn: start it at the URL's value (when it is one of ``options``),
    else at ``default``. Later runs keep what the user chose, unless the URL parameter ``name`` changed
    under it (:func:`url_changed`)."""
    if key in st.session_state and st.session_state[key] in (*options, None):
        if name is None or not url_changed(name):
            return
    wanted = from_url()
    st.session_state[key] = wanted if wanted in options else default


def init_multi_state(
    key: str, options: Sequence[T], from_url: Callable[[], list[T]], name: str | None = None
) -> None:
    """:func:`init_state` for a multiselect: keeps the URL's values that are among ``options``."""
    if key in st.session_state and (name is None or not url_changed(name)):
        return
    st.session_state[key] = [v for v in from_url() if v in options]


def set_params(**params: Any) -> None:
    """Write page parameters to the URL (None or empty removes one); unchanged values are left alone so
    the browser history is not flooded. What is written is remembered (:func:`url_changed`)."""
    written = st.session_state.setdefault(_WRITTEN, {})
    for name, value in params.items():
        if value is None or value == "" or value == []:
            if name in st.query_params:
                del st.query_params[name]
            written[name] = []
            continue
        new = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        old = st.query_params.get_all(name)
        if (old if isinstance(new, list) else (old[0] if old else None)) != new:
            st.query_params[name] = new
        written[name] = new if isinstance(new, list) else [new]


def keep_only(*names: str) -> None:
    """Drop every query parameter but the global ones and ``names`` (the current page's)."""
    for name in list(st.query_params.keys()):
        if name not in GLOBAL_PARAMS and name not in names:
            del st.query_params[name]
