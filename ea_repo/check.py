"""`check`: validate kommuner with the rules, one kommune at a time, in parallel processes.

Each worker process opens the repository read-only and compiles the shapes once; each kommune is
validated against its own inventory graph + the catalogue. Results become Findings; waivers are
applied afterwards, in the parent, so every writer sees the same list.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import __version__, catalog, rules
from .engines import DEFAULT_ENGINE, ENGINES, make_engine
from .errors import UsageError
from .findings import Finding
from .inventory import load_files
from .namespaces import EA, SH, inventory_graph
from .store import Repository, to_rdflib
from .waivers import apply_waivers, load_waivers

# Analyses beyond SHACL (graph gaps …) register here: f(inventory: Graph, kommune: str, today) -> findings.
ANALYSES: list[Callable[[Graph, str, dt.date], list[Finding]]] = []


def _register_analyses() -> None:
    from .gaps import analyse

    if analyse not in ANALYSES:
        ANALYSES.append(analyse)


@dataclass
class KommuneCheck:
    kommune: str
    findings: list[Finding]
    report: Graph | None = None
    seconds: float = 0.0


@dataclass
class CheckRun:
    kommuner: list[KommuneCheck] = field(default_factory=list)
    engine: str = DEFAULT_ENGINE
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for k in self.kommuner for f in k.findings), key=Finding.sort_key)


# --- report graph -> findings ----------------------------------------------------------------------

_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def _labels_from_quads(quads, names: dict[str, str]) -> None:
    ea_name = str(EA.name)
    for q in quads:
        if q.predicate.value == ea_name:
            names.setdefault(q.subject.value, q.object.value)


def findings_from_report(report: Graph, kommune: str, labels: dict[str, str]) -> list[Finding]:
    known = rules.load_rules()
    seen: set[tuple] = set()
    out: list[Finding] = []
    cat = catalog.catalog_graph()
    for res in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(res, SH.sourceShape)
        code = rules.rule_code_for_shape(str(shape)) if shape is not None else None
        rule = known.get(code) if code else None
        if rule is None:
            continue  # a result of a helper shape outside the rule convention; the rule itself reports
        focus = report.value(res, SH.focusNode)
        path = report.value(res, SH.resultPath)
        value = report.value(res, SH.value)
        key = (code, str(focus), str(path) if isinstance(path, URIRef) else None, str(value) if value is not None else None)
        if key in seen:
            continue
        seen.add(key)
        severity = _SEVERITY.get(report.value(res, SH.resultSeverity), rule.severity)
        value_text = None
        if value is not None:
            value_text = catalog.label(cat, value) if isinstance(value, URIRef) else str(value)
        out.append(
            Finding(
                rule=code, severity=severity, kommune=kommune, focus=str(focus),
                focus_label=labels.get(str(focus)) or catalog.label(cat, focus),
                title=rule.title, message=rule.message, remedy=rule.remedy,
                path=str(path).rsplit("#", 1)[-1] if isinstance(path, URIRef) else None,
                value=value_text, legal_basis=rule.legal_basis, source_url=rule.source_url,
                level=rule.level, area=rule.area, requirement=rule.requirement, origin="shacl",
            )
        )
    return out


# --- worker processes ------------------------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(repo_path: str | None, engine: str) -> None:
    _register_analyses()
    _WORKER["repo"] = Repository(repo_path, read_only=True) if repo_path else None
    _WORKER["engine"] = make_engine(engine)


def _check_quads(engine, quads: list, kommune: str, today: dt.date, keep_report: bool, analyses: bool) -> KommuneCheck:
    import time

    t0 = time.perf_counter()
    labels: dict[str, str] = {}
    _labels_from_quads(quads, labels)
    report = engine.validate(quads, today)
    findings = findings_from_report(report, kommune, labels)
    if analyses and ANALYSES:
        inv = Graph()
        for q in quads:
            inv.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        for analysis in ANALYSES:
            findings.extend(analysis(inv, kommune, today))
    return KommuneCheck(kommune, findings, report if keep_report else None, time.perf_counter() - t0)


def _worker_check(kommune: str, today: dt.date, keep_report: bool, analyses: bool) -> KommuneCheck:
    repo: Repository = _WORKER["repo"]
    quads = list(repo.quads(inventory_graph(kommune)))
    return _check_quads(_WORKER["engine"], quads, kommune, today, keep_report, analyses)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def check_repository(
    repo_path,
    kommuner: list[str] | None,
    *,
    engine: str = DEFAULT_ENGINE,
    jobs: int | None = None,
    today: dt.date | None = None,
    keep_reports: bool = False,
    analyses: bool = True,
) -> CheckRun:
    """Check the given kommuner (None = all held). Raises UsageError for an empty repository or an
    unknown kommune."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine '{engine}'; use one of {', '.join(ENGINES)}")
    today = today or dt.date.today()
    repo = Repository(repo_path, read_only=True)
    try:
        held = repo.kommuner()
    finally:
        repo.close()
    if not held:
        raise UsageError(f"the repository at {repo_path} holds no inventories; import one first (`ea-repo import`)")
    codes = held if kommuner is None else kommuner
    missing = [k for k in codes if k not in held]
    if missing:
        raise UsageError(f"the repository holds no inventory for kommune {', '.join(missing)} (it holds: {', '.join(held)})")
    rules.load_rules()  # fail early on broken shapes, before starting workers
    if analyses:
        _register_analyses()
    jobs = max(1, min(jobs or default_jobs(), len(codes)))
    run = CheckRun(engine=engine, today=today)
    if jobs == 1:
        _worker_init(str(repo_path), engine)
        try:
            run.kommuner = [_worker_check(k, today, keep_reports, analyses) for k in codes]
        finally:
            _WORKER["repo"].close()
            _WORKER.clear()
        return run
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(str(repo_path), engine)) as pool:
        futures = [pool.submit(_worker_check, k, today, keep_reports, analyses) for k in codes]
        run.kommuner = [f.result() for f in futures]
    return run


def check_graph(inventory: Graph, kommune: str, *, engine: str = DEFAULT_ENGINE, today: dt.date | None = None,
                keep_reports: bool = False, analyses: bool = True) -> CheckRun:
    """Check an inventory graph that is not in any repository (`ea-repo check FILE`)."""
    import pyoxigraph as ox

    from .store import to_ox

    today = today or dt.date.today()
    if analyses:
        _register_analyses()
    g = ox.NamedNode(str(inventory_graph(kommune)))
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in inventory]
    result = _check_quads(make_engine(engine), quads, kommune, today, keep_reports, analyses)
    return CheckRun([result], engine, today)


def tool_version() -> str:
    return __version__


# --- the whole check as the CLI and the report run it -------------------------------------------


def run_check(*, repo_path=None, kommuner=None, files=(), engine=DEFAULT_ENGINE, jobs=None, today=None,
              waivers_file=None, keep_reports=False, analyses=True):
    """Check a repository (kommuner=None: all held) or inventory files, then apply waivers.

    Returns (CheckRun, findings sorted, rules registry)."""
    known = rules.load_rules()
    waivers = load_waivers(Path(waivers_file), set(known) | {a for r in known.values() for a in r.aliases}) if waivers_file else []
    if files:
        kommune = kommuner[0] if kommuner else None
        loaded = load_files([Path(f) for f in files], kommune) if kommune else _load_with_meta_kommune(files)
        run = check_graph(loaded.graph, loaded.kommune, engine=engine, today=today, keep_reports=keep_reports, analyses=analyses)
    else:
        run = check_repository(repo_path, kommuner, engine=engine, jobs=jobs, today=today, keep_reports=keep_reports,
                               analyses=analyses)
    aliases = {code: set(r.aliases) for code, r in known.items()}
    findings = apply_waivers(run.findings, waivers, run.today, aliases, {k.kommune for k in run.kommuner})
    return run, sorted(findings, key=Finding.sort_key), known


def _load_with_meta_kommune(files):
    from .inventory.readers import expand, read_tabular

    paths = expand([Path(f) for f in files])
    meta_k = None
    if all(p.suffix.lower() in (".xlsx", ".csv", ".json") for p in paths):
        meta_k = read_tabular(paths).meta.get("kommune")
    if not meta_k:
        raise UsageError("say which kommune the file belongs to: --kommune NNNN (or put 'kommune' in its meta sheet)")
    return load_files(paths, str(meta_k))
