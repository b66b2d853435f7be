"""HTML documentation of the ontology: one self-contained page (inline CSS, no scripts, no remote files).

Every class, object property, datatype property, annotation property and vocabulary individual of the
``airoles:`` namespace, with its labels (fr, en), definitions, alternative labels, superclasses and
subclasses, equivalent classes and disjointness, domain and range, inverse, characteristics (functional,
transitive, ...), property chains and super-properties — all read from the graph, sorted, so the page is
reproducible. (pyLODE 3.4.1 would do this but fails at import time: its wheel lacks the ``pyproject.toml``
that ``pylode/version.py`` reads, RDFLib/pyLODE#260, fixed upstream but unreleased.)
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from airoles_kg.core.namespaces import AIROLES, ID_BASE, VANN

SECTIONS: tuple[tuple[str, str, tuple[URIRef, ...]], ...] = (
    ("classes", "Classes", (OWL.Class,)),
    ("object-properties", "Object properties", (OWL.ObjectProperty,)),
    ("datatype-properties", "Datatype properties", (OWL.DatatypeProperty,)),
    ("annotation-properties", "Annotation properties", (OWL.AnnotationProperty,)),
    ("individuals", "Vocabulary individuals", (OWL.NamedIndividual,)),
)
CHARACTERISTICS: tuple[tuple[URIRef, str], ...] = (
    (OWL.FunctionalProperty, "functional"),
    (OWL.InverseFunctionalProperty, "inverse functional"),
    (OWL.TransitiveProperty, "transitive"),
    (OWL.SymmetricProperty, "symmetric"),
    (OWL.AsymmetricProperty, "asymmetric"),
    (OWL.ReflexiveProperty, "reflexive"),
    (OWL.IrreflexiveProperty, "irreflexive"),
)
LANGS = ("fr", "en")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.7rem}h2{border-bottom:2px solid #ddd;margin-top:2.5rem}
section.term{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
section.term h3{margin:.2rem 0 .4rem;font-size:1.15rem}
code,.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.iri{color:#555;word-break:break-all}
dl{display:grid;grid-template-columns:11rem 1fr;gap:.25rem .8rem;margin:.4rem 0}
dt{font-weight:600;color:#444}dd{margin:0}
ul.index{columns:3;padding-left:1.2rem}ul.index li{break-inside:avoid}
nav a{margin-right:1rem}.lang{color:#888;font-size:.8em}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
""".strip()


class _Doc:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.nm = graph.namespace_manager

    # -- names ---------------------------------------------------------------------------------------------

    def is_ours(self, node: Node) -> bool:
        return (
            isinstance(node, URIRef)
            and str(node).startswith(str(AIROLES))
            and not str(node).startswith(ID_BASE)
            and str(node) != str(AIROLES)
        )

    def curie(self, node: URIRef) -> str:
        try:
            return self.nm.normalizeUri(node).strip("<>")
        except Exception:  # an IRI rdflib cannot split
            return str(node)

    def anchor(self, node: URIRef) -> str:
        return str(node)[len(str(AIROLES)) :] if self.is_ours(node) else ""

    def label(self, node: Node, lang: str = "en") -> str:
        for prop in (SKOS.prefLabel, RDFS.label):
            values = sorted(v for v in self.g.objects(node, prop) if isinstance(v, Literal))
            for wanted in (lang, "en", "fr", None):
                for v in values:
                    if wanted is None or v.language == wanted:
                        return str(v)
        return self.curie(node) if isinstance(node, URIRef) else ""

    def link(self, node: Node) -> str:
        """A node as HTML: a link to its section (ours), to its IRI (external), or a class expression."""
        if isinstance(node, URIRef):
            if self.is_ours(node):
                return f'<a href="#{escape(self.anchor(node))}"><code>{escape(self.curie(node))}</code></a>'
            return f'<a href="{escape(str(node))}"><code>{escape(self.curie(node))}</code></a>'
        if isinstance(node, BNode):
            return self.expression(node)
        return escape(str(node))

    def links(self, nodes: Iterable[Node]) -> str:
        return ", ".join(self.link(n) for n in sorted(set(nodes), key=self._key))

    def _key(self, node: Node) -> tuple[int, str]:
        text = self.curie(node) if isinstance(node, URIRef) else self.expression(node)
        return (isinstance(node, BNode), text)

    # -- class expressions (Manchester-like) --------------------------------------------------------------

    def _members(self, node: Node) -> list[Node]:
        try:
            return list(Collection(self.g, node))
        except Exception:
            return []

    def expression(self, node: Node) -> str:
        g = self.g
        for prop, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
            lst = g.value(node, prop)
            if lst is not None:
                return "(" + word.join(self.link(m) for m in self._members(lst)) + ")"
        lst = g.value(node, OWL.oneOf)
        if lst is not None:
            return "{" + ", ".join(self.link(m) for m in self._members(lst)) + "}"
        inverse = g.value(node, OWL.inverseOf)
        if inverse is not None and (node, RDF.type, OWL.Restriction) not in g:
            return f"inverse ({self.link(inverse)})"
        on = g.value(node, OWL.onProperty)
        if on is not None:
            on_html = self.link(on)
            for key, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only")):
                value = g.value(node, key)
                if value is not None:
                    return f"({on_html} {word} {self.link(value)})"
            value = g.value(node, OWL.hasValue)
            if value is not None:
                return f"({on_html} value {self.link(value)})"
            for key, word in (
                (OWL.minCardinality, "min"),
                (OWL.maxCardinality, "max"),
                (OWL.cardinality, "exactly"),
                (OWL.minQualifiedCardinality, "min"),
                (OWL.maxQualifiedCardinality, "max"),
                (OWL.qualifiedCardinality, "exactly"),
            ):
                value = g.value(node, key)
                if value is not None:
                    on_class = g.value(node, OWL.onClass)
                    suffix = f" {self.link(on_class)}" if on_class is not None else ""
                    return f"({on_html} {word} {escape(str(value))}{suffix})"
        complement = g.value(node, OWL.complementOf)
        if complement is not None:
            return f"not {self.link(complement)}"
        return "<em>anonymous expression</em>"

    # -- a term ----------------------------------------------------------------------------------------

    def texts(self, node: Node, prop: URIRef) -> str:
        values = sorted(
            (v for v in self.g.objects(node, prop) if isinstance(v, Literal)),
            key=lambda v: (LANGS.index(v.language) if v.language in LANGS else 9, str(v)),
        )
        return "<br>".join(
            f'{escape(str(v))} <span class="lang">{escape(v.language or "")}</span>' for v in values
        )

    def term_section(self, node: URIRef) -> str:
        g = self.g
        rows: list[tuple[str, str]] = [("IRI", f'<span class="iri">{escape(str(node))}</span>')]
        for prop, title in (
            (RDFS.label, "Label"),
            (SKOS.altLabel, "Alternative labels"),
            (SKOS.definition, "Definition"),
            (RDFS.comment, "Comment"),
            (SKOS.note, "Note"),
        ):
            text = self.texts(node, prop)
            if text:
                rows.append((title, text))
        types = [t for t in g.objects(node, RDF.type) if t not in (OWL.NamedIndividual,)]
        characteristics = [word for cls, word in CHARACTERISTICS if (node, RDF.type, cls) in g]
        if (node, RDF.type, OWL.NamedIndividual) in g:
            rows.append(("Instance of", self.links(types)))
        if characteristics:
            rows.append(("Characteristics", ", ".join(characteristics)))
        relations: tuple[tuple[URIRef, str, bool], ...] = (
            (RDFS.subClassOf, "Subclass of", False),
            (RDFS.subClassOf, "Superclass of", True),
            (OWL.equivalentClass, "Equivalent to", False),
            (OWL.disjointWith, "Disjoint with", False),
            (RDFS.subPropertyOf, "Sub-property of", False),
            (RDFS.subPropertyOf, "Super-property of", True),
            (OWL.inverseOf, "Inverse of", False),
            (OWL.inverseOf, "Inverse of", True),
            (RDFS.domain, "Domain", False),
            (RDFS.range, "Range", False),
            (SKOS.closeMatch, "Close match", False),
            (SKOS.exactMatch, "Exact match", False),
            (RDFS.seeAlso, "See also", False),
        )
        merged: dict[str, list[Node]] = {}
        for prop, title, backwards in relations:
            values = list(g.subjects(prop, node)) if backwards else list(g.objects(node, prop))
            merged.setdefault(title, []).extend(v for v in values if v != node)
        disjoint = self.all_disjoint(node)
        merged["Disjoint with"] = merged.get("Disjoint with", []) + disjoint
        for title, values in merged.items():
            if values:
                rows.append((title, self.links(values)))
        for chain in g.objects(node, OWL.propertyChainAxiom):
            rows.append(("Property chain", " ∘ ".join(self.link(m) for m in self._members(chain))))
        if (node, RDF.type, OWL.Class) in g:
            members = [i for i in g.subjects(RDF.type, node) if self.is_ours(i)]
            if members:
                rows.append(("Individuals", self.links(members)))
        body = "".join(f"<dt>{escape(t)}</dt><dd>{v}</dd>" for t, v in rows)
        heading = escape(self.label(node, "en"))
        fr = self.label(node, "fr")
        subtitle = f' <span class="lang">— {escape(fr)}</span>' if fr and fr != self.label(node, "en") else ""
        return (
            f'<section class="term" id="{escape(self.anchor(node))}"><h3>{heading}{subtitle} '
            f"<code>{escape(self.curie(node))}</code></h3><dl>{body}</dl></section>"
        )

    def all_disjoint(self, node: URIRef) -> list[Node]:
        """Classes declared pairwise disjoint with ``node`` through owl:AllDisjointClasses."""
        found: list[Node] = []
        for axiom in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            for lst in self.g.objects(axiom, OWL.members):
                members = self._members(lst)
                if node in members:
                    found += [m for m in members if m != node]
        return found

    # -- the page --------------------------------------------------------------------------------------

    def terms_of(self, types: tuple[URIRef, ...]) -> list[URIRef]:
        found = {s for t in types for s in self.g.subjects(RDF.type, t) if self.is_ours(s)}
        return sorted(found, key=lambda n: self.curie(n).casefold())  # type: ignore[arg-type]

    def header(self) -> str:
        g, onto = self.g, URIRef(str(AIROLES))
        rows: list[tuple[str, str]] = [("IRI", f'<span class="iri">{escape(str(onto))}</span>')]
        for prop, title in (
            (DCTERMS.title, "Title"),
            (DCTERMS.description, "Description"),
            (OWL.versionInfo, "Version"),
            (DCTERMS.creator, "Creator"),
            (DCTERMS.created, "Created"),
            (VANN.preferredNamespacePrefix, "Prefix"),
        ):
            text = self.texts(onto, prop)
            if text:
                rows.append((title, text))
        for prop, title in (
            (OWL.versionIRI, "Version IRI"),
            (DCTERMS.license, "License"),
            (RDFS.seeAlso, "See also"),
        ):
            values = list(g.objects(onto, prop))
            if values:
                rows.append((title, self.links(values)))
        return "<dl>" + "".join(f"<dt>{escape(t)}</dt><dd>{v}</dd>" for t, v in rows) + "</dl>"

    def namespaces(self) -> str:
        used = {str(AIROLES)}
        for triple in self.g:
            for term in triple:
                if isinstance(term, URIRef) and self.is_ours(triple[0]):
                    used.add(str(term))
        rows = [
            f'<tr><td><code>{escape(p)}</code></td><td class="iri">{escape(str(ns))}</td></tr>'
            for p, ns in sorted(self.g.namespaces())
            if p and any(iri.startswith(str(ns)) for iri in used) and not str(ns).startswith(ID_BASE)
        ]
        return "<table><tr><th>Prefix</th><th>Namespace</th></tr>" + "".join(rows) + "</table>"

    def page(self) -> str:
        titles = [
            v
            for v in self.g.objects(URIRef(str(AIROLES)), DCTERMS.title)
            if isinstance(v, Literal) and v.language == "en"
        ]
        title = str(titles[0]) if titles else "airoles ontology"
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
            "<nav>"
            + "".join(f'<a href="#{key}">{escape(name)}</a>' for key, name, _ in SECTIONS)
            + '<a href="#namespaces">Namespaces</a></nav>',
            self.header(),
        ]
        sections = [(key, name, self.terms_of(types)) for key, name, types in SECTIONS]
        parts.append('<h2 id="index">Index</h2>')
        for key, name, terms in sections:
            if terms:
                items = "".join(
                    f'<li><a href="#{escape(self.anchor(t))}">{escape(self.label(t, "en"))}</a></li>'
                    for t in terms
                )
                parts.append(
                    f'<h3><a href="#{key}">{escape(name)}</a> ({len(terms)})</h3><ul class="index">'
                    f"{items}</ul>"
                )
        for key, name, terms in sections:
            if terms:
                parts.append(f'<h2 id="{key}">{escape(name)}</h2>')
                parts += [self.term_section(t) for t in terms]
        parts.append('<h2 id="namespaces">Namespaces</h2>' + self.namespaces())
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"


def ontology_html(graph: Graph) -> str:
    """The documentation page of the ``airoles:`` terms found in ``graph``, as one HTML string."""
    return _Doc(graph).page()
