"""The explorer's pages: one module each, with ``render(lang)`` and ``PARAMS``; no page imports another."""
