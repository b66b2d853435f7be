"""The ``airoles`` command line. Sub-commands live in :mod:`airoles_kg.commands`, one module each, exposing
``register(subparsers)``; the module adds its parser and sets ``func`` (``func(args) -> int`` exit code).

Only the module of the command being run is imported (each pulls in rdflib, pyshacl, the reasoner...: 0.1 to
0.2 s apiece, 0.45 s for all fourteen); the others are listed by their summaries
(:data:`airoles_kg.commands.SUMMARIES`), so ``airoles --version`` and ``airoles --help`` start at once."""

import argparse
import importlib
import logging
import os
import pkgutil
import sys
import warnings
from collections.abc import Sequence

from airoles_kg import __version__, commands
from airoles_kg.commands._options import add_verbosity, warn_deprecated
from airoles_kg.core import console
from airoles_kg.core.errors import AirolesError

PROG = "airoles"


def command_names() -> list[str]:
    """The commands, one per module of :mod:`airoles_kg.commands` (``import_esco`` is ``import-esco``)."""
    return sorted(
        info.name.replace("_", "-")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser (every command's options: the docs, the tests); with ``only``, that command's options
    and the other commands by name and summary (what a run needs: only one command module is imported)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="airoles — an open knowledge graph of AI jobs (ontology, knowledge base, queries).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_names():
        if only is not None and name != only:
            subparsers.add_parser(name, help=commands.SUMMARIES.get(name), add_help=False)
            continue
        module = importlib.import_module(f"{commands.__name__}.{name.replace('-', '_')}")
        module.register(subparsers)
        add_verbosity(subparsers.choices[name])  # the same on every command, added in one place
    return parser


def _command_of(argv: Sequence[str]) -> str:
    """The command an argument list names ("" for none: ``--help``, ``--version``, nothing)."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 2 user error, 130 interrupted)."""
    try:
        return _run(argv)
    except AirolesError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a closed reader (e.g. `airoles info | head`): not worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _quiet_rdflib() -> None:
    """Silence rdflib's log tracebacks and warnings about ill-typed literals (``"abc"^^xsd:decimal``).

    They are not errors of ours: ``validate`` and ``reason`` report such values by node and property,
    which is what a user can act on; a Python traceback on stderr is not.
    """
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Serializing weird numerical", category=UserWarning)


def _run(argv: Sequence[str] | None) -> int:
    _quiet_rdflib()
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _command_of(argv)
    parser = build_parser(only=command if command in command_names() else "")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse has printed the message
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    console.set_verbosity(getattr(args, "verbosity", console.NORMAL))
    warn_deprecated(args)
    return int(func(args) or 0)
