# This docstring is the "Conventions" section of docs/reference/cli.md (scripts/gen_docs.py): Markdown.
"""Options every command spells the same way, and the old spellings kept for one release.

- `--format` is always the format of what the command prints or writes; `--input-format` the syntax of an
  input file; `-o/--output` always a file (or a folder) to write.
- `-q/--quiet` (the answer and errors only) and `-v/--verbose` (also what was read and how long each step
  took) on every command; by default a step that runs for more than 2 s shows a progress line on stderr.
  The answer, on stdout, never depends on them.
- `--lang fr|en` on every command that prints labels or texts (the role, career and validation commands,
  schema.org export; a named query picks its labels' language itself); `--format json` on every command that
  prints data.
- An option renamed in 0.3 keeps its old name until 0.4: it still works and says, on stderr, what to write
  instead (`--out` is now `-o/--output`; `validate --output FORMAT` is `--format FORMAT` and
  `validate --format SYNTAX` is `--input-format SYNTAX`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from airoles_kg.core import console

REMOVED_IN = "0.4"
DEPRECATIONS = "_deprecations"  # the Namespace attribute that collects the warnings of a run


class _Deprecated(argparse.Action):
    """Store the value like the new option would, and note the old spelling."""

    def __init__(self, option_strings: Sequence[str], dest: str, new: str, **kwargs: Any) -> None:
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        note_deprecated(namespace, f"{option_string} is deprecated and goes in {REMOVED_IN}: use {self.new}")


def note_deprecated(namespace: argparse.Namespace, message: str) -> None:
    """Record a deprecation warning, printed once the run's verbosity is known (:func:`warn_deprecated`)."""
    notes = getattr(namespace, DEPRECATIONS, None)
    if notes is None:
        notes = []
        setattr(namespace, DEPRECATIONS, notes)
    notes.append(message)


def warn_deprecated(namespace: argparse.Namespace) -> None:
    """Print the deprecation warnings of a parsed command line."""
    for message in getattr(namespace, DEPRECATIONS, None) or ():
        console.warn(message)


def add_deprecated(parser: argparse.ArgumentParser, old: str, new: str, dest: str, **kwargs: Any) -> None:
    """Accept ``old`` as a hidden alias of the option ``new`` (same ``dest``), with a warning."""
    parser.add_argument(old, dest=dest, action=_Deprecated, new=new, help=argparse.SUPPRESS, **kwargs)


def add_output(
    parser: argparse.ArgumentParser, help: str, metavar: str = "FILE", old: str | None = "--out"
) -> None:
    """``-o/--output`` (a path, into ``args.output``), with ``old`` kept as a deprecated alias."""
    parser.add_argument("-o", "--output", type=Path, metavar=metavar, default=None, help=help)
    if old:
        add_deprecated(parser, old, "-o/--output", dest="output", type=Path, metavar=metavar)


def add_allow_service(parser: argparse.ArgumentParser) -> None:
    """``--allow-service HOST`` (repeatable, into ``args.allow_service``): the hosts a SPARQL ``SERVICE``
    clause may name; none by default (:mod:`airoles_kg.sparql.federation`)."""
    parser.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="HOST",
        help="let SERVICE clauses query this host (repeatable; HOST or HOST:PORT); by default a query "
        "sends no request anywhere",
    )


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` and ``-v/--verbose`` (exclusive), into ``args.verbosity``."""
    group = parser.add_argument_group("messages on stderr")
    exclusive = group.add_mutually_exclusive_group()
    exclusive.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=console.QUIET,
        help="print only the answer and errors: no notices, warnings or progress",
    )
    exclusive.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=console.VERBOSE,
        help="also say what was read and how long each step took",
    )
    parser.set_defaults(verbosity=console.NORMAL)
