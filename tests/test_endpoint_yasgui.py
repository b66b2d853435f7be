"""The endpoint's page is the YASGUI query editor (issue 18), offline: in Debian's Chromium (Playwright), a
researcher opens ``/``, runs the query it offers and reads the results, and no request leaves 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from support.requirements import require
from support.serving import Server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.browser


def test_the_editor_s_files_are_served_from_the_endpoint(server: Server):
    for path, media in (("/yasgui.min.js", "application/javascript"), ("/yasgui.min.css", "text/css")):
        response = requests.get(urljoin(server.url, path), timeout=30)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"].startswith(media)
        assert len(response.content) > 10_000
    page = requests.get(urljoin(server.url, "/"), headers={"Accept": "text/html"}, timeout=30).text
    assert '<script src="/yasgui.min.js"></script>' in page
    config = json.loads(
        page.split("new Yasgui(document.getElementById('yasgui'), ")[1].split(");</script>")[0]
    )
    assert config["requestConfig"]["endpoint"] == server.url
    assert "PREFIX airoles: <https://w3id.org/airoles/>" in config["yasqe"]["value"]
    # prefix autocompletion reads our prefixes, from here
    prefixes = requests.get(urljoin(server.url, config["yasqe"]["prefixCcApi"]), timeout=30).json()
    assert prefixes["airoles"] == "https://w3id.org/airoles/" and prefixes["role"].endswith("/id/role/")


def test_yasgui_runs_a_query_in_a_browser_without_leaving_the_machine(server: Server):
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (Debian's chromium package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    outside: list[str] = []
    base = urljoin(server.url, "/")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def watch(route, request) -> None:  # noqa: ANN001 - Playwright objects
                if urlsplit(request.url).hostname not in (
                    "127.0.0.1",
                    "localhost",
                ) and not request.url.startswith("data:"):
                    outside.append(request.url)
                    route.abort()
                else:
                    route.continue_()

            page.route("**/*", watch)
            page.goto(base)
            page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
            editor = page.evaluate("() => document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")
            assert "SELECT ?role ?name" in editor
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
            results = page.inner_text(".yasr")
            page.screenshot(path=str(ARTIFACTS / "endpoint-yasgui.png"), full_page=True)
        finally:
            browser.close()
    assert "AI project manager" in results
    assert outside == []
