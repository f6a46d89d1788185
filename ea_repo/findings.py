"""The one record every check, analysis and procurement evaluation produces, and every writer reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

SEVERITIES = ("violation", "warning", "info")
SEVERITY_RANK = {"violation": 3, "warning": 2, "info": 1}
#: Every (rule, subject) pair a rule applies to ends with one of these. A Finding is written for the
#: last two; "met" is only counted (CheckResult.answers).
ANSWERS = ("met", "not-met", "not-known")


@dataclass(frozen=True, order=True, slots=True)
class Answer:
    """The outcome of one rule for one subject (a system, interface, integration or the inventory). Slotted, as
    Finding and Waiver are: a national check holds millions of answers, a fifth of the memory without a __dict__."""

    kommune: str
    rule: str
    focus: str
    answer: str  # met | not-met | not-known
    waived: bool = False  # a not-met answer accepted by an active waiver


@dataclass(frozen=True, slots=True)
class Waiver:
    """A comply-or-explain decision: a known finding accepted until a date."""

    rule: str
    kommune: str
    system: str  # a system id, or "*" for every system of the kommune
    justification: str
    approved_by: str
    expires: date
    location: str = ""  # where the waiver was read from (file and entry), for messages

    def active_on(self, day: date) -> bool:
        return day <= self.expires


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str  # violation | warning | info
    kommune: str
    focus: str  # IRI of the node the finding is about
    focus_label: str
    title: dict[str, str]  # {"nb": ..., "en": ...}
    message: dict[str, str]
    remedy: dict[str, str]
    path: str | None = None
    value: str | None = None
    legal_basis: str | None = None
    source_url: str | None = None
    level: str | None = None  # krav | anbefaling | god-praksis
    area: str | None = None
    requirement: str | None = None  # IRI of the catalogue requirement
    origin: str = "shacl"  # shacl | gap | waiver | procurement
    waiver: Waiver | None = None
    extra: dict = field(default_factory=dict)
    answer: str = "not-met"  # not-met: a stated fact breaks the duty; not-known: the deciding fact is missing
    evidence: tuple = ()  # ((name, (value, ...)), ...): the stated facts the answer rests on
    missing: tuple = ()  # (name, ...): the facts to record (not-known findings)

    @property
    def not_known(self) -> bool:
        return self.answer == "not-known"

    def evidence_text(self) -> str:
        """'ipv6 = false; externallyPublished = true' (values as written in inventory files)."""
        return "; ".join(f"{name} = {', '.join(values)}" for name, values in self.evidence)

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def text(self, name: str, lang: str = "nb") -> str:
        texts = getattr(self, name)
        return texts.get(lang) or texts.get("en") or texts.get("nb") or ""

    def sort_key(self):
        return (self.answer != "not-met", -SEVERITY_RANK.get(self.severity, 0), self.kommune, self.rule,
                self.focus_label, self.focus, self.path or "", self.value or "")

    def as_dict(self, lang: str = "nb") -> dict:
        """The finding as plain values, its texts in LANG: every field in order, then ``waived``. Written out
        field by field (dataclasses.asdict walks every value recursively: a third of a national check's JSON)."""
        return {
            "rule": self.rule, "severity": self.severity, "kommune": self.kommune, "focus": self.focus,
            "focus_label": self.focus_label, "title": self.text("title", lang), "message": self.text("message", lang),
            "remedy": self.text("remedy", lang), "path": self.path, "value": self.value, "legal_basis": self.legal_basis,
            "source_url": self.source_url, "level": self.level, "area": self.area, "requirement": self.requirement,
            "origin": self.origin,
            "waiver": None if self.waiver is None else {**asdict(self.waiver), "expires": self.waiver.expires.isoformat()},
            "extra": _plain(self.extra), "answer": self.answer,
            "evidence": {name: list(values) for name, values in self.evidence}, "missing": list(self.missing),
            "waived": self.waived,
        }


def _plain(value):
    """A copy of plain data (dicts, lists, tuples of strings and numbers), as dataclasses.asdict copies it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_plain(v) for v in value)
    return value
