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
from airoles_kg.explorer.navigation import go_to, href, links_row
from airoles_kg.explorer.network import DrawEdge, Drawing, DrawNode, network_html
from airoles_kg.explorer.widgets import show_drawing
from airoles_kg.profiles.profile import RoleProfile, Term, role_profiles

PAGE = "graph"
PARAMS = ("kind", "sector", "node", "depth")
KINDS = ("role", "skill", "sector", "employer", "team", "credential", "code")
DEFAULT_KINDS = ("role", "sector", "team", "employer")
MAX_DEPTH = 3
EDGE_COLOR, MOVE_COLOR = "#757575", "#c62828"
# The legend draws each kind with the symbol of its shape, in its colour.
SYMBOLS = {
    "dot": "●",
    "diamond": "◆",
    "square": "■",
    "triangle": "▲",
    "star": "★",
    "triangleDown": "▼",
    "box": "▬",
}
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

    centre = _centre(kd, sorted(kd.nodes, key=lambda i: normalise(kd.nodes[i][1].label(lang))), lang)
    depth = 1
    if centre is not None:
        if "graph_depth" not in st.session_state or urlstate.url_changed("depth"):
            st.session_state["graph_depth"] = max(1, min(MAX_DEPTH, int(urlstate.param("depth") or 1)))
        depth = st.slider(t("graph_depth", lang), 1, MAX_DEPTH, key="graph_depth")

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
    if centre is not None:  # the neighbourhood: what is within ``depth`` links of the chosen node
        keep = _around(kd, centre, depth, keep | {centre})
    drawing = Drawing(directed=True)
    for iri in sorted(keep, key=lambda i: (normalise(kd.nodes[i][1].label(lang)), i)):
        kind, term = kd.nodes[iri]
        drawing.nodes.append(
            DrawNode(
                iri,
                term.label(lang),
                group=kind,
                color=COLORS[kind],
                shape=SHAPES[kind],
                size=30 if iri == centre else 22 if kind == "role" else 14,
                link=href(iri, lang),
                title=f"{term.label(lang)} ({t(f'kind_{kind}', lang)})",
            )
        )
    seen = set()
    facts = []
    for a, b, key, dashed in kd.edges:
        if a in keep and b in keep and (a, b, key) not in seen:
            seen.add((a, b, key))
            facts.append((kd.nodes[a][1].label(lang), t(key, lang), kd.nodes[b][1].label(lang)))
            drawing.edges.append(
                DrawEdge(
                    a,
                    b,
                    title=t(key, lang),
                    dashes=dashed,
                    color=MOVE_COLOR if key == "edge_moves" else EDGE_COLOR,
                    width=2.5 if key == "edge_moves" else 1,
                )
            )
    urlstate.set_params(
        kind=list(kinds) if list(kinds) != list(DEFAULT_KINDS) else None,
        sector=urlstate.slug(sector, "sector") if sector else None,
        node=_node_param(centre, kd.nodes[centre][0]) if centre else None,
        depth=depth if centre is not None and depth != 1 else None,
    )
    counts = t("graph_counts", lang, nodes=len(drawing.nodes), edges=len(drawing.edges))
    st.caption(counts)
    shown_kinds = [k for k in KINDS if any(kd.nodes[i][0] == k for i in keep)]
    symbol = "<span style='color:{}' aria-hidden='true'>{}</span> {}"
    legend = " · ".join(
        symbol.format(COLORS[k], SYMBOLS[SHAPES[k]], t(f"kind_{k}", lang)) for k in shown_kinds
    )
    st.markdown(
        f"<small>{legend} · <span style='color:{MOVE_COLOR}' aria-hidden='true'>━━</span> "
        f"{t('edge_moves', lang)} · <span aria-hidden='true'>┄┄</span> {t('graph_dashed', lang)}</small>",
        unsafe_allow_html=True,
    )
    if drawing.nodes:
        title = t("graph_frame_title", lang, counts=counts)
        show_drawing(
            network_html(drawing, height=620, open_label=t("open_card", lang), title=title), height=630
        )
        with st.expander(t("graph_pages", lang, n=len(drawing.nodes))):  # what a click in the drawing follows
            links_row([(n.id, n.label) for n in drawing.nodes], lang)
        with st.expander(t("graph_as_table", lang, n=len(facts))):
            st.dataframe(
                {
                    t("table_from", lang): [f[0] for f in facts],
                    t("table_link", lang): [f[1] for f in facts],
                    t("table_to", lang): [f[2] for f in facts],
                },
                hide_index=True,
                width="stretch",
            )
    else:
        st.info(t("graph_empty", lang))
    if centre is not None:
        _node_card(kd, centre, lang)


def _around(kd: KnowledgeDrawing, centre: str, depth: int, allowed: set[str]) -> set[str]:
    """The nodes of ``allowed`` within ``depth`` links of ``centre`` (links in either direction)."""
    neighbours: dict[str, set[str]] = {}
    for a, b, _, _ in kd.edges:
        if a in allowed and b in allowed:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    found, frontier = {centre}, {centre}
    for _ in range(depth):
        frontier = {n for f in frontier for n in neighbours.get(f, ())} - found
        found |= frontier
    return found


def _node_param(iri: str, kind: str) -> str:
    return urlstate.slug(iri, kind)


def node_name(kd: KnowledgeDrawing, iri: str, lang: str) -> str:
    """A node's label and kind, as listed in the selectbox."""
    kind, term = kd.nodes[iri]
    return f"{term.label(lang)} ({t(f'kind_{kind}', lang)})"


def _centre(kd: KnowledgeDrawing, options: list[str], lang: str) -> str | None:
    """The node the drawing is centred on (``?node=``): its neighbourhood is drawn, and its card shown."""

    def from_url() -> str | None:
        value = urlstate.param("node")
        if not value:
            return None
        for iri, (kind, _) in kd.nodes.items():
            if value in (iri, urlstate.slug(iri, kind)):
                return iri
        return None

    urlstate.init_state(urlstate.wkey("graph_node"), options, from_url, name="node")
    return st.selectbox(
        t("open_node", lang),
        options,
        key=urlstate.wkey("graph_node"),
        index=None,
        format_func=lambda i: node_name(kd, i, lang),
        placeholder=t("choose_node", lang),
    )


def _node_card(kd: KnowledgeDrawing, node: str, lang: str) -> None:
    """The chosen node under the drawing: a role's full card, else a link to the node's own page."""
    kind, term = kd.nodes[node]
    if kind == "role":
        role_card(cached_profile(node), lang)
        return
    go_to(node, f"{term.label(lang)} — {t(f'kind_{kind}', lang)}", lang)
