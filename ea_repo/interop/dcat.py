"""DCAT-AP-NO (2.x) export of a kommune's interfaces (dcat:DataService) and shared data objects
(dcat:Dataset), in one dcat:Catalog published by the kommune, for the national data catalogue.

Mandatory fields written (DCAT-AP-NO 2.0 SHACL, data.norge.no): Catalog – dct:title, dct:description,
dct:identifier, dct:publisher; DataService – dct:title, dct:identifier, dcat:endpointURL (+ dct:publisher);
Dataset – dct:title, dct:description, dct:identifier, dct:publisher, dcat:theme; the publisher
(foaf:Agent) – foaf:name.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, SKOS

from .. import catalog
from ..namespaces import DCT, EA, ID, kommune

THEME = URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")


def _names(g: Graph, node) -> list[Literal]:
    return list(g.objects(node, EA.name)) or [
        Literal(str(g.value(node, EA.id) or str(node).rsplit("/", 1)[-1]))
    ]


def shared_data_objects(g: Graph) -> dict:
    """Data objects linked by relationships to two or more systems, or to an interface or integration."""
    out = {}
    for d in g.subjects(RDF.type, EA.DataObject):
        ends = set()
        for r in [*g.subjects(EA.source, d), *g.subjects(EA.target, d)]:
            other = g.value(r, EA.target) if g.value(r, EA.source) == d else g.value(r, EA.source)
            ends.add(other)
        systems = {e for e in ends if (e, RDF.type, EA.System) in g}
        if len(systems) >= 2 or any(
            (e, RDF.type, t) in g for e in ends for t in (EA.Interface, EA.Integration)
        ):
            out[d] = sorted(systems)
    return out


def build_dcat(g: Graph, k: str) -> tuple[Graph, list[str]]:
    name = catalog.kommuner().get(k, k)
    out = Graph()
    for p, ns in (("dcat", DCAT), ("dct", DCT), ("foaf", FOAF), ("skos", SKOS), ("theme", DATA_THEME)):
        out.bind(p, ns)
    pub = kommune(k)
    out.add((pub, RDF.type, FOAF.Agent))
    out.add((pub, FOAF.name, Literal(f"{name} kommune", lang="nb")))
    out.add((pub, DCT.identifier, Literal(k)))
    cat = ID[f"{k}/dcat/catalog"]
    out.add((cat, RDF.type, DCAT.Catalog))
    out.add((cat, DCT.identifier, Literal(str(cat))))
    out.add((cat, DCT.title, Literal(f"Datatjenester og datasett i {name} kommune", lang="nb")))
    out.add((cat, DCT.title, Literal(f"Data services and datasets of {name} municipality", lang="en")))
    out.add(
        (
            cat,
            DCT.description,
            Literal(
                f"Grensesnitt (API-er og filutvekslinger) og delte informasjonsobjekter i {name} kommunes systemportefølje, "
                "eksportert fra ea-repo.",
                lang="nb",
            ),
        )
    )
    out.add((cat, DCT.publisher, pub))
    skipped = []
    for iface in sorted(g.subjects(RDF.type, EA.Interface)):
        url = g.value(iface, EA.url)
        if url is None:
            skipped.append(str(g.value(iface, EA.id)))
            continue
        out.add((cat, DCAT.service, iface))
        out.add((iface, RDF.type, DCAT.DataService))
        out.add((iface, DCT.identifier, Literal(str(iface))))
        for n in _names(g, iface):
            out.add((iface, DCT.title, n))
        for d in g.objects(iface, EA.description):
            out.add((iface, DCT.description, d))
        out.add((iface, DCAT.endpointURL, URIRef(str(url))))
        out.add((iface, DCT.publisher, pub))
    for d, systems in shared_data_objects(g).items():
        out.add((cat, DCAT.dataset, d))
        out.add((d, RDF.type, DCAT.Dataset))
        out.add((d, DCT.identifier, Literal(str(d))))
        for n in _names(g, d):
            out.add((d, DCT.title, n))
        descs = list(g.objects(d, EA.description))
        if not descs:
            users = ", ".join(str(g.value(s, EA.id)) for s in systems) or "integrasjoner"
            descs = [
                Literal(
                    f"Informasjonsobjektet {_names(g, d)[0]}, delt mellom {users} i {name} kommune.",
                    lang="nb",
                )
            ]
        for x in descs:
            out.add((d, DCT.description, x))
        out.add((d, DCT.publisher, pub))
        out.add((d, DCAT.theme, THEME))
    if (None, DCAT.theme, THEME) in out:
        out.add((THEME, RDF.type, SKOS.Concept))
        out.add((THEME, SKOS.prefLabel, Literal("Forvaltning og offentlig sektor", lang="nb")))
        out.add((THEME, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
    return out, skipped


def write_dcat(g: Graph, k: str) -> str:
    out, skipped = build_dcat(g, k)
    head = "# DCAT-AP-NO export from ea-repo.\n"
    if skipped:
        head += (
            "# Interfaces left out because they have no url (dcat:endpointURL is mandatory): "
            + ", ".join(skipped)
            + "\n"
        )
    return head + out.serialize(format="turtle")
