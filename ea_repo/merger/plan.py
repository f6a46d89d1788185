"""A dated renumbering plan: the impact per predecessor kommune, overlaps, split assignments and the tasks in
dependency order with deadlines counted back from the change date (critical-path method).

    build_plan(inventories, reform, today=..., assignments=...)  -> Plan   (pure: inventories are rdflib graphs)
    plan_repository(repo, reform, today=..., assignments=...)     -> Plan   (reads the inventories the reform needs)

Scheduling: every task has a duration; templates may fix a deadline or an earliest start relative to the change
date D (freezes are fixed windows). The project starts ``prepare_days`` (18 months) before D, or today if that
is later. Backward pass: latest finish = min(fixed deadline, latest start of every successor); tasks before D
all precede the go-live milestone at D. Forward pass: earliest start = max(project start, fixed start, earliest
finish of every predecessor). Slack = latest finish - earliest finish; the critical path is the chain of
least slack that binds go-live. A system task follows the tasks of the systems it receives the number from;
a cycle of such flows becomes one joint task and is reported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import yaml
from rdflib import Graph

from ..errors import InputError, UsageError
from ..graph import is_live, tail
from ..i18n import msg
from ..store import Repository
from .analysis import Reform, Settings, Target, Template, impact, overlaps, settings, templates


@dataclass
class Task:
    id: str
    target: str
    template: str
    kind: str
    label: dict
    responsible: dict
    duration: int
    depends: list[str] = field(default_factory=list)
    deadline: date | None = None  # fixed latest finish
    not_before: date | None = None  # fixed earliest start
    systems: list[dict] = field(default_factory=list)
    legal_basis: str | None = None
    sources: list[str] = field(default_factory=list)
    verified: bool = True
    note: str | None = None
    after_change: bool = False
    # computed
    es: date | None = None
    ef: date | None = None
    ls: date | None = None
    lf: date | None = None
    slack: int | None = None
    critical: bool = False
    order: int = 0


@dataclass
class Plan:
    reform: Reform
    today: date | None
    targets: list[dict]
    tasks: list[Task]
    critical_path: list[str]
    cycles: list[list[str]]
    warnings: list[str]


def load_assignments(path: Path) -> dict[str, str]:
    """A YAML mapping system id (or OLD/system-id) -> new kommunenummer, for splits."""
    from ..inventory.readers import file_problem

    problem = file_problem(Path(path))  # a device or a pipe (/dev/zero) is never read
    if problem is not None:
        raise problem
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(msg(f"cannot read the assignment file ({e.strerror})", f"kan ikke lese fordelingsfilen ({e.strerror})"),
                         file=str(path)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(msg(f"not valid YAML ({getattr(e, 'problem', e)})", f"ikke gyldig YAML ({getattr(e, 'problem', e)})"),
                         file=str(path),
                         line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise InputError(msg("expected a mapping 'system id: new kommunenummer'",
                             "forventet en mapping 'system-id: nytt kommunenummer'"), file=str(path),
                         hint=msg("e.g.\n  sak: '1508'\n  byggesak: '1580'", "f.eks.\n  sak: '1508'\n  byggesak: '1580'"))
    return {str(k): str(v).zfill(4) for k, v in data.items()}


def _scopes(t: Target, reform: Reform, held: set[str]) -> set[str]:
    preds = set(t.predecessors) & held
    out = {"system"}
    if any(p != t.code for p in preds):
        out.add("renumbered")
    if len(t.predecessors) > 1 or any(reform.split(p) for p in t.predecessors) or t.kind in ("merger", "split", "reorganisation"):
        out |= {"new-entity"}
    if len(t.predecessors) > 1:
        out.add("merger")
    if any(reform.split(p) for p in preds):
        out.add("split")
    return out


def _from_template(tpl: Template, target: Target, **kw) -> Task:
    d = target.date
    start = d + timedelta(days=tpl.start) if tpl.start is not None else None
    deadline = d + timedelta(days=tpl.deadline) if tpl.deadline is not None else None
    if tpl.kind == "freeze" and start is not None:
        deadline = start + timedelta(days=tpl.duration)
    return Task(id=f"{target.code}:{tpl.id}", target=target.code, template=tpl.id, kind=tpl.kind, label=dict(tpl.label),
                responsible=dict(tpl.responsible), duration=tpl.duration, deadline=deadline, not_before=start,
                legal_basis=tpl.legal_basis, sources=list(tpl.sources), verified=tpl.verified, note=tpl.note,
                after_change=tpl.start is not None and tpl.start >= 0, **kw)


def _touches(G: nx.DiGraph, n: str, comps: set) -> bool:
    """Does system ``n`` exchange data with any of the components (through an integration)?"""
    flows = [i for i in (*G.successors(n), *G.predecessors(n)) if G.nodes[i]["kind"] == "integration"]
    return any(comps & {*G.successors(i), *G.predecessors(i)} for i in flows)


def _system_ref(imp, n: str) -> dict:
    a = imp.graph.nodes[n]
    return {"kommune": imp.kommune, "iri": n, "id": a.get("id", tail(n)), "label": a.get("label", tail(n)),
            "category": "; ".join(a.get("category") or ()) or None, "reasons": list(imp.systems.get(n, ()))}


def build_plan(inventories: dict[str, Graph], reform: Reform, *, today: date | None = None,
               assignments: dict[str, str] | None = None, s: Settings | None = None) -> Plan:
    s = s or settings()
    tpls = templates()
    held = set(inventories)
    assignments = assignments or {}
    impacts = {code: impact(g, code, s) for code, g in sorted(inventories.items())}
    tasks: dict[str, Task] = {}
    targets, cycles, warnings = [], [], []
    for t in reform.targets:
        preds_held = [p for p in t.predecessors if p in held]
        scopes = _scopes(t, reform, held)
        # split assignments: which systems of a split predecessor go to this target
        split_rows, undecided = [], []
        for p in preds_held:
            if not reform.split(p):
                continue
            for _, a in impacts[p].graph.nodes(data=True):
                if a["kind"] != "system":
                    continue
                to = assignments.get(f"{p}/{a['id']}") or assignments.get(a["id"])
                if to is not None and to not in reform.parts[p]:
                    parts = ", ".join(reform.parts[p])
                    raise UsageError(msg(f"the assignment file gives system '{a['id']}' of {p} to {to}, but {p} is split into "
                                         f"{parts}; use one of those numbers",
                                         f"fordelingsfilen gir systemet '{a['id']}' i {p} til {to}, men {p} deles i "
                                         f"{parts}; bruk et av de numrene"))
                row = {"kommune": p, "id": a["id"], "label": a["label"], "to": to}
                if to == t.code:
                    split_rows.append(row)
                elif to is None and t.code == reform.parts[p][0]:
                    undecided.append(row)
        ov = overlaps({p: impacts[p].graph for p in preds_held}) if "merger" in scopes else []
        targets.append({"target": t, "held": preds_held, "not_held": [p for p in t.predecessors if p not in held],
                        "impacts": {p: impacts[p] for p in preds_held}, "overlaps": ov, "split_assigned": split_rows,
                        "split_undecided": undecided, "scopes": sorted(scopes)})
        if "renumbered" not in scopes and "merger" not in scopes:
            continue  # a name change or a continued number: nothing to renumber
        local = {tp.id: _from_template(tp, t) for tp in tpls.values() if tp.scope in scopes and tp.scope != "system"}
        for tk in local.values():
            tpl = tpls[tk.template]
            tk.depends = [f"{t.code}:{d}" for d in tpl.depends if d in local]
            comps = set(tpl.components)
            tk.systems = [_system_ref(impacts[p], n) for p in preds_held for n, a in sorted(impacts[p].graph.nodes(data=True))
                          if comps and a["kind"] == "system" and is_live(a) and _touches(impacts[p].graph, n, comps)]
        # one task per affected system (per strongly connected group of flows), ordered provider -> consumer
        sys_tpl = tpls["system-change"]
        overlap_iris = {r["iri"] for o in ov for r in o["systems"]}
        for p in preds_held:
            imp = impacts[p]
            if p == t.code and len(t.predecessors) == 1:
                continue
            if reform.split(p):
                keep = {r["id"] for r in split_rows} | {r["id"] for r in undecided}
                nodes = [n for n in imp.order if imp.graph.nodes[n]["id"] in keep]
            else:
                nodes = list(imp.order) if p != t.code else []
            sub = imp.order.subgraph(nodes)
            cond = nx.condensation(sub)
            ids = {}
            for c in sorted(cond.nodes, key=lambda c: sorted(cond.nodes[c]["members"])):
                members = sorted(cond.nodes[c]["members"])
                if len(members) > 1:
                    cycles.append([f"{p}/{imp.graph.nodes[m]['id']}" for m in members])
                tid = f"{t.code}:system:{p}/" + "+".join(imp.graph.nodes[m]["id"] for m in members)
                ids[c] = tid
                names = ", ".join(imp.label(m) for m in members)
                tk = _from_template(sys_tpl, t, systems=[_system_ref(imp, m) for m in members])
                tk.id = tid
                tk.label = {"nb": f"Endre kommunenummer i {names} ({p})" + (" — samtidig (syklus)" if len(members) > 1 else ""),
                            "en": f"Change the kommunenummer in {names} ({p})" + (" — together (cycle)" if len(members) > 1 else "")}
                tk.depends = [f"{t.code}:{d}" for d in sys_tpl.depends if d in local]
                if "choose-systems" in local and overlap_iris & set(members):
                    tk.depends.append(f"{t.code}:choose-systems")
                if "assign-split" in local and reform.split(p):
                    tk.depends.append(f"{t.code}:assign-split")
                local[tid] = tk
            for u, v in cond.edges:
                local[ids[v]].depends.append(ids[u])
        golive = local.get("go-live")
        if golive:
            used = {d for x in local.values() if not x.after_change for d in x.depends}
            golive.depends = sorted(tk.id for tk in local.values() if tk is not golive and not tk.after_change
                                    and tk.id not in used)
            for tk in local.values():
                if tk.after_change and golive.id not in tk.depends:
                    tk.depends.append(golive.id)
        for tk in local.values():
            tk.depends = sorted(set(tk.depends))
            tasks[tk.id] = tk
    path = _schedule(tasks, reform, today, s, warnings)
    order = _order(tasks)
    for i, tid in enumerate(order, 1):
        tasks[tid].order = i
    return Plan(reform, today, targets, [tasks[k] for k in order], path, cycles, warnings)


def _order(tasks: dict[str, Task]) -> list[str]:
    D = nx.DiGraph()
    D.add_nodes_from(tasks)
    D.add_edges_from((d, k) for k, t in tasks.items() for d in t.depends)
    return list(nx.lexicographical_topological_sort(D, key=lambda k: (tasks[k].es or date.min).isoformat() + k))


def _schedule(tasks: dict[str, Task], reform: Reform, today: date | None, s: Settings, warnings: list) -> list[str]:
    D = nx.DiGraph()
    D.add_nodes_from(tasks)
    D.add_edges_from((d, k) for k, t in tasks.items() for d in t.depends)
    if not nx.is_directed_acyclic_graph(D):  # the templates are data: say which ones loop
        cycle = " -> ".join(a for a, _ in nx.find_cycle(D))
        raise UsageError(msg("catalog/renumbering.ttl: the task dependencies form a cycle: " + cycle,
                             "catalog/renumbering.ttl: avhengighetene mellom oppgavene går i ring: " + cycle))
    day = timedelta(days=1)
    dates = {t.code: t.date for t in reform.targets}
    topo = list(nx.topological_sort(D))
    for k in topo:  # forward
        t = tasks[k]
        start = dates[t.target] - timedelta(days=s.prepare_days)
        if today and today > start:
            start = today
        t.es = max([start] + ([t.not_before] if t.not_before else []) + [tasks[d].ef for d in t.depends])
        t.ef = t.es + t.duration * day
    for k in reversed(topo):  # backward
        t = tasks[k]
        caps = [tasks[x].ls for x in D.successors(k)] + ([t.deadline] if t.deadline else [])
        t.lf = min(caps) if caps else (t.ef if t.after_change else dates[t.target])
        t.ls = t.lf - t.duration * day
        t.slack = (t.lf - t.ef).days
    before = [t for t in tasks.values() if not t.after_change]
    if not before:
        return []
    least = min(t.slack for t in before)
    for t in before:
        t.critical = t.slack == least
    if least < 0:
        warnings.append(f"the plan is {-least} days late: critical tasks cannot finish by their deadlines "
                        f"(started {min(t.es for t in before)}); shorten them or move the date")
    path, cur = [], next((t for t in tasks.values() if t.template == "go-live"), None)
    while cur is not None:
        path.append(cur.id)
        preds = [tasks[d] for d in cur.depends if tasks[d].critical and tasks[d].ef == cur.es]
        cur = max(preds, key=lambda x: (x.duration, x.id), default=None)
    return list(reversed(path))


def plan_repository(repo: Repository, reform: Reform, **kw) -> Plan:
    held = set(repo.kommuner())
    needed = sorted({p for t in reform.targets for p in t.predecessors if p in held})
    if not needed:
        listed = ", ".join(sorted({p for t in reform.targets for p in t.predecessors}))
        raise UsageError(msg(f"the repository holds none of the kommuner {listed}",
                             f"repositoryet har ingen av kommunene {listed}"))
    return build_plan({c: repo.inventory(c) for c in needed}, reform, **kw)


# --------------------------------------------------------------------------------------------------
# Data views for the writers (pure)
# --------------------------------------------------------------------------------------------------


def _iso(v):
    return v.isoformat() if isinstance(v, date) else v


def affected_ids(plan: Plan) -> dict[str, set[str]]:
    """Per predecessor kommune: the ids of affected systems, integrations and interfaces (for tests and JSON)."""
    out = {}
    for tg in plan.targets:
        for p, imp in tg["impacts"].items():
            ids = lambda d, imp=imp: {imp.graph.nodes[n].get("id", tail(n)) for n in d}  # noqa: E731
            out[p] = {"systems": ids(imp.systems), "integrations": ids(imp.integrations),
                      "interfaces": ids(imp.interfaces), "verify": ids(imp.verify)}
    return out


def to_data(plan: Plan) -> dict:
    tasks = []
    for t in plan.tasks:
        d = {k: _iso(v) for k, v in asdict(t).items()}
        tasks.append(d)
    targets = []
    for tg in plan.targets:
        t = tg["target"]
        targets.append({
            "code": t.code, "name": t.name, "date": t.date.isoformat(), "kind": t.kind, "predecessors": list(t.predecessors),
            "held": tg["held"], "not_held": tg["not_held"], "scopes": tg["scopes"],
            "impact": {p: {"systems": [_system_ref(imp, n) for n in imp.systems],
                           "integrations": [{"id": imp.graph.nodes[n]["id"], "iri": n, "reason": r} for n, r in imp.integrations.items()],
                           "interfaces": [{"id": imp.graph.nodes[n]["id"], "iri": n, "reason": r} for n, r in imp.interfaces.items()],
                           "verify": [{"id": imp.graph.nodes[n].get("id"), "iri": n, "reason": r} for n, r in imp.verify.items()],
                           "components": sorted(tail(c) for c in imp.components)}
                       for p, imp in tg["impacts"].items()},
            "overlaps": [{**o, "systems": [{k: _iso(v) for k, v in r.items()} for r in o["systems"]]} for o in tg["overlaps"]],
            "split_assigned": tg["split_assigned"], "split_undecided": tg["split_undecided"]})
    r = plan.reform
    return {"reform": r.label, "today": _iso(plan.today), "parts": {k: list(v) for k, v in r.parts.items()},
            "targets": targets, "tasks": tasks, "critical_path": plan.critical_path, "cycles": plan.cycles,
            "warnings": plan.warnings}
