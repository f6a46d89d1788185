"""The result of one check run: what the check code hands to the writers.

Everything a writer prints comes from here, including the clock (``checked_at``) and the versions, so the
writers are pure functions and their output is reproducible.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rdflib import Graph

from . import __version__, score
from .findings import SEVERITIES, Answer, Finding

TOOL_NAME = "ea-repo"
INFORMATION_URI = "https://w3id.org/ea-repo/"
#: The summary buckets. A not-met finding counts by its severity (or as "waived" when a waiver accepts it);
#: a not-known finding ("not documented") counts only as "not-known", never as a violation or warning.
BUCKETS = (*SEVERITIES, "not-known", "waived")
NO_AREA = "-"  # summary key for findings without an area


def bucket(finding: Finding) -> str:
    if finding.answer == "not-known":
        return "not-known"
    return "waived" if finding.waived else finding.severity


@dataclass(frozen=True)
class InventoryInfo:
    """What an inventory says about itself (its meta sheet): shown in reports with its age."""

    name: str | None = None
    description: str | None = None
    source: str | None = None
    date: date | None = None
    fictional: bool = False
    integrations_complete: bool = False


def _counts(findings) -> dict[str, int]:
    c = Counter(bucket(f) for f in findings)
    return {b: c.get(b, 0) for b in BUCKETS}


@dataclass(kw_only=True)
class CheckResult:
    findings: list[Finding]
    checked_at: str  # ISO 8601 date-time, injected by the caller
    kommuner: list[str] = field(default_factory=list)  # kommunenummer checked (also those without findings)
    rules: dict[str, Any] = field(default_factory=dict)  # code -> ea_repo.rules.Rule (or alike)
    report_graphs: list[Graph] = field(default_factory=list)  # SHACL validation reports, one per kommune
    tool_version: str = __version__
    catalog_version: str = ""
    engine: str = ""
    information_uri: str = INFORMATION_URI
    answers: list[Answer] = field(default_factory=list)  # every (rule, subject) answer, met ones included
    today: date | None = None  # the check date the rules compared with
    inventories: dict[str, InventoryInfo] = field(default_factory=dict)
    previous: dict[str, CheckResult] = field(default_factory=dict)  # each kommune's previous import, checked

    def __post_init__(self) -> None:
        try:
            datetime.fromisoformat(self.checked_at)
        except (TypeError, ValueError):
            raise ValueError(f"checked_at must be an ISO 8601 date-time, not {self.checked_at!r}") from None

    def sorted_findings(self) -> list[Finding]:
        """Finding.sort_key order, ties (same rule and node) broken by path and value: a total order."""
        return sorted(
            self.findings, key=lambda f: (f.sort_key(), f.path or "", f.value or "", f.origin, f.waived)
        )

    def of(self, kommune: str, findings: list[Finding] | None = None, answers: list[Answer] | None = None) -> CheckResult:
        """The part of the result about one kommune (FINDINGS and ANSWERS: its own, when already grouped), for
        what reads one kommune at a time (plan, måltavle): scanning a national result once per kommune is
        quadratic."""
        from dataclasses import replace

        return replace(self, kommuner=[kommune], report_graphs=[],
                       findings=[f for f in self.findings if f.kommune == kommune] if findings is None else findings,
                       answers=[a for a in self.answers if a.kommune == kommune] if answers is None else answers,
                       inventories={k: v for k, v in self.inventories.items() if k == kommune},
                       previous={k: v for k, v in self.previous.items() if k == kommune})

    def all_kommuner(self) -> list[str]:
        return sorted(set(self.kommuner) | {f.kommune for f in self.findings})

    def summary(self) -> dict:
        """Counts per bucket (violation, warning, info, not-known, waived), then per kommune and per area,
        and each kommune's assessment (score, coverage, answers; ea_repo/score.py)."""
        # one pass over the findings (a national run holds hundreds of thousands of them)
        per_kommune: dict[str, Counter] = {k: Counter() for k in self.all_kommuner()}
        per_area: dict[str, Counter] = {}
        for f in self.findings:
            b = bucket(f)
            per_kommune[f.kommune][b] += 1
            per_area.setdefault(f.area or NO_AREA, Counter())[b] += 1
        by_kommune = {k: {b: c.get(b, 0) for b in BUCKETS} for k, c in per_kommune.items()}
        by_area = {a: {b: c.get(b, 0) for b in BUCKETS} for a, c in sorted(per_area.items())}
        return {**_counts(self.findings), "by_kommune": by_kommune, "by_area": by_area,
                "assessment": {k: a.as_dict() for k, a in self.assessments().items()}}

    def assessments(self) -> dict[str, score.Assessment]:
        return score.by_kommune(self.answers, self.rules, self.all_kommuner())

    def assessment(self, kommune: str) -> score.Assessment:
        return score.assess([a for a in self.answers if a.kommune == kommune], self.rules)
