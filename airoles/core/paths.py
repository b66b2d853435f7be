"""Where things live. Paths are resolved relative to the repository root (we run from a checkout,
installed with ``pip install -e .``).

Other modules must read these as attributes at call time (``paths.ONTOLOGY_FILE``), never copy them
at import time, so tests can monkeypatch them.

Environment overrides: ``AIROLES_ROOT`` (repository root), ``AIROLES_SEEDS`` (seed articles),
``AIROLES_DATA_DIR`` (the user's data: imports such as ESCO; see :func:`data_dir`).
"""

import os
from pathlib import Path

import platformdirs

REPO_ROOT: Path = Path(os.environ.get("AIROLES_ROOT") or Path(__file__).resolve().parents[2]).resolve()

ONTOLOGY_DIR: Path = REPO_ROOT / "ontology"
ONTOLOGY_FILE: Path = ONTOLOGY_DIR / "airoles.ttl"
KB_DIR: Path = ONTOLOGY_DIR / "kb"
SHAPES_DIR: Path = REPO_ROOT / "shapes"
QUERIES_DIR: Path = REPO_ROOT / "queries"
DIST_DIR: Path = REPO_ROOT / "dist"
ESCO_DIR: Path = REPO_ROOT / "esco"  # the compact ESCO layer shipped with airoles (esco/NOTICE.md)
SEEDS_DIR: Path = Path(os.environ.get("AIROLES_SEEDS") or REPO_ROOT.parent / "shared" / "seeds")


def data_dir() -> Path:
    """The user's airoles data (what ``airoles import-esco`` writes): ``$AIROLES_DATA_DIR``, else the
    platform's user data directory (``~/.local/share/airoles`` on Linux); never the package or the checkout.
    Read at call time, so that tests and users can point it elsewhere."""
    return Path(os.environ.get("AIROLES_DATA_DIR") or platformdirs.user_data_dir("airoles", appauthor=False))
