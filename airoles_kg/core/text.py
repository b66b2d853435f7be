"""The one normalisation of names: how two spellings of a name are told to be the same.

Used wherever names are compared: :mod:`airoles_kg.core.resolve` (exact names) and
:mod:`airoles_kg.core.search` (words of a search box).
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold ``text`` for comparison: casefold, strip accents, unify apostrophes, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    # ASCII has no combining marks: most labels skip the character loop (the career index of 30,000 roles
    # normalises a million of them).
    if decomposed.isascii():
        without_accents = decomposed
    else:
        without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", without_accents.casefold()).strip()
