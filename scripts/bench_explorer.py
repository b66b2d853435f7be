"""The explorer's speed as a person feels it, measured in Chromium (Debian's, driven by Playwright).

    python scripts/bench_explorer.py [--runs 5] [--json]

Starts ``streamlit run explorer_app.py`` in a fresh process (so the explorer's in-process caches are empty:
the graph, the inferences and the indexes are loaded on the first visit), then measures, in fresh browser
tabs:

- **first content, cold**: from opening ``/`` on the new server to the home page's title on screen (the
  page frame) and to the app being idle (every element drawn). Target: first content within 3 s.
- **role card, warm**: opening ``/roles?role=...`` in a new tab once the server is warm, until the card's
  heading shows. Target: 1 s.
- **moving between pages**: from a role card, following the link to one of its skills' pages inside the
  app (Streamlit's page navigation), against the plain alternative, loading the same address in the tab
  (what every link cost before: a full reload of the app). The ratio is reload / in-app.

Medians of ``--runs``; the first warm visit is not counted (it fills the caches of that page).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/support: the one way to start the explorer
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ROLE, ROLE_LABEL = "chef-de-projet-ia", "chef de projet IA"
SKILL_LINK, SKILL_LABEL = "★ gestion de projet", "gestion de projet"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _heading(page, text: str):  # noqa: ANN001, ANN202 - Playwright objects
    return page.get_by_role("heading", name=text, exact=True).first


def measure(runs: int) -> dict[str, object]:
    """Every figure of the module docstring, in seconds."""
    from playwright.sync_api import sync_playwright
    from support.explorer_server import running_explorer

    figures: dict[str, object] = {"runs": runs}
    with running_explorer() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)

        def tab():  # noqa: ANN202
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(180_000)
            return context, page

        context, page = tab()
        start = time.perf_counter()
        page.goto(f"{url}/")
        page.get_by_role("heading", level=1).first.wait_for()
        figures["cold_first_content_s"] = time.perf_counter() - start
        page.wait_for_function(IDLE)
        figures["cold_idle_s"] = time.perf_counter() - start
        context.close()

        def card() -> float:
            context, page = tab()
            start = time.perf_counter()
            page.goto(f"{url}/roles?role={ROLE}")
            _heading(page, ROLE_LABEL).wait_for()
            elapsed = time.perf_counter() - start
            context.close()
            return elapsed

        card()  # the first visit of a role card fills its caches
        figures["role_card_warm_s"] = [card() for _ in range(runs)]

        def move(in_app: bool) -> float:
            context, page = tab()
            page.goto(f"{url}/roles?role={ROLE}&tab=Compétences")
            link = page.get_by_role("link", name=SKILL_LINK)
            link.wait_for()
            target = url + "/" + link.get_attribute("href")
            start = time.perf_counter()
            if in_app:
                link.click()
            else:
                page.goto(target)
            _heading(page, SKILL_LABEL).wait_for()
            elapsed = time.perf_counter() - start
            context.close()
            return elapsed

        move(True)
        figures["move_in_app_s"] = [move(True) for _ in range(runs)]
        figures["move_reload_s"] = [move(False) for _ in range(runs)]
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing (Debian's chromium package)")
    figures = measure(args.runs)

    def median(values: object) -> float:
        return statistics.median(values)  # type: ignore[call-overload]

    summary = {
        "first content, cold (target 3 s)": figures["cold_first_content_s"],
        "app idle, cold": figures["cold_idle_s"],
        "role card, warm, new tab (target 1 s)": median(figures["role_card_warm_s"]),
        "card -> skill page, in the app": median(figures["move_in_app_s"]),
        "card -> skill page, full reload": median(figures["move_reload_s"]),
    }
    ratio = summary["card -> skill page, full reload"] / summary["card -> skill page, in the app"]
    if args.json:
        print(json.dumps({**figures, "reload_over_in_app": ratio}, indent=2))
        return
    print(f"explorer in Chromium, medians of {args.runs} runs")
    for name, value in summary.items():
        print(f"  {name:<42} {value:6.2f} s")
    print(f"  {'moving in the app is faster than a reload by':<42} {ratio:6.1f} x")


if __name__ == "__main__":
    main()
