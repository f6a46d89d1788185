"""The kommune's decisions about its plan, kept in the repository: the named graph graph/plan/NNNN holds one node
per decided action (owner, year, cost, status, who and when) and the måltavle's points of the imports the plan
was made at (the repository keeps only the last two inventories, so these points are the måltavle's longer
history), and graph/meta one record per ``plan import`` (who, when, the file and its SHA-256, how many actions it
changed), like an inventory's import record. Both are written in ONE transaction; nothing else changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import EA, GRAPH, PROV, kommune
from .actions import Decision
from .scoreboard import INDICATORS, Point

#: the måltavle indicator -> its property on a stored point
INDICATOR_PROPERTY = {n: EA["indicator" + "".join(w.capitalize() for w in n.split("_"))] for n in INDICATORS}


def plan_graph(code: str) -> URIRef:
    return GRAPH[f"plan/{code}"]


def _node(code: str, action: str) -> URIRef:
    return URIRef(f"https://w3id.org/ea-repo/id/kommune/{code}/plan/action/{quote(action, safe='')}")


@dataclass(frozen=True)
class PlanImport:
    kommune: str
    time: str
    by: str
    file: str
    sha256: str
    changed: int


def read_decisions(repo, code: str) -> dict[str, Decision]:
    """Action id -> the kommune's latest decision about it."""
    g = repo.graph(plan_graph(code))
    out = {}
    for s in g.subjects(RDF.type, EA.PlanDecision):
        ident = str(g.value(s, EA.actionId))
        year, cost = g.value(s, EA.planYear), g.value(s, EA.cost)
        out[ident] = Decision(
            ident, owner=_opt(g.value(s, EA.planOwner)), year=int(year) if year is not None else None,
            cost=float(cost) if cost is not None else None, status=_opt(g.value(s, EA.planStatus)),
            title=str(g.value(s, EA.name) or ""), by=str(g.value(s, PROV.wasAssociatedWith) or ""),
            at=_iso(g.value(s, PROV.generatedAtTime)))
    return dict(sorted(out.items()))


def _point_node(code: str, time: str) -> URIRef:
    return URIRef(f"https://w3id.org/ea-repo/id/kommune/{code}/plan/point/{quote(time, safe='')}")


def read_points(repo, code: str) -> list[Point]:
    """The måltavle points kept at earlier plan imports, oldest first."""
    g = repo.graph(plan_graph(code))
    out = []
    for s in g.subjects(RDF.type, EA.ScoreboardPoint):
        values = {}
        for n, p in INDICATOR_PROPERTY.items():
            v = g.value(s, p)
            values[n] = None if v is None else (int(v) if n in ("violations", "components", "end_of_life") else float(v))
        out.append(Point(time=_iso(g.value(s, PROV.atTime)), **values))
    return sorted(out, key=lambda p: p.time)


def _iso(v) -> str:
    """A stored date-time as the import records write it (UTC with Z)."""
    text = "" if v is None else str(v)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _opt(v) -> str | None:
    return None if v is None else str(v)


def plan_imports(repo, code: str) -> list[PlanImport]:
    rows = repo.query(
        f"""PREFIX ea: <{EA}> PREFIX prov: <{PROV}> SELECT ?time ?by ?file ?sha ?n WHERE {{ GRAPH <{GRAPH['meta']}> {{
          ?r a ea:PlanImport ; ea:kommune <{kommune(code)}> ; prov:startedAtTime ?time ; prov:wasAssociatedWith ?by ;
             ea:fileName ?file ; ea:sha256 ?sha ; ea:changedCount ?n }} }} ORDER BY ?time ?file""")
    return [PlanImport(code, _iso(r["time"].value), r["by"].value, r["file"].value, r["sha"].value, int(r["n"].value))
            for r in rows]


def save_decisions(repo, code: str, changed: dict[str, Decision], record: PlanImport, points: list[Point] = ()) -> None:
    """Keep CHANGED over the decisions held (one per action, the newest wins), POINTS over the måltavle points held
    (one per import time) and RECORD, in one transaction."""
    held = {**read_decisions(repo, code), **changed}
    kept = {p.time: p for p in [*read_points(repo, code), *points] if p.time}
    g = Graph()
    for time, p in sorted(kept.items()):
        s = _point_node(code, time)
        g.add((s, RDF.type, EA.ScoreboardPoint))
        g.add((s, EA.kommune, kommune(code)))
        g.add((s, PROV.atTime, Literal(time, datatype=XSD.dateTime)))
        for n, prop in INDICATOR_PROPERTY.items():
            v = getattr(p, n)
            if v is not None:
                g.add((s, prop, Literal(v, datatype=XSD.integer) if isinstance(v, int) else Literal(round(v, 3),
                                                                                                   datatype=XSD.decimal)))
    for ident, d in held.items():
        s = _node(code, ident)
        g.add((s, RDF.type, EA.PlanDecision))
        g.add((s, EA.actionId, Literal(ident)))
        g.add((s, EA.kommune, kommune(code)))
        for p, v in ((EA.planOwner, d.owner), (EA.planStatus, d.status), (EA.name, d.title or None)):
            if v is not None:
                g.add((s, p, Literal(v)))
        if d.year is not None:
            g.add((s, EA.planYear, Literal(d.year, datatype=XSD.integer)))
        if d.cost is not None:
            g.add((s, EA.cost, Literal(d.cost, datatype=XSD.decimal)))
        g.add((s, PROV.wasAssociatedWith, Literal(d.by)))
        g.add((s, PROV.generatedAtTime, Literal(d.at, datatype=XSD.dateTime)))
    meta = Graph()
    r = URIRef(f"https://w3id.org/ea-repo/id/import/{code}/plan-{uuid.uuid4().hex[:16]}")
    for p, o in ((RDF.type, EA.PlanImport), (EA.kommune, kommune(code)), (EA.graph, plan_graph(code)),
                 (PROV.startedAtTime, Literal(record.time, datatype=XSD.dateTime)),
                 (PROV.wasAssociatedWith, Literal(record.by)), (EA.fileName, Literal(record.file)),
                 (EA.sha256, Literal(record.sha256)), (EA.changedCount, Literal(record.changed, datatype=XSD.integer))):
        meta.add((r, p, o))
    repo.replace_graph(plan_graph(code), g, meta)
