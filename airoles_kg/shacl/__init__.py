"""SHACL validation of airoles graphs and of the catalogues others bring.

The public face: :func:`validate_graph`, :func:`validate_files`, :func:`validate_project` (pyshacl, with the
fast narrowing of :mod:`airoles_kg.shacl.fast` on large graphs), the report types, the shapes graph and the
helpers that write shapes, paths and values for people (:mod:`airoles_kg.shacl.shapes`).
"""

from airoles_kg.shacl.shapes import (
    SHAPES,
    curie,
    load_shapes,
    load_user_shapes,
    path_text,
    shapes_file,
    value_text,
)
from airoles_kg.shacl.validate import (
    FAIL_ON,
    METHODS,
    NARROW_FROM,
    SEVERITIES,
    ValidationReport,
    ValidationResult,
    validate_files,
    validate_graph,
    validate_project,
)

__all__ = [
    "FAIL_ON",
    "METHODS",
    "NARROW_FROM",
    "SEVERITIES",
    "SHAPES",
    "ValidationReport",
    "ValidationResult",
    "curie",
    "load_shapes",
    "load_user_shapes",
    "path_text",
    "shapes_file",
    "validate_files",
    "validate_graph",
    "validate_project",
    "value_text",
]
