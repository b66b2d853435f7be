"""What the graph says about any one node of the knowledge base, for a page of its own: a skill, a sector,
an employer, an organisation model, a degree, a source...

A role has its own, richer profile (:mod:`airoles_kg.profiles.profile`); every other node gets a
:class:`NodeView`: its names and texts, its kinds, its links to other nodes in both directions, and the
roles it concerns. Roles are reached directly (a team's member roles) or through the fact nodes that tie a
role to it (a skill requirement ties a role to a skill, a sector opportunity a role to a sector, a hiring
record a role to an employer), and each such role keeps the fact's qualifiers (*essential*, *optional*...).
Links are read with direct triple look-ups in both directions, so the asserted and the inferred graph give
the same view (inverse links are merged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import OWL, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from airoles_kg.core.namespaces import AIROLES, ESCO_BASE, ROLE
from airoles_kg.core.search import kind_of
from airoles_kg.profiles.literals import Text, Texts, text_of, texts_of
from airoles_kg.profiles.model import Provenance, Term
from airoles_kg.profiles.reader import MATCH_PROPERTIES, _Reader

# Nodes that state a fact about a role and something else (the "something else" gets the role through them).
FACT_KINDS = frozenset(
    {
        "requirement",
        "opportunity",
        "hiring",
        "education",
        "salary",
        "transition",
        "mission",
        "statistic",
        "consideration",
        "assessment",
    }
)
# Shown elsewhere on the page (names, texts, provenance) or not worth a line.
_SKIPPED = frozenset(
    {
        RDF.type,
        RDFS.label,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.definition,
        SKOS.scopeNote,
        SKOS.note,
        RDFS.comment,
        DCTERMS.description,
        PROV.wasDerivedFrom,
        AIROLES.excerpt,
        SKOS.inScheme,
        RDFS.isDefinedBy,
        *MATCH_PROPERTIES,
    }
)
_GENERIC_TYPES = frozenset({OWL.NamedIndividual, SKOS.Concept, OWL.Thing, RDFS.Resource})


@dataclass(frozen=True)
class Link:
    """One neighbour of the node: through ``prop`` (``forward``: node -> neighbour), with its kind."""

    prop: Term
    node: Term
    forward: bool
    kind: str | None


@dataclass(frozen=True)
class RoleLink:
    """A role the node concerns, through ``via`` (a fact node, or None for a direct link), with the fact's
    qualifiers (its other links, such as an importance or an experience level)."""

    role: Term
    via: Term | None
    via_kind: str | None
    qualifiers: tuple[Term, ...] = ()


@dataclass
class NodeView:
    """Everything the graph says about one node, ready to show."""

    iri: URIRef
    kind: str | None  # the knowledge-base kind of its IRI (skill, sector...), None outside the KB
    labels: Text = field(default_factory=dict)
    alt_labels: Texts = field(default_factory=dict)
    definitions: Text = field(default_factory=dict)
    notes: Texts = field(default_factory=dict)
    types: list[Term] = field(default_factory=list)
    values: list[tuple[Term, Texts]] = field(default_factory=list)  # its other literal values, by language
    links: list[Link] = field(default_factory=list)
    roles: list[RoleLink] = field(default_factory=list)
    esco: list[tuple[Term, str]] = field(default_factory=list)  # (mapping property, ESCO concept IRI)
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def known(self) -> bool:
        """Whether the graph says anything of the node."""
        return bool(self.labels or self.types or self.links or self.values)

    def label(self, lang: str = "fr") -> str:
        """The label in ``lang`` (else another language, else the IRI)."""
        return Term(self.iri, self.labels).label(lang)


def node_view(graph: Graph, iri: URIRef) -> NodeView:
    """The :class:`NodeView` of ``iri`` in ``graph`` (an empty view when the graph does not know it)."""
    reader = _Reader(graph)
    role_types = reader.role_classes | {ROLE}
    view = NodeView(
        iri=iri,
        kind=kind_of(str(iri)),
        labels=text_of(graph, iri, SKOS.prefLabel, RDFS.label, DCTERMS.title),
        alt_labels=texts_of(graph, iri, SKOS.altLabel),
        definitions=text_of(graph, iri, SKOS.definition, DCTERMS.description, RDFS.comment),
        notes=texts_of(graph, iri, SKOS.scopeNote, SKOS.note),
        provenance=reader.provenance(iri),
    )
    view.types = reader.terms([t for t in graph.objects(iri, RDF.type) if t not in _GENERIC_TYPES])
    values: dict[URIRef, Texts] = {}
    links: dict[tuple[URIRef, bool, URIRef], Link] = {}
    for prop, value in graph.predicate_objects(iri):
        if (
            prop in MATCH_PROPERTIES
            and isinstance(prop, URIRef)
            and isinstance(value, URIRef)
            and str(value).startswith(ESCO_BASE)
        ):
            view.esco.append((_prop(graph, reader, prop), str(value)))
        if prop in _SKIPPED or not isinstance(prop, URIRef):
            continue
        if isinstance(value, Literal):
            bucket = values.setdefault(prop, {}).setdefault(value.language or "", [])
            if str(value) not in bucket:
                bucket.append(str(value))
        elif isinstance(value, URIRef):
            links[(prop, True, value)] = Link(
                _prop(graph, reader, prop), reader.term(value), True, kind_of(str(value))
            )
    for subject, prop in graph.subject_predicates(iri):
        if prop in _SKIPPED or not isinstance(subject, URIRef) or not isinstance(prop, URIRef):
            continue
        links[(prop, False, subject)] = Link(
            _prop(graph, reader, prop), reader.term(subject), False, kind_of(str(subject))
        )
    view.values = [
        (_prop(graph, reader, p), {lang: sorted(v) for lang, v in sorted(texts.items())})
        for p, texts in sorted(values.items())
    ]
    view.links = _without_inverses(graph, list(links.values()))
    view.links.sort(
        key=lambda link: (not link.forward, *reader.sort_key(link.prop), *reader.sort_key(link.node))
    )
    view.esco.sort(key=lambda pair: (str(pair[0].iri), pair[1]))
    view.roles = _roles(graph, reader, iri, view.links, role_types)
    return view


def _prop(graph: Graph, reader: _Reader, prop: URIRef) -> Term:
    """A property as a Term; one of another vocabulary without a label is named by its CURIE."""
    term = reader.term(prop)
    return term if term.labels else Term(prop, {"": graph.namespace_manager.normalizeUri(prop)})


def _without_inverses(graph: Graph, links: list[Link]) -> list[Link]:
    """Drop a backward link when the same neighbour is also linked forward by the inverse property (the
    inferred graph holds both ``requirementOf`` and ``hasSkillRequirement``)."""
    forward = {(link.node.iri, link.prop.iri) for link in links if link.forward}
    kept = []
    for link in links:
        if not link.forward:
            inverses = set(graph.objects(link.prop.iri, OWL.inverseOf)) | set(
                graph.subjects(OWL.inverseOf, link.prop.iri)
            )
            if any((link.node.iri, inverse) in forward for inverse in inverses):
                continue
        kept.append(link)
    return kept


def _is_role(graph: Graph, node: Node, role_types: set[URIRef]) -> bool:
    return any(t in role_types for t in graph.objects(node, RDF.type))


def _roles(
    graph: Graph, reader: _Reader, iri: URIRef, links: list[Link], role_types: set[URIRef]
) -> list[RoleLink]:
    """The roles ``iri`` concerns: linked directly, or through a fact node linked to it."""
    found: dict[tuple[URIRef, URIRef | None], RoleLink] = {}
    for link in links:
        node = link.node.iri
        if _is_role(graph, node, role_types):
            found.setdefault((node, None), RoleLink(link.node, None, None))
        elif link.kind in FACT_KINDS:
            neighbours = {o for o in graph.objects(node, None) if isinstance(o, URIRef)}
            neighbours |= {s for s in graph.subjects(None, node) if isinstance(s, URIRef)}
            roles = [n for n in neighbours if n != iri and _is_role(graph, n, role_types)]
            qualifiers = tuple(
                reader.terms(
                    [
                        o
                        for p, o in graph.predicate_objects(node)
                        if isinstance(o, URIRef)
                        and p not in _SKIPPED
                        and o != iri
                        and o not in roles
                        and kind_of(str(o)) is None  # a concept of the vocabulary: Essential, Confirmed...
                        and not str(o).startswith(ESCO_BASE)
                    ]
                )
            )
            for role in roles:
                found.setdefault((role, node), RoleLink(reader.term(role), link.node, link.kind, qualifiers))
    through_facts = {role for role, via in found if via is not None}
    # A role tied through a fact is not listed again for a shortcut link (an inferred "uses the skill").
    found = {key: value for key, value in found.items() if key[1] is not None or key[0] not in through_facts}
    return sorted(
        found.values(),
        key=lambda r: (*reader.sort_key(r.role), r.via_kind or "", str(r.via.iri) if r.via else ""),
    )
