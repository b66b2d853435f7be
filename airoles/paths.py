"""Where things live. Paths are resolved relative to the repository root (we run from a checkout,
installed with ``pip install -e .``).

Other modules must read these as attributes at call time (``paths.ONTOLOGY_FILE``), never copy them
at import time, so tests can monkeypatch them.

Environment overrides: ``AIROLES_ROOT`` (repository root), ``AIROLES_SEEDS`` (seed articles).
"""

import os
from pathlib import Path

REPO_ROOT: Path = Path(os.environ.get("AIROLES_ROOT") or Path(__file__).resolve().parent.parent).resolve()

ONTOLOGY_DIR: Path = REPO_ROOT / "ontology"
ONTOLOGY_FILE: Path = ONTOLOGY_DIR / "airoles.ttl"
KB_DIR: Path = ONTOLOGY_DIR / "kb"
SHAPES_DIR: Path = REPO_ROOT / "shapes"
QUERIES_DIR: Path = REPO_ROOT / "queries"
DIST_DIR: Path = REPO_ROOT / "dist"
SEEDS_DIR: Path = Path(os.environ.get("AIROLES_SEEDS") or REPO_ROOT.parent / "shared" / "seeds")
