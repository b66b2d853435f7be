"""Placeholder."""

PARAMS: tuple[str, ...] = ()


def render(lang: str) -> None:
    pass
