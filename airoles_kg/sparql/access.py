"""The endpoint's access log: one JSON line per request, on stderr or appended to a file.

Each line is a JSON object (see docs/sparql.md, "Access log")::

    {"time": "2025-06-01T12:00:00.123Z", "client": "127.0.0.1", "method": "GET", "path": "/query",
     "query": "SELECT ?role WHERE { ... }", "query_sha256": "3f2a...", "status": 200, "bytes": 1234,
     "duration_ms": 4.2, "truncated": false, "reason": null}

* the query text is never logged in full: its first :data:`QUERY_CHARS` characters (whitespace runs folded
  into one space, so that a line stays a line) and the first 16 hex digits of the SHA-256 of the whole text,
  which tells repeated queries apart without keeping them;
* ``reason`` says why a request got a 4xx or 5xx ("timeout", "too many per client", "federation refused",
  ...: the handlers note it, :func:`note`); ``null`` for a success;
* a malformed request that never reached the application (the HTTP parser refused its head) is logged
  too, with ``method`` and ``path`` null (by :class:`airoles_kg.sparql.connections.DeadlineProtocol`).

Each line is written with one ``write(2)`` on a descriptor opened with ``O_APPEND``: appended atomically,
even by several endpoints sharing a file, and never interleaved with another line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from starlette.types import Message, Receive, Scope, Send

from airoles_kg.core.errors import AirolesError

QUERY_CHARS = 200  # characters of a query's text kept in the log
PATH_CHARS = 200  # a path may be as long as the request head (64 KiB): the log keeps this much
SCOPE_KEY = "airoles.access"  # where the request's :class:`Note` lives in the ASGI scope

# The reason of a refusal no handler explained: Starlette's and uvicorn's own answers.
_STATUS_REASONS = {
    400: "bad request",
    404: "not found",
    405: "method not allowed",
    500: "internal error",
    503: "unavailable",
}

App = Callable[[Scope, Receive, Send], Awaitable[None]]

# The front's uvicorn logging (airoles_kg.sparql.front): uvicorn's loggers only, on stderr: warnings, errors
# with their traceback. Its access log is off (this module's replaces it), and so is its warning for a
# malformed request, which the access log has with its reason. The process's other logging is left alone.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"logged": {"()": "airoles_kg.sparql.access.AccessLogged"}},
    "formatters": {
        "default": {
            "()": "uvicorn.logging.DefaultFormatter",
            "fmt": "%(levelname)s %(message)s",
            "use_colors": False,
        },
    },
    "handlers": {
        "default": {
            "class": "logging.StreamHandler",
            "formatter": "default",
            "stream": "ext://sys.stderr",
            "filters": ["logged"],
        },
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"level": "WARNING"},
    },
}


class AccessLogged(logging.Filter):
    """Drops uvicorn's warning for a request the HTTP parser refused: the access log has that request."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "Invalid HTTP request received."


@dataclass
class Note:
    """What the handlers tell the log about a request, beyond what its messages show."""

    reason: str | None = None  # why a 4xx/5xx
    query: str | None = None  # the SPARQL text, if the request carried one


def note(scope: Scope, reason: str | None = None, query: str | None = None) -> None:
    """Record ``reason`` and/or ``query`` for the request of ``scope`` (nothing when it is not logged)."""
    found = scope.get(SCOPE_KEY)
    if isinstance(found, Note):
        if reason is not None:
            found.reason = reason
        if query is not None:
            found.query = query


class AccessLog:
    """Where the lines go: a descriptor written with one ``write(2)`` per line (``fd`` None: ``stream``, a
    text stream without a descriptor, such as a captured stderr)."""

    def __init__(self, fd: int | None, name: str, owned: bool = False, stream: TextIO | None = None) -> None:
        self.fd = fd
        self.name = name
        self.owned = owned
        self.stream = stream
        self.failed = False

    @classmethod
    def stderr(cls) -> AccessLog:
        """The log on this process's standard error."""
        try:
            fd = sys.stderr.fileno()
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
            return cls(None, "<stderr>", stream=sys.stderr)
        sys.stderr.flush()  # what Python has buffered goes first
        return cls(fd, "<stderr>")

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> AccessLog:
        """The log appended to the file ``path`` (created if missing); AirolesError naming it if it cannot
        be opened."""
        target = Path(path)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise AirolesError(
                f"--access-log {target}: cannot open it for appending: {exc.strerror or exc}"
            ) from exc
        return cls(fd, str(target), owned=True)

    def write(self, entry: dict[str, Any]) -> None:
        """Append ``entry`` as one JSON line. A failing log (disk full, a closed pipe) never stops the
        endpoint: the first failure is said once on stderr, the lines are then dropped."""
        if self.failed:
            return
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        data = line.encode("utf-8")
        try:
            if self.fd is None:
                if self.stream is not None:
                    self.stream.write(line)
                    self.stream.flush()
                return
            while data:  # a write to a pipe may be partial when a signal interrupts it
                written = os.write(self.fd, data)
                data = data[written:]
        except (OSError, ValueError) as exc:  # ValueError: a closed stream
            self.failed = True
            if self.owned:  # a file: say so on stderr (a failing stderr cannot be told anything)
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                print(f"airoles: the access log {self.name} failed: {why}; no more lines", file=sys.stderr)

    def request(
        self,
        client: str | None,
        method: str | None,
        path: str | None,
        status: int,
        size: int,
        started: float,
        reason: str | None = None,
        query: str | None = None,
        truncated: bool = False,
    ) -> None:
        """Log one request; ``started`` is its :func:`time.time`, ``size`` the body bytes sent."""
        if status >= 400 and reason is None:
            reason = _STATUS_REASONS.get(status, "error")
        self.write(
            {
                "time": _iso(started),
                "client": client,
                "method": method,
                "path": path[:PATH_CHARS] if path is not None else None,
                "query": " ".join(query.split())[:QUERY_CHARS] if query is not None else None,
                "query_sha256": hashlib.sha256(query.encode()).hexdigest()[:16]
                if query is not None
                else None,
                "status": status,
                "bytes": size,
                "duration_ms": round((time.time() - started) * 1000, 1),
                "truncated": truncated,
                "reason": reason if status >= 400 else None,
            }
        )

    def close(self) -> None:
        """Close the file (not stderr)."""
        if self.owned and self.fd is not None:
            self.owned = False
            os.close(self.fd)


def _iso(moment: float) -> str:
    """``moment`` (seconds since the epoch) in ISO-8601 UTC, milliseconds: ``2025-06-01T12:00:00.123Z``."""
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Logged:
    """The outermost ASGI layer: logs each HTTP request once its response is sent (or has failed)."""

    def __init__(self, app: App, log: AccessLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.time()
        record = Note()
        scope[SCOPE_KEY] = record
        status: int | None = None
        size = 0
        truncated = False

        async def sender(message: Message) -> None:
            nonlocal status, size, truncated
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = dict(message.get("headers", []))
                truncated = headers.get(b"airoles-truncated", b"").lower() == b"true"
            elif message["type"] == "http.response.body" and scope["method"] != "HEAD":
                size += len(message.get("body", b""))  # uvicorn sends no body for HEAD
            await send(message)

        try:
            await self.app(scope, receive, sender)
        except BaseException:
            if status is None:  # uvicorn answers 500 for an exception before the response started
                status, record.reason = 500, record.reason or "internal error"
            raise
        finally:
            client = scope.get("client")
            self.log.request(
                client[0] if client else None,
                scope["method"],
                scope["path"],
                status if status is not None else 500,
                size,
                started,
                reason=record.reason,
                query=record.query,
                truncated=truncated,
            )
