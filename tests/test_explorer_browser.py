"""The explorer in a real browser: ``streamlit run explorer_app.py`` driven with Playwright and Debian's
Chromium (never a browser Playwright downloads: the machine is offline).

A visitor opens the app, picks a role and sees its card, picks a path and sees it drawn, switches the
language and runs a named query. Screenshots go to ``tests/artifacts/`` (gitignored) for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.explorer_server import ExplorerDidNotStart, running_explorer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 120_000  # generous: the first page load builds the graph and the reasoner's output

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (Debian's chromium package)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package (test extra) is missing")


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """A running explorer; the server is stopped however the tests end."""
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "streamlit.log").open("w") as log:
        try:
            with running_explorer(log=log) as url:
                yield url
        except ExplorerDidNotStart as exc:
            pytest.fail(f"{exc}; see {ARTIFACTS / 'streamlit.log'}")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url):  # noqa: ANN001, ANN201 - Playwright objects
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


IDLE = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-stale=\"true\"]')"
)


SETTLED = (
    "() => document.getAnimations().every(a => a.playState !== 'running'"
    " || (a.effect && a.effect.getTiming().iterations === Infinity))"
)


def wait_idle(page) -> None:  # noqa: ANN001
    """Wait until Streamlit has finished running the script: no "running" indicator and no element left
    faded from the previous run (``data-stale``), twice 300 ms apart (on a busy machine the indicator may
    show only after the first check)."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function(IDLE, timeout=WAIT_MS)
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE, timeout=WAIT_MS)


def shot(page, name: str) -> None:  # noqa: ANN001
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def choose(page, label: str, option: str) -> None:  # noqa: ANN001
    """Pick ``option`` in the Streamlit selectbox labelled ``label`` (typing filters the list)."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=re.compile(f"^{re.escape(option)}$", re.I)).first.click()
    wait_idle(page)


def query_string(page) -> str:  # noqa: ANN001
    """The address bar's query string (Playwright's ``page.url`` misses history.replaceState updates)."""
    return page.evaluate("() => window.location.search")


def drawing_frame(page):  # noqa: ANN001, ANN201
    """The first drawing's iframe, once vis-network has put its canvas in it."""
    element = page.locator("iframe").first
    element.wait_for()
    frame = element.element_handle().content_frame()
    frame.wait_for_selector("#mynetwork canvas")
    frame.wait_for_function("() => typeof network !== 'undefined' && network !== null")
    return frame


def test_pick_a_role_and_see_its_card(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/?page=roles")
    wait_idle(page)
    choose(page, "Métier", "chef de projet IA")
    page.get_by_role("heading", name=re.compile("chef de projet IA", re.I)).first.wait_for()
    assert "role=chef-de-projet-ia" in query_string(page)  # choosing updates the URL
    page.get_by_role("tab", name="Salaires").click()
    page.locator(
        "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
    ).first.wait_for()
    page.get_by_text(re.compile(r"2\s950\s€")).filter(visible=True).first.wait_for()
    shot(page, "roles-chef-de-projet-ia-salaries")
    page.get_by_role("tab", name="Codes").click()
    # visible=True: the code is also named in collapsed "Sources" lists of other tabs (a curation's why)
    page.get_by_text("M1802").filter(visible=True).first.wait_for()
    shot(page, "roles-chef-de-projet-ia-codes")


def test_pick_a_path_and_see_it_drawn(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/?page=paths")
    wait_idle(page)
    choose(page, "Où vous êtes", "data analyst")
    choose(page, "Où vous voulez aller", "responsable IA")
    page.get_by_text(re.compile("MBA")).first.wait_for()
    frame = drawing_frame(page)
    nodes = frame.evaluate("() => network.body.data.nodes.get().map(n => n.label)")
    assert {"data analyst", "responsable IA"} <= set(nodes)
    drawn = frame.evaluate(
        "() => { const c = document.querySelector('#mynetwork canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++; return ink; }"
    )
    assert drawn > 0, "the canvas has something painted on it"
    html = frame.content()  # the iframe's own document
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", html), "nothing loads from a CDN"
    shot(page, "paths-data-analyst-responsable-ia")
    # Clicking a node opens its page inside the app (through the parent's history; no reload).
    page.evaluate(MARK)
    goal = "https://w3id.org/airoles/id/role/responsable-ia"
    x, y = frame.evaluate(
        "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]); return [p.x, p.y]; }", goal
    )
    box = frame.locator("#mynetwork canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_function("() => window.location.pathname.endsWith('/roles')")
    page.get_by_role("heading", name="responsable IA", exact=True).first.wait_for()
    assert "role=responsable-ia" in query_string(page)
    assert page.evaluate(STAYED), "the click reloaded the app"
    shot(page, "paths-node-clicked")


def test_switch_language(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/?page=paths&from=data-analyst&to=responsable-ia")
    wait_idle(page)
    page.get_by_role("heading", name="Parcours de carrière").wait_for()
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="Career paths").wait_for()
    page.get_by_text("Where you are").first.wait_for()
    page.wait_for_function("() => window.location.search.includes('lang=en')")
    shot(page, "paths-english")


def test_run_a_named_query(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/?page=sparql&query=role-skills&p_role=chef-de-projet-ia")
    wait_idle(page)
    page.get_by_role("button", name=re.compile("Exécuter")).click()
    wait_idle(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    page.get_by_text(re.compile(r"\d+ lignes en")).first.wait_for()
    page.get_by_role("button", name=re.compile("Télécharger CSV")).wait_for()
    shot(page, "sparql-role-skills")


def test_graph_page_draws_the_knowledge_graph(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/?page=graph")
    wait_idle(page)
    frame = drawing_frame(page)
    count = frame.evaluate("() => network.body.data.nodes.length")
    assert count > 20
    frame.wait_for_function("() => network.getScale() > 0")
    page.wait_for_timeout(500)  # stabilised
    assert frame.evaluate("() => network.getScale()") * 14 >= 12 - 1e-6, "labels of at least 12 px on screen"
    title = page.locator("iframe").first.get_attribute("title")
    assert title.startswith("Dessin interactif du graphe") and "tableau" in title
    shot(page, "graph")


# ---------------------------------------------------------------------------------------------------------
# Journeys: a student, a career changer, a recruiter; in-app navigation, Back, narrow screens, accessibility
# ---------------------------------------------------------------------------------------------------------

MARK = "() => { window.__airolesStay = 1; }"  # lost if the browser reloads the page
STAYED = "() => window.__airolesStay === 1"


def heading(page, text: str):  # noqa: ANN001, ANN201
    return page.get_by_role("heading", name=re.compile(f"^{re.escape(text)}$", re.I)).first


def test_unknown_role_in_the_address_offers_the_closest(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/roles?role=chef-de-projte-ia")
    wait_idle(page)
    page.get_by_text("Aucun métier ne s'appelle « chef-de-projte-ia ».").wait_for()
    page.get_by_role("link", name="chef de projet IA", exact=True).first.wait_for()  # suggested, and listed


def test_page_language_follows_the_switch(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/node?id=sector/banque&lang=en")
    wait_idle(page)
    heading(page, "banking").wait_for()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.locator("[data-testid='stSidebar']").get_by_text("Français", exact=True).click()
    heading(page, "banque").wait_for()
    page.wait_for_function("() => document.documentElement.lang === 'fr'")


def test_narrow_screen_reaches_the_menu(browser, app_url) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto(f"{app_url}/roles?role=chef-de-projet-ia")
        wait_idle(page)
        heading(page, "chef de projet IA").wait_for()
        shot(page, "narrow-role-card")
        page.locator(
            "[data-testid='stExpandSidebarButton'], [data-testid='stSidebarCollapsedControl']"
        ).first.click()
        page.locator("[data-testid='stSidebarNav']").get_by_text("Rechercher").click()
        heading(page, "Rechercher").wait_for()
    finally:
        context.close()


AXE_PAGES = [
    "/",
    "/search?q=chef%20projet",
    "/roles?role=chef-de-projet-ia",
    "/roles?role=chef-de-projet-ia&tab=Salaires",
    "/node?id=skill/python",
    "/esco?id=occupation/44508e7b-f56b-4bfb-9cd6-879838aecd94",
    "/paths?from=data-analyst&to=responsable-ia",
    "/moves",
    "/skills?skill=python",
    "/sparql",
    "/downloads",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_serious_accessibility_violation(page, app_url, lang: str) -> None:  # noqa: ANN001
    """axe-core (the copy axe-playwright-python ships, run offline) on every kind of page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def serious_violations() -> list[str]:
        wait_idle(page)
        # The fades and transitions of the last rerun ended (a colour half-way through its transition fails
        # the contrast check); infinite animations (none on a settled page) are not waited for.
        page.wait_for_function(SETTLED, timeout=WAIT_MS)
        violations = axe.run(page).response["violations"]
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}, e.g. {v['nodes'][0]['target']})"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    found = {}
    for path in AXE_PAGES:
        page.goto(f"{app_url}{path}{'&' if '?' in path else '?'}lang={lang}")
        serious = serious_violations()
        if serious:
            # Once more on the same page: on a loaded machine Streamlit may start a rerun (its elements
            # fading) between the idle check and axe; a real violation is there again.
            page.wait_for_timeout(1000)
            serious = serious_violations()
        if serious:
            found[path] = serious
    assert not found, found


def test_clicking_a_node_of_the_graph_opens_its_page_in_the_app(page, app_url) -> None:  # noqa: ANN001
    page.goto(f"{app_url}/graph?node=chef-de-projet-ia&kind=role&kind=sector")
    wait_idle(page)
    frame = drawing_frame(page)
    page.wait_for_timeout(500)  # stabilised
    page.evaluate(MARK)
    page.locator("iframe").first.scroll_into_view_if_needed()
    banking = "https://w3id.org/airoles/id/sector/banque"
    frame.evaluate("(id) => network.focus(id, {scale: network.getScale()})", banking)  # centred in view
    page.wait_for_timeout(300)
    x, y = frame.evaluate(
        "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]); return [p.x, p.y]; }",
        banking,
    )
    box = frame.locator("#mynetwork canvas").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_role("heading", name="banque", exact=True).first.wait_for()
    assert "id=sector%2Fbanque" in query_string(page) or "id=sector/banque" in query_string(page)
    assert page.evaluate(STAYED), "the click reloaded the app"


# ---------------------------------------------------------------------------------------------------------
# The four journeys of issue 17, each at 1280 px and 390 px, in French and in English
# ---------------------------------------------------------------------------------------------------------

WIDTHS = {"wide": 1280, "narrow": 390}
WORDS = {
    "fr": {
        "search_box": "Mots à chercher",
        "student_query": "chef projet",
        "role": "chef de projet IA",
        "skills_tab": "Compétences",
        "skill": "gestion de projet",
        "skill_roles": "Métiers qui demandent cette compétence",
        "occupation_query": "comptable",
        "occupation": "comptable",
        "closest": "Les métiers de l'IA les plus proches",
        "essential": r"Compétences essentielles \(\d+\)",
        "sector_query": "banque",
        "sector": "banque",
        "sector_roles": "Métiers concernés",
        "salaries_tab": "Salaires",
        "salary": r"2\s950\s€",
        "query_description": r"^Les compétences qu'un métier demande",
        "rows": r"\d+ lignes en",
        "csv": "Télécharger CSV",
        "editor_title": "Éditeur de requête SPARQL, avec coloration",
    },
    "en": {
        "search_box": "Words to look for",
        "student_query": "AI project manager",
        "role": "AI project manager",
        "skills_tab": "Skills",
        "skill": "project management",
        "skill_roles": "Roles that need this skill",
        "occupation_query": "accountant",
        "occupation": "accountant",
        "closest": "The closest AI roles",
        "essential": r"Essential skills \(\d+\)",
        "sector_query": "banking",
        "sector": "banking",
        "sector_roles": "Roles concerned",
        "salaries_tab": "Salaries",
        "salary": r"€2,950",
        "query_description": r"^The skills a role requires",
        "rows": r"\d+ rows in",
        "csv": "Download CSV",
        "editor_title": "SPARQL query editor, with highlighting",
    },
}
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(params=[(w, lang) for w in WIDTHS for lang in WORDS], ids=lambda p: f"{p[0]}-{p[1]}")
def visitor(browser, request):  # noqa: ANN001, ANN201 - Playwright objects
    """A tab at 1280 or 390 px whose visitor reads French or English. However the journey goes, the page
    never scrolls sideways and asked nothing of any host but the explorer's."""
    width, lang = request.param
    narrow = width == "narrow"
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 844 if narrow else 1000}, is_mobile=narrow, locale=lang
    )
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    outside: list[str] = []
    tab.on("request", lambda r: None if r.url.startswith(LOOPBACK) else outside.append(r.url))
    try:
        yield tab, lang, width
        scroll = tab.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= WIDTHS[width] + 1, f"the page is {scroll} px wide: it scrolls sideways"
        assert not outside, f"requests left the machine: {outside}"
    finally:
        context.close()


def test_student_searches_a_role_then_one_of_its_skills(visitor, app_url) -> None:  # noqa: ANN001
    """From the home page's box, 'chef projet' (a word missing) finds the role; the card's Skills tab links
    to a skill's page inside the app (no reload); Back restores the card."""
    page, lang, width = visitor
    w = WORDS[lang]
    page.goto(f"{app_url}/?lang={lang}")
    wait_idle(page)
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")  # Streamlit writes "en"
    page.evaluate(MARK)
    box = page.get_by_label(w["search_box"])
    box.fill(w["student_query"])
    box.press("Enter")
    page.wait_for_function("() => window.location.pathname.endsWith('/search')")
    wait_idle(page)
    page.get_by_role("link", name=w["role"], exact=True).first.click()
    heading(page, w["role"]).wait_for()
    page.wait_for_function("() => window.location.search.includes('role=chef-de-projet-ia')")
    page.get_by_role("tab", name=w["skills_tab"]).click()
    wait_idle(page)
    page.get_by_role("link", name=f"★ {w['skill']}").click()
    heading(page, w["skill"]).wait_for()
    page.get_by_text(w["skill_roles"]).wait_for()
    assert "/node" in page.evaluate("() => window.location.pathname")
    assert page.evaluate(STAYED), "moving between pages reloaded the app"
    shot(page, f"journey-student-{width}-{lang}")
    page.go_back()
    heading(page, w["role"]).wait_for()
    assert page.evaluate(STAYED)


def test_career_changer_starts_from_an_esco_occupation(visitor, app_url) -> None:  # noqa: ANN001
    """An accountant finds their ESCO occupation, its skills, and the AI roles closest to it; the first
    one opens its card."""
    page, lang, width = visitor
    w = WORDS[lang]
    page.goto(f"{app_url}/search?q={w['occupation_query']}&lang={lang}")
    wait_idle(page)
    page.get_by_role("link", name=w["occupation"], exact=True).first.click()
    page.get_by_text(w["closest"]).wait_for()
    page.get_by_text(re.compile(w["essential"])).wait_for()
    shot(page, f"journey-career-changer-{width}-{lang}")
    closest = page.locator("a[href^='roles?']").first  # the first AI role ranked
    name = closest.evaluate("a => a.querySelector('[data-testid=stMarkdownContainer]').innerText").strip()
    closest.click()
    heading(page, name).wait_for()


def test_recruiter_goes_from_a_sector_to_a_role_and_its_salaries(visitor, app_url) -> None:  # noqa: ANN001
    """A recruiter in banking: the sector's page lists the roles it hires for; a role's salaries follow,
    written the reader's way (2 950 € in French, €2,950 in English)."""
    page, lang, width = visitor
    w = WORDS[lang]
    page.goto(f"{app_url}/search?q={w['sector_query']}&lang={lang}")
    wait_idle(page)
    page.get_by_role("link", name=w["sector"], exact=True).first.click()
    heading(page, w["sector"]).wait_for()
    page.get_by_text(w["sector_roles"]).wait_for()
    page.evaluate(MARK)
    page.get_by_role("link", name=w["role"], exact=True).first.click()
    heading(page, w["role"]).wait_for()
    page.get_by_role("tab", name=w["salaries_tab"]).click()
    page.get_by_text(re.compile(w["salary"])).filter(visible=True).first.wait_for()
    assert page.evaluate(STAYED)
    shot(page, f"journey-recruiter-{width}-{lang}")


def test_researcher_edits_and_runs_a_named_query(visitor, app_url) -> None:  # noqa: ANN001
    """A researcher opens a named query: it is described in the page's language and shown highlighted (Ace's
    SPARQL mode, served by the explorer itself); they add a line, run it with Ctrl+Enter and can download
    the rows."""
    page, lang, width = visitor
    w = WORDS[lang]
    page.goto(f"{app_url}/sparql?query=role-skills&lang={lang}")
    wait_idle(page)
    page.get_by_text(re.compile(w["query_description"])).first.wait_for()
    frame = page.locator("iframe[data-airoles-editor]")
    frame.wait_for()
    assert frame.get_attribute("title") == w["editor_title"]
    editor = page.frame_locator("iframe[data-airoles-editor]")
    comment = editor.locator(".ace_comment", has_text="title").first  # line 1: drawn at any width
    comment.wait_for()
    plain = editor.locator(".ace_text-layer").first.evaluate("e => getComputedStyle(e).color")
    assert comment.evaluate("e => getComputedStyle(e).color") != plain, "the query is highlighted"
    editor.locator(".ace_content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nLIMIT 3")
    page.keyboard.press("Control+Enter")
    wait_idle(page)
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    page.get_by_text(re.compile(w["rows"].replace("\\d+", "3"))).first.wait_for()  # the edit was run
    page.get_by_role("button", name=re.compile(w["csv"])).wait_for()
    shot(page, f"journey-researcher-{width}-{lang}")
