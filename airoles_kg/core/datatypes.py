"""Literal checks against OWL 2 datatypes: what makes HermiT refuse a graph or find it inconsistent.

* a datatype outside the OWL 2 datatype map (``xsd:gYear``, ``xsd:date``...) on a data property: HermiT
  refuses the whole graph;
* an ill-typed literal (``"abc"^^xsd:decimal``): inconsistent;
* a value outside the property's range (``"45000"`` — a string — for an ``xsd:decimal``, ``0`` for an
  ``xsd:positiveInteger``, ``"EUR"@fr`` for an ``xsd:string``): inconsistent.

Values are compared as OWL 2 does: by value space (``1.0`` is a positive integer), ``xsd:double`` and
``xsd:float`` apart from the decimals, a language-tagged string is not an ``xsd:string``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

# Integer types with their (min, max) bounds (None: unbounded).
_INTEGERS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.integer: (None, None),
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-128, 127),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 255),
}
_EXACT_NUMBERS = {XSD.decimal, OWL.real, OWL.rational, *_INTEGERS}
_STRINGS = {XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN}
OWL2_DATATYPES = {
    *_EXACT_NUMBERS,
    *_STRINGS,
    XSD.double,
    XSD.float,
    XSD.boolean,
    XSD.hexBinary,
    XSD.base64Binary,
    XSD.anyURI,
    XSD.dateTime,
    XSD.dateTimeStamp,
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    RDF.langString,
    RDFS.Literal,
}


_SHORT = {str(XSD): "xsd:", str(RDF): "rdf:", str(RDFS): "rdfs:", str(OWL): "owl:"}


def short(datatype: URIRef) -> str:
    """``xsd:decimal`` rather than the full IRI."""
    for ns, prefix in _SHORT.items():
        if datatype.startswith(ns):
            return prefix + datatype[len(ns) :]
    return f"<{datatype}>"


def render(literal: Literal) -> str:
    """The literal as Turtle, its lexical form as rdflib read it (``"45000.0"^^xsd:double``)."""
    text = '"' + str(literal).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if literal.language:
        return f"{text}@{literal.language}"
    dt = datatype_of(literal)
    return text if dt == XSD.string else f"{text}^^{short(dt)}"


def datatype_of(literal: Literal) -> URIRef:
    """The literal's datatype in RDF 1.1 terms (plain → xsd:string, language-tagged → rdf:langString)."""
    if literal.datatype is not None:
        return URIRef(literal.datatype)
    return RDF.langString if literal.language else XSD.string


def _exact_value(literal: Literal) -> Decimal | None:
    try:
        return Decimal(str(literal).strip())
    except InvalidOperation:
        return None


def unusable(literal: Literal, data_property: bool) -> str | None:
    """Why the reasoner cannot read ``literal`` at all (ill-typed; or, as the value of a data property, a
    datatype outside OWL 2), in words; None when it can."""
    dt = datatype_of(literal)
    if literal.ill_typed:
        return f"{str(literal)!r} is not a valid {short(dt)}"
    if data_property and dt not in OWL2_DATATYPES:
        return f"{short(dt)} is not an OWL 2 datatype, so the reasoner cannot use this value"
    return None


def range_problem(literal: Literal, datatype_range: URIRef) -> str | None:
    """Why ``literal`` is outside ``datatype_range`` (a data property range), in words; None if it fits."""
    dt = datatype_of(literal)
    if datatype_range == RDFS.Literal or datatype_range not in OWL2_DATATYPES or dt not in OWL2_DATATYPES:
        return None
    wanted = short(datatype_range)
    if datatype_range in _EXACT_NUMBERS:
        value = _exact_value(literal) if dt in _EXACT_NUMBERS else None
        if value is None:
            return f"the range is {wanted} (a number written as one), and {short(dt)} is not"
        low, high = _INTEGERS.get(datatype_range, (None, None))
        if datatype_range in _INTEGERS and value != value.to_integral_value():
            return f"the range is {wanted}, and {value} is not a whole number"
        if (low is not None and value < low) or (high is not None and value > high):
            return f"the range is {wanted}, and {value} is out of it"
        return None
    if datatype_range in _STRINGS:
        if dt == RDF.langString:
            return f"the range is {wanted}, and a text with a language tag (@{literal.language}) is not one"
        return None if dt in _STRINGS else f"the range is {wanted}, and {short(dt)} is not"
    if datatype_range == RDF.PlainLiteral:
        return (
            None
            if dt in _STRINGS or dt == RDF.langString
            else f"the range is {wanted}, and {short(dt)} is not"
        )
    return None if dt == datatype_range else f"the range is {wanted}, and {short(dt)} is not"
