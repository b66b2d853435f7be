"""Where things live. In a checkout (``pip install -e .``, or ``AIROLES_ROOT`` pointing at one) the data are
the repository's own ``ontology/``, ``shapes/``, ``queries/``, ``mappings/``, ``schemas/`` and ``esco/``;
in an installed wheel they are the same files shipped as package data under ``airoles_kg/data/``
(pyproject.toml maps them).

Other modules must read these as attributes at call time (``paths.ONTOLOGY_FILE``), never copy them
at import time, so tests can monkeypatch them.

Environment overrides: ``AIROLES_ROOT`` (repository root), ``AIROLES_SEEDS`` (seed articles),
``AIROLES_DATA_DIR`` (the user's data: imports such as ESCO; see :func:`data_dir`).
"""

import os
from pathlib import Path

import platformdirs

_CHECKOUT = Path(__file__).resolve().parents[2]
_PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data"  # in a wheel: airoles_kg/data/<dir>


def _is_checkout(root: Path) -> bool:
    return (root / "ontology" / "airoles.ttl").is_file() and (root / "pyproject.toml").is_file()


REPO_ROOT: Path = Path(os.environ.get("AIROLES_ROOT") or _CHECKOUT).resolve()
# Installed from a wheel (no checkout around the package): the data shipped in the package, the build output
# and the seeds relative to the working directory.
INSTALLED: bool = not _is_checkout(REPO_ROOT) and (_PACKAGE_DATA / "ontology" / "airoles.ttl").is_file()
DATA_ROOT: Path = _PACKAGE_DATA if INSTALLED else REPO_ROOT

ONTOLOGY_DIR: Path = DATA_ROOT / "ontology"
ONTOLOGY_FILE: Path = ONTOLOGY_DIR / "airoles.ttl"
KB_DIR: Path = ONTOLOGY_DIR / "kb"
# IRIs withdrawn from the graph, never to be reused (iri, retired_in, replaced_by, reason)
RETIRED_IRIS_FILE: Path = ONTOLOGY_DIR / "retired-iris.tsv"
SHAPES_DIR: Path = DATA_ROOT / "shapes"
QUERIES_DIR: Path = DATA_ROOT / "queries"
MAPPINGS_DIR: Path = DATA_ROOT / "mappings"
SCHEMAS_DIR: Path = DATA_ROOT / "schemas"  # the JSON Schemas of what airoles outputs (versioned: $id .../v1/)
ESCO_DIR: Path = DATA_ROOT / "esco"  # the compact ESCO layer shipped with airoles (esco/NOTICE.md)
DIST_DIR: Path = (Path.cwd() if INSTALLED else REPO_ROOT) / "dist"
SEEDS_DIR: Path = Path(os.environ.get("AIROLES_SEEDS") or REPO_ROOT.parent / "shared" / "seeds")


def data_dir() -> Path:
    """The user's airoles data (what ``airoles import-esco`` writes): ``$AIROLES_DATA_DIR``, else the
    platform's user data directory (``~/.local/share/airoles`` on Linux); never the package or the checkout.
    Read at call time, so that tests and users can point it elsewhere."""
    return Path(os.environ.get("AIROLES_DATA_DIR") or platformdirs.user_data_dir("airoles", appauthor=False))


ESCO_RELEASE = "v1.1.1"  # the release of the ESCO layer shipped with airoles


def esco_layer_file() -> Path:
    """The compact ESCO layer shipped with airoles (``esco/esco-v1.1.1.nt.gz``; it may be absent)."""
    return ESCO_DIR / f"esco-{ESCO_RELEASE}.nt.gz"
