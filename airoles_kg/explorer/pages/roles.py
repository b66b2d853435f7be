"""Roles page: search and filter the roles, and a role's card with every fact and its sources."""

from __future__ import annotations

import streamlit as st

from airoles_kg.core.resolve import normalise
from airoles_kg.explorer import navigation, resources, urlstate
from airoles_kg.explorer.cards import cached_profile, role_card
from airoles_kg.explorer.i18n import t, tn
from airoles_kg.explorer.resources import role_from_value
from airoles_kg.explorer.widgets import labels
from airoles_kg.profiles.profile import RoleSummary

PARAMS = ("q", "family", "sector", "role", "tab", "view")
PAGE = "roles"


def _found(query: str) -> dict[str, int] | None:
    """The roles whose names hold the words of ``query`` (the search box's matching: any order, accents
    and case ignored, prefixes, typos), with their rank; None when there is no query."""
    if not query.strip():
        return None
    hits = resources.search_index().search(query, limit=None, kinds=["role"])
    return {hit.iri: rank for rank, hit in enumerate(hits)}


def render(lang: str) -> None:
    """Draw the Roles page."""
    st.header(t("roles_title", lang))
    wanted = urlstate.param("role")  # before the widgets write the URL back
    summaries = resources.roles()
    by_iri = {str(s.iri): s for s in summaries}
    families = sorted(
        {str(f.iri): f for s in summaries for f in s.families}.values(), key=lambda f: f.label(lang)
    )
    sectors = sorted(
        {str(x.iri): x for s in summaries for x in s.sectors}.values(), key=lambda x: x.label(lang)
    )
    family_names = {str(f.iri): f.label(lang) for f in families}
    sector_names = {str(x.iri): x.label(lang) for x in sectors}

    if "roles_q" not in st.session_state or urlstate.url_changed("q"):
        st.session_state["roles_q"] = urlstate.param("q") or ""
    urlstate.init_state(
        urlstate.wkey("roles_family"),
        list(family_names),
        lambda: _family_from_url(family_names),
        name="family",
    )
    urlstate.init_state(
        urlstate.wkey("roles_sector"),
        list(sector_names),
        lambda: urlstate.unslug(urlstate.param("sector") or "", "sector"),
        name="sector",
    )

    col_q, col_f, col_s = st.columns([2, 1, 1])
    query = col_q.text_input(t("search", lang), key="roles_q", placeholder=t("search_hint", lang))
    family = col_f.selectbox(
        t("family", lang),
        list(family_names),
        key=urlstate.wkey("roles_family"),
        format_func=lambda iri: family_names.get(iri, ""),  # "": no longer an option (the widget resets)
        index=None,
        placeholder=t("any", lang),
    )
    sector = col_s.selectbox(
        t("sector", lang),
        list(sector_names),
        key=urlstate.wkey("roles_sector"),
        format_func=lambda iri: sector_names.get(iri, ""),
        index=None,
        placeholder=t("any", lang),
    )

    found = _found(query)
    shown = [
        s
        for s in summaries
        if (found is None or str(s.iri) in found)
        and (family is None or family in {str(f.iri) for f in s.families})
        and (sector is None or sector in {str(x.iri) for x in s.sectors})
    ]
    if found is None:
        shown.sort(key=lambda s: normalise(s.label(lang)))
    else:  # best match first
        shown.sort(key=lambda s: found[str(s.iri)])
    options = [str(s.iri) for s in shown]
    urlstate.init_state(
        urlstate.wkey("roles_role"), list(by_iri), lambda: _role_from_url(by_iri), name="role"
    )
    if st.session_state.get(urlstate.wkey("roles_role")) not in (*options, None):
        options.insert(
            0, st.session_state[urlstate.wkey("roles_role")]
        )  # keep the chosen role visible despite filters
    st.caption(tn("roles_found", lang, len(shown), total=len(summaries)))
    role = st.selectbox(
        t("role", lang),
        options,
        key=urlstate.wkey("roles_role"),
        index=None,
        format_func=lambda iri: by_iri[iri].label(lang),
        placeholder=t("choose_role", lang),
    )

    urlstate.set_params(
        q=query.strip() or None,
        family=family.rsplit("/", 1)[-1] if family else None,
        sector=urlstate.slug(sector, "sector") if sector else None,
        role=urlstate.slug(role, "role") if role else None,
    )
    if role is None and wanted and role_from_value(wanted, by_iri) is None:
        _unknown(wanted, lang)
    if role is None:
        _role_list(shown, lang)
        return
    with st.spinner(t("loading", lang)):
        profile = cached_profile(role)
    role_card(profile, lang)


def _family_from_url(names: dict[str, str]) -> str | None:
    wanted = urlstate.param("family")
    return next((iri for iri in names if wanted and iri.rsplit("/", 1)[-1] == wanted), None)


def _role_from_url(by_iri: dict[str, RoleSummary]) -> str | None:
    """The role of ``?role=``: a slug, else whatever :func:`airoles_kg.core.resolve.resolve` accepts (a label
    in
    either language, an IRI, a CURIE)."""
    return role_from_value(urlstate.param("role"), by_iri)


def _unknown(name: str, lang: str) -> None:
    """A ``?role=`` that names no role: say so, and offer the closest names (roles first)."""
    st.warning(t("unknown_role", lang, name=name))
    navigation.closest(name, lang, kinds=["role"])


def _role_list(shown: list[RoleSummary], lang: str) -> None:
    """Every role found, as links to its card, with its families."""
    for summary in shown:
        left, right = st.columns([2, 3], vertical_alignment="center")
        with left:
            navigation.go(PAGE, summary.label(lang), lang, role=urlstate.slug(str(summary.iri), "role"))
        families = labels(summary.families, lang)
        if families:
            right.caption(families)
