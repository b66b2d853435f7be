"""The role card: everything about one role (definition, missions, skills, education, salaries, codes,
employers, sectors, teams, transitions), each section with the article excerpts behind its facts. Shared by
the pages that show a role."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import streamlit as st
from rdflib import URIRef

from airoles_kg.core.namespaces import AIROLES
from airoles_kg.esco import esco_matches
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.charts import SalaryBar, salary_chart_spec
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.navigation import go, go_to, href, links_row
from airoles_kg.explorer.widgets import anchor, facts_expander, iri_line, labels, money, texts
from airoles_kg.profiles.profile import RoleProfile, SalaryObservation, Term, pick, role_profile

PAGE = "roles"
WHOLE = "all"  # ?view=all: the whole card, without tabs


@st.cache_resource(show_spinner=False)
def cached_profile(role: str) -> RoleProfile:
    """The profile of one role, read from the inferred graph (inferred families flagged as such)."""
    return role_profile(resources.inferred(), URIRef(role), resources.asserted())


# ---------------------------------------------------------------------------------------------------------
# The card
# ---------------------------------------------------------------------------------------------------------


def role_card(profile: RoleProfile, lang: str) -> None:
    """Everything about one role: definition, missions, skills, education, salaries, codes, employers,
    sectors, teams, transitions — each section with the article excerpts behind its facts."""
    st.subheader(profile.label(lang))
    other = pick(profile.labels, "en" if lang == "fr" else "fr")
    alt = texts(profile.alt_labels, lang)
    subtitle = [x for x in [other if other != profile.label(lang) else None, *alt] if x]
    if subtitle:
        st.caption(" · ".join(subtitle))
    if profile.families:
        badges = [
            f.label(lang) + ("" if f.asserted is not False else f" ({t('inferred', lang)})")
            for f in profile.families
        ]
        st.markdown(" ".join(f":blue-badge[{b}]" for b in badges))
    definition = pick(profile.definitions, lang)
    if definition:
        st.markdown(definition)
    for note in texts(profile.scope_notes, lang):  # what the articles say of the role as a whole
        st.markdown(f"*{note}*")
    iri_line(str(profile.iri), lang)

    sections = [(key, draw) for key, has, draw in SECTIONS if has(profile)]
    missing = [t(key, lang).lower() for key, has, _ in SECTIONS if not has(profile)]
    if missing:  # said once, not per tab
        st.caption(t("not_covered", lang, what=", ".join(missing)))
    role = urlstate.slug(str(profile.iri), "role")
    if urlstate.param("view") == WHOLE:  # every section one after the other: to print, or to read at once
        go(PAGE, t("card_tabs", lang), lang, icon=":material/tab:", role=role)
        for key, draw in sections:
            st.subheader(t(key, lang))
            draw(profile, lang)
        return
    go(PAGE, t("card_whole", lang), lang, icon=":material/print:", role=role, view=WHOLE)
    # The open tab is in the URL (?tab=...), so a link or Back shows the same tab.
    tabs = st.tabs([t(key, lang) for key, _ in sections], key="tab", bind="query-params")
    for tab, (_, draw) in zip(tabs, sections, strict=True):
        with tab:
            draw(profile, lang)


def _has_skills(profile: RoleProfile) -> bool:
    moves = resources.career_moves()
    return bool(profile.skills) or (moves is not None and bool(moves.profile(str(profile.iri))))


def _has_codes(profile: RoleProfile) -> bool:
    return bool(profile.codes) or bool(esco_matches(resources.inferred(), profile.iri, "fr"))


def _missions(profile: RoleProfile, lang: str) -> None:
    lines = []
    for i, mission in enumerate(profile.missions, start=1):
        text = pick(mission.labels, lang) or pick(mission.description, lang) or str(mission.iri)
        cats = labels(mission.categories, lang)
        line = f"{mission.order or i}. {text}" + (f" — *{cats}*" if cats else "")
        if mission.importance is not None and mission.importance.iri == AIROLES.Essential:
            line += f" · **{t('essential_mission', lang)}**"
        if mission.skills:
            line += f"  \n   {t('mission_skills', lang)} {labels(mission.skills, lang)}"
        lines.append(line)
    st.markdown("\n".join(lines))
    facts_expander(
        t("excerpts", lang),
        [(pick(m.labels, lang) or str(m.iri), m.provenance) for m in profile.missions],
        lang,
    )


def _esco_skills(profile: RoleProfile, lang: str) -> bool:
    """What ESCO says of the role's mapped occupations (essential, then optional skills), marked as ESCO's;
    False when ESCO knows nothing of it."""
    moves = resources.career_moves()
    if moves is None:
        return False
    role = str(profile.iri)
    occupations = moves.occupations_of(role)
    skills = moves.profile(role) if occupations else {}
    if not skills:
        return False
    st.markdown(f"**{t('esco_skills', lang)}**")
    names = ", ".join(anchor(href(o, lang), moves.layer.label(o, lang)) for o in occupations)
    st.caption(t("esco_skills_intro", lang, occupations=names), unsafe_allow_html=True)
    for occupation in occupations:
        described = moves.layer.occupations[occupation].descriptions
        text = described.get(lang) or described.get("en")
        if text:
            st.caption(f"{moves.layer.label(occupation, lang)} (ESCO) — {text}")
    columns = st.columns(2)
    for column, importance, key in zip(
        columns, ("essential", "optional"), ("esco_essential", "esco_optional"), strict=True
    ):
        found = [s for s, imp in skills.items() if imp == importance]
        found.sort(key=lambda s: (moves.layer.label(s, lang).casefold(), s))
        items = []
        for skill in found:
            concept = moves.layer.skills.get(skill)
            label = concept.label(lang) if concept else skill
            other = concept.label_lang(lang) if concept else None
            items.append((skill, f"{label} ({other})" if other and other != lang else label))
        with column:
            st.markdown(f"*{t(key, lang, n=len(found))}*")
            links_row(items, lang)
    return True


def _skills(profile: RoleProfile, lang: str) -> None:
    if not profile.skills:  # what ESCO says is all there is
        _esco_skills(profile, lang)
        return
    by_kind: dict[str, list] = defaultdict(list)
    kind_names: dict[str, str] = {}
    for req in profile.skills:
        key = str(req.kind.iri) if req.kind else ""
        kind_names[key] = req.kind.label(lang) if req.kind else t("other_kind", lang)
        by_kind[key].append(req)
    columns = st.columns(min(len(by_kind), 2))
    for i, (key, reqs) in enumerate(sorted(by_kind.items(), key=lambda kv: kind_names[kv[0]])):
        with columns[i % len(columns)]:
            st.markdown(f"**{kind_names[key].capitalize()}**")
            with st.container(horizontal=True, gap="small"):
                for req in reqs:
                    essential = req.importance is not None and req.importance.iri.endswith("Essential")
                    mark = "★" if essential else "☆"
                    imp = req.importance.label(lang) if req.importance else t("unspecified", lang)
                    sub = f" · {req.subkind.label(lang)}" if req.subkind else ""
                    go_to(str(req.skill.iri), f"{mark} {req.skill.label(lang)}", lang, help=f"{imp}{sub}")
    st.caption(t("skills_legend", lang))
    facts_expander(t("excerpts", lang), [(r.skill.label(lang), r.provenance) for r in profile.skills], lang)
    _esco_skills(profile, lang)


def _education(profile: RoleProfile, lang: str) -> None:
    facts = []
    for req in profile.education:
        parts = [labels((d.term for d in req.degree_levels), lang), labels(req.fields, lang)]
        for cred in req.credentials:
            extra = [cred.category.label(lang)] if cred.category else []
            if cred.providers:
                extra.append(labels(cred.providers, lang))
            parts.append(cred.term.label(lang) + (f" ({', '.join(extra)})" if extra else ""))
        text = pick(req.labels, lang) or " · ".join(p for p in parts if p) or str(req.iri)
        detail = " · ".join(p for p in parts if p and p != text)
        imp = f" — *{req.importance.label(lang)}*" if req.importance else ""
        st.markdown(f"- {text}{imp}" + (f"  \n  {detail}" if detail else ""))
        facts.append((text, req.provenance))
    facts_expander(t("excerpts", lang), facts, lang)


def _salary_text(s: SalaryObservation, lang: str) -> str:
    if s.amount is not None:
        return money(s.amount, s.currency, lang)
    if s.min_amount is not None and s.max_amount is not None:
        return f"{money(s.min_amount, s.currency, lang)} – {money(s.max_amount, s.currency, lang)}"
    bound = s.min_amount if s.min_amount is not None else s.max_amount
    return money(bound, s.currency, lang) if bound is not None else "?"


def _salaries(profile: RoleProfile, lang: str) -> None:
    # One chart per unit (currency, period, gross/net): figures in different units are not comparable.
    groups: dict[tuple, list[SalaryObservation]] = defaultdict(list)
    for s in profile.salaries:
        groups[(s.currency, s.period.iri if s.period else None, s.basis.iri if s.basis else None)].append(s)
    for observations in groups.values():
        first = observations[0]
        unit = " ".join(
            x
            for x in [
                first.currency or "",
                first.basis.label(lang) if first.basis else "",
                first.period.label(lang) if first.period else "",
            ]
            if x
        )
        bars, order = [], []
        for s in observations:
            level = s.level.label(lang) if s.level else t("unspecified", lang)
            if level not in order:
                order.append(level)
            low = float(s.min_amount) if s.amount is None and s.min_amount is not None else 0.0
            high = s.amount if s.amount is not None else (s.max_amount or s.min_amount or 0)
            source = labels(s.provenance.sources, lang) or t("unspecified", lang)
            bars.append(
                SalaryBar(
                    level,
                    low,
                    float(high),
                    _salary_text(s, lang),
                    source,
                    " / ".join(texts(s.provenance.excerpts, "fr")),
                )
            )
        spec = salary_chart_spec(bars, order, unit, t("level", lang), t("source", lang), lang)
        st.vega_lite_chart(spec, width="stretch")
        rows = []
        for s in observations:
            level = s.level.label(lang) if s.level else t("unspecified", lang)
            where = ", ".join(x for x in [s.country or "", s.year or ""] if x)
            study = labels(s.studies, lang)
            line = (
                f"- **{level}** : {_salary_text(s, lang)} {unit}"
                if lang == "fr"
                else f"- **{level}**: {_salary_text(s, lang)} {unit}"
            )
            line += f" *({s.kind.label(lang)})*" if s.kind else ""  # a mean is not a maximum
            line += f" ({where})" if where else ""
            line += f" — {labels(s.provenance.sources, lang)}"
            line += (
                f" · {t('study', lang)} : {study}"
                if study and lang == "fr"
                else (f" · {t('study', lang)}: {study}" if study else "")
            )
            rows.append(line)
        st.markdown("\n".join(rows))
    facts_expander(
        t("excerpts", lang),
        [
            (f"{s.level.label(lang) if s.level else ''} {_salary_text(s, lang)}".strip(), s.provenance)
            for s in profile.salaries
        ],
        lang,
    )


def _codes(profile: RoleProfile, lang: str) -> None:
    matches = esco_matches(resources.inferred(), profile.iri, lang)
    lines = []
    for code in profile.codes:
        kind = code.kind.label(lang) if code.kind else t("code", lang)
        name = pick({k: v for k, v in code.term.labels.items() if k}, lang) or ""
        lines.append(f"- **{kind}** `{code.notation or code.term.label(lang)}` {name}")
    st.markdown("\n".join(lines))
    if matches:
        st.markdown(f"**{t('aligned', lang)}**")
        for match in matches:
            target = match.target.label or str(match.target.iri).rsplit("/", 1)[-1]
            line = f"- `skos:{match.relation}` {anchor(href(str(match.target.iri), lang), target)}"
            if match.isco is not None:
                isco = f"ISCO-08 {match.isco.code or ''} {match.isco.label or ''}".strip()
                line += f" — {anchor(str(match.isco.iri), isco, new_tab=True)}"
            st.markdown(line, unsafe_allow_html=True)
            if match.justification:
                st.caption(match.justification)
    facts_expander(
        t("excerpts", lang), [(c.notation or c.term.label(lang), c.provenance) for c in profile.codes], lang
    )


def _market(profile: RoleProfile, lang: str) -> None:
    facts = []
    if profile.hiring:
        st.markdown(f"**{t('employers', lang)}**")
        links_row([(str(e.iri), e.label(lang)) for h in profile.hiring for e in h.employers], lang)
        for hiring in profile.hiring:
            names = labels(hiring.employers, lang)
            when = ", ".join(x for x in [hiring.country or "", hiring.year or ""] if x)
            if when:
                st.caption(f"{names} ({when})")
            facts.append((names, hiring.provenance))
    if profile.sectors:
        st.markdown(f"**{t('sectors', lang)}**")
        for opp in profile.sectors:  # a sector, or a size of organisation ("les PME")
            names = ", ".join(x for x in (labels(opp.sectors, lang), labels(opp.sizes, lang)) if x)
            kinds = ", ".join(texts(opp.employer_types, lang))
            with st.container(horizontal=True, vertical_alignment="center"):
                for term in (*opp.sectors, *opp.sizes):
                    go_to(str(term.iri), term.label(lang), lang)
                if kinds:
                    st.caption(kinds)
            facts.append((names, opp.provenance))
    if profile.job_boards:
        st.markdown(f"**{t('job_boards', lang)}**")
        for board in profile.job_boards:
            link = " ".join(anchor(u, u, new_tab=True) for u in board.urls)
            st.markdown(f"- {board.term.label(lang)} {link}", unsafe_allow_html=True)
    facts_expander(t("excerpts", lang), facts, lang)


def _role_links(terms: list[Term], lang: str) -> None:
    links_row([(str(m.iri), m.label(lang)) for m in terms], lang)


def _teams(profile: RoleProfile, lang: str) -> None:
    facts = []
    for title, groups in ((t("leads_team", lang), profile.teams_led), (t("member_of", lang), profile.groups)):
        if not groups:
            continue
        st.markdown(f"**{title}**")
        for group in groups:
            kind = f" ({group.kind.label(lang)})" if group.kind else ""
            size = f" — {t('target_size', lang, n=group.target_size)}" if group.target_size else ""
            with st.container(horizontal=True, vertical_alignment="center"):
                go_to(str(group.term.iri), group.term.label(lang), lang)
                if kind or size:
                    st.caption(f"{kind}{size}".strip(" —"))
            purpose = texts(group.purpose, lang)
            if purpose:
                st.markdown("  " + " ".join(purpose))
            if group.members:
                st.caption(t("members", lang))
                _role_links(group.members, lang)
            facts.append((group.term.label(lang), group.provenance))
    facts_expander(t("excerpts", lang), facts, lang)


def _transitions(profile: RoleProfile, lang: str) -> None:
    facts = []
    for title, items in (
        (t("moves_out", lang), profile.transitions_out),
        (t("moves_in", lang), profile.transitions_in),
    ):
        if not items:
            continue
        st.markdown(f"**{title}**")
        for move in items:
            kind = f"*{move.kind.label(lang)}*" if move.kind else ""
            conditions = " ".join(texts(move.conditions, lang))
            creds = labels(move.credentials, lang)
            suggested = labels(move.suggested_credentials, lang)
            with st.container(horizontal=True, vertical_alignment="center"):
                if move.other is not None:
                    go_to(str(move.other.iri), move.other.label(lang), lang)
                if kind:
                    st.markdown(kind)
            line = ""
            if conditions:
                line += f"  \n  {t('conditions', lang)} {conditions}"
            if creds:
                line += f"  \n  {t('credentials', lang)} {creds}"
            if suggested:
                line += f"  \n  {t('suggested_credentials', lang)} {suggested}"
            if line:
                st.markdown(line.lstrip())
            facts.append(((move.other.label(lang) if move.other else "?"), move.provenance))
    frm = urlstate.slug(str(profile.iri), "role")
    go("paths", t("see_paths", lang), lang, icon=":material/route:", **{"from": frm})
    facts_expander(t("excerpts", lang), facts, lang)


def _sources(profile: RoleProfile, lang: str) -> None:
    sources = profile.sources
    links_row([(str(s.iri), s.label(lang)) for s in sources], lang)
    facts_expander(t("role_excerpts", lang), [(profile.label(lang), profile.provenance)], lang)


# (tab label key, whether the role has data for it, how to draw it): the card shows only the tabs with data.
SECTIONS: list[tuple[str, Callable[[RoleProfile], bool], Callable[[RoleProfile, str], None]]] = [
    ("tab_missions", lambda p: bool(p.missions), _missions),
    ("tab_skills", _has_skills, _skills),
    ("tab_education", lambda p: bool(p.education), _education),
    ("tab_salaries", lambda p: bool(p.salaries), _salaries),
    ("tab_codes", _has_codes, _codes),
    ("tab_market", lambda p: bool(p.hiring or p.sectors or p.job_boards), _market),
    ("tab_team", lambda p: bool(p.teams_led or p.groups), _teams),
    ("tab_moves", lambda p: bool(p.transitions_out or p.transitions_in), _transitions),
    ("tab_sources", lambda p: True, _sources),
]
