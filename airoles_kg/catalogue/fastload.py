"""Large graphs (an ESCO-sized catalogue beside airoles): load through pyoxigraph, rdflib as the interface.

rdflib parses about 30,000 triples a second on the project's build machine and holds each triple in about a
kilobyte; pyoxigraph parses ten times faster into a compact store. Here the files go straight into a
pyoxigraph :class:`pyoxigraph.Store`, and everything that expects an rdflib :class:`~rdflib.Graph` reads that
store through :class:`OxigraphView`, a read-only rdflib store plugin (no copy: each triple becomes rdflib
terms only when it is read):

* the rule-based inferences (:func:`airoles_kg.reasoning.inference.materialise_rules`: HermiT takes minutes at
this size)
  are computed once and added to the store, so SPARQL sees the same graph as on
  :func:`airoles_kg.reasoning.inference.inferred_graph` (asserted + inferred);
* the :class:`airoles_kg.careers.index.CareerIndex` is built from the view, with the same API and answers as
  :meth:`CareerIndex.from_graph` on rdflib graphs;
* :class:`StoreQueryEngine` is an :class:`airoles_kg.sparql.engine.QueryEngine` over the store (no second
copy).

What is costly is cached (:mod:`airoles_kg.core.cache`), keyed by the content of the files and
of the code that derives from them: the inferred triples (N-Triples), the pickled career index and, with
``persistent=True``, the whole store as an on-disk pyoxigraph database that later runs open in a fraction of a
second instead of parsing again. Unlike :func:`airoles_kg.reasoning.inference.inferred_graph`, no consistency
check runs
here (the rules do not check it; ``airoles reason`` does).
"""

from __future__ import annotations

import gc
import os
import queue
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from airoles_kg.careers.index import CareerIndex
from airoles_kg.core import cache, loader
from airoles_kg.core.collector import gc_paused
from airoles_kg.core.store import BuildAbandoned, load_files, open_persisted, persist, serialized, view_graph
from airoles_kg.reasoning.materialise import materialise_store
from airoles_kg.sparql.engine import QueryEngine

CACHE_KIND = "catalogue"  # the entries of airoles_kg.core.cache written here


# ---------------------------------------------------------------------------------------------------------
# Inferences and the career index
# ---------------------------------------------------------------------------------------------------------


def build_index(store: ox.Store, inferred: ox.Store | None = None) -> CareerIndex:
    """The :class:`CareerIndex` of ``store`` (asserted) plus ``inferred`` — what
    ``CareerIndex.from_graph(asserted + inferred, asserted)`` gives, without an rdflib copy of the graph."""
    return CareerIndex.from_graph(view_graph(store, inferred), view_graph(store))


# ---------------------------------------------------------------------------------------------------------
# The loaded graph, with its caches
# ---------------------------------------------------------------------------------------------------------


@dataclass
class FastGraph:
    """A graph loaded with :func:`load`: the store (asserted + inferred triples in its default graph), what
    it was built from, and how long each part took (seconds)."""

    store: ox.Store
    files: list[Path]
    key: str
    inferred: int  # inferred triples added (0 without reasoning)
    timings: dict[str, float] = field(default_factory=dict)
    persistent_path: Path | None = None
    _index: CareerIndex | None = field(default=None, repr=False)
    _index_file: Path | None = field(default=None, repr=False)

    def graph(self) -> Graph:
        """The whole graph as a read-only rdflib Graph (a view: nothing is copied). With the caches on, the
        names resolved in it are cached under the graph's key."""
        key = f"{CACHE_KIND}-{self.key}" if self._index_file is not None else None  # None: use_cache=False
        return view_graph(self.store, key=key)

    def engine(self) -> StoreQueryEngine:
        """A SPARQL engine over the store (:class:`airoles_kg.sparql.engine.QueryEngine` API)."""
        return StoreQueryEngine(self.store, self.graph())

    def _asserted(self) -> Graph:
        """The store without its inferred triples (read back from the cache), as a read-only rdflib Graph."""
        inferred_file = cache.entry(CACHE_KIND, self.key, ".inferred.nt")
        if not self.inferred or not inferred_file.is_file():
            return self.graph()
        inferred = ox.Store()
        inferred.load(path=str(inferred_file), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return view_graph(self.store, exclude=inferred)

    def index(self) -> CareerIndex:
        """The career index (built once, then read from the cache; frozen out of the garbage collector's
        reach like :func:`airoles_kg.careers.index.load_index`)."""
        if self._index is None:
            start = time.perf_counter()
            # Frozen before the collector runs again: its first pass after the load would walk the millions
            # of objects just read (a full collection there took 0.5 s at 30,000 roles). Only a build leaves
            # cycles (its graphs) worth collecting first.
            with gc_paused():
                index = cache.read_pickle(self._index_file, CareerIndex)
                if index is None:
                    index = CareerIndex.from_graph(self.graph(), self._asserted())
                    if self._index_file is not None:
                        cache.write_pickle(self._index_file, index)
                    gc.collect()
                    self.timings["index_build"] = time.perf_counter() - start
                else:
                    self.timings["index_load"] = time.perf_counter() - start
                gc.freeze()
            self._index = index
        return self._index


class StoreQueryEngine(QueryEngine):
    """:class:`airoles_kg.sparql.engine.QueryEngine` over an existing store (named queries, bound parameters,
    time
    limits, formats) — the store is used as it is, not rebuilt from an rdflib graph."""

    def __init__(self, store: ox.Store, graph: Graph) -> None:  # noqa: D107 (no super(): it would copy)
        self.graph = graph
        self.store = store


def cache_key(files: Sequence[Path], reasoning: bool) -> str:
    """A key over the files' content, the deriving code and the options
    (:func:`airoles_kg.core.cache.key`)."""
    return cache.key(CACHE_KIND, files, reasoning, ox.__version__)


def project_files(extra_files: Iterable[str | os.PathLike[str]] = (), external: bool = False) -> list[Path]:
    """The ontology and knowledge base (:func:`airoles_kg.core.loader.source_files`), then ``extra_files``,
    then
    the
    external graphs when asked (:func:`airoles_kg.core.loader.external_files`)."""
    extra = [Path(p) for p in extra_files]
    for path in extra:  # as `validate` does: an empty catalogue is a mistake, not an empty answer
        loader.check_not_empty(path)
    return [*loader.source_files(), *extra] + (loader.external_files() if external else [])


def load(
    files: Sequence[str | os.PathLike[str]] | None = None,
    *,
    reasoning: bool = True,
    persistent: bool = False,
    use_cache: bool = True,
) -> FastGraph:
    """Load ``files`` (default: :func:`project_files`) into a pyoxigraph store, with the rules' inferences.

    The first run parses the files, infers (:func:`materialise_store`) and caches the inferred triples, then
    the career index; later runs parse the files and the cached inferences. ``persistent=True`` keeps the
    finished store on disk (a pyoxigraph database under the cache directory): later runs open it read-only
    without parsing anything. ``use_cache=False`` neither reads nor writes a cache.

    Each stage is cached as soon as it is done (the inferences, then the index, then the on-disk store, each
    written aside and renamed), so a build interrupted at any point resumes where it stopped: a run after an
    interruption while the store was being written parses nothing in memory, and goes straight to writing it.
    """
    paths_ = [Path(f) for f in (project_files() if files is None else files)]
    timings: dict[str, float] = {}
    start = time.perf_counter()
    key = cache_key(paths_, reasoning)
    timings["fingerprint"] = time.perf_counter() - start
    inferred_file = cache.entry(CACHE_KIND, key, ".inferred.nt")
    index_file = cache.entry(CACHE_KIND, key, ".index.pickle") if use_cache else None
    store_dir = cache.entry(CACHE_KIND, key, ".store")
    persist_now = persistent and use_cache

    start = time.perf_counter()
    opened = open_persisted(store_dir) if persist_now else None
    if opened is not None:
        on_disk, note = opened
        timings["open_store"] = time.perf_counter() - start
        count = int(note) if note.isdigit() else 0
        return FastGraph(on_disk, paths_, key, count, timings, store_dir, _index_file=index_file)

    cached = reasoning and use_cache and inferred_file.is_file()
    index: CareerIndex | None = None
    count = _count(inferred_file) if cached else 0
    store: ox.Store | None
    building: _StoreBuild | None = None
    if persist_now and (cached or not reasoning):
        store = None  # nothing to compute: the on-disk store is filled from the files directly
    else:
        start = time.perf_counter()
        store = load_files(paths_)
        timings["parse"] = time.perf_counter() - start
        if persist_now:
            # A first build: the store on disk is filled beside the rules and the index, which leave the
            # second core idle (not beside the parse: pyoxigraph's loader takes both cores; 30,000 roles,
            # parse 18 s alone, 37 s beside the bulk load).
            building = _StoreBuild(paths_, store_dir)
    if store is not None and reasoning and not cached:
        try:
            start = time.perf_counter()
            inferred = materialise_store(store)
            count = len(inferred)
            timings["materialise"] = time.perf_counter() - start
            data = serialized(inferred.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
            header = f"# {count} inferred triples\n".encode("ascii")
            if use_cache:  # now: an interruption from here on does not lose the inferences
                cache.write_bytes(inferred_file, [header, data], kind=CACHE_KIND)
            start = time.perf_counter()
            index = build_index(store, inferred)  # now, while the asserted triples are apart
            timings["index_build"] = time.perf_counter() - start
            del inferred
            if index_file is not None:
                cache.write_pickle(index_file, index)
        except BaseException:
            if building is not None:
                building.abandon()
            raise
        if building is not None:  # every stage before the store is cached: it may be completed now
            building.add_inferences(inferred_file, count)
        if not persist_now:
            store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        del data
    elif store is not None and cached:
        start = time.perf_counter()
        store.load(path=str(inferred_file), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        timings["parse_inferred"] = time.perf_counter() - start
    if persist_now:
        # The in-memory store is not needed any more. On a resumed build it is freed before the on-disk one
        # is filled (from the files and the cached inferences, streamed by pyoxigraph's bulk loader), so the
        # two never coexist; on a first build the files went in beside the rules and the index.
        del store
        gc.collect()
        start = time.perf_counter()
        if building is not None:
            disk = building.finish()  # what is left of it: its thread has been writing all along
        else:
            disk = _persist(paths_, inferred_file if reasoning else None, store_dir, count)
        timings["persist"] = time.perf_counter() - start
        fast = FastGraph(disk, paths_, key, count, timings, store_dir, _index_file=index_file)
    else:
        assert store is not None
        fast = FastGraph(store, paths_, key, count, timings, _index_file=index_file)
    if index is not None:
        gc.collect()
        gc.freeze()
        fast._index = index
    return fast


def _count(inferred_file: Path) -> int:
    """The triple count the inferred-triples cache file states on its first line."""
    with inferred_file.open("rb") as fh:
        words = fh.readline().split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


class _StoreBuild:
    """The on-disk store of a first build, filled on a worker thread while this one infers and builds the
    career index.

    pyoxigraph's bulk loader runs without the GIL: the files go into the on-disk store on the second core
    meanwhile, then the inferences once every earlier stage is cached (:meth:`add_inferences`). The store is
    built aside and renamed into place (:func:`airoles_kg.core.store.persist`) only when complete; a build
    that stops before the inferences were handed over leaves none (:meth:`abandon`), and the next run resumes
    from the cached stages as before. Should the program end while the thread still writes (a daemon thread
    ends with it), the next build removes what it left aside (:func:`airoles_kg.core.cache.remove_abandoned`).
    """

    def __init__(self, files: Sequence[Path], directory: Path) -> None:
        self._files = list(files)
        self._directory = directory
        self._inferences: queue.Queue[tuple[Path, int] | None] = queue.Queue(maxsize=1)
        self._store: ox.Store | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="airoles-store-build", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        count = [0]

        def fill(disk: ox.Store) -> bool:
            load_files(self._files, disk, bulk=True)
            inferences = self._inferences.get()
            if inferences is None:
                return False  # the build stopped: persist removes what was written
            path, count[0] = inferences
            disk.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=True)
            return True

        try:
            self._store = persist(self._directory, fill, lambda: str(count[0]))
        except BuildAbandoned:
            pass  # the build's own thread stopped, and said why
        except BaseException as exc:  # noqa: BLE001 - raised again on the build's own thread (finish)
            self._error = exc

    def add_inferences(self, path: Path, count: int) -> None:
        """The cached inferences (``count`` triples), to be added once the files are in."""
        self._inferences.put((path, count))

    def finish(self) -> ox.Store:
        """The finished store, opened read-only (after waiting for the thread); its error, if it had one."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._store is None:
            raise RuntimeError("the store build was abandoned before it was finished")
        return self._store

    def abandon(self) -> None:
        """Stop the build (the main thread failed before :meth:`add_inferences`): the thread removes what
        it wrote once the files are in; it is not waited for, so an interruption stops the program at once."""
        self._inferences.put_nowait(None)


def _persist(files: Sequence[Path], inferred_file: Path | None, directory: Path, inferred: int) -> ox.Store:
    """Build the on-disk store at ``directory`` from ``files`` and the cached inferences
    (:func:`airoles_kg.core.store.persist`: aside, then renamed); return it opened read-only."""

    def fill(disk: ox.Store) -> None:
        load_files(files, disk, bulk=True)
        if inferred_file is not None:
            disk.bulk_load(path=str(inferred_file), format=ox.RdfFormat.N_TRIPLES, lenient=True)

    return persist(directory, fill, str(inferred))
