"""Finding the tables of an ESCO download: folders, ``.zip`` archives, one language or several.

:func:`discover` walks every path given — a folder of CSV files (``.../esco-v1.1.1-download/en``), the
folder above several of them (``.../esco-v1.1.1-download``), a ``.zip`` of either, or one CSV file — and
names each file after the table it holds (:mod:`airoles_kg.esco.tables`), its layout and its label language;
the files it does not recognise are listed as ignored, so that a misnamed table is seen rather than silently
dropped.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from airoles_kg.core.errors import AirolesError
from airoles_kg.esco.tables import TABLES, Table

# ESCO's file names: <stem>[_<lang>].csv, e.g. occupations_en.csv, occupationSkillRelations.csv,
# broaderRelationsOccPillar_fr.csv; ESCO's language codes are en, fr, pt, no, ar, ... (subtags allowed).
_ESCO_NAME = re.compile(
    r"(?P<stem>[A-Za-z]+)(?:_(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*))?\.csv", re.IGNORECASE
)
_BY_STEM = {t.esco_stem.lower(): t for t in TABLES if t.esco_stem}
_BY_TABIYA_NAME = {name.lower(): t for t in TABLES for name in t.tabiya_names}


@dataclass(frozen=True)
class CsvFile:
    """One table file of a download, inside a folder or a zip archive."""

    table: Table
    layout: str
    """``esco`` or ``tabiya``."""
    language: str | None
    """The language of its labels (the ``_<lang>`` suffix; for tabiya the language asked for); None for a
    language-independent relation file without suffix."""
    display: str
    """The path shown in messages (``folder/file.csv`` or ``archive.zip/member.csv``)."""
    group: str
    """The folder (or archive folder) it is in: tabiya IDs are local to it."""
    archive: Path | None = None
    member: str | None = None

    def read_bytes(self) -> bytes:
        """The file's content; AirolesError naming the file when it cannot be read."""
        try:
            if self.archive is not None and self.member is not None:
                with zipfile.ZipFile(self.archive) as zf:
                    return zf.read(self.member)
            return Path(self.display).read_bytes()
        except (OSError, zipfile.BadZipFile, KeyError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise AirolesError(f"{self.display}: cannot read: {reason}") from exc


@dataclass
class Inventory:
    """What :func:`discover` found: the table files (in reading order) and the files it ignored."""

    inputs: list[Path]
    files: list[CsvFile] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    """``FILE (reason)`` for each file that is not an ESCO table."""

    def layouts(self) -> list[str]:
        return sorted({f.layout for f in self.files})

    def languages(self) -> list[str]:
        """The label languages read (from the per-language tables)."""
        return sorted({f.language for f in self.files if f.language and f.table.per_language})

    def of(self, table: Table) -> list[CsvFile]:
        return [f for f in self.files if f.table is table]


def classify(name: str) -> tuple[Table, str, str | None] | str:
    """``(table, layout, language)`` for a file name, or the reason it is not an ESCO table."""
    lowered = name.lower()
    if lowered in _BY_TABIYA_NAME:
        return _BY_TABIYA_NAME[lowered], "tabiya", None
    match = _ESCO_NAME.fullmatch(name)
    if match is None:
        return "not an ESCO table"
    table = _BY_STEM.get(match["stem"].lower())
    if table is None:
        return "not an ESCO table"
    language = match["lang"].lower() if match["lang"] else None
    if table.per_language and language is None:
        return f"not an ESCO table: ESCO names it {table.esco_stem}_<lang>.csv, with its language"
    return table, "esco", language


class _Walker:
    """Collects the files of every input, once each, in a stable order."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = {lang.lower() for lang in languages}
        self.inventory = Inventory([])
        self.seen: set[tuple[str, str]] = set()

    def add(
        self, display: str, group: str, name: str, archive: Path | None = None, member: str | None = None
    ) -> None:
        key = (os.path.realpath(archive) if archive else os.path.realpath(display), member or "")
        if key in self.seen:  # the same file reached twice (a folder and its parent given)
            return
        self.seen.add(key)
        found = classify(name)
        if isinstance(found, str):
            self.inventory.ignored.append(f"{display} ({found})")
            return
        table, layout, language = found
        if layout == "tabiya":
            language = sorted(self.languages)[0] if self.languages else "en"
        elif table.per_language and self.languages and language not in self.languages:
            self.inventory.ignored.append(f"{display} (language {language} not asked for)")
            return
        self.inventory.files.append(CsvFile(table, layout, language, display, group, archive, member))

    def archive(self, path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as zf:
                members = sorted(i.filename for i in zf.infolist() if not i.is_dir())
        except (OSError, zipfile.BadZipFile) as exc:
            raise AirolesError(f"{path}: not a readable zip archive: {exc}") from exc
        for member in members:
            folder, _, name = member.rpartition("/")
            self.add(f"{path}/{member}", f"{path}/{folder}", name, path, member)

    def path(self, path: Path) -> None:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    self.file(Path(folder) / name)
        elif path.is_file():
            self.file(path)
        else:
            raise AirolesError(f"{path}: no such file or directory (expected an ESCO CSV download)")

    def file(self, path: Path) -> None:
        if path.suffix.lower() == ".zip":
            self.archive(path)
        else:
            self.add(str(path), str(path.parent), path.name)


def discover(paths: Sequence[str | os.PathLike[str]], languages: Sequence[str] = ()) -> Inventory:
    """The ESCO tables in ``paths`` (folders, zip archives or CSV files).

    ``languages``: for ESCO's layout, read only the label files of these languages (default: every language
    found); for the tabiya layout, the language of its labels (default ``en``). Raises AirolesError for a path
    that does not exist or an unreadable archive.
    """
    walker = _Walker(languages)
    for path in paths:
        walker.path(Path(path))
    inventory = walker.inventory
    if len({lang.lower() for lang in languages}) > 1 and "tabiya" in inventory.layouts():
        raise AirolesError("the tabiya layout has one label language: give --language once")
    inventory.inputs = [Path(p) for p in paths]
    order = {t.name: i for i, t in enumerate(TABLES)}
    inventory.files.sort(key=lambda f: (order[f.table.name], f.language or "", f.display))
    return inventory
