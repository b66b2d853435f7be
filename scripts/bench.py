#!/usr/bin/env python3
"""Performance at scale: airoles beside an ESCO-sized catalogue stays interactive (issue #10).

For each scale (``--roles``, default 3,000 and 30,000) the synthetic catalogue of :mod:`support.synthetic` is
generated, loaded beside the ontology and the knowledge base, and measured (medians of ``--runs`` runs):

* loading: the first build as ``airoles query --data`` runs it (pyoxigraph parse, rule-based inferences,
  career index, the on-disk store filled beside them, caches) and its peak memory, then the loads
  people wait for — the files and the cached inferences parsed into an in-memory pyoxigraph store, the
  cached on-disk store opened, the career index unpickled — each in a fresh process, with its peak memory
  (``VmHWM``); and plain rdflib parsing the same triples, for the ratio;
* every named query of ``queries/`` on pyoxigraph (in memory and on disk) and on the plain rdflib graph in the
  same run, with the ratio (parameters: fixed synthetic roles, skills and sectors; rdflib is skipped where a
  query takes more than 10 s, or where the rdflib graph itself would not fit: see ``--rdflib-max-roles``);
* ``path`` (4 hops, a pair 3–4 hops apart), ``gap``, ``next`` (4 hops) and ``match`` (3 skills) on the career
  index;
* SHACL validation (``--shacl-max-roles``): plain pyshacl, the options :mod:`airoles_kg.shacl.validate` uses,
and the
  fast path of :mod:`airoles_kg.shacl.fast`, whose results are compared with plain pyshacl's;
* the explorer (once): seconds from opening a role's page in Chromium (Playwright) to its card.

Prints ONE table and writes it as JSON (``--json``). Targets are those of issue #10; a row says whether it
met its target. Run it on a quiet machine: the figures are wall-clock times.

    python scripts/bench.py                                  # 3,000 and 30,000 roles, 5 runs
    python scripts/bench.py --roles 3000 --runs 3 --json bench.json
    python scripts/bench.py --roles 300 --runs 2 --skip-explorer --workdir /tmp/airoles-bench
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD_FLAG = "--child"
RDFLIB_QUERY_CAP = 10.0  # seconds: an rdflib query slower than this is run once, not --runs times
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # for tests/support


# ---------------------------------------------------------------------------------------------------------
# Rows of the table
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table (and of the JSON)."""

    roles: int | None
    section: str
    what: str
    value: float | None  # the median, in ``unit``
    unit: str
    target: float | None = None  # the most a value may be (same unit)
    runs: int = 1
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value <= self.target and self.extra.get("ratio_met", True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "roles": self.roles,
            "section": self.section,
            "what": self.what,
            "median": None if self.value is None else round(self.value, 4),
            "unit": self.unit,
            "target": self.target,
            "met": self.met,
            "runs": self.runs,
            "note": self.note,
            **self.extra,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Row:
        """The row :meth:`to_dict` wrote (``--from-json``)."""
        known = {"roles", "section", "what", "median", "unit", "target", "met", "runs", "note"}
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(
            data["roles"],
            data["section"],
            data["what"],
            data["median"],
            data["unit"],
            data["target"],
            data["runs"],
            data["note"],
            extra,
        )


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "x":
        return f"x{value:,.0f}"
    return f"{value:g} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("roles", "measurement", "median", "target", "met", "note")
    lines = [
        (
            f"{r.roles:,}" if r.roles else "project",
            r.what,
            fmt(r.value, r.unit),
            "" if r.target is None else f"≤ {fmt(r.target, r.unit)}",
            {True: "yes", False: "NO", None: ""}[r.met],
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header[:-1])]
    for line in [header, *lines]:
        print("  ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=False)), line[-1]]).rstrip())


def _markdown_lines(rows: list[Row]) -> list[str]:
    lines = ["| roles | measurement | median | target | met | note |", "|---:|---|---:|---:|:---:|---|"]
    for r in rows:
        target = "" if r.target is None else f"≤ {fmt(r.target, r.unit)}"
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        roles = f"{r.roles:,}" if r.roles else ""
        note = r.note.replace("|", "\\|")
        lines.append(f"| {roles} | {r.what} | {fmt(r.value, r.unit)} | {target} | {met} | {note} |")
    return lines


def summary_rows(rows: list[Row]) -> list[Row]:
    """The table with the named queries of each scale folded into two lines: the slowest query against
    the time target, and the smallest speed-up over rdflib against the ratio target."""
    out: list[Row] = []
    for r in rows:
        if r.section != "sparql":
            out.append(r)
            continue
        if any(o.section == "sparql" and o.roles == r.roles for o in out):
            continue
        queries = [q for q in rows if q.section == "sparql" and q.roles == r.roles]
        slow = [q for q in queries if q.met is False and q.value is not None and q.value > (q.target or 0)]
        slowest = max(queries, key=lambda q: q.value or 0)
        over = ", ".join(f"{q.what[len('query ') :]} {fmt(q.value, 'ms')}" for q in slow) or "none"
        out.append(
            Row(
                r.roles,
                "sparql",
                f"the {len(queries)} named queries (the API by name, on-disk store)",
                slowest.value,
                r.unit,
                r.target,
                r.runs,
                note=f"slowest: {slowest.what[len('query ') :]}; median of the queries "
                f"{fmt(median([q.value or 0 for q in queries]), 'ms')}; over the target: {over}",
                extra={"ratio_met": True},
            )
        )
        ratios = [(q.extra["ratio"], q) for q in queries if "ratio" in q.extra]
        if ratios:
            low, which = min(ratios, key=lambda pair: pair[0])
            ordered = sorted(ratios, key=lambda pair: (pair[0], pair[1].what))  # ties: by name, not by Row
            under = [f"{q.what[len('query ') :]} x{x:,.0f}" for x, q in ordered if x < 20]
            out.append(
                Row(
                    r.roles,
                    "sparql",
                    "speed-up over plain rdflib, smallest",
                    low,
                    "x",
                    None,
                    r.runs,
                    note=f"median x{median([x for x, _ in ratios]):,.0f} over {len(ratios)} queries; "
                    f"under x20: {', '.join(under) or 'none'}",
                )
            )
    return out


def markdown_table(rows: list[Row]) -> str:
    """The summary (:func:`summary_rows`), then the full table, as Markdown."""
    summary, every = _markdown_lines(summary_rows(rows)), _markdown_lines(rows)
    return "\n".join(["#### Summary", "", *summary, "", "#### Every measurement", "", *every]) + "\n"


def write_markdown(path: Path, block: str, text: str) -> None:
    """Put ``text`` between the lines ``<!-- bench:start BLOCK -->`` and ``<!-- bench:end BLOCK -->`` of
    ``path``, leaving the rest of the file as it is (the prose around the tables is written by hand); a new
    file holds the block alone. See :func:`block_span` for a file without the markers."""
    from airoles_kg.core.atomic import atomic_write_text

    start, end = _markers(block)
    span = block_span(path, block)
    if span is None:
        atomic_write_text(path, f"{start}\n{text}{end}\n")
        return
    lines, first, last = span
    atomic_write_text(path, "".join([*lines[: first + 1], text, *lines[last:]]))


def block_span(path: Path, block: str) -> tuple[list[str], int, int] | None:
    """The lines of ``path`` and the indexes of its two markers of ``block``; None for a file that does not
    exist yet. SystemExit (exit 2) when the file exists without them (one start line, then one end line):
    nothing is overwritten, and :func:`main` checks it before measuring anything."""
    if not path.exists():
        return None
    start, end = _markers(block)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    stripped = [line.strip() for line in lines]
    if stripped.count(start) != 1 or stripped.count(end) != 1 or stripped.index(start) > stripped.index(end):
        print(
            f"bench.py: {path} has no block {block!r} to replace (one line {start!r}, then one line "
            f"{end!r}); nothing measured, nothing written",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return lines, stripped.index(start), stripped.index(end)


def _markers(block: str) -> tuple[str, str]:
    return f"<!-- bench:start {block} -->", f"<!-- bench:end {block} -->"


def heading(document: dict[str, Any]) -> str:
    """The line above a generated table: the command, the machine, the date and the runs (from the JSON
    document of the run)."""
    machine, options = document["machine"]["before"], document["options"]
    command = document.get("command") or ("--short" if options.get("short") else "")
    memory = document.get("memory_gib")
    where = f"{machine['cpus']} cores" + (f", {memory:.0f} GiB" if memory else "")
    line = f"python scripts/bench.py {command}".rstrip()
    return (
        f"Generated by `{line}` on the project's build machine "
        f"({where}, Python {document['machine']['python']}), {document['started'][:10]}, in "
        f"{document['seconds']:,.0f} s; medians of {options['runs']} runs (at least 20 for the career "
        f"commands; rdflib queries slower than 10 s run once). Load average before the run: "
        f"{', '.join(f'{x:.2f}' for x in machine['loadavg'])}.\n\n"
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return median(times), result


def peak_rss_mib() -> float:
    """This process's peak resident memory: ``VmHWM`` on Linux, which a new program starts afresh
    (``ru_maxrss`` survives exec on Linux: a child would report its parent's peak at fork time)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine_state() -> dict[str, Any]:
    """The load the machine was under: load averages and the busiest other processes."""
    busy = subprocess.run(
        ["ps", "-eo", "pcpu,etimes,args", "--sort=-pcpu"], capture_output=True, text=True, check=False
    ).stdout.splitlines()[1:6]
    return {
        "loadavg": os.getloadavg(),
        "cpus": os.cpu_count(),
        "busiest": [" ".join(line.split()[:2] + line.split()[2:5]) for line in busy],
    }


# ---------------------------------------------------------------------------------------------------------
# Child processes (fresh interpreters: load times and peak memory without what the parent holds)
# ---------------------------------------------------------------------------------------------------------


def run_child(mode: str, files: list[Path], cache: Path, extra: list[str] = ()) -> dict[str, Any]:
    command = [sys.executable, __file__, CHILD_FLAG, mode, *extra, "--", *map(str, files)]
    env = {**os.environ, "AIROLES_CACHE_DIR": str(cache)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child {mode} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child_main(argv: list[str]) -> int:
    mode = argv[0]
    separator = argv.index("--")
    options, files = argv[1:separator], [Path(f) for f in argv[separator + 1 :]]
    base = peak_rss_mib()
    from airoles_kg.catalogue import fastload

    out: dict[str, Any] = {"rss_after_imports_mib": base}
    start = time.perf_counter()
    if mode == "memory":
        fast = fastload.load(files)
        out["seconds"] = time.perf_counter() - start
        out["timings"] = fast.timings
        out["inferred"] = fast.inferred
        out["quads"] = len(fast.store)
    elif mode in ("persist", "disk"):
        fast = fastload.load(files, persistent=True)
        out["seconds"] = time.perf_counter() - start
        out["timings"] = fast.timings
        out["inferred"] = fast.inferred
        out["peak_rss_load_mib"] = peak_rss_mib()
        if mode == "persist":
            out["quads"] = len(fast.store)
        start = time.perf_counter()
        index = fast.index()
        out["index_seconds"] = time.perf_counter() - start
        out["roles"] = len(index.roles)
    elif mode == "rdflib":
        from rdflib import Graph

        graph = Graph()
        for f in files:
            graph.parse(f, format="nt" if f.suffix == ".nt" else "turtle")
        out["seconds"] = time.perf_counter() - start
        out["triples"] = len(graph)
    elif mode == "generate":
        from support.synthetic import generate

        roles, seed, target = int(options[0]), int(options[1]), options[2]
        generate(roles, seed, target)
        out["seconds"] = time.perf_counter() - start
    else:
        raise SystemExit(f"unknown child mode {mode}")
    out["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(out))
    return 0


# ---------------------------------------------------------------------------------------------------------
# One scale
# ---------------------------------------------------------------------------------------------------------


def bench_scale(n: int, args: argparse.Namespace, rows: list[Row]) -> None:
    import pyoxigraph as ox
    from support.synthetic import Plan, query_bindings

    from airoles_kg.catalogue import fastload
    from airoles_kg.core.terms import to_oxigraph
    from airoles_kg.sparql.engine import query_store
    from airoles_kg.sparql.library import named_queries

    runs = args.runs
    big = n >= 10_000
    plan = Plan(n, args.seed)
    work = args.workdir / f"roles-{n}-seed-{args.seed}"
    cache = work / "cache"
    if not args.keep_cache:
        shutil.rmtree(cache, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    os.environ["AIROLES_CACHE_DIR"] = str(cache)  # fastload's caches for this scale (children inherit it)
    synthetic = work / "synthetic.nt"
    section = "generate"

    def add(what: str, value: float | None, unit: str, target: float | None = None, **kw: Any) -> Row:
        row = Row(n, kw.pop("section", section), what, value, unit, target, **kw)
        rows.append(row)
        print(f"  [{n:,}] {what}: {fmt(value, unit)} {row.note}", flush=True)
        return row

    print(f"== {n:,} roles (seed {args.seed}) ==", flush=True)
    got = run_child("generate", [], cache, [str(n), str(args.seed), str(synthetic)])
    lines = sum(1 for line in synthetic.open("rb") if not line.startswith(b"#"))
    size = synthetic.stat().st_size / 2**20
    add(
        "generate the catalogue (scripts/generate_synthetic.py)",
        got["seconds"],
        "s",
        60.0,
        note=f"{lines:,} triples, {size:,.0f} MiB of N-Triples, {plan.skills:,} skills",
    )
    files = fastload.project_files([synthetic])  # once it exists: an empty or missing file is refused

    # -- loading -------------------------------------------------------------------------------------------
    section = "load"
    # The first build as `airoles query --data` and the career commands run it: the on-disk store is filled
    # beside the rules and the index; what is left of it after the index is the "store" part.
    got = run_child("persist", files, cache)
    t = got["timings"]
    add(
        "first build: parse + rules + career index + on-disk store (once)",
        got["seconds"],
        "s",
        60.0 if big else None,
        note=f"parse {t['parse']:.1f} s, rules {t['materialise']:.1f} s ({got['inferred']:,} inferred "
        f"triples), index {t['index_build']:.1f} s, the store after the index {t['persist']:.1f} s (filled "
        f"beside the rules); {got['quads']:,} triples in all",
    )
    add(
        "peak memory of the first build",
        got["peak_rss_load_mib"],
        "MiB",
        3072.0 if big else None,
        note="VmHWM",
    )
    total_triples = got["quads"]
    memory = [run_child("memory", files, cache) for _ in range(runs)]
    load_memory = median([m["seconds"] for m in memory])
    add(
        "load in memory: parse files + cached inferences (pyoxigraph)",
        load_memory,
        "s",
        8.0 if big else 1.0,
        runs=runs,
        note=f"peak {max(m['peak_rss_mib'] for m in memory):,.0f} MiB "
        f"(fingerprint {median([m['timings']['fingerprint'] for m in memory]):.2f} s)",
    )
    add(
        "peak memory of that load",
        max(m["peak_rss_mib"] for m in memory),
        "MiB",
        2048.0 if big else None,
        runs=runs,
        note=f"VmHWM; {memory[0]['rss_after_imports_mib']:,.0f} MiB after imports",
    )
    disk = [run_child("disk", files, cache) for _ in range(runs)]
    add(
        "load: open the cached on-disk store (pyoxigraph)",
        median([d["seconds"] for d in disk]),
        "s",
        8.0 if big else 1.0,
        runs=runs,
        note=f"peak {max(d['peak_rss_load_mib'] for d in disk):,.0f} MiB; includes fingerprinting the files",
    )
    add(
        "load the career index (cached pickle)",
        median([d["index_seconds"] for d in disk]),
        "s",
        runs=runs,
        note=f"peak with the store {max(d['peak_rss_mib'] for d in disk):,.0f} MiB",
    )
    rdflib_graph = None
    inferred_file = next(cache.glob("catalogue-*.inferred.nt"))
    if n <= args.rdflib_max_roles:
        rdflib_runs = 1 if args.short else min(runs, 3)  # 25-40 s each at 3,000 roles
        parsed = [run_child("rdflib", [*files, inferred_file], cache) for _ in range(rdflib_runs)]
        t_rdflib = median([p["seconds"] for p in parsed])
        add(
            "load with plain rdflib (same triples)",
            t_rdflib,
            "s",
            runs=rdflib_runs,
            note=f"{load_memory and t_rdflib / load_memory:.0f}x the pyoxigraph load; "
            f"peak {max(p['peak_rss_mib'] for p in parsed):,.0f} MiB",
        )
        from rdflib import Graph

        rdflib_graph = Graph()
        for f in [*files, inferred_file]:
            rdflib_graph.parse(f, format="nt" if f.suffix == ".nt" else "turtle")
    else:
        add(
            "load with plain rdflib (same triples)",
            None,
            "s",
            note=f"skipped: {total_triples:,} triples (rdflib: ~30,000 triples/s and ~1 KiB each "
            "measured at 3,000 roles: minutes and GiBs)",
        )

    # -- SPARQL ----------------------------------------------------------------------------------------------
    section = "sparql"
    in_memory = fastload.load(files)
    on_disk = fastload.load(files, persistent=True)
    engine = on_disk.engine()  # what `airoles query --data` and the API over a catalogue run
    target = 100.0 if big else 5.0
    for query in named_queries():
        values = query_bindings(plan, query, in_memory.store)
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in values.items()}
        names = named_values(query, values, engine.graph)

        def on(store, q=query, s=subs):
            return list(query_store(store, q.text, s))  # the IRIs already resolved

        def api(q=query, v=names, timeout=None):  # the public API, names as a person types them
            return engine.run_named(q, v, timeout=timeout)

        t_mem, rows_ox = timed(lambda f=on, st=in_memory.store: f(st), runs)
        t_disk, _ = timed(lambda f=on, st=on_disk.store: f(st), runs)
        t_api, answer = timed(api, runs)
        t_forked, _ = timed(lambda: api(timeout=30.0), runs)
        api_rows = len(answer)
        extra: dict[str, Any] = {
            "pyoxigraph_memory_ms": round(t_mem * 1000, 3),
            "pyoxigraph_disk_ms": round(t_disk * 1000, 3),
            "api_with_time_limit_ms": round(t_forked * 1000, 3),
            "rows": len(rows_ox),
            "parameters": names,
        }
        note = (
            f"{len(rows_ox)} rows; resolved IRIs in memory {fmt(t_mem * 1000, 'ms')}, on disk "
            f"{fmt(t_disk * 1000, 'ms')}; with the API's default time limit (a forked child) "
            f"{fmt(t_forked * 1000, 'ms')}"
        )
        if api_rows != len(rows_ox):
            note += f" (by name: {api_rows} rows)"
        if rdflib_graph is not None:
            try:
                start = time.perf_counter()
                rows_rdf = list(rdflib_graph.query(query.text, initBindings=values))
                first = time.perf_counter() - start
                if first > RDFLIB_QUERY_CAP:
                    t_rdf = first
                    note += f"; rdflib {first:.1f} s (run once: over {RDFLIB_QUERY_CAP:.0f} s)"
                else:
                    t_rdf, rows_rdf = timed(
                        lambda q=query, v=values, g=rdflib_graph: list(g.query(q.text, initBindings=v)), runs
                    )
                ratio = t_rdf / max(t_api, 1e-9)
                extra.update(rdflib_ms=round(t_rdf * 1000, 3), ratio=round(ratio, 1), ratio_met=ratio >= 20)
                note += f"; rdflib {fmt(t_rdf * 1000, 'ms')}, x{ratio:,.0f}"
                if len(rows_rdf) != len(rows_ox):
                    note += f" (rdflib: {len(rows_rdf)} rows)"
            except Exception as exc:  # rdflib fails on some queries pyoxigraph runs: say so, go on
                extra.update(rdflib_error=f"{type(exc).__name__}: {exc}"[:200])
                note += f"; rdflib failed ({type(exc).__name__})"
        else:
            note += "; rdflib skipped (no rdflib graph at this size)"
        add(f"query {query.name}", t_api * 1000, "ms", target, runs=runs, note=note, extra=extra)
    del rdflib_graph
    cli_query(plan, synthetic, runs, add)

    # -- careers -------------------------------------------------------------------------------------------
    section = "careers"
    index = on_disk.index()
    a, b = plan.example_roles()
    frm, to = f"<{plan.role(a)}>", f"<{plan.role(b)}>"
    far = sorted((r for r in index.reachable(frm, 4) if r.hops >= 3), key=lambda r: (-r.hops, r.role.iri))
    goal = f"<{far[0].role.iri}>" if far else to
    skills = [
        f"<{plan.skill(plan.own_skills(a)[0])}>",
        f"<{plan.skill(plan.own_skills(b)[0])}>",
        f"<{plan.skill(0)}>",
    ]
    career_runs = max(runs, 20)
    target = 50.0 if big else 5.0
    t, found = timed(lambda: index.paths(frm, goal, 4), career_runs)
    add(
        "path, 4 hops (a pair 3-4 hops apart)",
        t * 1000,
        "ms",
        target,
        runs=career_runs,
        note=f"{len(found)} paths, {far[0].hops if far else '?'} hops apart",
    )
    t, found = timed(lambda: index.gap(frm, to), career_runs)
    add(
        "gap",
        t * 1000,
        "ms",
        target,
        runs=career_runs,
        note=f"{len(found.missing_list())} skills missing, {len(found.shared)} shared",
    )
    t, found = timed(lambda: index.reachable(frm, 4), career_runs)
    add("next, 4 hops", t * 1000, "ms", target, runs=career_runs, note=f"{len(found)} roles reachable")
    t, found = timed(lambda: index.match(skills, limit=10), career_runs)
    add("match, 3 skills (best 10)", t * 1000, "ms", target, runs=career_runs, note=f"{len(found)} roles")

    # -- SHACL -----------------------------------------------------------------------------------------------
    if n <= args.shacl_max_roles and not args.skip_shacl:
        bench_shacl(n, files, runs, not args.skip_shacl_reference, add, library=not args.short)
    else:
        add(
            "SHACL validation",
            None,
            "s",
            section="shacl",
            note="skipped (--shacl-max-roles): pyshacl's time grows with the focus nodes, ~10x per 10x roles",
        )
    del in_memory, on_disk


def named_values(query: Any, values: dict[str, Any], graph: Any) -> dict[str, str]:
    """The parameters of ``query`` as a person gives them to ``airoles query --param`` or to
    ``run_named``: a role, skill or sector by the label airoles shows for it in French
    (:func:`airoles_kg.core.resolve.label` over ``graph``), anything else as an IRI in angle brackets or as
    the literal's text."""
    from rdflib import URIRef

    from airoles_kg.core.resolve import label

    kinds = {p.name: p.kind for p in query.params}
    named: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, URIRef) and kinds.get(name) in ("role", "skill", "sector"):
            named[name] = label(graph, value, "fr")
        else:
            named[name] = f"<{value}>" if isinstance(value, URIRef) else str(value)
    return named


def cli_query(plan: Any, catalogue: Path, runs: int, add: Callable[..., Row]) -> None:
    """``airoles query role-skills --data CATALOGUE --param role=LABEL`` in a fresh process, the caches warm:
    what a person waits for at the prompt."""
    a, _ = plan.example_roles()
    label = plan.role_labels(a)[0]
    command = [
        *(sys.executable, "-m", "airoles_kg", "query", "role-skills"),
        *("--data", str(catalogue), "--param", f"role={label}", "--format", "json"),
    ]
    subprocess.run(command, capture_output=True, check=False)  # warm: the store and the digests cached
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
    rows = len(json.loads(done.stdout)["results"]["bindings"]) if done.returncode == 0 else None
    add(
        f"airoles query role-skills --data {catalogue.name} --param role=... (the command, warm)",
        median(times),
        "s",
        section="sparql-cli",
        runs=runs,
        note=f"exit {done.returncode}; {rows} rows; a fresh process: start-up, the cache key, the on-disk "
        "store opened, the name resolved, the query",
    )


def bench_shacl(
    n: int, files: list[Path], runs: int, reference: bool, add: Callable[..., Row], library: bool = True
) -> None:
    """``airoles validate CATALOGUE`` as a person runs it (parse, merge, narrow, pyshacl, report: the target
    of issue 22), then, with ``library``, :func:`airoles_kg.shacl.validate_graph` on a loaded graph and
    store, compared with plain pyshacl when ``reference``."""
    section = "shacl"
    catalogue = files[-1]
    command = [sys.executable, "-m", "airoles_kg", "validate", str(catalogue), "--output", "json"]
    times = []
    for _ in range(min(runs, 3)):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
    summary = json.loads(done.stdout)["summary"] if done.stdout.startswith("{") else {}
    add(
        f"SHACL: airoles validate {catalogue.name} (the command, end to end)",
        median(times),
        "s",
        8.0,
        section=section,
        runs=len(times),
        note=f"exit {done.returncode}; {summary.get('violations', '?')} violations, "
        f"{summary.get('warnings', '?')} warnings about the catalogue's nodes; parse, merge with our graph, "
        "narrow, pyshacl, report",
    )
    if not library:
        return
    import pyshacl
    from rdflib import Graph

    from airoles_kg.core.store import load_files
    from airoles_kg.shacl import fast as fastshacl
    from airoles_kg.shacl import load_shapes, validate_graph

    data = Graph()
    for f in files:  # the ontology, the knowledge base and the catalogue: what `airoles validate FILE` checks
        data.parse(f, format="nt" if f.suffix == ".nt" else "turtle")
    shapes = load_shapes()
    start = time.perf_counter()
    store = load_files(files)
    t_store = time.perf_counter() - start
    t_fast, fast = timed(lambda: validate_graph(data, shapes, method="narrowed", store=store), runs)
    narrowed = fastshacl.narrow(data, shapes, store)
    fast_keys = fastshacl.result_keys(fast.report_graph, shapes)
    row = add(
        "SHACL: airoles_kg.shacl.validate_graph, narrowed (a plain rdflib graph and its store loaded)",
        t_fast,
        "s",
        section=section,
        runs=runs,
        note=f"{len(fast_keys)} results; {narrowed.candidates:,} of {narrowed.focus:,} shape-focus "
        f"pairs left to pyshacl; + {t_store:.1f} s to parse the files into pyoxigraph",
    )
    if not reference:
        row.note += "; not compared with pyshacl (--skip-shacl-reference)"
        return
    start = time.perf_counter()
    _, plain_report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    t_plain = time.perf_counter() - start
    plain = fastshacl.result_keys(plain_report, shapes)
    add(
        "SHACL: plain pyshacl (defaults; advanced=True for the SHACL-AF targets)",
        t_plain,
        "s",
        section=section,
        note=f"{len(plain)} results",
    )
    identical = fast_keys == plain
    row.extra.update(identical=identical, ratio_met=identical)
    row.note += (
        f"; same (focus, path, shape, severity, value, component) set as plain pyshacl: "
        f"{'yes' if identical else 'NO'}; {t_plain / t_fast:.0f}x faster"
    )


# ---------------------------------------------------------------------------------------------------------
# The explorer
# ---------------------------------------------------------------------------------------------------------


def _skipped_explorer(why: str) -> Row:
    return Row(None, "explorer", "explorer: role card shown", None, "s", 2.0, note=f"skipped: {why}")


def bench_explorer(runs: int, rows: list[Row]) -> None:
    """Start ``streamlit run explorer_app.py``, open it once (its caches fill), then time opening a role's
    page in a fresh Chromium context until the card's heading shows."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        rows.append(_skipped_explorer("no playwright"))
        return
    from airoles_kg.careers.index import load_index
    from airoles_kg.explorer.urlstate import slug

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        rows.append(_skipped_explorer("no /usr/bin/chromium"))
        return
    index = load_index()
    role = sorted(index.roles)[0]
    label = index.label(role, "fr")
    from support.explorer_server import running_explorer

    env = {k: v for k, v in os.environ.items() if k != "AIROLES_CACHE_DIR"}
    with running_explorer(env) as base:
        url = f"{base}/roles?role={slug(role, 'role')}&lang=fr"
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=args)

            def open_card() -> float:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.set_default_timeout(180_000)
                start = time.perf_counter()
                page.goto(url)
                page.get_by_role("heading", name=label).first.wait_for()
                elapsed = time.perf_counter() - start
                context.close()
                return elapsed

            first = open_card()  # fills the explorer's caches (graph, inferences, index)
            times = [open_card() for _ in range(runs)]
            browser.close()
    rows.append(
        Row(
            None,
            "explorer",
            f"explorer: role card '{label}' shown in Chromium",
            median(times),
            "s",
            2.0,
            runs=runs,
            note=f"first visit after start {first:.1f} s (builds the caches)",
        )
    )
    print(f"  explorer: {median(times):.2f} s (first {first:.1f} s)", flush=True)


# ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [CHILD_FLAG]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--roles", type=int, nargs="+", default=[3000, 30000], help="scales (default 3000 30000)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median; default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the table as JSON to this file")
    parser.add_argument("--markdown", type=Path, help="write the table as Markdown to this file")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=ROOT / ".cache" / "bench",
        help="where the catalogues and their caches go (default .cache/bench)",
    )
    parser.add_argument("--keep-cache", action="store_true", help="reuse the caches of an earlier run")
    parser.add_argument(
        "--rdflib-max-roles",
        type=int,
        default=3000,
        help="largest scale at which plain rdflib is loaded and queried (default 3000)",
    )
    parser.add_argument("--shacl-max-roles", type=int, default=3000)
    parser.add_argument("--skip-shacl", action="store_true")
    parser.add_argument(
        "--skip-shacl-reference",
        action="store_true",
        help="do not run plain pyshacl for the comparison (minutes at 3,000 roles)",
    )
    parser.add_argument("--skip-explorer", action="store_true")
    parser.add_argument(
        "--short",
        action="store_true",
        help="the everyday benchmark (about 5 minutes): 3,000 roles, 3 runs, no plain pyshacl, no browser; "
        "its --markdown block is 'short' (else 'full')",
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="measure nothing: write --markdown (and --json) from the JSON of an earlier run",
    )
    args = parser.parse_args(argv)
    args.argv = argv
    if args.short:
        args.roles, args.runs, args.skip_shacl_reference, args.skip_explorer = [3000], 3, True, True
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.markdown and not args.from_json:
        block_span(args.markdown, "short" if args.short else "full")  # before the minutes of measuring

    if args.from_json:
        document = json.loads(args.from_json.read_text(encoding="utf-8"))
        rows = [Row.from_dict(r) for r in document["rows"]]
        short = bool(document["options"].get("short"))
    else:
        document = measure(args)
        rows = [Row.from_dict(r) for r in document["rows"]]
        short = args.short
    if args.json:
        from airoles_kg.core.atomic import atomic_write_text

        atomic_write_text(args.json, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {args.json}")
    if args.markdown:
        block = "short" if short else "full"
        write_markdown(args.markdown, block, heading(document) + markdown_table(rows))
        print(f"wrote the {block!r} block of {args.markdown}")
    return 0


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark of ``args``; the JSON document of the run (its rows, the machine, the command)."""
    rows: list[Row] = []
    before = machine_state()
    started = time.time()
    for n in args.roles:
        bench_scale(n, args, rows)
    if not args.skip_explorer:
        bench_explorer(args.runs, rows)
    after = machine_state()
    print()
    print_table(rows)
    print(f"\nload average before {before['loadavg']}, after {after['loadavg']}; {before['cpus']} CPUs")
    return {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "command": " ".join(args.argv),
        "machine": {"before": before, "after": after, "python": platform.python_version()},
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "versions": _versions(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items() if k != "argv"},
        "rows": [r.to_dict() for r in rows],
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("pyoxigraph", "rdflib", "pyshacl", "streamlit", "playwright")}


if __name__ == "__main__":
    sys.exit(main())
