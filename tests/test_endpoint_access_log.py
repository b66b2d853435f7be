"""The endpoint's access log: one JSON line per request (stderr by default, ``--access-log FILE``, none with
``-q``), with the reason of each refusal and never a query's whole text. Real requests; no timing is
asserted (``duration_ms`` is only checked to be a number)."""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from support.serving import Server, running, start_server, stop_server

from airoles_kg.cli import main
from airoles_kg.sparql.access import QUERY_CHARS, AccessLog

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ALL = "SELECT * WHERE { ?s ?p ?o }"  # more rows than the shared server's cap (50)
SLOWER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # runs to the limit
FIELDS = {
    "time",
    "client",
    "method",
    "path",
    "query",
    "query_sha256",
    "status",
    "bytes",
    "duration_ms",
    "truncated",
    "reason",
}


def send(
    url: str, source: str, query: str | None = None, method: str = "GET", body: str | None = None
) -> tuple[int, bytes]:
    """(status, body) of one request from the loopback address ``source`` (another client, to the
    endpoint)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=120, source_address=(source, 0)
    )
    target = parts.path + (f"?{urlencode({'query': query})}" if query is not None else "")
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def malformed(url: str, source: str) -> bytes:
    """The status line answered to a POST whose Content-Length is not a number (h11 refuses it)."""
    parts = urlsplit(url)
    address = (parts.hostname, parts.port)
    with socket.create_connection(address, timeout=30, source_address=(source, 0)) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\nquery=ASK%7B%7D")
        return sock.recv(4096).split(b"\r\n", 1)[0]


def entries(log: Path, client: str, count: int) -> list[dict[str, Any]]:
    """The JSON lines of ``log`` for ``client``, once there are ``count`` of them (a line is written just
    after its response, so the client may read the response first); at most 30 s."""
    deadline = time.monotonic() + 30
    while True:
        found = []
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{"):
                entry = json.loads(line)
                if entry.get("client") == client:
                    found.append(entry)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_each_request_is_one_json_line_on_stderr(server: Server):
    source = "127.0.0.21"  # an address of its own: the lines of this test are told apart by it
    long_query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n# " + "private words " * 40
    sent = [
        send(server.url, source, COUNT),
        send(server.url, source, ALL),
        send(server.url, source, method="POST", body=urlencode({"query": long_query})),
        send(server.url, source, "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"),
        send(server.url, source, "SELEC"),
        send(server.url, source, method="POST", body=urlencode({"update": "CLEAR ALL"})),
    ]
    assert malformed(server.url, source).startswith(b"HTTP/1.1 400 ")
    lines = entries(server.log, source, 7)
    assert [set(line) for line in lines] == [FIELDS] * 7
    got = [(e["method"], e["path"], e["status"], e["truncated"], e["reason"]) for e in lines]
    assert got == [
        ("GET", "/query", 200, False, None),
        ("GET", "/query", 200, True, None),  # cut at --limit 50
        ("POST", "/query", 200, False, None),
        ("GET", "/query", 400, False, "federation refused"),
        ("GET", "/query", 400, False, "query error"),
        ("POST", "/query", 403, False, "update refused"),
        (None, None, 400, False, "malformed request"),  # h11 refused it: no method or path known
    ]
    assert [e["bytes"] for e in lines[:6]] == [len(body) for _, body in sent]
    for entry in lines:
        moment = datetime.fromisoformat(entry["time"])
        assert entry["time"].endswith("Z") and moment.utcoffset() is not None and not moment.utcoffset()
        assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    # The query: its first characters (whitespace folded) and a hash of the whole, never all of it.
    assert lines[0]["query"] == COUNT
    assert lines[0]["query_sha256"] == hashlib.sha256(COUNT.encode()).hexdigest()[:16]
    assert lines[2]["query"] == " ".join(long_query.split())[:QUERY_CHARS]
    assert lines[2]["query_sha256"] == hashlib.sha256(long_query.encode()).hexdigest()[:16]
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "private words " * 20 not in log
    assert "Traceback" not in log and "Invalid HTTP request" not in log


def test_the_log_file_is_appended_with_the_reasons_of_refusals(tmp_path: Path):
    """A timeout and a query past the per-client limit, logged to a file that already has a line."""
    path = tmp_path / "access.jsonl"
    path.write_text('{"earlier": true}\n', encoding="utf-8")
    source = "127.0.0.22"
    answers: list[tuple[int, bytes]] = []
    log = AccessLog.open(path)
    try:
        with running(tmp_path / "cache", timeout=2, max_per_client=1, access_log=log) as endpoint:
            slow = [
                threading.Thread(target=lambda: answers.append(send(endpoint.url, source, SLOWER)))
                for _ in range(2)
            ]
            for thread in slow:
                thread.start()
            for thread in slow:
                thread.join(120)
            assert send(endpoint.url, source, "ASK {}")[0] == 200
            lines = entries(path, source, 3)
    finally:
        log.close()
    assert sorted(status for status, _ in answers) == [429, 503]
    assert sorted((e["status"], e["reason"]) for e in lines) == [
        (200, None),
        (429, "too many per client"),
        (503, "timeout"),
    ]
    assert path.read_text(encoding="utf-8").splitlines()[0] == '{"earlier": true}'


def test_an_access_log_that_cannot_be_opened_is_a_clear_error(tmp_path: Path, capsys):
    missing = tmp_path / "no" / "such" / "access.log"
    for target, why in ((missing, "No such file or directory"), (tmp_path, "Is a directory")):
        code = main(["serve", "--port", "0", "--access-log", str(target), "--asserted", "--no-external"])
        err = capsys.readouterr().err
        assert code == 2
        assert f"--access-log {target}: cannot open it for appending: {why}" in err
        assert "Traceback" not in err


def _serve_and_query(tmp_path: Path, *options: str) -> Server:
    """``airoles serve`` with ``options``, asked three things (one refused by h11), then stopped."""
    started = start_server(tmp_path, "--asserted", "--no-external", *options)
    try:
        assert send(started.url, "127.0.0.23", COUNT)[0] == 200
        assert send(started.url, "127.0.0.23", "SELEC")[0] == 400
        assert malformed(started.url, "127.0.0.23").startswith(b"HTTP/1.1 400 ")
        time.sleep(0.5)  # the lines are written just after the answers
    finally:
        stop_server(started.process)
    return started


def test_quiet_logs_no_request(tmp_path: Path):
    started = _serve_and_query(tmp_path, "-q")
    err = started.log.read_text(encoding="utf-8")
    assert not [line for line in err.splitlines() if line.startswith("{")], err


def test_access_log_option_writes_the_file_instead_of_stderr(tmp_path: Path):
    path = tmp_path / "access.jsonl"  # created: it does not exist yet
    started = _serve_and_query(tmp_path, "--access-log", str(path))
    assert not [line for line in started.log.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    assert [e["status"] for e in entries(path, "127.0.0.23", 3)] == [200, 400, 400]
