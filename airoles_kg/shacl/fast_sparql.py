"""SPARQL in the fast SHACL path (:mod:`airoles_kg.shacl.fast`): the SPARQL-based targets and constraints.

:class:`_SparqlQueries` (a base class of :class:`airoles_kg.shacl.fast_bounds._Compiler`) computes the focus
nodes of a top-level shape and runs the SELECTs of SPARQL targets and constraints in pyoxigraph, prefetched on
a worker thread (:func:`_select_tsv`); :func:`relax` widens a constraint's SELECT to a superset of its
solutions. :class:`StoreAnswers` then answers pyshacl's own per-node queries from the same store, where
:func:`bound_at_top` shows that pyoxigraph's substitution is SHACL's pre-binding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.query import Result
from rdflib.term import Node, Variable

from airoles_kg.core.store import serialized
from airoles_kg.core.terms import to_oxigraph, to_rdflib
from airoles_kg.shacl.data_graph import indexed_store
from airoles_kg.shacl.fast_data import _Data, _Unsupported
from airoles_kg.sparql.federation import tokens as sparql_tokens

# ---------------------------------------------------------------------------------------------------------
# SPARQL-based targets and constraints, through pyoxigraph
# ---------------------------------------------------------------------------------------------------------

_THIS = re.compile(r"[?$]this\b")
_XSD_NS = "http://www.w3.org/2001/XMLSchema#"
# The prefixes pyshacl declares in every SPARQL query of the shapes (pyshacl.helper.sparql_query_helper).
_PYSHACL_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class _SparqlQueries:
    """The SPARQL-based targets and constraints of :class:`airoles_kg.shacl.fast_bounds._Compiler`, through
    pyoxigraph: a part of the compiler (its base class), in a module of its own. The compiler's fields these
    methods read are declared here; the compiler's dataclass defines them."""

    data: _Data
    shapes: Graph
    store: ox.Store | None
    _prefetched: dict[tuple[str, tuple[tuple[str, str], ...]], Future[bytes]]

    def _constraint_query(self, constraint: Node) -> tuple[str, dict[str, str]] | None:
        """The relaxed SELECT of a SPARQL-based constraint and its prefixes (None: deactivated)."""
        if self.shapes.value(constraint, SH.deactivated) == Literal(True):
            return None
        select = self.shapes.value(constraint, SH.select)
        if select is None:
            raise _Unsupported("a SPARQL constraint without sh:select")
        text = str(select)
        if re.search(r"\$(shapesGraph|currentShape|PATH)\b", text):
            raise _Unsupported("a SPARQL constraint using $shapesGraph, $currentShape or $PATH")
        relaxed = relax(text)
        if relaxed is None:
            # UNION, MINUS, VALUES, BIND, subqueries...: no sure superset (and SHACL forbids some of them,
            # which pyshacl then reports): pyshacl decides.
            raise _Unsupported("a SPARQL constraint this path cannot widen")
        if not _THIS.search(relaxed[relaxed.upper().index("WHERE") :]):
            # $this only in a FILTER (e.g. FILTER NOT EXISTS { $this rdfs:label ?l }): its solutions depend
            # on pyshacl pre-binding $this to each focus node, which one query for all nodes cannot do.
            raise _Unsupported("a SPARQL constraint whose $this no triple pattern binds")
        return relaxed, self._prefixes_of(constraint)

    def prefetch(self, pool: ThreadPoolExecutor, top: Iterable[Node]) -> None:
        """Start the SELECTs of the SPARQL-based constraints, then of the SPARQL targets of ``top``, on
        ``pool``: pyoxigraph evaluates and serializes them (TSV) without holding the GIL, while this thread
        evaluates the other shapes. :meth:`select_this` then reads the results."""
        if self.store is None:
            return
        queries: list[tuple[str, dict[str, str]]] = []
        for constraint in sorted(set(self.shapes.objects(None, SH.sparql)), key=str):
            try:
                query = self._constraint_query(constraint)
            except _Unsupported:
                continue
            if query is not None:
                queries.append(query)
        for shape in top:
            for target in self.shapes.objects(shape, SH.target):
                select = self.shapes.value(target, SH.select)
                if select is not None and (target, RDF.type, SH.SPARQLTarget) in self.shapes:
                    queries.append((str(select), self._prefixes_of(target)))
        store = self.store
        for text, prefixes in queries:
            key = (text, tuple(sorted(prefixes.items())))
            if key not in self._prefetched:
                self._prefetched[key] = pool.submit(_select_tsv, store, text, prefixes)

    def _prefetched_this(self, text: str, prefixes: dict[str, str]) -> set[Node] | None:
        """``?this`` of a prefetched SELECT, read from its TSV results; None if it was not prefetched, failed,
        or has a ``?this`` other than an IRI (:meth:`select_this` then runs it here)."""
        future = self._prefetched.pop((text, tuple(sorted(prefixes.items()))), None)
        if future is None:
            return None
        try:
            lines = future.result().decode("utf-8").split("\n")
        except Exception:  # the same query, run again by select_this, raises as it would have
            return None
        header = lines[0].split("\t")
        if "?this" not in header:
            return None
        column, iri = header.index("?this"), self.data.iri
        # one column (the SPARQL targets' SELECT DISTINCT ?this): each line is the cell
        cells = lines[1:] if len(header) == 1 else (line.split("\t")[column] for line in lines[1:] if line)
        found: set[Node] = set()
        for cell in cells:
            if not cell:
                continue  # ?this unbound, or the last line break
            if cell[0] != "<" or cell[-1] != ">":
                return None
            found.add(iri(cell[1:-1]))
        return found

    def _prefixes_of(self, node: Node) -> dict[str, str]:
        """The prefixes a SPARQL target or constraint declares (``sh:prefixes`` → ``sh:declare``), after the
        ones pyshacl gives every query (rdf, rdfs, owl). Declarations pyshacl also finds elsewhere (on the
        owl:Ontology nodes of the shapes graph) are not read: the query then fails here, pyshacl decides."""
        declared: dict[str, str] = dict(_PYSHACL_PREFIXES)
        for ontology in self.shapes.objects(node, SH.prefixes):
            for declaration in self.shapes.objects(ontology, SH.declare):
                prefix = self.shapes.value(declaration, SH.prefix)
                namespace = self.shapes.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    declared[str(prefix)] = str(namespace)
        return declared

    def select_this(self, text: str, prefixes: dict[str, str]) -> set[Node]:
        """The values of ``?this`` in the solutions of a SELECT, evaluated by pyoxigraph."""
        assert self.store is not None
        prefetched = self._prefetched_this(text, prefixes)
        if prefetched is not None:
            return prefetched
        this = ox.Variable("this")
        found: set[Node] = set()
        intern, iri = self.data.intern, self.data.iri
        try:
            results = self.store.query(text, prefixes=prefixes)
        except (SyntaxError, OSError, ValueError) as exc:  # what pyoxigraph raises for a query it refuses
            raise _Unsupported(f"a query pyoxigraph does not run ({type(exc).__name__}: {exc})") from None
        assert isinstance(results, ox.QuerySolutions), "a SELECT"
        for solution in results:
            term = solution[this]
            if type(term) is ox.NamedNode:
                found.add(iri(term.value))
            elif term is not None:
                found.add(intern(to_rdflib(term)))
        return found

    def focus_nodes(self, shape: Node) -> set[Node]:
        """The focus nodes of a top-level shape (its targets), as pyshacl computes them."""
        g, data = self.shapes, self.data
        focus: set[Node] = set(g.objects(shape, SH.targetNode))
        for cls in g.objects(shape, SH.targetClass):
            focus |= data.instances(cls)
        for p in g.objects(shape, SH.targetSubjectsOf):
            focus |= set(data.forward(p))
        for p in g.objects(shape, SH.targetObjectsOf):
            focus |= set(data.backward(p))
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if self.store is None or select is None or (target, RDF.type, SH.SPARQLTarget) not in g:
                raise _Unsupported("a target other than a SPARQL target")
            focus |= self.select_this(str(select), self._prefixes_of(target))
        return focus


def _select_tsv(store: ox.Store, text: str, prefixes: dict[str, str]) -> bytes:
    """A SELECT's results as SPARQL TSV (pyoxigraph evaluates and writes them without holding the GIL)."""
    results = store.query(text, prefixes=prefixes)
    assert isinstance(results, ox.QuerySolutions), "a SELECT"
    return serialized(results.serialize(format=ox.QueryResultsFormat.TSV))


# ---------------------------------------------------------------------------------------------------------
# Relaxing a SPARQL constraint (a superset of its solutions' ?this)
# ---------------------------------------------------------------------------------------------------------


def relax(text: str) -> str | None:
    """``text`` with its OPTIONAL blocks removed, and every FILTER that mentions a variable no triple pattern
    outside FILTERs binds, or that stands in an inner group: the solutions can only grow (a left join keeps
    each left solution; a filter only removes). None when the query has constructs this does not handle
    (UNION, subqueries, GRAPH, MINUS, SERVICE, VALUES, BIND); the caller then leaves the constraint to
    pyshacl."""
    tokens = sparql_tokens(text)
    words = {t.upper() for t in tokens if t[:1].isalpha()}
    if words & {"UNION", "GRAPH", "MINUS", "SERVICE", "VALUES", "BIND", "GROUP", "HAVING"}:
        return None
    upper = [t.upper() for t in tokens]
    where = next((i for i, t in enumerate(upper) if t == "WHERE"), None)
    if where is None or "SELECT" in upper[where:]:
        return None
    head, body = tokens[: where + 1], tokens[where + 1 :]
    pieces: list[tuple[str, list[str]]] = []  # ("keep" | "optional" | "filter" | "nested", tokens)
    i = depth = 0
    while i < len(body):
        word = body[i].upper()
        depth += 1 if body[i] == "{" else -1 if body[i] == "}" else 0
        if word in ("OPTIONAL", "FILTER"):
            j = i + 1
            while j < len(body) and body[j].isspace():
                j += 1
            end = _balanced_end(body, j, word)
            if end is None:
                return None
            # A FILTER inside an inner group reads only that group's variables (SPARQL scoping): kept, it
            # could remove solutions this flat reading does not see; removed, the solutions only grow.
            pieces.append(("nested" if word == "FILTER" and depth > 1 else word.lower(), body[i:end]))
            i = end
        else:
            pieces.append(("keep", [body[i]]))
            i += 1
    bound = {t[1:] for kind, toks in pieces if kind == "keep" for t in toks if t[:1] in "?$"}
    out = list(head)
    for kind, toks in pieces:
        if kind == "keep":
            out += toks
        elif kind == "filter" and all(t[1:] in bound for t in toks if t[:1] in "?$"):
            if any(t.upper() == "EXISTS" for t in toks):
                continue  # an inner pattern may bind its own variables: removed, to stay simple
            out += toks
    return "".join(out)


def _balanced_end(tokens: list[str], start: int, word: str) -> int | None:
    """The index after the group opening at ``start``: ``{...}`` for OPTIONAL, ``(...)`` or
    ``[NOT] EXISTS {...}`` for FILTER."""
    if start >= len(tokens):
        return None
    j = start
    if word == "FILTER" and tokens[j].upper() in ("NOT", "EXISTS"):
        while j < len(tokens) and tokens[j] != "{":
            j += 1
    opening = tokens[j] if j < len(tokens) else ""
    if opening not in ("{", "("):
        return None
    closing = "}" if opening == "{" else ")"
    depth = 0
    for k in range(j, len(tokens)):
        if tokens[k] == opening:
            depth += 1
        elif tokens[k] == closing:
            depth -= 1
            if depth == 0:
                return k + 1
    return None


def bound_at_top(text: str, names: Iterable[str]) -> bool:
    """Whether pre-binding the variables ``names`` in the SELECT or ASK ``text`` is the same as joining the
    query with their values, which is how pyoxigraph substitutes them (the W3C SHACL pre-binding tests 003 to
    005 tell the two apart): a WHERE clause with no nested group, OPTIONAL, BIND, UNION, MINUS, VALUES,
    GRAPH, SERVICE or subquery, in which a triple pattern outside the FILTERs uses each variable. The
    triple patterns then bind it, and every FILTER (an EXISTS included) reads it bound, as it reads the
    pre-bound value."""
    body_tokens = sparql_tokens(text)
    upper = [t.upper() for t in body_tokens]
    if set(upper) & {"OPTIONAL", "BIND", "UNION", "MINUS", "VALUES", "GRAPH", "SERVICE"}:
        return False
    where = next((i for i, t in enumerate(upper) if t == "WHERE"), None)
    if where is None or "SELECT" in upper[where:]:
        return False
    body = body_tokens[where + 1 :]
    used: set[str] = set()
    depth = i = 0
    while i < len(body):
        token = body[i]
        if token.upper() == "FILTER":
            j = i + 1
            while j < len(body) and body[j].isspace():
                j += 1
            end = _balanced_end(body, j, "FILTER")
            if end is None:
                return False
            i = end
            continue
        if token == "{":
            depth += 1
            if depth > 1:
                return False  # a nested group: its FILTERs read the variable unbound in a join
        elif token == "}":
            depth -= 1
        elif token[:1] in "?$" and depth == 1:
            used.add(token[1:])
        i += 1
    return set(names) <= used


# ---------------------------------------------------------------------------------------------------------
# pyshacl's per-focus-node queries, answered by pyoxigraph
# ---------------------------------------------------------------------------------------------------------


class StoreAnswers:
    """pyshacl's per-node queries answered by a pyoxigraph store holding the data graph, instead of rdflib's
    engine: the SELECT and ASK queries it runs with initial bindings (a SPARQL-based constraint or validator,
    once per focus node with ``$this`` pre-bound). Why: on a 3,000-role catalogue the 4,460 queries of one
    constraint took 5.4 s in rdflib (1.2 ms each).

    pyshacl still decides everything else: which nodes it asks about, and the results and messages it makes
    of the solutions, which it gets as an rdflib result of the same rows. The initial bindings become
    pyoxigraph substitutions (SPARQL SEP-0007), only where that is SHACL's pre-binding
    (:func:`bound_at_top`). :meth:`answer` gives None for a query pyoxigraph refuses, a binding it cannot
    hold, or another kind of query: rdflib answers those (``airoles_kg.shacl.validate._parsed_once`` asks
    this first).
    """

    def __init__(self, data: Graph, store: ox.Store) -> None:
        self.data = data
        self.store = store
        self._join_is_prebinding: dict[tuple[str, frozenset[str]], bool] = {}
        self._literals: _Literals | None = None  # the data graph's literals, read on first use

    @classmethod
    def of(cls, data: Graph, shapes: Graph, store: ox.Store | None) -> StoreAnswers | None:
        """The answers of ``store`` (holding ``data``) for pyshacl validating ``data`` against ``shapes``;
        None without a store, or when the shapes have rules (pyshacl would add triples to the data graph,
        which the store would not see) or SHACL functions (pyshacl registers them with rdflib, pyoxigraph
        knows them not)."""
        if store is None or (None, SH.rule, None) in shapes:
            return None
        if any((None, RDF.type, kind) in shapes for kind in (SH.SPARQLFunction, SH.Function)):
            return None
        return cls(data, store)

    def answer(self, text: str, bindings: dict[str, Node]) -> Result | None:
        """``text`` with ``bindings`` pre-bound, answered by the store (see the class docstring), or None."""
        key = (text, frozenset(map(str, bindings)))
        usable = self._join_is_prebinding.get(key)
        if usable is None:
            usable = self._join_is_prebinding[key] = bound_at_top(*key)
        if not usable:
            return None
        if self._literals is None:
            self._literals = _Literals.of(self.data)
        return _answer(self.store, text, bindings, self._literals)


@dataclass
class _Literals:
    """The data graph's literals, and how to name them from what pyoxigraph's store gives back.

    pyoxigraph stores the literals of XSD value types by value: ``"4"^^xsd:positiveInteger`` reads back as
    ``"4"^^xsd:integer``, ``"01"^^xsd:integer`` as ``"1"``, ``"1.50"^^xsd:decimal`` as ``"1.5"``. A result
    must name the data's own literal: ``restore`` maps each such read-back form to the one literal of the
    data it stands for; ``ambiguous`` are the forms that stand for several (the data has ``"4"^^xsd:integer``
    and ``"4"^^xsd:positiveInteger``): rdflib answers those queries."""

    known: set[Node]
    restore: dict[Node, Node]
    ambiguous: set[Node]

    @classmethod
    def of(cls, data: Graph) -> _Literals:
        """The literals of ``data``, each XSD-typed one written into a scratch store and read back."""
        indexed = indexed_store(data)
        objects = indexed.objects() if indexed is not None else set(data.objects())
        known: set[Node] = {o for o in objects if isinstance(o, Literal)}
        typed = sorted(
            (o for o in known if o.datatype is not None and str(o.datatype).startswith(_XSD_NS)),  # type: ignore[attr-defined]
            key=repr,
        )
        scratch = ox.Store()
        predicate = ox.NamedNode("urn:airoles:literal")
        scratch.extend(
            ox.Quad(ox.NamedNode(f"urn:airoles:literal:{i}"), predicate, to_oxigraph(literal))
            for i, literal in enumerate(typed)
        )
        stands_for: dict[Node, list[Node]] = {}
        for quad in scratch:
            original = typed[int(quad.subject.value.rsplit(":", 1)[1])]
            read_back = to_rdflib(quad.object)
            if read_back != original:
                stands_for.setdefault(read_back, []).append(original)
        restore: dict[Node, Node] = {}
        ambiguous: set[Node] = set()
        for read_back, originals in stands_for.items():
            if len(originals) == 1 and read_back not in known:
                restore[read_back] = originals[0]
            else:
                ambiguous.add(read_back)
        return cls(known, restore, ambiguous)

    def name(self, literal: Node) -> Node | None:
        """The data's literal that ``literal`` (read from the store) stands for; None when it stands for
        several, or for none (a literal the query computed)."""
        if literal in self.ambiguous:
            return None
        literal = self.restore.get(literal, literal)
        return literal if literal in self.known else None


def _answer(store: ox.Store, text: str, bindings: dict[str, Node], literals: _Literals) -> Result | None:
    """``text`` with ``bindings`` substituted, evaluated by pyoxigraph, as an rdflib result; None when
    pyoxigraph cannot run it (rdflib then does): RuntimeError, for one, when a bound variable is not in the
    SELECT's projection (SEP-0007 substitutes only projected variables; rdflib binds any).

    None too when a solution holds a literal that does not name one of the data graph's ``literals`` (see
    :class:`_Literals`): a literal the query computed (whose form rdflib may write otherwise) or one that
    stands for several: rdflib, which is exact, answers."""
    try:
        substitutions = {ox.Variable(str(name)): to_oxigraph(value) for name, value in bindings.items()}
        answer = store.query(text, substitutions=substitutions)  # type: ignore[arg-type]
    except (SyntaxError, OSError, ValueError, TypeError, RuntimeError):
        return None
    if isinstance(answer, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(answer)
        return out
    if not isinstance(answer, ox.QuerySolutions):
        return None  # CONSTRUCT / DESCRIBE: rdflib's own result graph
    names = [v.value for v in answer.variables]
    variables = [Variable(name) for name in names]
    rows = []
    for solution in answer:
        row = {}
        for variable, name in zip(variables, names, strict=True):
            term = solution[name]
            if term is not None:
                node = to_rdflib(term)
                if type(term) is ox.Literal:
                    named = literals.name(node)
                    if named is None:
                        return None
                    node = named
                row[variable] = node
        rows.append(row)
    out = Result("SELECT")
    out.vars = variables
    out.bindings = rows  # type: ignore[assignment] # rdflib types its terms as Identifier, ours as Node
    return out
