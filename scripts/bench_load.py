"""Benchmark: the SPARQL endpoint under load, beside a bare Oxigraph server on the same store (issue 21).

    python scripts/bench_load.py [--duration 30] [--clients 50,200] [--faults] [--json]

Starts ``airoles serve --port 0`` (the graph with its inferences and the shipped ESCO layer; its access log
on, as in production, into a file), then a bare ``oxigraph serve-read-only`` on the store directory that
endpoint built (the same data, opened read-only a second time; started by
:class:`airoles_kg.sparql.upstream.Upstream`, as the endpoint starts its own). Then, for each client count
(50, then 200) and each target, ``--duration`` seconds of load:

- the named queries of ``queries/`` (all of them), with their example parameters bound by the library
  (:func:`airoles_kg.sparql.parameters.bind_parameters`) and stated in the text by its own
  :func:`airoles_kg.sparql.values.with_values` (the SPARQL protocol has no substitutions), sent as
  ``GET /query?query=...`` in a round-robin: client *i* starts at query *i*, then takes the next, one
  request at a time, over one keep-alive connection (reopened when the server closes it);
- each client binds a loopback source address of its own (127.1.x.y; Linux routes all of 127/8 to the
  loopback), so the endpoint's per-client limit (4 queries at once per address) never trips: each address
  has at most one query running;
- per target and client count: requests/s, p50/p95/p99/max latency, errors by kind, the peak resident
  memory of the server processes during the run (``/proc/PID/status`` VmHWM, reset before each run through
  ``clear_refs``, and VmRSS sampled every 0.1 s) and their CPU time; then the ratio of throughput
  airoles / bare Oxigraph, and whether the targets are met (0 errors and p99 <= 250 ms at 200 clients,
  at least half the bare server's throughput).

Before the load, every query runs once on each target: both must answer 200 with the same number of rows.
Then each target is warmed up (:func:`warm_up`: the endpoint's background search index built, then
:data:`WARM_UP_S` s of load), so that every measured run sees a server in its steady state.
The load generator is one asyncio loop in this process (cheaper per request than a thread per client), on
the same cores as the servers. ``--faults`` then runs scripts/bench_faults.py's campaign. Prints the figures
(``--json``: as JSON). Figures depend on the machine; tests never assert timings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from bench_endpoint import Endpoint, Memory, client_address, percentile  # this script's folder
from bench_faults import campaign, print_faults

from airoles_kg.core import paths
from airoles_kg.core.terms import to_oxigraph
from airoles_kg.sparql.engine import query_graph
from airoles_kg.sparql.library import read_query_file
from airoles_kg.sparql.parameters import bind_parameters
from airoles_kg.sparql.upstream import Upstream
from airoles_kg.sparql.values import with_values

REQUEST_TIMEOUT = 60.0  # seconds; past it a request counts as an error ("timeout")
P99_TARGET_MS = 250.0
RATIO_TARGET = 0.5
ACCEPT = "application/sparql-results+json"
TICK = os.sysconf("SC_CLK_TCK")


def library_queries() -> list[tuple[str, str]]:
    """(name, text) of every named query, its example parameters stated as a VALUES clause."""
    graph = query_graph()
    found = []
    # The library's files, read without the header checks of named_queries(): the load needs each query's
    # text and its parameters' examples, not its titles.
    for query in (read_query_file(path) for path in sorted(paths.QUERIES_DIR.glob("*.rq"))):
        bound = bind_parameters(graph, query, {p.name: p.example or "" for p in query.params})
        text = with_values(query.text, {ox.Variable(k): to_oxigraph(v) for k, v in bound.items()})
        if bound and text is query.text:
            raise SystemExit(f"{query.name}: no place for its parameters' VALUES clause")
        found.append((query.name, text))
    return found


@dataclass
class Target:
    """A server to load: its address and its processes (name -> pid, read again at each run)."""

    name: str
    host: str
    port: int
    processes: Callable[[], dict[str, int]]


def request_bytes(target: Target, text: str) -> bytes:
    path = "/query?" + urlencode({"query": text})
    return f"GET {path} HTTP/1.1\r\nHost: {target.host}:{target.port}\r\nAccept: {ACCEPT}\r\n\r\n".encode()


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes, bool]:
    """Send ``request``, read the whole response: (status, body, whether the server closes)."""
    writer.write(request)
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    closes = headers.get("connection") == "close"
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":  # the Oxigraph server streams its results
        chunks = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass  # trailers
                break
            chunks.append((await reader.readexactly(size + 2))[:-2])
        body = b"".join(chunks)
    else:
        body, closes = await reader.read(), True
    return status, body, closes


@dataclass
class Run:
    """What one load run measured."""

    times: list[float] = field(default_factory=list)
    by_query: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)


async def load(target: Target, queries: list[tuple[str, bytes]], clients: int, duration: float) -> Run:
    """``clients`` clients sending ``queries`` round-robin for ``duration`` seconds."""
    run = Run()
    stop_at = time.monotonic() + duration

    async def client(index: int) -> None:
        stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        turn = index % len(queries)
        while time.monotonic() < stop_at:
            name, request = queries[turn]
            turn = (turn + 1) % len(queries)
            start = time.perf_counter()
            try:
                async with asyncio.timeout(REQUEST_TIMEOUT):
                    if stream is None:
                        stream = await asyncio.open_connection(
                            target.host, target.port, local_addr=(client_address(index), 0)
                        )
                    status, _, closes = await exchange(*stream, request)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
                run.errors["timeout" if isinstance(exc, TimeoutError) else type(exc).__name__] += 1
                if stream is not None:
                    stream[1].close()
                stream = None
                await asyncio.sleep(0.05)  # a refused connection is not retried in a tight loop
                continue
            elapsed = time.perf_counter() - start
            if status == 200:
                run.times.append(elapsed)
                run.by_query.setdefault(name, []).append(elapsed)
            else:
                run.errors[f"HTTP {status}"] += 1
            if closes:
                stream[1].close()
                stream = None
        if stream is not None:
            stream[1].close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return run


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (all its threads) so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(target: Target, queries: list[tuple[str, str]], clients: int, duration: float) -> dict[str, Any]:
    """One run of ``clients`` clients on ``target``, with its figures."""
    requests = [(name, request_bytes(target, text)) for name, text in queries]
    pids = target.processes()
    memory = Memory(pids)
    cpu = {name: cpu_seconds(pid) for name, pid in pids.items()}
    own = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter()
    run = asyncio.run(load(target, requests, clients, duration))
    wall = time.perf_counter() - wall
    mine = resource.getrusage(resource.RUSAGE_SELF)
    peaks = memory.stop()
    slowest = sorted(run.by_query.items(), key=lambda item: -percentile(item[1], 0.5))[:3]
    return {
        "target": target.name,
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(run.times) + sum(run.errors.values()),
        "ok": len(run.times),
        "per_second": len(run.times) / wall,
        "p50_ms": percentile(run.times, 0.5) * 1000,
        "p95_ms": percentile(run.times, 0.95) * 1000,
        "p99_ms": percentile(run.times, 0.99) * 1000,
        "max_ms": max(run.times, default=float("nan")) * 1000,
        "errors": dict(run.errors),
        "peak_rss_mib": peaks,
        "rss_peak_reset": memory.reset,
        "server_cpu_s": {name: round(cpu_seconds(pid) - cpu[name], 1) for name, pid in pids.items()},
        "server_cpu_ms_per_query": {
            name: round((cpu_seconds(pid) - cpu[name]) * 1000 / max(len(run.times), 1), 2)
            for name, pid in pids.items()
        },
        "client_cpu_s": round(mine.ru_utime + mine.ru_stime - own.ru_utime - own.ru_stime, 1),
        "slowest_queries_p50_ms": {name: round(percentile(t, 0.5) * 1000, 1) for name, t in slowest},
    }


def check_answers(targets: list[Target], queries: list[tuple[str, str]]) -> dict[str, Any]:
    """Each query once on each target (a warm-up too): the status and row count must agree, and be 200."""
    answers: dict[str, list[tuple[int, int]]] = {}

    async def ask(target: Target) -> None:
        stream = await asyncio.open_connection(target.host, target.port)
        try:
            for name, text in queries:
                status, body, _ = await exchange(*stream, request_bytes(target, text))
                rows = len(json.loads(body)["results"]["bindings"]) if status == 200 else -1
                answers.setdefault(name, []).append((status, rows))
        finally:
            stream[1].close()

    for target in targets:
        asyncio.run(ask(target))
    differ = {name: got for name, got in answers.items() if len(set(got)) != 1 or got[0][0] != 200}
    return {"queries": len(queries), "rows": sum(got[0][1] for got in answers.values()), "differ": differ}


WARM_UP_S = 3.0  # seconds of load per target before the measured runs, not counted


def warm_up(targets: list[Target], queries: list[tuple[str, str]]) -> dict[str, float]:
    """Bring each target to its steady state before it is measured: the endpoint's first search (which waits
    for the search index it builds in the background after start-up: seconds of its CPU that would
    otherwise fall into the first measured run), then :data:`WARM_UP_S` seconds of load on each target.
    Returns how long the search index took to be ready (seconds)."""
    found: dict[str, float] = {}
    for target in targets:
        if target.name == "airoles":
            start = time.perf_counter()
            url = f"http://{target.host}:{target.port}/api/v1/search?text=data"
            with urllib.request.urlopen(url, timeout=300) as response:
                response.read()
            found["search_index_ready_s"] = round(time.perf_counter() - start, 1)
        measure(target, queries, 50, WARM_UP_S)
    return found


def verdict(rows: list[dict[str, Any]]) -> list[str]:
    """The targets at the largest client count: met or missed, with the figures."""
    top = max(row["clients"] for row in rows)
    ours = next(r for r in rows if r["target"] == "airoles" and r["clients"] == top)
    bare = next(r for r in rows if r["target"] == "oxigraph" and r["clients"] == top)
    errors = sum(ours["errors"].values())
    ratio = ours["per_second"] / bare["per_second"] if bare["per_second"] else float("nan")
    return [
        f"0 errors at {top} clients: {'met' if errors == 0 else 'MISSED'} ({errors} errors)",
        f"p99 <= {P99_TARGET_MS:g} ms at {top} clients: "
        f"{'met' if ours['p99_ms'] <= P99_TARGET_MS else 'MISSED'} ({ours['p99_ms']:.0f} ms)",
        f"throughput >= {RATIO_TARGET:g} x bare oxigraph at {top} clients: "
        f"{'met' if ratio >= RATIO_TARGET else 'MISSED'} (x{ratio:.2f})",
    ]


def print_table(figures: dict[str, Any]) -> None:
    rows = figures["runs"]
    print(
        f"{figures['queries']} named queries, round-robin; each client its own source address "
        "(127.1.x.y), one query at a time: the per-client limit (4 per address) never trips."
    )
    print(f"answers checked: {figures['answers']}")
    print(f"warm-up: {figures.get('warm_up')} then {WARM_UP_S:g} s of load per target, not counted\n")
    columns = ("target", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(" ".join(f"{c:>9}" for c in columns), "  errors; peak RSS MiB; server CPU s; client CPU s")
    for row in rows:
        cells = [row["target"], row["clients"], row["requests"], f"{row['per_second']:.0f}"]
        cells += [f"{row[k]:.1f}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")]
        print(
            " ".join(f"{c:>9}" for c in cells),
            f"  {row['errors'] or 0}; {row['peak_rss_mib']}; {row['server_cpu_s']}; {row['client_cpu_s']}",
        )
    print("\nserver CPU per answered query (ms):")
    for row in rows:
        print(f"  {row['target']} x{row['clients']}: {row['server_cpu_ms_per_query']}")
    for clients, ratio in figures["ratios"].items():
        print(f"throughput airoles / bare oxigraph at {clients} clients: x{ratio:.2f}")
    print("\nslowest queries (p50 ms) per run:")
    for row in rows:
        print(f"  {row['target']} x{row['clients']}: {row['slowest_queries_p50_ms']}")
    print("\ntargets:")
    for line in figures["targets"]:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30, help="seconds per run (default 30)")
    parser.add_argument("--clients", default="50,200", help="concurrent clients, comma-separated")
    parser.add_argument("--faults", action="store_true", help="then the fault campaign (bench_faults.py)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    queries = library_queries()
    figures: dict[str, Any] = {"queries": len(queries), "duration_s": args.duration, "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        endpoint = Endpoint(30, Path(tmp))
        bare = Upstream(endpoint.store(), Path(tmp) / "bare-oxigraph.log")
        try:
            bare.start()
            targets = [
                Target(
                    "airoles",
                    endpoint.host,
                    endpoint.port,
                    lambda: {"proxy": endpoint.process.pid, "oxigraph": endpoint.oxigraph() or 0},
                ),
                Target(
                    "oxigraph",
                    "127.0.0.1",
                    bare.port,
                    lambda: {"oxigraph": bare.process.pid if bare.process else 0},
                ),
            ]
            figures["answers"] = check_answers(targets, queries)
            figures["warm_up"] = warm_up(targets, queries)
            for clients in (int(n) for n in args.clients.split(",")):
                for target in targets:
                    figures["runs"].append(measure(target, queries, clients, args.duration))
            figures["tracebacks_in_stderr"] = endpoint.tracebacks()
        finally:
            bare.close()
            endpoint.stop()
    by = {(r["target"], r["clients"]): r["per_second"] for r in figures["runs"]}
    figures["ratios"] = {
        n: by[("airoles", n)] / by[("oxigraph", n)] for t, n in by if t == "airoles" and by[("oxigraph", n)]
    }
    figures["targets"] = verdict(figures["runs"])
    if args.faults:
        figures["faults"] = campaign()
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print_table(figures)
    if args.faults:
        print()
        print_faults(figures["faults"])


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
