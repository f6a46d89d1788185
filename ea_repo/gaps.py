"""Integration-gap analyses on the architecture graph (ea_repo.graph): what SHACL, one node at a time,
cannot see. Each analysis is a pure function of the graph and returns Findings (origin "gap"); the rules
EA-GAP-001 … 009 are registered in the rule registry, so `ea-repo rules` lists them. Which profile calls
for which component, the authoritative registers and the thresholds are data: catalog/gap-profiles.ttl.

    analyse(inventory, kommune, today)         one kommune (what `ea-repo check` runs, via check.ANALYSES)
    analyse_iks(inventories, today)            overlap across the kommuner of an inter-municipal co-operation
    analyse_repository(repo, codes, today)     both, for `ea-repo gaps`
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from . import catalog
from .findings import Answer, Finding
from .gaprules import GAP_AREA, RULES, TEXTS
from .graph import (
    ACTIVE,
    INACTIVE,
    Triples,
    build_graph,
    carries_flow,
    flow_graph,
    flows,
    in_category,
    overlap_groups,
    overlap_text,
    tail,
)
from .namespaces import DCT, EA

GAP = "https://w3id.org/ea-repo/catalog/gap/"
_LEVEL_OF = {"krav": "krav", "anbefaling": "anbefaling", "god-praksis": "god-praksis"}

# --------------------------------------------------------------------------------------------------
# Configuration and profiles (catalog/gap-profiles.ttl)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapConfig:
    betweenness: float = 0.15  # normalised betweenness from which a system is tried as a single point of failure
    min_overlap: int = 2  # systems (installations) in one category that make an overlap
    min_manual_chain: int = 2  # manual / file-transfer flows in a row, from a system that has an API
    platform_categories: frozenset = frozenset({"integrasjon", "sak-arkiv"})
    overlap_categories: frozenset = frozenset({"sak-arkiv", "epj-helse-omsorg", "itsm"})
    api_protocols: frozenset = frozenset({"rest", "soap", "graphql", "odata"})


@dataclass(frozen=True)
class Profile:
    id: str
    label: dict
    when: tuple = ()  # boolean system attributes that must be true
    categories: frozenset = frozenset()
    data: frozenset = frozenset()
    health: frozenset = frozenset()
    components: frozenset = frozenset()  # component IRIs, any one meets the profile
    target_categories: frozenset = frozenset()  # or any system of these categories
    requirement: dict = field(default_factory=dict)  # level, legal_basis, source_url, area, iri, valid_from, verified


@dataclass(frozen=True)
class MasterSource:
    id: str
    label: dict
    objects: frozenset
    components: frozenset
    categories: frozenset


def _langs(g: Graph, s, p=RDFS.label) -> dict:
    return {o.language: str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def _tails(g: Graph, s, p) -> frozenset:
    return frozenset(tail(o) for o in g.objects(s, p))


def _requirement(g: Graph, req) -> dict:
    if req is None:
        return {}
    level, area, since, verified = (g.value(req, p) for p in (EA.levelKommune, EA.area, EA.validFrom, EA.verified))
    basis = _langs(g, req, EA.legalBasis).get("nb") or g.value(req, EA.legalBasis)
    return {"iri": str(req), "level": tail(level) if level is not None else None,
            "legal_basis": str(basis) if basis is not None else None,
            "source_url": str(g.value(req, DCT.source) or "") or None, "area": tail(area) if area is not None else None,
            "valid_from": since.toPython() if since is not None else None,
            "verified": True if verified is None else bool(verified.toPython())}


@cache
def default_config() -> GapConfig:
    g = catalog.core_graph()
    s = URIRef(GAP + "settings")
    c = GapConfig()
    num = lambda p, cast, d: cast(g.value(s, p).toPython()) if g.value(s, p) is not None else d  # noqa: E731
    return replace(
        c, betweenness=num(EA.betweennessThreshold, float, c.betweenness), min_overlap=num(EA.minOverlap, int, c.min_overlap),
        min_manual_chain=num(EA.minManualChain, int, c.min_manual_chain),
        platform_categories=_tails(g, s, EA.platformCategory) or c.platform_categories,
        overlap_categories=_tails(g, s, EA.overlapCategory) or c.overlap_categories,
        api_protocols=_tails(g, s, EA.apiProtocol) or c.api_protocols)


def config(**overrides) -> GapConfig:
    """The catalogue's settings with the given fields replaced (None = keep)."""
    return replace(default_config(), **{k: v for k, v in overrides.items() if v is not None})


@cache
def profiles() -> tuple[Profile, ...]:
    g = catalog.core_graph()
    return tuple(Profile(
        id=tail(p), label=_langs(g, p),
        when=tuple(sorted(str(w).rsplit("#", 1)[-1] for w in g.objects(p, EA.appliesWhen))),
        categories=_tails(g, p, EA.appliesToCategory), data=_tails(g, p, EA.appliesToData),
        health=_tails(g, p, EA.appliesToHealthService), components=frozenset(map(str, g.objects(p, EA.needsComponent))),
        target_categories=_tails(g, p, EA.needsSystemCategory), requirement=_requirement(g, g.value(p, EA.enforces)),
    ) for p in sorted(g.subjects(RDF.type, EA.GapProfile)))


@cache
def master_sources() -> tuple[MasterSource, ...]:
    g = catalog.core_graph()
    return tuple(MasterSource(
        id=tail(s), label=_langs(g, s), objects=_tails(g, s, EA.dataObject),
        components=frozenset(map(str, g.objects(s, EA.sourceComponent))), categories=_tails(g, s, EA.sourceCategory),
    ) for s in sorted(g.subjects(RDF.type, EA.MasterDataSource)))


# --------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------



def _finding(code: str, kommune: str, focus: str, label: str, nodes, fields: dict, *, value=None,
             requirement: dict | None = None, answer: str = "not-met", missing=(), evidence=(), **extra) -> Finding:
    rule, tmpl = RULES[code], TEXTS[code][5]
    req = requirement or {}
    text = {lang: tmpl[i].format(**{k: (v[lang] if isinstance(v, dict) else v) for k, v in fields.items()})
            for i, lang in enumerate(("nb", "en"))}
    if answer == "not-known" and rule.document:
        text = {lang: f"{text[lang]} {rule.document[lang]}" for lang in text}
    severity = "info" if req and not req.get("verified", True) else rule.severity
    return Finding(rule=code, severity=severity, kommune=kommune, focus=focus, focus_label=label, title=rule.title,
                   message=text, remedy=rule.remedy, value=value, legal_basis=req.get("legal_basis"),
                   source_url=req.get("source_url"), level=req.get("level") or rule.level, area=req.get("area") or GAP_AREA,
                   requirement=req.get("iri"), origin="gap", extra={"nodes": list(dict.fromkeys(nodes)), **extra},
                   answer=answer, missing=tuple(missing) if answer == "not-known" else (), evidence=tuple(evidence))


# --------------------------------------------------------------------------------------------------
# The analyses: each a pure function of a Context
# --------------------------------------------------------------------------------------------------


@dataclass
class Context:
    """One kommune's graph and the views the analyses share. ``F`` has the live flows (systems stated in use,
    and components); ``P`` also systems of unknown lifecycle (what may carry flows). A path in F is a stated
    fact; no path even in P is a fact only where the systems' integrations are stated complete."""

    G: nx.DiGraph
    kommune: str
    today: date
    cfg: GapConfig
    F: nx.DiGraph = None
    U: nx.Graph = None
    P: nx.DiGraph = None
    PU: nx.Graph = None
    platforms: set = None
    missed: dict = field(default_factory=dict)  # system -> component IRIs GAP-001 answered not met / not known
    met: list = field(default_factory=list)  # (rule, focus) answered met

    def __post_init__(self):
        self.F = flow_graph(self.G)
        self.U = self.F.to_undirected()
        self.P = flow_graph(self.G, possible=True)
        self.PU = self.P.to_undirected()
        via = {v for _, _, _, vias in flows(self.G) for v in vias}
        self.platforms = {n for n in self.P if n in via or self.G.nodes[n].get("integrationPlatform")
                          or in_category(self.G.nodes[n], self.cfg.platform_categories)}

    def label(self, n) -> str:
        return self.G.nodes[n].get("label", tail(n)) if n in self.G else tail(n)

    def labels(self, ns) -> str:
        return ", ".join(sorted(self.label(n) for n in ns))

    def systems(self, lifecycles=ACTIVE):
        return sorted(n for n, a in self.G.nodes(data=True) if a["kind"] == "system" and a.get("lifecycle") in lifecycles)

    def unknown_lifecycle(self):
        """Systems whose lifecycle is blank or 'unknown': every analysis answers them not known."""
        return sorted(n for n, a in self.G.nodes(data=True) if a["kind"] == "system" and a.get("lifecycle") not in ACTIVE | INACTIVE)

    def complete(self, n) -> bool:
        return bool(self.G.nodes[n].get("integrationsComplete"))


def _reach(U: nx.Graph, platforms: set) -> dict[str, set]:
    """Every node -> the nodes it reaches directly or through integration platforms only."""
    P = U.subgraph(platforms & set(U))
    region = {}
    for comp in nx.connected_components(P):
        around = set(comp).union(*(U[p] for p in comp))
        region.update(dict.fromkeys(comp, around))
    return {n: set(U[n]).union(*(region[p] for p in [n, *U[n]] if p in region)) for n in U}


def _meets(G: nx.DiGraph, n: str, prof: Profile) -> bool:
    a = G.nodes[n]
    if a["kind"] == "system":
        return in_category(a, prof.target_categories)
    seen = set()
    while n and n not in seen:  # a component, or a part of one (SvarUt is part of KS Fiks)
        if n in prof.components:
            return True
        seen.add(n)
        n = G.nodes[n].get("partOf") if n in G else None
    return False


def _applies(a: dict, prof: Profile, today: date) -> bool:
    since = prof.requirement.get("valid_from")
    return ((since is None or since <= today) and all(a.get(w) for w in prof.when)
            and (not prof.categories or in_category(a, prof.categories))
            and (not prof.data or prof.data & set(a.get("holds", ())))
            and (not prof.health or prof.health & set(a.get("healthService", ()))))


_LIFECYCLE = ("lifecycle",)
_COMPLETE = ("integrationsComplete",)
_COMPLETE_FACT = (("integrationsComplete", ("true",)),)  # the stated fact a "no such path" answer rests on


def _ids(ctx: Context, nodes) -> tuple:
    return tuple(sorted(ctx.G.nodes[n].get("id", tail(n)) if n in ctx.G else tail(n) for n in nodes))


def missing_components(ctx: Context) -> list[Finding]:
    """EA-GAP-001: systems whose profile calls for a component. Met: a live path reaches one. Not met: no
    path at all, and the system's integrations are stated complete. Otherwise (a path only through systems
    of unknown lifecycle, integrations not stated complete, the system's own lifecycle unknown) not known."""
    live, possible, out = _reach(ctx.U, ctx.platforms), _reach(ctx.PU, ctx.platforms), []
    cat = catalog.core_graph()
    unknown = set(ctx.unknown_lifecycle())
    for s in sorted(set(ctx.systems()) | unknown):
        a = ctx.G.nodes[s]
        for prof in profiles():
            if not _applies(a, prof, ctx.today) or _meets(ctx.G, s, prof):
                continue
            if s not in unknown and any(_meets(ctx.G, n, prof) for n in live.get(s, ())):
                ctx.met.append(("EA-GAP-001", s))
                continue
            maybe = any(_meets(ctx.G, n, prof) for n in possible.get(s, ()))
            answer = "not-met" if s not in unknown and not maybe and ctx.complete(s) else "not-known"
            missing = _LIFECYCLE if s in unknown else () if maybe else _COMPLETE
            names = sorted([catalog.label(cat, URIRef(c)) for c in prof.components] +
                           [catalog.label(cat, URIRef(f"https://w3id.org/ea-repo/vocab/category/{c}"))
                            for c in prof.target_categories])
            ctx.missed.setdefault(s, set()).update(prof.components)
            out.append(_finding("EA-GAP-001", ctx.kommune, s, a["label"], [s],
                                {"system": a["label"], "profile": prof.label, "targets": " / ".join(names)},
                                value=prof.id, requirement=prof.requirement, profile=prof.id, answer=answer,
                                missing=missing, evidence=_COMPLETE_FACT if answer == "not-met" else ()))
    return out


def master_data_gaps(ctx: Context) -> list[Finding]:
    """EA-GAP-002: systems holding a data object of an authoritative source. Met: a live flow carries it
    from the source. Not met: no flow from the source even through systems of unknown lifecycle, and the
    system's integrations are stated complete. Otherwise not known."""
    out = []
    unknown = set(ctx.unknown_lifecycle())
    for src in master_sources():
        starts = {n for n in ctx.P if n in src.components or in_category(ctx.G.nodes[n], src.categories)}
        live_starts = starts & set(ctx.F)
        for s in sorted(set(ctx.systems()) | unknown):
            a = ctx.G.nodes[s]
            objects = sorted(src.objects & set(a["holds"]))
            if not objects or s in starts or ctx.missed.get(s, set()) & src.components:
                continue
            lacking = [o for o in objects if s in unknown or not _fed(ctx.F, live_starts, s, o)]
            if not lacking:
                ctx.met.append(("EA-GAP-002", s))
                continue
            maybe = any(_fed(ctx.P, starts, s, o) for o in lacking)
            answer = "not-met" if s not in unknown and not maybe and ctx.complete(s) else "not-known"
            out.append(_finding("EA-GAP-002", ctx.kommune, s, a["label"], [s],
                                {"system": a["label"], "objects": ", ".join(lacking), "source": src.label},
                                value=", ".join(lacking), source=src.id, answer=answer,
                                missing=_LIFECYCLE if s in unknown else () if maybe else _COMPLETE,
                                evidence=(("holdsData", tuple(lacking)), *_COMPLETE_FACT) if answer == "not-met" else ()))
    return out


def _fed(F: nx.DiGraph, starts: set, target: str, obj: str) -> bool:
    """Whether a flow carrying obj (or unspecified data) leads from any start to target."""
    seen, todo = set(starts), list(starts)
    while todo:
        u = todo.pop()
        for v, e in F[u].items():
            if v not in seen and (obj in e["carries"] or e["unspecified"]):
                if v == target:
                    return True
                seen.add(v)
                todo.append(v)
    return False


def islands(ctx: Context) -> list[Finding]:
    """EA-GAP-003: systems in production. Met: some integration. Not met: none, and the integrations are
    stated complete. Out of scope: systems stated stand-alone (no reason to integrate, e.g. a livestream),
    and systems not in production. Unknown lifecycle, or no integration recorded without completeness: not known."""
    out = []
    for s in sorted(set(ctx.systems({"production"})) | set(ctx.unknown_lifecycle())):
        a = ctx.G.nodes[s]
        if a.get("standalone"):
            continue
        ints = [i for i in ctx.G.successors(s) if ctx.G.edges[s, i]["rel"] == "provides"] + \
            [i for i in ctx.G.predecessors(s) if ctx.G.edges[i, s]["rel"] in ("to", "via")]
        linked = any(carries_flow(ctx.G.nodes[i]) for i in ints)  # a planned or retired integration is none
        unknown = a.get("lifecycle") not in ACTIVE
        if not linked and any(carries_flow(ctx.G.nodes[i], possible=True) for i in ints):
            if not unknown:  # only integrations of unknown status: whether it is an island is not known
                out.append(_finding("EA-GAP-003", ctx.kommune, s, a["label"], [s], {"system": a["label"]},
                                    answer="not-known", missing=("status",)))
            continue
        if linked and not unknown:
            ctx.met.append(("EA-GAP-003", s))
            continue
        if linked:
            continue  # integrated, lifecycle unknown: whether it is in production is what is not known — but it is no island
        answer = "not-met" if not unknown and ctx.complete(s) else "not-known"
        missing = ("lifecycle",) * unknown + ((), _COMPLETE + ("standalone",))[answer == "not-known" and not unknown]
        label = a["label"]
        out.append(_finding("EA-GAP-003", ctx.kommune, s, label, [s], {"system": label}, answer=answer,
                            missing=missing, evidence=(("lifecycle", ("production",)), *_COMPLETE_FACT)
                            if answer == "not-met" else ()))
    return out


#: EA-GAP-004 computes betweenness exactly up to this many systems, and above it from this many sampled sources.
BETWEENNESS_EXACT_UP_TO, BETWEENNESS_SAMPLE = 1000, 400


def single_points_of_failure(ctx: Context) -> list[Finding]:
    """EA-GAP-004: articulation points and high-betweenness systems whose loss cuts citizen-facing systems
    off from national components they reach now (through live systems; components are endpoints only)."""
    comps = {n for n in ctx.F if ctx.G.nodes[n]["kind"] == "component"}
    S = nx.Graph(ctx.U.subgraph([n for n in ctx.F if ctx.G.nodes[n]["kind"] == "system"]))  # a copy: views are slow
    if S.number_of_nodes() < 3:
        return []
    # rounded: the sums behind betweenness differ in the last bits with the order nodes were added in. Betweenness
    # only picks the systems to try (each is then tried exactly); on a large graph it is estimated from a sample
    # of sources with a fixed seed (NetworkX's k/seed), so the answer stays the same on every run
    k = BETWEENNESS_SAMPLE if S.number_of_nodes() > BETWEENNESS_EXACT_UP_TO else None
    between = {n: round(b, 9) for n, b in nx.betweenness_centrality(S, k=k, seed=0 if k else None).items()}
    candidates = set(nx.articulation_points(S)) | {n for n, b in between.items() if b >= ctx.cfg.betweenness}
    citizen = {n for n in S if ctx.G.nodes[n].get("citizenFacing")}

    near = {n: {k for k in ctx.U[n] if k in comps} for n in S}

    def reached(members) -> set:
        return set().union(*(near[m] for m in members))

    before = {}
    for part in nx.connected_components(S):
        r = reached(part)
        before.update(dict.fromkeys(part, r))
    out = []
    for v in sorted(candidates):
        cut = {}
        for part in sorted(nx.connected_components(S.subgraph(set(nx.node_connected_component(S, v)) - {v})), key=min):
            affected = citizen & part
            if affected:
                lost = before[v] - reached(part)
                for c in affected:
                    if lost & before[c]:
                        cut[c] = lost & before[c]
        if cut:
            label = ctx.G.nodes[v]["label"]
            lost = set().union(*cut.values())
            names = sorted(ctx.label(c) for c in cut)
            shown = ", ".join(names[:8]) + (f" (+{len(names) - 8})" if len(names) > 8 else "")
            nodes = [v, *sorted(cut), *sorted(lost)]
            # a claim about the absence of other routes: true only where every system around is complete
            area = nx.node_connected_component(ctx.PU, v)
            sure = all(ctx.G.nodes[n]["kind"] != "system" or (n in S and ctx.complete(n)) for n in area)
            out.append(_finding("EA-GAP-004", ctx.kommune, v, label, nodes,
                                {"system": label, "betweenness": f"{between[v]:.2f}", "n": len(cut),
                                 "components": ctx.labels(lost), "systems": shown},
                                betweenness=round(between[v], 4), cut={c: sorted(k) for c, k in sorted(cut.items())},
                                answer="not-met" if sure else "not-known", missing=() if sure else _COMPLETE,
                                evidence=(("integrations", _ids(ctx, [i for n in nodes for i in _incident(ctx.G, n)
                                                                       if n == v])), *_COMPLETE_FACT) if sure else ()))
    return out


def _incident(G: nx.DiGraph, n: str) -> list[str]:
    return sorted({i for i in G.successors(n) if G.edges[n, i]["rel"] == "provides"} |
                  {i for i in G.predecessors(n) if G.edges[i, n]["rel"] in ("to", "via")})


def _others(G: nx.DiGraph, i: str, n: str) -> list[str]:
    prov = [u for u in G.predecessors(i) if G.edges[u, i]["rel"] == "provides"]
    rest = [v for v in G.successors(i) if G.edges[i, v]["rel"] in ("to", "via")]
    return [x for x in prov + rest if x != n]


def dead_end_flows(ctx: Context) -> list[Finding]:
    """EA-GAP-005: integrations from or to systems that are retired or past end of life."""
    out = []
    for s, a in sorted(ctx.G.nodes(data=True)):
        if a["kind"] != "system":
            continue
        eol = a.get("endOfLife")
        retired = a.get("lifecycle") == "retired"
        if not retired and not (isinstance(eol, date) and eol < ctx.today):
            continue
        ints = _incident(ctx.G, s)
        if not ints:
            continue
        state = {"nb": "avviklet", "en": "retired"} if retired else \
            {"nb": f"slutt på støtte {eol.isoformat()}", "en": f"end of life {eol.isoformat()}"}
        others = [o for i in ints for o in _others(ctx.G, i, s)]
        stated = ("lifecycle", ("retired",)) if retired else ("endOfLife", (eol.isoformat(),))
        out.append(_finding("EA-GAP-005", ctx.kommune, s, a["label"], [s, *ints, *others],
                            {"system": a["label"], "state": state, "n": len(ints), "flows": ctx.labels(ints)},
                            evidence=(stated, ("integrations", _ids(ctx, ints)))))
    return out


def retired_component_flows(ctx: Context) -> list[Finding]:
    """EA-GAP-006: kommune systems exchanging data with a retired (or retiring) national component."""
    out = []
    for k, a in sorted(ctx.G.nodes(data=True)):
        if a["kind"] != "component":
            continue
        when = a.get("retirementDate")
        if a.get("status") not in ("retired", "retiring") and not (isinstance(when, date) and when <= ctx.today):
            continue
        by_system = defaultdict(list)
        for i in _incident(ctx.G, k):
            for o in _others(ctx.G, i, k):
                if ctx.G.nodes[o]["kind"] == "system":
                    by_system[o].append(i)
        closed = isinstance(when, date) and when <= ctx.today
        state = ({"nb": f"stengt {when.isoformat()}", "en": f"closed {when.isoformat()}"} if closed else
                 {"nb": f"stenger {when.isoformat()}", "en": f"closes {when.isoformat()}"} if isinstance(when, date) else
                 {"nb": "avviklet", "en": "retired"})
        succ = a.get("successor")
        # the successor by its name: from the graph when a flow reaches it, else from the catalogue
        succ_name = {lang: (ctx.label(succ) if succ in ctx.G else catalog.catalog_label(succ, lang)) for lang in ("nb", "en")} \
            if succ else {}
        succ_text = {"nb": f", etterfølger {succ_name['nb']}", "en": f", successor {succ_name['en']}"} if succ else {"nb": "", "en": ""}
        for s, ints in sorted(by_system.items()):
            label = ctx.G.nodes[s]["label"]
            out.append(_finding("EA-GAP-006", ctx.kommune, s, label, [s, k, *ints],
                                {"system": label, "component": a["label"], "state": state, "successor": succ_text,
                                 "flows": ctx.labels(ints)}, value=a["label"], component=k,
                                evidence=(("component", (a["id"],)), ("integrations", _ids(ctx, ints)))))
    return out


def manual_chains(ctx: Context) -> list[Finding]:
    """EA-GAP-007: chains of manual / file-transfer flows leaving a system that offers an API."""
    M = nx.DiGraph()
    for i, prov, cons, via in flows(ctx.G):
        if ctx.G.nodes[i].get("mode") in ("manual", "file-transfer"):
            for p in prov:
                for c in cons:
                    for u, v in (zip([p, *via], [*via, c], strict=False) if via else [(p, c)]):
                        M.add_edge(u, v, integration=i)
    apis = defaultdict(list)
    for n, a in ctx.G.nodes(data=True):
        if a["kind"] == "interface" and a.get("protocol") in ctx.cfg.api_protocols:
            apis.update({s: apis[s] + [n] for s in ctx.G.successors(n) if ctx.G.edges[n, s]["rel"] == "provided-by"})
    out = []
    for s in sorted(set(apis) & set(M)):
        depth = nx.single_source_shortest_path_length(M, s)
        longest = max(depth.values())
        if longest < ctx.cfg.min_manual_chain or longest == 0:
            continue
        edges = list(nx.bfs_edges(M, s))
        ints = list(dict.fromkeys(M.edges[u, v]["integration"] for u, v in edges))
        chain = " → ".join([ctx.label(s), *(ctx.label(v) for _, v in edges)])
        label = ctx.G.nodes[s]["label"]
        out.append(_finding("EA-GAP-007", ctx.kommune, s, label, [s, *apis[s], *ints, *(v for _, v in edges)],
                            {"system": label, "apis": ctx.labels(apis[s]), "chain": chain}, value=chain, length=longest,
                            evidence=(("interfaces", _ids(ctx, apis[s])), ("integrations", _ids(ctx, ints)))))
    return out


def _overlap_text(G: nx.DiGraph, members) -> dict:
    def one(n, lang):
        end = G.nodes[n].get("contractEnd")
        word = {"nb": "avtaleslutt", "en": "contract end"}[lang]
        return f"{G.nodes[n]['label']} ({word} {end.isoformat() if isinstance(end, date) else '?'})"
    return {lang: ", ".join(one(n, lang) for n in members) for lang in ("nb", "en")}


def _by_contract_end(G: nx.DiGraph, ns) -> list[str]:
    return sorted(ns, key=lambda n: (G.nodes[n].get("contractEnd") or date.max, G.nodes[n]["label"], n))


def overlaps(ctx: Context) -> list[Finding]:
    """EA-GAP-008: several production systems in one kommune serving the same category (a system counts in
    every one of its categories)."""
    groups = defaultdict(list)
    for s in ctx.systems({"production"}):
        for group in overlap_groups(ctx.G.nodes[s], ctx.cfg.overlap_categories):
            groups[group].append(s)
    out = []
    for group, members in sorted(groups.items(), key=_group_order):
        if len(members) >= ctx.cfg.min_overlap:
            members, (cat, fn) = _by_contract_end(ctx.G, members), group
            out.append(_finding("EA-GAP-008", ctx.kommune, members[0], ctx.G.nodes[members[0]]["label"], members,
                                {"n": len(members), "category": overlap_text(group), "systems": _overlap_text(ctx.G, members)},
                                value=overlap_text(group), category=cat,
                                evidence=(("category", (cat,)), *((("function", (fn,)),) if fn else ()),
                                          ("systems", _ids(ctx, members)))))
    return out


def _group_order(item) -> tuple:
    (cat, fn), _ = item
    return cat, fn or ""


ANALYSES = (missing_components, master_data_gaps, islands, single_points_of_failure, dead_end_flows,
            retired_component_flows, manual_chains, overlaps)


def analyse_graph(G: nx.DiGraph, kommune: str, today: date, cfg: GapConfig | None = None) -> tuple[list, list]:
    """(findings, met answers) of every per-kommune analysis: each finding is a not-met or not-known answer."""
    ctx = Context(G, kommune, today, cfg or default_config())
    findings = [f for analysis in ANALYSES for f in analysis(ctx)]
    met = sorted({Answer(kommune, rule, focus, "met") for rule, focus in ctx.met})
    return sorted(findings, key=Finding.sort_key), met


def analyse(inventory: Graph | Triples, kommune: str, today: date, cfg: GapConfig | None = None) -> tuple[list, list]:
    """Every per-kommune gap analysis (EA-GAP-001 … 008) of one inventory (a graph, or the Triples of the quads
    the check read): (findings, met answers); what `check` runs beside the SHACL rules."""
    return analyse_graph(build_graph(inventory, today=today), kommune, today, cfg)


# --------------------------------------------------------------------------------------------------
# Across the kommuner of an inter-municipal co-operation
# --------------------------------------------------------------------------------------------------


def _iks_groups(inventories: dict[str, Graph], cooperations, stated=None) -> dict[str, dict]:
    """org key -> {label, members (held), aliases (operator IRIs that mean it), shared (its own inventory)}.
    Without declarations the members are what the inventories state (ea:member of an operatedBy operator);
    a declared co-operation takes its members from the declaration, and the operator nodes named like it.
    ``stated``: (held kommuner, [(org, member IRI)]) read from the repository in one query, in place of
    scanning the inventories (analyse_repository then loads only the inventories of kommuner in a group)."""
    from .cooperation import _aliases

    held, pairs = stated if stated is not None else (
        set(inventories), [(org, k) for g in inventories.values() for org, k in g.subject_objects(EA.member)])
    groups: dict[str, dict] = {}
    for org, k in pairs:
        if tail(k) in held:
            grp = groups.setdefault(str(org), {"label": None, "members": set(), "aliases": {str(org)}, "shared": None,
                                               "id": None})
            grp["members"].add(tail(k))
    for coop, shared in cooperations or ():
        aliases = _aliases(coop)
        for key in [k for k in groups if k in aliases]:
            del groups[key]
        groups[str(coop.iri)] = {"label": coop.name, "members": set(coop.members) & set(held), "aliases": aliases,
                                 "shared": shared, "id": coop.id}
    return groups


def _iks_installs(grp: dict, graphs: dict, cfg: GapConfig) -> dict:
    """category -> install key -> (owner, node) for one co-operation: each member's production systems of an
    overlap category, a system run by the co-operation counted once (same id), and the co-operation's own
    shared installations (owner: the co-operation id)."""
    installs: dict = defaultdict(dict)
    owners = sorted(grp["members"]) + ([grp["id"]] if grp["shared"] is not None else [])
    for k in owners:
        G = graphs[k]
        for n, a in sorted(G.nodes(data=True)):
            if a["kind"] == "system" and a.get("lifecycle") == "production":
                own = k == grp["id"] or a.get("operatedBy") in grp["aliases"]
                for group in overlap_groups(a, cfg.overlap_categories):  # a system counts in each of its categories
                    installs[group].setdefault(a["id"] if own else f"{k}/{a['id']}", (k, n))
    return installs


def cooperation_overlaps(coop, inventories: dict[str, Graph], shared: Graph | None, cfg: GapConfig | None = None,
                         today: date | None = None) -> list[dict]:
    """EA-GAP-009's data for one declared co-operation: per overlap category, every installation (owner,
    id, name, contract end) when there are at least ``min_overlap`` of them across two or more owners."""
    cfg = cfg or default_config()
    grp = _iks_groups(inventories, [(coop, shared)])[str(coop.iri)]
    graphs = {k: build_graph(inventories[k], today=today) for k in grp["members"]}
    if shared is not None:
        graphs[coop.id] = build_graph(shared, today=today)
    out = []
    for group, found in sorted(_iks_installs(grp, graphs, cfg).items(), key=_group_order):
        if len(found) < cfg.min_overlap or len({k for k, _ in found.values()}) < 2:
            continue
        cat = overlap_text(group)
        rows = []
        for key, (k, n) in sorted(found.items()):
            a = graphs[k].nodes[n]
            end = a.get("contractEnd")
            # an installation the co-operation runs (one id across the members) is the co-operation's
            rows.append({"owner": k if "/" in key else coop.id, "key": key, "id": a["id"], "name": a["label"],
                         "contract_end": end.isoformat() if isinstance(end, date) else None})
        out.append({"category": cat, "installations": sorted(rows, key=lambda r: (r["owner"], r["name"].lower(), r["id"]))})
    return out


def analyse_iks(inventories: dict[str, Graph], today: date, cfg: GapConfig | None = None, cooperations=None,
                stated=None) -> list[Finding]:
    """EA-GAP-009: kommuner of one co-operation running separate installations for an overlap category.
    A shared installation (same id, operated by the co-operation, or in the co-operation's own inventory)
    counts once. One finding per member kommune that runs an installation of its own in the category.
    ``cooperations``: declared co-operations as (Cooperation, its own inventory or None); ``stated``: see
    _iks_groups (``inventories`` then need hold only the kommuner in a group of two or more)."""
    cfg = cfg or default_config()
    groups = _iks_groups(inventories, cooperations, stated)
    wanted = {k for grp in groups.values() if len(grp["members"]) >= 2 or grp["shared"] is not None for k in grp["members"]}
    graphs = {k: build_graph(g, today=today) for k, g in inventories.items() if k in wanted}
    out = []
    for org, grp in sorted(groups.items()):
        ks = grp["members"]
        if len(ks) + (grp["shared"] is not None) < 2 or not ks:
            continue
        org_label = grp["label"] or next((catalog.label(inventories[k], URIRef(org)) for k in sorted(ks)), tail(org))
        local = dict(graphs)
        if grp["shared"] is not None:
            local[grp["id"]] = build_graph(grp["shared"], today=today)
        for group, found in sorted(_iks_installs(grp, local, cfg).items(), key=_group_order):
            cat, owners = overlap_text(group), {k for k, _ in found.values()}
            if len(found) < cfg.min_overlap or len(owners) < 2:
                continue
            nodes = [n for _, n in found.values()]
            text = {lang: ", ".join(f"{k}: {t}" for k, n in sorted(found.values()) for t in [_overlap_text(local[k], [n])[lang]])
                    for lang in ("nb", "en")}
            for k in sorted(owners & ks):
                own = _by_contract_end(local[k], [n for kk, n in found.values() if kk == k])
                out.append(_finding("EA-GAP-009", k, own[0], local[k].nodes[own[0]]["label"], own + [n for n in nodes if n not in own],
                                    {"org": org_label, "n": len(found), "category": cat, "systems": text},
                                    value=cat, category=group[0], organisation=org,
                                    evidence=(("category", (group[0],)), *((("function", (group[1],)),) if group[1] else ()),
                                              ("installations", tuple(sorted(found))))))
    return out


_GAP_WORKER: dict = {}


def _gap_worker_init(repo_path: str) -> None:
    from .store import Repository

    _GAP_WORKER["repo"] = Repository(repo_path, read_only=True)


def _gap_one(k: str, today: date, cfg: GapConfig | None, repo=None) -> tuple[str, list, list]:
    """The per-kommune analyses of one kommune of the repository (in a worker process, or in this one)."""
    from . import cooperation as coop_mod

    repo = repo if repo is not None else _GAP_WORKER["repo"]
    g, context = coop_mod.with_context(repo, k)
    fs, met = analyse(g, k, today, cfg)
    return k, [f for f in fs if f.focus not in context], [a for a in met if a.focus not in context]


def analyse_repository(repo, codes: list[str], today: date, cfg: GapConfig | None = None, *, jobs: int = 1,
                       progress=None) -> tuple[list, list]:
    """(findings, answers) of the gap analyses of the given kommuner of a Repository, including co-operation
    overlap with partner kommuner the repository holds (findings only for the kommuner asked for). Each
    kommune's graph includes the inventories of its co-operations as context (ea_repo/cooperation.py);
    findings about the shared installations themselves are left to the co-operation's own check.

    The kommuner stream through ``jobs`` worker processes one at a time (memory stays flat in their number);
    for the overlap across co-operations only the inventories of kommuner in a group of two or more are read.
    ``progress(done, total, kommune)`` is called as each kommune is analysed."""
    from concurrent.futures import ProcessPoolExecutor

    from . import cooperation as coop_mod
    from .namespaces import inventory_graph
    from .store import to_rdflib

    held = set(repo.kommuner())
    findings, answers = [], []
    done = 0

    def collect(result) -> None:
        nonlocal done
        k, fs, met = result
        findings.extend(fs)
        answers.extend(met)
        done += 1
        if progress is not None:
            progress(done, len(codes), k)

    jobs = max(1, min(jobs, len(codes)))
    if jobs == 1 or repo.path is None:
        for k in codes:
            collect(_gap_one(k, today, cfg, repo))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_gap_worker_init, initargs=(str(repo.path),)) as pool:
            for result in pool.map(_gap_one, codes, [today] * len(codes), [cfg] * len(codes), chunksize=1):
                collect(result)
    # who is a member of which operator, as every held inventory states it (one query, no inventory loaded)
    prefix = str(inventory_graph(""))
    rows = repo.query(f"SELECT ?g ?org ?k WHERE {{ GRAPH ?g {{ ?org <{EA.member}> ?k }} }}")
    pairs_by_graph: dict[str, list] = defaultdict(list)
    for r in rows:
        pairs_by_graph[r["g"].value].append((to_rdflib(r["org"]), to_rdflib(r["k"])))
    asked = set(codes)
    orgs = {org for k in codes for org, _ in pairs_by_graph.get(prefix + k, ())}
    partners = {tail(m) for pairs in pairs_by_graph.values() for org, m in pairs if org in orgs}
    declared = coop_mod.declared(repo)
    mine = [c for c in declared.values() if set(c.members) & asked]
    for c in mine:
        partners |= set(c.members)
    loaded = asked | (partners & held)
    stated = (loaded, [p for g, pairs in sorted(pairs_by_graph.items())
                       if g.startswith(prefix) and g[len(prefix):] in loaded for p in pairs])
    shared = [(c, coop_mod.inventory(repo, c.id) if coop_mod.has_inventory(repo, c.id) else None) for c in mine]
    groups = _iks_groups({}, shared, stated)
    wanted = {k for grp in groups.values() if len(grp["members"]) >= 2 or grp["shared"] is not None for k in grp["members"]}
    inventories = {k: repo.inventory(k) for k in sorted(wanted)}
    findings += [f for f in analyse_iks(inventories, today, cfg, cooperations=shared, stated=stated) if f.kommune in codes]
    answers += [Answer(f.kommune, f.rule, f.focus, f.answer) for f in findings]
    return sorted(findings, key=Finding.sort_key), sorted(set(answers))
