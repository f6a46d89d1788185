"""The architecture graph: one kommune's inventory + the catalogue as a NetworkX graph (the only place
that turns RDF into NetworkX), the views the gap analyses walk (exports for yEd, Gephi and Graphviz: ea_repo/graph_export.py).

Nodes are keyed by IRI and carry ``kind`` (system | interface | integration | component | partner |
dataobject), ``label`` and, by kind, the facts the analyses need (a system's ``category`` is a sorted tuple:
a system may serve several; an integration's ``status`` and ``direction``). Edges carry ``rel``:

    provider  --provides-->  integration  --to-->  consumer
    integration --via--> platform           integration --via-interface--> interface --provided-by--> system
    system --holds--> data object           integration --carries--> data object
    component --part-of--> component
"""

from __future__ import annotations

from datetime import date

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from . import catalog
from .graph_export import EXPORTERS, export, export_graph, to_dot, to_graphml, to_json  # noqa: F401 (re-exported)
from .namespaces import COMPONENT, EA, PARTNER

KINDS = ("system", "interface", "integration", "component", "partner", "dataobject")
ACTIVE = frozenset({"production", "phase-out"})
INACTIVE = frozenset({"planned", "retired"})  # a blank or "unknown" lifecycle is neither: not known
NO_FLOW = frozenset({"planned", "retired"})  # integration status: carries no flow, is no evidence of use
MAYBE_FLOW = frozenset({"unknown"})  # integration status: may carry a flow (like an unknown lifecycle)
BOTH_WAYS = frozenset({"both", "unknown"})  # integration direction: counts for reachability both ways
SYSTEM_FLAGS = ("citizenFacing", "citizenLogin", "sendsToCitizens", "notifiesElectronically", "personalData", "receivesInvoices",
                "archiveRelevant", "integrationPlatform")


def tail(iri) -> str:
    """The notation / id at the end of an IRI: .../vocab/category/sak-arkiv -> sak-arkiv."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _py(value):
    return value.toPython() if isinstance(value, Literal) else value


def _index(g: Graph, subjects: set) -> dict:
    """subject -> {predicate local name -> [values]} for the given subjects, in one pass over the graph."""
    out: dict = {s: {} for s in subjects}
    for s, p, o in g:
        d = out.get(s)
        if d is not None:
            d.setdefault(str(p).rsplit("#", 1)[-1], []).append(o)
    for d in out.values():  # the same order whatever the store's (hash-seeded) iteration order
        for values in d.values():
            values.sort()
    return out


def _one(d: dict, key: str, default=None):
    v = d.get(key)
    return _py(v[0]) if v else default


def _component_attrs(cat: Graph, iri: URIRef) -> dict:
    status = cat.value(iri, EA.status)
    retire = cat.value(iri, EA.retirementDate)
    return {
        "kind": "component", "id": tail(iri), "label": catalog.label(cat, iri),
        "status": tail(status) if status is not None else "",
        "retirementDate": _py(retire) if retire is not None else None,
        "successor": str(cat.value(iri, EA.successor) or "") or None,
        "partOf": str(cat.value(iri, EA.partOf) or "") or None,
        "integrationPlatform": bool(_py(cat.value(iri, EA.integrationPlatform) or False)),
    }


def _partner_attrs(cat: Graph, iri: URIRef) -> dict:
    org = cat.value(iri, EA.ownedBy)
    party = cat.value(org, EA.party) if org is not None else None
    return {"kind": "partner", "id": "partner:" + tail(iri), "label": catalog.label(cat, iri),
            "owner": catalog.label(cat, org) if org is not None else None,
            "party": tail(party) if party is not None else None}


def effective_lifecycle(lifecycle: str, in_use_from, in_use_to, today: date | None) -> str:
    """The lifecycle the analyses use: the stated one; where it is blank or unknown, a system whose inUseTo is
    before ``today`` counts as retired and one whose inUseFrom is after it as planned. A stated lifecycle wins
    (a contradiction is the inventory's to resolve, not the analysis's)."""
    if lifecycle in ACTIVE | INACTIVE or today is None:
        return lifecycle
    if isinstance(in_use_to, date) and in_use_to < today:
        return "retired"
    if isinstance(in_use_from, date) and in_use_from > today:
        return "planned"
    return lifecycle


class Triples:
    """The triples of a list of pyoxigraph quads as rdflib terms (each distinct term converted once), read the
    way build_graph reads an inventory graph: iteration, ``subject_objects``, ``subjects``, ``value``. The check
    builds the architecture graph from the quads it validated through this instead of an rdflib Graph (whose
    ``add`` costs more than the analyses themselves: 0.3 s of a 200-system kommune)."""

    def __init__(self, quads):
        from .store import rdflib_triples

        self._triples = list(dict.fromkeys(rdflib_triples(quads)))
        self._by_predicate: dict = {}
        for t in self._triples:
            self._by_predicate.setdefault(t[1], []).append(t)

    def __iter__(self):
        return iter(self._triples)

    def subject_objects(self, predicate):
        return ((s, o) for s, _p, o in self._by_predicate.get(predicate, ()))

    def subjects(self, predicate, obj):
        return (s for s, _p, o in self._by_predicate.get(predicate, ()) if o == obj)

    def value(self, subject, predicate):
        return next((o for s, _p, o in self._by_predicate.get(predicate, ()) if s == subject), None)


def build_graph(inventory: Graph | Triples, cat: Graph | None = None, today: date | None = None) -> nx.DiGraph:
    """The kommune's architecture graph (see the module docstring) from an inventory graph (or its Triples). ``cat`` defaults to the catalogue; with
    ``today``, a blank lifecycle is read from inUseFrom / inUseTo (``effective_lifecycle``)."""
    cat = cat if cat is not None else catalog.core_graph()
    kinds = {EA.System: "system", EA.Interface: "interface", EA.Integration: "integration"}
    things = dict(sorted((s, kinds[t]) for s, t in inventory.subject_objects(RDF.type) if t in kinds))
    facts = _index(inventory, set(things))
    # the meta sheet's integrationsComplete, per inventory owner: a graph may hold a kommune's inventory and,
    # as context, the inventories of its co-operations (ea_repo/cooperation.py), each with its own meta
    complete_of = {inventory.value(i, EA.kommune): inventory.value(i, EA.integrationsComplete) == Literal(True)
                   for i in inventory.subjects(RDF.type, EA.Inventory)}
    meta_complete = any(complete_of.values())
    G = nx.DiGraph()

    def node(iri) -> str:
        key = str(iri)
        if key not in G:
            if key.startswith(str(COMPONENT)):
                G.add_node(key, **_component_attrs(cat, URIRef(key)))
            elif key.startswith(str(PARTNER)):
                G.add_node(key, **_partner_attrs(cat, URIRef(key)))
            elif "/vocab/dataobject/" in key:
                G.add_node(key, kind="dataobject", id=tail(key), label=catalog.label(cat, URIRef(key)))
            else:  # a reference to something the inventory does not describe
                G.add_node(key, kind="unknown", id=tail(key), label=tail(key))
        return key

    for s, kind in things.items():
        d = facts[s]
        attrs = {"kind": kind, "id": _one(d, "id", tail(s)), "label": str(_one(d, "name", "") or tail(s))}
        if kind == "system":
            stated = tail(_one(d, "lifecycle", ""))
            attrs |= {
                "category": tuple(sorted(tail(o) for o in d.get("category", ()))),
                "lifecycle": effective_lifecycle(stated, _one(d, "inUseFrom"), _one(d, "inUseTo"), today),
                "inUseFrom": _one(d, "inUseFrom"), "inUseTo": _one(d, "inUseTo"), "lastConfirmed": _one(d, "lastConfirmed"),
                "holds": tuple(sorted(tail(o) for o in d.get("holdsData", ()))),
                "healthService": tuple(sorted(tail(o) for o in d.get("healthService", ()))),
                "endOfLife": _one(d, "endOfLife"), "contractEnd": _one(d, "contractEnd"),
                "operatedBy": str(_one(d, "operatedBy", "") or "") or None,
                "sharedWith": tuple(sorted(tail(o) for o in d.get("sharedWith", ()))),
                "product": _one(d, "product"),
                "function": " ".join(str(_one(d, "function", "") or "").casefold().split()) or None,
                # every integration of the system is in the inventory: its own value, else the inventory's
                "integrationsComplete": bool(_one(d, "integrationsComplete", complete_of.get(
                    (d.get("inventoryOf") or [None])[0], meta_complete))),
                "standalone": bool(_one(d, "standalone", False)),
            } | {f: bool(_one(d, f, False)) for f in SYSTEM_FLAGS}
        elif kind == "interface":
            attrs["protocol"] = tail(_one(d, "protocol", ""))
        else:
            attrs |= {"mode": tail(_one(d, "mode", "")), "carries": tuple(sorted(tail(o) for o in d.get("carries", ()))),
                      "status": tail(_one(d, "status", "")), "direction": tail(_one(d, "direction", ""))}
        key = str(s)
        if key in G:
            G.nodes[key].update(attrs)
        else:
            G.add_node(key, **attrs)
    for s, kind in things.items():
        d, key = facts[s], str(s)
        if kind == "system":
            for o in d.get("holdsData", ()):
                G.add_edge(key, node(o), rel="holds")
        elif kind == "interface":
            for o in d.get("providedBy", ()):
                G.add_edge(key, node(o), rel="provided-by")
        else:
            for o in d.get("provider", ()):
                G.add_edge(node(o), key, rel="provides")
            for o in d.get("consumer", ()):
                G.add_edge(key, node(o), rel="to")
            for o in d.get("via", ()):
                G.add_edge(key, node(o), rel="via")
            for o in d.get("viaInterface", ()):
                G.add_edge(key, node(o), rel="via-interface")
            for o in d.get("carries", ()):
                G.add_edge(key, node(o), rel="carries")
    for n, a in list(G.nodes(data=True)):
        if a["kind"] == "component" and a.get("partOf"):
            G.add_edge(n, node(a["partOf"]), rel="part-of")
    return G


# --------------------------------------------------------------------------------------------------
# Views the analyses walk
# --------------------------------------------------------------------------------------------------


def endpoints(G: nx.DiGraph, integration: str) -> tuple[list[str], list[str], list[str]]:
    """(providers, consumers, via platforms) of one integration node."""
    prov = [u for u in G.predecessors(integration) if G.edges[u, integration]["rel"] == "provides"]
    out = {"to": [], "via": []}
    for v in G.successors(integration):
        rel = G.edges[integration, v]["rel"]
        if rel in out:
            out[rel].append(v)
    return prov, out["to"], out["via"]


def flows(G: nx.DiGraph):
    """Every integration as (integration, providers, consumers, via platforms), in IRI order."""
    for n, a in sorted(G.nodes(data=True)):
        if a["kind"] == "integration":
            yield (n, *(sorted(x) for x in endpoints(G, n)))


def categories(a: dict) -> tuple:
    """A system's categories (a sorted tuple; empty when none is stated)."""
    c = a.get("category") or ()
    return (c,) if isinstance(c, str) else tuple(c)


def overlap_groups(a: dict, cats) -> tuple:
    """The overlap groups a system counts in (EA-GAP-008, EA-GAP-009, a merger's overlaps), each (category,
    function or None): where it states its function, each of its categories with that function (two tools of one
    broad category, such as skole, overlap only when they do the same); else each of its categories in CATS, the
    categories in which a kommune normally runs one system."""
    fn = a.get("function")
    return tuple((c, fn) for c in categories(a) if fn or c in cats)


def overlap_text(group: tuple) -> str:
    """An overlap group as findings and pages name it: the category, and the function when one is stated."""
    cat, fn = group
    return f"{cat} ({fn})" if fn else cat


def in_category(a: dict, cats) -> bool:
    """Whether any of the system's categories is one of ``cats`` (how every analysis reads a category)."""
    return any(c in cats for c in categories(a))


def is_live(a: dict) -> bool:
    """A node that can carry flows: a component or partner's system, or a system stated in use (production,
    phase-out)."""
    return a["kind"] in ("component", "partner") or (a["kind"] == "system" and a.get("lifecycle") in ACTIVE)


def maybe_live(a: dict) -> bool:
    """A node that may carry flows: live, or a system whose lifecycle is not known."""
    return is_live(a) or (a["kind"] == "system" and a.get("lifecycle") not in INACTIVE)


def carries_flow(a: dict, possible: bool = False) -> bool:
    """Whether an integration carries a flow: not when its status is planned or retired; one of unknown status
    only in the ``possible`` view (it may carry one). A blank status is read from the ends, as before the column
    existed: the flow is live where its ends are."""
    status = a.get("status") or ""
    return status not in NO_FLOW and (possible or status not in MAYBE_FLOW)


def flow_graph(G: nx.DiGraph, *, live_only: bool = True, possible: bool = False) -> nx.DiGraph:
    """Systems, components and partners' systems with an edge provider -> consumer for each flow (through its
    platforms when it names any; both ways when its direction is both or unknown); edge attribute ``carries``
    (a set, empty = unspecified) and ``integrations``. Only live nodes and flows by default; ``possible`` adds
    systems of unknown lifecycle and integrations of unknown status (what may carry flows). Planned and
    retired integrations carry none."""
    F = nx.DiGraph()
    keep = maybe_live if possible else is_live
    for n, a in sorted(G.nodes(data=True)):
        if a["kind"] in ("system", "component", "partner") and (keep(a) or not live_only):
            F.add_node(n)
    for i, prov, cons, via in flows(G):
        a = G.nodes[i]
        if not carries_flow(a, possible):
            continue
        carries = set(a.get("carries", ()))
        both = a.get("direction") in BOTH_WAYS
        for p in prov:
            for c in cons:
                hops = list(zip([p, *via], [*via, c], strict=False)) if via else [(p, c)]
                for u, v in hops + ([(v, u) for u, v in hops] if both else []):
                    if u in F and v in F and u != v:
                        if not F.has_edge(u, v):
                            F.add_edge(u, v, carries=set(), unspecified=False, integrations=[])
                        e = F.edges[u, v]
                        e["carries"] |= carries
                        e["unspecified"] |= not carries
                        e["integrations"].append(i)
    return F
