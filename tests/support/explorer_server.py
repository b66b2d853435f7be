"""``streamlit run explorer_app.py`` on a free loopback port, for the browser tests
(tests/test_explorer_browser.py) and the benchmarks (scripts/bench_explorer.py, scripts/bench.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120  # seconds: a cold machine imports Streamlit and the graph's dependencies first


class ExplorerDidNotStart(RuntimeError):
    """Streamlit exited, or did not answer its health check in time."""


@contextmanager
def running_explorer(env: dict[str, str] | None = None, log: IO[str] | None = None) -> Iterator[str]:
    """A fresh explorer; yields its URL (``http://127.0.0.1:PORT``) once it answers its health check, and
    stops it however the caller ends. ``log`` receives Streamlit's output (else it is dropped)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "explorer_app.py"), "--server.headless"]
    command += ["true", "--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--browser.gatherUsageStats", "false"]
    output = log if log is not None else subprocess.DEVNULL
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, env=env or dict(os.environ)
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None:
                raise ExplorerDidNotStart(f"streamlit exited with code {server.returncode}")
            if time.monotonic() > deadline:
                raise ExplorerDidNotStart(
                    f"streamlit did not answer its health check within {START_TIMEOUT} s"
                )
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
