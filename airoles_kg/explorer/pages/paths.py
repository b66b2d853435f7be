"""Career paths page: the ranked paths between two roles, drawn and detailed, and where a role can lead."""

from __future__ import annotations

import streamlit as st

from airoles_kg.careers.index import ESSENTIAL, OPTIONAL, Path, Step
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.resolve import normalise
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.i18n import t, tn
from airoles_kg.explorer.navigation import go, go_to, links_row
from airoles_kg.explorer.network import DrawEdge, Drawing, DrawNode, network_html
from airoles_kg.explorer.resources import role_from_value
from airoles_kg.explorer.widgets import percent, show_drawing

PAGE = "paths"
PARAMS = ("from", "to", "hops")
GAP_SHOWN = 20
MAX_HOPS = 6
COLORS = {"start": "#a5d6a7", "goal": "#ef9a9a", "role": "#bbdefb"}
PATH_COLORS = ["#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#9e9d24", "#ad1457"]


def render(lang: str) -> None:
    """Draw the Career paths page."""
    st.header(t("paths_title", lang))
    st.caption(t("paths_intro", lang))
    index = resources.career_index()
    roles = sorted(index.roles, key=lambda r: normalise(index.label(r, lang)))
    known = set(roles)
    urlstate.init_state(
        urlstate.wkey("paths_from"), roles, lambda: role_from_value(urlstate.param("from"), known)
    )
    urlstate.init_state(
        urlstate.wkey("paths_to"), roles, lambda: role_from_value(urlstate.param("to"), known)
    )
    if "paths_hops" not in st.session_state:
        try:
            st.session_state["paths_hops"] = max(1, min(MAX_HOPS, int(urlstate.param("hops") or 4)))
        except ValueError:
            st.session_state["paths_hops"] = 4

    name = lambda iri: index.label(iri, lang)  # noqa: E731
    col_a, col_b, col_h = st.columns([2, 2, 1])
    frm = col_a.selectbox(
        t("where_you_are", lang),
        roles,
        key=urlstate.wkey("paths_from"),
        index=None,
        format_func=name,
        placeholder=t("choose_role", lang),
    )
    to = col_b.selectbox(
        t("where_you_go", lang),
        roles,
        key=urlstate.wkey("paths_to"),
        index=None,
        format_func=name,
        placeholder=t("choose_role", lang),
    )
    hops = col_h.slider(t("max_hops", lang), 1, MAX_HOPS, key="paths_hops")
    urlstate.set_params(
        **{
            "from": urlstate.slug(frm, "role") if frm else None,
            "to": urlstate.slug(to, "role") if to else None,
            "hops": hops if hops != 4 else None,
        }
    )

    if frm and to:
        _paths(frm, to, hops, lang)
        _gap(frm, to, lang)  # with or without a stated path
    if frm:
        st.divider()
        _reachable(frm, hops, lang)
    if not frm and not to:
        st.info(t("paths_choose", lang))


def _gap(frm: str, to: str, lang: str) -> None:
    """What the target asks for that the starting role lacks: by the articles' requirements, and apart, by
    ESCO's skills (through the roles' ESCO occupations)."""
    if frm == to:
        return
    index = resources.career_index()
    st.subheader(t("gap_title", lang, frm=index.label(frm, lang), to=index.label(to, lang)))
    gap = index.gap(frm, to, lang=lang)
    essential = gap.missing_list(ESSENTIAL)
    optional = gap.missing_list(OPTIONAL)
    if essential or optional or gap.shared:
        st.markdown(f"**{t('gap_articles', lang)}**")
        for key, skills in (("gap_essential", essential), ("gap_optional", optional)):
            if skills:
                st.caption(tn(key, lang, len(skills)))
                links_row([(s.iri, s.label) for s in skills], lang)
        if gap.shared:
            st.caption(tn("gap_shared", lang, len(gap.shared)))
            links_row([(s.iri, s.label) for s in gap.shared], lang)
    moves = resources.career_moves()
    if moves is None:
        return
    try:
        move = moves.gap(frm, to, lang)
    except AirolesError:
        return
    if not move.scored:
        return
    st.markdown(f"**{t('gap_esco', lang)}** — {t('score_pct', lang, p=percent(move.score, lang))}")
    learn = [s for s in move.to_learn if s.importance == "essential"]
    if learn:
        st.caption(tn("gap_essential", lang, len(learn)))
        links_row([(s.iri, s.label) for s in learn[:GAP_SHOWN]], lang)
        if len(learn) > GAP_SHOWN:
            st.caption(t("and_more", lang, n=len(learn) - GAP_SHOWN))


def _paths(frm: str, to: str, hops: int, lang: str) -> None:
    index = resources.career_index()
    try:
        with st.spinner(t("searching_paths", lang)):
            found = index.paths(frm, to, max_hops=hops, lang=lang)
    except AirolesError as exc:
        st.warning(str(exc))
        return
    if not found:
        st.warning(
            t(
                "no_path",
                lang,
                frm=index.label(frm, lang),
                to=index.label(to, lang),
                steps=tn("hops", lang, hops),
            )
        )
        return
    st.subheader(tn("paths_found", lang, len(found)))
    show_drawing(
        network_html(
            _paths_drawing(found, frm, to, lang),
            height=360,
            open_label=t("open_card", lang),
            title=t("paths_frame_title", lang),
        ),
        height=370,
    )
    _role_links_under_drawing(found, lang)
    for number, path in enumerate(found, start=1):
        title = t(
            "path_title",
            lang,
            n=number,
            steps=tn("hops", lang, path.hops),
            gap=tn("essential_skills", lang, path.skill_gap),
            roles=" → ".join(r.label for r in path.roles),
        )
        with st.expander(title, expanded=number == 1):
            for step in path.steps:
                _step(step, lang)


def _paths_drawing(found: list[Path], frm: str, to: str, lang: str) -> Drawing:
    drawing = Drawing(hierarchical=True)
    level: dict[str, int] = {}
    edges: dict[tuple[str, str], DrawEdge] = {}
    for number, path in enumerate(found):
        for depth, role in enumerate(path.roles):
            level[role.iri] = min(level.get(role.iri, depth), depth)
        for step in path.steps:
            key = (step.from_role.iri, step.to_role.iri)
            if key not in edges:
                kind = step.kind.label if step.kind else ""
                edges[key] = DrawEdge(
                    key[0],
                    key[1],
                    label=kind,
                    color=PATH_COLORS[number % len(PATH_COLORS)],
                    width=3 if number == 0 else 1.5,
                    dashes=step.entailed,
                    title=" ".join(step.conditions) or kind,
                )
    names = {r.iri: r.label for p in found for r in p.roles}
    for iri, depth in level.items():
        part = "start" if iri == frm else "goal" if iri == to else "role"
        drawing.nodes.append(
            DrawNode(
                iri,
                names[iri],
                color=COLORS[part],
                level=depth,
                shape="box",
                link=urlstate.link("roles", lang, role=urlstate.slug(iri, "role")),
            )
        )
    drawing.edges = list(edges.values())
    return drawing


def _role_links_under_drawing(found: list[Path], lang: str) -> None:
    """Links to every role drawn: the keyboard's way to them, and what a click in the drawing follows."""
    roles = {r.iri: r.label for p in found for r in p.roles}
    st.caption(t("cards", lang))
    links_row(list(roles.items()), lang)


def _step(step: Step, lang: str) -> None:
    kind = step.kind.label if step.kind else t("unspecified", lang)
    st.markdown(f"**{step.from_role.label} → {step.to_role.label}** — {t('kind', lang)} *{kind}*")
    if step.entailed:
        st.caption(t("entailed", lang, axiom=step.axiom or ""))
    lines = []
    if step.conditions:
        lines.append(f"- {t('conditions', lang)} " + " ".join(step.conditions))
    if step.required_experience:
        lines.append(f"- {t('experience', lang)} " + " ".join(step.required_experience))
    if step.credentials:
        lines.append(f"- {t('credentials', lang)} " + ", ".join(c.label for c in step.credentials))
    if step.suggested_credentials:
        names = ", ".join(c.label for c in step.suggested_credentials)
        lines.append(f"- {t('suggested_credentials', lang)} " + names)
    essential = ", ".join(s.label for s in step.skills_to_acquire)
    optional = ", ".join(s.label for s in step.optional_skills_to_acquire)
    lines.append(f"- {t('to_acquire', lang)} " + (essential or t("none", lang)))
    if optional:
        lines.append(f"- {t('to_acquire_optional', lang)} {optional}")
    if step.sources:
        lines.append(f"- {t('sources_colon', lang)} " + ", ".join(s.title for s in step.sources))
    st.markdown("\n".join(lines))
    for excerpt in step.excerpts:
        st.markdown(f"> « {excerpt} »")


def _reachable(frm: str, hops: int, lang: str) -> None:
    index = resources.career_index()
    st.subheader(t("reachable_title", lang, role=index.label(frm, lang)))
    with st.spinner(t("searching_paths", lang)):
        reach = index.reachable(frm, max_hops=hops, lang=lang)
    if not reach:
        st.info(t("reachable_none", lang))
        return
    drawing = Drawing(hierarchical=True)
    drawing.nodes.append(
        DrawNode(
            frm,
            index.label(frm, lang),
            color=COLORS["start"],
            level=0,
            shape="box",
            link=urlstate.link("roles", lang, role=urlstate.slug(frm, "role")),
        )
    )
    seen_edges = set()
    for item in reach:
        drawing.nodes.append(
            DrawNode(
                item.role.iri,
                item.role.label,
                color=COLORS["role"],
                level=item.hops,
                shape="box",
                link=urlstate.link("roles", lang, role=urlstate.slug(item.role.iri, "role")),
            )
        )
        for step in item.route:
            key = (step.from_role.iri, step.to_role.iri)
            if key not in seen_edges:
                seen_edges.add(key)
                drawing.edges.append(
                    DrawEdge(key[0], key[1], label=step.kind.label if step.kind else "", dashes=step.entailed)
                )
    title = t("reachable_frame_title", lang)
    show_drawing(network_html(drawing, height=360, open_label=t("open_card", lang), title=title), height=370)
    for item in reach:
        kinds = " → ".join(k or "?" for k in item.kinds)
        name, how, path = st.columns([2, 3, 2], vertical_alignment="center")
        with name:
            go_to(item.role.iri, item.role.label, lang)
        how.caption(f"{tn('hops', lang, item.hops)} ({kinds})")
        with path:
            target = {"from": urlstate.slug(frm, "role"), "to": urlstate.slug(item.role.iri, "role")}
            go(PAGE, t("show_path", lang), lang, icon=":material/route:", **target)
