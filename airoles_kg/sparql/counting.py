"""Counting the rows of an Oxigraph answer as its bytes arrive, and cutting it cleanly at the row cap.

The endpoint passes the Oxigraph server's bytes through (:func:`airoles_kg.sparql.upstream.fetch`): parsing
every answer into terms and writing it again cost more CPU than the server's own evaluation. These readers
only count, with scans that run in C (``bytes.replace``, ``split``, ``count``); the Python loop over tokens
runs once per truncated answer, over the one chunk where the cap is crossed.

* :class:`JsonRows`: SPARQL 1.1 JSON results. A row of ``results.bindings`` is an object that is an array
  element: once the strings are blanked out, a ``{`` right after ``[`` or ``,`` (whitespace aside). Every
  other object of the document is the value of a key (``"head":{``, ``"s":{``, a triple term's
  ``"subject":{``), after ``:``; and the other arrays (``vars``, ``link``) hold strings only.
* :class:`LineRows`: N-Triples, one triple per line (Oxigraph writes neither comments nor blank lines).

Both keep the bytes read (at most ``limit`` rows and a chunk), and :meth:`document` gives the answer: the
bytes as they came when there were at most ``limit`` rows, else a well-formed document with exactly
``limit`` rows.
"""

from __future__ import annotations

import re

# The slow scan's tokens: a string (skipped), a structural byte, any other non-space byte.
_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[,{]|[^\s"\[,{]')
_SPACE = b" \t\r\n"
_BOOLEAN_END = re.compile(rb"(?:true|false)\s*\}\s*$")


class CutShort(ValueError):
    """The answer ended in the middle of a document (the connection was shut, the server died)."""


class JsonRows:
    """The rows of a SPARQL JSON results document, counted chunk by chunk, cut after ``limit`` rows."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.rows = 0  # rows begun so far (at most limit + 1: reading stops there)
        self.truncated = False
        self._scanned = 0  # self.data[:_scanned] is counted, and ends outside any string
        self._last = b""  # the last structural byte counted (a "[" or "," may precede the next chunk's "{")
        self._cut = 0
        self._depth = 0  # objects and arrays open: 0 again at the end of a complete document

    def feed(self, chunk: bytes) -> bool:
        """Count the rows ``chunk`` begins; True once there are more than ``limit`` (stop reading)."""
        self.data += chunk
        start = self._scanned
        # The escapes blanked out at the same length (offsets kept): a backslash pair first, then an escaped
        # quote; every '"' left opens or closes a string. (The region starts outside any string, so no
        # escape straddles its start; one cut by its end is inside a string that is left for later.)
        region = self.data[start:].replace(b"\\\\", b"__").replace(b'\\"', b"__")
        counted = len(region) if region.count(b'"') % 2 == 0 else region.rfind(b'"')
        if counted == 0:
            return False
        end = start + counted
        # Outside the strings: the even pieces between quotes (C-speed scans: the regular expressions this
        # replaced counted 22 MB/s, under a tenth of this, which the endpoint's event loop felt).
        structure = b"".join(region[:counted].split(b'"')[0::2]).translate(None, _SPACE)
        if not structure:
            self._scanned = end
            return False
        joined = self._last + structure
        begun = joined.count(b"[{") + joined.count(b",{")
        if self.rows + begun > self.limit:
            self._cut = self._find_cut(start, end)
            self.truncated = True
            self.rows = self.limit + 1
            return True
        self.rows += begun
        self._depth += structure.count(b"{") + structure.count(b"[")
        self._depth -= structure.count(b"}") + structure.count(b"]")
        self._scanned = end
        self._last = structure[-1:]
        return False

    def _find_cut(self, start: int, end: int) -> int:
        """Where row ``limit + 1`` begins in ``data[start:end]``: the byte after the ``[`` or at the ``,``
        before it, so that ``data[:cut]`` ends right after row ``limit``."""
        pending: int | None = None
        if self._last in (b"[", b","):
            # Only whitespace follows a "[" or "," before the "{": the byte is the last non-space one.
            pending = len(self.data[:start].rstrip(_SPACE)) - 1
        rows = self.rows
        for token in _TOKEN.finditer(self.data, start, end):
            byte = token.group()
            if byte in (b"[", b","):
                pending = token.start()
            elif byte == b"{" and pending is not None:
                rows += 1
                if rows > self.limit:
                    return pending + 1 if self.data[pending : pending + 1] == b"[" else pending
                pending = None
            else:
                pending = None
        raise AssertionError("the counted row was not found")  # pragma: no cover (counted above)

    def is_boolean(self) -> bool:
        """Whether the document is an ASK answer (``{"head":{},"boolean":true}``), once complete."""
        return bool(_BOOLEAN_END.search(self.data[-64:]))

    def document(self) -> bytes:
        """The answer to send: as read, or cut after ``limit`` rows (the bindings array and the two objects
        around it closed: Oxigraph writes ``results`` last, ``bindings`` its only member)."""
        if self.truncated:
            return bytes(self.data[: self._cut]) + b"]}}"
        if self._scanned != len(self.data) or self._depth != 0 or self._last != b"}":
            raise CutShort("the JSON results ended before their end")
        return bytes(self.data)


class LineRows:
    """The triples of an N-Triples document, counted by lines, cut after ``limit`` triples."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.rows = 0
        self.truncated = False
        self._end = 0  # the end of the last whole line counted

    def feed(self, chunk: bytes) -> bool:
        """Count the triples ``chunk`` ends; True once there are more than ``limit`` (stop reading)."""
        self.data += chunk
        lines = chunk.count(b"\n")
        if self.rows + lines <= self.limit:
            if lines:
                self.rows += lines
                self._end = self.data.rindex(b"\n") + 1
            return False
        position = self._end
        for _ in range(self.limit - self.rows):
            position = self.data.index(b"\n", position) + 1
        del self.data[position:]
        self.rows = self.limit
        self.truncated = True
        return True

    def document(self) -> bytes:
        """The triples to send: as read, or the first ``limit`` ones."""
        if self.data and not self.data.endswith(b"\n"):
            raise CutShort("the N-Triples ended in the middle of a line")
        return bytes(self.data)
