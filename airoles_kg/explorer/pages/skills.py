"""Skill match page: pick the skills you have, see the roles they cover best and what is missing."""

from __future__ import annotations

import streamlit as st

from airoles_kg.core.errors import AirolesError
from airoles_kg.core.namespaces import ESCO_BASE
from airoles_kg.core.resolve import normalise
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t, tn
from airoles_kg.explorer.navigation import go_to
from airoles_kg.explorer.widgets import anchor, percent

PAGE = "skills"
PARAMS = ("skill", "esco")
ESCO_HITS = 8  # ESCO skills offered for the words typed
ESCO_RANKED = 10


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
    esco = _esco_skills(lang)
    if not have and not esco:
        st.info(t("skills_choose", lang))
        return
    if esco or have:
        _esco_ranking([*have, *esco], lang)
    if not have:
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
        colon = " :" if lang == "fr" else ":"
        st.markdown(
            f"{rank}. {link} — **{percent(m.score, lang)}** · {t('covered', lang)} {covered} · "
            f"{t('missing_essential', lang)}{colon} {missing}",
            unsafe_allow_html=True,
        )


def _esco_skills(lang: str) -> list[str]:
    """Skills chosen among ESCO's 13,896 (``?esco=skill/<uuid>``): a search box offers them by their words,
    the chosen ones are pills to untick. Returns their IRIs."""
    layer = resources.esco_layer()
    if layer is None:
        return []
    if "skills_esco" not in st.session_state or urlstate.url_changed("esco"):
        wanted = [ESCO_BASE + v.strip("/") for v in urlstate.param_list("esco")]
        st.session_state["skills_esco"] = [iri for iri in wanted if iri in layer.skills]
    st.markdown(f"**{t('skills_esco_title', lang)}**")
    words = st.text_input(
        t("skills_esco_find", lang), key="skills_esco_words", placeholder=t("skills_esco_hint", lang)
    )
    if words.strip():
        hits = resources.search_index().search(words, limit=ESCO_HITS, kinds=["esco-skill"], lang=lang)
        if not hits:
            st.caption(t("search_none", lang, q=words.strip()))
        with st.container(horizontal=True, gap="small"):
            for hit in hits:
                if hit.iri not in st.session_state["skills_esco"]:
                    st.button(f"+ {hit.label}", key=f"add_{hit.iri}", on_click=_add_esco, args=(hit.iri,))
    chosen: list[str] = st.session_state["skills_esco"]
    if chosen:
        kept = st.pills(
            t("skills_esco_chosen", lang),
            chosen,
            selection_mode="multi",
            default=chosen,
            format_func=lambda iri: layer.label(iri, lang),
            # A new widget for each new set of choices: its default is then the whole set.
            key=f"skills_esco_pills_{st.session_state.get('skills_esco_version', 0)}",
        )
        if list(kept) != chosen:  # a pill unticked: that skill is removed
            st.session_state["skills_esco"] = [iri for iri in chosen if iri in kept]
            st.session_state["skills_esco_version"] = st.session_state.get("skills_esco_version", 0) + 1
            chosen = st.session_state["skills_esco"]
    urlstate.set_params(esco=[iri[len(ESCO_BASE) :] for iri in chosen] or None)
    return chosen


def _add_esco(iri: str) -> None:
    if iri not in st.session_state["skills_esco"]:
        st.session_state["skills_esco"] = [*st.session_state["skills_esco"], iri]
        st.session_state["skills_esco_version"] = st.session_state.get("skills_esco_version", 0) + 1


def _esco_ranking(skills: list[str], lang: str) -> None:
    """Our roles by how much of their ESCO skill profile the chosen skills (ours through their mappings,
    and ESCO's) cover: computed from ESCO, told apart from the articles' own requirements."""
    moves = resources.career_moves()
    if moves is None:
        return
    try:
        ranking = moves.match(skills, lang=lang, limit=ESCO_RANKED)
    except AirolesError as exc:
        st.warning(str(exc))
        return
    st.subheader(t("skills_esco_ranked", lang))
    st.caption(t("skills_esco_method", lang))
    if not ranking.moves:
        st.info(t("no_match", lang))
        return
    for move in ranking.moves:
        left, right = st.columns([2, 3], vertical_alignment="center")
        with left:
            go_to(move.target.iri, move.target.label, lang)
        learn = [s.label for s in move.to_learn if s.importance == "essential"][:6]
        right.caption(
            f"{t('score_pct', lang, p=percent(move.score, lang))} · {t('to_learn', lang)} "
            + (", ".join(learn) or t("none", lang))
        )
