"""The Streamlit explorer, driven with Streamlit's AppTest (no browser): every page runs, and what a
visitor looks for on each page is there — on the real knowledge base.

Pages and choices are set through URL query parameters (as a shared link would) or through the widgets.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qs

import pyarrow as pa
import pytest
import streamlit as st
from rdflib import Graph
from streamlit.testing.v1 import AppTest

from airoles_kg.core import paths
from airoles_kg.explorer import i18n
from airoles_kg.explorer.app import PAGES
from airoles_kg.explorer.network import remote_resources
from airoles_kg.explorer.pages.downloads import export_bytes

APP = str(Path(__file__).resolve().parent.parent / "explorer_app.py")
TIMEOUT = 180  # the first run loads the graph and the reasoner's output: seconds, not milliseconds


def run_app(**params: str | list[str]) -> AppTest:
    """The explorer after one run with ``params`` as the URL's query parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def page_text(at: AppTest) -> str:
    """Every piece of text the page shows (markdown, captions, headers, alerts, expander titles)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in (*at.title, *at.header, *at.subheader)]
    parts += [a.value for a in (*at.error, *at.warning, *at.info, *at.success)]
    parts += [e.label for e in at.expander]
    return re.sub(r"\s+", " ", "\n".join(parts))  # French numbers may use (narrow) no-break spaces


def chart_rows(at: AppTest) -> list[dict]:
    """The data rows behind the page's Vega-Lite charts (Streamlit ships them as Arrow tables)."""
    rows = []
    for chart in at.get("vega_lite_chart"):
        if chart.proto.data.data:
            table = pa.ipc.open_stream(chart.proto.data.data).read_all()
            rows += table.to_pylist()
        spec = json.loads(chart.proto.spec)
        rows += spec.get("data", {}).get("values", [])
    return rows


def drawings(at: AppTest) -> list[str]:
    """The HTML of the interactive drawings (iframes) on the page."""
    return [frame.proto.srcdoc for frame in at.get("iframe") if frame.proto.srcdoc]


def shown_page(at: AppTest) -> str:
    """The page the run showed (the explorer records it; AppTest has no URL path)."""
    return at.session_state["_shown_page"]


def links(at: AppTest) -> list[tuple[str, str, dict[str, list[str]]]]:
    """The in-app links on the page: (label, page, query parameters)."""
    return [
        (link.proto.label, link.proto.page, parse_qs(link.proto.query_string)) for link in at.get("page_link")
    ]


def option_index(select, label: str) -> int:
    """Where the option shown as ``label`` (any case) is in a selectbox (AppTest lists options as shown)."""
    return [o.lower() for o in select.options].index(label.lower())


# ---------------------------------------------------------------------------------------------------------
# Every page
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_in_both_languages(page: str, lang: str) -> None:
    at = run_app(page=page, lang=lang)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert shown_page(at) == page  # the first version's ?page= addresses still open their page


def test_home_answers_a_newcomer_and_links_every_page() -> None:
    at = run_app()
    no_exception(at)
    text = page_text(at)
    assert "graphe de connaissances" in text
    assert {page for _, page, _ in links(at)} >= set(PAGES) - {"home", "node", "esco"}
    assert [box.label for box in at.text_input][:1] == ["Mots à chercher"]  # the search comes first
    roles = next(m for m in at.metric if m.label == "Métiers")
    assert int(roles.value) >= 10  # the five articles describe more than ten roles


def test_changing_page_drops_the_previous_pages_parameters() -> None:
    at = run_app(page="roles", role="chef-de-projet-ia", lang="en")
    at.query_params["page"] = "paths"
    at.run()
    no_exception(at)
    assert at.header[0].value == "Career paths"
    assert dict(at.query_params) == {"lang": "en"}


def test_unknown_page_in_url_falls_back_to_home() -> None:
    at = run_app(page="nope")
    no_exception(at)
    assert shown_page(at) == "home"


# ---------------------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chef_card() -> AppTest:
    return run_app(page="roles", role="chef-de-projet-ia")


def test_role_card_shows_missions_in_order(chef_card: AppTest) -> None:
    no_exception(chef_card)
    assert chef_card.subheader[0].value.lower() == "chef de projet ia"
    missions = next(m.value for m in chef_card.markdown if re.match(r"^1\. ", m.value))
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", missions, re.M)]
    assert len(numbers) >= 5 and numbers == sorted(numbers)
    # The article's first mission: "bien définir les objectifs du projet".
    assert re.match(r"1\. définir les objectifs du projet", missions, re.I)


def test_role_card_salaries_both_sources(chef_card: AppTest) -> None:
    text = page_text(chef_card)
    assert re.search(r"débutant\*\* : 2 950 €", text)
    confirmed = re.findall(r"confirmé\*\* : (\d \d{3}) €", text)
    assert {"6 650", "6 600"} <= set(confirmed)  # two sources disagree: both figures are shown
    rows = chart_rows(chef_card)
    by_level = {}
    for row in rows:
        by_level.setdefault(row["level"], set()).add((row["text"], row["source"]))
    assert any(re.sub(r"\s", " ", text).startswith("2 950") for text, _ in by_level["débutant"])
    confirmed_chart = {re.sub(r"\s", " ", text) for text, _ in by_level["confirmé"]}
    assert {"6 650 €", "6 600 €"} <= confirmed_chart
    sources = {source for _, source in by_level["confirmé"]}
    assert len(sources) >= 2  # coloured by source: the two articles


def test_role_card_codes_and_sources(chef_card: AppTest) -> None:
    text = page_text(chef_card)
    assert "`M1802`" in text and "code ROME" in text
    excerpts = [e for e in chef_card.expander if e.label.startswith("Sources et extraits")]
    assert excerpts, "each section has its sources and excerpts"
    assert "Code ROME : M1802" in text  # the article's words behind the code
    # The ESCO alignment, linked, with its ISCO-08 group.
    assert re.search(  # the ESCO occupation's page in the explorer
        r"`skos:broadMatch` <a href=\"\./esco\?lang=fr&amp;id=occupation%2F[^\"]+\" "
        r"target=\"_self\">ICT project manager</a>",
        text,
    )
    assert "ISCO-08 1330" in text


def test_role_card_skills_marked_essential_or_optional(chef_card: AppTest) -> None:
    skills = {
        label: at_help
        for label, at_help in ((link.proto.label, link.proto.help) for link in chef_card.get("page_link"))
    }
    assert skills["★ gestion de projet"].startswith("essentielle")
    assert any(label.startswith("☆") and help_.startswith("optionnelle") for label, help_ in skills.items())


def test_choosing_a_role_updates_the_url_and_shows_its_card() -> None:
    at = run_app(page="roles")
    no_exception(at)
    select = at.selectbox(key="roles_role.fr")
    select.select_index(option_index(select, "chef de projet IA")).run()
    no_exception(at)
    assert at.query_params["role"] == "chef-de-projet-ia"
    assert "M1802" in page_text(at)


def test_role_search_is_accent_and_case_insensitive() -> None:
    at = run_app(page="roles", q="ARCHITECTE DE L'ECOSYSTEME")
    no_exception(at)
    names = [name.lower() for name in at.selectbox(key="roles_role.fr").options]
    # Best first: every word found; then roles with some of the words (a word may be missing).
    assert names[0] == "architecte de l'écosystème ia"
    assert "data analyst" not in names


def test_role_deep_link_in_english_and_by_label() -> None:
    at = run_app(page="roles", role="AI project manager", lang="en")
    no_exception(at)
    text = page_text(at)
    assert at.header[0].value == "Roles"
    assert re.search(r"beginner\*\*: €2,950", text)


# ---------------------------------------------------------------------------------------------------------
# Career paths
# ---------------------------------------------------------------------------------------------------------


def test_path_data_analyst_to_head_of_ai_shows_step_and_mba() -> None:
    at = run_app(page="paths", **{"from": "data-analyst", "to": "responsable-ia"})
    no_exception(at)
    text = page_text(at)
    assert re.search(r"data analyst → responsable IA", text, re.I)
    assert re.search(r"nature : \*évolution \(promotion\)\*", text)
    assert "MBA" in text and "Conditions :" in text
    drawn = drawings(at)
    assert drawn, "the paths are drawn"
    assert "data analyst" in drawn[0] and "responsable IA" in drawn[0]
    for page in drawn:
        assert "new vis.Network" in page  # vis-network is inlined, not fetched
        assert remote_resources(page) == [], "the machine is offline: nothing may load from a CDN"


def test_paths_where_can_i_go_from_here() -> None:
    at = run_app(page="paths", **{"from": "chef-de-projet-ia"})
    no_exception(at)
    text = page_text(at)
    assert "Où aller depuis : chef de projet IA" in text
    # Each role within reach links to its card, with how far it is and a link to the path there.
    reach = links(at)
    assert ("directeur de l'IA", "roles", {"lang": ["fr"], "role": ["directeur-ia"]}) in reach
    assert any(page == "paths" and q.get("to") == ["directeur-ia"] for _, page, q in reach)
    assert re.search(r"\b1 étape \(", text)


def test_choosing_path_roles_with_widgets_updates_the_url() -> None:
    at = run_app(page="paths")
    frm, to = at.selectbox(key="paths_from.fr"), at.selectbox(key="paths_to.fr")
    frm.select_index(option_index(frm, "data analyst"))
    to.select_index(option_index(to, "responsable IA"))
    at.run()
    no_exception(at)
    assert at.query_params["from"] == "data-analyst" and at.query_params["to"] == "responsable-ia"
    assert "MBA" in page_text(at)


# ---------------------------------------------------------------------------------------------------------
# Skill match
# ---------------------------------------------------------------------------------------------------------


def test_skills_python_and_sql_rank_ai_project_manager_high() -> None:
    at = run_app(page="skills", skill=["python", "sql"])
    no_exception(at)
    assert len(at.multiselect(key="skills_have.fr").value) == 2
    table = at.dataframe[0].value
    roles = [name.lower() for name in table["Métier"]]
    assert "chef de projet ia" in roles[:3]
    assert "Essentielles manquantes" in table.columns


def test_skills_chosen_with_the_widget_go_to_the_url() -> None:
    at = run_app(page="skills")
    select = at.multiselect(key="skills_have.fr")
    assert "Python" in select.options
    select.select("https://w3id.org/airoles/id/skill/python").run()
    no_exception(at)
    assert at.query_params["skill"] == "python"


# ---------------------------------------------------------------------------------------------------------
# Graph, SPARQL, downloads, language
# ---------------------------------------------------------------------------------------------------------


def test_graph_is_drawn_and_filtered_by_kind_and_sector() -> None:
    at = run_app(page="graph")
    no_exception(at)
    whole = drawings(at)[0]
    assert "chef de projet IA" in whole and remote_resources(whole) == []
    at.multiselect(key="graph_kinds.fr").set_value(["role", "skill"]).run()
    with_skills = drawings(at)[0]
    assert '"label": "Python"' in with_skills and '"label": "Python"' not in whole
    assert at.query_params["kind"] == ["role", "skill"]


def drawn_labels(page: str) -> set[str]:
    """The labels of the nodes a drawing holds (vis-network's node list in the page)."""
    return set(re.findall(r'"label": "([^"]+)"', page))


def test_graph_neighbourhood_of_a_node_with_a_depth() -> None:
    at = run_app(page="graph", node="chef-de-projet-ia", kind=["role", "skill", "sector"])
    no_exception(at)
    near = drawn_labels(drawings(at)[0])
    assert {"chef de projet IA", "Python", "banque"} <= near  # its skills and sectors
    assert "data scientist" not in near  # no link to it
    at.slider(key="graph_depth").set_value(2).run()
    farther = drawn_labels(drawings(at)[0])
    assert near < farther and at.query_params["depth"] == "2"
    # The same facts as a table: one row per link drawn.
    table = at.dataframe[0].value
    assert len(table) == drawings(at)[0].count('"from": ') and "De" in table.columns


def test_graph_drawing_is_the_same_on_every_run_and_readable() -> None:
    first = drawings(run_app(page="graph"))[0]
    assert first == drawings(run_app(page="graph"))[0]
    assert '"randomSeed": 7' in first and '"size": 12' in first  # edge labels at 12 px
    assert "frameElement.title" in first and "Dessin interactif du graphe" in first


def test_graph_node_selectbox_opens_a_role_card() -> None:
    at = run_app(page="graph", node="chef-de-projet-ia")
    no_exception(at)
    assert "M1802" in page_text(at)


def test_language_switch_changes_interface_strings_and_keeps_choices() -> None:
    at = run_app(page="paths", **{"from": "data-analyst", "to": "responsable-ia"})
    assert at.header[0].value == "Parcours de carrière"
    at.button_group(key="lang").set_value("en").run()
    no_exception(at)
    assert at.header[0].value == "Career paths"
    assert at.query_params["lang"] == "en"
    assert shown_page(at) == "paths"
    frm = at.selectbox(key="paths_from.en")
    assert frm.label == "Where you are"
    assert frm.value.endswith("/role/data-analyst")  # the choice survives the switch
    assert "Suggested training (an example, not a condition):" in page_text(at)


def test_sparql_named_query_runs_with_bound_parameter() -> None:
    at = run_app(page="sparql", query="role-skills", p_role="chef-de-projet-ia")
    no_exception(at)
    at.button(key="sparql_run").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    table = at.dataframe[0].value
    assert "skillLabel" in table.columns and len(table) >= 10
    assert {"Télécharger CSV", "Télécharger JSON"} <= {b.label for b in at.get("download_button")}


def test_sparql_malformed_query_shows_a_readable_error() -> None:
    at = run_app(page="sparql", editor="plain")
    at.text_area(key="sparql_text").input("SELECT ?s WHERE { ?s ?p ").run()
    at.button(key="sparql_run").click().run()
    no_exception(at)
    messages = [e.value for e in at.error]
    assert messages and "syntax error" in messages[0].lower()
    assert "Traceback" not in messages[0]


def test_sparql_console_is_read_only() -> None:
    at = run_app(page="sparql", editor="plain")
    at.text_area(key="sparql_text").input("INSERT DATA { <urn:a> <urn:b> <urn:c> }").run()
    at.button(key="sparql_run").click().run()
    no_exception(at)
    assert at.error, "an update is refused"


def test_downloads_offers_every_export() -> None:
    at = run_app(page="downloads")
    no_exception(at)
    buttons = at.get("download_button")
    assert len(buttons) == 7  # Turtle, N-Triples, RDF/XML, JSON-LD, schema.org, CSV zip, CSV for Excel zip


def test_interface_strings_exist_in_both_languages() -> None:
    for key, entry in i18n.STRINGS.items():
        assert set(entry) == set(i18n.LANGS), key
        assert all(entry.values()), key
    # Every key the code asks for: test_every_interface_string_used_exists_in_both_languages.


def test_download_files_are_generated_in_memory() -> None:
    turtle = Graph().parse(data=export_bytes("turtle", False, "fr"), format="turtle")
    assert len(turtle) > 1000
    with zipfile.ZipFile(io.BytesIO(export_bytes("csv", False, "fr"))) as archive:
        assert "roles.csv" in archive.namelist()
        assert b"chef-de-projet-ia" in archive.read("roles.csv")


def test_sparql_time_limit_stops_a_runaway_query() -> None:
    at = run_app(page="sparql", timeout="1", editor="plain")
    # A triple cross product of the whole graph: far more than a second of counting.
    at.text_area(key="sparql_text").input(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    ).run()
    at.button(key="sparql_run").click().run()
    no_exception(at)
    messages = [e.value for e in at.error]
    assert messages and "did not finish within 1 s" in messages[0]


def test_roles_filtered_by_family_and_sector() -> None:
    at = run_app(page="roles", family="ManagementRole")
    no_exception(at)
    managers = [name.lower() for name in at.selectbox(key="roles_role.fr").options]
    assert "responsable ia" in managers  # a management role by inference (it leads a team)
    assert "data analyst" not in managers
    everyone = run_app(page="roles").selectbox(key="roles_role.fr").options
    sector = run_app(page="roles", sector="sante")
    no_exception(sector)
    in_health = sector.selectbox(key="roles_sector.fr")
    assert in_health.value is not None, "the health sector of the articles is offered as a filter"
    assert 0 < len(sector.selectbox(key="roles_role.fr").options) < len(everyone)


def test_broken_knowledge_base_file_shows_a_clear_error(tmp_path, monkeypatch) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "broken.ttl").write_text("@prefix role: <https://w3id.org/airoles/id/role/> .\nrole:x a .\n")
    monkeypatch.setattr(paths, "KB_DIR", kb)
    st.cache_resource.clear()
    try:
        at = run_app(page="roles")
        no_exception(at)
        message = at.error[0].value
        assert "broken.ttl:2" in message and "invalid Turtle" in message
    finally:
        monkeypatch.undo()
        st.cache_resource.clear()  # the next tests load the real knowledge base again


# ---------------------------------------------------------------------------------------------------------
# From my job (skill-based moves over ESCO)
# ---------------------------------------------------------------------------------------------------------

ESCO_CHEF = "http://data.europa.eu/esco/occupation/1009be17-7efd-45f1-a033-566bf179c588"
ESCO_DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"


def test_from_an_esco_occupation_in_the_url_the_ai_roles_are_ranked_with_what_to_learn() -> None:
    at = run_app(page="moves", lang="en", **{"from": ESCO_DATA_ANALYST})
    no_exception(at)
    text = page_text(at)
    assert "Best 10 of" in text
    first = next(m.value for m in at.markdown if m.value.startswith("**1. "))
    assert "data analyst" in first and first.endswith("— 100%")  # English writes 100% (CLDR)
    assert at.expander and at.expander[0].label == "Why, and what is there to learn?"
    assert "Not a statement of the articles" in text or "not a statement of the articles" in text


def test_choosing_a_job_ranks_the_roles_and_puts_it_in_the_url() -> None:
    at = run_app(page="moves", lang="fr")
    no_exception(at)
    assert i18n.t("moves_choose", "fr") in page_text(at)
    select = at.selectbox[0]
    chef = next(i for i, o in enumerate(select.options) if o == "chef de cuisine — ESCO")
    at = select.select_index(chef).run()
    no_exception(at)
    assert at.query_params["from"] in (ESCO_CHEF, [ESCO_CHEF])
    # French writes "12 %" with a no-break space (CLDR).
    scores = [int(found.group(1)) for m in at.markdown if (found := re.search(r"\*\* — (\d+)\s%", m.value))]
    assert scores and max(scores) < 20  # a chef is far from every AI role


def test_an_unknown_job_in_the_url_says_so() -> None:
    at = run_app(page="moves", lang="en", **{"from": "bricklayr"})
    no_exception(at)
    assert "No job is called “bricklayr”." in page_text(at)


def test_the_role_card_shows_what_esco_says_apart_from_the_articles() -> None:
    at = run_app(page="roles", lang="en", role="data-scientist")
    no_exception(at)
    text = page_text(at)
    assert "According to ESCO" in text and "not what the articles say" in text
    assert "Essential (" in text


def test_the_explorer_listens_on_loopback_by_default():
    import tomllib

    config = tomllib.loads((paths.REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False


def test_every_interface_string_used_exists_in_both_languages() -> None:
    """Every ``t("key")`` and ``tn("key", ...)`` in the explorer's code names a string in French and English
    (a missing key is a KeyError on the visitor's screen)."""
    source = "\n".join(p.read_text("utf-8") for p in Path(i18n.__file__).parent.rglob("*.py"))
    used = set(re.findall(r"""\bt\(\s*["']([a-z0-9_:]+)["']""", source))
    counted = set(re.findall(r"""\btn\(\s*["']([a-z0-9_]+)["']""", source))
    assert used and counted
    for key in used:
        assert set(i18n.STRINGS[key]) == {"fr", "en"}, key
    for key in counted:
        assert set(i18n.STRINGS[f"{key}_other"]) == {"fr", "en"}, key
        assert set(i18n.STRINGS[f"{key}_one"]) == {"fr", "en"}, key
    assert not [k for k, v in i18n.STRINGS.items() if "(s)" in v["fr"] + v["en"]], "plurals by CLDR, not (s)"


def test_unknown_role_in_url_says_so_and_offers_the_closest() -> None:
    at = run_app(page="roles", role="chef-de-projte-ia")
    no_exception(at)
    assert "Aucun métier ne s'appelle « chef-de-projte-ia »." in page_text(at)
    assert ("chef de projet IA", "roles", {"lang": ["fr"], "role": ["chef-de-projet-ia"]}) in links(at)


def test_unknown_node_in_url_says_so_and_offers_the_closest() -> None:
    at = run_app(page="node", id="skill/pyhton")
    no_exception(at)
    assert "Aucune fiche ne correspond à « skill/pyhton »." in page_text(at)
    assert ("Python", "node", {"lang": ["fr"], "id": ["skill/python"]}) in links(at)


def test_sparql_in_english_starts_with_a_real_value_and_runs() -> None:
    """The example of a parameter is a French label: the English page still starts with that role chosen
    (not a grey placeholder that looks filled in), and running works."""
    at = run_app(page="sparql", query="role-skills", lang="en")
    role = next(s for s in at.selectbox if s.key and "sparql_param_role" in s.key)
    assert role.value == "https://w3id.org/airoles/id/role/chef-de-projet-ia"
    at.button(key="sparql_run").click().run()
    no_exception(at)
    assert not at.error and len(at.dataframe) == 1


def test_sparql_syntax_error_names_line_and_column() -> None:
    at = run_app(page="sparql", editor="plain")
    at.text_area(key="sparql_text").set_value("SELECT ?x WHERE {\n  ?x a ?y .\n  FILTER(?x = )\n}").run()
    at.button(key="sparql_run").click().run()
    no_exception(at)
    assert at.error[0].value.startswith("Erreur dans la requête, ligne 4, colonne 2 :")
    pointer = next(c for c in at.code if c.language != "sparql")  # not the highlighted query's tab
    assert pointer.value.startswith("   4 | }")


def test_sparql_editors_share_one_text() -> None:
    """The highlighting editor is the default (a component: AppTest cannot type in it); the plain text box is
    one switch away, in the URL, and starts from the chosen example; switching back keeps an edit."""
    at = run_app(page="sparql", query="role-skills")
    no_exception(at)
    assert not at.text_area, "the highlighting editor, not the text box, by default"
    at.toggle(key="sparql_plain").set_value(True).run()
    assert at.query_params["editor"] == "plain"
    box = at.text_area(key="sparql_text")
    assert "airoles:requiresSkill" in box.value
    box.set_value("ASK { ?s ?p ?o }").run()
    at.toggle(key="sparql_plain").set_value(False).run()
    assert "editor" not in at.query_params
    assert at.session_state["sparql_source"] == "ASK { ?s ?p ?o }"
    at.button(key="sparql_run").click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["Réponse : oui"]


def test_role_card_whole_on_one_page_for_printing() -> None:
    tabs = run_app(page="roles", role="chef-de-projet-ia")
    assert any(page == "roles" and q.get("view") == ["all"] for _, page, q in links(tabs))
    whole = run_app(page="roles", role="chef-de-projet-ia", view="all")
    no_exception(whole)
    headings = [h.value for h in whole.subheader]
    assert {"Missions", "Compétences", "Salaires", "Codes", "Sources"} <= set(headings)
    assert "M1802" in page_text(whole) and "gestion de projet" in page_text(whole)


def test_what_i_know_with_escos_skills() -> None:
    """Any of ESCO's skills can be added by its words; the AI roles are then ranked by ESCO overlap,
    told apart from the articles' requirements, and the choice is in the URL."""
    at = run_app(page="skills", lang="en")
    at.text_input(key="skills_esco_words").set_value("Python computer programming").run()
    add = next(b for b in at.button if b.label == "+ Python (computer programming)")
    add.click().run()
    no_exception(at)
    assert at.query_params["esco"] == "skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    assert "The closest AI roles according to ESCO" in [h.value for h in at.subheader]
    ranked = [label for label, page, _ in links(at) if page == "roles"]
    assert "machine learning engineer" in ranked
    again = run_app(page="skills", lang="en", esco="skill/ccd0a1d9-afda-43d9-b901-96344886e14d")
    assert [label for label, page, _ in links(again) if page == "roles"] == ranked  # the URL gives it back


def test_skill_gap_between_any_two_roles_even_without_a_path() -> None:
    """data scientist -> chef de projet IA: no stated path within 1 step, yet the gap is shown, the
    articles' and ESCO's apart."""
    at = run_app(page="paths", hops="1", **{"from": "data-scientist", "to": "chef-de-projet-ia"})
    no_exception(at)
    titles = [h.value for h in at.subheader]
    assert "De data scientist à chef de projet IA : l'écart de compétences" in titles
    text = page_text(at)
    assert "Selon les articles" in text and "Selon ESCO" in text
    learn = {label for label, page, q in links(at) if page == "node" and q["id"][0].startswith("skill/")}
    assert "gestion de projet" in learn  # essential to the chef de projet IA


def test_sparql_query_titles_in_the_page_language() -> None:
    """The examples' titles and descriptions follow the page's language (they were English on the French
    page)."""
    fr = run_app(page="sparql", query="role-skills")
    en = run_app(page="sparql", query="role-skills", lang="en")
    title_fr = fr.selectbox(key="sparql_query").format_func("role-skills")
    title_en = en.selectbox(key="sparql_query").format_func("role-skills")
    assert title_en == "Skills of a role (role-skills)"
    assert title_fr != title_en and title_fr.endswith("(role-skills)")
