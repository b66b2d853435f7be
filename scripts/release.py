"""Make a release: check that every place that states the version agrees, then build everything we publish.

    python scripts/release.py [--out DIR] [--tag]

1. **Checks** (nothing is built when one fails; the message says which file and what to fix):
   the version of the package (``airoles_kg.__version__``) is the one ``CITATION.cff`` and the ontology
   (``owl:versionInfo``, ``owl:versionIRI``) give, and ``CHANGELOG.md`` has a dated section for it
   (``## X.Y.Z — YYYY-MM-DD``); with ``--tag``, the work tree is clean and the tag does not exist yet.
2. **Build** into ``DIR`` (default ``dist/release-X.Y.Z``), each step into a temporary folder renamed at the
   end, so an interrupted release leaves no half-written folder:
   ``packages/`` the wheel and the source distribution (``python -m build``), ``data/`` the release
   artefacts of ``airoles build`` (RDF in four syntaxes, inferred graph, schema.org, CSV, shapes, docs.html,
   ``SHA256SUMS``), ``site/`` the documentation site (``mkdocs build --strict``), and ``SHA256SUMS`` of the
   packages.
3. With ``--tag``: the annotated git tag ``vX.Y.Z``. Pushing it and uploading the packages stay manual.

Version scheme: semantic versioning (CHANGELOG.md): a term or individual IRI never changes meaning; removing
one is a deprecation first, for one minor release.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


class ReleaseError(Exception):
    """A check failed or a step did not succeed: the message says what to fix."""


def package_version(repo: Path = REPO) -> str:
    """``__version__`` as ``airoles_kg/__init__.py`` writes it (read, not imported: the checkout's own)."""
    text = (repo / "airoles_kg" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not found:
        raise ReleaseError('airoles_kg/__init__.py: no __version__ = "X.Y.Z" line')
    return found.group(1)


def version_problems(repo: Path, version: str) -> list[str]:
    """Every place that disagrees with ``version``, as ``FILE: what is wrong`` (empty: all agree)."""
    problems: list[str] = []
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        problems.append(f"airoles_kg/__init__.py: version {version!r} is not X.Y.Z (semantic versioning)")
    citation = (repo / "CITATION.cff").read_text(encoding="utf-8")
    found = re.search(r"^version:\s*\"?([^\"\n]+)\"?\s*$", citation, re.MULTILINE)
    if not found or found.group(1).strip() != version:
        given = found.group(1).strip() if found else "none"
        problems.append(f"CITATION.cff: version is {given}, the package's is {version}")
    ontology = (repo / "ontology" / "airoles.ttl").read_text(encoding="utf-8")
    info = re.search(r'owl:versionInfo\s+"([^"]+)"', ontology)
    if not info or info.group(1) != version:
        problems.append(
            f"ontology/airoles.ttl: owl:versionInfo is {info.group(1) if info else 'missing'}, "
            f"the package's is {version}"
        )
    iri = re.search(r"owl:versionIRI\s+<([^>]+)>", ontology)
    if not iri or not iri.group(1).rstrip("/").endswith(f"/{version}"):
        problems.append(f"ontology/airoles.ttl: owl:versionIRI does not end in /{version}/")
    changelog = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    if not re.search(rf"^## {re.escape(version)} — \d{{4}}-\d{{2}}-\d{{2}}\s*$", changelog, re.MULTILINE):
        problems.append(f"CHANGELOG.md: no section '## {version} — YYYY-MM-DD' (move 'Unreleased' under it)")
    return problems


def _run(command: list[str], cwd: Path, what: str) -> None:
    print(f"release: {what}", flush=True)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise ReleaseError(f"{what} failed (exit {done.returncode}):\n{tail}")


def _sha256sums(folder: Path) -> str:
    lines = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
    return "\n".join(lines) + "\n"


def build_release(repo: Path, out: Path, version: str) -> list[Path]:
    """Build the packages, the data release and the docs site into ``out`` (replaced whole at the end)."""
    python = sys.executable
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as tmp:
        work = Path(tmp)
        packages = work / "packages"
        _run([python, "-m", "build", "--outdir", str(packages), str(repo)], repo, "wheel and sdist")
        names = sorted(p.name for p in packages.iterdir())
        expected = (f"airoles_kg-{version}-py3-none-any.whl", f"airoles_kg-{version}.tar.gz")
        if not all(name in names for name in expected):
            raise ReleaseError(f"python -m build wrote {names}, expected {list(expected)}")
        (packages / "SHA256SUMS").write_text(_sha256sums(packages), encoding="utf-8")
        airoles = [python, "-m", "airoles_kg", "build", "-q", "-o", str(work / "data")]
        _run(airoles, repo, "data release (airoles build)")
        site = [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(work / "site")]
        _run(site, repo, "documentation site (mkdocs build --strict)")
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
        out.chmod(0o755)  # TemporaryDirectory made it private to the user
    return sorted(out.iterdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="release folder (default: dist/release-X.Y.Z)")
    parser.add_argument("--tag", action="store_true", help="create the annotated git tag vX.Y.Z at the end")
    args = parser.parse_args(argv)
    try:
        version = package_version(REPO)
        problems = version_problems(REPO, version)
        tag = f"v{version}"
        if args.tag:
            status = subprocess.run(
                ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True, check=True
            )
            if status.stdout.strip():
                problems.append("git: the work tree has uncommitted changes (a tag must name what was built)")
            tags = subprocess.run(["git", "tag", "--list", tag], cwd=REPO, capture_output=True, text=True)
            if tags.stdout.strip():
                problems.append(f"git: tag {tag} exists already (a version is released once)")
        if problems:
            raise ReleaseError("not releasable:\n  " + "\n  ".join(problems))
        out = args.out if args.out is not None else REPO / "dist" / f"release-{version}"
        for path in build_release(REPO, out.resolve(), version):
            print(f"wrote {path}")
        if args.tag:
            _run(["git", "tag", "-a", tag, "-m", f"airoles {version}"], REPO, f"tag {tag}")
        print(f"release {version}: ready in {out}")
        return 0
    except ReleaseError as exc:
        print(f"release: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("release: interrupted (nothing was left half-written)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
