"""The documentation site (``mkdocs.yml``, ``docs/``): references up to date, a strict build, offline.

``scripts/gen_docs.py`` writes ``docs/reference/`` from the CLI's parsers, ``ontology/airoles.ttl`` and
``schemas/careers.schema.json``; ``mkdocs build --strict`` must then succeed (no broken link or anchor, every
page in the nav), and the built pages must load no script or stylesheet from another site. MkDocs and
Material are the ``docs`` extra: without them the build tests skip outside CI and fail in it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.requirements import REPO, require

GEN_DOCS = REPO / "scripts" / "gen_docs.py"


def _command_names() -> list[str]:
    from airoles_kg.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    raise AssertionError("airoles_kg.cli.build_parser() has no sub-commands")


class _RemoteAssets(HTMLParser):
    """Collects the http(s) URLs a page loads through ``<script src>`` or ``<link href>``."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            url = values.get("src")
        elif tag == "link" and not {"canonical", "alternate"} & set((values.get("rel") or "").split()):
            url = values.get("href")  # a canonical or alternate link names a page, it loads nothing
        else:
            return
        if url and url.strip().lower().startswith(("http://", "https://", "//")):
            self.urls.append(f"<{tag}> {url}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ``mkdocs build --strict`` into a temporary directory."""
    missing = [name for name in ("mkdocs", "material") if importlib.util.find_spec(name) is None]
    require(not missing, f"{', '.join(missing)} not installed (pip install -e '.[docs]')")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            "mkdocs.yml",
            "--site-dir",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_generated_references_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(GEN_DOCS), "--check"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (
        f"docs/reference/ is out of date (python scripts/gen_docs.py):\n{result.stdout}{result.stderr}"
    )


def test_strict_build_has_a_page_per_command(site: Path) -> None:
    assert (site / "index.html").is_file()
    for page in ("cli", "ontology", "schema"):
        assert (site / "reference" / f"{page}.html").is_file(), f"no reference/{page}.html"
    overview = (site / "reference" / "cli.html").read_text(encoding="utf-8")
    for name in _command_names():
        page = site / "reference" / "cli" / f"{name}.html"
        assert page.is_file(), f"no page for `airoles {name}` ({page.relative_to(site)})"
        assert f"airoles {name}" in page.read_text(encoding="utf-8")
        assert f'href="cli/{name}.html"' in overview, f"reference/cli.html does not link to `airoles {name}`"


def test_built_site_loads_nothing_from_other_sites(site: Path) -> None:
    remote: list[str] = []
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _RemoteAssets()
        parser.feed(page.read_text(encoding="utf-8"))
        remote += [f"{page.relative_to(site)}: {url}" for url in parser.urls]
    assert not remote, (
        "pages load scripts or stylesheets from other sites (a CDN, remote fonts):\n" + "\n".join(remote)
    )


# A path the docs give for a file of ours, in backquotes (`airoles_kg/shacl/fast.py`); NAME-like placeholders
# (`queries/NAME.rq`, `queries/x.rq`) are examples, not files.
_FILE_IN_DOCS = re.compile(
    r"`((?:airoles_kg|scripts|tests|ontology|shapes|queries|mappings|esco)/[\w./-]+\.(?:py|ttl|rq|tsv|sh|json))`"
)
_EXAMPLES = {"queries/x.rq", "queries/NAME.rq"}


def test_the_files_the_docs_name_exist() -> None:
    """A module moved (e.g. airoles_kg/fastshacl.py -> airoles_kg/shacl/fast.py) leaves no stale path."""
    pages = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md", REPO / "CONTRIBUTING.md"]
    missing = [
        f"{page.relative_to(REPO)}: {name}"
        for page in pages
        for name in _FILE_IN_DOCS.findall(page.read_text(encoding="utf-8"))
        if name not in _EXAMPLES and not (REPO / name).exists()
    ]
    assert missing == []
