"""From my job: pick one's occupation (any of ESCO's, or one of our roles) and see the AI roles within reach,
ranked by ESCO skill overlap, each with the skills one already has and those to learn."""

from __future__ import annotations

import streamlit as st

from airoles_kg.careers.moves import METHOD, NEAR_CREDIT, WEIGHTS, Move, SkillItem
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.resolve import normalise
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.widgets import anchor, percent

PAGE = "moves"
PARAMS = ("from", "all")
SHOWN = 10
SKILLS_SHOWN = 12


@st.cache_data(show_spinner=False)
def _choices(lang: str) -> tuple[list[str], dict[str, str]]:
    """Our roles, then every ESCO occupation, sorted by label; IRI -> label shown."""
    moves = resources.career_moves()
    assert moves is not None
    names: dict[str, str] = {}
    for role in moves.index.roles:
        names[role] = f"{moves.index.label(role, lang)} — {t('our_role', lang)}"
    for occupation in moves.layer.occupations:
        names[occupation] = f"{moves.layer.label(occupation, lang)} — ESCO"
    order = sorted(names, key=lambda iri: (normalise(names[iri]), iri))
    return order, names


def _skills(items: list[SkillItem], lang: str) -> str:
    def text(s: SkillItem) -> str:
        label = anchor(s.iri, s.label, new_tab=True)
        marks = [t("essential", lang)] if s.importance == "essential" else []
        if s.lang and s.lang != lang:
            marks.append(f"{t('label_in', lang)} {s.lang}")
        if s.near:
            marks.append(f"{t('near_to', lang)} {s.near}")
        return label + (f" <small>({', '.join(marks)})</small>" if marks else "")

    shown = [text(s) for s in items[:SKILLS_SHOWN]]
    more = len(items) - SKILLS_SHOWN
    if more > 0:
        shown.append(t("and_more", lang, n=more))
    return ", ".join(shown) if shown else t("none", lang)


def _move(move: Move, rank: int, lang: str) -> None:
    target = move.target
    if target.kind == "role":
        url = urlstate.link("roles", lang, role=urlstate.slug(target.iri, "role"))
    else:
        url = target.iri
    score = percent(move.score, lang) if move.scored else t("not_scored", lang)
    stated = f" — {t('stated_move', lang)}" if move.stated else ""
    st.markdown(
        f"**{rank}. {anchor(url, target.label, new_tab=target.kind != 'role')}** — {score}{stated}",
        unsafe_allow_html=True,
    )
    with st.expander(t("why_this_move", lang)):
        st.markdown(f"**{t('you_have', lang)}** {_skills(move.shared, lang)}", unsafe_allow_html=True)
        if move.near:
            st.markdown(f"**{t('you_have_near', lang)}** {_skills(move.near, lang)}", unsafe_allow_html=True)
        st.markdown(f"**{t('to_learn', lang)}** {_skills(move.to_learn, lang)}", unsafe_allow_html=True)


def render(lang: str) -> None:
    """Draw the From my job page."""
    st.header(t("moves_title", lang))
    st.caption(t("moves_intro", lang))
    moves = resources.career_moves()
    if moves is None:
        st.warning(t("no_esco", lang))
        return
    order, names = _choices(lang)
    known = set(order)

    def from_url() -> str | None:
        value = urlstate.param("from")
        if not value:
            return None
        iri = urlstate.unslug(value, "role")
        if iri in known:
            return iri
        try:
            return moves.resolve(value, lang).iri
        except AirolesError:
            st.warning(t("unknown_from", lang, name=value))
            return None

    urlstate.init_state(urlstate.wkey("moves_from"), order, from_url)
    chosen = st.selectbox(
        t("your_job", lang),
        order,
        key=urlstate.wkey("moves_from"),
        index=None,
        format_func=lambda iri: names[iri],
        placeholder=t("choose_job", lang),
    )
    everything = st.toggle(t("include_occupations", lang), value=urlstate.param("all") == "1")
    value = None
    if chosen is not None:
        value = urlstate.slug(chosen, "role") if chosen in moves.index.roles else chosen
    urlstate.set_params(**{"from": value, "all": "1" if everything else None})
    if chosen is None:
        st.info(t("moves_choose", lang))
        return
    try:
        with st.spinner(t("matching", lang)):
            ranking = moves.moves(chosen, lang=lang, occupations=everything, limit=SHOWN)
    except AirolesError as exc:
        st.warning(str(exc))
        return
    st.subheader(t("moves_found", lang, n=ranking.total, shown=len(ranking.moves)))
    for rank, move in enumerate(ranking.moves, 1):
        _move(move, rank, lang)
    st.caption(
        t(
            "moves_method",
            lang,
            method=METHOD,
            essential=f"{WEIGHTS['essential']:g}",
            optional=f"{WEIGHTS['optional']:g}",
            near=f"{NEAR_CREDIT:g}",
        )
    )
