"""The score and the coverage of a kommune (or an area), from the answers of a check.

Every (rule, subject) pair a rule applies to is a *duty* with one answer: met, not met or not known.

- **score** = the weighted share of the applicable duties that the inventory shows to be met (a waived
  not-met duty counts as met: the deviation is accepted and explained). A duty whose answer is not known
  earns nothing, so what an inventory leaves out can never raise the score: removing a fact moves an
  answer from met to not known, or from not met to not known, or a subject from out of scope to
  not known — each lowers the score or leaves it as it was.
- **coverage** = the share of the applicable duties whose answer is known (met or not met), weighted the
  same way, so the score never exceeds the coverage.
- **met of known** = the weighted share met among the duties with a known answer (score / coverage when
  weights are equal): how compliant the documented part is.

Weights follow the rule's severity (violation 3, warning 2, info 1: the level of the duty for kommuner).
Data-quality rules (area ``datakvalitet``) describe the inventory itself, not a duty of the kommune, and
observations (a rule with ``observation``: overlap, single point of failure, manual chains, flows to retired
things) point something out without stating a duty; both are left out of all three. Nothing applicable
gives ``None`` ("not assessed"), never 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Answer

WEIGHT = {"violation": 3, "warning": 2, "info": 1}
EXCLUDED_AREAS = frozenset({"datakvalitet"})


@dataclass(frozen=True)
class Assessment:
    applicable: int = 0
    met: int = 0
    not_met: int = 0  # not met and not waived
    waived: int = 0  # not met, waived
    not_known: int = 0
    score: float | None = None  # 0-100, None when nothing applies
    coverage: float | None = None  # 0-100
    met_of_known: float | None = None  # 0-100, None when nothing is known

    @property
    def assessed(self) -> bool:
        return self.applicable > 0

    def as_dict(self) -> dict:
        r = lambda v: None if v is None else round(v, 1)  # noqa: E731
        return {"applicable": self.applicable, "met": self.met, "not_met": self.not_met, "waived": self.waived,
                "not_known": self.not_known, "score": r(self.score), "coverage": r(self.coverage),
                "met_of_known": r(self.met_of_known)}


def counted(rule) -> bool:
    return rule is not None and (rule.area or "") not in EXCLUDED_AREAS and not getattr(rule, "observation", False)


def assess(answers: list[Answer], rules: dict) -> Assessment:
    """The assessment of the given answers (filter them by kommune or area first)."""
    n = {"met": 0, "not-met": 0, "waived": 0, "not-known": 0}
    w = {"all": 0.0, "met": 0.0, "known": 0.0}
    for a in answers:
        rule = rules.get(a.rule)
        if not counted(rule):
            continue
        weight = WEIGHT.get(rule.severity, 1)
        key = "waived" if a.answer == "not-met" and a.waived else a.answer
        n[key] += 1
        w["all"] += weight
        if key in ("met", "waived"):
            w["met"] += weight
        if key != "not-known":
            w["known"] += weight
    total = sum(n.values())
    if not total:
        return Assessment()
    return Assessment(
        applicable=total, met=n["met"], not_met=n["not-met"], waived=n["waived"], not_known=n["not-known"],
        score=100.0 * w["met"] / w["all"], coverage=100.0 * w["known"] / w["all"],
        met_of_known=100.0 * w["met"] / w["known"] if w["known"] else None)


def by_kommune(answers: list[Answer], rules: dict, kommuner) -> dict[str, Assessment]:
    grouped: dict[str, list[Answer]] = {k: [] for k in kommuner}
    for a in answers:  # one pass, not one per kommune
        if a.kommune in grouped:
            grouped[a.kommune].append(a)
    return {k: assess(v, rules) for k, v in grouped.items()}


def by_area(answers: list[Answer], rules: dict) -> dict[str, Assessment]:
    areas = sorted({rules[a.rule].area or "-" for a in answers if counted(rules.get(a.rule))})
    return {area: assess([a for a in answers if (rules[a.rule].area or "-") == area], rules) for area in areas}
