"""The one record every check, analysis and procurement evaluation produces, and every writer reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

SEVERITIES = ("violation", "warning", "info")
SEVERITY_RANK = {"violation": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
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


@dataclass
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

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def text(self, name: str, lang: str = "nb") -> str:
        texts = getattr(self, name)
        return texts.get(lang) or texts.get("en") or texts.get("nb") or ""

    def sort_key(self):
        return (-SEVERITY_RANK.get(self.severity, 0), self.kommune, self.rule, self.focus_label, self.focus,
                self.path or "", self.value or "")

    def as_dict(self, lang: str = "nb") -> dict:
        d = asdict(self)
        for name in ("title", "message", "remedy"):
            d[name] = self.text(name, lang)
        d["waived"] = self.waived
        if self.waiver is not None:
            d["waiver"] = {**asdict(self.waiver), "expires": self.waiver.expires.isoformat()}
        return d
