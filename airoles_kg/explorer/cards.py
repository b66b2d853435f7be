"""The role card: everything about one role (definition, missions, skills, education, salaries, codes,
employers, sectors, teams, transitions), each section with the article excerpts behind its facts. Shared by
the pages that show a role."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st
from rdflib import URIRef

from airoles_kg.core.namespaces import AIROLES
from airoles_kg.esco import esco_matches
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.charts import SalaryBar, salary_chart_spec
from airoles_kg.explorer.i18n import t
from airoles_kg.explorer.widgets import anchor, facts_expander, labels, money, texts
from airoles_kg.profiles.profile import RoleProfile, SalaryObservation, pick, role_profile

PAGE = "roles"


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
    st.caption(f"IRI : `{profile.iri}`" if lang == "fr" else f"IRI: `{profile.iri}`")

    tabs = st.tabs(
        [
            t(k, lang)
            for k in (
                "tab_missions",
                "tab_skills",
                "tab_education",
                "tab_salaries",
                "tab_codes",
                "tab_market",
                "tab_team",
                "tab_moves",
                "tab_sources",
            )
        ]
    )
    with tabs[0]:
        _missions(profile, lang)
    with tabs[1]:
        _skills(profile, lang)
    with tabs[2]:
        _education(profile, lang)
    with tabs[3]:
        _salaries(profile, lang)
    with tabs[4]:
        _codes(profile, lang)
    with tabs[5]:
        _market(profile, lang)
    with tabs[6]:
        _teams(profile, lang)
    with tabs[7]:
        _transitions(profile, lang)
    with tabs[8]:
        _sources(profile, lang)


def _none(lang: str) -> None:
    st.caption(t("nothing_stated", lang))


def _missions(profile: RoleProfile, lang: str) -> None:
    if not profile.missions:
        return _none(lang)
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
    names = ", ".join(anchor(o, moves.layer.label(o, lang), new_tab=True) for o in occupations)
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
        lines = []
        for skill in found:
            concept = moves.layer.skills.get(skill)
            label = concept.label(lang) if concept else skill
            other = concept.label_lang(lang) if concept else None
            mark = f" <small>({other})</small>" if other and other != lang else ""
            lines.append(f"- {anchor(skill, label, new_tab=True)}{mark}")
        column.markdown(f"*{t(key, lang, n=len(found))}*")
        column.markdown("\n".join(lines) or "—", unsafe_allow_html=True)
    return True


def _skills(profile: RoleProfile, lang: str) -> None:
    if not profile.skills:
        if not _esco_skills(profile, lang):
            _none(lang)
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
            lines = []
            for req in reqs:
                essential = req.importance is not None and req.importance.iri.endswith("Essential")
                mark = "★" if essential else "☆"
                imp = req.importance.label(lang) if req.importance else t("unspecified", lang)
                sub = f" · {req.subkind.label(lang)}" if req.subkind else ""
                lines.append(f"- {mark} {req.skill.label(lang)} — *{imp}{sub}*")
            st.markdown("\n".join(lines))
    st.caption(t("skills_legend", lang))
    facts_expander(t("excerpts", lang), [(r.skill.label(lang), r.provenance) for r in profile.skills], lang)
    _esco_skills(profile, lang)


def _education(profile: RoleProfile, lang: str) -> None:
    if not profile.education:
        return _none(lang)
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
    if not profile.salaries:
        return _none(lang)
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
    if not profile.codes and not matches:
        return _none(lang)
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
            line = f"- `skos:{match.relation}` {anchor(str(match.target.iri), target, new_tab=True)}"
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
    if not (profile.hiring or profile.sectors or profile.job_boards):
        return _none(lang)
    facts = []
    if profile.hiring:
        st.markdown(f"**{t('employers', lang)}**")
        for hiring in profile.hiring:
            names = labels(hiring.employers, lang)
            when = ", ".join(x for x in [hiring.country or "", hiring.year or ""] if x)
            st.markdown(f"- {names}" + (f" ({when})" if when else ""))
            facts.append((names, hiring.provenance))
    if profile.sectors:
        st.markdown(f"**{t('sectors', lang)}**")
        for opp in profile.sectors:  # a sector, or a size of organisation ("les PME")
            names = ", ".join(x for x in (labels(opp.sectors, lang), labels(opp.sizes, lang)) if x)
            kinds = ", ".join(texts(opp.employer_types, lang))
            st.markdown(f"- {names}" + (f" — *{kinds}*" if kinds else ""))
            facts.append((names, opp.provenance))
    if profile.job_boards:
        st.markdown(f"**{t('job_boards', lang)}**")
        for board in profile.job_boards:
            link = " ".join(anchor(u, u, new_tab=True) for u in board.urls)
            st.markdown(f"- {board.term.label(lang)} {link}", unsafe_allow_html=True)
    facts_expander(t("excerpts", lang), facts, lang)


def _role_links(terms, lang: str) -> str:
    return ", ".join(
        anchor(urlstate.link(PAGE, lang, role=urlstate.slug(str(m.iri), "role")), m.label(lang))
        for m in terms
    )


def _teams(profile: RoleProfile, lang: str) -> None:
    if not profile.teams_led and not profile.groups:
        return _none(lang)
    facts = []
    for title, groups in ((t("leads_team", lang), profile.teams_led), (t("member_of", lang), profile.groups)):
        if not groups:
            continue
        st.markdown(f"**{title}**")
        for group in groups:
            kind = f" ({group.kind.label(lang)})" if group.kind else ""
            size = f" — {t('target_size', lang, n=group.target_size)}" if group.target_size else ""
            st.markdown(f"- **{group.term.label(lang)}**{kind}{size}")
            purpose = texts(group.purpose, lang)
            if purpose:
                st.markdown("  " + " ".join(purpose))
            if group.members:
                st.markdown(
                    f"{t('members', lang)} {_role_links(group.members, lang)}", unsafe_allow_html=True
                )
            facts.append((group.term.label(lang), group.provenance))
    facts_expander(t("excerpts", lang), facts, lang)


def _transitions(profile: RoleProfile, lang: str) -> None:
    if not profile.transitions_out and not profile.transitions_in:
        return _none(lang)
    facts = []
    for title, items in (
        (t("moves_out", lang), profile.transitions_out),
        (t("moves_in", lang), profile.transitions_in),
    ):
        if not items:
            continue
        st.markdown(f"**{title}**")
        for move in items:
            other = _role_links([move.other], lang) if move.other else "?"
            kind = f" — *{move.kind.label(lang)}*" if move.kind else ""
            conditions = " ".join(texts(move.conditions, lang))
            creds = labels(move.credentials, lang)
            suggested = labels(move.suggested_credentials, lang)
            line = f"- {other}{kind}"
            if conditions:
                line += f"  \n  {t('conditions', lang)} {conditions}"
            if creds:
                line += f"  \n  {t('credentials', lang)} {creds}"
            if suggested:
                line += f"  \n  {t('suggested_credentials', lang)} {suggested}"
            st.markdown(line, unsafe_allow_html=True)
            facts.append(((move.other.label(lang) if move.other else "?"), move.provenance))
    frm = urlstate.slug(str(profile.iri), "role")
    st.markdown(
        anchor(urlstate.link("paths", lang, **{"from": frm}), t("see_paths", lang)), unsafe_allow_html=True
    )
    facts_expander(t("excerpts", lang), facts, lang)


def _sources(profile: RoleProfile, lang: str) -> None:
    sources = profile.sources
    if not sources:
        return _none(lang)
    st.markdown("\n".join(f"- {s.label(lang)}  \n  `{s.iri}`" for s in sources))
    facts_expander(t("role_excerpts", lang), [(profile.label(lang), profile.provenance)], lang)
