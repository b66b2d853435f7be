"""Federated queries (``SERVICE``): refused unless the user allows the host.

A query runs over our graph; ``SERVICE <url>`` would make the process that runs it (pyoxigraph in the CLI and
the explorer, the oxigraph server behind ``airoles serve``) send a request anywhere a query names: a web
visitor could make the server reach any address (server-side request forgery). So every ``SERVICE`` clause is
refused before the query runs, unless its IRI is an ``http(s)`` URL whose host the user allowed
(``airoles query --allow-service HOST``, ``airoles serve --allow-service HOST``); the explorer allows none.

The tokenizer (:func:`tokens`) skips strings, IRIs and comments, so ``"service"`` or ``ex:SERVICE`` do not
count; :mod:`airoles_kg.shacl` uses it too, for the SPARQL of shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from airoles_kg.core.errors import InputError

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[{}()]|[?$][A-Za-z_0-9]+|[A-Za-z_]+|\s+|.",
    re.DOTALL,
)


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def refuse_update(text: str, where: str = "query") -> None:
    """InputError when ``text`` is a SPARQL update (its first word after the prologue is INSERT, DELETE,
    LOAD...): the graph is read-only, and pyoxigraph's parser would only say "expected CONSTRUCT"."""
    words = [t for t in tokens(text) if not t.isspace()]
    i = 0
    while i < len(words) and words[i].upper() in ("PREFIX", "BASE"):
        while i < len(words) and not words[i].startswith("<"):  # PREFIX ex: <iri>, BASE <iri>
            i += 1
        i += 1
    if i < len(words) and words[i].upper() in _UPDATE_WORDS:
        raise InputError(
            f"{where}: {words[i].upper()} makes this a SPARQL update; airoles runs queries only (SELECT, "
            "ASK, CONSTRUCT, DESCRIBE): the graph is read-only"
        )


class FederationRefused(InputError):
    """A query names a ``SERVICE`` the user did not allow (exit 2; HTTP 400 at the endpoint)."""


def tokens(text: str) -> list[str]:
    """The SPARQL text as tokens (strings, IRIs, variables, words, punctuation, spaces), comments left out."""
    return [t for t in _TOKEN.findall(text) if not t.startswith("#")]


def remote_clauses(text: str) -> list[str]:
    """The clauses of a SPARQL text that read from elsewhere than the data: ``SERVICE`` (a federated query)
    and ``FROM`` / ``FROM NAMED`` (rdflib loads the named document; pyoxigraph only selects graphs)."""
    found: list[str] = []
    previous = ""
    for token in tokens(text):
        word = token.upper()
        if word in ("SERVICE", "FROM") and previous != ":":  # ex:SERVICE is a name
            found.append(word)
        if not token.isspace():
            previous = token
    return found


def service_targets(text: str) -> list[str]:
    """What each ``SERVICE`` clause names: an IRI (without its brackets), or the prefixed name or variable as
    written (``SERVICE SILENT`` counts as ``SERVICE``)."""
    if "service" not in text.lower():
        # The keyword is the ASCII word SERVICE in any case: a text without it has no such clause, and most
        # have none (the tokenizer is the endpoint's costliest check of a query, about 75 µs each).
        return []
    words = [t for t in tokens(text) if not t.isspace()]
    targets: list[str] = []
    for i, token in enumerate(words):
        if token.upper() != "SERVICE" or (i and words[i - 1] == ":"):
            continue
        j = i + 1
        if j < len(words) and words[j].upper() == "SILENT":
            j += 1
        target = words[j] if j < len(words) else ""
        if target.startswith("<"):
            targets.append(target[1:-1])
        elif j + 2 < len(words) and words[j + 1] == ":":  # a prefixed name: prefix : local
            targets.append(f"{target}:{words[j + 2]}")
        else:
            targets.append(target)
    return targets


def refuse_federation(text: str, allowed_hosts: Iterable[str] = (), where: str = "query") -> None:
    """:class:`FederationRefused` when ``text`` has a ``SERVICE`` clause whose IRI is not an http(s) URL on
    one of ``allowed_hosts`` (host names, case-insensitive; ``host:port`` to allow one port only)."""
    allowed = {h.lower() for h in allowed_hosts}
    for target in service_targets(text):
        parts = urlsplit(target)
        host = (parts.hostname or "").lower()
        with_port = f"{host}:{parts.port}" if parts.port else host
        if parts.scheme in ("http", "https") and host and (host in allowed or with_port in allowed):
            continue
        hint = (
            f"allow it with --allow-service {host}"
            if parts.scheme in ("http", "https") and host
            else "give the full http(s) IRI of an allowed host"
        )
        raise FederationRefused(
            f"{where}: SERVICE {target or '(nothing)'} is refused: queries read this graph only and send no "
            f"request elsewhere ({hint})"
        )
