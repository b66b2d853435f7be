"""The digests of large input files remembered between runs (:func:`airoles_kg.core.cache.files_fingerprint`):
used only while the file is unchanged, never for a file changed just before it was hashed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from airoles_kg.core import cache
from airoles_kg.core.errors import InputError


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Files of 1 KiB or more count as large; each file whose content is read is recorded here. Its own
    cache directory: no other test's entries."""
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "DIGEST_FROM", 1024)
    reads: list[str] = []
    original = cache._hash_content

    def counting(fh):  # type: ignore[no-untyped-def]
        reads.append(Path(fh.name).name)
        return original(fh)

    monkeypatch.setattr(cache, "_hash_content", counting)
    return reads


def big(path: Path, fill: bytes = b"a") -> Path:
    path.write_bytes(fill * 4096)
    return path


def test_an_unchanged_large_file_is_not_read_again(
    hashed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setattr(cache, "RACY_NS", 0)  # as if the file had been written long before
    data = big(tmp_path / "catalogue.nt")
    first = cache.files_fingerprint([data])
    assert cache.files_fingerprint([data]) == first
    assert hashed == ["catalogue.nt"]


def test_a_small_file_is_read_every_time(hashed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(cache, "RACY_NS", 0)
    small = tmp_path / "small.ttl"
    small.write_bytes(b"x" * 100)
    cache.files_fingerprint([small])
    cache.files_fingerprint([small])
    assert hashed == ["small.ttl", "small.ttl"]


def test_a_change_that_keeps_the_size_and_the_modification_time_is_seen(
    hashed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setattr(cache, "RACY_NS", 0)
    data = big(tmp_path / "catalogue.nt")
    first = cache.files_fingerprint([data])
    stat = data.stat()
    big(data, b"b")  # the same size
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old modification time put back
    assert data.stat().st_size == stat.st_size and data.stat().st_mtime_ns == stat.st_mtime_ns
    assert cache.files_fingerprint([data]) != first
    assert hashed == ["catalogue.nt", "catalogue.nt"]


def test_a_digest_taken_just_after_a_change_is_not_trusted(hashed: list[str], tmp_path: Path):
    data = big(tmp_path / "catalogue.nt")  # written now: within RACY_NS of the digest
    first = cache.files_fingerprint([data])
    assert cache.files_fingerprint([data]) == first
    assert hashed == ["catalogue.nt", "catalogue.nt"]


def test_a_damaged_memo_is_ignored(hashed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(cache, "RACY_NS", 0)
    data = big(tmp_path / "catalogue.nt")
    first = cache.files_fingerprint([data])
    [memo] = (tmp_path / "cache").glob(f"{cache.DIGEST_KIND}-*.json")
    memo.write_text('{"signature": [1, 2', encoding="ascii")
    assert cache.files_fingerprint([data]) == first
    assert cache.files_fingerprint([data]) == first
    assert hashed == ["catalogue.nt", "catalogue.nt"]  # hashed again once, then remembered anew


def test_the_fingerprint_depends_on_the_content_of_a_remembered_file(
    hashed: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setattr(cache, "RACY_NS", 0)
    (tmp_path / "one").mkdir()
    (tmp_path / "other").mkdir()
    # The same name and size, another content.
    one, other = big(tmp_path / "one" / "catalogue.nt", b"a"), big(tmp_path / "other" / "catalogue.nt", b"b")
    assert cache.files_fingerprint([one]) != cache.files_fingerprint([other])
    assert cache.files_fingerprint([one]) != cache.files_fingerprint([other])  # both remembered


def test_a_missing_file_is_an_input_error(hashed: list[str], tmp_path: Path):
    with pytest.raises(InputError, match="missing.nt: cannot read"):
        cache.files_fingerprint([tmp_path / "missing.nt"])
