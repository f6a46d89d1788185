"""What a kommunenummer change hits in one kommune's architecture graph (ea_repo.graph), and which reform
(merger, split, county change) applies to which kommune. Settings and task templates: catalog/renumbering.ttl.

    reform_from_history(history, year, held)     replay SSB's changes of a year for the kommuner held
    reform_what_if(codes, new, name, date, h)    a merger (or renumbering) that has not happened
    impact(inventory)                            affected systems / integrations / interfaces, and their order
    overlaps(inventories, codes)                 systems of the merging kommuner of which one must remain
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .. import catalog
from ..errors import UsageError
from ..graph import build_graph, categories, flow_graph, is_live, overlap_groups, overlap_text, tail
from ..history import History
from ..i18n import Msg, msg, text
from ..namespaces import DCT, EA

RN = "https://w3id.org/ea-repo/catalog/renumbering/"


# --------------------------------------------------------------------------------------------------
# Catalogue data (catalog/renumbering.ttl)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    keyed_data: frozenset
    keyed_categories: frozenset
    prepare_days: int


@dataclass(frozen=True)
class Template:
    id: str
    order: int
    scope: str
    kind: str
    label: dict
    responsible: dict
    duration: int
    deadline: int | None  # days from the change date (negative = before)
    start: int | None
    depends: tuple[str, ...]
    components: tuple[str, ...]
    legal_basis: str | None
    sources: tuple[str, ...]
    verified: bool
    note: str | None


def _langs(g: Graph, s, p) -> dict:
    return {o.language or "nb": str(o) for o in g.objects(s, p) if isinstance(o, Literal)}


def _int(g: Graph, s, p) -> int | None:
    v = g.value(s, p)
    return int(v.toPython()) if v is not None else None


@cache
def settings() -> Settings:
    g, s = catalog.catalog_graph(), URIRef(RN + "settings")
    tails = lambda p: frozenset(tail(o) for o in g.objects(s, p))  # noqa: E731
    return Settings(tails(EA.keyedData), tails(EA.keyedCategory), _int(g, s, EA.prepareDays) or 548)


@cache
def templates() -> dict[str, Template]:
    g = catalog.catalog_graph()
    out = {}
    for t in g.subjects(RDF.type, EA.RenumberingTask):
        verified = g.value(t, EA.verified)
        out[tail(t)] = Template(
            id=tail(t), order=_int(g, t, EA.order) or 0, scope=str(g.value(t, EA.scope)), kind=str(g.value(t, EA.taskKind)),
            label=_langs(g, t, RDFS.label), responsible=_langs(g, t, EA.responsible), duration=_int(g, t, EA.durationDays) or 0,
            deadline=_int(g, t, EA.deadlineOffsetDays), start=_int(g, t, EA.startOffsetDays),
            depends=tuple(sorted(tail(o) for o in g.objects(t, EA.dependsOn))),
            components=tuple(sorted(str(o) for o in g.objects(t, EA.component))),
            legal_basis=str(g.value(t, EA.legalBasis) or "") or None,
            sources=tuple(sorted(str(o) for o in g.objects(t, DCT.source))),
            verified=True if verified is None else bool(verified.toPython()),
            note=_langs(g, t, EA.note).get("en"))
    return dict(sorted(out.items(), key=lambda kv: (kv[1].order, kv[0])))


# --------------------------------------------------------------------------------------------------
# Reforms
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A kommune after the change: its number, name, date and the numbers it comes from."""

    code: str
    name: str
    date: date
    predecessors: tuple[str, ...]
    kind: str  # merger | split | reorganisation | county-change | renumbering | name-change | continued


@dataclass(frozen=True)
class Reform:
    label: str
    targets: tuple[Target, ...]
    parts: dict = field(default_factory=dict)  # old code -> tuple of new codes
    names: dict = field(default_factory=dict)  # old code -> name

    def split(self, old: str) -> bool:
        return len(self.parts.get(old, ())) > 1


def reform_from_history(h: History, year: int, held: set[str] | list[str]) -> Reform:
    """SSB's changes of ``year`` restricted to the new kommuner that have a predecessor in ``held``."""
    held = set(held)
    events = h.events(year)
    if not events:
        years = sorted({c.date.year for c in h.changes})
        listed = ", ".join(map(str, years))
        raise UsageError(msg(f"SSB lists no kommunenummer changes in {year}; years with changes: {listed}",
                             f"SSB har ingen endringer av kommunenummer i {year}; år med endringer: {listed}"))
    targets, parts, names = [], defaultdict(set), {}
    for e in events:
        for new, name in e.news:
            preds = tuple(sorted({c.old_code for c in e.changes if c.new_code == new}))
            if held & set(preds):
                targets.append(Target(new, name, e.date, preds, e.kind))
        for c in e.changes:
            if c.old_code in held:
                parts[c.old_code].add(c.new_code)
                names[c.old_code] = c.old_name
    if not targets:
        listed = ", ".join(sorted(held))
        raise UsageError(msg(f"none of the kommuner in the repository ({listed or 'none'}) changed number "
                             f"or name in {year}; import inventories under the numbers valid in {year - 1}",
                             f"ingen av kommunene i repositoryet ({listed or 'ingen'}) endret nummer eller navn "
                             f"i {year}; importer systemoversiktene under numrene som gjaldt i {year - 1}"))
    return Reform(f"SSB KLASS 131 {year}", tuple(targets), {k: tuple(sorted(v)) for k, v in parts.items()}, names)


def reform_what_if(codes: list[str], new: str, name: str, when: date, h: History) -> Reform:
    """A what-if: ``codes`` become ``new`` (named ``name``) on ``when``."""
    if not re.fullmatch(r"\d{4}", new or ""):
        raise UsageError(msg(f"--new-number '{new}' is not a four-digit kommunenummer",
                             f"--new-number '{new}' er ikke et firesifret kommunenummer"))
    if not codes:
        raise UsageError(msg("name the kommuner that merge: --kommune A --kommune B",
                             "oppgi kommunene som slås sammen: --kommune A --kommune B"))
    taken = h.codes_at(when)
    if new in taken and new not in codes:
        raise UsageError(msg(f"--new-number {new} is already {taken[new]}'s number on {when}; choose a free number "
                             "or keep the number of one of the merging kommuner",
                             f"--new-number {new} er allerede nummeret til {taken[new]} den {when}; velg et ledig nummer "
                             "eller behold nummeret til en av kommunene som slås sammen"))
    kind = "merger" if len(codes) > 1 else ("county-change" if codes[0][:2] != new[:2] else "renumbering")
    names = {c: (h.codes_at(when).get(c) or catalog.kommuner().get(c) or c) for c in codes}
    return Reform(f"what-if {'+'.join(codes)} -> {new}", (Target(new, name, when, tuple(sorted(codes)), kind),),
                  {c: (new,) for c in codes}, names)


# --------------------------------------------------------------------------------------------------
# Impact on one inventory
# --------------------------------------------------------------------------------------------------


# A reason in English (as JSON and CSV write it) that carries its bokmål text for the pages and tables.
Why = Msg
why_text = text


@dataclass
class Impact:
    kommune: str
    systems: dict  # iri -> list of reasons (direct and downstream)
    integrations: dict  # iri -> reason
    interfaces: dict  # iri -> reason
    verify: dict  # iri -> reason: reached by a flow whose data is not stated
    components: set  # national components the number reaches
    order: nx.DiGraph  # affected systems, edge provider -> consumer (the consumer changes after)
    graph: nx.DiGraph = field(repr=False)

    def label(self, n: str) -> str:
        return self.graph.nodes[n].get("label", tail(n))


def impact(inventory: Graph, kommune: str, s: Settings | None = None, cat: Graph | None = None) -> Impact:
    """Everything in one kommune's graph that stores, keys on or receives the kommunenummer."""
    s = s or settings()
    G = build_graph(inventory, cat)
    flagged = {str(i) for i in inventory.subjects(EA.carriesKommunenummer, Literal(True))}
    carrying = {n for n, a in G.nodes(data=True)
                if a["kind"] == "integration" and (n in flagged or set(a.get("carries", ())) & s.keyed_data)}
    reasons: dict = defaultdict(list)
    for n, a in G.nodes(data=True):
        if a["kind"] != "system" or not is_live(a):
            continue
        if keyed := sorted(set(a.get("holds", ())) & s.keyed_data):
            reasons[n].append(Why(f"holds {', '.join(keyed)} (identifiers with the kommunenummer)",
                                  f"har {', '.join(keyed)} (identifikatorer med kommunenummeret)"))
        for c in categories(a):
            if c in s.keyed_categories:
                reasons[n].append(Why(f"category {c} keys on the kommunenummer", f"kategorien {c} bruker kommunenummeret som nøkkel"))
    F = flow_graph(G)
    for u, _, e in F.edges(data=True):
        if (sent := carrying & set(e["integrations"])) and G.nodes[u]["kind"] == "system":
            ids = ", ".join(sorted(G.nodes[i]["id"] for i in sent))
            why = Why(f"sends the kommunenummer ({ids})", f"sender kommunenummeret ({ids})")
            if why not in reasons[u]:
                reasons[u].append(why)
    carries = lambda e: bool(carrying & set(e["integrations"]))  # noqa: E731
    verify, components, seen = {}, set(), set(reasons)
    queue = sorted(reasons)
    while queue:  # reachability over the flows that carry the number
        u = queue.pop(0)
        for v in sorted(F.successors(u)):
            e = F.edges[u, v]
            if G.nodes[v]["kind"] == "component":
                if carries(e):
                    components.add(v)
                continue
            if carries(e):
                if v not in reasons or not any(r.startswith("receives") for r in reasons[v]):
                    reasons[v].append(Why(f"receives the kommunenummer from {G.nodes[u]['label']}",
                                          f"mottar kommunenummeret fra {G.nodes[u]['label']}"))
                if v not in seen:
                    seen.add(v)
                    queue.append(v)
            elif e["unspecified"] and v not in reasons:
                verify[v] = Why(f"receives unspecified data from {G.nodes[u]['label']}; check whether it holds the kommunenummer",
                                f"mottar data som ikke er oppgitt fra {G.nodes[u]['label']}; kontroller om de har kommunenummeret")
    affected = set(reasons)
    verify = {k: r for k, r in verify.items() if k not in affected}
    order = nx.DiGraph()
    order.add_nodes_from(sorted(affected))
    order.add_edges_from((u, v) for u, v, e in F.edges(data=True) if u in affected and v in affected and carries(e))
    def carried(i):
        if i in flagged:
            return Why("carries the kommunenummer (stated)", "fører kommunenummeret (oppgitt)")
        inside = ", ".join(sorted(set(G.nodes[i].get("carries", ())) & s.keyed_data))
        return Why(f"carries the kommunenummer inside {inside}", f"fører kommunenummeret i {inside}")

    integrations = {i: carried(i) for i in sorted(carrying)}
    interfaces = {}
    for n, a in G.nodes(data=True):
        if a["kind"] != "interface":
            continue
        users = sorted(i for i in G.predecessors(n) if i in carrying and G.edges[i, n]["rel"] == "via-interface")
        owner = [v for v in G.successors(n) if G.edges[n, v]["rel"] == "provided-by" and v in affected]
        if users:
            by = ", ".join(G.nodes[i]["id"] for i in users)
            interfaces[n] = Why(f"used by {by}", f"brukt av {by}")
        elif owner and any(not r.startswith("receives") for r in reasons[owner[0]]):
            label = G.nodes[owner[0]]["label"]
            interfaces[n] = Why(f"provided by {label}, which keys on the kommunenummer",
                                f"levert av {label}, som bruker kommunenummeret som nøkkel")
    return Impact(kommune, {k: reasons[k] for k in sorted(reasons)}, integrations, dict(sorted(interfaces.items())),
                  dict(sorted(verify.items())), components, order, G)


def overlaps(graphs: dict[str, nx.DiGraph]) -> list[dict]:
    """Per overlap category, the live systems of two or more merging kommuner (one must remain). The overlap
    categories are EA-GAP-008's (catalog/gap-profiles.ttl, ea:overlapCategory): categories in which a kommune
    normally runs one system. A broad category such as skole or økonomi holds tools for different functions
    (a learning platform beside a mathematics app), which are no overlap, so it is not one of them; systems that
    state their function overlap where category and function are the same (graph.overlap_groups, as EA-GAP-008)."""
    from ..gaps import default_config

    consolidate = default_config().overlap_categories
    by_group: dict = defaultdict(list)
    for code, G in sorted(graphs.items()):
        for n, a in G.nodes(data=True):
            if a["kind"] == "system" and is_live(a):
                for group in overlap_groups(a, consolidate):
                    by_group[group].append({"kommune": code, "iri": n, "id": a["id"], "label": a["label"],
                                            "product": a.get("product"), "contractEnd": a.get("contractEnd")})
    out = []
    for group, rows in sorted(by_group.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if len({r["kommune"] for r in rows}) > 1:
            rows.sort(key=lambda r: (r["contractEnd"] or date.max, r["kommune"], r["id"]))
            products = {r["product"] or r["label"] for r in rows}
            out.append({"category": overlap_text(group), "systems": rows, "same_product": len(products) == 1})
    return out
