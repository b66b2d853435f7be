"""airoles_kg.core.atomic: a reader never sees a partial file; failures are AirolesErrors naming the path."""

import os
import stat

import pytest

from airoles_kg.core.atomic import atomic_write_bytes, atomic_write_text
from airoles_kg.core.errors import AirolesError


def test_writes_text_and_creates_parents(tmp_path):
    target = tmp_path / "a" / "b" / "out.ttl"
    assert atomic_write_text(target, "héllo\n") == target
    assert target.read_bytes() == "héllo\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(target.parent) == ["out.ttl"]


def test_replaces_existing_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o600)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_accepts_chunks(tmp_path):
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, (bytes([i]) * 3 for i in range(3)))
    assert target.read_bytes() == b"\x00\x00\x00\x01\x01\x01\x02\x02\x02"


def failing_chunks():
    yield b"first half of the file\n"
    raise RuntimeError("serializer crashed")


def test_failure_mid_write_leaves_no_file(tmp_path):
    target = tmp_path / "out.ttl"
    with pytest.raises(RuntimeError, match="serializer crashed"):
        atomic_write_bytes(target, failing_chunks())
    assert not target.exists()
    assert os.listdir(tmp_path) == []  # no temporary file left behind


def test_failure_mid_write_keeps_previous_content(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"previous complete content\n")
    with pytest.raises(RuntimeError):
        atomic_write_bytes(target, failing_chunks())
    assert target.read_bytes() == b"previous complete content\n"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_parent_is_a_file_gives_airoles_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    target = blocker / "sub" / "out.ttl"
    with pytest.raises(AirolesError, match=rf"cannot write {target}") as info:
        atomic_write_text(target, "data")
    assert info.value.exit_code == 2


def test_target_is_a_directory_gives_airoles_error(tmp_path):
    target = tmp_path / "out.ttl"
    target.mkdir()
    with pytest.raises(AirolesError, match=rf"cannot write {target}"):
        atomic_write_bytes(target, b"data")
    assert target.is_dir() and os.listdir(tmp_path) == ["out.ttl"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_directory_gives_airoles_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(AirolesError, match=rf"cannot write {locked / 'out.ttl'}"):
            atomic_write_text(locked / "out.ttl", "data")
    finally:
        locked.chmod(0o700)
