"""One generic function turns a profile into SHACL: one node shape per profile requirement.

Shape IRIs: https://w3id.org/ea-repo/shapes/procure/{profile}/{requirement}; every nested shape is an IRI
under it ({shape}/any, {shape}/all-1, …), so a validation result maps back to its requirement by the IRI of
its sh:sourceShape, on any SHACL engine. Versions matter because the values are catalogue standards, one
IRI per version: sh:in / sh:hasValue over those IRIs never takes TLS 1.0 for TLS 1.2.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from ..namespaces import BASE, DCT, EA, SH
from .profiles import MUST, Profile, ProfileRequirement

SHAPES_BASE = BASE + "shapes/procure/"


def shape_iri(profile_id: str, req_id: str) -> URIRef:
    return URIRef(f"{SHAPES_BASE}{profile_id}/{req_id}")


def _list(g: Graph, items) -> BNode:
    head = BNode()
    Collection(g, head, list(items))
    return head


def _property(g: Graph, iri: URIRef, path: URIRef, severity, **constraints) -> URIRef:
    g.add((iri, RDF.type, SH.PropertyShape))
    g.add((iri, SH.path, path))
    g.add((iri, SH.severity, severity))
    for name, value in constraints.items():
        g.add((iri, SH[name], value))
    return iri


def requirement_shape(g: Graph, profile_id: str, r: ProfileRequirement) -> URIRef:
    """Add the shape of one profile requirement to g; return its IRI."""
    s = shape_iri(profile_id, r.id)
    sev = SH.Violation if r.obligation == MUST else SH.Warning
    parts: list[URIRef] = []
    if r.presence:
        parts.append(_property(g, URIRef(f"{s}/present"), r.prop, sev, minCount=Literal(1)))
    for i, v in enumerate(r.requires, start=1):
        parts.append(_property(g, URIRef(f"{s}/all-{i}"), r.prop, sev, hasValue=v))
    if r.accepts:
        allowed = URIRef(f"{s}/allowed")
        g.add((allowed, RDF.type, SH.NodeShape))
        g.add((allowed, SH["in"], _list(g, r.accepts)))
        parts.append(
            _property(
                g, URIRef(f"{s}/any"), r.prop, sev, qualifiedValueShape=allowed, qualifiedMinCount=Literal(1)
            )
        )
    g.add((s, RDF.type, SH.NodeShape))
    g.add((s, SH.targetClass, EA.VendorSpecification))
    g.add((s, SH.severity, sev))
    g.add((s, DCT.identifier, Literal(r.id)))
    for lang, text in r.title.items():
        g.add((s, DCT.title, Literal(text, lang=lang)))
    if r.requirement is not None:
        g.add((s, EA.enforces, r.requirement))
    if r.applies_unless is None:
        for p in parts:
            g.add((s, SH.property, p))
        return s
    # not applicable when the spec states the condition false; otherwise every part must hold
    na = _property(g, URIRef(f"{s}/not-applicable"), r.applies_unless, sev, hasValue=Literal(False))
    applies = URIRef(f"{s}/applies")
    g.add((applies, RDF.type, SH.NodeShape))
    for p in parts:
        g.add((applies, SH.property, p))
    g.add((s, SH["or"], _list(g, [na, applies])))
    return s


def profile_shapes(profile: Profile) -> Graph:
    """The SHACL shapes graph of a profile (pure: the same profile always gives the same graph)."""
    g = Graph()
    for prefix, ns in (("sh", SH), ("ea", EA), ("dct", DCT), ("rdfs", RDFS)):
        g.bind(prefix, ns)
    g.bind("procure", URIRef(f"{SHAPES_BASE}{profile.id}/"))
    for r in profile.requirements:
        requirement_shape(g, profile.id, r)
    return g


def requirement_for_shape(profile: Profile, shape) -> str | None:
    """The id of the profile requirement a (nested) shape IRI belongs to."""
    text = str(shape)
    prefix = f"{SHAPES_BASE}{profile.id}/"
    if not text.startswith(prefix):
        return None
    rest = text[len(prefix) :]
    ids = {r.id for r in profile.requirements}
    if rest in ids:
        return rest
    head = rest.rsplit("/", 1)[0]
    return head if head in ids else None
