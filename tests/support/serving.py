"""``airoles serve`` in a child process, for the endpoint tests (tests/test_endpoint*.py), and what they read
of it in /proc: its children (the oxigraph server), whether they are gone; an :class:`Endpoint` served by a
thread of the test process, over a small generated graph (:func:`running`)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from rdflib import Graph, Literal, Namespace

from airoles_kg.core import paths
from airoles_kg.sparql.endpoint import Endpoint

# The shared server's limits (the ``server`` fixture of tests/conftest.py).
TIME_LIMIT = 5  # seconds; generous for a loaded 2-core machine, far below what the bare server takes
ROW_CAP = 50
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"
EX = Namespace("http://example.org/")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def start_server(log_dir: Path, *extra: str) -> Server:
    """``airoles serve --port 0`` in a child process; returns once it has printed its URL."""
    out, err = log_dir / "serve.out", log_dir / "serve.err"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "airoles_kg", "serve", "--port", "0", *extra],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            cwd=paths.REPO_ROOT,
        )
    deadline = time.monotonic() + 300  # the first run may have to reason over the graph
    while time.monotonic() < deadline:
        text = out.read_text(encoding="utf-8")
        if "ready at " in text:
            url = text.split("ready at ", 1)[1].split()[0]
            return Server(url, process, err)
        if process.poll() is not None:
            raise RuntimeError(f"airoles serve exited with {process.returncode}: {err.read_text()}")
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError("airoles serve did not start")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    """The pids of ``pids`` still running (not zombies) after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@contextmanager
def running(cache_dir: Path, **options: Any) -> Iterator[Endpoint]:
    """An endpoint over 300 triples (a 5 s time limit unless ``timeout``), served by a thread of this
    process; stopped at the end."""
    graph = Graph()
    for i in range(300):
        graph.add((EX[f"s{i}"], EX.p, Literal(i)))
    options.setdefault("timeout", 5)
    endpoint = Endpoint(graph, port=0, cache_dir=cache_dir, **options).start()
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        health = endpoint.url.rsplit("/", 1)[0] + "/healthz"
        for _ in range(300):
            try:
                if requests.get(health, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        yield endpoint
    finally:
        endpoint.close()
        thread.join(30)
