"""Benchmark: the SPARQL endpoint's HTTP front under load and under faults (``airoles serve``).

    python scripts/bench_endpoint.py [--requests 20] [--clients 1,50,200] [--idle 2000] [--timeout 5]
                                     [--json]

Starts ``airoles serve --port 0`` on 127.0.0.1 (the graph with its inferences and the shipped ESCO layer),
then:

- latency: each of 1, 50 and 200 concurrent clients sends ``--requests`` queries (a named-query-like SELECT:
  the roles and their French labels) over one keep-alive connection; p50/p95/max and errors;
- connects: 200 clients open a fresh connection each at the same moment and send one query: how many are
  connected, and answered, within 30 s;
- idle: ``--idle`` connections opened and left silent; the time to answer a query while they are open, how
  many the server has closed after its idle timeout, then the time to answer once they are closed;
- Content-Length ``-1`` and ``abc``: what the server answers, and whether it still answers a query;
- a runaway query whose client leaves after 1 s: the seconds until the oxigraph server running it is
  replaced (at ``--timeout``), and the oxigraph server's peak resident memory meanwhile (``/proc``);
- per client: 6 slow queries at once from one address (``--max-per-client`` is 4 by default).

Each client binds its own loopback source address (127.1.x.y: Linux routes all of 127/8 to the loopback),
so that the endpoint sees distinct clients, as it would on a network. Prints the figures (``--json``: as
JSON). Figures depend on the machine; tests never assert timings.

Its helpers (``airoles serve`` in a child process, the client addresses, percentiles, memory figures) are
shared by scripts/bench_load.py (the named queries under load, beside a bare Oxigraph server) and
scripts/bench_faults.py (faults, and what they leave behind).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
ROLES = (
    "PREFIX airoles: <https://w3id.org/airoles/>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?role ?label WHERE { ?role a airoles:Role ; skos:prefLabel ?label FILTER(lang(?label) = 'fr') }"
)
RUNAWAY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs to the time limit, small


def client_address(index: int) -> str:
    """A loopback source address of its own for client ``index`` (127.1.0.1, 127.1.0.2, ...)."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


class Endpoint:
    """``airoles serve`` in a child process."""

    def __init__(self, timeout: float, workdir: Path) -> None:
        self.err = workdir / "serve.err"
        out = workdir / "serve.out"
        with open(out, "wb") as stdout, open(self.err, "wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "airoles_kg", "serve", "--port", "0", "--timeout", f"{timeout:g}"],
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                cwd=REPO,
            )
        deadline = time.monotonic() + 300
        while "ready at " not in out.read_text(encoding="utf-8"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"airoles serve did not start: {self.err.read_text()}")
            time.sleep(0.1)
        url = urlsplit(out.read_text(encoding="utf-8").split("ready at ", 1)[1].split()[0])
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80

    def oxigraph(self) -> int | None:
        """The pid of the oxigraph server (the child process), if there is one."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                return int(stat.parent.name)
        return None

    def store(self) -> Path:
        """The store directory the oxigraph server runs on (its ``--location``)."""
        pid = self.oxigraph()
        if pid is None:
            raise SystemExit("the endpoint has no oxigraph server")
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return Path(command[command.index(b"--location") + 1].decode())

    def tracebacks(self) -> int:
        return self.err.read_text(encoding="utf-8", errors="replace").count("Traceback")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def query_path(query: str) -> str:
    return "/query?" + urlencode({"query": query})


def one_query(
    endpoint: Endpoint, query: str = ROLES, source: str = "127.0.0.1", timeout: float = 60
) -> tuple[float, int | str]:
    """(seconds, HTTP status or the exception's name) of one query on a fresh connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(
        endpoint.host, endpoint.port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request("GET", query_path(query), headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        return time.perf_counter() - start, response.status
    except (OSError, http.client.HTTPException) as exc:
        return time.perf_counter() - start, type(exc).__name__
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def in_threads(count: int, work: Callable[[int], None]) -> None:
    """Run ``work(i)`` for i in range(count) in as many threads, released at the same moment."""
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait()
        work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def latency(endpoint: Endpoint, clients: int, requests: int) -> dict[str, Any]:
    """``clients`` concurrent clients, ``requests`` queries each over one keep-alive connection."""
    times: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def client(index: int) -> None:
        connection: http.client.HTTPConnection | None = None
        for _ in range(requests):
            start = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(
                        endpoint.host, endpoint.port, timeout=60, source_address=(client_address(index), 0)
                    )
                connection.request(
                    "GET", query_path(ROLES), headers={"Accept": "application/sparql-results+json"}
                )
                response = connection.getresponse()
                response.read()
                outcome = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
                if connection is not None:
                    connection.close()
                connection = None
            with lock:
                if outcome == "200":
                    times.append(time.perf_counter() - start)
                else:
                    errors[outcome] += 1
        if connection is not None:
            connection.close()

    wall = time.perf_counter()
    in_threads(clients, client)
    wall = time.perf_counter() - wall
    return {
        "clients": clients,
        "requests": clients * requests,
        "ok": len(times),
        "p50_ms": percentile(times, 0.5) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "max_ms": max(times, default=float("nan")) * 1000,
        "errors": dict(errors),
        "per_second": len(times) / wall,
    }


def connects(endpoint: Endpoint, clients: int = 200, within: float = 30) -> dict[str, Any]:
    """``clients`` fresh connections at once, one query each: how many connected and answered in time."""
    connected: list[float] = []
    answered: Counter[str] = Counter()
    lock = threading.Lock()
    start = time.perf_counter()

    def client(index: int) -> None:
        try:
            sock = socket.create_connection(
                (endpoint.host, endpoint.port), timeout=within, source_address=(client_address(index), 0)
            )
        except OSError as exc:
            with lock:
                answered[type(exc).__name__] += 1
            return
        with lock:
            connected.append(time.perf_counter() - start)
        connection = http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=within)
        connection.sock = sock
        try:
            connection.request("GET", query_path(ROLES))
            response = connection.getresponse()
            response.read()
            outcome = str(response.status)
        except (OSError, http.client.HTTPException) as exc:
            outcome = type(exc).__name__
        finally:
            connection.close()
        with lock:
            answered[outcome] += 1

    in_threads(clients, client)
    return {
        "clients": clients,
        "connected": sum(1 for t in connected if t <= within),
        "slowest_connect_s": max(connected, default=float("nan")),
        "answers": dict(answered),
    }


def closed_by_peer(sock: socket.socket, peek: bool = False) -> bool:
    """Whether the server has closed ``sock`` (without waiting); ``peek``: leave any data unread."""
    previous = sock.gettimeout()
    sock.setblocking(False)  # a socket with a timeout would wait for data up to its timeout first
    try:
        return sock.recv(1, socket.MSG_PEEK if peek else 0) == b""
    except BlockingIOError:
        return False  # still open: nothing to read
    except OSError:
        return True
    finally:
        sock.settimeout(previous)


def idle(endpoint: Endpoint, count: int, idle_timeout: float = 5) -> dict[str, Any]:
    """``count`` silent connections; queries while they are open and once they are closed."""
    sockets: list[socket.socket] = []
    failed: Counter[str] = Counter()
    start = time.perf_counter()
    for index in range(count):
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.bind((client_address(index % 500), 0))
            sock.connect((endpoint.host, endpoint.port))
            sockets.append(sock)
        except OSError as exc:
            failed[type(exc).__name__] += 1
            sock.close()
    opened_s = time.perf_counter() - start
    while_open = one_query(endpoint, source="127.2.0.1")
    time.sleep(idle_timeout + 2)
    closed = sum(closed_by_peer(sock) for sock in sockets)
    after_wait = one_query(endpoint, source="127.2.0.2")
    for sock in sockets:
        sock.close()
    after_close = one_query(endpoint, source="127.2.0.3")
    return {
        "opened": len(sockets),
        "open_failures": dict(failed),
        "opened_in_s": opened_s,
        "query_while_open": {"ms": while_open[0] * 1000, "status": while_open[1]},
        f"closed_by_server_after_{idle_timeout + 2:g}_s": closed,
        "query_after_idle_timeout": {"ms": after_wait[0] * 1000, "status": after_wait[1]},
        "query_after_closing": {"ms": after_close[0] * 1000, "status": after_close[1]},
    }


def bad_content_length(endpoint: Endpoint, value: str) -> dict[str, Any]:
    """A POST with ``Content-Length: value``: the status line answered (or none within 5 s)."""
    tracebacks = endpoint.tracebacks()
    with socket.create_connection((endpoint.host, endpoint.port), timeout=5) as sock:
        sock.sendall(
            b"POST /query HTTP/1.1\r\nHost: bench\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {value}\r\n\r\nquery=ASK%7B%7D".encode()
        )
        start = time.perf_counter()
        try:
            head = sock.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
        except TimeoutError:
            head = "no answer within 5 s"
        answer_s = time.perf_counter() - start
    time.sleep(0.2)
    after = one_query(endpoint)
    return {
        "answer": head or "connection closed without an answer",
        "answer_s": answer_s,
        "new_tracebacks_in_stderr": endpoint.tracebacks() - tracebacks,
        "query_after": after[1],
    }


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """A memory figure of ``/proc/PID/status`` in MiB (``VmRSS``: now; ``VmHWM``: the peak); 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Memory:
    """The peak resident memory of some processes during a run: VmHWM after a reset, and VmRSS sampled."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.peaks = {name: rss_mib(pid) for name, pid in pids.items()}
        self.reset = True
        for pid in pids.values():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # 5: reset the peak RSS (VmHWM)
            except OSError:
                self.reset = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            for name, pid in self.pids.items():
                self.peaks[name] = max(self.peaks[name], rss_mib(pid))

    def stop(self) -> dict[str, float]:
        """Stop sampling; the peak of each process in MiB."""
        self._stop.set()
        self._thread.join()
        if self.reset:
            for name, pid in self.pids.items():
                self.peaks[name] = max(self.peaks[name], rss_mib(pid, "VmHWM"))
        return {name: round(peak, 1) for name, peak in self.peaks.items()}


def runaway(endpoint: Endpoint, limit: float) -> dict[str, Any]:
    """A runaway query whose client leaves after 1 s: when is its oxigraph server replaced?"""
    before = endpoint.oxigraph()
    if before is None:
        return {"error": "no oxigraph child found"}
    start = time.perf_counter()
    client = threading.Thread(target=one_query, args=(endpoint, RUNAWAY, "127.3.0.1", 1), daemon=True)
    client.start()
    peak = 0.0
    restarted = None
    while time.perf_counter() - start < limit + 60:
        peak = max(peak, rss_mib(before))
        now = endpoint.oxigraph()
        if now != before:
            restarted = time.perf_counter() - start
            break
        time.sleep(0.05)
    after = one_query(endpoint)
    return {
        "time_limit_s": limit,
        "oxigraph_replaced_after_s": restarted,
        "oxigraph_peak_rss_mib": peak,
        "query_after": after[1],
    }


def per_client(endpoint: Endpoint, queries: int = 6) -> dict[str, Any]:
    """``queries`` slow queries at once from one address, and one query from another address meanwhile."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def client(index: int) -> None:
        if index == queries:  # another client, a little later
            time.sleep(0.5)
            seconds, status = one_query(endpoint, source="127.4.0.2")
            with lock:
                outcomes[f"other client: {status}"] += 1
            return
        seconds, status = one_query(endpoint, SLOW, source="127.4.0.1")
        with lock:
            outcomes[f"same client: {status}"] += 1

    in_threads(queries + 1, client)
    return {"queries_from_one_address": queries, "answers": dict(sorted(outcomes.items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="queries per client (default 20)")
    parser.add_argument("--clients", default="1,50,200", help="concurrent clients, comma-separated")
    parser.add_argument("--idle", type=int, default=2000, help="idle connections (default 2000)")
    parser.add_argument("--timeout", type=float, default=5, help="the endpoint's --timeout (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-endpoint-") as tmp:
        endpoint = Endpoint(args.timeout, Path(tmp))
        try:
            one_query(endpoint)  # warm up
            figures["latency"] = [latency(endpoint, int(n), args.requests) for n in args.clients.split(",")]
            figures["connects"] = connects(endpoint)
            figures["idle"] = idle(endpoint, args.idle)
            figures["content_length"] = {v: bad_content_length(endpoint, v) for v in ("-1", "abc")}
            figures["runaway_client_left"] = runaway(endpoint, args.timeout)
            figures["per_client"] = per_client(endpoint)
            figures["tracebacks_in_stderr"] = endpoint.tracebacks()
        finally:
            endpoint.stop()
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    columns = ("clients", "requests", "ok", "p50 ms", "p95 ms", "max ms", "req/s")
    print(" ".join(f"{c:>8}" for c in columns), " errors")
    for row in figures["latency"]:
        cells = [row["clients"], row["requests"], row["ok"]]
        figures_ms = [f"{row[k]:.1f}" for k in ("p50_ms", "p95_ms", "max_ms")]
        print(
            " ".join(f"{c:>8}" for c in [*cells, *figures_ms, f"{row['per_second']:.0f}"]),
            f" {row['errors'] or '-'}",
        )
    for name in ("connects", "idle", "content_length", "runaway_client_left", "per_client"):
        print(f"\n{name}:")
        for key, value in figures[name].items():
            print(f"  {key}: {value}")
    print(f"\ntracebacks in the server's stderr: {figures['tracebacks_in_stderr']}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
