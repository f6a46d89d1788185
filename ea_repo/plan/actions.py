"""From a check's answers to a kommune's actions: pure functions, a CheckResult and the inventory in, a Plan out.

Every not-met finding becomes part of an action about its system: one action per rule and system, so several
findings of one rule about one system's interfaces and integrations (one change fixes them all) are one
action. Every not-known finding (a documentation gap) becomes part of an action per rule and owner: the owner
records the missing facts for all their systems at once. Each action carries

- its governing date, where the catalogue or the inventory gives one: the **legal** deadline (the catalogue
  requirement's ``ea:validFrom`` for a duty at level krav with a legal basis), the **retirement** date of a
  national component the action's flows use (``ea:retirementDate``, e.g. Altinn 2), the system's **end of
  life** (``endOfLife``), or the system's **contract end** (``contractEnd``: the natural point to demand the
  standard in the next tender);
- an owner (the system's ``owner``), an effort class, an optional cost, and the plan year it falls in.

Nothing here reads the clock: the plan's start date is given. Nothing here checks anything: the findings come
from ``check.run``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .. import catalog
from ..findings import SEVERITY_RANK, Finding
from ..namespaces import COMPONENT, DCT, EA, slug

STATUSES = ("open", "in-progress", "done", "dropped")  # what a kommune may set; "closed" is set by the plan itself
CLOSED = "closed"
EFFORTS = ("small", "medium", "large")
#: Deadline kinds, strongest first: a legal duty's date, a national component's retirement, the system's end of
#: life, the system's contract end (the next tender).
DEADLINE_KINDS = ("legal", "retirement", "end-of-life", "contract-end")

# Effort class by rule code (then by the code's family): a documentation gap is always small. The classes are
# the project's rough reading of what the remedy asks: a setting or a record (small), an integration or a
# configuration across systems (medium), a new version, product or procurement (large).
EFFORT_BY_RULE = {
    "EA-STD-002": "medium", "EA-STD-006": "medium", "EA-STD-008": "small", "EA-UU-002": "small",
    "EA-UU-001": "large", "EA-STD-007": "large", "EA-LC-001": "large", "EA-LC-002": "large",
    "EA-GAP-005": "large", "EA-DQ-001": "small", "EA-DQ-002": "small", "EA-DQ-003": "small", "EA-DQ-004": "small",
}
EFFORT_BY_FAMILY = {"EA-STD": "medium", "EA-UU": "medium", "EA-HEL": "medium", "EA-COMP": "medium", "EA-ARK": "medium",
                    "EA-GAP": "medium", "EA-LC": "large", "EA-DQ": "small"}
#: rules whose remedy is to replace or upgrade a system past its end of life (their date is the end of life)
RETIREMENT_RULES = ("EA-LC-002", "EA-GAP-005")
#: the rule whose finding is an expired contract (its date is the contract end)
CONTRACT_RULES = ("EA-LC-001",)


@dataclass(frozen=True)
class Decision:
    """What a kommune decided about one action (``plan import``): None leaves the plan's own value."""

    action: str
    owner: str | None = None
    year: int | None = None
    cost: float | None = None
    status: str | None = None
    title: str = ""  # the action as it read when decided (a closed action is shown by it)
    by: str = ""
    at: str = ""  # ISO date-time


@dataclass
class Action:
    id: str  # RULE/system-id (a fix) or RULE/document/owner (a documentation gap)
    kommune: str
    rule: str
    kind: str  # fix | document
    title: dict[str, str]
    remedy: dict[str, str]
    severity: str
    level: str | None
    system: str | None  # the system's id (a fix about one system)
    system_label: str
    subjects: tuple[tuple[str, str], ...]  # (IRI, label) of every finding's subject the action covers
    owner: str
    effort: str
    year: int
    deadline: dt.date | None = None
    deadline_kind: str | None = None
    legal_basis: str | None = None
    source_url: str | None = None
    contract_end: dt.date | None = None
    missing: tuple[str, ...] = ()  # the columns to record (a documentation gap)
    cost: float | None = None
    status: str = "open"
    overdue: bool = False  # the governing date lies before the plan's start
    decided_by: str = ""
    decided_at: str = ""
    closed_at: str | None = None  # the import that closed it (a closed action)
    edited: tuple[str, ...] = ()  # the fields the kommune's decision set

    def label(self, lang: str = "nb") -> str:
        title = self.title.get(lang) or self.title.get("nb") or self.rule
        if self.kind == "document" and self.subjects:
            n = len(self.subjects)
            return f"{title} ({n} {'system' if n == 1 else 'systems' if lang == 'en' else 'systemer'})"
        return f"{title}: {self.system_label}" if self.system_label else title

    def as_dict(self, lang: str = "nb") -> dict:
        return {"id": self.id, "kommune": self.kommune, "rule": self.rule, "kind": self.kind, "title": self.label(lang),
                "remedy": self.remedy.get(lang) or self.remedy.get("nb") or "", "severity": self.severity,
                "level": self.level, "system": self.system, "subjects": [label for _, label in self.subjects],
                "owner": self.owner, "effort": self.effort, "year": self.year,
                "deadline": self.deadline.isoformat() if self.deadline else None, "deadline_kind": self.deadline_kind,
                "overdue": self.overdue, "legal_basis": self.legal_basis, "source_url": self.source_url,
                "contract_end": self.contract_end.isoformat() if self.contract_end else None,
                "missing": list(self.missing), "cost": self.cost, "status": self.status,
                "decided_by": self.decided_by or None, "decided_at": self.decided_at or None,
                "closed_at": self.closed_at, "edited": list(self.edited)}


@dataclass
class Plan:
    kommune: str
    start: dt.date
    years: int
    actions: list[Action]
    closed: list[Action] = field(default_factory=list)  # closed since the previous import or a decision
    checked_at: str = ""
    catalog_version: str = ""

    @property
    def last_year(self) -> int:
        return self.start.year + self.years - 1

    def by_year(self) -> dict[int, list[Action]]:
        out: dict[int, list[Action]] = {y: [] for y in range(self.start.year, self.last_year + 1)}
        for a in self.actions:
            out.setdefault(a.year, []).append(a)
        return dict(sorted(out.items()))

    def closed_since(self, day: dt.date) -> list[Action]:
        """Closed actions whose closing import is on or after DAY (the page's "closed since last year")."""
        return [a for a in self.closed if a.closed_at is None or a.closed_at[:10] >= day.isoformat()]

    def summary(self) -> dict:
        kinds = {k: sum(1 for a in self.actions if a.deadline_kind == k) for k in DEADLINE_KINDS}
        return {"actions": len(self.actions), "fix": sum(1 for a in self.actions if a.kind == "fix"),
                "document": sum(1 for a in self.actions if a.kind == "document"), "deadlines": kinds,
                "overdue": sum(1 for a in self.actions if a.overdue), "closed": len(self.closed),
                "cost": sum(a.cost for a in self.actions if a.cost is not None),
                "by_year": {str(y): len(v) for y, v in self.by_year().items()}}

    def as_dict(self, lang: str = "nb") -> dict:
        return {"kommune": self.kommune, "from": self.start.isoformat(), "years": self.years,
                "checked_at": self.checked_at, "catalog_version": self.catalog_version, "summary": self.summary(),
                "actions": [a.as_dict(lang) for a in self.actions], "closed": [a.as_dict(lang) for a in self.closed]}


# --- what the inventory says about the subjects -----------------------------------------------------


@dataclass(frozen=True)
class _System:
    iri: str
    id: str
    label: str
    owner: str
    contract_end: dt.date | None
    end_of_life: dt.date | None


def _date(v) -> dt.date | None:
    if v is None:
        return None
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


class _Inventory:
    """The facts of one inventory the plan reads: systems (owner, dates), what each interface and integration
    belongs to, and which components each integration touches."""

    def __init__(self, inv: Graph):
        self.systems: dict[str, _System] = {}
        for s in inv.subjects(RDF.type, EA.System):
            ident = str(inv.value(s, EA.id) or str(s).rsplit("/", 1)[-1])
            self.systems[str(s)] = _System(str(s), ident, str(inv.value(s, EA.name) or ident),
                                           str(inv.value(s, EA.owner) or "").strip(),
                                           _date(inv.value(s, EA.contractEnd)), _date(inv.value(s, EA.endOfLife)))
        self.owner_of: dict[str, str] = {}  # interface / integration -> the system it belongs to
        self.touches: dict[str, set[str]] = defaultdict(set)  # subject -> components its flows name
        for i in inv.subjects(RDF.type, EA.Interface):
            p = inv.value(i, EA.providedBy)
            if p is not None and str(p) in self.systems:
                self.owner_of[str(i)] = str(p)
        for i in inv.subjects(RDF.type, EA.Integration):
            ends = [str(o) for p in (EA.consumer, EA.provider) for o in inv.objects(i, p)]
            own = next((e for e in ends if e in self.systems), None)
            if own is not None:
                self.owner_of[str(i)] = own
            for p in (EA.provider, EA.consumer, EA.via):
                for o in inv.objects(i, p):
                    if str(o).startswith(str(COMPONENT)):
                        self.touches[str(i)].add(str(o))
                        if own is not None:
                            self.touches[own].add(str(o))

    def system_of(self, focus: str) -> _System | None:
        if focus in self.systems:
            return self.systems[focus]
        return self.systems.get(self.owner_of.get(focus, ""))


@dataclass(frozen=True)
class _Catalogue:
    valid_from: dict[str, dt.date]  # requirement -> ea:validFrom
    sources: dict[str, str]  # requirement or component -> its first dct:source
    retirement: dict[str, dt.date]  # component -> ea:retirementDate
    standards: frozenset[str]  # requirements that name a standard (ea:requiresStandard): a product's capability


def _catalogue() -> _Catalogue:
    g = catalog.core_graph()
    valid_from, sources, retirement = {}, {}, {}
    for s, o in g.subject_objects(EA.validFrom):
        if (s, RDF.type, EA.Requirement) in g and (d := _date(o)) is not None:
            valid_from[str(s)] = d
    for s, o in g.subject_objects(EA.retirementDate):
        if (d := _date(o)) is not None:
            retirement[str(s)] = d
    for s in set(valid_from) | set(retirement):
        src = sorted(str(x) for x in g.objects(URIRef(s), DCT.source))
        if src:
            sources[s] = src[0]
    standards = frozenset(str(s) for s in g.subjects(EA.requiresStandard, None))
    return _Catalogue(valid_from, sources, retirement, standards)


# --- the plan -----------------------------------------------------------------------------------------


def effort_of(rule: str, kind: str) -> str:
    if kind == "document":
        return "small"
    return EFFORT_BY_RULE.get(rule) or EFFORT_BY_FAMILY.get(rule.rsplit("-", 1)[0], "medium")


def _deadline(findings: list[Finding], system: _System | None, inv: _Inventory, cat: _Catalogue):
    """(date, kind, source URL) governing a fix, or (None, None, None). A legal duty's date first, then a
    national component's retirement, then the system's end of life, then its contract end."""
    f = findings[0]
    if f.level == "krav" and f.legal_basis and f.requirement in cat.valid_from:
        return cat.valid_from[f.requirement], "legal", cat.sources.get(f.requirement) or f.source_url
    # a retiring component the findings name as evidence (the flow with Altinn 2, KRR SOAP …)
    named = {v for x in findings for _, values in x.evidence for v in values}
    retiring = sorted((cat.retirement[c], c) for x in findings for c in inv.touches.get(x.focus, ())
                      if c in cat.retirement and c.rsplit("/", 1)[-1] in named)
    if retiring and f.rule not in RETIREMENT_RULES + CONTRACT_RULES:
        day, comp = retiring[0]
        return day, "retirement", cat.sources.get(comp)
    if system is not None and system.end_of_life is not None and f.rule in RETIREMENT_RULES:
        return system.end_of_life, "end-of-life", None
    # the contract's end is the point to demand a standard in the next tender (or to renew an expired contract)
    if system is not None and system.contract_end is not None and (f.rule in CONTRACT_RULES or f.requirement in cat.standards):
        return system.contract_end, "contract-end", None
    return None, None, None


def _year(start: dt.date, years: int, deadline: dt.date | None, kind: str | None, severity: str, doc: bool) -> int:
    """The plan year: a date's year (now, when it has passed); a documentation gap or a violation in the first
    year, a warning in the second, information in the third (within the plan's years)."""
    first, last = start.year, start.year + years - 1
    if deadline is not None:
        return max(first, deadline.year)
    offset = 0 if doc or severity == "violation" else 1 if severity == "warning" else 2
    return min(first + offset, last)


def _owner_slug(owner: str) -> str:
    return slug(owner) or "-"


def derive(result, kommune: str, inventory: Graph, *, start: dt.date, years: int = 4) -> list[Action]:
    """The actions of KOMMUNE's findings in RESULT (a CheckResult), before any decision of the kommune."""
    inv = _Inventory(inventory)
    cat = _catalogue()
    fixes: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    docs: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        if f.kommune != kommune or f.waived:
            continue
        system = inv.system_of(f.focus)
        if f.answer == "not-known":
            docs[(f.rule, system.owner if system else "")].append(f)
        else:
            fixes[(f.rule, system.iri if system else f.focus)].append(f)
    out = []
    for (rule, key), fs in fixes.items():
        fs.sort(key=lambda f: (f.focus_label, f.focus))
        system = inv.systems.get(key)
        deadline, kind, source = _deadline(fs, system, inv, cat)
        severity = max((f.severity for f in fs), key=lambda s: SEVERITY_RANK.get(s, 0))
        ident = system.id if system else key.rsplit("/", 1)[-1]
        out.append(Action(
            id=f"{rule}/{ident}", kommune=kommune, rule=rule, kind="fix", title=fs[0].title, remedy=fs[0].remedy,
            severity=severity, level=fs[0].level, system=system.id if system else None,
            system_label=system.label if system else fs[0].focus_label,
            subjects=tuple(dict.fromkeys((f.focus, f.focus_label) for f in fs)), owner=system.owner if system else "",
            effort=effort_of(rule, "fix"), year=_year(start, years, deadline, kind, severity, False),
            deadline=deadline, deadline_kind=kind, legal_basis=fs[0].legal_basis if kind == "legal" else None,
            source_url=source, contract_end=system.contract_end if system else None,
            overdue=deadline is not None and deadline < start))
    for (rule, owner), fs in docs.items():
        fs.sort(key=lambda f: (f.focus_label, f.focus))
        missing = tuple(sorted({m for f in fs for m in f.missing}))
        out.append(Action(
            id=f"{rule}/document/{_owner_slug(owner)}", kommune=kommune, rule=rule, kind="document",
            title=fs[0].title, remedy=result.rules[rule].document if rule in result.rules and
            getattr(result.rules[rule], "document", None) else fs[0].message,
            severity=fs[0].severity, level=fs[0].level, system=None, system_label=owner,
            subjects=tuple(dict.fromkeys((f.focus, f.focus_label) for f in fs)), owner=owner,
            effort="small", year=_year(start, years, None, None, fs[0].severity, True), missing=missing))
    return sorted(out, key=_order)


def _order(a: Action):
    return (a.year, a.kind != "fix", -SEVERITY_RANK.get(a.severity, 0), a.deadline or dt.date.max, a.rule, a.id)


def apply_decisions(actions: list[Action], decisions: dict[str, Decision]) -> list[Action]:
    """The actions with the kommune's decisions over the plan's own values."""
    out = []
    for a in actions:
        d = decisions.get(a.id)
        if d is None:
            out.append(a)
            continue
        edited = tuple(n for n in ("owner", "year", "cost", "status") if getattr(d, n) is not None)
        out.append(replace(a, owner=a.owner if d.owner is None else d.owner, year=a.year if d.year is None else d.year,
                           cost=a.cost if d.cost is None else d.cost, status=d.status or a.status,
                           decided_by=d.by, decided_at=d.at, edited=edited))
    return sorted(out, key=_order)


def closed_actions(current: list[Action], previous: list[Action], decisions: dict[str, Decision], imports: list) -> list[Action]:
    """The actions that were open (in the previous import's plan, or decided on) and whose findings are gone.
    Closed at the latest import when the previous import still had it; else at the first import after the
    kommune's decision (the repository keeps only the last two inventories)."""
    now = {a.id for a in current}
    times = sorted(r.time for r in imports)
    latest = times[-1] if times else None
    out: dict[str, Action] = {}
    for a in previous:
        if a.id not in now:
            d = decisions.get(a.id)
            out[a.id] = replace(a, status=CLOSED, closed_at=latest, decided_by=d.by if d else "",
                                decided_at=d.at if d else "")
    for ident, d in decisions.items():
        if ident in now or ident in out:
            continue
        after = next((t for t in times if t > d.at), None)
        rule = ident.split("/", 1)[0]
        out[ident] = Action(id=ident, kommune="", rule=rule, kind="document" if "/document/" in ident else "fix",
                            title={"nb": d.title or ident, "en": d.title or ident}, remedy={}, severity="",
                            level=None, system=None, system_label="", subjects=(), owner=d.owner or "",
                            effort="", year=d.year or 0, cost=d.cost, status=CLOSED, closed_at=after,
                            decided_by=d.by, decided_at=d.at)
    return sorted(out.values(), key=lambda a: (a.closed_at or "", a.id))


def make_plan(result, kommune: str, inventory: Graph, *, start: dt.date, years: int = 4,
              decisions: dict[str, Decision] | None = None, previous: Graph | None = None,
              imports: list | None = None) -> Plan:
    """KOMMUNE's plan from one CheckResult (its ``previous`` holds the previous import's check, whose inventory
    is PREVIOUS), with the kommune's DECISIONS; IMPORTS: the kommune's import records (dates the closing)."""
    decisions = decisions or {}
    actions = apply_decisions(derive(result, kommune, inventory, start=start, years=years), decisions)
    before = []
    prev = result.previous.get(kommune) if getattr(result, "previous", None) else None
    if prev is not None and previous is not None:
        before = derive(prev, kommune, previous, start=start, years=years)
    closed = closed_actions(actions, before, decisions, imports or [])
    for a in closed:
        a.kommune = kommune
    return Plan(kommune, start, years, actions, closed, checked_at=result.checked_at,
                catalog_version=result.catalog_version)
