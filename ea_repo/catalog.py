"""Reading the shipped reference data: ontology (metamodel + vocabularies) and catalogue."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

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


#: The kommune register and its numbering history: most of the catalogue's triples, and nothing the rules'
#: look-ups of components, partners, standards, requirements and gap profiles need.
REGISTER_FILES = ("kommuner.ttl", "kommune-history.ttl", "renumbering.ttl")


@cache
def core_graph() -> Graph:
    """The catalogue without the kommune register (REGISTER_FILES): what the graph analyses read about
    components, partners, data objects, vocabularies, requirements and gap profiles, parsed in a fifth of
    the time of the whole catalogue (do not mutate)."""
    g = _bind(Graph())
    for f in catalog_files():
        if f.name not in REGISTER_FILES:
            g.parse(f, format="turtle")
    return g


@cache
def catalog_graph() -> Graph:
    """Ontology + catalogue as one rdflib graph (parsed once per process; do not mutate)."""
    g = _bind(Graph())
    for f in catalog_files():
        g.parse(f, format="turtle")
    return g


def catalog_ntriples() -> bytes:
    """The catalogue graph as N-Triples (sorted lines), from the compiled reference data (ea_repo/compiled.py):
    a pyoxigraph store bulk-loads it in milliseconds, where parsing the Turtle takes a second."""
    from . import compiled

    return compiled.entry("catalog.nt", lambda: compiled.sorted_ntriples(catalog_graph()))


def _build_lookups() -> dict:
    g = catalog_graph()
    schemes: dict[str, dict[str, str]] = {}
    vocab = "https://w3id.org/ea-repo/vocab/"
    for concept in g.subjects(RDF.type, SKOS.Concept):
        c = str(concept)
        if c.startswith(vocab) and "/" in c[len(vocab):]:
            scheme = c[len(vocab):].split("/", 1)[0]
            schemes.setdefault(scheme, {})[str(g.value(concept, SKOS.notation))] = c
    ids = {name: {str(g.value(s, EA.id) or str(s).rsplit("/", 1)[-1]): str(s) for s in g.subjects(RDF.type, cls)}
           for name, cls in (("component", EA.NationalComponent), ("partner", EA.ExternalSystem),
                             ("standard", EA.Standard))}
    kommuner = {}
    for k in g.subjects(RDF.type, EA.Kommune):
        code = g.value(k, SKOS.notation)
        if code is not None:
            kommuner[str(code)] = str(g.value(k, EA.name) or code)
    notations = {str(s): str(o) for s, o in g.subject_objects(SKOS.notation)}
    notations.update({str(s): str(o) for s, o in g.subject_objects(EA.id)})
    labels = {lang: {str(s): label(g, s, lang) for s in set(g.subjects()) if isinstance(s, URIRef)} for lang in ("nb", "en")}
    names: dict[str, list] = {}  # IRI -> every (label, language) an inventory may write for it, preferred first
    for p in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for s, o in g.subject_objects(p):
            if isinstance(s, URIRef) and getattr(o, "language", None) in ("nb", "en"):
                names.setdefault(str(s), []).append([str(o), o.language])
    declared = g.value(URIRef("https://w3id.org/ea-repo/catalog"), URIRef("http://purl.org/dc/terms/hasVersion"))
    return {"schemes": schemes, "ids": ids, "kommuner": kommuner, "notations": notations, "labels": labels,
            "names": names, "declared_version": str(declared) if declared is not None else None}


@cache
def lookups() -> dict:
    """What commands look up in the catalogue without needing the graph (compiled once, cached by digest):
    scheme notations, component/partner/standard ids, kommuner, IRI -> notation, IRI -> label per language."""
    from . import compiled

    return compiled.json_entry("catalog-lookups.json", _build_lookups)


@cache
def catalog_version() -> str:
    """The catalogue's declared version plus a short digest of its files, so a report can be traced."""
    h = hashlib.sha256()
    for f in catalog_files():
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return f"{lookups()['declared_version'] or 'unversioned'}+{h.hexdigest()[:12]}"


@cache
def scheme_notations(scheme_local: str) -> dict[str, URIRef]:
    """Allowed inventory values of one vocabulary scheme (e.g. 'lifecycle'): notation -> concept IRI."""
    return {k: URIRef(v) for k, v in sorted(lookups()["schemes"].get(scheme_local, {}).items())}


@cache
def component_ids() -> dict[str, URIRef]:
    return {k: URIRef(v) for k, v in lookups()["ids"]["component"].items()}


@cache
def partner_ids() -> dict[str, URIRef]:
    """Ids of the external partners' systems (catalog/partners.ttl), written partner:<id> in inventories."""
    return {k: URIRef(v) for k, v in lookups()["ids"]["partner"].items()}


@cache
def standard_ids() -> dict[str, URIRef]:
    return {k: URIRef(v) for k, v in lookups()["ids"]["standard"].items()}


@cache
def kommuner() -> dict[str, str]:
    """Kommunenummer -> name of every kommune valid now in the catalogue."""
    return dict(sorted(lookups()["kommuner"].items()))


def catalog_label(iri: str, lang: str = "nb") -> str:
    """label() of a catalogue node without the graph (the compiled look-up); the IRI tail when unknown."""
    return lookups()["labels"].get(lang, {}).get(str(iri)) or str(iri).rsplit("/", 1)[-1]


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


ENTRY_KINDS = {"components": "NationalComponent", "partners": "ExternalSystem", "standards": "Standard",
               "requirements": "Requirement"}  # the ea: class of each kind
_ID_PREFIX = {"partners": "partner:"}  # how an inventory refers to the entry


def entries(kind: str, lang: str = "nb") -> list[dict]:
    """The catalogue's components, partners, standards or requirements as rows (`ea-repo catalog KIND --json`)."""
    from .namespaces import DCT

    g = catalog_graph()
    out = []
    for s in sorted(g.subjects(RDF.type, EA[ENTRY_KINDS[kind]])):
        row = {"id": _ID_PREFIX.get(kind, "") + str(g.value(s, EA.id) or str(s).rsplit("/", 1)[-1]),
               "name": label(g, s, lang)}
        org = g.value(s, EA.ownedBy)
        owner = label(g, org, lang) if org is not None else g.value(s, EA.owningOrganisation)
        if owner is not None:
            row["owner"] = str(owner)
        party = g.value(org, EA.party) if org is not None else None
        if party is not None:
            row["party"] = str(party).rsplit("/", 1)[-1]
        for key, p in (("status", EA.status), ("level", EA.levelKommune)):
            v = g.value(s, p)
            if v is not None:
                row[key] = str(v).rsplit("/", 1)[-1]
        for key, p in (("legal_basis", EA.legalBasis), ("retirement", EA.retirementDate), ("source", DCT.source)):
            v = g.value(s, p)
            if v is not None:
                row[key] = str(v)
        out.append(row)
    return out
