"""The kommune's decisions about its plan, kept in the repository: the named graph graph/plan/NNNN holds one node
per decided action (owner, year, cost, status, who and when), and graph/meta one record per ``plan import``
(who, when, the file and its SHA-256, how many actions it changed), like an inventory's import record.
Both are written in ONE transaction; nothing else in the repository changes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import EA, GRAPH, PROV, kommune
from .actions import Decision


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


def save_decisions(repo, code: str, changed: dict[str, Decision], record: PlanImport) -> None:
    """Keep CHANGED over the decisions held (one per action, the newest wins) and RECORD, in one transaction."""
    held = {**read_decisions(repo, code), **changed}
    g = Graph()
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
