"""What the command line tells its user on stderr besides the answer: notices, details and progress.

One verbosity for the whole run, set by the CLI from ``--quiet`` / ``--verbose``:

- :data:`QUIET`: errors only (they are printed by the CLI, not here);
- :data:`NORMAL` (default): notices ("wrote FILE", "result cut at --limit 10"), warnings, and a progress line
  for any step that runs for more than :data:`PROGRESS_AFTER` seconds;
- :data:`VERBOSE`: the above, plus details (what was read, how long each step took).

The answer itself goes to stdout and never depends on the verbosity, so ``airoles ... -q > out`` and
``airoles ... > out`` write the same bytes.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

QUIET, NORMAL, VERBOSE = 0, 1, 2
PROGRESS_AFTER = 2.0  # seconds: a step shorter than this shows no progress line (unless --verbose)
_TICK = 1.0  # seconds between two updates of the progress line on a terminal
PREFIX = "airoles"

_level = NORMAL


def set_verbosity(level: int) -> None:
    """Set the verbosity of the run (:data:`QUIET`, :data:`NORMAL` or :data:`VERBOSE`)."""
    global _level
    _level = max(QUIET, min(VERBOSE, level))


def verbosity() -> int:
    """The verbosity of the run."""
    return _level


def _say(message: str) -> None:
    print(f"{PREFIX}: {message}", file=sys.stderr, flush=True)


def notice(message: str) -> None:
    """A message worth seeing by default (a file written, a result cut); hidden by ``--quiet``."""
    if _level >= NORMAL:
        _say(message)


def warn(message: str) -> None:
    """A warning (e.g. a deprecated option); hidden by ``--quiet`` only."""
    if _level >= NORMAL:
        _say(f"warning: {message}")


def detail(message: str) -> None:
    """A detail shown with ``--verbose`` only."""
    if _level >= VERBOSE:
        _say(message)


@contextmanager
def progress(what: str) -> Iterator[None]:
    """Show that ``what`` (e.g. "validating 617,348 triples") is under way, once it has run for
    :data:`PROGRESS_AFTER` seconds: on a terminal one line updated every second with the elapsed time,
    elsewhere (a log, a pipe) one line when it starts to be long and one when it ends. With ``--verbose``
    every step says how long it took; with ``--quiet`` nothing is shown."""
    if _level == QUIET:
        yield
        return
    start = time.perf_counter()
    terminal = sys.stderr.isatty()
    shown = threading.Event()
    stop = threading.Event()
    lock = threading.Lock()

    def show() -> None:
        if stop.wait(PROGRESS_AFTER):
            return
        with lock:
            shown.set()
            if not terminal:
                _say(f"{what}…")
                return
        while not stop.is_set():
            with lock:
                if stop.is_set():
                    break
                sys.stderr.write(f"\r{PREFIX}: {what}… {time.perf_counter() - start:.0f} s")
                sys.stderr.flush()
            stop.wait(_TICK)

    watcher = threading.Thread(target=show, name="airoles-progress", daemon=True)
    watcher.start()
    failed = True
    try:
        yield
        failed = False
    finally:
        with lock:
            stop.set()
        watcher.join()
        seconds = time.perf_counter() - start
        outcome = "stopped" if failed else "done"
        if shown.is_set():
            end = f"{what}: {outcome} in {seconds:.1f} s"
            if terminal:
                sys.stderr.write(f"\r{PREFIX}: {end}\033[K\n")
                sys.stderr.flush()
            else:
                _say(end)
        elif _level >= VERBOSE:
            _say(f"{what}: {outcome} in {seconds:.2f} s")
