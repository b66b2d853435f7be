"""Benchmark: the SPARQL endpoint under faults, and what each leaves behind (issue 21).

    python scripts/bench_faults.py [--timeout 5] [--idle 2000] [--json]

Starts ``airoles serve --port 0 --timeout 5``, then one fault after another:

- runaway clients: 3 clients (3 addresses) send a runaway query and leave after 1 s; the Oxigraph server
  running them is replaced at the time limit, whether or not anyone is there to be told;
- slow senders: 100 clients send their request head a byte per second (the endpoint closes a connection
  without a complete head after 5 s);
- slow readers: 20 clients ask for 10,000 rows (the cap, about 3 MB of JSON) on sockets with a 4 KiB
  receive buffer and read 1 KiB per second for 10 s, then close; twice, to tell memory the proxy keeps for
  reuse from memory that grows;
- 2,000 idle connections (scripts/bench_endpoint.py's ``idle``), then closed;
- ``kill -9`` of the ``airoles serve`` process.

After each fault: the seconds until the endpoint answers a simple query (the roles' French labels, from an
address of its own; the target is 1 s), and also a query's answer while the fault is under way; the
processes of ``airoles serve`` (its children, by parent pid, recursively) before and after, and any
``oxigraph`` process left on the run's store directory that is not its current child (a stray); the
resident memory of the proxy and of its Oxigraph server before and after (for the runaway: the peak of the
server running it, and the baseline the new server returns to). After ``kill -9``, instead: whether its
Oxigraph server is gone (and how fast), and the time for a fresh ``airoles serve`` to start and answer.

Prints the figures (``--json``: as JSON). Figures depend on the machine; tests never assert timings.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench_endpoint import (
    ROLES,
    RUNAWAY,
    Endpoint,
    Memory,
    client_address,
    closed_by_peer,
    idle,
    one_query,
    rss_mib,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # for tests/support
from support.serving import children, wait_gone  # noqa: E402

TARGET_S = 1.0  # the endpoint should answer a simple query within this long after a fault
BIG = "SELECT * WHERE { ?s ?p ?o }"  # 10,000 rows at the default cap: about 1.5 MB of JSON


def answered_after(
    endpoint: Endpoint, since: float, source: str, within: float = 60, target: float | None = TARGET_S
) -> dict[str, Any]:
    """Seconds from ``since`` (a perf_counter) until a simple query is answered 200 (polled); ``met``: within
    ``target`` seconds (None: answered at all)."""
    while True:
        _, status = one_query(endpoint, source=source, timeout=10)
        now = time.perf_counter()
        if status == 200 or now - since > within:
            met = status == 200 and (target is None or now - since <= target)
            return {"s": round(now - since, 3), "status": status, "met": met}
        time.sleep(0.05)


def during(endpoint: Endpoint, source: str) -> dict[str, Any]:
    """One simple query while a fault is under way: its milliseconds and status."""
    seconds, status = one_query(endpoint, source=source, timeout=30)
    return {"ms": round(seconds * 1000, 1), "status": status}


def family(pid: int) -> list[str]:
    """``name:pid`` of the descendants of ``pid`` (by parent pid, recursively), zombies marked."""
    found = []
    for child in children(pid):
        try:
            name = Path(f"/proc/{child}/comm").read_text().strip()
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        found.append(f"{name}:{child}" + (" (zombie)" if state == "Z" else ""))
        found += family(child)
    return found


def strays(run_dir: Path, keep: int | None) -> list[int]:
    """Oxigraph processes serving a store under ``run_dir`` other than ``keep`` (left behind)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes()
        except OSError:
            continue
        pid = int(cmdline.parent.name)
        if b"serve-read-only" in command and str(run_dir).encode() in command and pid != keep:
            if wait_gone([pid], 0) == [pid]:  # a zombie waiting for its parent is not running
                found.append(pid)
    return found


def snapshot(endpoint: Endpoint, run_dir: Path) -> dict[str, Any]:
    """The endpoint's processes, strays, and resident memory (MiB) now."""
    child = endpoint.oxigraph()
    return {
        "children": family(endpoint.process.pid),
        "strays": strays(run_dir, child),
        "proxy_rss_mib": round(rss_mib(endpoint.process.pid), 1),
        "oxigraph_rss_mib": round(rss_mib(child), 1) if child else None,
    }


def runaway_clients(
    endpoint: Endpoint, limit: float, count: int = 3, leave_after: float = 1.0
) -> dict[str, Any]:
    """``count`` runaway queries whose clients leave after ``leave_after`` seconds."""
    old = endpoint.oxigraph()
    assert old is not None
    memory = Memory({"oxigraph": old})
    start = time.perf_counter()
    clients = [
        threading.Thread(target=one_query, args=(endpoint, RUNAWAY, client_address(300 + i), leave_after))
        for i in range(count)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    left = time.perf_counter()
    after_leaving = answered_after(endpoint, left, "127.5.0.1")
    replaced = None
    while time.perf_counter() - start < limit + 60:
        if endpoint.oxigraph() not in (old, None):
            replaced = time.perf_counter()
            break
        time.sleep(0.05)
    peak = memory.stop()["oxigraph"]
    result: dict[str, Any] = {
        "clients_left_after_s": round(left - start, 2),
        "answered_after_they_left": after_leaving,
        "oxigraph_replaced_after_s": round(replaced - start, 2) if replaced else None,
        "oxigraph_peak_rss_mib": peak,
    }
    if replaced is not None:
        result["answered_after_replacement"] = answered_after(endpoint, replaced, "127.5.0.2")
    return result


def slow_senders(endpoint: Endpoint, count: int = 100, idle_timeout: float = 5) -> dict[str, Any]:
    """``count`` clients sending a request head a byte per second, until the endpoint closes them."""
    head = f"GET /query?{urlencode({'query': ROLES})} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    sockets = [
        socket.create_connection((endpoint.host, endpoint.port), 5, (client_address(600 + i), 0))
        for i in range(count)
    ]
    start = time.perf_counter()
    open_ = set(range(count))
    sent = 0
    meanwhile: dict[str, Any] = {}
    last_closed = start
    while open_ and time.perf_counter() - start < idle_timeout + 10:
        for index in list(open_):
            try:
                if not closed_by_peer(sockets[index]):
                    sockets[index].send(head[sent : sent + 1])
                    continue
            except OSError:
                pass
            open_.discard(index)
            last_closed = time.perf_counter()
        sent += 1
        if sent == 2:
            meanwhile = during(endpoint, "127.5.0.3")
        time.sleep(1)
    for sock in sockets:
        sock.close()
    return {
        "clients": count,
        "bytes_sent_each": sent,
        "closed_by_server": count - len(open_),
        "all_closed_after_s": round(last_closed - start, 1) if not open_ else None,
        "query_meanwhile": meanwhile,
        "answered_after_closing": answered_after(endpoint, time.perf_counter(), "127.5.0.4"),
    }


def slow_readers(endpoint: Endpoint, count: int = 20, seconds: int = 10, rounds: int = 2) -> dict[str, Any]:
    """``count`` clients asking for a large answer and reading 1 KiB a second for ``seconds`` seconds, then
    closing; ``rounds`` times, so that memory kept for reuse is told apart from memory that grows."""
    figures: dict[str, Any] = {"clients": count, "answer_bytes": len(_big_answer(endpoint))}
    for round_ in range(1, rounds + 1):
        figures[f"round_{round_}"] = _slow_readers(endpoint, count, seconds)
    return figures


def _big_answer(endpoint: Endpoint) -> bytes:
    connection = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=60)
    try:
        connection.request("GET", f"/query?{urlencode({'query': BIG})}")
        return connection.getresponse().read()
    finally:
        connection.close()


def _slow_readers(endpoint: Endpoint, count: int, seconds: int) -> dict[str, Any]:
    request = f"GET /query?{urlencode({'query': BIG})} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    proxy = endpoint.process.pid
    memory = Memory({"proxy": proxy})
    sockets = []
    for index in range(count):
        sock = socket.socket()
        sock.setsockopt(
            socket.SOL_SOCKET, socket.SO_RCVBUF, 4096
        )  # before connecting: the window stays small
        sock.bind((client_address(700 + index), 0))
        sock.connect((endpoint.host, endpoint.port))
        sock.sendall(request)
        sock.setblocking(False)  # read what has arrived, never wait
        sockets.append(sock)
    read = [0] * count
    meanwhile: dict[str, Any] = {}
    for second in range(seconds):
        for index, sock in enumerate(sockets):
            try:
                read[index] += len(sock.recv(1024))
            except OSError:  # BlockingIOError: nothing arrived yet
                pass
        if second == 3:
            meanwhile = during(endpoint, "127.5.0.5")
        time.sleep(1)
    open_at_end = sum(not closed_by_peer(sock, peek=True) for sock in sockets)
    for sock in sockets:
        sock.close()
    closed = time.perf_counter()
    answered = answered_after(endpoint, closed, "127.5.0.6")
    time.sleep(2)
    return {
        "read_each_kib": round(sum(read) / count / 1024, 1),
        f"still_open_after_{seconds}_s": open_at_end,
        "query_meanwhile": meanwhile,
        "proxy_peak_rss_mib": memory.stop()["proxy"],
        "answered_after_closing": answered,
        "proxy_rss_2_s_after_closing_mib": round(rss_mib(proxy), 1),
    }


def idle_connections(endpoint: Endpoint, count: int) -> dict[str, Any]:
    """``count`` idle connections (bench_endpoint's measure), then closed."""
    figures = idle(endpoint, count)
    after = figures["query_after_closing"]
    figures["answered_after_closing"] = {
        "s": round(after["ms"] / 1000, 3),
        "status": after["status"],
        "met": after["status"] == 200 and after["ms"] / 1000 <= TARGET_S,
    }
    return figures


def kill_9(endpoint: Endpoint, run_dir: Path, timeout: float, workdir: Path) -> dict[str, Any]:
    """``kill -9`` of ``airoles serve``: is its Oxigraph server gone? Does a fresh one start and answer?"""
    child = endpoint.oxigraph()
    before = family(endpoint.process.pid)
    start = time.perf_counter()
    os.kill(endpoint.process.pid, signal.SIGKILL)
    endpoint.process.wait()
    left = wait_gone([child], 10) if child else []
    gone_s = round(time.perf_counter() - start, 2)
    result: dict[str, Any] = {
        "children_before": before,
        "oxigraph_gone": not left,
        "oxigraph_gone_after_s": gone_s if not left else None,
        "strays": strays(run_dir, None),
        "run_dir_left_until_next_start": run_dir.exists(),
    }
    start = time.perf_counter()
    fresh = Endpoint(timeout, workdir)
    try:
        result["fresh_start_ready_s"] = round(time.perf_counter() - start, 2)
        result["fresh_answer"] = answered_after(fresh, start, "127.5.0.7", target=None)
        result["stale_run_dir_removed_by_fresh_start"] = not run_dir.exists()
        result["fresh_children"] = family(fresh.process.pid)
    finally:
        fresh.stop()
    return result


def campaign(timeout: float = 5, idle_count: int = 2000) -> dict[str, Any]:
    """Every fault, in turn, on one ``airoles serve --timeout TIMEOUT``; a fresh one after kill -9."""
    figures: dict[str, Any] = {"timeout_s": timeout}
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        endpoint = Endpoint(timeout, Path(tmp))
        try:
            run_dir = endpoint.store().parent
            one_query(endpoint)  # warm up
            faults: list[tuple[str, Callable[[], dict[str, Any]]]] = [
                ("runaway_clients", lambda: runaway_clients(endpoint, timeout)),
                ("slow_senders", lambda: slow_senders(endpoint)),
                ("slow_readers", lambda: slow_readers(endpoint)),
                ("idle_connections", lambda: idle_connections(endpoint, idle_count)),
            ]
            for name, fault in faults:
                before = snapshot(endpoint, run_dir)
                figures[name] = fault()
                time.sleep(1)  # what the fault started has ended (e.g. a restart)
                figures[name]["before"], figures[name]["after"] = before, snapshot(endpoint, run_dir)
            figures["tracebacks_in_stderr"] = endpoint.tracebacks()
            fresh_dir = Path(tmp) / "fresh"
            fresh_dir.mkdir()
            figures["kill_9"] = kill_9(endpoint, run_dir, timeout, fresh_dir)
        finally:
            if endpoint.process.poll() is None:
                endpoint.stop()
    return figures


def print_faults(figures: dict[str, Any]) -> None:
    """The campaign's figures, one fault after another."""
    limit = figures["timeout_s"]
    print(
        f"faults (airoles serve --timeout {limit:g}); target: a simple query answered within {TARGET_S:g} s"
    )
    for name, value in figures.items():
        if not isinstance(value, dict):
            continue
        print(f"\n{name}:")
        for key, item in value.items():
            print(f"  {key}: {item}")
    print(f"\ntracebacks in the server's stderr: {figures.get('tracebacks_in_stderr')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=5, help="the endpoint's --timeout (default 5)")
    parser.add_argument("--idle", type=int, default=2000, help="idle connections (default 2000)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = campaign(args.timeout, args.idle)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_faults(figures)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
