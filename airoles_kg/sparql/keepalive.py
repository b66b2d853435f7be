"""What each query to the Oxigraph server reuses: kept-alive connections (:class:`ConnectionPool`) and one
thread for all the time limits (:class:`Deadlines`).

A new TCP connection per query, and a ``threading.Timer`` (a thread) per query, were 13% of the endpoint's
CPU under load (scripts/bench_load.py's profile): the pool keeps the connections the server leaves open, and
one thread sleeps until the earliest deadline.
"""

from __future__ import annotations

import heapq
import http.client
import itertools
import threading
import time
from collections.abc import Callable

MAX_IDLE = 64  # idle connections kept per server (the front runs at most 32 queries at once)


class ConnectionPool:
    """Idle HTTP/1.1 connections to one Oxigraph server, tagged with the server's generation.

    A connection is reused only with the generation it was opened for: after a restart (a new process, a
    new port) the old ones are closed, never sent a request (:meth:`clear`, and :meth:`get`'s check for a
    connection that a query of the old generation gives back late).
    """

    def __init__(self) -> None:
        self._idle: list[tuple[int, int, http.client.HTTPConnection]] = []
        self._lock = threading.Lock()

    def get(self, port: int, generation: int, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
        """A connection to ``port`` of ``generation`` and whether it was reused (else it is new)."""
        stale: list[http.client.HTTPConnection] = []
        found: http.client.HTTPConnection | None = None
        with self._lock:
            while self._idle:
                idle_port, idle_generation, connection = self._idle.pop()
                if (idle_port, idle_generation) == (port, generation):
                    found = connection
                    break
                stale.append(connection)
        for connection in stale:
            connection.close()
        if found is None:
            return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout), False
        found.timeout = timeout
        if found.sock is not None:
            found.sock.settimeout(timeout)
        return found, True

    def put(self, port: int, generation: int, connection: http.client.HTTPConnection) -> None:
        """Keep ``connection`` (its last response read to the end) for the next query."""
        with self._lock:
            if len(self._idle) < MAX_IDLE:
                self._idle.append((port, generation, connection))
                return
        connection.close()

    def clear(self) -> None:
        """Close the idle connections (the server is being stopped or restarted)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for _, _, connection in idle:
            connection.close()


class Deadline:
    """One armed time limit: :meth:`cancel` it when the work is done in time."""

    __slots__ = ("action", "fired", "cancelled", "_owner")

    def __init__(self, owner: Deadlines, action: Callable[[], None]) -> None:
        self.action = action
        self.fired = False
        self.cancelled = False
        self._owner = owner

    def cancel(self) -> bool:
        """Disarm; False if the deadline has already fired (its action has run or is running)."""
        with self._owner.condition:
            if self.fired:
                return False
            self.cancelled = True
            return True


class Deadlines:
    """One daemon thread that runs each armed action at its time, unless cancelled first.

    Every query has the same limit, so a new deadline is almost always the latest: arming is a heap push,
    and wakes the thread only when the new deadline is the earliest. Cancelled deadlines stay in the heap
    until their time (a few bytes each: R queries/s × the limit of them).
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, action: Callable[[], None]) -> Deadline:
        """Run ``action`` (in the deadline thread: it must not block) ``seconds`` from now."""
        deadline = Deadline(self, action)
        with self.condition:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="airoles-deadlines", daemon=True)
                self._thread.start()
            heapq.heappush(self._heap, (time.monotonic() + seconds, next(self._order), deadline))
            if self._heap[0][2] is deadline:
                self.condition.notify()
        return deadline

    def _run(self) -> None:
        while True:
            with self.condition:
                while True:
                    if not self._heap:
                        self.condition.wait()
                        continue
                    when, _, deadline = self._heap[0]
                    if deadline.cancelled:
                        heapq.heappop(self._heap)
                        continue
                    delay = when - time.monotonic()
                    if delay <= 0:
                        heapq.heappop(self._heap)
                        deadline.fired = True
                        break
                    self.condition.wait(delay)
            try:
                deadline.action()
            except Exception:  # noqa: BLE001 - an action's failure must not stop the other deadlines
                pass


DEADLINES = Deadlines()  # the process's one deadline thread (started at the first query)
