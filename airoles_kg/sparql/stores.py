"""The stores SPARQL runs on: our graph in memory, the external graphs (an ESCO import) added to it, the
ESCO layer shipped with airoles, and their on-disk copy in the cache (:func:`persisted_store`).

:mod:`airoles_kg.sparql.engine` runs queries on them; this module only builds and opens them.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.core import cache, paths
from airoles_kg.core.errors import InputError
from airoles_kg.core.loader import OX_FORMATS, external_files, format_for, source_files
from airoles_kg.core.store import open_persisted, persist


def make_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store holding ``graph`` (loaded as N-Triples: the fastest path measured)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def load_rdf_files(store: ox.Store, files: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Add RDF files (the external graphs: :func:`airoles_kg.core.loader.external_files`) to ``store``;
    returns
    them.

    pyoxigraph parses them (format from the extension); each file is loaded in one transaction, so a file
    with a syntax error adds nothing and raises InputError naming the file and the line.
    """
    loaded = []
    for item in files:
        path = Path(item)
        fmt = OX_FORMATS[format_for(path)]
        try:
            store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except SyntaxError as exc:
            raise InputError(f"{path}: invalid {fmt.name}: {exc}") from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        loaded.append(path)
    return loaded


def external_state(files: Iterable[str | os.PathLike[str]] | None = None) -> tuple[tuple[str, int, int], ...]:
    """``(path, size, mtime_ns)`` of each external file (default:
    :func:`airoles_kg.core.loader.external_files`).

    A cheap cache key for anything that holds an engine across calls (the explorer): it changes when an
    external graph is imported again, added or removed.
    """
    state = []
    for item in external_files() if files is None else files:
        path = Path(item)
        stat = path.stat()
        state.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(state)


STORE_KIND = "query-store"  # the cache's on-disk stores of our graph with the external graphs


def persisted_store(
    graph: Graph | Callable[[], Graph], files: Sequence[Path], layer: Path | None, asserted: bool
) -> ox.Store | None:
    """An on-disk store (in :mod:`airoles_kg.core.cache`) holding ``graph`` (our graph, inferred unless
    ``asserted``; or a function that loads it, called only when the store is built), the external ``files``
    and the ESCO ``layer``, opened read-only; None when the cache directory cannot be written (the caller
    builds the store in memory).

    Parsing an ESCO import (422,000 triples) took about 0.9 s of every command; opening the store takes
    milliseconds. It is keyed by our source files' content, the external files' sizes and modification times
    (hashing 80 MB would cost what it saves) and the code, so it is rebuilt after an import or an edit.
    """
    state = external_state([*files, *([layer] if layer else [])])
    key = cache.key(STORE_KIND, source_files(), asserted, state, ox.__version__)
    directory = cache.entry(STORE_KIND, key, ".store")
    opened = open_persisted(directory)
    if opened is not None:
        return opened[0]

    def fill(disk: ox.Store) -> None:
        ours = graph if isinstance(graph, Graph) else graph()
        disk.bulk_load(ours.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        load_rdf_files(disk, files)  # InputError naming the file and line; nothing is kept then
        if layer is not None:
            disk.bulk_load(layer_bytes(layer), format=ox.RdfFormat.N_TRIPLES)

    try:
        store = persist(directory, fill)
    except OSError:
        return None
    cache.prune(STORE_KIND, keep=key)
    return store


def layer_bytes(layer: Path) -> bytes:
    """The N-Triples of the shipped ESCO layer (gzipped); InputError when it cannot be read."""
    try:
        return gzip.decompress(layer.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"{layer}: cannot read the ESCO layer: {exc}") from exc


def esco_layer_for(external: Iterable[str | os.PathLike[str]]) -> Path | None:
    """The ESCO layer shipped with airoles when none of the ``external`` graphs is an ESCO import (and the
    layer is there), else None: what the query commands, the endpoint and the explorer add to our graph."""
    if any(Path(f).name.startswith("esco") for f in external):
        return None
    layer = paths.esco_layer_file()
    return layer if layer.is_file() else None
