"""Reading the shipped reference data: ontology (metamodel + vocabularies) and catalogue."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from . import paths
from .namespaces import EA, PREFIXES


def _ttl_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ttl"))


def catalog_files() -> list[Path]:
    """Every Turtle file the catalogue graph is built from (ontology first), in a fixed order."""
    return _ttl_files(paths.ontology_dir()) + _ttl_files(paths.catalog_dir())


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


@cache
def catalog_graph() -> Graph:
    """Ontology + catalogue as one rdflib graph (parsed once per process; do not mutate)."""
    g = _bind(Graph())
    for f in catalog_files():
        g.parse(f, format="turtle")
    return g


@cache
def catalog_version() -> str:
    """The catalogue's declared version plus a short digest of its files, so a report can be traced."""
    h = hashlib.sha256()
    for f in catalog_files():
        h.update(f.name.encode())
        h.update(f.read_bytes())
    g = catalog_graph()
    declared = g.value(URIRef("https://w3id.org/ea-repo/catalog"), URIRef("http://purl.org/dc/terms/hasVersion"))
    return f"{declared or 'unversioned'}+{h.hexdigest()[:12]}"


@cache
def scheme_notations(scheme_local: str) -> dict[str, URIRef]:
    """Allowed inventory values of one vocabulary scheme (e.g. 'lifecycle'): notation -> concept IRI."""
    g = catalog_graph()
    prefix = f"https://w3id.org/ea-repo/vocab/{scheme_local}/"
    out: dict[str, URIRef] = {}
    for concept in g.subjects(RDF.type, SKOS.Concept):
        if str(concept).startswith(prefix):
            out[str(g.value(concept, SKOS.notation))] = concept
    return dict(sorted(out.items()))


def _ids_of(cls: URIRef) -> dict[str, URIRef]:
    g = catalog_graph()
    return {str(g.value(s, EA.id) or str(s).rsplit("/", 1)[-1]): s for s in g.subjects(RDF.type, cls)}


@cache
def component_ids() -> dict[str, URIRef]:
    return _ids_of(EA.NationalComponent)


@cache
def partner_ids() -> dict[str, URIRef]:
    """Ids of the external partners' systems (catalog/partners.ttl), written partner:<id> in inventories."""
    return _ids_of(EA.ExternalSystem)


@cache
def standard_ids() -> dict[str, URIRef]:
    return _ids_of(EA.Standard)


@cache
def kommuner() -> dict[str, str]:
    """Kommunenummer -> name of every kommune valid now in the catalogue."""
    g = catalog_graph()
    out = {}
    for k in g.subjects(RDF.type, EA.Kommune):
        code = g.value(k, SKOS.notation)
        if code is not None:
            out[str(code)] = str(g.value(k, EA.name) or code)
    return dict(sorted(out.items()))


def label(g: Graph, node, lang: str = "nb") -> str:
    """A human label for a node: ea:name, else rdfs:label/skos:prefLabel in the language, else the IRI tail."""
    for p in (EA.name, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), SKOS.prefLabel,
              URIRef("http://purl.org/dc/terms/title")):
        vals = list(g.objects(node, p))
        if vals:
            for v in vals:
                if isinstance(v, Literal) and v.language == lang:
                    return str(v)
            return str(vals[0])
    return str(node).rsplit("/", 1)[-1]
