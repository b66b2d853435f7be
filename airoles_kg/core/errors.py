"""User-facing errors. The CLI prints ``airoles: error: <message>`` and exits with ``exit_code``."""


class AirolesError(Exception):
    """An error the user can fix (bad input, unwritable output, ...). Never shown as a traceback."""

    exit_code: int = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class InputError(AirolesError):
    """An input file is missing, unreadable, empty, not UTF-8 or not valid RDF."""
