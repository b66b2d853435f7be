"""The ``airoles`` command line. Sub-commands live in :mod:`airoles_kg.commands`, one module each, exposing
``register(subparsers)``; the module adds its parser and sets ``func`` (``func(args) -> int`` exit code)."""

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="airoles — an open knowledge graph of AI jobs (ontology, knowledge base, queries).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(subparsers)
    for command in subparsers.choices.values():  # the same on every command, added in one place
        add_verbosity(command)
    return parser


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
    parser = build_parser()
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
