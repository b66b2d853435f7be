"""Graph page: the whole knowledge graph, drawn interactively and filtered by node kind and sector.

The drawing is made from the role profiles (roles and what they link to: skills, sectors, employers,
teams, credentials, codes, other roles through transitions). The drawing lives in an iframe that cannot
call back into Streamlit, so clicking a node shows a link to its card (new tab) inside the drawing, and
a selectbox under it opens the card right here (and puts ``?node=`` in the URL).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from airoles_kg.core.resolve import normalise
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.cards import cached_profile, role_card
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.network import DrawEdge, Drawing, DrawNode, network_html
from airoles_kg.explorer.widgets import anchor, iri_line, show_drawing
from airoles_kg.profiles.profile import RoleProfile, Term, role_profiles

PAGE = "graph"
PARAMS = ("kind", "sector", "node")
KINDS = ("role", "skill", "sector", "employer", "team", "credential", "code")
DEFAULT_KINDS = ("role", "sector", "team", "employer")
COLORS = {
    "role": "#1e88e5",
    "skill": "#43a047",
    "sector": "#fb8c00",
    "employer": "#8e24aa",
    "team": "#e53935",
    "credential": "#6d4c41",
    "code": "#757575",
}
SHAPES = {
    "role": "dot",
    "skill": "diamond",
    "sector": "square",
    "employer": "triangle",
    "team": "star",
    "credential": "triangleDown",
    "code": "box",
}


@dataclass
class KnowledgeDrawing:
    """Nodes by kind and labelled edges, in both languages, built once from every role profile."""

    nodes: dict[str, tuple[str, Term]] = field(default_factory=dict)  # iri -> (kind, term)
    edges: list[tuple[str, str, str, bool]] = field(default_factory=list)  # from, to, label key, dashed
    role_sectors: dict[str, set[str]] = field(default_factory=dict)


@st.cache_resource(show_spinner=False)
def knowledge_drawing() -> KnowledgeDrawing:
    """Roles and their neighbours from :func:`airoles_kg.profiles.profile.role_profiles` (cached)."""
    kd = KnowledgeDrawing()
    profiles = role_profiles(resources.inferred())
    for p in profiles:
        _add_profile(kd, p)
    return kd


def _add(kd: KnowledgeDrawing, kind: str, term: Term) -> str:
    iri = str(term.iri)
    kd.nodes.setdefault(iri, (kind, term))
    return iri


def _add_profile(kd: KnowledgeDrawing, p: RoleProfile) -> None:
    role = _add(kd, "role", Term(p.iri, p.labels))
    kd.role_sectors[role] = set()
    for req in p.skills:
        optional = req.importance is not None and not req.importance.iri.endswith("Essential")
        kd.edges.append((role, _add(kd, "skill", req.skill), "edge_requires", optional))
    for opp in p.sectors:
        for sector in opp.sectors:
            kd.role_sectors[role].add(_add(kd, "sector", sector))
            kd.edges.append((role, str(sector.iri), "edge_sector", False))
    for hiring in p.hiring:
        for employer in hiring.employers:
            kd.edges.append((_add(kd, "employer", employer), role, "edge_hires", False))
    for team in p.teams_led:
        team_iri = _add(kd, "team", team.term)
        kd.edges.append((role, team_iri, "edge_leads", False))
        for member in team.members:
            kd.edges.append((team_iri, str(member.iri), "edge_member", True))
    for edu in p.education:
        for cred in edu.credentials:
            kd.edges.append((role, _add(kd, "credential", cred.term), "edge_education", False))
    for code in p.codes:
        kd.edges.append((role, _add(kd, "code", code.term), "edge_code", False))
    for move in p.transitions_out:
        if move.other is not None:
            kd.edges.append((role, str(move.other.iri), "edge_moves", False))


def render(lang: str) -> None:
    """Draw the Graph page."""
    st.header(t("graph_title", lang))
    st.caption(t("graph_intro", lang))
    with st.spinner(t("loading", lang)):
        kd = knowledge_drawing()
    sectors = sorted(
        {iri for iri, (kind, _) in kd.nodes.items() if kind == "sector"},
        key=lambda i: normalise(kd.nodes[i][1].label(lang)),
    )
    urlstate.init_multi_state(
        urlstate.wkey("graph_kinds"), KINDS, lambda: urlstate.param_list("kind") or list(DEFAULT_KINDS)
    )
    urlstate.init_state(
        urlstate.wkey("graph_sector"),
        sectors,
        lambda: urlstate.unslug(urlstate.param("sector") or "", "sector"),
    )
    col_k, col_s = st.columns([3, 1])
    kinds = col_k.multiselect(
        t("node_kinds", lang),
        KINDS,
        key=urlstate.wkey("graph_kinds"),
        format_func=lambda k: t(f"kind_{k}", lang),
    )
    sector = col_s.selectbox(
        t("sector", lang),
        sectors,
        key=urlstate.wkey("graph_sector"),
        index=None,
        format_func=lambda i: kd.nodes[i][1].label(lang),
        placeholder=t("any", lang),
    )

    # Roles kept: those of the sector when one is chosen; other nodes: those linked to a kept role.
    roles = {
        i
        for i, (k, _) in kd.nodes.items()
        if k == "role" and (sector is None or sector in kd.role_sectors[i])
    }
    keep = set(roles) if "role" in kinds else set()
    for a, b, _, _ in kd.edges:
        for x, y in ((a, b), (b, a)):
            if x in roles and kd.nodes.get(y, ("", None))[0] in kinds:
                keep.add(y)
    if sector is not None and "sector" in kinds:
        keep.add(sector)
    drawing = Drawing(directed=True)
    for iri in sorted(keep, key=lambda i: normalise(kd.nodes[i][1].label(lang))):
        kind, term = kd.nodes[iri]
        link = urlstate.link(
            PAGE,
            lang,
            node=_node_param(iri, kind),
            kind=kinds,
            sector=urlstate.slug(sector, "sector") if sector else "",
        )
        if kind == "role":
            link = urlstate.link("roles", lang, role=urlstate.slug(iri, "role"))
        drawing.nodes.append(
            DrawNode(
                iri,
                term.label(lang),
                group=kind,
                color=COLORS[kind],
                shape=SHAPES[kind],
                size=22 if kind == "role" else 14,
                link=link,
                title=f"{term.label(lang)} ({t(f'kind_{kind}', lang)})",
            )
        )
    seen = set()
    for a, b, key, dashed in kd.edges:
        if a in keep and b in keep and (a, b, key) not in seen:
            seen.add((a, b, key))
            drawing.edges.append(
                DrawEdge(
                    a,
                    b,
                    title=t(key, lang),
                    dashes=dashed,
                    color="#c62828" if key == "edge_moves" else "#9e9e9e",
                    width=2.5 if key == "edge_moves" else 1,
                )
            )
    urlstate.set_params(
        kind=list(kinds) if list(kinds) != list(DEFAULT_KINDS) else None,
        sector=urlstate.slug(sector, "sector") if sector else None,
    )
    st.caption(t("graph_counts", lang, nodes=len(drawing.nodes), edges=len(drawing.edges)))
    legend = " ".join(f"<span style='color:{COLORS[k]}'>●</span> {t(f'kind_{k}', lang)}" for k in kinds)
    st.markdown(
        f"<small>{legend} · <span style='color:#c62828'>━</span> {t('edge_moves', lang)}</small>",
        unsafe_allow_html=True,
    )
    if drawing.nodes:
        show_drawing(network_html(drawing, height=620, open_label=t("open_card", lang)), height=630)
    else:
        st.info(t("graph_empty", lang))
    _node_card(kd, [n.id for n in drawing.nodes], lang)


def _node_param(iri: str, kind: str) -> str:
    return urlstate.slug(iri, kind)


def node_name(kd: KnowledgeDrawing, iri: str, lang: str) -> str:
    """A node's label and kind, as listed in the selectbox."""
    kind, term = kd.nodes[iri]
    return f"{term.label(lang)} ({t(f'kind_{kind}', lang)})"


def _node_card(kd: KnowledgeDrawing, shown: list[str], lang: str) -> None:
    """The selectbox under the drawing: the chosen node's card (a role's full card, or a node's links)."""

    def from_url() -> str | None:
        value = urlstate.param("node")
        if not value:
            return None
        for iri, (kind, _) in kd.nodes.items():
            if value in (iri, urlstate.slug(iri, kind)):
                return iri
        return None

    urlstate.init_state(urlstate.wkey("graph_node"), shown, from_url)
    node = st.selectbox(
        t("open_node", lang),
        shown,
        key=urlstate.wkey("graph_node"),
        index=None,
        format_func=lambda i: node_name(kd, i, lang),
        placeholder=t("choose_node", lang),
    )
    urlstate.set_params(node=_node_param(node, kd.nodes[node][0]) if node else None)
    if node is None:
        return
    kind, term = kd.nodes[node]
    if kind == "role":
        role_card(cached_profile(node), lang)
        return
    st.subheader(f"{term.label(lang)} — {t(f'kind_{kind}', lang)}")
    iri_line(node, lang)
    linked = []
    for a, b, key, _ in kd.edges:
        other = b if a == node else a if b == node else None
        if other is not None and kd.nodes.get(other, ("", None))[0] == "role":
            url = urlstate.link("roles", lang, role=urlstate.slug(other, "role"))
            linked.append((t(key, lang), anchor(url, kd.nodes[other][1].label(lang))))
    for label, link in sorted(set(linked)):
        st.markdown(f"- {label} : {link}" if lang == "fr" else f"- {label}: {link}", unsafe_allow_html=True)
