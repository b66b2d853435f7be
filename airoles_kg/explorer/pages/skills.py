"""Skill match page: pick the skills you have, see the roles they cover best and what is missing."""

from __future__ import annotations

import streamlit as st

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.resolve import normalise
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t, tn
from airoles_kg.explorer.widgets import anchor

PAGE = "skills"
PARAMS = ("skill",)


def render(lang: str) -> None:
    """Draw the Skill match page."""
    st.header(t("skills_title", lang))
    st.caption(t("skills_intro", lang))
    index = resources.career_index()
    skills = sorted(index.skills, key=lambda s: normalise(index.label(s, lang)))
    known = set(skills)

    def from_url() -> list[str]:
        chosen = []
        for value in urlstate.param_list("skill"):
            iri = urlstate.unslug(value, "skill")
            if iri not in known:
                try:
                    iri = index.resolve_skill(value)
                except AirolesError:
                    continue
            chosen.append(iri)
        return chosen

    urlstate.init_multi_state(urlstate.wkey("skills_have"), skills, from_url)
    have = st.multiselect(
        t("your_skills", lang),
        skills,
        key=urlstate.wkey("skills_have"),
        format_func=lambda s: index.label(s, lang),
        placeholder=t("choose_skills", lang),
    )
    urlstate.set_params(skill=[urlstate.slug(s, "skill") for s in have] or None)
    if not have:
        st.info(t("skills_choose", lang))
        return
    with st.spinner(t("matching", lang)):
        matches = index.match(have, lang=lang)
    if not matches:
        st.warning(t("no_match", lang))
        return
    st.subheader(tn("matches_found", lang, len(matches)))
    rows = [
        {
            t("rank", lang): rank,
            t("role", lang): m.role.label,
            t("coverage", lang): round(100 * m.score),
            t("essential_cov", lang): f"{m.essential_covered}/{m.essential_total}",
            t("optional_cov", lang): f"{m.optional_covered}/{m.optional_total}",
            t("missing_essential", lang): ", ".join(s.label for s in m.missing_essential),
            t("missing_optional", lang): ", ".join(s.label for s in m.missing_optional),
        }
        for rank, m in enumerate(matches, start=1)
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            t("coverage", lang): st.column_config.ProgressColumn(
                t("coverage", lang), min_value=0, max_value=100, format="%d %%"
            )
        },
    )
    st.caption(t("score_explained", lang))
    for rank, m in enumerate(matches[:10], start=1):
        link = anchor(urlstate.link("roles", lang, role=urlstate.slug(m.role.iri, "role")), m.role.label)
        covered = ", ".join(s.label for s in m.covered) or t("none", lang)
        missing = ", ".join(s.label for s in m.missing_essential) or t("none", lang)
        st.markdown(
            f"{rank}. {link} — **{round(100 * m.score)} %** · {t('covered', lang)} {covered} · "
            f"{t('missing_essential', lang)} : {missing}"
            if lang == "fr"
            else f"{rank}. {link} — **{round(100 * m.score)}%** · {t('covered', lang)} {covered} · "
            f"{t('missing_essential', lang)}: {missing}",
            unsafe_allow_html=True,
        )
