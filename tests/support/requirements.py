"""What a test needs from the machine: skipped outside CI, a failure in CI.

Tests that need a browser, Java, ``rapper`` or the reference data in ``../shared`` must run in CI (where
``.ci/run`` installs or finds them). Outside CI (``$CI`` unset) a missing requirement skips the test with the
reason; in CI it fails it, so that a requirement that quietly went missing cannot turn a suite green.
"""

from __future__ import annotations

import os

import pytest

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
ESCO_DOWNLOAD = SHARED / "data" / "esco-v1.1.1-download"
ESCO_TABIYA = SHARED / "data" / "esco-v1.1.1"


def in_ci() -> bool:
    """Whether the suite runs in CI (``.ci/run`` sets ``CI=1``)."""
    return bool(os.environ.get("CI"))


def require(available: bool, what: str) -> None:
    """Skip (outside CI) or fail (in CI) the calling test when ``available`` is false; ``what`` says what is
    missing and why the test needs it."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{what} (required in CI)", pytrace=False)
    pytest.skip(what)
