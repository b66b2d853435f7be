"""The JSON Schemas of what airoles writes in JSON (``schemas/``, shipped as package data): the career
commands' output (``careers``) and each response of the HTTP API (``api-*``, ``problem``).

They are versioned by their ``$id``, ``https://w3id.org/airoles/schema/v1/<name>.schema.json``: a change that
could make a document valid under one version invalid under the other (a property removed or renamed, a type
narrowed, a new required property) goes to a new version's IRI (``v2``), never to ``v1``'s; adding an optional
property or a new value to an open list stays within the version.
"""

from __future__ import annotations

import json
from typing import Any

from airoles_kg.core import paths
from airoles_kg.core.errors import AirolesError

VERSION = "v1"
SCHEMA_BASE = f"https://w3id.org/airoles/schema/{VERSION}/"


def schema_names() -> list[str]:
    """The names of the shipped schemas (``careers``, ``api-resource``...), sorted."""
    return sorted(path.name.removesuffix(".schema.json") for path in paths.SCHEMAS_DIR.glob("*.schema.json"))


def schema_file(name: str) -> str:
    """The file name of the schema ``name`` (``careers.schema.json``)."""
    return f"{name}.schema.json"


def load_schema(name: str) -> dict[str, Any]:
    """The schema ``name`` as a JSON document. AirolesError for a name that is not shipped."""
    document: dict[str, Any] = json.loads(schema_bytes(name))
    return document


def schema_bytes(name: str) -> bytes:
    """The schema file ``name`` exactly as shipped (what ``/schema/v1/<name>.schema.json`` serves);
    AirolesError when it is not there (an incomplete checkout or install)."""
    path = paths.SCHEMAS_DIR / schema_file(name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AirolesError(f"{path}: cannot read the JSON Schema {name!r} ({exc.strerror or exc})") from exc
