"""Write a folder of files atomically: fill a temporary sibling folder, then rename it into place.

Readers see the old folder or the complete new one. An existing folder is only replaced when it holds
nothing but files this kind of export writes (``replaceable``), so a mistyped ``--out`` cannot wipe a folder
of other files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from airoles_kg.core.errors import AirolesError


def atomic_write_folder(
    path: str | os.PathLike[str],
    files: Mapping[str, bytes],
    replaceable: Callable[[Path], bool] = lambda p: True,
) -> list[Path]:
    """Write ``files`` (name -> bytes) as the folder ``path``; returns the written files' final paths.

    ``replaceable(existing_file)`` must accept every file already in an existing ``path``, or nothing is
    written and :class:`AirolesError` names the first unexpected entry. OS errors become AirolesError.
    """
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise AirolesError(f"cannot write folder {target}: a file of that name exists")
    if target.is_dir():
        for entry in sorted(target.iterdir()):
            if not (entry.is_file() and replaceable(entry)):
                raise AirolesError(
                    f"cannot write folder {target}: it already holds {entry.name!r}, which this export does "
                    "not write; choose an empty or new folder"
                )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise AirolesError(f"cannot write folder {target}: {exc.strerror or exc}") from exc
    old: Path | None = None
    try:
        for name, data in sorted(files.items()):
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp / name, 0o644)
        os.chmod(tmp, 0o755)
        if target.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.rename(target, old / "previous")
            try:
                os.rename(tmp, target)
            except OSError:
                os.rename(old / "previous", target)  # put the previous folder back
                raise
        else:
            os.rename(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not (old / "previous").exists():
            shutil.rmtree(old, ignore_errors=True)
        if isinstance(exc, OSError):
            raise AirolesError(f"cannot write folder {target}: {exc.strerror or exc}") from exc
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [target / name for name in sorted(files)]
