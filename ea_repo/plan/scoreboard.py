"""The måltavle (scoreboard): a kommune's indicators at each import whose inventory the repository holds, from the
one CheckResult (its ``previous`` is the previous import's check) and the inventories. Pure functions.

Indicators: score and coverage (ea_repo/score.py), violations (not met, not waived), the share of applicable
duties whose answer is not known, the national components the flows use, the systems past their end of support
(``endOfLife`` before the check date and not retired), and the share of the flows that go through an API
(``mode`` api or a documented interface, ``viaInterface``) among the flows that are not retired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from rdflib import Graph
from rdflib.namespace import RDF

from ..namespaces import COMPONENT, EA, vocab

INDICATORS = ("score", "coverage", "violations", "not_known_share", "components", "end_of_life", "api_share")
PERCENT = ("score", "coverage", "not_known_share", "api_share")  # drawn in the chart (0–100)
#: the direction in which an indicator gets better (the table marks a change for the better)
BETTER_UP = {"score": True, "coverage": True, "violations": False, "not_known_share": False, "components": True,
             "end_of_life": False, "api_share": True}

_RETIRED = vocab("lifecycle", "retired")
_RETIRED_FLOW = vocab("integrationstatus", "retired")
_API = vocab("mode", "api")


@dataclass(frozen=True)
class Point:
    """The indicators of one import."""

    time: str  # the import's time (ISO)
    score: float | None
    coverage: float | None
    violations: int
    not_known_share: float | None
    components: int
    end_of_life: int
    api_share: float | None

    def as_dict(self) -> dict:
        d = asdict(self)
        return {k: round(v, 1) if isinstance(v, float) else v for k, v in d.items()}


def _date(v) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v is not None else None
    except ValueError:
        return None


def indicators(result, kommune: str, inventory: Graph, time: str) -> Point:
    """One import's indicators: RESULT is the check of that import's INVENTORY."""
    a = result.assessment(kommune)
    violations = sum(1 for f in result.findings if f.kommune == kommune and f.answer == "not-met" and not f.waived
                     and f.severity == "violation")
    today = result.today
    eol = 0
    for s in inventory.subjects(RDF.type, EA.System):
        end = _date(inventory.value(s, EA.endOfLife))
        if end is not None and today is not None and end < today and inventory.value(s, EA.lifecycle) != _RETIRED:
            eol += 1
    components: set[str] = set()
    flows = api = 0
    for i in inventory.subjects(RDF.type, EA.Integration):
        for p in (EA.provider, EA.consumer, EA.via):
            components.update(str(o) for o in inventory.objects(i, p) if str(o).startswith(str(COMPONENT)))
        if inventory.value(i, EA.status) == _RETIRED_FLOW:
            continue
        flows += 1
        if inventory.value(i, EA.mode) == _API or inventory.value(i, EA.viaInterface) is not None:
            api += 1
    return Point(time=time, score=a.score, coverage=a.coverage, violations=violations,
                 not_known_share=100.0 * a.not_known / a.applicable if a.applicable else None,
                 components=len(components), end_of_life=eol, api_share=100.0 * api / flows if flows else None)


def series(result, kommune: str, inventory: Graph, previous: Graph | None, imports: list, kept: list = ()) -> list[Point]:
    """The måltavle's points, oldest first: those KEPT at earlier plan imports (ea_repo/plan/decisions.py), the
    previous import (when the check holds it) and the latest; a point checked now wins over a kept one."""
    times = [r.time for r in imports]
    latest = times[-1] if times else (result.checked_at or "")
    out = []
    prev = result.previous.get(kommune) if result.previous else None
    if prev is not None and previous is not None:
        out.append(indicators(prev, kommune, previous, times[-2] if len(times) > 1 else ""))
    out.append(indicators(result, kommune, inventory, latest))
    now = {p.time for p in out}
    return sorted([p for p in kept if p.time not in now] + out, key=lambda p: p.time)


def rows(points: list[Point]) -> list[dict]:
    """One row per indicator: its value at each point and the change from the first to the last point."""
    out = []
    for name in INDICATORS:
        values = [getattr(p, name) for p in points]
        first, last = values[0], values[-1]
        delta = None if first is None or last is None or len(values) < 2 else last - first
        better = None if not delta else (delta > 0) == BETTER_UP[name]
        out.append({"name": name, "values": values, "delta": delta, "better": better, "percent": name in PERCENT})
    return out

