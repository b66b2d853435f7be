"""The named-query library: ``queries/*.rq`` files with a comment header.

Header format (the first comment lines of the file)::

    # title: Skills of a role
    # description: The skills a role requires, with their importance and kind.
    # param: role (role) — the role (label, IRI or CURIE); example: chef de projet IA
    # title@fr: Compétences d'un métier
    # description@fr: Les compétences qu'un métier demande, avec leur importance et leur nature.
    # param@fr: role — le métier (libellé, IRI ou CURIE)

``KIND`` is one of :data:`PARAM_KINDS`. In the query body a parameter is the SPARQL variable ``?NAME`` (or
``$NAME``), left unbound in the text and bound at run time by substitution (see
:mod:`airoles_kg.sparql.engine`).
An indented comment line (``#`` and two or more spaces) continues the previous field's text. The header is
the first block of comment lines; it ends at the first blank or non-comment line. ``title`` and
``description`` are required for the library (``queries/``); ad-hoc files and ``-e`` queries may omit them.
``title@fr`` and ``description@fr`` give the French text (continued the same way); the library requires
them too. ``param@fr: NAME — signification`` gives the French meaning of a parameter declared by a
``param`` line (optional; the kind and the example are the English line's). :meth:`NamedQuery.title_in`,
:meth:`NamedQuery.description_in` and :meth:`QueryParam.meaning_in` pick the text for a language, French
falling back to English. A malformed header raises :class:`AirolesError` naming the file and line.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError

PARAM_KINDS: tuple[str, ...] = ("role", "skill", "sector", "iri", "string", "integer")
HEADER_FIELDS: tuple[str, ...] = ("title", "description", "param", "title@fr", "description@fr", "param@fr")
# The fields a library query (``require_header``) must have. The French ones are checked last, once the rest
# of the header and the body are known to be sound.
REQUIRED_FIELDS: tuple[str, ...] = ("title", "description", "title@fr", "description@fr")

# A field line: "#", at most one space, "name:" (or "name@lang:"). Lines indented further continue the
# previous field.
_FIELD_RE = re.compile(r"^# ?(?P<field>[A-Za-z][\w-]*(?:@[A-Za-z]+)?)\s*:\s?(?P<value>.*)$")
# NAME (KIND) — meaning[; example: VALUE]; the dash may be an em dash, an en dash, "--" or "-".
_EXAMPLE = r";\s*example\s*:\s*(?P<example>.*?)"
_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[^)]*)\)\s*(?:—|–|--|-)\s*(?P<meaning>.*?)"
    rf"(?:{_EXAMPLE})?\s*$"
)
_EXAMPLE_RE = re.compile(rf"{_EXAMPLE}\s*$")  # the same, found on a continuation line
# The French meaning of a declared parameter: NAME — signification (no kind, no example).
_PARAM_FR_RE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:—|–|--|-)\s*(?P<meaning>.*?)\s*$")

# What may not follow a variable name for it to end there (SPARQL VARNAME characters).
_NOT_VARCHAR = r"(?![A-Za-z0-9_\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u203f-\u2040])"


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a named query."""

    name: str
    kind: str
    meaning: str
    example: str | None = None
    meaning_fr: str = ""  # from a "# param@fr:" line; empty when the header gives none

    def meaning_in(self, lang: str) -> str:
        """The meaning in ``lang``: French for ``"fr"`` (the English one when there is no French), else
        English."""
        return self.meaning_fr or self.meaning if _is_french(lang) else self.meaning


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: ``name`` is the file stem (or ``-e`` for an inline query)."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path | None = None
    title_fr: str = ""  # "# title@fr:"; empty when the header gives none (ad-hoc files)
    description_fr: str = ""  # "# description@fr:"

    def title_in(self, lang: str) -> str:
        """The title in ``lang``: French for ``"fr"`` (or ``"fr-FR"``; the English title when there is no
        French one), English for ``"en"`` and any other language."""
        return self.title_fr or self.title if _is_french(lang) else self.title

    def description_in(self, lang: str) -> str:
        """The description in ``lang``, with the fallback of :meth:`title_in`."""
        return self.description_fr or self.description if _is_french(lang) else self.description

    @property
    def where(self) -> str:
        """How to name this query in messages: its file, else its name."""
        return str(self.path) if self.path is not None else self.name

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def _is_french(lang: str) -> bool:
    return lang.strip().lower().replace("_", "-").split("-")[0] == "fr"


@dataclass
class _ParamDraft:
    """A parameter line while the header is being read (continuation lines may extend it)."""

    name: str
    kind: str
    meaning: str
    example: str | None
    line: int
    extra: list[str] = field(default_factory=list)


@dataclass
class _FrenchMeaning:
    """A ``param@fr`` line while the header is being read (continuation lines extend ``text``)."""

    name: str
    text: str
    line: int


def parse_query(text: str, name: str, path: Path | None = None, require_header: bool = False) -> NamedQuery:
    """Parse the header of a query text; the body is kept verbatim in ``text``.

    ``require_header``: the fields of :data:`REQUIRED_FIELDS` (the title and description, in English and
    in French) must be present (library queries). Raises :class:`AirolesError` naming ``path`` (or
    ``name``) and the line for any malformed header line, an unknown field or parameter kind, a duplicate
    field or parameter, a ``param@fr`` for no declared parameter, or a parameter the body never uses.
    """
    where = str(path) if path is not None else name
    fields: dict[str, str] = {}
    params: list[_ParamDraft] = []
    french: dict[str, _FrenchMeaning] = {}  # "param@fr" lines, by parameter name
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
            elif continuation and last == "param@fr":
                last_french = list(french.values())[-1]
                last_french.text = f"{last_french.text} {continuation}"
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
        elif key == "param@fr":
            meaning = _parse_param_fr(value, where, number)
            if meaning.name in french:
                raise AirolesError(f"{where}:{number}: 'param@fr' for {meaning.name!r} is given twice")
            french[meaning.name] = meaning
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
        for key in (k for k in REQUIRED_FIELDS if "@" not in k):
            if key not in fields:
                raise AirolesError(f"{where}:1: the header has no '# {key}: ...' line")
    body = "\n".join(lines[body_start:])
    seen: set[str] = set()
    declared: list[QueryParam] = []
    names = {draft.name for draft in params}
    for meaning in french.values():
        if meaning.name not in names:
            raise AirolesError(
                f"{where}:{meaning.line}: 'param@fr' for {meaning.name!r}, which no '# param:' line declares"
            )
    for draft in params:
        param = _finish_param(draft)
        if draft.name in french:
            param = replace(param, meaning_fr=french[draft.name].text)
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
    if require_header:  # checked last: an English-only header is otherwise read in full first
        for key in (k for k in REQUIRED_FIELDS if "@" in k):
            if key not in fields:
                raise AirolesError(
                    f"{where}:1: the header has no '# {key}: ...' line (every library query has its "
                    f"{key.split('@')[0]} in French too)"
                )
    return NamedQuery(
        name=name,
        title=fields.get("title", ""),
        description=fields.get("description", ""),
        params=tuple(declared),
        text=text,
        path=path,
        title_fr=fields.get("title@fr", ""),
        description_fr=fields.get("description@fr", ""),
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


def _parse_param_fr(value: str, where: str, number: int) -> _FrenchMeaning:
    match = _PARAM_FR_RE.match(value)
    if match is None:
        raise AirolesError(
            f"{where}:{number}: malformed French parameter line {value!r}; expected "
            "'# param@fr: NAME — signification'"
        )
    if not match.group("meaning"):
        name = match.group("name")
        raise AirolesError(f"{where}:{number}: parameter {name!r} has no French meaning after the dash")
    return _FrenchMeaning(match.group("name"), match.group("meaning"), number)


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
