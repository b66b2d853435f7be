"""Large graphs (an ESCO-sized catalogue beside airoles): load through pyoxigraph, rdflib as the interface.

rdflib parses about 30,000 triples a second on the project's build machine and holds each triple in about a
kilobyte; pyoxigraph parses ten times faster into a compact store. Here the files go straight into a
pyoxigraph :class:`pyoxigraph.Store`, and everything that expects an rdflib :class:`~rdflib.Graph` reads that
store through :class:`OxigraphView`, a read-only rdflib store plugin (no copy: each triple becomes rdflib
terms only when it is read):

* the rule-based inferences (:func:`airoles.reasoning.materialise_rules`: HermiT takes minutes at this size)
  are computed once and added to the store, so SPARQL sees the same graph as on
  :func:`airoles.reasoning.inferred_graph` (asserted + inferred);
* the :class:`airoles.careers.CareerIndex` is built from the view, with the same API and answers as
  :meth:`CareerIndex.from_graph` on rdflib graphs;
* :class:`StoreQueryEngine` is an :class:`airoles.sparql.QueryEngine` over the store (no second copy).

What is costly is cached under ``.cache/`` (or ``$AIROLES_CACHE_DIR``), keyed by the content of the files and
of the code that derives from them: the inferred triples (N-Triples), the pickled career index and, with
``persistent=True``, the whole store as an on-disk pyoxigraph database that later runs open in a fraction of a
second instead of parsing again. Unlike :func:`airoles.reasoning.inferred_graph`, no consistency check runs
here (the rules do not check it; ``airoles reason`` does).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.store import Store as RdflibStore
from rdflib.term import Node

from airoles import __version__, loader, paths
from airoles.atomic import atomic_write_bytes
from airoles.careers import CareerIndex
from airoles.errors import AirolesError, InputError
from airoles.namespaces import bind_prefixes
from airoles.sparql import QueryEngine
from airoles.terms import interning_to_rdflib, to_oxigraph

CACHE_FORMAT = "1"
# The modules whose code shapes what is cached: a change to any of them gives a new cache key.
_DERIVING_MODULES = ("fastload", "careers", "reasoning", "rules", "tbox", "resolve", "classes")
_COMPLETE = "COMPLETE"  # marker file of a finished on-disk store
# Graphs whose caches are kept (the most recently built): a store of 30,000 roles takes 850 MB on disk, so
# the caches of catalogues one no longer loads are removed.
CACHE_KEEP = 3


# ---------------------------------------------------------------------------------------------------------
# An rdflib view of a pyoxigraph store
# ---------------------------------------------------------------------------------------------------------


class OxigraphView(RdflibStore):
    """A read-only rdflib store over the default graph of a pyoxigraph store, plus the default graph of an
    ``extra`` store (which must not repeat the first one's triples: they would be seen twice), minus the
    triples of an ``exclude`` store.

    Use it through :func:`view_graph`. Terms are converted on the fly; IRIs are interned so that the
    thousands of triples about one node share one :class:`~rdflib.URIRef`.
    """

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(
        self, store: ox.Store, extra: ox.Store | None = None, exclude: ox.Store | None = None
    ) -> None:
        super().__init__()
        self.sources = [store] if extra is None else [store, extra]
        self.exclude = exclude
        self._rdflib = interning_to_rdflib()  # a node's thousands of triples share one URIRef
        self._prefixes: dict[str, URIRef] = {}
        self._namespaces: dict[URIRef, str] = {}

    def quads(self, s=None, p=None, o=None) -> Iterator[ox.Quad]:
        """The matching quads of the view's default graphs (pyoxigraph terms or None as the pattern)."""
        exclude = self.exclude
        for source in self.sources:
            for quad in source.quads_for_pattern(s, p, o, ox.DefaultGraph()):
                if exclude is None or quad not in exclude:
                    yield quad

    def triples(self, triple_pattern, context=None) -> Iterator[tuple[tuple[Node, Node, Node], Iterator]]:
        try:
            s, p, o = (None if t is None else to_oxigraph(t) for t in triple_pattern)
        except TypeError:  # a term pyoxigraph cannot hold (e.g. a path) matches nothing here
            return
        if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode | None):
            return  # a literal subject or a non-IRI predicate: nothing in a store matches
        convert = self._rdflib
        for quad in self.quads(s, p, o):
            yield (convert(quad.subject), convert(quad.predicate), convert(quad.object)), iter(())

    def __len__(self, context=None) -> int:
        return sum(1 for _ in self.quads())

    def bind(self, prefix: str, namespace, override: bool = True, replace: bool = False) -> None:
        namespace = URIRef(str(namespace))
        if not override and (prefix in self._prefixes or namespace in self._namespaces):
            return
        old = self._prefixes.pop(prefix, None)
        if old is not None:
            self._namespaces.pop(old, None)
        self._namespaces.pop(namespace, None)
        self._prefixes[prefix] = namespace
        self._namespaces[namespace] = prefix

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace) -> str | None:
        return self._namespaces.get(URIRef(str(namespace)))

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._prefixes.items())

    def add(self, triple, context=None, quoted=False) -> None:
        raise TypeError("this graph is a read-only view of a pyoxigraph store")

    def remove(self, triple, context=None) -> None:
        raise TypeError("this graph is a read-only view of a pyoxigraph store")


def view_graph(store: ox.Store, extra: ox.Store | None = None, exclude: ox.Store | None = None) -> Graph:
    """An rdflib :class:`~rdflib.Graph` reading ``store``'s default graph (and ``extra``'s, minus
    ``exclude``'s), airoles prefixes bound. Read-only: adding or removing triples raises ``TypeError``.
    Not for pyshacl (which wants plain in-memory rdflib graphs)."""
    return bind_prefixes(Graph(store=OxigraphView(store, extra, exclude)))


# ---------------------------------------------------------------------------------------------------------
# Loading files into a store
# ---------------------------------------------------------------------------------------------------------


def load_files(files: Iterable[str | os.PathLike[str]], store: ox.Store | None = None) -> ox.Store:
    """Parse RDF files into ``store`` (a new in-memory store by default) with pyoxigraph's parsers.

    A file pyoxigraph rejects is read again by :mod:`airoles.loader`, whose :class:`InputError` names the
    file, line and column (the same messages as everywhere else); nothing of it is added then.
    """
    store = ox.Store() if store is None else store
    for f in files:
        path = Path(f)
        fmt = loader.format_for(path)
        if not path.is_file():
            loader.parse_rdf_file(path)  # raises the loader's message (missing, directory, ...)
        try:
            store.load(path=str(path), format=loader.OX_FORMATS[fmt], base_iri=path.resolve().as_uri())
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            loader.parse_rdf_file(path, format=fmt)  # raises InputError with the line and column
            raise InputError(f"{path}: pyoxigraph cannot read it: {exc}") from exc
    return store


def add_graph(store: ox.Store, graph: Graph) -> None:
    """Add an rdflib graph's triples to ``store``'s default graph (through N-Triples: the fastest path)."""
    if len(graph):
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)


# ---------------------------------------------------------------------------------------------------------
# Inferences and the career index
# ---------------------------------------------------------------------------------------------------------


def materialise(store: ox.Store, ontology: Graph | None = None) -> ox.Store:
    """The triples the rule-based materialisation infers from ``store`` and it does not hold, in a new store.

    The same triples as :func:`airoles.reasoning.materialise_rules` (same rules, same choice of published
    triples; the tests compare them), but each candidate is looked up in the store instead of in a Python
    set of the whole graph, and the result is a store, not an rdflib graph: at 30,000 roles that is
    millions of triples neither copied nor converted. ``ontology``: the graph to read the axioms from
    (default: the ontology file; the small ontology graph is faster to read than the view of a big store).
    """
    from airoles.reasoning import _published  # the reasoner's own choice of what an inference publishes
    from airoles.rules import entailments
    from airoles.tbox import read_tbox

    tbox = read_tbox(ontology if ontology is not None else loader.parse_rdf_file(paths.ONTOLOGY_FILE))
    facts = entailments(view_graph(store), tbox)
    inferred = ox.Store()
    nodes: dict[str, ox.NamedNode] = {}

    def node(iri: URIRef) -> ox.NamedNode:
        found = nodes.get(iri)
        if found is None:
            found = nodes[iri] = ox.NamedNode(iri)
        return found

    default = ox.DefaultGraph()
    batch: list[ox.Quad] = []
    for triple in facts.triples():
        if _published(triple):
            quad = ox.Quad(node(triple[0]), node(triple[1]), node(triple[2]), default)
            if quad not in store:
                batch.append(quad)
                if len(batch) >= 100_000:
                    inferred.extend(batch)
                    batch = []
    inferred.extend(batch)
    return inferred


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
        """The whole graph as a read-only rdflib Graph (a view: nothing is copied)."""
        return view_graph(self.store)

    def engine(self) -> StoreQueryEngine:
        """A SPARQL engine over the store (:class:`airoles.sparql.QueryEngine` API)."""
        return StoreQueryEngine(self.store, self.graph())

    def _asserted(self) -> Graph:
        """The store without its inferred triples (read back from the cache), as a read-only rdflib Graph."""
        inferred_file = cache_dir() / f"fast-{self.key}.inferred.nt"
        if not self.inferred or not inferred_file.is_file():
            return self.graph()
        inferred = ox.Store()
        inferred.load(path=str(inferred_file), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return view_graph(self.store, exclude=inferred)

    def index(self) -> CareerIndex:
        """The career index (built once, then read from the cache; frozen out of the garbage collector's
        reach like :func:`airoles.careers.load_index`)."""
        if self._index is None:
            start = time.perf_counter()
            index = _read_pickle(self._index_file)
            if index is None:
                index = CareerIndex.from_graph(self.graph(), self._asserted())
                if self._index_file is not None:
                    _write_pickle(self._index_file, index)
                self.timings["index_build"] = time.perf_counter() - start
            else:
                self.timings["index_load"] = time.perf_counter() - start
            gc.collect()
            gc.freeze()
            self._index = index
        return self._index


class StoreQueryEngine(QueryEngine):
    """:class:`airoles.sparql.QueryEngine` over an existing store (named queries, bound parameters, time
    limits, formats) — the store is used as it is, not rebuilt from an rdflib graph."""

    def __init__(self, store: ox.Store, graph: Graph) -> None:  # noqa: D107 (no super(): it would copy)
        self.graph = graph
        self.store = store


def cache_dir() -> Path:
    """``$AIROLES_CACHE_DIR`` or ``<repository>/.cache`` (as the reasoner and the career index)."""
    return Path(os.environ.get("AIROLES_CACHE_DIR") or paths.REPO_ROOT / ".cache")


def cache_key(files: Sequence[Path], reasoning: bool) -> str:
    """A key over the files' content, the deriving code and the options."""
    code = hashlib.sha256()
    for module in _DERIVING_MODULES:
        f = Path(__file__).with_name(f"{module}.py")
        code.update(f.read_bytes() if f.is_file() else b"-")
    text = "|".join(
        (CACHE_FORMAT, __version__, ox.__version__, str(reasoning), code.hexdigest(),
         loader.graph_fingerprint(files))
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def project_files(extra_files: Iterable[str | os.PathLike[str]] = (), external: bool = False) -> list[Path]:
    """The ontology and knowledge base (:func:`airoles.loader.source_files`), then ``extra_files``, then the
    external graphs when asked (:func:`airoles.loader.external_files`)."""
    files = [*loader.source_files(), *(Path(p) for p in extra_files)]
    return files + (loader.external_files() if external else [])


def load(
    files: Sequence[str | os.PathLike[str]] | None = None,
    *,
    reasoning: bool = True,
    persistent: bool = False,
    use_cache: bool = True,
) -> FastGraph:
    """Load ``files`` (default: :func:`project_files`) into a pyoxigraph store, with the rules' inferences.

    The first run parses the files, infers (:func:`materialise`) and caches the inferred triples; later runs
    parse the files and the cached inferences. ``persistent=True`` keeps the finished store on disk (a
    pyoxigraph database under the cache directory): later runs open it read-only without parsing anything.
    ``use_cache=False`` neither reads nor writes a cache.
    """
    paths_ = [Path(f) for f in (project_files() if files is None else files)]
    timings: dict[str, float] = {}
    start = time.perf_counter()
    key = cache_key(paths_, reasoning)
    timings["fingerprint"] = time.perf_counter() - start
    root = cache_dir()
    inferred_file = root / f"fast-{key}.inferred.nt"
    index_file = root / f"fast-{key}.index.pickle" if use_cache else None
    store_dir = root / f"fast-{key}.store"

    if persistent and use_cache and (store_dir / _COMPLETE).is_file():
        start = time.perf_counter()
        store = ox.Store.read_only(str(store_dir))
        timings["open_store"] = time.perf_counter() - start
        count = int((store_dir / _COMPLETE).read_text(encoding="ascii") or 0)
        return FastGraph(store, paths_, key, count, timings, store_dir, _index_file=index_file)

    start = time.perf_counter()
    store = load_files(paths_)
    timings["parse"] = time.perf_counter() - start
    count = 0
    index: CareerIndex | None = None
    if reasoning:
        start = time.perf_counter()
        if use_cache and inferred_file.is_file():
            store.load(path=str(inferred_file), format=ox.RdfFormat.N_TRIPLES, lenient=True)
            count = _count(inferred_file)
            timings["parse_inferred"] = time.perf_counter() - start
        else:
            inferred = materialise(store)
            count = len(inferred)
            timings["materialise"] = time.perf_counter() - start
            start = time.perf_counter()
            index = build_index(store, inferred)  # now, while the asserted triples are apart
            timings["index_build"] = time.perf_counter() - start
            data = inferred.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            del inferred
            if use_cache:
                atomic_write_bytes(inferred_file, [f"# {count} inferred triples\n".encode("ascii"), data])
                if index_file is not None:
                    _write_pickle(index_file, index)
            store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            if use_cache:
                prune_cache(root, keep=key)
    fast = FastGraph(store, paths_, key, count, timings, _index_file=index_file)
    if index is not None:
        gc.collect()
        gc.freeze()
        fast._index = index
    if persistent and use_cache:
        start = time.perf_counter()
        fast.store = _persist(store, store_dir, count)
        fast.persistent_path = store_dir
        timings["persist"] = time.perf_counter() - start
    return fast


def prune_cache(root: Path, keep: str) -> list[str]:
    """Remove the caches (inferred triples, index, on-disk store) of all but the :data:`CACHE_KEEP` most
    recently built graphs, never ``keep``'s; the removed keys."""
    built: dict[str, float] = {}
    for entry in root.glob("fast-*.inferred.nt"):
        built[entry.name[len("fast-") : -len(".inferred.nt")]] = entry.stat().st_mtime
    ranked = sorted(built, key=lambda k: (k != keep, -built[k]))
    removed = ranked[CACHE_KEEP:]
    for key in removed:
        for entry in root.glob(f"fast-{key}.*"):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    return removed


def _count(inferred_file: Path) -> int:
    """The triple count the inferred-triples cache file states on its first line."""
    with inferred_file.open("rb") as fh:
        words = fh.readline().split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


def _persist(store: ox.Store, directory: Path, inferred: int) -> ox.Store:
    """Copy ``store`` into an on-disk store at ``directory`` (built aside, then renamed); return it opened
    read-only."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        disk = ox.Store(str(building))
        disk.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk
        (building / _COMPLETE).write_text(str(inferred), encoding="ascii")
        if directory.exists():
            shutil.rmtree(directory)
        os.replace(building, directory)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return ox.Store.read_only(str(directory))


def _read_pickle(path: Path | None) -> CareerIndex | None:
    if path is None or not path.is_file():
        return None
    try:
        index = pickle.loads(path.read_bytes())
    except Exception:  # a truncated or old-format cache: rebuilt
        return None
    return index if isinstance(index, CareerIndex) else None


def _write_pickle(path: Path, index: CareerIndex) -> None:
    try:
        atomic_write_bytes(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    except AirolesError:
        pass  # a read-only checkout still answers, only without a cache
