"""The check: the one entry point that turns inventories into a CheckResult.

``run(CheckRequest)`` owns a check from start to end: it loads the rule registry explicitly (SHACL rules
and the graph-analysis rules), reads the waivers once, takes the date and the versions once, validates
each kommune (in parallel processes for a repository) and returns one CheckResult. The CLI, the report,
procurement and everything else consume that result; none of them runs a check of its own.

Each (rule, subject) pair a rule applies to ends as met, not met or not known (ea_repo/ruleshape.py for
the SHACL rules, ea_repo/gaps.py for the graph analyses). A Finding is made for every not-met and
not-known answer, naming the stated facts it rests on (evidence) or the facts to record (missing).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from . import __version__, catalog, rules
from .engines import DEFAULT_ENGINE, ENGINES, make_engine
from .errors import UsageError
from .findings import Answer, Finding
from .i18n import msg
from .inventory import load_files
from .namespaces import DCT, EA
from .repopath import resolve_path
from .results import CheckResult, InventoryInfo
from .ruleshape import answer_of
from .store import Repository, location_of, now_iso, using
from .waivers import apply_waivers, approved_waivers, load_waivers

UNKNOWN_VALUES = {"https://w3id.org/ea-repo/vocab/lifecycle/unknown", "https://w3id.org/ea-repo/vocab/charset/unknown"}


@dataclass(frozen=True)
class CheckRequest:
    """What to check and how. ``today`` is the check date (rules never read the clock)."""

    today: dt.date
    repo_path: str | os.PathLike | Repository | None = None  # a folder, a URL, or an open Repository (the server's)
    kommuner: tuple[str, ...] | None = None  # None: every kommune the repository holds
    files: tuple = ()  # inventory files to check without importing them (instead of a repository)
    graph: Graph | None = None  # or an inventory graph (with ``kommuner`` naming its one kommune)
    engine: str = DEFAULT_ENGINE
    jobs: int | None = None
    waivers_file: str | os.PathLike | None = None
    keep_reports: bool = False  # keep the SHACL report graphs (for --format ttl)
    analyses: bool = True  # run the graph analyses (EA-GAP-…) beside the SHACL rules
    previous: bool = False  # also check each kommune's previous import (the report's trend)
    checked_at: str | None = None  # ISO date-time stamped on the result (default: now)
    # co-operations whose own inventory is a subject of the check (ea_repo/cooperation.py); None: all of them
    # when every kommune is checked (``kommuner`` None), else none
    cooperations: tuple[str, ...] | None = None
    # called as progress(done, total, kommune) after each subject is checked (the CLI's progress bar)
    progress: Callable[[int, int, str], None] | None = None
    # a pool of processes kept by the caller (the server's) that checks each subject from its quads, handed over as
    # N-Quads text: the checks run beside each other and beside the caller's threads, and no worker opens the
    # repository (an embedded store only one process may open)
    executor: Executor | None = None


@dataclass
class KommuneCheck:
    kommune: str
    findings: list[Finding]
    answers: list[Answer]
    info: InventoryInfo
    report: Graph | None = None
    seconds: float = 0.0


def analyses() -> list:
    """The graph analyses beside the SHACL rules, loaded explicitly: f(inventory, kommune, today) ->
    (findings, met answers)."""
    from .gaps import analyse

    return [analyse]


# --- evidence: the stated facts behind an answer ---------------------------------------------------


def _evidence_query() -> tuple[str, list[str]]:
    """One SPARQL query that returns, for every evidence path of every rule, (path index, subject, value);
    built from the shapes only. The path names come back as the list."""
    paths: dict[str, str] = {}
    for parts in rules.evidence_paths().values():
        for eps in parts.values():
            for ep in eps:
                paths.setdefault(ep.sparql, ep.name)
    paths.setdefault(f"<{RDF.type}>", "type")
    keys = sorted(paths)
    branches = " UNION ".join(f"{{ ?s {k} ?o . BIND({i} AS ?i) }}" for i, k in enumerate(keys))
    return f"SELECT ?i ?s ?o WHERE {{ {branches} }}", keys


class _Facts:
    """The values each evidence path reaches from each subject, and how to show them."""

    def __init__(self, rows: list, keys: list[str], notations: dict[str, str], ids: dict[str, str]):
        self.values: dict[tuple[str, str], list[str]] = {}
        for i, s, o in rows:
            self.values.setdefault((keys[i], s), []).append(o)
        self.notations, self.ids = notations, ids

    def show(self, value: str) -> str:
        """A value as an inventory file writes it: a notation or id for an IRI, the literal as it is."""
        if not value.startswith("https://w3id.org/ea-repo/"):
            return value
        return self.notations.get(value) or self.ids.get(value) or value.rsplit("/", 1)[-1]

    def _about(self, focus: str, paths):
        """The paths that concern this kind of subject (a path about integrations says nothing of an interface)."""
        types = set(self.values.get((f"<{RDF.type}>", focus), []))
        return [ep for ep in paths if ep.about is None or ep.about in types]

    def stated(self, focus: str, paths) -> tuple:
        out: dict[str, set] = {}  # (paths named alike, e.g. a system's protocol and its interface's: one entry)
        for ep in self._about(focus, paths):
            vals = [v for v in self.values.get((ep.sparql, focus), []) if v not in UNKNOWN_VALUES]
            if vals:
                out.setdefault(ep.name, set()).update(self.show(v) for v in vals)
        return tuple((name, tuple(sorted(vals))) for name, vals in out.items())

    def missing(self, focus: str, paths) -> tuple:
        """The columns of the subject, among these paths, that state nothing (or 'unknown')."""
        return tuple(dict.fromkeys(ep.name for ep in self._about(focus, paths) if ep.column and not [
            v for v in self.values.get((ep.sparql, focus), []) if v not in UNKNOWN_VALUES]))


def notations() -> dict[str, str]:
    """Catalogue IRI -> what an inventory file writes for it (a concept's notation, a component's id)."""
    return catalog.lookups()["notations"]


# --- one kommune -----------------------------------------------------------------------------------


def _inventory_info(quads: list, kommune: str) -> InventoryInfo:
    from .cooperation import inventory_node

    inv = str(inventory_node(kommune))
    props = {str(EA.name): "name", str(EA.description): "description", str(DCT.source): "source",
             str(DCT.date): "date", str(EA.fictional): "fictional", str(EA.integrationsComplete): "integrations_complete"}
    got: dict = {}
    for q in quads:
        if q.subject.value == inv and q.predicate.value in props:
            got[props[q.predicate.value]] = q.object.value
    date = None
    if got.get("date"):
        try:
            date = dt.date.fromisoformat(got["date"][:10])
        except ValueError:
            date = None
    return InventoryInfo(name=got.get("name"), description=got.get("description"), source=got.get("source"),
                         date=date, fictional=got.get("fictional") == "true",
                         integrations_complete=got.get("integrations_complete") == "true")


def _findings(report, kommune: str, facts: _Facts, labels: dict[str, str]) -> tuple[list[Finding], list[Answer]]:
    known = rules.load_rules()
    paths = rules.evidence_paths()
    results = []
    for focus, shape in report.results:
        got = answer_of(shape)
        if got is not None and got[0] in known:
            results.append((focus, got[0], got[1]))
    open_scope = {(f, c) for f, c, k in results if k == "open-scope"}
    findings, answers = [], []
    for (focus, code), answer in rules.answers_from_results(results).items():
        answers.append(Answer(kommune, code, focus, answer))
        if answer == "met":
            continue
        rule, p = known[code], paths[code]
        label = labels.get(focus) or catalog.catalog_label(focus)
        common = dict(rule=code, severity=rule.severity, kommune=kommune, focus=focus, focus_label=label,
                      title=rule.title, remedy=rule.remedy, legal_basis=rule.legal_basis, source_url=rule.source_url,
                      level=rule.level, area=rule.area, requirement=rule.requirement, origin="shacl", answer=answer)
        if answer == "not-met":
            findings.append(Finding(message=rule.message, evidence=facts.stated(focus, p["breach"]), **common))
        else:
            # the scope is open: record what decides it; else the deciding fact is what is missing
            missing = facts.missing(focus, p["scope"] if (focus, code) in open_scope else p["decision"]) or \
                facts.missing(focus, p["scope"] + p["decision"])
            findings.append(Finding(message=rule.document or rule.message, missing=missing,
                                    evidence=facts.stated(focus, p["scope"] + p["decision"]), **common))
    return findings, answers


def _check_quads(engine, quads: list, kommune: str, today: dt.date, keep_report: bool, run_analyses: bool,
                 context: list = ()) -> KommuneCheck:
    """Check one subject's inventory quads. ``context``: quads of the co-operation inventories the kommune
    belongs to, read with it (rules and analyses see the shared installations and their flows) but not
    judged here: answers about their own things belong to the co-operation's check."""
    t0 = time.perf_counter()
    own = quads
    quads = [*quads, *context]
    labels: dict[str, str] = {}
    ids: dict[str, str] = {}
    name, ident = str(EA.name), str(EA.id)
    for q in quads:
        if q.predicate.value == name:
            labels.setdefault(q.subject.value, q.object.value)
        elif q.predicate.value == ident:
            ids.setdefault(q.subject.value, q.object.value)
    query, keys = _evidence_query()
    report, rows = engine.validate(quads, today, query)
    facts = _Facts(rows, keys, notations(), ids)
    findings, answers = _findings(report, kommune, facts, labels)
    if run_analyses:
        from .graph import Triples

        inv = Triples(quads)
        for analysis in analyses():
            fs, met = analysis(inv, kommune, today)
            findings.extend(fs)
            answers.extend(met)
            answers.extend(Answer(kommune, f.rule, f.focus, f.answer) for f in fs)
    if context:
        shared = {q.subject.value for q in context}
        findings = [f for f in findings if f.focus not in shared]
        answers = [a for a in answers if a.focus not in shared]
    return KommuneCheck(kommune, findings, sorted(set(answers)), _inventory_info(own, kommune),
                        report.graph() if keep_report else None, time.perf_counter() - t0)


# --- worker processes ------------------------------------------------------------------------------

_WORKER: dict = {}  # a worker process's repository and engine (one check at a time in a process of the pool)
_THREAD = threading.local()  # an in-process check's engines, one per thread (the server checks in several threads)


def _worker_init(repo_path, engine: str, state: dict | None = None) -> None:
    state = _WORKER if state is None else state
    state["own"] = not isinstance(repo_path, Repository)  # an open repository handed in stays open
    state["repo"] = repo_path if not state["own"] else Repository(repo_path, read_only=True) if repo_path else None
    state["engine"] = make_engine(engine) if state is _WORKER else _thread_engine(engine)


def _thread_engine(name: str):
    """This thread's engine NAME, compiled on its first use (an engine validates one kommune at a time)."""
    from . import compiled

    engines = getattr(_THREAD, "engines", None)
    if engines is None:
        engines = _THREAD.engines = {}
    key = (name, compiled.digest())  # the shapes and catalogue it was compiled from
    if key not in engines:
        engines[key] = make_engine(name)
    return engines[key]


def _worker_check(kommune: str, today: dt.date, keep_report: bool, run_analyses: bool,
                  state: dict | None = None, previous: bool = False):
    """One subject's check; with ``previous``, (its check, the check of its previous import or None), made by the
    same worker with the same engine and context (the report's trend is then as parallel as the check itself)."""
    from . import cooperation

    state = _WORKER if state is None else state
    repo: Repository = state["repo"]
    quads = list(repo.quads(cooperation.subject_graph(kommune)))
    context = list(cooperation.iter_context_quads(repo, kommune))
    current = _check_quads(state["engine"], quads, kommune, today, keep_report, run_analyses, context)
    if not previous:
        return current
    before = _previous_quads(repo, kommune)
    return current, (_check_quads(state["engine"], before, kommune, today, keep_report, run_analyses, context)
                     if before else None)


def _previous_quads(repo: Repository, code: str) -> list:
    """The subject's previous import as quads in its own inventory graph (as a check of it reads them), or []."""
    import pyoxigraph as ox

    from . import cooperation
    from .namespaces import previous_graph
    from .store import to_ox

    held = to_ox(cooperation.previous_graph(code) if cooperation.is_cooperation(code) else previous_graph(code))
    if not repo.store.contains_named_graph(held):
        return []
    g = ox.NamedNode(str(cooperation.subject_graph(code)))
    return [ox.Quad(q.subject, q.predicate, q.object, g) for q in repo.store.quads_for_pattern(None, None, None, held)]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _check_repository(req: CheckRequest) -> tuple[list[KommuneCheck], dict[str, KommuneCheck] | None]:
    """The subjects' checks and, when the request asks for the previous imports and no executor is handed in, the
    checks of those (by subject; None: not made here)."""
    from . import cooperation

    with using(req.repo_path) as repo:
        held = repo.kommuner()
        coops = cooperation.with_inventory(repo)
    if not held and not coops:
        raise UsageError(msg(f"the repository at {req.repo_path} holds no inventories; import one first (`ea-repo import`)",
                             f"repositoryet i {req.repo_path} har ingen systemoversikter; importer en først (`ea-repo import`)"))
    codes = held if req.kommuner is None else list(req.kommuner)
    missing = [k for k in codes if k not in held]
    if missing:
        raise UsageError(msg(f"the repository holds no inventory for kommune {', '.join(missing)} (it holds: {', '.join(held)})",
                             f"repositoryet har ingen systemoversikt for kommune {', '.join(missing)} "
                             f"(det har: {', '.join(held)})"))
    wanted = (coops if req.kommuner is None else []) if req.cooperations is None else list(req.cooperations)
    lacking = [c for c in wanted if c not in coops]
    if lacking:
        raise UsageError(msg(f"the repository holds no inventory for the co-operation {', '.join(lacking)} "
                             f"(`ea-repo import FILE --cooperation ID`; it holds: {', '.join(coops) or 'none'})",
                             f"repositoryet har ingen systemoversikt for samarbeidet {', '.join(lacking)} "
                             f"(`ea-repo import FILE --cooperation ID`; det har: {', '.join(coops) or 'ingen'})"))
    codes = codes + [c for c in wanted if c not in codes]
    if not codes:
        raise UsageError(msg("nothing to check: name a kommune or a co-operation whose inventory the repository holds",
                             "ingenting å kontrollere: oppgi en kommune eller et samarbeid som repositoryet har "
                             "systemoversikten til"))
    jobs = max(1, min(req.jobs or default_jobs(), len(codes)))
    args = (req.today, req.keep_reports, req.analyses)
    done = _progress(req, len(codes))
    if req.executor is not None:
        with using(req.repo_path) as repo:
            futures = [req.executor.submit(_check_text, req.engine, _quads_text(repo.quads(cooperation.subject_graph(k))),
                                           _quads_text(cooperation.iter_context_quads(repo, k)), k, *args)
                       for k in codes]
        return [done(f.result()) for f in futures], None
    if jobs == 1:  # in this process and thread, with state of its own (a server runs several checks at once)
        state: dict = {}
        _worker_init(req.repo_path if isinstance(req.repo_path, Repository) else str(req.repo_path), req.engine, state)
        try:
            return _split([_worker_check(k, *args, state=state, previous=req.previous) for k in codes], req, done)
        finally:
            if state["own"]:
                state["repo"].close()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                             initargs=(location_of(req.repo_path), req.engine)) as pool:
        futures = [pool.submit(_worker_check, k, *args, None, req.previous) for k in codes]
        return _split((f.result() for f in futures), req, done)


def _split(results, req: CheckRequest, done) -> tuple[list[KommuneCheck], dict[str, KommuneCheck] | None]:
    """Workers' answers as (checks, previous checks by subject): with req.previous each answer is a pair."""
    if not req.previous:
        return [done(c) for c in results], None
    checks, before = [], {}
    for current, prev in results:
        checks.append(done(current))
        if prev is not None:
            before[current.kommune] = prev
    return checks, before


def _quads_text(quads) -> str:
    return "".join(f"{q} .\n" for q in quads)


def _check_text(engine: str, own: str, context: str, kommune: str, today: dt.date, keep_report: bool,
                run_analyses: bool) -> KommuneCheck:
    """_check_quads() on quads handed over as N-Quads text (in a process of CheckRequest.executor)."""
    import pyoxigraph as ox

    def parse(text: str) -> list:
        return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) if text else []

    return _check_quads(_thread_engine(engine), parse(own), kommune, today, keep_report, run_analyses, parse(context))


def _progress(req: CheckRequest, total: int):
    """A function that reports each finished KommuneCheck to req.progress (if any) and returns it."""
    count = [0]

    def done(c: KommuneCheck) -> KommuneCheck:
        count[0] += 1
        if req.progress is not None:
            req.progress(count[0], total, c.kommune)
        return c

    return done


def _graph_quads(inventory: Graph, kommune: str) -> list:
    import pyoxigraph as ox

    from .cooperation import subject_graph
    from .store import to_ox

    g = ox.NamedNode(str(subject_graph(kommune)))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in inventory]


def check_inventory(inventory: Graph, kommune: str, req: CheckRequest, engine=None, context: list | None = None) -> KommuneCheck:
    """One inventory graph that is in no repository (a file, a previous import, a what-if graph). ``context``:
    quads of the co-operation inventories the kommune belongs to; None reads them from ``req.repo_path``
    when the request names a repository that exists."""
    if context is None:
        context = _context_from(req.repo_path, kommune)
    return _check_quads(engine or make_engine(req.engine), _graph_quads(inventory, kommune), kommune, req.today,
                        req.keep_reports, req.analyses, context)


def _context_from(repo_path, kommune: str) -> list:
    from . import cooperation

    if repo_path is None or not (isinstance(repo_path, Repository) or resolve_path(repo_path).exists()):
        return []
    with using(repo_path) as repo:
        return list(cooperation.iter_context_quads(repo, kommune))


def _load_files(files, kommuner) -> tuple[Graph, str]:
    """A file checked without importing it: the kommune is --kommune, or the one the file's meta names."""
    loaded = load_files([Path(f) for f in files], kommuner[0] if kommuner else None)
    return loaded.graph, loaded.kommune


def run(req: CheckRequest) -> CheckResult:
    """Check what the request names and return the one result every output is made from."""
    if req.engine not in ENGINES:
        raise UsageError(msg(f"unknown engine '{req.engine}'; use one of {', '.join(ENGINES)}",
                             f"ukjent motor '{req.engine}'; bruk en av {', '.join(ENGINES)}"))
    known = rules.load_rules()  # the registry, explicitly; fails early on broken shapes
    aliases = {code: set(r.aliases) for code, r in known.items()}
    waivers = load_waivers(Path(req.waivers_file), rules.waivable_codes(known)) \
        if req.waivers_file else []
    checked_before = None
    if req.graph is not None:
        if not req.kommuner:
            raise UsageError(msg("an inventory graph needs its kommune", "en systemoversiktsgraf må ha kommunen sin"))
        checks = [check_inventory(req.graph, req.kommuner[0], req)]
    elif req.files:
        graph, kommune = _load_files(req.files, req.kommuner)
        checks = [check_inventory(graph, kommune, req)]
    else:
        checks, checked_before = _check_repository(req)
    codes = [c.kommune for c in checks]
    if req.repo_path is not None and req.graph is None and not req.files:  # and the waivers the repository keeps
        with using(req.repo_path) as repo:
            waivers = waivers + approved_waivers(repo, codes)
    findings = _apply(checks, waivers, req.today, aliases, set(codes))
    previous = {}
    if req.previous and req.repo_path is not None and req.graph is None and not req.files:
        previous = _previous(req, codes, waivers, aliases, checked_before)
    return CheckResult(
        findings=findings, answers=_answers(checks, findings), kommuner=codes, rules=known,
        report_graphs=[c.report for c in checks if c.report is not None], tool_version=__version__,
        catalog_version=catalog.catalog_version(), checked_at=req.checked_at or now_iso(), engine=req.engine,
        today=req.today, inventories={c.kommune: c.info for c in checks}, previous=previous)


def _apply(checks: Iterable[KommuneCheck], waivers, today, aliases, kommuner) -> list[Finding]:
    """Waivers apply to not-met findings only (a waiver accepts a known deviation, not a gap in the data)."""
    findings = [f for c in checks for f in c.findings]
    not_met = [f for f in findings if f.answer == "not-met"]
    other = [f for f in findings if f.answer != "not-met"]
    return sorted(apply_waivers(not_met, waivers, today, aliases, kommuner) + other, key=_order)


def _order(f: Finding):
    return (f.sort_key(), f.path or "", f.value or "", f.origin, f.waived)


def _answers(checks, findings) -> list[Answer]:
    waived = {(f.kommune, f.rule, f.focus) for f in findings if f.waived}
    return sorted(Answer(a.kommune, a.rule, a.focus, a.answer, (a.kommune, a.rule, a.focus) in waived)
                  for c in checks for a in c.answers)


def _previous(req: CheckRequest, codes, waivers, aliases, checked: dict[str, KommuneCheck] | None = None
              ) -> dict[str, CheckResult]:
    """Each kommune's previous import, checked the same way (for the trend in the report). ``checked``: those
    checks made already, by the workers that checked the current imports (_check_repository); None where the
    request hands in an executor, which then checks them here."""
    from . import cooperation

    if checked is None:
        with using(req.repo_path) as repo:
            futures = {code: req.executor.submit(_check_text, req.engine, _quads_text(before),
                                                 _quads_text(cooperation.iter_context_quads(repo, code)), code, req.today,
                                                 req.keep_reports, req.analyses)
                       for code in codes if (before := _previous_quads(repo, code))}
        checked = {code: f.result() for code, f in futures.items()}
    out = {}
    for code in codes:
        c = checked.get(code)
        if c is None:
            continue
        fs = _apply([c], waivers, req.today, aliases, {code})
        out[code] = CheckResult(findings=fs, answers=_answers([c], fs), kommuner=[code], rules=rules.load_rules(),
                                checked_at=req.checked_at or now_iso(), today=req.today, engine=req.engine,
                                inventories={code: c.info})
    return out


def tool_version() -> str:
    return __version__
