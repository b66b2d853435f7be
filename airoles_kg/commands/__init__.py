"""CLI sub-commands: one module per command, each exposing ``register(subparsers)``.

``register`` adds the command's parser with ``subparsers.add_parser(...)`` and calls
``parser.set_defaults(func=run)`` where ``run(args) -> int`` returns the exit code.
The CLI discovers modules here automatically (modules starting with ``_`` are skipped).
"""
