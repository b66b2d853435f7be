"""SPARQL page: a read-only console over the inferred graph (and an imported ESCO graph, when present), with
the named queries as examples.

Queries run through :class:`airoles_kg.sparql.engine.QueryEngine` (pyoxigraph; a query, never an update, so
the
console is read-only), parameters are bound by substitution (never pasted into the text), and the time
limit stops a runaway query. Errors (syntax, unknown role, time limit) are shown as messages.
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path

import streamlit as st
from rdflib import Graph

from airoles_kg.core.classes import instances
from airoles_kg.core.errors import AirolesError
from airoles_kg.core.resolve import label, normalise, resolve
from airoles_kg.explorer import resources, urlstate
from airoles_kg.explorer.formats import number
from airoles_kg.explorer.i18n import t, tn
from airoles_kg.sparql.engine import KIND_CLASSES, QueryEngine, Result, esco_layer_for, external_state
from airoles_kg.sparql.library import NamedQuery, named_queries, parse_query
from airoles_kg.sparql.results import cell
from airoles_kg.sparql.results import render as render_result

PAGE = "sparql"
PARAMS = ("query", "timeout", "editor")
SOURCE = "sparql_source"  # the query's text, whichever editor shows it
EDITOR_VERSION = "sparql_editor_version"  # a new key remounts the highlighting editor with new text
EDITOR_EVENT = "sparql_editor_event"  # the id of the editor's last event already taken
# Streamlit titles a component's iframe with the component's name ("code_editor.code_editor"): screen readers
# announce the frame by its title, so it gets the page's words (and keeps them when React re-renders it).
FRAME_TITLE_SCRIPT = """<script>(function () {
  window.__airolesEditorTitle = %s;
  if (window.__airolesEditorTitler) return;
  window.__airolesEditorTitler = true;
  const apply = () => document.querySelectorAll(
    'iframe[title="code_editor.code_editor"], iframe[data-airoles-editor]'
  ).forEach((frame) => {
    frame.dataset.airolesEditor = "1";
    if (frame.title !== window.__airolesEditorTitle) frame.title = window.__airolesEditorTitle;
  });
  apply();
  new MutationObserver(apply).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["title"],
  });
})();</script>"""
# Ctrl+Enter sends the text 350 ms later: past the 250 ms after which the editor sends what was just typed.
# Streamlit keeps a component's last value only, so an earlier "run" would be replaced by that "change".
RUN_KEY = {
    "name": "run",
    "bindKey": {"win": "Ctrl-Enter", "mac": "Command-Enter"},
    "commands": [["delayedExecute", {"command": "submit", "timeout": 350}]],
    "style": {"display": "none"},
}
# SPARQL tokens as Ace's SPARQL mode names them; WCAG AA contrast on the editor's background (#f6f6f7).
EDITOR_CSS = """
.ace-tm { background: #f6f6f7; color: #141312; }
.ace-tm .ace_gutter { background: #ececee; color: #55585e; }
.ace-tm .ace_marker-layer .ace_active-line { background: #e9ebef; }
.ace-tm .ace_marker-layer .ace_selection { background: #c9d7ee; }
.ace-tm .ace_cursor { color: #141312; }
.ace-tm .ace_keyword.ace_other { color: #0b4f8a; font-weight: 600; }
.ace-tm .ace_comment { color: #55585e; font-style: italic; }
.ace-tm .ace_string { color: #8a3b12; }
.ace-tm .ace_variable { color: #6a1b9a; }
.ace-tm .ace_entity { color: #0f6b3a; }
.ace-tm .ace_support.ace_function { color: #a12a36; }
.ace-tm .ace_constant { color: #7a4b00; }
"""
# Where a syntax error is: the engine's "NAME:LINE:COLUMN: ..." (pyoxigraph's "error at LINE:COLUMN" too).
ERROR_AT = re.compile(r"(?:\berror at |^[^\s:]+:)(\d+):(\d+)")
PARAM_PREFIX = "p_"  # ?p_role=chef-de-projet-ia sets the parameter "role"
# A web visitor's limits: below the CLI's (30 s, 4 GiB), and the URL cannot raise them (?timeout= is clamped).
DEFAULT_TIMEOUT = 10
MAX_TIMEOUT = 15
MAX_MEMORY = 1024**3  # bytes a visitor's query may allocate
MAX_ROWS = 5000


@st.cache_resource(show_spinner=False, max_entries=1)
def _engine(external: tuple[tuple[str, int, int], ...]) -> QueryEngine:
    files = [Path(path) for path, _, _ in external]
    # No ESCO import: the shipped ESCO layer, added the first time a query names an ESCO IRI.
    engine = QueryEngine(resources.inferred(), files, esco_layer_for(files))
    engine.memory_limit = MAX_MEMORY  # no SERVICE either: allowed_services stays empty
    return engine


def engine() -> QueryEngine:
    """The query engine over the inferred graph plus the external graphs (an ESCO import) when present.

    Its pyoxigraph store is built once, and again when an external graph is imported, replaced or removed
    (the cache is keyed by their paths, sizes and modification times).
    """
    return _engine(external_state())


@st.cache_resource(show_spinner=False)
def library() -> dict[str, NamedQuery]:
    """The named queries of ``queries/``, by name."""
    return {q.name: q for q in named_queries()}


def render(lang: str) -> None:
    """Draw the SPARQL page."""
    st.header(t("sparql_title", lang))
    st.caption(t("sparql_intro", lang))
    try:
        queries = library()
    except AirolesError as exc:  # a malformed file in queries/: say which, keep the console usable
        st.error(str(exc))
        queries = {}
    names = list(queries)
    urlstate.init_state("sparql_query", names, lambda: urlstate.param("query"))
    chosen = st.selectbox(
        t("example_queries", lang),
        names,
        key="sparql_query",
        index=None,
        format_func=lambda n: f"{queries[n].title_in(lang)} ({n})",
        placeholder=t("choose_query", lang),
        on_change=_load_example,
    )
    if SOURCE not in st.session_state:
        st.session_state[SOURCE] = queries[chosen].text if chosen else t("sparql_default", lang)
    if chosen:
        st.markdown(queries[chosen].description_in(lang))

    urlstate.init_state("sparql_plain", [False, True], lambda: urlstate.param("editor") == "plain")
    plain = st.toggle(t("plain_editor", lang), key="sparql_plain", on_change=_remount_editor)
    urlstate.set_params(editor="plain" if plain else None)
    submitted = False
    if plain:
        text = _plain_editor(lang)
    else:
        text, submitted = _highlighting_editor(lang)
    try:
        parsed = parse_query(text, name="console")
    except AirolesError as exc:
        _error(str(exc), text, lang)
        return
    values = _parameter_inputs(parsed, lang)
    if "sparql_timeout" not in st.session_state:
        st.session_state["sparql_timeout"] = DEFAULT_TIMEOUT
        wanted = urlstate.param("timeout") or ""
        if wanted.isdigit():
            st.session_state["sparql_timeout"] = max(1, min(MAX_TIMEOUT, int(wanted)))
    timeout = st.number_input(t("time_limit", lang), 1, MAX_TIMEOUT, key="sparql_timeout", step=1)
    in_url = {}
    for param in parsed.params:
        value = values.get(param.name) or None
        in_url[f"{PARAM_PREFIX}{param.name}"] = (
            urlstate.slug(value, param.kind) if value and param.kind in KIND_CLASSES else value
        )
    urlstate.set_params(query=chosen, timeout=timeout if timeout != DEFAULT_TIMEOUT else None, **in_url)

    clicked = st.button(t("run", lang), key="sparql_run", type="primary", icon=":material/play_arrow:")
    if clicked or submitted:
        missing = [p.name for p in parsed.params if not values.get(p.name)]
        try:
            if missing:
                raise AirolesError(tn("fill_params", lang, len(missing), names=", ".join(missing)))
            with st.spinner(t("running", lang)):
                result = engine().run_named(parsed, values, timeout=float(timeout), limit=MAX_ROWS)
            st.session_state["sparql_result"] = (text, values, result)
        except AirolesError as exc:
            st.session_state.pop("sparql_result", None)
            _error(str(exc), text, lang)
    shown = st.session_state.get("sparql_result")
    if shown and shown[:2] == (text, values):  # a result only stays under the query that gave it
        _show(shown[2], lang)


def _error(message: str, text: str, lang: str) -> None:
    """A query's error, and for a syntax error the line and column it points at, with that line shown."""
    found = ERROR_AT.search(message)
    if found is None:
        st.error(t("query_error", lang, message=message))
        return
    line, column = int(found.group(1)), int(found.group(2))
    st.error(t("query_error_at", lang, line=line, column=column, message=message))
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        st.code(f"{line:>4} | {lines[line - 1]}\n       {' ' * max(column - 1, 0)}^", language=None)


def _highlighting_editor(lang: str) -> tuple[str, bool]:
    """The query in Ace's SPARQL mode (bundled with the component: nothing is fetched), and whether the
    visitor asked to run it from the editor (Ctrl+Enter).

    The editor keeps its own text while the visitor types and sends it back a moment after typing stops
    (and on leaving it). Its ``code`` argument is only read when it is mounted: feeding it the text it sent
    back would undo the keys typed since. A text replaced from outside (an example chosen, the plain text
    area left) remounts it under a new key.
    """
    from code_editor import code_editor  # its front end loads only on this page

    st.markdown(f"**{t('query_text', lang)}**")
    st.caption(t("editor_keys", lang))
    st.html(FRAME_TITLE_SCRIPT % json.dumps(t("editor_frame_title", lang)), unsafe_allow_javascript=True)
    event = code_editor(
        st.session_state[SOURCE],
        lang="sparql",
        height=[12, 24],
        response_mode=["debounce", "blur"],
        options={"showLineNumbers": True, "wrap": True, "enableKeyboardAccessibility": True},
        # Ace's "textmate" theme: the component's own themes @import a font from fonts.googleapis.com. Its
        # colours (a 41-byte stylesheet in this build) are ours, each at least 4.5:1 on the background.
        props={"theme": "textmate", "enableLiveAutocompletion": False, "enableSnippets": False},
        component_props={"globalCSS": EDITOR_CSS},
        keybindings={},
        buttons=[RUN_KEY],
        key=f"sparql_editor_{st.session_state.get(EDITOR_VERSION, 0)}",
    )
    submitted = False
    if event and event.get("id") and event["id"] != st.session_state.get(EDITOR_EVENT):
        st.session_state[EDITOR_EVENT] = event["id"]
        st.session_state[SOURCE] = event["text"]
        submitted = event.get("type") == "submit"
    return st.session_state[SOURCE], submitted


def _plain_editor(lang: str) -> str:
    """The query in a plain text area (keyboards and screen readers handle it everywhere), and the same text
    highlighted in the other tab, for reading."""
    if "sparql_text" not in st.session_state:
        st.session_state["sparql_text"] = st.session_state[SOURCE]
    edit, read = st.tabs([t("query_edit", lang), t("query_read", lang)])
    with edit:
        text = st.text_area(t("query_text", lang), key="sparql_text", height=280)
    with read:
        st.code(text, language="sparql", line_numbers=True)
    st.session_state[SOURCE] = text
    return text


def _remount_editor() -> None:
    """On a switch between the two editors, each starts from the current text."""
    st.session_state.pop("sparql_text", None)
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1


def _load_example() -> None:
    """When another example is chosen, put its text in the editor (replacing what was there)."""
    name = st.session_state.get("sparql_query")
    if name:
        st.session_state[SOURCE] = library()[name].text
        st.session_state.pop("sparql_result", None)
        _remount_editor()


def _parameter_inputs(query: NamedQuery, lang: str) -> dict[str, str]:
    """One input per declared parameter: a list of names for roles, skills and sectors, else text."""
    values: dict[str, str] = {}
    if not query.params:
        return values
    st.markdown(f"**{t('parameters', lang)}**")
    graph = resources.inferred()
    for param in query.params:
        key = urlstate.wkey(f"sparql_param_{param.name}")
        caption = f"{param.name} ({param.kind}) — {param.meaning_in(lang)}"
        from_url = urlstate.param(f"{PARAM_PREFIX}{param.name}")
        if param.kind in KIND_CLASSES:
            kind = param.kind
            options = _instances(graph, kind, lang)
            urlstate.init_state(key, list(options), partial(_unslug, from_url, kind))
            if st.session_state.get(key) is None and param.example:
                st.session_state[key] = _example_option(options, param.example, kind)
            value = st.selectbox(
                caption,
                list(options),
                key=key,
                index=None,
                format_func=partial(_option_label, options),
                placeholder=t("choose_value", lang),  # never an example that looks filled in
            )
            values[param.name] = value or ""  # bound as an IRI: exact, whatever the labels
        else:
            if key not in st.session_state:
                st.session_state[key] = from_url or param.example or ""
            values[param.name] = st.text_input(caption, key=key)
    return values


def _unslug(value: str | None, kind: str) -> str | None:
    """The IRI a URL value stands for (None for no value)."""
    return urlstate.unslug(value, kind) if value else None


def _option_label(options: dict[str, str], iri: str) -> str:
    """The label of an option; "" for a value no longer among them (Streamlit then resets the widget)."""
    return options.get(iri, "")


def _instances(graph: Graph, kind: str, lang: str) -> dict[str, str]:
    """IRI -> label of the instances a parameter of ``kind`` accepts, sorted by label."""
    found = {str(i): label(graph, i, lang) for i in instances(graph, KIND_CLASSES[kind])}
    return dict(sorted(found.items(), key=lambda kv: normalise(kv[1])))


def _example_option(options: dict[str, str], example: str, kind: str) -> str | None:
    """The option a parameter's example names, in whichever language the example is written (the
    examples are French labels; the English page lists English labels)."""
    wanted = normalise(example)
    found = next((iri for iri, name in options.items() if normalise(name) == wanted), None)
    if found is None:
        try:
            found = str(resolve(resources.inferred(), example, KIND_CLASSES[kind]))
        except AirolesError:
            return None
    return found if found in options else None


def _show(result: Result, lang: str) -> None:
    """The result as a table (or true/false), with CSV and JSON downloads."""
    note = t("truncated", lang, n=MAX_ROWS) if result.truncated else ""
    if result.kind == "ask":
        st.success(t("ask_answer", lang, answer=t("yes" if result.boolean else "no", lang)))
        return
    prefixes = {p: str(ns) for p, ns in engine().graph.namespace_manager.namespaces()}
    if result.kind == "select":
        solutions = result.solutions()
        variables = [v.value for v in solutions.variables]
        rows = [
            {name: cell(term, prefixes) for name, term in zip(variables, s, strict=True)} for s in solutions
        ]
        csv_data, json_data = render_result(result, "csv"), render_result(result, "json")
        files = (
            ("CSV", csv_data, "results.csv", "text/csv"),
            ("JSON", json_data, "results.json", "application/sparql-results+json"),
        )
    else:
        triples = result.triples()
        variables = ["subject", "predicate", "object"]
        rows = [
            dict(
                zip(
                    variables, (cell(x, prefixes) for x in (tr.subject, tr.predicate, tr.object)), strict=True
                )
            )
            for tr in triples
        ]
        files = (
            ("Turtle", render_result(result, "turtle"), "results.ttl", "text/turtle"),
            ("JSON-LD", render_result(result, "jsonld"), "results.jsonld", "application/ld+json"),
        )
    st.caption(
        tn("result_count", lang, len(rows), seconds=number(round(result.elapsed, 2), lang))
        + (f" — {note}" if note else "")
    )
    st.dataframe(rows, hide_index=True, width="stretch", column_order=variables)
    cols = st.columns(len(files) + 2)
    for col, (name, data, file_name, mime) in zip(cols, files, strict=False):
        col.download_button(
            f"{t('download', lang)} {name}",
            data=data,
            file_name=file_name,
            mime=mime,
            key=f"sparql_download_{name}",
            on_click="ignore",
            icon=":material/download:",
        )
