"""The one cache of airoles: one directory, one key scheme, one prune policy.

What is slow to derive from the Turtle files (the reasoner's inferred triples, the career index, the
on-disk pyoxigraph store of a large catalogue, the endpoint's working store) is kept here between runs.

* **Where**: ``$AIROLES_CACHE_DIR`` if set, else the platform's user cache directory
  (``platformdirs.user_cache_dir("airoles")``, e.g. ``~/.cache/airoles`` on Linux): never inside the installed
  package or the checkout.
* **Key**: :func:`key` hashes the cache format, the package version, the code of the whole ``airoles`` package
  (any edit of the rules, the TBox reader, the index builder... gives a new key: no stale answer after a
  change), the name and content of every input file, and the caller's options. Entries are named
  ``<kind>-<key><suffix>`` (a file or a directory). The digest of a large input file is itself remembered
  (``file-digest-*.json``), trusted only while the file's identity and times are unchanged
  (:func:`files_fingerprint`).
* **Prune**: per kind, the entries of the :data:`KEEP` most recently written keys stay, the older ones go
  (:func:`prune`); the key just written always stays.
* **Concurrency**: entries are written to a temporary name and renamed into place
(:mod:`airoles_kg.core.atomic`,
  :func:`build_directory`), so a reader sees a complete entry or none; two runs that build the same entry at
  once both succeed (the last rename wins, with the same content). A damaged or unreadable entry is rebuilt,
  never trusted; a read-only cache directory makes runs slower, not failing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import platformdirs

from airoles_kg import __version__
from airoles_kg.core.atomic import atomic_write_bytes
from airoles_kg.core.collector import gc_paused
from airoles_kg.core.errors import AirolesError, InputError

T = TypeVar("T")

ENV_VAR = "AIROLES_CACHE_DIR"
FORMAT = "3"  # bump when the layout of entries changes
KEEP = 3  # keys kept per kind: a 30,000-role on-disk store takes 850 MB


def root() -> Path:
    """The cache directory (not created): ``$AIROLES_CACHE_DIR`` or the user cache directory."""
    return Path(os.environ.get(ENV_VAR) or platformdirs.user_cache_dir("airoles", appauthor=False))


@functools.cache
def code_fingerprint() -> str:
    """A sha256 over every Python file of the ``airoles`` package (relative path and content), computed once
    per process: the code that derives what is cached."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix()):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


_CHUNK = 1 << 20  # bytes read at a time by files_fingerprint
DIGEST_KIND = "file-digest"  # the remembered digests of large input files (see files_fingerprint)
DIGEST_FROM = 8 << 20  # bytes: a smaller file is hashed every time (a few milliseconds at most)
DIGESTS_KEPT = 64  # large files whose digest is remembered
# A digest is trusted only if it was taken this long after the file's last change (ns): a file changed twice
# within one tick of the file system's clock, keeping its size, is then hashed again (git's "racy" rule).
RACY_NS = 2_000_000_000
_SHA256_SIZE = 32  # bytes


def files_fingerprint(files: Iterable[str | os.PathLike[str]]) -> str:
    """A sha256 hex digest over the files' names, sizes and contents, in the order given.

    Each file is read a chunk at a time: a 30,000-role catalogue is 938 MB, which reading it whole held in
    memory at every run (the peak of opening its cached store was that file: 941 MiB). The sha256 of a large
    file (:data:`DIGEST_FROM`) is remembered in the cache with the file's identity and times (device, inode,
    size, modification and status-change times, in nanoseconds): a later run that finds all of them unchanged
    uses it instead of reading the file again (0.8 s for those 938 MB). Any write to the file changes its
    status-change time, which no program can set back; a digest taken within :data:`RACY_NS` of the file's
    last change is not trusted.
    """
    digest = hashlib.sha256()
    for f in files:
        p = Path(f)
        size, content = _file_digest(p)
        name = p.name.encode("utf-8")
        digest.update(len(name).to_bytes(8, "big") + name + size.to_bytes(8, "big") + content)
    return digest.hexdigest()


def _file_digest(path: Path) -> tuple[int, bytes]:
    """The size and the sha256 of a file's content (remembered for a large file: see
    :func:`files_fingerprint`); InputError when it cannot be read or changes while it is read."""
    try:
        with path.open("rb") as fh:
            before = os.fstat(fh.fileno())
            memo = _digest_entry(path) if before.st_size >= DIGEST_FROM else None
            remembered = _remembered(memo, before) if memo is not None else None
            if remembered is not None:
                return before.st_size, remembered
            digest, read = _hash_content(fh)
            after = os.fstat(fh.fileno())
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if read != before.st_size or _signature(after) != _signature(before):
        raise InputError(
            f"{path}: the file changed while it was read ({before.st_size:,} bytes, then {read:,})"
        )
    if memo is not None:
        _remember(memo, before, digest.hexdigest())
    return before.st_size, digest.digest()


def _hash_content(fh: BinaryIO) -> tuple[Any, int]:
    """The sha256 object of what is left to read in ``fh``, and how many bytes that was."""
    digest, read = hashlib.sha256(), 0
    while chunk := fh.read(_CHUNK):
        digest.update(chunk)
        read += len(chunk)
    return digest, read


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _digest_entry(path: Path) -> Path:
    """The cache entry remembering the digest of ``path`` (one per absolute path)."""
    where = str(path.resolve()).encode("utf-8", errors="surrogateescape")
    return entry(DIGEST_KIND, hashlib.sha256(where).hexdigest()[:32], ".json")


def _remembered(memo: Path, stat: os.stat_result) -> bytes | None:
    """The digest a previous run remembered for the file whose status is ``stat``, if it still holds."""
    data = read_bytes(memo)
    try:
        found = json.loads(data) if data is not None else None
        if not isinstance(found, dict) or found.get("signature") != _signature(stat):
            return None
        if found["recorded_ns"] - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_NS:
            return None
        content = bytes.fromhex(found["sha256"])
    except (ValueError, KeyError, TypeError):  # damaged: hashed again, and remembered anew
        return None
    return content if len(content) == _SHA256_SIZE else None


def _remember(memo: Path, stat: os.stat_result, hexdigest: str) -> None:
    record = {"signature": _signature(stat), "recorded_ns": time.time_ns(), "sha256": hexdigest}
    try:
        atomic_write_bytes(memo, json.dumps(record).encode("ascii"))
    except AirolesError:  # a read-only cache: the file is hashed again next time
        return
    prune(DIGEST_KIND, keep=_key_of(DIGEST_KIND, memo), count=DIGESTS_KEPT)


def key(kind: str, files: Iterable[str | os.PathLike[str]] = (), *options: object) -> str:
    """The cache key of ``kind`` derived from ``files`` with ``options`` (see the module docstring)."""
    text = "|".join(
        [FORMAT, kind, __version__, code_fingerprint(), files_fingerprint(files), *map(repr, options)]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def entry(kind: str, key_: str, suffix: str = "") -> Path:
    """The path of the entry ``kind``/``key_`` (``suffix`` e.g. ``.nt``, ``.pickle`` or ``.store``)."""
    return root() / f"{kind}-{key_}{suffix}"


def read_bytes(path: Path) -> bytes | None:
    """The content of a cache file, or None when it is missing or unreadable."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_bytes(path: Path, data: bytes | Iterable[bytes], kind: str | None = None) -> bool:
    """Write a cache file atomically, then :func:`prune` its kind (when given); False if the cache directory
    cannot be written (the caller goes on without a cache)."""
    try:
        atomic_write_bytes(path, data)
    except AirolesError:
        return False
    if kind is not None:
        prune(kind, keep=_key_of(kind, path))
    return True


def read_pickle(path: Path | None, cls: type[T]) -> T | None:
    """The ``cls`` object pickled in a cache file; None when there is none, or it is truncated, of an old
    format or of another type (the caller rebuilds it: a cache is never trusted)."""
    data = read_bytes(path) if path is not None else None
    if data is None:
        return None
    try:
        with gc_paused():  # an index is millions of objects and no cycle (see airoles_kg.core.collector)
            found = pickle.loads(data)
    except Exception:  # a truncated or old-format entry
        return None
    return found if isinstance(found, cls) else None


def write_pickle(path: Path, value: object, kind: str | None = None) -> bool:
    """Pickle ``value`` into a cache file (:func:`write_bytes`: atomic, pruned, False when the cache
    directory cannot be written; the answers are the same, only slower next time)."""
    return write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), kind=kind)


@contextmanager
def build_directory(path: Path) -> Iterator[Path]:
    """Build a directory entry aside and rename it to ``path`` when the block ends without error (removed
    otherwise): readers never see a half-built store.

    The aside directory is named after the building process (``.NAME.PID.RANDOM``). A process stopped
    before it could remove its own (killed, or interrupted while a worker thread was still writing: a daemon
    thread does not outlive the program) leaves it behind; the next build in the same directory removes
    those of processes that no longer run (:func:`remove_abandoned`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(path.parent)
    building = Path(tempfile.mkdtemp(prefix=f".{path.name}.{os.getpid()}.", dir=path.parent))
    try:
        yield building
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
        os.replace(building, path)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


_ASIDE = re.compile(r"^\..+\.(\d+)\.[^.]+$")  # .NAME.PID.RANDOM, from build_directory


def remove_abandoned(directory: Path) -> list[Path]:
    """Remove the aside directories of :func:`build_directory` in ``directory`` whose process no longer
    runs; the ones removed. A process that runs (or that this user may not signal) keeps its own."""
    removed: list[Path] = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _ASIDE.match(entry.name)
        if match is None or not entry.is_dir() or _running(int(match.group(1))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's, or no way to tell: left alone
    return True


def _key_of(kind: str, path: Path) -> str:
    name = path.name[len(kind) + 1 :]
    return name.split(".", 1)[0]


def prune(kind: str, keep: str | None = None, count: int = KEEP) -> list[str]:
    """Remove the entries of ``kind`` but those of the ``count`` most recently written keys (never
    ``keep``'s); the removed keys. Files that vanish meanwhile (another run pruning) are ignored."""
    directory = root()
    written: dict[str, float] = {}
    for item in _entries(directory, kind):
        k = _key_of(kind, item)
        try:
            written[k] = max(written.get(k, 0.0), item.stat().st_mtime)
        except OSError:
            continue
    ranked = sorted(written, key=lambda k: (k != keep, -written[k], k))
    removed = ranked[count:]
    for k in removed:
        for item in directory.glob(f"{kind}-{k}*"):
            _remove(item)
    return removed


def _entries(directory: Path, kind: str) -> Iterator[Path]:
    if not directory.is_dir():
        return
    for item in directory.glob(f"{kind}-*"):
        rest = item.name[len(kind) + 1 :]
        if len(rest) >= 32 and all(c in "0123456789abcdef" for c in rest[:32]):
            yield item


def _remove(item: Path) -> None:
    if item.is_dir() and not item.is_symlink():
        shutil.rmtree(item, ignore_errors=True)
    else:
        item.unlink(missing_ok=True)
