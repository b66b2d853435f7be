"""The named-query library: ``queries/*.rq`` files with a comment header.

Header format (the first comment lines of the file)::

    # title: Skills of a role
    # description: The skills a role requires, with their importance and kind.
    # param: role (role) — the role (label, IRI or CURIE); example: chef de projet IA

``KIND`` is one of :data:`PARAM_KINDS`. In the query body a parameter is the SPARQL variable ``?NAME`` (or
``$NAME``), left unbound in the text and bound at run time by substitution (see
:mod:`airoles_kg.sparql.engine`).
An indented comment line (``#`` and two or more spaces) continues the previous field's text. The header is
the first block of comment lines; it ends at the first blank or non-comment line. ``title`` and
``description`` are required for the library (``queries/``); ad-hoc files and ``-e`` queries may omit them.
A malformed header raises :class:`AirolesError` naming the file and line.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError

PARAM_KINDS: tuple[str, ...] = ("role", "skill", "sector", "iri", "string", "integer")
HEADER_FIELDS: tuple[str, ...] = ("title", "description", "param")

# A field line: "#", at most one space, "name:". Lines indented further continue the previous field.
_FIELD_RE = re.compile(r"^# ?(?P<field>[A-Za-z][\w-]*)\s*:\s?(?P<value>.*)$")
# NAME (KIND) — meaning[; example: VALUE]; the dash may be an em dash, an en dash, "--" or "-".
_EXAMPLE = r";\s*example\s*:\s*(?P<example>.*?)"
_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[^)]*)\)\s*(?:—|–|--|-)\s*(?P<meaning>.*?)"
    rf"(?:{_EXAMPLE})?\s*$"
)
_EXAMPLE_RE = re.compile(rf"{_EXAMPLE}\s*$")  # the same, found on a continuation line

# What may not follow a variable name for it to end there (SPARQL VARNAME characters).
_NOT_VARCHAR = r"(?![A-Za-z0-9_\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u203f-\u2040])"


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a named query."""

    name: str
    kind: str
    meaning: str
    example: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: ``name`` is the file stem (or ``-e`` for an inline query)."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path | None = None

    @property
    def where(self) -> str:
        """How to name this query in messages: its file, else its name."""
        return str(self.path) if self.path is not None else self.name

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


@dataclass
class _ParamDraft:
    """A parameter line while the header is being read (continuation lines may extend it)."""

    name: str
    kind: str
    meaning: str
    example: str | None
    line: int
    extra: list[str] = field(default_factory=list)


def parse_query(text: str, name: str, path: Path | None = None, require_header: bool = False) -> NamedQuery:
    """Parse the header of a query text; the body is kept verbatim in ``text``.

    ``require_header``: title and description must be present (library queries). Raises
    :class:`AirolesError` naming ``path`` (or ``name``) and the line for any malformed header line, an
    unknown field or parameter kind, a duplicate field or parameter, or a parameter the body never uses.
    """
    where = str(path) if path is not None else name
    fields: dict[str, str] = {}
    params: list[_ParamDraft] = []
    last: str | None = None  # the field a continuation line extends ("param": the last parameter)
    lines = text.splitlines()
    body_start = len(lines)
    started = False  # the header starts at its first field and ends at the first blank or non-comment line
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line.startswith("#"):
            if line or started:
                body_start = number - 1
                break
            continue
        match = _FIELD_RE.match(line)
        if match is None:
            continuation = line.lstrip("#").strip()
            if continuation and last == "param":
                params[-1].extra.append(continuation)
            elif continuation and last is not None:
                fields[last] = f"{fields[last]} {continuation}"
            continue
        key, value = match.group("field").lower(), match.group("value").strip()
        if key not in HEADER_FIELDS:
            if not started:
                continue  # a free comment before the header (e.g. "# SPDX-License-Identifier: ...")
            raise AirolesError(
                f"{where}:{number}: unknown header field {key!r}; expected one of {', '.join(HEADER_FIELDS)}"
            )
        started = True
        if key == "param":
            params.append(_parse_param(value, where, number))
        else:
            if key in fields:
                raise AirolesError(f"{where}:{number}: duplicate header field {key!r}")
            if not value:
                raise AirolesError(f"{where}:{number}: empty {key!r} in the header")
            fields[key] = value
        last = key
    for number, raw in enumerate(lines[body_start:], start=body_start + 1):
        stray = _FIELD_RE.match(raw.strip())
        if stray and stray.group("field").lower() in HEADER_FIELDS:
            raise AirolesError(
                f"{where}:{number}: '# {stray.group('field')}:' after the end of the header "
                "(the header is the first block of comment lines, without blank lines)"
            )
    if require_header:
        for key in ("title", "description"):
            if key not in fields:
                raise AirolesError(f"{where}:1: the header has no '# {key}: ...' line")
    body = "\n".join(lines[body_start:])
    seen: set[str] = set()
    declared: list[QueryParam] = []
    for draft in params:
        param = _finish_param(draft)
        if param.name in seen:
            raise AirolesError(f"{where}:{draft.line}: parameter {param.name!r} is declared twice")
        seen.add(param.name)
        if not re.search(rf"[?$]{re.escape(param.name)}{_NOT_VARCHAR}", body):
            raise AirolesError(
                f"{where}:{draft.line}: parameter {param.name!r} is declared but the query never uses "
                f"?{param.name}"
            )
        declared.append(param)
    if not body.strip():
        raise AirolesError(f"{where}: the file holds no query (only comments)")
    return NamedQuery(
        name=name,
        title=fields.get("title", ""),
        description=fields.get("description", ""),
        params=tuple(declared),
        text=text,
        path=path,
    )


def _parse_param(value: str, where: str, number: int) -> _ParamDraft:
    match = _PARAM_RE.match(value)
    if match is None:
        raise AirolesError(
            f"{where}:{number}: malformed parameter line {value!r}; expected "
            "'# param: NAME (KIND) — meaning' (optionally '; example: VALUE')"
        )
    name, kind = match.group("name"), match.group("kind").strip()
    if kind not in PARAM_KINDS:
        raise AirolesError(
            f"{where}:{number}: unknown parameter kind {kind!r} for {name!r}; "
            f"expected one of {', '.join(PARAM_KINDS)}"
        )
    meaning = match.group("meaning").strip()
    if not meaning:
        raise AirolesError(f"{where}:{number}: parameter {name!r} has no meaning after the dash")
    example = (match.group("example") or "").strip() or None
    return _ParamDraft(name, kind, meaning, example, number)


def _finish_param(draft: _ParamDraft) -> QueryParam:
    """Apply continuation lines: they extend the example when there is one, else the meaning."""
    more = " ".join(draft.extra)
    if more and draft.example:
        return QueryParam(draft.name, draft.kind, draft.meaning, f"{draft.example} {more}")
    meaning = f"{draft.meaning} {more}" if more else draft.meaning
    # The "; example:" may come on a continuation line (a long meaning wraps): it is the example all the same.
    found = _EXAMPLE_RE.search(meaning) if draft.example is None else None
    if found:
        example = found.group("example") or None
        return QueryParam(draft.name, draft.kind, meaning[: found.start()].strip(), example)
    return QueryParam(draft.name, draft.kind, meaning, draft.example)


def read_query_file(path: str | os.PathLike[str], require_header: bool = False) -> NamedQuery:
    """Read and parse one ``.rq`` file (name = file stem)."""
    p = Path(path)
    if not p.exists():
        raise AirolesError(f"{p}: no such query file")
    if p.is_dir():
        raise AirolesError(f"{p}: is a directory, expected a .rq file")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise AirolesError(f"{p}: not valid UTF-8 (byte offset {exc.start})") from exc
    except OSError as exc:
        raise AirolesError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    return parse_query(text, p.stem, p, require_header=require_header)


def named_queries(directory: str | os.PathLike[str] | None = None) -> list[NamedQuery]:
    """Every ``*.rq`` query of the library (default ``queries/``), sorted by name; headers are required."""
    root = Path(directory) if directory is not None else paths.QUERIES_DIR
    if not root.is_dir():
        return []
    return [read_query_file(p, require_header=True) for p in sorted(root.glob("*.rq")) if p.is_file()]


def get_query(name: str, directory: str | os.PathLike[str] | None = None) -> NamedQuery:
    """The library query called ``name``; an unknown name raises AirolesError listing the known ones."""
    root = Path(directory) if directory is not None else paths.QUERIES_DIR
    path = root / f"{name}.rq"
    if re.fullmatch(r"[A-Za-z0-9_.-]+", name) and path.is_file():
        return read_query_file(path, require_header=True)
    known = [p.stem for p in sorted(root.glob("*.rq"))] if root.is_dir() else []
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    listing = f" Known queries: {', '.join(known)}." if known else f" No query in {root}."
    raise AirolesError(f"unknown query {name!r}.{hint}{listing} (airoles query --list)")
