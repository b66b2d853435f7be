"""Tell pyoxigraph's query planner about bound parameters: a ``VALUES`` clause at the top of the query.

pyoxigraph binds *substitutions* (SEP-0007) when the plan runs, not when it is made: the planner does not
know that ``?role`` is one IRI, so it may scan every role first. Measured on a graph of 3,000 synthetic roles
(926,000 triples): the "skills of a role" query took 157 ms with substitutions alone and 1.5 ms with the same
value also given as ``VALUES ?role { <…> }`` at the start of the ``WHERE`` group, which the planner does use.

:func:`with_values` returns the query text with that clause added; the caller still passes the
substitutions, so the answer is the one SEP-0007 defines (the clause only joins the same single value, as
the group's first element, so every pattern of the group sees it). The values are written by pyoxigraph's
own serialiser from validated terms (an IRI cannot hold ``>`` or a space, a literal's quotes are escaped):
nothing from the user is pasted as text. When the clause cannot be placed safely (no ``WHERE`` group found,
the short form ``CONSTRUCT WHERE``, a blank node value), the text is returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

# Lexical pieces skipped while looking for the WHERE group's brace (SPARQL 1.1 grammar, simplified: what
# cannot hold a brace, a keyword or a comment that counts).
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs (a `<` followed by a space is the less-than operator)
    r"|#[^\n\r]*",  # comments
    re.DOTALL,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Substitutions = Mapping[ox.Variable, ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple]


def where_brace(text: str) -> int | None:
    """The offset of the ``{`` that opens the query's top-level ``WHERE`` group, or None.

    SELECT, ASK and DESCRIBE: the first brace outside strings, IRIs and comments (``WHERE`` is optional).
    CONSTRUCT: the first brace after the ``WHERE`` keyword at depth 0 (the first is the template); None for
    the short form ``CONSTRUCT WHERE { … }``, whose group may hold triples only.
    """
    form: str | None = None
    after_where = False
    previous_word = ""
    depth = 0  # inside the CONSTRUCT template
    position = 0
    while position < len(text):
        char = text[position]
        skipped = _SKIP.match(text, position) if char in "\"'<#" else None
        if skipped:
            position = skipped.end()
            continue
        if char == "?" or char == "$":  # a variable: its name is not a keyword
            word = _WORD.match(text, position + 1)
            position = word.end() if word else position + 1
            continue
        word = _WORD.match(text, position)
        if word:
            upper = word.group().upper()
            if depth == 0:
                if form is None and upper in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
                    form = upper
                elif upper == "WHERE":
                    if form == "CONSTRUCT" and previous_word == "CONSTRUCT":
                        return None  # CONSTRUCT WHERE { … }: no VALUES allowed in its group
                    after_where = True
                previous_word = upper
            position = word.end()
            continue
        if char == "{":
            if depth == 0:
                if form is None:
                    return None  # not a query we know (an update, or garbage): leave it alone
                if form != "CONSTRUCT" or after_where:
                    return position
            depth += 1  # the CONSTRUCT template (or a group nested in it)
        elif char == "}":
            depth -= 1
        if not char.isspace():
            previous_word = ""
        position += 1
    return None


def values_clause(substitutions: Substitutions) -> str | None:
    """``VALUES (?a ?b) { (<…> "…") }`` for the substitutions, written by pyoxigraph; None if there are none
    or one is a blank node (a VALUES clause cannot name one) or a quoted triple."""
    if not substitutions:
        return None
    names, terms = [], []
    for variable, term in substitutions.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            return None
        names.append(str(ox.Variable(variable.value)))
        terms.append(str(term))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


# A subquery that projects every variable of its pattern: ``{ SELECT [DISTINCT|REDUCED] * [WHERE] {``.
_SELECT_ALL = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*\s*(?:WHERE\s*)?\{", re.IGNORECASE)


def _masked(text: str) -> str:
    """``text`` with its strings, IRIs and comments blanked out (same length), for keyword searches."""
    return _SKIP.sub(lambda m: " " * len(m.group()), text)


def with_values(text: str, substitutions: Substitutions) -> str:
    """The query ``text`` with the substitutions also stated as a VALUES clause opening its WHERE group (see
    the module docstring), and opening the group of every ``SELECT *`` subquery in it: the planner evaluates
    a subquery on its own, so a parameter joined only outside it would let the subquery read the whole graph
    first (the ordered subqueries that sort concatenated values: 110 ms -> 1 ms at 3,000 roles). The same
    single row joined inside a subquery that projects every variable changes no answer. ``text`` itself when
    there is nothing to add or no safe place for it."""
    clause = values_clause(substitutions)
    brace = where_brace(text) if clause else None
    if brace is None:
        return text
    braces = [brace] + [m.end() - 1 for m in _SELECT_ALL.finditer(_masked(text), brace + 1)]
    # On each brace's own line, so that error positions in the rest of the query keep their line numbers.
    for position in sorted(braces, reverse=True):
        text = f"{text[: position + 1]} {clause} {text[position + 1 :]}"
    return text
