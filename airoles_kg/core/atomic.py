"""Atomic file writes: a temp file in the target directory, fsync, then ``os.replace``.

Readers see either the old file or the complete new one, never a partial write.
"""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from airoles_kg.core.errors import AirolesError


def _file_in_the_way(target: Path) -> Path | None:
    """The nearest existing ancestor of ``target`` that is not a directory (``/etc/hostname`` for
    ``/etc/hostname/x.txt``), if any."""
    for parent in target.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` (bytes, or an iterable of byte chunks) to ``path`` atomically; returns the path.

    The parent directory is created if needed. If producing or writing the data fails, the target is left
    untouched and no temporary file remains. OS errors become :class:`AirolesError` naming the path.
    """
    target = Path(path)
    blocker = _file_in_the_way(target)
    if blocker is not None:  # mkdir would say "File exists", which names neither file nor what to do
        raise AirolesError(f"cannot write {target}: {blocker} is a file, not a directory")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise AirolesError(f"cannot write {target}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes | bytearray | memoryview):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600: keep the mode of the file being replaced, else a normal 0644.
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise AirolesError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
    _fsync_dir(target.parent)
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8 by default, newlines as given); returns the path."""
    return atomic_write_bytes(path, text.encode(encoding))


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows it (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
