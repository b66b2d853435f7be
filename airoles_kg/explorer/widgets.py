"""Small presentation helpers shared by the explorer's pages: numbers, texts, links and provenance."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import streamlit as st

from airoles_kg.explorer.formats import money as money  # re-exported: the pages' one import for formats
from airoles_kg.explorer.formats import number as number
from airoles_kg.explorer.formats import percent as percent
from airoles_kg.explorer.i18n import t
from airoles_kg.profiles.profile import Provenance, Term, Texts


def iri_line(iri: str, lang: str, name: str = "IRI") -> None:
    """A node's IRI in small type. Not a caption: captions are drawn faded, which leaves code spans below
    WCAG's 4.5:1 contrast."""
    colon = " :" if lang == "fr" else ":"
    st.markdown(
        f"<small>{html.escape(name)}{colon} <code>{html.escape(iri)}</code></small>", unsafe_allow_html=True
    )


def texts(values: Texts, lang: str) -> list[str]:
    """The texts in ``lang``, else French (the articles' language), else English, else all."""
    for wanted in (lang, "fr", "en", ""):
        if values.get(wanted):
            return values[wanted]
    return [v for bucket in values.values() for v in bucket]


def labels(terms: Iterable[Term], lang: str) -> str:
    """Comma-separated labels of ``terms``."""
    return ", ".join(term.label(lang) for term in terms)


def anchor(url: str, text: str, new_tab: bool = False) -> str:
    """An HTML link; relative links stay in this tab so a deep link reloads the explorer in place."""
    target = "_blank" if new_tab else "_self"
    return f'<a href="{html.escape(url, quote=True)}" target="{target}">{html.escape(text)}</a>'


def html_line(parts: Sequence[str]) -> None:
    """Render already-escaped HTML fragments as one markdown line."""
    st.markdown(" ".join(parts), unsafe_allow_html=True)


def provenance_lines(prov: Provenance, lang: str) -> list[str]:
    """Markdown lines: each excerpt quoted, then the source documents."""
    lines = [
        f"> « {excerpt} »" if lang == "fr" else f"> “{excerpt}”" for excerpt in texts(prov.excerpts, "fr")
    ]
    if prov.sources:
        lines.append(f"*{t('sources_colon', lang)}* " + labels(prov.sources, lang))
    for fact in prov.curated:  # ours, not the article's: said so, with why
        why = " ".join(texts(fact.justification, lang))
        lines.append(f"*{t('curated', lang, prop=fact.prop.label(lang))}* {why}")
    return lines


def facts_expander(title: str, facts: Sequence[tuple[str, Provenance]], lang: str) -> None:
    """One expander listing, for each fact, the article's words and the sources it comes from."""
    facts = [(fact, prov) for fact, prov in facts if prov.sources or prov.excerpts or prov.curated]
    if not facts:
        return
    with st.expander(f"{title} ({len(facts)})"):
        for fact, prov in facts:
            st.markdown(f"**{fact}**\n\n" + "\n\n".join(provenance_lines(prov, lang)))


def show_drawing(page: str, height: int) -> None:
    """Embed a self-contained HTML drawing (:func:`airoles_kg.explorer.network.network_html`) in an iframe.

    ``st.iframe`` replaces ``streamlit.components.v1.html`` (deprecated in Streamlit 1.67); both give the
    HTML as the iframe's ``srcdoc``, with scripts allowed but top-window navigation sandboxed.
    """
    st.iframe(page, height=height)
